"""`cjm backlog` reporters: the opportunity backlog as text, Markdown, CSV or JSON.

The JSON is a stable contract (docs/site.md#the-json-contract). The CSV is meant for a
spreadsheet: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is
prefixed with `'`, so no map text runs as a formula.
"""

from __future__ import annotations

import csv
import io
import json
from itertools import groupby
from typing import Any

from cjm.backlog import Backlog, BacklogItem, Place
from cjm.report.diff_markdown import text as markdown_text

JSON_VERSION = 1
CSV_COLUMNS = ("map", "map_path", "stage", "step", "opportunity", "text", "status", "owner",
               "addresses", "link", "parent")
# What would end an autolink or a table cell, or start markup, inside `<…>`.
_LINK_ESCAPES = frozenset('<>|\\`"')
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _addresses(item: BacklogItem) -> str:
    return "; ".join(f"{pain.text} ({pain.severity}{', assumed' * pain.assumed})"
                     for pain in item.addresses)


def _where(place: Place) -> str:
    if place.step is not None:
        return f"at step {place.step}"
    if place.stage is not None:
        return f"for the whole stage {place.stage}"
    return "for the whole journey"


def render_text(backlog: Backlog) -> str:
    """For a terminal: one block per map, one line per opportunity."""
    lines = [_summary(backlog)]
    for ref, items in groupby(backlog.opportunities, key=lambda item: item.map):
        lines += ["", f"{ref.title} ({ref.path})"]
        for item in items:
            lines.append(f"  [{item.status}] {item.text} — {item.owner_shown}, "
                         f"{_where(item.place)}")
            if item.addresses:
                lines.append(f"      addresses: {_addresses(item)}")
            if item.link:
                lines.append(f"      {item.link}")
    return "\n".join(lines) + "\n"


def _summary(backlog: Backlog) -> str:
    count = len(backlog.opportunities)
    counts = ", ".join(f"{n} {status}" for status, n in backlog.by_status().items() if n)
    maps = f"{backlog.maps} map{'s' * (backlog.maps != 1)}"
    return (f"{count} opportunit{'y' if count == 1 else 'ies'} in {maps}"
            + (f": {counts}" if counts else ""))


def render_markdown(backlog: Backlog) -> str:
    """A table per map, for a planning document or a pull-request comment."""
    lines = ["## Opportunity backlog", "", markdown_text(_summary(backlog))]
    for ref, items in groupby(backlog.opportunities, key=lambda item: item.map):
        lines += ["", f"### {markdown_text(ref.title)}", "",
                  "| Opportunity | Status | Owner | Where | Addresses |", "|---|---|---|---|---|"]
        for item in items:
            shown = markdown_text(item.text)
            if item.link:
                shown = f"{shown} (<{_markdown_link(item.link)}>)"
            lines.append(f"| {shown} | {item.status} | {markdown_text(item.owner_shown)} | "
                         f"{markdown_text(item.place.words)} | {markdown_text(_addresses(item))} |")
    return "\n".join(lines) + "\n"


def _markdown_link(url: str) -> str:
    """A link (http, https or mailto: the format allows no other) for `<…>` in a table."""
    return "".join(f"%{ord(c):02X}" if c in _LINK_ESCAPES else c for c in url)


def neutralise(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    return f"'{cell}" if cell.startswith(_FORMULA_STARTS) else cell


def render_csv(backlog: Backlog) -> str:
    """One row per opportunity, with a header row (RFC 4180, CRLF line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in backlog.opportunities:
        writer.writerow([neutralise(cell) for cell in (
            item.map.title, item.map.path, item.place.stage or "", item.place.step or "",
            item.id, item.text, item.status.value, item.owner or "", _addresses(item),
            item.link or "", item.parent)])
    return out.getvalue()


def as_json(backlog: Backlog) -> dict[str, Any]:
    """The JSON contract as a Python value."""
    return {
        "version": JSON_VERSION,
        "maps": backlog.maps,
        "summary": {"opportunities": len(backlog.opportunities), "by_status": backlog.by_status()},
        "opportunities": [{
            "map": {"path": item.map.path, "id": item.map.id, "title": item.map.title},
            "parent": item.parent,
            "stage": None if item.place.stage_id is None
            else {"id": item.place.stage_id, "name": item.place.stage},
            "step": None if item.place.step_id is None
            else {"id": item.place.step_id, "name": item.place.step},
            "id": item.id,
            "text": item.text,
            "status": item.status.value,
            "owner": item.owner,
            "link": item.link,
            "addresses": [{"id": pain.id, "text": pain.text, "severity": pain.severity.value,
                           "assumed": pain.assumed} for pain in item.addresses],
        } for item in backlog.opportunities],
    }


def render_json(backlog: Backlog) -> str:
    return json.dumps(as_json(backlog), indent=2, ensure_ascii=False) + "\n"
