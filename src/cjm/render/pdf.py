"""One PDF document from the single-page PDFs Graphviz (cairo) writes, page after page.

Objects are renumbered and re-linked under one page tree; stream data is copied as
it is. The creation date cairo writes is dropped, so the same map gives the same bytes.
"""

from __future__ import annotations

import re

from cjm.problems import CjmError

_OBJECT = re.compile(rb"(\d+) 0 obj\b")
_REFERENCE = re.compile(rb"(\d+) 0 R\b")
_LENGTH = re.compile(rb"/Length (\d+)( 0 R)?")
_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")
_DROPPED = re.compile(rb"/Type\s*/(Catalog|Pages)\b|/Producer\b|/CreationDate\b")


class PdfUnreadable(CjmError):
    """A PDF from Graphviz was not laid out as expected."""


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Each object's number, its text before any stream, and its stream's bytes."""
    direct = {int(m.group(1)): int(m.group(2))
              for m in re.finditer(rb"(\d+) 0 obj\s+(\d+)\s+endobj", data)}
    found: dict[int, tuple[bytes, bytes | None]] = {}
    position = 0
    while (match := _OBJECT.search(data, position)) is not None:
        number, start = int(match.group(1)), match.end()
        end = data.find(b"endobj", start)
        stream = data.find(b"stream", start)
        if end < 0:
            raise PdfUnreadable("a PDF object has no end")
        if 0 <= stream < end:
            head = data[start:stream]
            length = _LENGTH.search(head)
            if length is None:
                raise PdfUnreadable("a PDF stream has no length")
            size = int(length.group(1))
            if length.group(2):
                size = direct[size]
            begin = stream + len(b"stream")
            begin += 2 if data[begin:begin + 2] == b"\r\n" else 1
            found[number] = (head, data[begin:begin + size])
            end = data.find(b"endobj", begin + size)
        else:
            found[number] = (data[start:end], None)
        position = end + len(b"endobj")
    return found


def join(documents: list[bytes]) -> bytes:
    """One PDF whose pages are the pages of documents, in order."""
    pages_number = 1
    out = bytearray(b"%PDF-1.5\n%\xb5\xed\xae\xfb\n")
    offsets: dict[int, int] = {}
    kids: list[int] = []
    next_number = 2
    for document in documents:
        objects = _objects(document)
        base = next_number
        for number, (head, stream) in sorted(objects.items()):
            if stream is None and _DROPPED.search(head):
                continue
            new = base + number

            def renumber(match: re.Match[bytes], base: int = base) -> bytes:
                return b"%d 0 R" % (base + int(match.group(1)))

            head = _REFERENCE.sub(renumber, head)
            if stream is None and _PAGE.search(head):
                head = re.sub(rb"/Parent \d+ 0 R", b"/Parent %d 0 R" % pages_number, head)
                kids.append(new)
            offsets[new] = len(out)
            out += b"%d 0 obj" % new + head
            if stream is not None:
                out += b"stream\n" + stream + b"\nendstream\n"
            out += b"endobj\n"
        next_number = base + max(objects, default=0) + 1
    if not kids:
        raise PdfUnreadable("Graphviz's PDF has no page")
    offsets[pages_number] = len(out)
    out += (b"%d 0 obj\n<< /Type /Pages /Kids [ " % pages_number
            + b" ".join(b"%d 0 R" % kid for kid in kids)
            + b" ] /Count %d >>\nendobj\n" % len(kids))
    catalog = next_number
    offsets[catalog] = len(out)
    out += b"%d 0 obj\n<< /Type /Catalog /Pages %d 0 R >>\nendobj\n" % (catalog, pages_number)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (catalog + 1)
    for number in range(1, catalog + 1):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    out += (b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (catalog + 1, catalog, xref))
    return bytes(out)
