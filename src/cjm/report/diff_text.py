"""`cjm diff` for a terminal: a summary, then each changed map, one change per line."""

from __future__ import annotations

from cjm.diff.changes import DiffOutcome, DiffReport, MapDiff, StageEmotion, Summary
from cjm.report.diff_words import (
    MARKS,
    average,
    count_sentence,
    described,
    emotion_step,
    emotion_trend,
    map_heading,
    review_sentence,
    sides_sentence,
    summary_sentence,
)
from cjm.report.styled import Block, Column, Span, Styled, StyleName, Table, line
from cjm.report.text import problem_spans

_MARK_STYLES: dict[str, StyleName] = {"added": "added", "removed": "removed",
                                      "moved": "moved", "renamed": "renamed",
                                      "modified": "modified"}
# The kinds of change a map's row counts, in the order of `count_sentence`.
_COUNT_COLUMNS = tuple(Column(header, numeric=True) for header in (
    "Added", "Removed", "Moved", "Renamed", "Fields\nchanged", "Pain points\nopened",
    "Pain points\nclosed", "Opportunities\ndone"))
_EMOTION_COLUMNS = (Column("Stage"), Column("Before", numeric=True),
                    Column("After", numeric=True), Column("Change", numeric=True),
                    Column("Because"))


def styled(outcome: DiffOutcome) -> Styled:
    report = outcome.report
    summary = report.summary()
    document = Styled()
    sides = sides_sentence(report.old_label, report.new_label)
    if sides:
        document.add(Span(sides, "heading"))
    document.add(Span(summary_sentence(summary), "heading"))
    counts = count_sentence(summary)
    changed = [diff for diff in report.maps if diff.status != "unchanged"]
    if counts and len(changed) > 1:
        document.blocks.append(_counts_table(changed, summary, counts))
    elif counts:
        document.add(counts)
    for diff in report.maps:
        if diff.status != "unchanged":
            document.add()
            document.add(Span(map_heading(diff), "heading"))
            document.extend(_map_blocks(diff))
    if outcome.problems:
        document.add()
        document.add(Span("Not compared (errors):", "heading"))
        document.extend(line(f"  {path}") for path in report.not_compared)
        document.extend(line("  ", *problem_spans(problem)) for problem in outcome.problems)
    return document


def _map_blocks(diff: MapDiff) -> list[Block]:
    blocks: list[Block] = []
    if any(row.changed for row in diff.emotion_by_stage):
        blocks.append(line("  Average emotion by stage (-2 … +2), before → after:"))
        blocks.append(_emotion_table(diff.emotion_by_stage))
    if diff.review is not None and diff.review.worth_a_line:
        mark = "✗" if diff.review.holds is False else "✓"
        blocks.append(line(f"  {mark} {review_sentence(diff.review)}"))
    for change, sentence, details in described(diff.changes, _quote, _as_is):
        blocks.append(line("  ", Span(MARKS[change], _MARK_STYLES[change]), f" {sentence}"))
        blocks.extend(line(f"      {detail}") for detail in details)
    return blocks


def _counts_table(changed: list[MapDiff], summary: Summary, counts: str) -> Table:
    """The changes of each map counted, and all of them: a table on a terminal (a
    column for each kind of change there is), the sentence of counts in a pipe."""

    def numbers(of: Summary) -> tuple[int, ...]:
        return (of.added, of.removed, of.moved, of.renamed, of.modified,
                of.pain_points_opened, of.pain_points_closed, of.opportunities_done)

    shown = [index for index, number in enumerate(numbers(summary)) if number]

    def row(label: Span, status: str, of: Summary) -> tuple[Span, ...]:
        counted = numbers(of)
        return (label, Span(status),
                *(Span(str(counted[index]) if counted[index] else "") for index in shown))

    rows = [row(Span(diff.path), diff.status, DiffReport([diff]).summary())
            for diff in changed]
    rows.append(row(Span(f"{len(changed)} maps", "heading"), "", summary))
    columns = (Column("Map"), Column("Status"), *(_COUNT_COLUMNS[index] for index in shown))
    return Table(columns, tuple(rows), (counts,))


def _emotion_table(rows: list[StageEmotion]) -> Table:
    """Each stage's average before and after: columns on a terminal, a line a stage in
    a pipe."""
    width = max(len(row.name) for row in rows)
    cells = []
    for row in rows:
        step = emotion_step(row)
        cells.append((
            Span(row.name), Span(average(row.before)), Span(average(row.after)),
            Span(step, "better" if step.startswith("▲") else "worse"),
            Span(", ".join(row.because) if row.changed else "", "muted")))
    plain = tuple(f"    {row.name.ljust(width)}  {emotion_trend(row)}" for row in rows)
    return Table(_EMOTION_COLUMNS, tuple(cells), plain, indent=4)


def _quote(text: str) -> str:
    return f'"{" ".join(text.split())}"'


def _as_is(text: str) -> str:
    return text
