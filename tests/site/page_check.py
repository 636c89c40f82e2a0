"""Reading built pages back with the standard library's HTML parser, for the tests."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

HTML_TAGS = {
    "html", "head", "meta", "title", "link", "script", "body", "a", "header", "nav", "ul",
    "li", "main", "footer", "p", "h1", "h2", "h3", "h4", "table", "caption", "thead",
    "tbody", "tr", "th", "td", "div", "span", "code", "strong", "form", "label", "select",
    "option", "button", "output", "dl", "dt", "dd", "section", "article", "figure",
    "figcaption", "blockquote", "q", "bdi",
}
# What Graphviz writes into an SVG (plus the title and desc cjm adds).
SVG_TAGS = {"svg", "g", "title", "desc", "polygon", "text", "path", "ellipse", "polyline",
            "a", "defs", "lineargradient", "stop", "radialgradient"}
OUTSIDE_SCHEMES = ("http://", "https://", "mailto:")


@dataclass
class Page:
    """What a page holds: its elements, links, ids and text."""

    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    duplicate_ids: set[str] = field(default_factory=set)
    text: dict[str, list[str]] = field(default_factory=dict)  # tag → texts inside it
    text_by_id: dict[str, list[str]] = field(default_factory=dict)  # id → texts inside it
    script_text: str = ""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.open: list[str] = []
        self.open_ids: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.page.tags.append((tag, attributes))
        for name in ("href", "xlink:href", "src"):
            value = attributes.get(name)
            if value is not None:
                self.page.links.append(value)
        identifier = attributes.get("id")
        if identifier is not None:
            if identifier in self.page.ids:
                self.page.duplicate_ids.add(identifier)
            self.page.ids.add(identifier)
        if tag not in ("meta", "link", "input", "br", "img", "hr"):
            self.open.append(tag)
            self.open_ids.append(identifier)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self.open and self.open[-1] == tag:
            self.open.pop()
            self.open_ids.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open:
                self.open_ids.pop()
                if self.open.pop() == tag:
                    break

    def handle_data(self, data: str) -> None:
        if "script" in self.open:
            self.page.script_text += data
        for tag in set(self.open):
            self.page.text.setdefault(tag, []).append(data)
        for identifier in {i for i in self.open_ids if i is not None}:
            self.page.text_by_id.setdefault(identifier, []).append(data)


def read_page(html: bytes) -> Page:
    reader = _Reader()
    reader.feed(html.decode("utf-8"))
    reader.close()
    return reader.page


def text_of(page: Page, tag: str) -> str:
    return " ".join("".join(page.text.get(tag, [])).split())


def text_of_id(page: Page, identifier: str) -> str:
    """The text inside the element with this id, spaces collapsed."""
    return " ".join("".join(page.text_by_id.get(identifier, [])).split())


def resolve(page_path: str, link: str) -> tuple[str, str] | None:
    """An internal link's target page and fragment (None for an outside link)."""
    if link.startswith(OUTSIDE_SCHEMES):
        return None
    parts = urlsplit(link)
    assert not parts.scheme and not parts.netloc, f"{page_path}: unexpected link {link!r}"
    target = page_path if not parts.path else posixpath.normpath(
        posixpath.join(posixpath.dirname(page_path), unquote(parts.path)))
    return target, unquote(parts.fragment)
