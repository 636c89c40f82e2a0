"""A tiny HTML builder that escapes every value for the place it lands.

Text and attribute values are escaped unless they are `Markup` (HTML cjm built itself);
links are only accepted as `Link` values, made by `safe_link` (http, https and mailto
only) or `internal` (a path inside the site). So map text can never become an element,
an attribute, a style or a script, and no `javascript:` link can be written.

Nor can it reorder the page: the bidirectional embeddings, overrides and isolates
(U+202A–U+202E, U+2066–U+2069) are taken out of every value, and text holding
right-to-left letters is put in a `<bdi>`, so it reads right to left inside itself
without pulling the words around it along.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeAlias

# Characters HTML cannot carry as text (and the Unicode non-characters).
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
# Embeddings, overrides and isolates: invisible, and able to reverse what follows them.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff"
    "\U0001e800-\U0001efff]")
# Elements that hold only text, where a <bdi> would show as it is or be dropped.
_TEXT_ONLY = frozenset({"title", "option", "textarea"})
_SAFE_URL = re.compile(r"^(?:https?://[^\s/?#]+|mailto:[^\s]+)[^\s]*$", re.IGNORECASE)
_URL_KEEP = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&()*+,;=%"
)
_NAME = re.compile(r"^[a-z][a-z0-9-]*(?::[a-z]+)?$")
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href"})
_VOID = frozenset({"meta", "link", "br", "input", "img", "hr"})


class Markup(str):
    """HTML that cjm built: inserted as it is."""

    __slots__ = ()


class Link(str):
    """A link checked to be safe for an href (made by `safe_link` or `internal`)."""

    __slots__ = ()


Child: TypeAlias = "str | Iterable[Child] | None"


def clean(text: str) -> str:
    """Text without the characters HTML cannot hold (replaced by U+FFFD) and without
    bidirectional controls (left out)."""
    return _BIDI_CONTROLS.sub("", _NOT_TEXT.sub("\ufffd", text))


def escape(text: str) -> Markup:
    """Text for an element's content or a quoted attribute value, shown literally."""
    if isinstance(text, Markup):
        return text
    return Markup(
        clean(str(text))
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def safe_link(url: str | None) -> Link | None:
    """An http(s) or mailto link with unsafe characters percent-encoded, else None."""
    if not url or not _SAFE_URL.match(url):
        return None
    return Link("".join(
        c if c in _URL_KEEP else "".join(f"%{b:02X}" for b in c.encode("utf-8", "replace"))
        for c in url))


def internal(path: str) -> Link:
    """A link to a page of the site: a relative path cjm made (never from map text)."""
    if ":" in path.split("/", 1)[0] or path.startswith("//"):
        raise ValueError(f"not a relative path: {path!r}")
    return Link("".join(
        c if c in _URL_KEEP else "".join(f"%{b:02X}" for b in c.encode()) for c in path))


def h(tag: str, attributes: dict[str, str | bool | int | None] | None = None,
      *children: Child) -> Markup:
    """An element: `h("a", {"href": link}, "text")`. A None or False attribute is left out."""
    if not _NAME.match(tag):
        raise ValueError(f"not an element name: {tag!r}")
    parts = [f"<{tag}"]
    for name, value in (attributes or {}).items():
        if not _NAME.match(name) or name.startswith("on"):
            raise ValueError(f"not an attribute cjm writes: {name!r}")
        if value is None or value is False:
            continue
        if value is True:
            parts.append(f" {name}")
            continue
        if name in _URL_ATTRIBUTES and not isinstance(value, Link):
            raise TypeError(f"{name} takes a Link (safe_link or internal), not {value!r}")
        parts.append(f' {name}="{escape(str(value))}"')
    parts.append(">")
    if tag in _VOID:
        if children:
            raise ValueError(f"<{tag}> has no content")
        return Markup("".join(parts))
    parts.append(join(children, isolate=tag not in _TEXT_ONLY))
    parts.append(f"</{tag}>")
    return Markup("".join(parts))


def join(children: Iterable[Child], *, isolate: bool = True) -> Markup:
    """Children as HTML: text escaped (in a <bdi> when it holds right-to-left letters,
    unless `isolate` is false), Markup kept, None left out, lists flattened."""
    out: list[str] = []
    for child in children:
        if child is None:
            continue
        if isinstance(child, Markup):
            out.append(child)
        elif isinstance(child, str):
            text = escape(child)
            out.append(f"<bdi>{text}</bdi>" if isolate and _RIGHT_TO_LEFT.search(text)
                       else text)
        else:
            out.append(join(child, isolate=isolate))
    return Markup("".join(out))
