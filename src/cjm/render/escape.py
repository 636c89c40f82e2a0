"""Escaping map text for each place it lands: Graphviz HTML labels, DOT strings, SVG.

Map text only ever reaches Graphviz as the text of an HTML-like label (or a link
checked here), so no map content can become markup, an attribute, or a file name.
"""

from __future__ import annotations

import re

# Characters XML 1.0 cannot carry; validation refuses control characters already,
# this keeps the SVG well-formed whatever reaches the renderer.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SAFE_URL = re.compile(r"^(https?)://[^\s]+$", re.IGNORECASE)
# Kept as they are in a link; everything else is percent-encoded.
_URL_KEEP = set(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&()*+,;=%"
)


def clean(text: str) -> str:
    """Text without characters an SVG cannot hold."""
    return _NOT_XML.sub("\ufffd", text)


def html_text(text: str) -> str:
    """Text for a Graphviz HTML-like label, shown literally.

    Graphviz expands `\\N`, `\\G`, `\\E`… even inside HTML labels, so backslashes are
    doubled as well as the XML special characters escaped. Its label parser also
    fails on a text run that is only `]`, so brackets are written as references.
    """
    escaped = _escaped(text)
    if len(escaped) * 4 <= _GRAPHVIZ_RUN_BYTES:
        return escaped
    if len(escaped.encode("utf-8")) <= _GRAPHVIZ_RUN_BYTES:
        return escaped
    # Graphviz refuses a text run of more than 16 KB (a long run of zero-width characters
    # can be that, and still fit a line): split it with empty-styled runs that draw alike.
    chunks = [_escaped(text[at:at + _RUN_CHARACTERS])
              for at in range(0, len(text), _RUN_CHARACTERS)]
    return "".join(chunk if index % 2 == 0 else f"<FONT>{chunk}</FONT>"
                   for index, chunk in enumerate(chunks))


# Graphviz's limit on one text run of an HTML label, and a character count whose escaped
# form (at most 6 bytes a character: `&quot;`) stays under it.
_GRAPHVIZ_RUN_BYTES = 16_000
_RUN_CHARACTERS = 2_000


def _escaped(text: str) -> str:
    return (
        clean(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\\", "\\\\")
        .replace("[", "&#91;")
        .replace("]", "&#93;")
    )


def safe_link(url: str | None) -> str | None:
    """An http(s) link made safe for a Graphviz HREF attribute, or None for anything else.

    Characters outside a URL's safe set are percent-encoded. `&` is escaped twice:
    Graphviz decodes the label's entities once and then copies links to the SVG
    as they are, so one level of escaping must survive into the SVG.
    """
    if url is None or not _SAFE_URL.match(url):
        return None
    encoded = "".join(
        c if c in _URL_KEEP else "".join(f"%{b:02X}" for b in c.encode()) for c in url
    )
    return encoded.replace("&", "&amp;amp;")


def dot_string(value: str) -> str:
    """A quoted DOT string (only cjm-made values: names, colours, positions)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def xml_text(text: str) -> str:
    """Text for an element of the SVG cjm adds itself (title, desc)."""
    return (
        clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    )
