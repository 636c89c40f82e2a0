"""The pages of the site as pure functions: content in, {relative path: HTML bytes} out.

Every piece of map text goes through `cjm.site.html`, which escapes it for the place it
lands; links are http(s) or mailto only. Pages link to each other with relative paths,
so the site works from any folder of a web server and from `file://`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from itertools import groupby

from cjm.backlog import (
    NO_OWNER,
    STATUS_ORDER,
    Backlog,
    BacklogItem,
    PainItem,
    collect,
    pains_by_severity,
)
from cjm.diff.changes import DiffOutcome, MapDiff
from cjm.entities import ENTITY_KINDS, entities
from cjm.model import (
    EMOTION_WORDS,
    Evidence,
    JourneyMap,
    Metric,
    Opportunity,
    PainPoint,
    PersonaFields,
    Stage,
    Step,
    review_due,
)
from cjm.problems import Problem
from cjm.render.drawing import VIEWS as VIEW_REGISTRY
from cjm.render.drawing import describe
from cjm.report.diff_words import (
    count_sentence,
    described,
    emotion_trend,
    map_status,
    summary_sentence,
)
from cjm.site.assets import ASSETS
from cjm.site.drawings import VIEWS, DrawingKey
from cjm.site.html import Child, Link, Markup, escape, h, internal, join, safe_link
from cjm.site.sources import MapEntry, PersonaEntry, SiteContent, twin_of

SITE_NAME = "Journey maps"
STYLESHEET = "assets/site.css"
SCRIPT = "assets/site.js"
# No inline script or style, nothing from the network: only the site's own files.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'"
)


class _Page:
    """One page being built: where it sits (for relative links) and its parts."""

    def __init__(self, path: str, title: str, section: str) -> None:
        self.path = path
        self.title = title
        self.section = section
        self.root = "../" * path.count("/")

    def link(self, target: str) -> Link:
        return internal(self.root + target)


def build_site(content: SiteContent, drawings: dict[DrawingKey, bytes]) -> dict[str, bytes]:
    """Every page of the site, by its path relative to the site's folder."""
    backlog = collect((entry.path, entry.journey) for entry in content.maps
                      if entry.journey is not None)
    nav = _navigation(content)
    pages: dict[str, str] = {"index.html": _home(content, nav)}
    for entry in content.maps:
        pages[f"maps/{entry.slug}.html"] = _map_page(content, entry, drawings, nav)
    pages["personas.html"] = _personas_index(content, nav)
    for persona in content.personas:
        pages[f"personas/{persona.slug}.html"] = _persona_page(content, persona, nav)
    pages["backlog.html"] = _backlog_page(content, backlog, "map", nav)
    pages["backlog-by-owner.html"] = _backlog_page(content, backlog, "owner", nav)
    pages["pain-points.html"] = _pains_page(content, backlog, nav)
    if content.changes is not None:
        pages["changes.html"] = _changes_page(content, content.changes, nav)
    built = {path: text.encode("utf-8") for path, text in sorted(pages.items())}
    built.update(ASSETS)
    return built


# The frame every page shares -------------------------------------------------------------

Navigation = list[tuple[str, str, str]]  # (section, target, label)


def _navigation(content: SiteContent) -> Navigation:
    items = [("maps", "index.html", "Maps"), ("backlog", "backlog.html", "Backlog"),
             ("pains", "pain-points.html", "Pain points"),
             ("personas", "personas.html", "Personas")]
    if content.changes is not None:
        items.append(("changes", "changes.html", f"Changes since {content.since}"))
    return items


