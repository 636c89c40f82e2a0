"""The site in a real browser (the system's Chromium, driven by Playwright).

Every page of a site built from examples/ and from hostile maps opens from file:// with
no console error, no failed request and no request to the network; the filters, the
sorting and the view switch work with mouse and keyboard; axe-core finds no serious
accessibility violation on any kind of page; screenshots at desktop and phone widths.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from playwright import sync_api as playwright_api
from site_maps import HOSTILE, RIGHT_TO_LEFT_ONLY, WITH_BIDI_CONTROLS, shown

from external import require_node_module, require_program

Site = tuple[Path, dict[str, bytes]]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 375, "height": 667}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = require_program("chromium")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium)
        yield launched
        launched.close()


class Watched:
    """A page with everything that went wrong on it recorded."""

    def __init__(self, browser: Any, viewport: dict[str, int] = DESKTOP,
                 bypass_csp: bool = False) -> None:
        self.context = browser.new_context(viewport=viewport, bypass_csp=bypass_csp)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))
        self.page.on("request", lambda r: None if r.url.startswith("file://")
                     else self.errors.append(f"network request: {r.url}"))
        self.page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"),
                                          d.dismiss()))

    def open(self, folder: Path, path: str) -> Any:
        self.page.goto((folder / path).as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def close(self) -> None:
        self.context.close()

    def __enter__(self) -> Watched:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _html_pages(pages: dict[str, bytes]) -> list[str]:
    return sorted(path for path in pages if path.endswith(".html"))


@pytest.mark.parametrize("which", ["example_site", "hostile_site", "changes_site"])
def test_every_page_opens_cleanly_and_its_links_resolve(
        browser: Any, which: str, request: pytest.FixtureRequest) -> None:
    folder, pages = request.getfixturevalue(which)
    with Watched(browser) as watched:
        for path in _html_pages(pages):
            page = watched.open(folder, path)
            # Only the site's own script ran, and no map text became an element with a handler.
            assert page.evaluate("document.scripts.length") == 1, path
            assert page.evaluate("""() => [...document.querySelectorAll('*')].filter(
                e => [...e.attributes].some(a => a.name.startsWith('on'))).length""") == 0
            for href in page.evaluate(
                    "[...document.querySelectorAll('a[href]')].map(a => a.href)"):
                if href.startswith("file://"):
                    target = Path(unquote(urlsplit(href).path))
                    assert target.is_file(), f"{path}: {href} does not resolve"
                else:
                    assert href.startswith(("http://", "https://", "mailto:")), href
        assert watched.errors == []


def test_the_home_filters_and_sorting_work(browser: Any, example_site: Site) -> None:
    folder, _ = example_site
    with Watched(browser) as watched:
        page = watched.open(folder, "index.html")
        rows = page.locator("#maps tbody tr")
        assert rows.count() == 4
        assert page.locator("form.filters").is_visible()
        page.select_option("select[name=owner]", "customer-care")
        assert page.locator("#maps tbody tr:visible").count() == 2
        assert page.locator("form.filters output").inner_text() == (
            "Showing 2 of 4 maps (owner: customer-care)")
        page.select_option("select[name=state]", "future")
        assert page.locator("#maps tbody tr:visible").count() == 1
        assert page.locator("form.filters output").inner_text() == (
            "Showing 1 of 4 maps (owner: customer-care, state: future)")
        page.click("button[type=reset]")
        page.wait_for_function("document.querySelectorAll('#maps tbody tr[hidden]').length === 0")
        page.select_option("select[name=persona]", "Busy parent")
        assert page.locator("#maps tbody tr:visible").count() == 2
        page.click("button[type=reset]")
        # Sorting by the keyboard: Tab to the Owner column's button and press Enter.
        owner = page.locator("th button.sort", has_text="Owner")
        owner.focus()
        page.keyboard.press("Enter")
        assert page.locator("th[aria-sort=ascending]").inner_text().startswith("Owner")
        owners = page.locator("#maps tbody td[data-label=Owner]").all_inner_texts()
        assert owners == sorted(owners)
        page.keyboard.press("Enter")
        owners = page.locator("#maps tbody td[data-label=Owner]").all_inner_texts()
        assert owners == sorted(owners, reverse=True)
        assert watched.errors == []


def test_the_backlog_filters_by_status_and_owner(browser: Any, example_site: Site) -> None:
    folder, _ = example_site
    with Watched(browser) as watched:
        for path in ("backlog.html", "backlog-by-owner.html"):
            page = watched.open(folder, path)
            total = page.locator("#backlog tr[data-row]").count()
            page.select_option("select[name=status]", "done")
            visible = page.locator("#backlog tr[data-row]:visible")
            assert 0 < visible.count() < total
            assert set(visible.evaluate_all("rows => rows.map(r => r.dataset.status)")) == {
                "done"}
            page.select_option("select[name=owner]", "web-team")
            assert page.locator("#backlog tr[data-row]:visible").count() == 0
            page.select_option("select[name=status]", "")
            shown = page.locator("#backlog tr[data-row]:visible")
            assert set(shown.evaluate_all("rows => rows.map(r => r.dataset.owner)")) == {
                "web-team"}
            # A group with nothing left in it is hidden with its heading.
            assert page.locator("#backlog section[data-group]:visible").count() < \
                page.locator("#backlog section[data-group]").count()
        assert watched.errors == []


def test_the_view_switch_shows_each_drawing(browser: Any, example_site: Site) -> None:
    folder, _ = example_site
    with Watched(browser) as watched:
        page = watched.open(folder, "maps/first-online-purchase.html")
        for view in ("grid", "flow", "blueprint"):
            page.click(f"#tab-{view}")
            assert page.locator(f"#view-{view} svg").is_visible()
            others = [v for v in ("grid", "flow", "blueprint") if v != view]
            assert all(not page.locator(f"#view-{v}").is_visible() for v in others)
            assert page.get_attribute(f"#tab-{view}", "aria-selected") == "true"
        page.focus("#tab-blueprint")
        page.keyboard.press("ArrowRight")  # wraps around to the first view
        assert page.locator("#view-grid svg").is_visible()
        assert page.evaluate("document.activeElement.id") == "tab-grid"
        assert watched.errors == []


def test_without_javascript_every_drawing_is_shown(browser: Any, example_site: Site) -> None:
    folder, _ = example_site
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((folder / "maps/first-online-purchase.html").as_uri())
        assert page.locator("svg").count() == 3
        assert all(page.locator(f"#view-{v} svg").is_visible()
                   for v in ("grid", "flow", "blueprint"))
        assert not page.locator("[role=tablist]").is_visible()
        page.goto((folder / "index.html").as_uri())
        assert not page.locator("form.filters").is_visible()
        assert page.locator("#maps tbody tr:visible").count() == 4
    finally:
        context.close()


KINDS = {"home": ("example_site", "index.html"),
         "map": ("example_site", "maps/first-online-purchase.html"),
         "map with errors": ("hostile_site", "maps/broken.html"),
         # Every field filled in: stage- and map-level lists, assumed claims, metric owners.
         "map of every field": ("hostile_site", "maps/hostile-0.html"),
         "persona": ("hostile_site", "personas/shared.html"),
         "personas": ("example_site", "personas.html"),
         "backlog": ("example_site", "backlog.html"),
         "backlog by owner": ("example_site", "backlog-by-owner.html"),
         "pain points": ("example_site", "pain-points.html"),
         "changes": ("changes_site", "changes.html")}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_axe_finds_no_serious_accessibility_violation(
        browser: Any, kind: str, scheme: str, request: pytest.FixtureRequest) -> None:
    """In the light and the dark colour scheme (contrast is checked in each), at desktop
    and phone widths."""
    axe = require_node_module("axe-core") / "axe.min.js"
    which, path = KINDS[kind]
    folder, _ = request.getfixturevalue(which)
    # axe is injected as an inline script, which the site's own policy forbids.
    with Watched(browser, bypass_csp=True) as watched:
        watched.page.emulate_media(color_scheme=scheme)
        for viewport in (DESKTOP, PHONE):
            page = watched.open(folder, path)
            page.set_viewport_size(viewport)
            assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (
                scheme == "dark")
            page.add_script_tag(path=str(axe))
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            serious = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
                       for v in result["violations"] if v["impact"] in ("serious", "critical")]
            assert serious == [], f"{kind} ({scheme}) at {viewport['width']}px: {serious}"


def test_screenshots_at_desktop_and_phone_width(browser: Any, example_site: Site,
                                                 tmp_path: Path) -> None:
    folder, _ = example_site
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        with Watched(browser, viewport) as watched:
            for page_name in ("index.html", "maps/first-online-purchase.html", "backlog.html"):
                page = watched.open(folder, page_name)
                # Nothing is wider than the screen but drawings and tables, which scroll.
                overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
                assert overflow <= 0, f"{page_name} at {name} width scrolls sideways"
                shot = tmp_path / f"{page_name.replace('/', '-')}-{name}.png"
                page.screenshot(path=str(shot), full_page=True)
                assert shot.stat().st_size > 10_000
            assert watched.errors == []


def test_no_page_of_the_hostile_site_is_wider_than_a_phone(browser: Any,
                                                          hostile_site: Site) -> None:
    """Long words, URLs and right-to-left text wrap; only drawings and tables scroll, in
    their own boxes."""
    folder, pages = hostile_site
    with Watched(browser, SMALL_PHONE) as watched:
        wide = []
        for path in _html_pages(pages):
            page = watched.open(folder, path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > SMALL_PHONE["width"]:
                wide.append((path, width))
        assert wide == []
        assert watched.errors == []


def test_bidirectional_text_cannot_reorder_the_page(browser: Any, hostile_site: Site) -> None:
    folder, _ = hostile_site
    with Watched(browser) as watched:
        page = watched.open(folder, f"maps/hostile-{WITH_BIDI_CONTROLS}.html")
        text = page.evaluate("document.documentElement.textContent")
        assert not any(c in text for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067"
                       "\u2068\u2069")
        assert page.inner_text("h1") == shown(HOSTILE[WITH_BIDI_CONTROLS])
        # The page's own words keep their place: the map's title, then ': ', then the step,
        # left to right, though both are Hebrew.
        page = watched.open(folder, "pain-points.html")
        cell = page.locator("td[data-label='Where']", has_text=HOSTILE[
            RIGHT_TO_LEFT_ONLY]).first
        title = cell.locator(":scope > bdi").bounding_box()
        step = cell.locator("a").bounding_box()
        assert title is not None and step is not None
        assert step["x"] >= title["x"] + title["width"] - 1
        assert watched.errors == []


def _style(page: Any, selector: str, prop: str) -> str:
    value: str = page.eval_on_selector(
        selector, f"e => getComputedStyle(e).getPropertyValue({prop!r})")
    return value


def test_dark_scheme_and_print_styles(browser: Any, example_site: Site) -> None:
    folder, _ = example_site
    with Watched(browser) as watched:
        page = watched.open(folder, "maps/first-online-purchase.html")
        page.emulate_media(color_scheme="light")
        assert _style(page, "body", "background-color") == "rgb(255, 255, 255)"
        page.emulate_media(color_scheme="dark")
        assert _style(page, "body", "background-color") == "rgb(21, 25, 31)"
        assert _style(page, "body", "color") == "rgb(230, 233, 238)"
        # Drawings keep their white paper, so their colours read the same in both schemes.
        assert _style(page, ".drawing", "background-color") == "rgb(255, 255, 255)"
        page.emulate_media(media="print", color_scheme="dark")
        assert _style(page, "body", "background-color") == "rgb(255, 255, 255)"
        assert _style(page, "body", "color") == "rgb(0, 0, 0)"
        assert not page.locator("header.site").is_visible()
        assert not page.locator("[role=tablist]").is_visible()
        # Every view is printed, not only the one the switch shows.
        assert all(page.locator(f"#view-{v} svg").is_visible()
                   for v in ("grid", "flow", "blueprint"))
        pdf = page.pdf()
        assert pdf.startswith(b"%PDF")
        page.emulate_media(media="screen", color_scheme="dark")
        assert page.locator("header.site").is_visible()
        assert sum(page.locator(f"#view-{v}").is_visible()
                   for v in ("grid", "flow", "blueprint")) == 1
        assert watched.errors == []


def test_the_content_security_policy_is_in_force(browser: Any, hostile_site: Site) -> None:
    """Chromium itself refuses an inline script, an inline style and a request elsewhere:
    were map text ever to reach the page as markup, it still could not run or load."""
    folder, _ = hostile_site
    with Watched(browser) as watched:
        page = watched.open(folder, "maps/hostile-0.html")
        violated = page.evaluate("""() => new Promise(resolve => {
            const seen = [];
            document.addEventListener('securitypolicyviolation', e => {
                seen.push(e.effectiveDirective); if (seen.length === 3) resolve(seen.sort()); });
            const script = document.createElement('script');
            script.textContent = 'window.ran = true';
            document.body.append(script);
            const style = document.createElement('style');
            style.textContent = 'body { display: none }';
            document.head.append(style);
            fetch('https://example.com/').catch(() => {});
        })""")
        assert violated == ["connect-src", "script-src-elem", "style-src-elem"]
        assert page.evaluate("window.ran") is None
        assert _style(page, "body", "display") == "block"
        # Chromium reports each refusal on the console; nothing else went wrong.
        assert all("Content Security Policy" in e or "Failed to fetch" in e
                   or "example.com" in e for e in watched.errors), watched.errors


@pytest.mark.parametrize("path", ["index.html", "backlog.html", "pain-points.html"])
def test_printing_a_list_leaves_out_the_controls_and_keeps_every_row(
        browser: Any, example_site: Site, path: str) -> None:
    folder, _ = example_site
    with Watched(browser) as watched:
        page = watched.open(folder, path)
        # A filter left set on the screen: the printout shows those rows and says which.
        page.select_option("select", index=1)
        shown = page.locator("tr[data-row]:visible").count()
        chosen = page.locator("form.filters output").inner_text()
        assert chosen.startswith(f"Showing {shown} of ") and chosen.endswith(")")
        page.emulate_media(media="print")
        assert not page.locator("form.filters select").first.is_visible()
        assert not page.locator("form.filters button").is_visible()
        assert page.locator("form.filters output").inner_text() == chosen
        assert not page.locator("header.site").is_visible()
        assert page.locator("tr[data-row]:visible").count() == shown
        # Unfiltered, the printout has no filter line at all.
        page.emulate_media(media="screen")
        page.click("button[type=reset]")
        page.wait_for_function("!document.querySelector('form.filters[data-filtered]')")
        page.emulate_media(media="print")
        assert not page.locator("form.filters").is_visible()
        assert page.pdf().startswith(b"%PDF")
        assert watched.errors == []


def test_the_home_status_filter_finds_the_maps_with_errors(browser: Any,
                                                          hostile_site: Site) -> None:
    folder, _ = hostile_site
    with Watched(browser) as watched:
        page = watched.open(folder, "index.html")
        page.select_option("select[name=status]", "errors")
        visible = page.locator("#maps tbody tr:visible")
        assert visible.count() == 1
        assert visible.locator("a").first.get_attribute("href") == "maps/broken.html"
        page.select_option("select[name=status]", "warnings")
        assert page.locator("#maps tbody tr:visible").count() >= 1
        assert all("warnings" in s for s in page.locator("#maps tbody tr:visible").evaluate_all(
            "rows => rows.map(r => r.dataset.status)"))
        assert watched.errors == []


def test_the_pain_points_filter_by_assumed_and_addressed(browser: Any,
                                                          hostile_site: Site) -> None:
    folder, _ = hostile_site
    with Watched(browser) as watched:
        page = watched.open(folder, "pain-points.html")
        total = page.locator("#pains tr[data-row]").count()
        page.select_option("select[name=assumed]", "yes")
        shown = page.locator("#pains tr[data-row]:visible")
        # Per hostile map: the first step's pain point and the stage's own are assumed.
        assert 0 < shown.count() < total
        assert all(text.endswith("assumed") for text in shown.locator("th").all_inner_texts())
        page.select_option("select[name=addressed]", "no")
        assert page.locator("#pains tr[data-row]:visible").count() == 0
        assert "(addressed: no, assumed: yes)" in page.locator(
            "form.filters output").inner_text()
        assert watched.errors == []
