"""The YAML mistakes people make, in their words, at the line of the mistake.

libyaml says where it noticed a problem, in parser words ("could not find expected
':'", "while parsing a block mapping"), often lines after the mistake. `explain` looks at
the text around that place and, for the mistakes writers really make, says what the
mistake is, where it is and what to do. Anything it does not recognise keeps libyaml's
words, after a plain sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

_KEY = re.compile(r"^(\s*(?:-\s+)*)([^\s#'\"\[\]{}:,-][^#:]*?|-[^\s#:][^#:]*?):(?:\s|$)")
_DASH = re.compile(r"^(\s*)-(?:\s|$)")


@dataclass(frozen=True)
class Explained:
    """A syntax error as the writer should read it."""

    line: int
    column: int
    message: str


@dataclass
class _LineScan:
    """What one line leaves open: a quote, flow brackets; and where a comment starts."""

    quote: tuple[int, str] | None = None  # column (0-based) and the quote character
    brackets: list[tuple[int, str]] | None = None
    comment: int | None = None


def _scan(line: str, depth: int) -> _LineScan:
    """Quotes, brackets and comments of one line, as YAML reads them (near enough).

    DEPTH is how many flow brackets are open when the line starts. A quote or bracket
    counts where a value can start: after indentation, `- `, `: `, `[`, `{` or `,`."""
    brackets: list[tuple[int, str]] = []
    index = 0
    value_start = True
    while index < len(line):
        char = line[index]
        if char == "#" and (index == 0 or line[index - 1] in " \t"):
            return _LineScan(None, brackets, index)
        if value_start and char in "\"'":
            end = _closing_quote(line, index)
            if end is None:
                return _LineScan((index, char), brackets, None)
            index = end + 1
            value_start = False
            continue
        inside = depth + len(brackets) > 0
        if char in "[{" and (value_start or inside):
            brackets.append((index, char))
            value_start = True
        elif char in "]}" and inside:
            if brackets:
                brackets.pop()
            else:
                depth -= 1
            value_start = False
        elif char == "," and inside:
            value_start = True
        elif char in " \t":
            pass
        elif char in "-:?" and index + 1 < len(line) and line[index + 1] in " \t":
            value_start = True
        else:
            value_start = False
        index += 1
    return _LineScan(None, brackets, None)


def _closing_quote(line: str, start: int) -> int | None:
    quote = line[start]
    index = start + 1
    while index < len(line):
        char = line[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and line[index + 1:index + 2] == "'":
                index += 2
                continue
            return index
        index += 1
    return None


def explain(exc: yaml.MarkedYAMLError, text: str) -> Explained | None:
    """The writer's mistake behind libyaml's error, or None when it is not one we know."""
    lines = text.splitlines()
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None
    line, column = mark.line + 1, mark.column + 1
    opened = _unclosed_quote(lines, line, exc)
    if opened is not None:
        return opened
    if "flow" in context:
        return _unclosed_bracket(lines, exc)
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if problem.startswith("mapping values are not allowed"):
        return _colon_in_text(lines, line, column, here)
    if "simple key" in context and problem.startswith("could not find expected ':'"):
        start = exc.context_mark
        at = start.line + 1 if start is not None else line
        return _text_without_key(lines, at)
    if problem.startswith("did not find expected key") and "block mapping" in context:
        return _list_item_in_mapping(line, here)
    if problem.startswith("found character that cannot start any token") and \
            here[column - 1:column] in ("@", "`"):
        return Explained(line, column,
            f"text cannot start with {here[column - 1]} unless it is in quotes; put the text "
            f"in quotes: {_quoted(here[column - 1:].rstrip())}")
    if problem.startswith("did not find expected '-' indicator"):
        return _item_without_dash(line, here)
    return None


def _unclosed_quote(lines: list[str], line: int, exc: yaml.MarkedYAMLError) -> Explained | None:
    """A quote opened at a value's start and closed only where libyaml stopped, or never."""
    if "quoted scalar" in (exc.context or "") and exc.context_mark is not None:
        start = exc.context_mark
        quote = lines[start.line][start.column] if start.line < len(lines) else '"'
        return _never_closed(start.line + 1, start.column + 1, quote)
    depth = 0
    for number, text in enumerate(lines[:line], start=1):
        scan = _scan(text, depth)
        if scan.quote is not None:
            column, quote = scan.quote
            closed = _closing_line(lines, number, column, quote)
            # A text in quotes may go on for lines; a quote closed well before the place
            # libyaml stopped is such a text, not the mistake.
            if closed is None or closed >= line - 1:
                return _never_closed(number, column + 1, quote)
            return None
        depth = max(0, depth + len(scan.brackets or []))
    return None


def _closing_line(lines: list[str], number: int, column: int, quote: str) -> int | None:
    """The line on which a quote opened at (number, column) closes, if it does."""
    rest = lines[number - 1][column:]
    for offset, text in enumerate([rest, *lines[number:]]):
        probe = quote + text if offset else text
        if _closing_quote(probe, 0) is not None:
            return number + offset
    return None