def _frame(page: _Page, nav: Navigation, *main: Child) -> str:
    links = [h("li", None, h("a", {"href": page.link(target),
                                   "aria-current": "page" if section == page.section else None},
                             label)) for section, target, label in nav]
    head = join([
        Markup('<meta charset="utf-8">'),
        h("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
        h("meta", {"http-equiv": "Content-Security-Policy", "content": CONTENT_SECURITY_POLICY}),
        h("meta", {"name": "referrer", "content": "no-referrer"}),
        h("meta", {"name": "generator", "content": "cjm"}),
        h("title", None, f"{page.title} · {SITE_NAME}" if page.title != SITE_NAME
          else SITE_NAME),
        h("link", {"rel": "stylesheet", "href": page.link(STYLESHEET)}),
        h("script", {"src": page.link(SCRIPT), "defer": True}),
    ])
    body = join([
        h("a", {"class": "skip", "href": internal("#main")}, "Skip to the content"),
        h("header", {"class": "site"},
          h("nav", {"aria-label": "Site"}, h("ul", None, links))),
        h("main", {"id": "main", "tabindex": "-1"}, *main),
        h("footer", {"class": "site"},
          h("p", None, "Made with cjm from journey maps kept as YAML in git.")),
    ])
    return ("<!DOCTYPE html>\n" + h("html", {"lang": "en"}, h("head", None, head),
                                     h("body", None, body)) + "\n")


def _table(caption: str, headers: list[tuple[str, str | None]], rows: Iterable[Child], *,
           table_id: str | None = None, sortable: bool = False,
           caption_hidden: bool = False, stacked: bool = False) -> Markup:
    """A table in a scrolling, focusable region (so a keyboard can scroll it too)."""
    head = h("tr", None, [h("th", {"scope": "col", "data-sort": kind if sortable else None},
                            label) for label, kind in headers])
    table = h("table", {"id": table_id, "data-sortable": sortable or None,
                        "class": "stack" if stacked else None},
              h("caption", {"class": "visually-hidden" if caption_hidden else None}, caption),
              h("thead", None, head), h("tbody", None, *rows))
    return h("div", {"class": "table", "role": "region", "aria-label": caption, "tabindex": "0"},
             table)


def _cell(label: str, attributes: dict[str, str | bool | int | None] | None,
          *children: Child) -> Markup:
    """A table cell that names its column, for the stacked layout on a phone."""
    return h("td", {**(attributes or {}), "data-label": label}, *children)


def _filters(target: str, label: str, choices: list[tuple[str, str, list[tuple[str, str]]]],
             noun: str) -> Markup:
    """Filter controls for the rows of `target`; hidden until the script shows them."""
    fields = [h("label", None, f"{title} ", h("select", {"name": name}, h("option", {"value": ""},
                                                                        "any"),
                                                 [h("option", {"value": value}, shown)
                                                  for value, shown in options]))
              for name, title, options in choices]
    return h("form", {"class": "filters", "data-filters": target, "data-noun": noun,
                      "aria-label": label, "hidden": True},
             fields, h("button", {"type": "reset"}, "Show all"),
             h("output", {"aria-live": "polite"}))


def _options(values: Iterable[str]) -> list[tuple[str, str]]:
    return [(value, value) for value in sorted(set(values), key=lambda v: (v.casefold(), v))]


def _badge(kind: str, word: str, label: str | None = None) -> Markup:
    return h("span", {"class": f"badge {kind}"}, label or word)


def _problem_list(problems: Iterable[Problem]) -> Markup:
    return h("ul", {"class": "problems"}, [h(
        "li", {"class": p.severity.value},
        _badge(p.severity.value, p.severity.value), " ",
        h("code", None, f"{p.path}:{p.line}:{p.column}"), " ", p.message, " ",
        h("span", {"class": "rule"}, f"[{p.rule}]")) for p in problems])


# Home --------------------------------------------------------------------------------------

def _status_tokens(entry: MapEntry, content: SiteContent) -> list[str]:
    tokens = []
    if entry.errors:
        tokens.append("errors")
    if entry.warnings:
        tokens.append("warnings")
    if _overdue(entry, content):
        tokens.append("overdue")
    return tokens or ["ok"]


def _next_due(entry: MapEntry) -> str | None:
    if entry.journey is None or entry.journey.reviewed is None:
        return None
    return review_due(entry.journey.reviewed, entry.review_every).isoformat()


def _overdue(entry: MapEntry, content: SiteContent) -> bool:
    if entry.journey is None:
        return False
    due = _next_due(entry)
    return due is None or due < content.today.isoformat()


def _persona_name(entry: MapEntry, content: SiteContent) -> str:
    if entry.persona_slug is not None:
        return content.persona_by_slug(entry.persona_slug).persona.name
    if entry.journey is not None and isinstance(entry.journey.persona, str):
        return entry.journey.persona
    return ""


def _home(content: SiteContent, nav: Navigation) -> str:
    page = _Page("index.html", SITE_NAME, "maps")
    maps = sorted(content.maps, key=lambda e: (e.title.casefold(), e.path))
    overdue = sum(1 for e in maps if _overdue(e, content))
    with_errors = sum(1 for e in maps if e.errors)
    with_warnings = sum(1 for e in maps if e.warnings)
    summary = (f"{len(maps)} map{'s' * (len(maps) != 1)}: {overdue} due for review, "
               f"{with_warnings} with warnings, {with_errors} with errors "
               f"(checked on {content.today.isoformat()}).")
    rows = []
    for entry in maps:
        journey = entry.journey
        owner = journey.owner if journey and journey.owner else ""
        persona = _persona_name(entry, content)
        state = journey.state.value if journey else ""
        due = _next_due(entry)
        late = _overdue(entry, content)
        persona_cell: Child = persona
        if entry.persona_slug is not None:
            persona_cell = h("a", {"href": page.link(f"personas/{entry.persona_slug}.html")},
                             persona)
        rows.append(h(
            "tr", {"data-row": True, "data-owner": owner or NO_OWNER,
                   "data-persona": persona or "(none)", "data-state": state or "(unreadable)",
                   "data-status": " ".join(_status_tokens(entry, content))},
            h("th", {"scope": "row"}, h("a", {"href": page.link(f"maps/{entry.slug}.html")},
                                        entry.title)),
            _cell("Persona", None, persona_cell),
            _cell("State", None, _badge(state, state) if state else "—"),
            _cell("Owner", None, owner or "—"),
            _cell("Last review", {"data-value": journey.reviewed.isoformat()
                                  if journey and journey.reviewed else "", "class": "date"},
                  journey.reviewed.isoformat() if journey and journey.reviewed else "never"),
            _cell("Next due", {"data-value": due or "", "class": "date"}, due or "—",
                  [" ", _badge("overdue", "overdue")] if late else None),
            _cell("Errors", {"data-value": str(entry.errors), "class": "number"},
                  _badge("error", str(entry.errors)) if entry.errors else "0"),
            _cell("Warnings", {"data-value": str(entry.warnings), "class": "number"},
                  _badge("warning", str(entry.warnings)) if entry.warnings else "0"),
        ))
    journeys = [e.journey for e in maps if e.journey is not None]
    filters = _filters("maps", "Filter the maps", [
        ("owner", "Owner", _options((j.owner or NO_OWNER) for j in journeys)),
        ("persona", "Persona", _options(_persona_name(e, content) or "(none)" for e in maps
                                        if e.journey is not None)),
        ("state", "State", [("current", "current"), ("future", "future")]),
        ("status", "Status", [("ok", "ok"), ("overdue", "due for review"),
                              ("warnings", "with warnings"), ("errors", "with errors")]),
    ], "maps")
    headers: list[tuple[str, str | None]] = [
        ("Map", "text"), ("Persona", "text"), ("State", "text"), ("Owner", "text"),
        ("Last review", "text"), ("Next due", "text"), ("Errors", "number"),
        ("Warnings", "number")]
    main = [h("h1", None, SITE_NAME), h("p", {"class": "lead"}, summary), filters,
            _table("Every map, with its review dates and the problems cjm validate finds",
                   headers, rows, table_id="maps", sortable=True, stacked=True)]
    if content.broken:
        main.append(h("section", {"aria-labelledby": "broken"},
                      h("h2", {"id": "broken"}, "Other files with problems"),
                      [[h("h3", None, h("code", None, result.path)),
                        _problem_list(result.problems)] for result in content.broken]))
    return _frame(page, nav, main)


# A map -------------------------------------------------------------------------------------

def _map_page(content: SiteContent, entry: MapEntry, drawings: dict[DrawingKey, bytes],
              nav: Navigation) -> str:
    page = _Page(f"maps/{entry.slug}.html", entry.title, "maps")
    journey = entry.journey
    facts: list[Child] = []
    if journey is not None:
        facts.append(_fact("State", _badge(journey.state.value, journey.state.value)))
        facts.append(_fact("Owner", journey.owner or "nobody yet"))
        persona = _persona_name(entry, content)
        if entry.persona_slug is not None:
            facts.append(_fact("Persona", h("a", {"href": page.link(
                f"personas/{entry.persona_slug}.html")}, persona)))
        else:
            facts.append(_fact("Persona", persona or "none"))
        facts.append(_fact("Last review", journey.reviewed.isoformat() if journey.reviewed
                           else "never"))
        due = _next_due(entry)
        facts.append(_fact("Next review due", [due or "now",
                                               [" ", _badge("overdue", "overdue")]
                                               if _overdue(entry, content) else None],
                           ))
        twin = twin_of(entry, content.maps)
        if twin is not None and twin.journey is not None:
            facts.append(_fact(f"{twin.journey.state.value.capitalize()}-state twin",
                               h("a", {"href": page.link(f"maps/{twin.slug}.html")},
                                 twin.title)))
    facts.append(_fact("File", h("code", None, entry.path)))
    if content.changes is not None:
        anchor = _change_anchor(content, entry.path)
        facts.append(_fact(f"Since {content.since}", h(
            "a", {"href": page.link("changes.html" + (f"#{anchor}" if anchor else ""))},
            "what changed" if anchor else "no changes")))
    main: list[Child] = [h("h1", None, entry.title), h("dl", {"class": "facts"}, facts)]
    if journey is not None and journey.scenario:
        main.append(h("p", {"class": "lead", "id": "scenario"},
                      h("strong", None, "Scenario: "), journey.scenario))
    if journey is not None and journey.description:
        main.append(h("p", {"class": "lead"}, journey.description))
    if entry.problems:
        word = "errors" if entry.errors else "warnings"
        main.append(h("section", {"aria-labelledby": "problems", "class": "problems"},
                      h("h2", {"id": "problems"}, f"Problems ({len(entry.problems)})"),
                      h("p", None, "This map has errors, so it is not drawn; fix them and "
                        "build the site again." if entry.errors else
                        f"cjm validate reports these {word}."),
                      _problem_list(entry.problems)))
    if journey is not None:
        text = _MapText(journey)
        main.append(_drawings_section(entry, journey, drawings))
        main.append(_journey_wide(journey, text))
        main.append(_stages_section(journey, text))
        if journey.evidence:
            main.append(_evidence_section(journey.evidence))
    return _frame(page, nav, main)


def _fact(term: str, value: Child) -> Markup:
    return h("div", None, h("dt", None, term), h("dd", None, value))


def _drawings_section(entry: MapEntry, journey: JourneyMap,
                      drawings: dict[DrawingKey, bytes]) -> Markup:
    views = [view for view in VIEWS if (entry.slug, view) in drawings]
    if not views:
        return h("section", {"aria-labelledby": "drawings"},
                 h("h2", {"id": "drawings"}, "Drawings"),
                 h("p", None, "This site was built without drawings (--no-drawings)."))
    tabs = h("div", {"role": "tablist", "aria-label": "View", "class": "tabs", "hidden": True},
             [h("button", {"type": "button", "role": "tab", "id": f"tab-{view}",
                           "aria-controls": f"view-{view}",
                           "aria-selected": "true" if index == 0 else "false",
                           "tabindex": None if index == 0 else "-1"}, view.capitalize())
              for index, view in enumerate(views)])
    panels = []
    for view in views:
        assert entry.info is not None
        panels.append(h(
            "div", {"role": "tabpanel", "id": f"view-{view}", "aria-labelledby": f"tab-{view}",
                    "class": "view"},
            h("h3", {"class": "view-title"}, f"{view.capitalize()} view"),
            h("figure", None,
              h("div", {"class": "drawing", "tabindex": "0"},
                Markup(drawings[(entry.slug, view)].decode("utf-8"))),
              h("figcaption", None, f"{view.capitalize()} view: {VIEW_REGISTRY[view].summary}. ",
                h("span", {"class": "visually-hidden"},
                  describe(journey, entry.info, view), " The same content follows as text.")))))
    return h("section", {"aria-labelledby": "drawings"},
             h("h2", {"id": "drawings"}, "Drawings"), tabs, panels)


class _MapText:
    """What the text of one map's parts needs to know of the whole map: its entities'
    keys (ids repeated under different parents: the keys tell them apart, in element
    ids and links) and its references resolved (`next`, a pain point's evidence)."""

    def __init__(self, journey: JourneyMap) -> None:
        self.found = entities(journey)
        self.key = self.found.key_of

    def pains(self, pains: list[PainPoint], title: str) -> list[Child]:
        if not pains:
            return []
        return [h("p", {"class": "list-title"}, title), h("ul", {"class": "pains"}, [h(
            "li", {"id": f"pain-{self.key(pain)}"},
            _badge(f"severity-{pain.severity.value}", pain.severity.value), " ", pain.text,
            [" ", _assumed_badge()] if pain.assumed else None,
            self._evidence_links(pain)) for pain in pains])]

    def _evidence_links(self, pain: PainPoint) -> Child:
        evidence = self.found.targets(pain, "evidence")
        if not evidence:
            return None
        links: list[Child] = []
        for index, item in enumerate(evidence):
            links += [", " if index else None, h(
                "a", {"href": internal(f"#evidence-{item.id}")}, item.title)]
        return [" ", h("span", {"class": "muted"}, "(evidence: ", links, ")")]

    def chances(self, chances: list[Opportunity], title: str) -> list[Child]:
        if not chances:
            return []
        return [h("p", {"class": "list-title"}, title), h("ul", {"class": "chances"}, [h(
            "li", {"id": f"opportunity-{self.key(chance)}"},
            _badge(f"status-{chance.status.value}", chance.status.value), " ", chance.text,
            " ", h("span", {"class": "muted"}, f"— {chance.owner or 'no owner'}"),
            _outside_link(chance.link, "ticket")) for chance in chances])]


def _journey_wide(journey: JourneyMap, text: _MapText) -> Markup | None:
    """The pain points and opportunities of the whole journey, not of one stage."""
    if not journey.pain_points and not journey.opportunities:
        return None
    return h("section", {"aria-labelledby": "journey-wide", "class": "wide"},
             h("h2", {"id": "journey-wide"}, "Across the whole journey"),
             text.pains(journey.pain_points, "Pain points all along the journey"),
             text.chances(journey.opportunities, "Opportunities for the whole journey"))


def _stages_section(journey: JourneyMap, text: _MapText) -> Markup:
    stages = []
    for stage in journey.stages:
        stages.append(h("section", {"class": "stage", "aria-labelledby": f"stage-{stage.id}"},
                        h("h3", {"id": f"stage-{stage.id}"}, stage.name),
                        _stage_body(stage, text)))
    return h("section", {"aria-labelledby": "stages"},
             h("h2", {"id": "stages"}, "Stages and steps"), stages)


def _stage_body(stage: Stage, text: _MapText) -> list[Child]:
    parts: list[Child] = []
    if stage.goal:
        parts.append(h("p", None, h("strong", None, "Customer goal: "), stage.goal))
    if stage.description:
        parts.append(h("p", None, stage.description))
    if stage.metrics:
        parts.append(_metrics_table(stage.metrics, stage.name))
    if stage.pain_points or stage.opportunities:
        parts.append(h("div", {"class": "wide"},
                       text.pains(stage.pain_points, "Pain points across the stage"),
                       text.chances(stage.opportunities, "Opportunities for the stage")))
    if not stage.steps:
        parts.append(h("p", None, "No steps yet."))
    for step in stage.steps:
        key = text.key(step)
        parts.append(h("article", {"class": "step", "id": f"step-{key}",
                                   "aria-labelledby": f"step-{key}-name"},
                       h("h4", {"id": f"step-{key}-name"}, step.name),
                       _step_body(step, text)))
    return parts


def _number(value: float | None, unit: str | None) -> str:
    return "—" if value is None else f"{value:g}" + (f" {unit}" if unit else "")


def _metrics_table(metrics: list[Metric], stage: str) -> Markup:
    met_words = {True: ("met", "met"), False: ("not-met", "not met")}
    rows = []
    for metric in metrics:
        target = _number(metric.target, metric.unit)
        if metric.target is not None:
            target = ("at most " if metric.better == "lower" else "at least ") + target
        met = metric.meets_target
        rows.append(h(
            "tr", None, h("th", {"scope": "row"}, metric.name),
            _cell("Value", {"class": "number"}, _number(metric.value, metric.unit)),
            _cell("Target", {"class": "number"}, target),
            _cell("Target met", None, "—" if met is None else _badge(*met_words[met])),
            _cell("Owner", None, metric.owner or "—"),
            _cell("Source", None, metric.source or "—")))
    return _table(f"Metrics of {stage}", [("Metric", None), ("Value", None), ("Target", None),
                                         ("Target met", None), ("Owner", None),
                                         ("Source", None)], rows, stacked=True)


def _listing(values: list[str]) -> Child:
    if len(values) == 1:
        return values[0]
    return h("ul", None, [h("li", None, value) for value in values])


def _step_body(step: Step, text: _MapText) -> list[Child]:
    facts: list[Child] = []
    simple: list[tuple[str, str | list[str] | None]] = [
        ("Channel", step.channel), ("Touchpoint", step.touchpoint), ("Actions", step.actions),
        ("Thoughts", step.thoughts)]
    for term, value in simple:
        if value:
            facts.append(_fact(term, _listing(value) if isinstance(value, list) else value))
    if step.emotion is not None:
        facts.append(_fact("Emotion", [
            f"{step.emotion:+d} ({EMOTION_WORDS[step.emotion]})" if step.emotion
            else "0 (neutral)",
            [" ", _assumed_badge()] if step.emotion_assumed else None]))
    simple = [("Feeling", step.feeling), ("Frontstage", step.frontstage),
              ("Backstage", step.backstage), ("Support", step.support), ("Team", step.team),
              ("Tags", ", ".join(step.tags) or None),
              ("Goes next to", ", ".join(target.name for target in text.found.targets(
                  step, "next")) or None)]
    for term, value in simple:
        if value:
            facts.append(_fact(term, _listing(value) if isinstance(value, list) else value))
    return [h("dl", {"class": "step-facts"}, facts),
            text.pains(step.pain_points, "Pain points"),
            text.chances(step.opportunities, "Opportunities")]


def _outside_link(url: str | None, label: str) -> Child:
    link = safe_link(url)
    if link is None:
        return None
    return [" ", h("a", {"href": link, "rel": "noopener noreferrer"}, label)]


def _evidence_section(evidence: list[Evidence]) -> Markup:
    items = []
    for item in evidence:
        link = safe_link(item.url)
        title: Child = h("a", {"href": link, "rel": "noopener noreferrer"}, item.title) \
            if link else item.title
        detail = ", ".join(filter(None, [item.kind.value,
                                         item.date.isoformat() if item.date else None]))
        items.append(h("li", {"id": f"evidence-{item.id}"}, title, " ",
                       h("span", {"class": "muted"}, f"({detail})"),
                       [" — ", item.description] if item.description else None))
    return h("section", {"aria-labelledby": "evidence"},
             h("h2", {"id": "evidence"}, "Evidence"), h("ul", None, items))


# Personas ----------------------------------------------------------------------------------

def _maps_of(content: SiteContent, persona: PersonaEntry) -> list[MapEntry]:
    return sorted((e for e in content.maps if e.persona_slug == persona.slug),
                  key=lambda e: (e.title.casefold(), e.path))


def _personas_index(content: SiteContent, nav: Navigation) -> str:
    page = _Page("personas.html", "Personas", "personas")
    personas = sorted(content.personas, key=lambda p: (p.persona.name.casefold(), p.slug))
    items = [h("li", None, h("a", {"href": page.link(f"personas/{p.slug}.html")},
                             p.persona.name),
               " ", h("span", {"class": "muted"},
                      f"({len(_maps_of(content, p))} map"
                      f"{'s' * (len(_maps_of(content, p)) != 1)}"
                      + (", written inside a map" if p.inline else "") + ")"))
             for p in personas]
    return _frame(page, nav, h("h1", None, "Personas"),
                  h("ul", {"class": "cards"}, items) if items
                  else h("p", None, "No personas yet."))


def _persona_page(content: SiteContent, entry: PersonaEntry, nav: Navigation) -> str:
    page = _Page(f"personas/{entry.slug}.html", entry.persona.name, "personas")
    persona: PersonaFields = entry.persona
    main: list[Child] = [h("h1", None, persona.name)]
    if persona.segment:
        main.append(h("p", {"class": "muted"}, f"Segment: {persona.segment}"))
    if persona.description:
        main.append(h("p", {"class": "lead"}, persona.description))
    if persona.quote:
        main.append(h("blockquote", None, h("p", None, persona.quote)))
    if persona.facts:
        main.append(h("section", {"aria-labelledby": "facts"}, h("h2", {"id": "facts"}, "Facts"),
                      h("dl", {"class": "step-facts persona-facts"}, [
                          _fact(label, _fact_value(value))
                          for label, value in persona.facts.items()])))
    for title, values in (("Goals", persona.goals), ("Needs", persona.needs),
                          ("Expectations", persona.expectations),
                          ("Frustrations", persona.frustrations)):
        if values:
            main.append(h("section", {"aria-labelledby": title.lower()},
                          h("h2", {"id": title.lower()}, title),
                          h("ul", None, [h("li", None, value) for value in values])))
    maps = _maps_of(content, entry)
    main.append(h("section", {"aria-labelledby": "maps"}, h("h2", {"id": "maps"}, "Maps"),
                  h("ul", None, [h("li", None, h("a", {"href": page.link(
                      f"maps/{e.slug}.html")}, e.title), " ",
                      _badge(e.journey.state.value, e.journey.state.value)
                      if e.journey else None) for e in maps])
                  if maps else h("p", None, "No map uses this persona yet.")))
    return _frame(page, nav, main)


def _fact_value(value: str | float | list[str]) -> Child:
    if isinstance(value, list):
        return _listing(value) if value else "—"
    if isinstance(value, str):
        return value
    return f"{value:g}" if isinstance(value, float) else str(value)


# Backlog and pain points -------------------------------------------------------------------

def _slug_of(content: SiteContent, path: str) -> str:
    return next(e.slug for e in content.maps if e.path == path)


def _backlog_page(content: SiteContent, backlog: Backlog, group: str, nav: Navigation) -> str:
    path = "backlog.html" if group == "map" else "backlog-by-owner.html"
    page = _Page(path, "Opportunity backlog", "backlog")
    counts = ", ".join(f"{n} {status}" for status, n in backlog.by_status().items() if n)
    total = len(backlog.opportunities)
    switch = h("p", {"class": "switch"}, "Group by: ", join([
        h("a", {"href": page.link("backlog.html"),
                "aria-current": "page" if group == "map" else None}, "map"), " · ",
        h("a", {"href": page.link("backlog-by-owner.html"),
                "aria-current": "page" if group == "owner" else None}, "owner")]))
    filters = _filters("backlog", "Filter the opportunities", [
        ("status", "Status", [(s.value, s.value) for s in STATUS_ORDER]),
        ("owner", "Owner", _options(item.owner_shown for item in backlog.opportunities)),
    ], "opportunities")
    key: Callable[[BacklogItem], str]
    if group == "map":
        ordered = list(backlog.opportunities)
        key = lambda item: item.map.path  # noqa: E731
    else:
        ordered = sorted(backlog.opportunities,
                         key=lambda item: (item.owner is None, item.owner_shown.casefold()))
        key = lambda item: item.owner_shown  # noqa: E731
    groups = []
    for index, (name, items) in enumerate(groupby(ordered, key=key), start=1):
        listed = list(items)
        group_title = listed[0].map.title if group == "map" else name
        heading: Child = name
        if group == "map":
            heading = h("a", {"href": page.link(f"maps/{_slug_of(content, name)}.html")},
                        listed[0].map.title)
        headers: list[tuple[str, str | None]] = [
            ("Opportunity", None), ("Status", None), ("Where", None),
            ("Owner" if group == "map" else "Link", None), ("Addresses", None)]
        rows = [_backlog_row(page, content, item, group) for item in listed]
        groups.append(h("section", {"data-group": True, "aria-labelledby": f"group-{index}"},
                        h("h2", {"id": f"group-{index}"}, heading, " ",
                          h("span", {"class": "count"}, f"({len(listed)})")),
                        _table(f"Opportunities of {group_title}", headers, rows,
                               caption_hidden=True, stacked=True)))
    summary = (f"{total} opportunit{'y' if total == 1 else 'ies'} across "
               f"{backlog.maps} map{'s' * (backlog.maps != 1)}" + (f": {counts}." if counts
                                                                    else "."))
    return _frame(page, nav, h("h1", None, "Opportunity backlog"),
                  h("p", {"class": "lead"}, summary), switch, filters,
                  h("div", {"id": "backlog"}, groups or h("p", None, "No opportunities yet.")))


def _backlog_row(page: _Page, content: SiteContent, item: BacklogItem, group: str) -> Markup:
    where = _place_link(page, content, item)
    addresses = h("ul", {"class": "plain"}, [h(
        "li", None, _badge(f"severity-{pain.severity.value}", pain.severity.value), " ",
        pain.text, [" ", _assumed_badge()] if pain.assumed else None)
        for pain in item.addresses]) if item.addresses else "—"
    link = safe_link(item.link)
    text: list[Child] = [item.text]
    if link and group == "map":
        text += [" ", h("a", {"href": link, "rel": "noopener noreferrer"}, "ticket")]
    cells = [h("th", {"scope": "row"}, text),
             _cell("Status", None, _badge(f"status-{item.status.value}", item.status.value))]
    if group == "map":
        cells += [_cell("Where", None, where), _cell("Owner", None, item.owner or "—")]
    else:
        cells += [_cell("Where", None, item.map.title, ": ", where),
                  _cell("Link", None, h("a", {"href": link, "rel": "noopener noreferrer"},
                                        "ticket") if link else "—")]
    cells.append(_cell("Addresses", None, addresses))
    return h("tr", {"data-row": True, "data-status": item.status.value,
                    "data-owner": item.owner_shown}, cells)


def _place_link(page: _Page, content: SiteContent, item: BacklogItem | PainItem) -> Markup:
    """A link to where on its map's page an opportunity or a pain point is shown."""
    slug = _slug_of(content, item.map.path)
    return h("a", {"href": page.link(f"maps/{slug}.html#{item.place.anchor}")},
             item.place.words)


def _assumed_badge() -> Markup:
    return h("span", {"class": "badge assumed", "title": "not yet backed by research"},
             "assumed")


def _pains_page(content: SiteContent, backlog: Backlog, nav: Navigation) -> str:
    page = _Page("pain-points.html", "Pain points", "pains")
    open_count = sum(1 for pain in backlog.pain_points if not pain.addressed)
    total = len(backlog.pain_points)
    sections = []
    for severity, pains in pains_by_severity(backlog):
        if not pains:
            continue
        rows = [_pain_row(page, content, pain) for pain in pains]
        sections.append(h("section", {"aria-labelledby": f"severity-{severity.value}",
                                      "data-group": True},
                          h("h2", {"id": f"severity-{severity.value}"},
                            f"{severity.value.capitalize()} severity ",
                            h("span", {"class": "count"}, f"({len(pains)})")),
                          _table(f"Pain points of {severity.value} severity",
                                 [("Pain point", None), ("Where", None),
                                  ("Addressed by", None)], rows, caption_hidden=True,
                                 stacked=True)))
    filters = _filters("pains", "Filter the pain points", [
        ("addressed", "Addressed", [("yes", "yes"), ("no", "no")]),
        ("assumed", "Assumed", [("yes", "yes"), ("no", "no")])], "pain points")
    assumed = sum(1 for pain in backlog.pain_points if pain.assumed)
    lead = f"{total} pain point{'s' * (total != 1)} across " \
        f"{backlog.maps} map{'s' * (backlog.maps != 1)}"
    if not total:
        lead += "."
    elif open_count:
        lead += (f"; {open_count} with nothing that addresses {'it' if total == 1 else 'them'}"
                 " (an opportunity that is dropped does not count).")
    else:
        lead += f"; {'it is' if total == 1 else 'every one is'} addressed by an opportunity."
    if assumed:
        lead += (f" {assumed} {'is' if assumed == 1 else 'are'} assumed: what the team "
                 "believes, not yet backed by research.")
    return _frame(page, nav, h("h1", None, "Pain points"), h("p", {"class": "lead"}, lead),
                  filters, h("div", {"id": "pains"},
                             sections or h("p", None, "No pain points yet.")))


def _pain_row(page: _Page, content: SiteContent, pain: PainItem) -> Markup:
    addressed = h("ul", {"class": "plain"}, [h(
        "li", None, _badge(f"status-{status.value}", status.value), " ", text)
        for _, text, status in pain.addressed_by]) if pain.addressed_by else None
    return h("tr", {"data-row": True, "data-addressed": "yes" if pain.addressed else "no",
                    "data-assumed": "yes" if pain.assumed else "no"},
             h("th", {"scope": "row"}, pain.text,
               [" ", _assumed_badge()] if pain.assumed else None),
             _cell("Where", None, pain.map.title, ": ", _place_link(page, content, pain)),
             _cell("Addressed by", None, addressed if pain.addressed else [
                 _badge("open", "nothing addresses it"), addressed]))


# What changed ------------------------------------------------------------------------------

def _change_anchor(content: SiteContent, path: str) -> str | None:
    assert content.changes is not None
    for index, diff in enumerate(_changed_maps(content.changes), start=1):
        if _same_file(diff.path, path):
            return f"change-{index}"
    return None


def _same_file(shown: str, path: str) -> bool:
    return os.path.normpath(shown) == os.path.normpath(path)


def _changed_maps(outcome: DiffOutcome) -> list[MapDiff]:
    return [diff for diff in outcome.report.maps if diff.status != "unchanged"]


class _Pieces:
    """Quote and code functions for the diff's sentences that leave a placeholder for each
    piece of map text, so the sentence can be escaped whole and the pieces put back as
    escaped <q> and <code> elements."""

    def __init__(self) -> None:
        self.pieces: list[Markup] = []

    def _keep(self, piece: Markup) -> str:
        self.pieces.append(piece)
        return f"\ue000{len(self.pieces) - 1}\ue001"

    def quote(self, value: str) -> str:
        return self._keep(h("q", None, value))

    def code(self, value: str) -> str:
        return self._keep(h("code", None, value))

    def html(self, sentence: str) -> Markup:
        out = str(escape(sentence))
        for index, piece in enumerate(self.pieces):
            out = out.replace(f"\ue000{index}\ue001", piece)
        return Markup(out)


def _changes_page(content: SiteContent, outcome: DiffOutcome, nav: Navigation) -> str:
    page = _Page("changes.html", f"Changes since {content.since}", "changes")
    summary = outcome.report.summary()
    main: list[Child] = [h("h1", None, f"What changed since {content.since}"),
                         h("p", {"class": "lead"}, h("strong", None, summary_sentence(summary)))]
    counts = count_sentence(summary)
    if counts:
        main.append(h("p", None, counts))
    for index, diff in enumerate(_changed_maps(outcome), start=1):
        main.append(_map_changes(page, content, diff, f"change-{index}"))
    if outcome.problems:
        main.append(h("section", {"aria-labelledby": "not-compared"},
                      h("h2", {"id": "not-compared"}, "Files that could not be compared"),
                      _problem_list(outcome.problems)))
    return _frame(page, nav, main)


def _map_changes(page: _Page, content: SiteContent, diff: MapDiff, anchor: str) -> Markup:
    kind = "Persona " if diff.kind == "persona" else ""
    slug = next((e.slug for e in content.maps if _same_file(diff.path, e.path)), None)
    title: Child = f"{kind}{diff.title}"
    if slug is not None:
        title = h("a", {"href": page.link(f"maps/{slug}.html")}, title)
    parts: list[Child] = [h("h2", {"id": anchor}, title),
                          h("p", None, h("code", None, diff.path), ": ", map_status(diff))]
    if any(row.changed for row in diff.emotion_by_stage):
        rows = [h("tr", None, h("th", {"scope": "row"}, row.name),
                  h("td", None, emotion_trend(row))) for row in diff.emotion_by_stage]
        parts.append(_table(f"Average emotion by stage of {diff.title}",
                            [("Stage", None), ("Average emotion (-2 … +2), before → after",
                                               None)], rows))
    for entity, changes in groupby(diff.changes, key=lambda change: change.entity):
        pieces = _Pieces()
        items = []
        for _, sentence, details in described(list(changes), pieces.quote, pieces.code):
            items.append(h("li", None, pieces.html(sentence),
                           h("ul", None, [h("li", None, pieces.html(d)) for d in details])
                           if details else None))
        entry = ENTITY_KINDS[entity]
        parts += [h("h3", None, entry.plural_title if entry.parents else entry.title),
                  h("ul", None, items)]
    return h("section", {"aria-labelledby": anchor, "class": "changes"}, parts)

