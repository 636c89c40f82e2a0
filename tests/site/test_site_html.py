"""The site as HTML: safe whatever a map holds, every link resolves, the same bytes twice."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from page_check import (
    HTML_TAGS,
    OUTSIDE_SCHEMES,
    SVG_TAGS,
    read_page,
    resolve,
    text_of,
    text_of_id,
)
from site_maps import BIDI_CONTROLS, HOSTILE, RIGHT_TO_LEFT_ONLY, TODAY
from site_maps import shown as shown_as

from cjm.site import build
from cjm.site.html import escape, h, internal, safe_link
from cjm.site.pages import CONTENT_SECURITY_POLICY
from cjm.workspace import forget_contexts

Site = tuple[Path, dict[str, bytes]]


@pytest.mark.parametrize(("url", "expected"), [
    ("https://example.com/a?b=1&c=2", "https://example.com/a?b=1&c=2"),
    ("HTTP://example.com/x y", None),
    ('https://example.com/"><script>', "https://example.com/%22%3E%3Cscript%3E"),
    ("mailto:someone@example.com", "mailto:someone@example.com"),
    ("javascript:alert(1)", None),
    (" javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("//example.com/x", None),
    ("https:alert(1)", None),
    ("", None),
])
def test_only_http_and_mailto_links_are_kept(url: str, expected: str | None) -> None:
    assert safe_link(url) == expected


def test_the_builder_escapes_text_and_attributes_and_refuses_unsafe_names() -> None:
    assert h("p", {"title": '"><x>'}, "<b>&") == (
        '<p title="&quot;&gt;&lt;x&gt;">&lt;b&gt;&amp;</p>')
    assert escape("it's") == "it&#39;s"
    with pytest.raises(ValueError):
        h("p", {"onclick": "x"})
    with pytest.raises(ValueError):
        h("p onclick=x", None)
    with pytest.raises(TypeError):
        h("a", {"href": "javascript:alert(1)"})  # a link must be checked first
    with pytest.raises(ValueError):
        internal("javascript:alert(1)")


def _check_page(path: str, html: bytes, pages: dict[str, bytes]) -> None:
    page = read_page(html)
    tags = {tag for tag, _ in page.tags}
    unexpected = tags - HTML_TAGS - SVG_TAGS
    assert not unexpected, f"{path}: unexpected elements {unexpected}"
    policies = [a.get("content") for tag, a in page.tags
                if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert policies == [CONTENT_SECURITY_POLICY], path
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    scripts = [a for tag, a in page.tags if tag == "script"]
    assert len(scripts) == 1 and (scripts[0].get("src") or "").endswith("assets/site.js")
    assert page.script_text.strip() == "", f"{path}: inline script"
    assert "style" not in tags, f"{path}: a <style> element"
    for tag, attributes in page.tags:
        for name in attributes:
            assert not name.startswith("on"), f"{path}: <{tag} {name}>"
            assert name != "style", f"{path}: <{tag} style>"
    assert not page.duplicate_ids, f"{path}: duplicate ids {page.duplicate_ids}"
    for link in page.links:
        target = resolve(path, link)  # fails on a link with any other scheme
        if target is None:
            assert link.startswith(OUTSIDE_SCHEMES)
            continue
        file, fragment = target
        assert file in pages, f"{path}: {link} goes to a page that does not exist"
        if fragment and file.endswith(".html"):
            assert fragment in read_page(pages[file]).ids, f"{path}: {link} has no target"


def test_every_page_of_the_example_site_is_safe_and_its_links_resolve(example_site: Site) -> None:
    _, pages = example_site
    assert {"index.html", "backlog.html", "backlog-by-owner.html", "pain-points.html",
            "personas.html", "assets/site.css", "assets/site.js"} <= set(pages)
    assert {p for p in pages if p.startswith("maps/")} == {
        "maps/first-online-purchase.html", "maps/saas-trial-to-renewal.html",
        "maps/support-complaint.html", "maps/support-complaint-future.html"}
    for path, html in pages.items():
        if path.endswith(".html"):
            _check_page(path, html, pages)


def test_hostile_text_never_becomes_markup_on_any_page(hostile_site: Site) -> None:
    _, pages = hostile_site
    html_pages = [p for p in pages if p.endswith(".html")]
    assert len(html_pages) > 15
    for path in html_pages:
        _check_page(path, pages[path], pages)


@pytest.mark.parametrize("index", range(len(HOSTILE)))
def test_hostile_text_is_shown_literally(hostile_site: Site, index: int) -> None:
    _, pages = hostile_site
    text = HOSTILE[index]
    page = read_page(pages[f"maps/hostile-{index}.html"])
    shown = shown_as(text)
    assert text_of(page, "h1") == shown
    assert shown in text_of(page, "main")
    assert shown in text_of(read_page(pages["index.html"]), "table")
    assert shown in text_of(read_page(pages["backlog.html"]), "main")
    assert shown in text_of(read_page(pages["pain-points.html"]), "main")


def test_a_map_with_errors_is_listed_with_its_problems(hostile_site: Site) -> None:
    _, pages = hostile_site
    home = read_page(pages["index.html"])
    assert "broken.cjm.yaml" not in text_of(home, "table")  # shown by its title
    assert HOSTILE[1] in text_of(home, "table")
    broken = text_of(read_page(pages["maps/broken.html"]), "main")
    assert "owner_typo" in broken and "unknown-key" in broken
    assert "is not drawn" in broken


def test_the_same_workspace_gives_the_same_bytes(hostile_workspace: Path,
                                                  hostile_site: Site) -> None:
    forget_contexts()
    _, again, _ = build([str(hostile_workspace)], today=TODAY)
    assert again == hostile_site[1]


def test_map_pages_link_persona_twin_and_inline_every_view(example_site: Site) -> None:
    _, pages = example_site
    page = read_page(pages["maps/support-complaint.html"])
    links = set(page.links)
    assert "../personas/busy-parent.html" in links
    assert "../maps/support-complaint-future.html" in links
    assert {"view-grid", "view-flow", "view-blueprint"} <= page.ids
    svgs = [a for tag, a in page.tags if tag == "svg"]
    assert len(svgs) == 3
    assert all(a.get("role") == "img" and a.get("aria-labelledby") for a in svgs)
    persona = text_of(read_page(pages["personas/busy-parent.html"]), "main")
    assert "A complaint about a damaged delivery, today" in persona


def test_no_page_carries_a_bidirectional_control(hostile_site: Site) -> None:
    _, pages = hostile_site
    for path, data in pages.items():
        if path.endswith(".html"):
            text = data.decode("utf-8")
            assert not BIDI_CONTROLS.search(text), path
            assert not re.search(r"&#(x0*20(2[a-e]|6[6-9])|0*(823[4-8]|829[4-7]));", text,
                                 re.I), path


def test_right_to_left_text_is_isolated_from_the_words_around_it(hostile_site: Site) -> None:
    _, pages = hostile_site
    text = HOSTILE[RIGHT_TO_LEFT_ONLY]
    html = pages["pain-points.html"].decode("utf-8")
    # The map's title, then ': ', then the step's link: each piece isolated on its own.
    assert re.search(f"<bdi>{text}</bdi>: <a href=[^>]*><bdi>{text}</bdi></a>", html)
    title = read_page(pages[f"maps/hostile-{RIGHT_TO_LEFT_ONLY}.html"])
    assert [t for t, _ in title.tags].count("bdi") > 5
    assert f"<title>{text} · " in pages[f"maps/hostile-{RIGHT_TO_LEFT_ONLY}.html"].decode()


@pytest.mark.parametrize("index", range(len(HOSTILE)))
def test_the_fields_of_a_whole_stage_or_journey_are_shown_literally(hostile_site: Site,
                                                                     index: int) -> None:
    """Scenario, metric owner and direction, assumed claims, stage- and map-level pain
    points and opportunities, persona expectations and facts: each where it belongs, as
    text."""
    _, pages = hostile_site
    shown = shown_as(HOSTILE[index])
    page = read_page(pages[f"maps/hostile-{index}.html"])
    assert text_of_id(page, "scenario") == f"Scenario: {shown}"
    for identifier in ("pain-stage-pain", "opportunity-stage-chance", "pain-map-pain",
                       "opportunity-map-chance"):
        assert shown in text_of_id(page, identifier), identifier
    assert "journey-wide" in page.ids and "stage-stage" in page.ids
    # Stage-level pain points are assumed, and so is the first step's emotion and pain.
    assert text_of_id(page, "pain-stage-pain").endswith(f"{shown} assumed")
    assert text_of_id(page, "pain-pain").startswith(f"high {shown} assumed")
    assert "-1 (negative) assumed" in text_of_id(page, "step-one")
    # The map-level pain point links to its evidence by the evidence's title.
    assert f"(evidence: {shown})" in text_of_id(page, "pain-map-pain")
    assert "#evidence-source" in page.links
    # value 3, target 2, better: lower — not met, and the target says which way.
    metrics = text_of(page, "table")
    assert f"at most 2 {shown}" in metrics and "not met" in metrics
    persona_link = next(link for link in page.links if link.startswith("../personas/"))
    persona = read_page(pages[unquote(persona_link.removeprefix("../"))])
    facts = text_of_id(persona, "facts") + text_of(persona, "dl")
    assert shown_as(HOSTILE[index][:100]) in facts and "34" in facts and "Excel" in facts
    assert shown in text_of(persona, "main")
    assert "Expectations" in text_of(persona, "h2")
    backlog = text_of(read_page(pages["backlog.html"]), "main")
    assert f"{shown} (the whole stage)" in backlog and "the whole journey" in backlog
    pains = read_page(pages["pain-points.html"])
    assert f"maps/hostile-{index}.html#journey-wide" in pains.links
    assert f"maps/hostile-{index}.html#stage-stage" in pains.links


def test_a_persona_file_shows_its_expectations_and_facts(hostile_site: Site) -> None:
    _, pages = hostile_site
    page = read_page(pages["personas/shared.html"])
    main = text_of(page, "main")
    assert shown_as(HOSTILE[5]) in main and shown_as(HOSTILE[7]) in main
    assert shown_as(HOSTILE[6]) in text_of(page, "dt")


def test_the_pain_points_page_counts_the_assumed_ones(hostile_site: Site) -> None:
    _, pages = hostile_site
    maps = len(HOSTILE) + 1  # and the future-state map; the broken one is not read
    lead = text_of(read_page(pages["pain-points.html"]), "p")
    assert lead.startswith(f"{3 * maps} pain points across {maps} maps; every one is "
                           f"addressed by an opportunity. {2 * maps} are assumed: what the "
                           "team believes, not yet backed by research.")