def _never_closed(line: int, column: int, quote: str) -> Explained:
    return Explained(line, column,
        f"the text that starts with {quote} on line {line}, column {column} is never closed; "
        f"add the closing {quote} at the end of the text")


def _unclosed_bracket(lines: list[str], exc: yaml.MarkedYAMLError) -> Explained | None:
    """A `[` or `{` never closed: said where it opened, or at the `#` that hid its end."""
    depth = 0
    opened: list[tuple[int, int, str]] = []
    stop = (exc.problem_mark or exc.context_mark)
    last = stop.line + 1 if stop is not None else len(lines)
    for number, text in enumerate(lines[:last], start=1):
        scan = _scan(text, depth)
        brackets = scan.brackets or []
        if scan.comment is not None and (brackets or depth):
            return _comment_in_brackets(number, text, scan.comment)
        for column, char in brackets:
            opened.append((number, column + 1, char))
        depth += len(brackets)
    start = exc.context_mark
    if start is None or "flow node" in (exc.context or ""):
        if not opened:
            return None
        line, column, char = opened[-1]
    else:
        line, column = start.line + 1, start.column + 1
        char = lines[line - 1][column - 1] if 0 < line <= len(lines) else "["
        if (line, column, char) not in opened and stop is not None:
            return _colon_in_brackets(lines, stop.line + 1, stop.column + 1)
    if char not in "[{":
        return None
    closer, what = ("]", "list") if char == "[" else ("}", "mapping")
    return Explained(line, column,
        f"the {char} on line {line}, column {column} is never closed; end the {what} with "
        f"{closer} on that line, or put the text in quotes if the {char} is part of it")


def _colon_in_brackets(lines: list[str], line: int, column: int) -> Explained | None:
    """`[Why does it say: invalid?: now]`: brackets closed, but a second `: ` inside."""
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if ": " not in here:
        return None
    start = max(here.rfind("[", 0, column - 1), here.rfind(",", 0, column - 1)) + 1
    while start < len(here) and here[start] == " ":
        start += 1
    end = min((i for i in (here.find(",", column - 1), here.find("]", column - 1)) if i >= 0),
              default=len(here))
    return Explained(line, start + 1,
        '": " inside unquoted text in brackets makes YAML read a key and a value; put the '
        f"text in quotes: {_quoted(here[start:end].rstrip())}")


def _comment_in_brackets(line: int, text: str, column: int) -> Explained:
    word = re.match(r"#[^\s,\]}]*", text[column:])
    value = word.group() if word else "#"
    return Explained(line, column + 1,
        f"this # starts a comment, which hides the rest of the line (and the closing bracket); "
        f'put the value in quotes: "{value}"')


def _colon_in_text(lines: list[str], line: int, column: int, here: str) -> Explained:
    """`text: Note: call back`, or a line indented so far that it continues the text above."""
    key = _KEY.match(here)
    if key is not None and key.end() <= column - 1:
        start = key.end()
        while start < len(here) and here[start] in " \t":
            start += 1
        value = here[start:].rstrip()
        name = key.group(2).strip()
        return Explained(line, start + 1,
            f'": " inside unquoted text makes YAML read a second key here; put the whole text '
            f"in quotes: {name}: {_quoted(value)}")
    name = here[:column - 1].strip()
    indent = len(here) - len(here.lstrip(" "))
    return Explained(line, indent + 1,
        f'"{name}:" is indented further than the line above, so YAML reads it as more of the '
        "text above; line it up with the keys above it")


def _quoted(value: str) -> str:
    if '"' not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _text_without_key(lines: list[str], line: int) -> Explained:
    """A line of text with no `key:`: most often a long text's next line, not indented."""
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = len(here) - len(here.lstrip(" "))
    above = next((lines[n] for n in range(line - 2, -1, -1) if lines[n].strip()), "")
    key = _KEY.match(above)
    if key is not None:
        name = key.group(2).strip()
        return Explained(line, indent + 1,
            f'this line has no "key:" and is not indented under "{name}:", so it does not '
            f'continue its text; indent it further than "{name}", or write "{name}: >" and '
            "the text on indented lines below it")
    return Explained(line, indent + 1,
        'this line has no "key:"; write it as "key: value", start it with "- " if it is an '
        "item of a list, or indent it to continue the text above")


def _list_item_in_mapping(line: int, here: str) -> Explained | None:
    """A `- ` where a mapping expects a key: a key left out above a list, or a stray dash."""
    dash = _DASH.match(here)
    if dash is None:
        return None
    column = len(dash.group(1)) + 1
    if not here[column:].strip() or here[column:].lstrip().startswith("#"):
        return Explained(line, column,
            'a lone "-" starts an empty list item where the lines around it are "key: value" '
            "pairs; remove it")
    return Explained(line, column,
        'a list item starts here, inside a mapping of "key: value" lines: the key the list '
        "belongs to is missing; add it on the line above (a stage's steps go under "
        '"steps:"), or remove the "- "')


def _item_without_dash(line: int, here: str) -> Explained:
    indent = len(here) - len(here.lstrip(" "))
    return Explained(line, indent + 1,
        'this line is in a list but does not start with "- "; start a new item with "- ", '
        'or indent it to line up with the keys of the item above')
