"""Mermaid `journey` diagrams, both ways.

Reading follows Mermaid 11/12 step by step, so that a diagram reads here as it reads on
GitHub: line endings, `---` front-matter (its `title`), `%%{...}%%` directives and `%%`
comment lines are taken out first; then the tokens of Mermaid's journey grammar
(`journey.jison`) are read with its own rules, in its order (the first rule that
matches wins, case-insensitively). What Mermaid refuses is refused here with the line
and column of the token Mermaid stops at.

Writing gives one `section` per stage and one task per step, `score` = emotion + 3, the
persona and the step's team as actors; text Mermaid would misread (`:`, `#`, `;`, a
leading keyword) is replaced by look-alikes, and `%% cjm {...}` comments keep what the
diagram cannot show (ids, exact names, a missing emotion) so the diagram converts back
to the same stages and steps.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import yaml

from cjm.convert import Exported, Imported, WriteOptions
from cjm.load import Loc, Position, Source
from cjm.model import InlinePersona, JourneyMap, Step, slugify
from cjm.problems import Problem, Severity

MAX_TEXT_SIZE = 50_000  # Mermaid's default maxTextSize: longer diagrams are not drawn
UNNAMED_STAGE = "Unnamed stage"
ZERO_WIDTH_SPACE = "\u200b"

# JavaScript's \s (ECMAScript WhiteSpace and LineTerminator).
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_S = f"[{_JS_SPACE}]"
_WORD_END = "(?![A-Za-z0-9_])"  # JavaScript's \b after a word character

# Mermaid's preprocessing (src/preprocess.ts, diagram-api/comments.ts, utils).
_DIRECTIVE = re.compile(
    r"%{2}\{" + _S + r"*(?:(\w+)" + _S + r"*:|(\w+))" + _S
    + r"*(?:(\w+)|((?:(?!\}%{2}).|\r?\n)*))?" + _S + r"*(?:\}%{2})?",
    re.ASCII | re.IGNORECASE,
)
_COMMENT_LINE = re.compile(r"^" + _S + r"*%%(?!\{)[^\n]+\n?", re.MULTILINE)
_ENTITY = re.compile(r"#(\w+);", re.ASCII)
_ENTITY_OPEN, _ENTITY_CLOSE = "\ue000", "\ue001"  # same length as '#' and ';'
_DETECT = re.compile(_S + r"*journey", re.IGNORECASE)
_CJM_COMMENT = re.compile(r"^" + _S + r"*%%" + _S + r"*cjm(?:" + _S + r"+(map))?" + _S
                          + r"*(\{.*\})" + _S + r"*$")


def _rule(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# journey.jison's lexer: (pattern, token or None to skip, state to enter, pop state).
_INITIAL = [
    (_rule(r"%(?!\{)[^\n]*"), None, None),
    # JavaScript matches one UTF-16 unit here: half of an emoji is never followed by %%.
    (_rule(r"[^\}\U00010000-\U0010FFFF]%%[^\n]*"), None, None),
    (_rule(r"[\n]+"), "NEWLINE", None),
    (_rule(_S + "+"), None, None),
    (_rule(r"#[^\n]*"), None, None),
    (_rule("journey" + _WORD_END), "journey", None),
    (_rule("title" + _S + r"[^#\n;]+"), "title", None),
    (_rule("accTitle" + _S + "*:" + _S + "*"), "accTitle", "acc_title"),
    (_rule("accDescr" + _S + "*:" + _S + "*"), "accDescr", "acc_descr"),
    (_rule("accDescr" + _S + r"*\{" + _S + "*"), None, "acc_descr_multiline"),
    (_rule("section" + _S + r"[^#:\n;]+"), "section", None),
    (_rule(r"[^#:\n;]+"), "taskName", None),
    (_rule(r":[^#\n;]+"), "taskData", None),
    (_rule(r":"), ":", None),
    (_rule(r"\Z"), "EOF", None),
    (_rule(r"."), "INVALID", None),
]
_VALUE_TO_LINE_END = _rule(r"[^\n]*")
_CLOSE_BRACE = _rule(r"\}")
_NOT_BRACE = _rule(r"[^\}]*")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    offset: int


@dataclass
class Task:
    name: str
    data: str
    offset: int
    data_offset: int
    comment: dict[str, Any]


@dataclass
class Section:
    name: str
    offset: int
    comment: dict[str, Any]
    tasks: list[Task] = field(default_factory=list)


@dataclass
class Diagram:
    """A journey diagram as Mermaid reads it."""

    title: str | None = None
    title_offset: int = 0
    acc_title: str | None = None
    acc_descr: str | None = None
    sections: list[Section] = field(default_factory=list)
    map_comment: dict[str, Any] = field(default_factory=dict)


class _Text:
    """The diagram text with offsets turned into 1-based line and column."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def position(self, offset: int) -> Position:
        import bisect

        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1


class _Edited:
    """Text with parts taken out, as Mermaid's preprocessing takes them out, remembering
    where each remaining character was in the file."""

    def __init__(self, text: str, origin: list[int] | None = None) -> None:
        self.text = text
        self.origin = origin if origin is not None else list(range(len(text) + 1))

    def without(self, spans: list[tuple[int, int]]) -> _Edited:
        kept: list[str] = []
        origin: list[int] = []
        position = 0
        for start, end in spans:
            kept.append(self.text[position:start])
            origin.extend(self.origin[position:start])
            position = max(position, end)
        kept.append(self.text[position:])
        origin.extend(self.origin[position:])
        return _Edited("".join(kept), origin)

    def removing(self, pattern: re.Pattern[str]) -> _Edited:
        return self.without([m.span() for m in pattern.finditer(self.text)])


def _front_matter(text: str) -> tuple[int, int, str] | None:
    """Mermaid's front-matter: `---` lines around YAML at the start (start, end, body)."""
    match = re.match(r"([ \t]*)---[ \t]*\n", text)
    if match is None:
        return None
    fence = match.group(1) + "---"
    for closing in re.finditer(r"\n" + re.escape(fence) + r"[ \t]*\n", text[match.end() - 1:]):
        body_end = match.end() - 1 + closing.start()
        end = match.end() - 1 + closing.end()
        return 0, end, text[match.end():body_end + 1]
    return None


def parse(text: str, path: str) -> tuple[Diagram | None, list[Problem]]:
    """Read a journey diagram's text as Mermaid does: the diagram, or positioned problems."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    where = _Text(text)
    problems: list[Problem] = []

    def problem(offset: int, message: str, severity: Severity = Severity.error,
                rule: str = "mermaid-syntax") -> None:
        line, column = where.position(offset)
        problems.append(Problem(path, line, column, severity, rule, message))

    diagram = Diagram()
    front = _front_matter(text)
    if front is not None:
        start, _end, body = front
        try:
            meta = yaml.load(body, Loader=yaml.BaseLoader)  # strings only, as Mermaid's JSON schema
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = (mark.line + 2) if mark else 2
            problems.append(Problem(path, line, (mark.column + 1) if mark else 1, Severity.error,
                                    "mermaid-syntax", "the front-matter between the `---` lines "
                                    "is not valid YAML"))
            return None, problems
        if isinstance(meta, dict) and isinstance(meta.get("title"), str) and meta["title"] not in (
                "", "null"):
            diagram.title = meta["title"]
            diagram.title_offset = text.index("title", start)
    comments = _cjm_comments(text, where, problems, path)
    edited = _Edited(text).without([(0, front[1])] if front is not None else [])
    edited = edited.removing(_DIRECTIVE).removing(_COMMENT_LINE)
    start = len(edited.text) - len(edited.text.lstrip(_JS_SPACE_CHARS))
    if not _DETECT.match(edited.text, start):
        problem(edited.origin[start],
                "this is not a Mermaid journey diagram: it must start with `journey`")
        return None, problems
    code = _ENTITY.sub(lambda m: _ENTITY_OPEN + m.group(1) + _ENTITY_CLOSE, edited.text) + "\n"
    origin = [*edited.origin, edited.origin[-1]]
    tokens = [Token(t.kind, t.text, origin[t.offset]) for t in _tokens(code, start)]
    _statements(tokens, diagram, comments, problem, text)
    if comments["map"]:
        diagram.map_comment = comments["map"][0][1]
    if any(p.severity is Severity.error for p in problems):
        return None, problems
    return diagram, problems


_JS_SPACE_CHARS = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007" \
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def _cjm_comments(text: str, where: _Text, problems: list[Problem],
                  path: str) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    """`%% cjm {...}` lines by kind ('map' or 'next'), with their offsets."""
    found: dict[str, list[tuple[int, dict[str, Any]]]] = {"map": [], "next": []}
    offset = 0
    for line in text.split("\n"):
        match = _CJM_COMMENT.match(line)
        if match:
            try:
                value = json.loads(match.group(2))
            except json.JSONDecodeError:
                value = None
            if isinstance(value, dict):
                found["map" if match.group(1) else "next"].append((offset, value))
            else:
                line_number, column = where.position(offset)
                problems.append(Problem(path, line_number, column, Severity.warning,
                                        "mermaid-comment", "this `%% cjm` comment is not a JSON "
                                        "object, so it is ignored"))
        offset += len(line) + 1
    return found


def _tokens(text: str, start: int) -> list[Token]:
    tokens: list[Token] = []
    position = start
    state = "INITIAL"
    while True:
        if state == "INITIAL":
            for pattern, kind, enter in _INITIAL:
                match = pattern.match(text, position)
                if match is None:
                    continue
                if kind is not None:
                    tokens.append(Token(kind, match.group(), position))
                if enter is not None:
                    state = enter
                position = match.end()
                break
            if tokens and tokens[-1].kind == "EOF":
                return tokens
        elif state in ("acc_title", "acc_descr"):
            match = _VALUE_TO_LINE_END.match(text, position)
            assert match is not None
            tokens.append(Token(f"{state}_value", match.group(), position))
            if position == len(text):
                # The input ran out in this state: Mermaid's lexer gives no EOF token then.
                tokens.append(Token(f"unfinished-{state}", "", len(text) - 1))
                return tokens
            position, state = match.end(), "INITIAL"
        else:  # acc_descr_multiline
            closing = _CLOSE_BRACE.match(text, position)
            if closing is not None:
                position, state = closing.end(), "INITIAL"
                continue
            match = _NOT_BRACE.match(text, position)
            assert match is not None
            tokens.append(Token("acc_descr_multiline_value", match.group(), position))
            if match.end() == len(text):
                # Mermaid's lexer ends a block never closed with `}` without an EOF token.
                tokens.append(Token("unfinished-acc_descr_multiline", "", len(text) - 1))
                return tokens
            position = match.end()


_EXPECTED = {
    "score": "a task needs a colon and a score after its name, like `Pays: 4`",
    "#": "`#` starts a comment in Mermaid, so the rest of the line is not read; write `#35;` "
         "for a # sign",
    "taskData": "a task's name is missing before the colon (a task is `Name: score`)",
    ":": "a colon must be followed by a score, like `Pays: 4`",
    "INVALID": "Mermaid cannot read this character here (`;` ends nothing in a journey; a "
               "name cannot contain it)",
    "journey": "`journey` may only start the diagram",
    "unfinished-acc_descr_multiline": "the `accDescr {` block is never closed with `}`",
    "unfinished-acc_title": "`accTitle:` at the end of the diagram needs its text on the same "
                            "line",
    "unfinished-acc_descr": "`accDescr:` at the end of the diagram needs its text on the same "
                            "line",
}


def _statements(tokens: list[Token], diagram: Diagram,
                comments: dict[str, list[tuple[int, dict[str, Any]]]], problem: Any,
                source: str) -> None:
    if not tokens or tokens[0].kind != "journey":
        first = tokens[0] if tokens else Token("EOF", "", 0)
        problem(first.offset, "the diagram must start with `journey`")
        return
    pending = list(comments["next"])

    def comment_before(offset: int) -> dict[str, Any]:
        chosen: dict[str, Any] = {}
        while pending and pending[0][0] < offset:
            chosen = pending.pop(0)[1]
        return chosen

    current: Section | None = None
    index = 1
    while index < len(tokens):
        token = tokens[index]
        kind = token.kind
        index += 1
        if kind in ("NEWLINE", "EOF"):
            continue
        if kind == "title":
            diagram.title, diagram.title_offset = _decode(token.text[6:]), token.offset
        elif kind == "accTitle":
            diagram.acc_title = _decode(tokens[index].text).strip()
            index += 1
        elif kind == "accDescr":
            diagram.acc_descr = _decode(tokens[index].text).strip()
            index += 1
        elif kind == "acc_descr_multiline_value":
            diagram.acc_descr = _decode(token.text).strip()
        elif kind == "section":
            current = Section(_decode(token.text[8:]), token.offset, comment_before(token.offset))
            diagram.sections.append(current)
        elif kind == "taskName" and index < len(tokens) and tokens[index].kind == "taskData":
            data = tokens[index]
            index += 1
            if current is None:
                current = Section("", token.offset, {})
                diagram.sections.append(current)
            current.tasks.append(Task(_decode(token.text), _decode(data.text), token.offset,
                                      data.offset, comment_before(token.offset)))
        else:
            culprit, reason = token, kind
            if kind == "taskName" and index < len(tokens):
                culprit = tokens[index]
                reason = culprit.kind if culprit.kind in (":", "INVALID") else "score"
                after = token.offset + len(token.text)
                if reason == "score" and source.startswith("#", after):
                    culprit, reason = Token("#", "#", after), "#"
            problem(culprit.offset, _EXPECTED.get(reason, "Mermaid cannot read this line"))
            while index < len(tokens) and tokens[index].kind not in ("NEWLINE", "EOF"):
                index += 1


def _decode(text: str) -> str:
    """Mermaid's entity codes (`#35;`, `#amp;`) as the characters they stand for."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.isdigit():
            number = int(name)
            return chr(number) if 0 < number < 0x110000 else match.group()
        decoded = html.unescape(f"&{name};")
        return decoded if decoded != f"&{name};" else f"#{name};"

    return re.sub(_ENTITY_OPEN + r"(\w+)" + _ENTITY_CLOSE, one, text, flags=re.ASCII)


def js_number(text: str) -> float:
    """JavaScript's Number(text): what Mermaid makes of a score."""
    stripped = text.strip(_JS_SPACE_CHARS)
    if stripped == "":
        return 0.0
    lowered = stripped.lower()
    try:
        if re.fullmatch(r"0x[0-9a-f]+", lowered):
            return float(int(lowered, 16))
        if re.fullmatch(r"0o[0-7]+", lowered):
            return float(int(lowered, 8))
        if re.fullmatch(r"0b[01]+", lowered):
            return float(int(lowered, 2))
        if stripped in ("Infinity", "+Infinity", "-Infinity"):
            return -math.inf if stripped.startswith("-") else math.inf
        if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?", lowered):
            return float(lowered)
    except ValueError:
        pass
    return math.nan


# ---------------------------------------------------------------------------- reading


def read(raw: bytes, path: str) -> Imported:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Imported(None, None, [Problem(path, 1, exc.start + 1, Severity.error, "encoding",
                                             "the diagram is not UTF-8 text; save it as UTF-8")])
    if "\x00" in text:
        return Imported(None, None, [Problem(path, 1, 1, Severity.error, "encoding",
                                             "this looks like a binary file, not a diagram")])
    diagram, problems = parse(text, path)
    if diagram is None:
        return Imported(None, None, problems)
    return _to_map(diagram, _Text(text.replace("\r\n", "\n").replace("\r", "\n")), path,
                   problems)


def _to_map(diagram: Diagram, where: _Text, path: str, problems: list[Problem]) -> Imported:
    positions: dict[Loc, Position] = {}
    guesses: dict[Loc, str] = {}
    meta = diagram.map_comment

    def warn(offset: int, message: str) -> None:
        line, column = where.position(offset)
        problems.append(Problem(path, line, column, Severity.warning, "mermaid-guess", message))

    data: dict[str, Any] = {"cjm": 1, "kind": "journey"}
    if isinstance(meta.get("id"), str):
        data["id"] = meta["id"]
    shown = (diagram.title or "").strip(_JS_SPACE_CHARS)
    if isinstance(meta.get("title"), str) and _shown_title(meta["title"]) == shown:
        title = meta["title"]
    elif shown:
        title = shown
    else:
        title = (diagram.acc_title or "").strip() or "Untitled journey"
        guesses[("title",)] = "the diagram has no title; this one is made up"
    data["title"] = title
    positions[("title",)] = where.position(diagram.title_offset)
    persona_actor, persona = _persona(diagram, meta)
    if persona is not None:
        data["persona"] = persona
        if "persona" not in meta:
            guesses[("persona",)] = (f'the persona is "{persona_actor}", the actor of most '
                                     "tasks; the other actors became each step's team")
    if diagram.acc_descr:
        description = diagram.acc_descr
        if isinstance(meta.get("description"), str) and \
                _shown_description(meta["description"]) == description:
            description = meta["description"]
        data["description"] = description
    elif isinstance(meta.get("description"), str) and not _shown_description(
            meta["description"]):
        data["description"] = meta["description"]  # a description Mermaid cannot show
    stages: list[dict[str, Any]] = []
    used: dict[str, set[str]] = {"stage": set(), "step": set()}
    for stage_index, section in enumerate(diagram.sections):
        stage_loc: Loc = ("stages", stage_index)
        positions[stage_loc] = positions[(*stage_loc, "name")] = where.position(section.offset)
        name = _read_name(section.name)
        if isinstance(section.comment.get("name"), str) and \
                _read_name(_shown_name(section.comment["name"], "section")) == name:
            name = section.comment["name"]
        stage: dict[str, Any] = {}
        if not name and not section.comment:
            name = UNNAMED_STAGE
            guesses[stage_loc] = ("these steps came before any `section` in the diagram; "
                                  "give the stage a name")
        _set_id(stage, section.comment, name, "stage", used["stage"], stage_loc, guesses)
        stage["name"] = name
        steps: list[dict[str, Any]] = []
        for step_index, task in enumerate(section.tasks):
            step_loc: Loc = (*stage_loc, "steps", step_index)
            positions[step_loc] = positions[(*step_loc, "name")] = where.position(task.offset)
            positions[(*step_loc, "emotion")] = where.position(task.data_offset)
            steps.append(_step(task, step_loc, persona_actor, used["step"], guesses, warn))
        stage["steps"] = steps
        stages.append(stage)
    if not stages:
        stages.append({"name": UNNAMED_STAGE, "steps": []})
        guesses[("stages", 0)] = "the diagram has no sections and no tasks"
    data["stages"] = stages
    source = Source(path, data, positions)
    return Imported(data, source, problems, guesses)


def _set_id(entity: dict[str, Any], comment: dict[str, Any], name: str, kind: str,
            used: set[str], loc: Loc, guesses: dict[Loc, str]) -> None:
    """An id from the `%% cjm` comment, else derived; made unique when names repeat."""
    given = comment.get("id")
    if isinstance(given, str) and given:
        entity["id"] = given
        used.add(given)
        return
    derived = slugify(name)
    if derived and derived not in used:
        used.add(derived)
        return
    base = derived or kind
    number = 2 if derived else 1
    while f"{base}-{number}" in used:
        number += 1
    entity["id"] = f"{base}-{number}"
    used.add(entity["id"])
    reason = (f"another {kind} has the same name" if derived
              else "cjm cannot make an id from this name")
    guesses[(*loc, "id")] = f"{reason}, so this id was made up"


def _step(task: Task, loc: Loc, persona_actor: str | None, used: set[str],
          guesses: dict[Loc, str], warn: Any) -> dict[str, Any]:
    comment = task.comment
    name = _read_name(task.name)
    if isinstance(comment.get("name"), str) and \
            _read_name(_shown_name(comment["name"], "task")) == name:
        name = comment["name"]
    step: dict[str, Any] = {}
    _set_id(step, comment, name, "step", used, loc, guesses)
    step["name"] = name
    pieces = task.data[1:].split(":")
    score_text = pieces[0]
    if len(pieces) > 2:
        ignored = ":".join(pieces[2:])
        warn(task.data_offset, f"Mermaid ignores what comes after a task's second colon "
                               f"({ignored.strip()!r}); so does cjm")
    score = js_number(score_text)
    emotion = _emotion(score)
    if comment.get("emotion", 0) is None and score == 3:
        emotion = None
    elif math.isnan(score):
        warn(task.data_offset, f"the score {score_text.strip()!r} is not a number (Mermaid "
                               "reads it as none), so the step has no emotion")
        guesses[loc] = f"Mermaid score {score_text.strip()!r} is not a number; no emotion"
    elif score != (emotion or 0) + 3:
        warn(task.data_offset, f"Mermaid scores are 1 to 5; {score_text.strip()} is read as "
                               f"{(emotion or 0) + 3}, emotion {emotion:+d}")
        guesses[(*loc, "emotion")] = (f"Mermaid score {score_text.strip()} read as "
                                      f"{(emotion or 0) + 3}")
    if emotion is not None:
        step["emotion"] = emotion
    if comment.get("emotion_assumed") is True:
        step["emotion_assumed"] = True
    actors = _actors(pieces[1]) if len(pieces) > 1 else []
    others = [actor for actor in actors if actor != persona_actor]
    team = comment.get("team")
    if isinstance(team, str) and [a for a in _team_actors(team) if a != persona_actor] == others:
        step["team"] = team  # as written in the map, when the actors still say so
    elif others:
        step["team"] = ", ".join(others)
    return step


def _emotion(score: float) -> int | None:
    """Mermaid's 1..5 as cjm's -2..2: rounded half up, clamped."""
    if math.isnan(score):
        return None
    if math.isinf(score):
        return 2 if score > 0 else -2
    return max(1, min(5, math.floor(score + 0.5))) - 3


def _actors(text: str) -> list[str]:
    """Mermaid's actors of a task, without empty and repeated ones."""
    seen: list[str] = []
    for actor in text.split(","):
        actor = actor.strip()
        if actor and actor not in seen:
            seen.append(actor)
    return seen


def _persona(diagram: Diagram, meta: dict[str, Any]) -> tuple[str | None, Any]:
    """The persona's actor name and the persona (an id or an inline persona)."""
    if "persona" in meta:  # written by cjm: null when the map has no persona
        actor = meta.get("actor")
        return (actor if isinstance(actor, str) else None), meta["persona"]
    counts: Counter[str] = Counter()
    for section in diagram.sections:
        for task in section.tasks:
            pieces = task.data[1:].split(":")
            if len(pieces) > 1:
                counts.update(_actors(pieces[1]))
    if not counts:
        return None, None
    actor = counts.most_common(1)[0][0]  # ties: the first one met
    return actor, {"name": actor}


# ---------------------------------------------------------------------------- writing


def _where(kind: str, of_steps: list[bool], of_stages: list[bool], of_map: bool) -> str:
    """`pain points (of steps, of a stage, of the whole journey)`, or "" when none."""
    places = [place for place, present in (("of steps", any(of_steps)),
                                            ("of stages", any(of_stages)),
                                            ("of the whole journey", of_map)) if present]
    return f"{kind.replace('_', ' ')} ({', '.join(places)})" if places else ""

_LOOKALIKES = {":": "\uff1a", "#": "\uff03", ";": "\uff1b", "\n": " ", "\t": " ", "\r": " ",
               "\x0b": " ", "\x0c": " ", "\u2028": " ", "\u2029": " "}
_NAME_SAFE = str.maketrans(_LOOKALIKES)
_TITLE_SAFE = str.maketrans({k: v for k, v in _LOOKALIKES.items() if k != ":"})
_KEYWORD_START = re.compile(
    "(journey" + _WORD_END + "|title" + _S + "|section" + _S + "|acctitle" + _S + "*:|accdescr"
    + _S + r"*[:{])", re.IGNORECASE)
NO_NAME = "(no name)"


def _safe(text: str, table: dict[int, str] = _NAME_SAFE) -> str:
    """Text Mermaid reads back as written: look-alikes for what would end or start a token."""
    # Trimmed first: a `%` that starts the written text, even after spaces, opens a comment.
    text = text.translate(table).replace("%%", "\uff05\uff05").strip(_JS_SPACE_CHARS)
    if text.startswith("%"):
        text = "\uff05" + text[1:]
    return text


def _shown_name(name: str, where: str) -> str:
    """The text written for a section's or task's name."""
    shown = _safe(name) or NO_NAME
    if where == "task" and _KEYWORD_START.match(shown):
        shown = ZERO_WIDTH_SPACE + shown  # `Title search: 3` would be read as a title
    return shown


def _read_name(text: str) -> str:
    """A section's or task's name as read: trimmed, without a leading zero-width space."""
    return text.strip(_JS_SPACE_CHARS).lstrip(ZERO_WIDTH_SPACE)


def _shown_title(title: str) -> str:
    return _safe(title, _TITLE_SAFE)


def _shown_description(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Mermaid reads either as "\n"
    return text.replace("}", "\uff5d").replace("#", "\uff03").replace(";", "\uff1b").replace(
        "%%", "\uff05\uff05").strip(_JS_SPACE_CHARS)


def _shown_actor(name: str) -> str:
    return _safe(name).replace(",", "\uff0c") or NO_NAME


def _team_actors(team: str) -> list[str]:
    """The actors a team is written as: one per comma-separated part."""
    return _actors(",".join(_safe(part) for part in team.split(",")))


def _comment(kind: str, values: dict[str, Any]) -> str:
    # ASCII only, and no `%` that Mermaid's directive pattern could take for `%%{`.
    text = json.dumps(values, ensure_ascii=True, separators=(", ", ": ")).replace("%", "\\u0025")
    return f"%% cjm{' map' if kind == 'map' else ''} {text}"


def write(journey: JourneyMap, options: WriteOptions) -> Exported:
    lines = ["journey"]
    meta: dict[str, Any] = {}
    if journey.id:
        meta["id"] = journey.id
    title = _shown_title(journey.title)
    if not title or title != journey.title:  # an empty title too: Mermaid's is "Untitled"
        meta["title"] = journey.title
    persona_actor = None
    meta["persona"] = None
    if journey.persona is not None:
        persona_actor = _shown_actor(
            journey.persona.name if isinstance(journey.persona, InlinePersona)
            else journey.persona)
        meta["persona"] = (journey.persona.model_dump(mode="json", exclude_defaults=True)
                           if isinstance(journey.persona, InlinePersona) else journey.persona)
        meta["actor"] = persona_actor
    description = journey.description
    shown_description = "" if description is None else _shown_description(description)
    if description is not None and (not shown_description or shown_description != description):
        meta["description"] = description
    lines.append("  %% Written by cjm convert. The `%% cjm` comments keep the map's ids and "
                 "exact names, so the diagram converts back to the same map.")
    if meta:
        lines.append("  " + _comment("map", meta))
    if title:
        lines.append(f"  title {title}")
        lines.append(f"  accTitle: {title}")
    if shown_description:
        if "\n" in shown_description:
            lines.extend(["  accDescr {", *shown_description.split("\n"), "  }"])
        else:
            lines.append(f"  accDescr: {shown_description}")
    for stage in journey.stages:
        stage_meta: dict[str, Any] = {}
        if not stage.id_derived:
            stage_meta["id"] = stage.id
        shown = _shown_name(stage.name, "section")
        if shown != stage.name:
            stage_meta["name"] = stage.name
        if stage_meta:
            lines.append("  " + _comment("next", stage_meta))
        lines.append(f"  section {shown}")
        for step in stage.steps:
            lines.extend(_task_lines(step, persona_actor))
    text = "\n".join(lines) + "\n"
    return Exported(text.encode("utf-8"), _lost(journey, len(text)))


def _task_lines(step: Step, persona_actor: str | None) -> list[str]:
    step_meta: dict[str, Any] = {}
    if not step.id_derived:
        step_meta["id"] = step.id
    shown = _shown_name(step.name, "task")
    if _read_name(shown) != step.name:
        step_meta["name"] = step.name
    score = 3 if step.emotion is None else step.emotion + 3
    if step.emotion is None:
        step_meta["emotion"] = None
    if step.emotion_assumed:
        step_meta["emotion_assumed"] = True  # Mermaid draws every score alike
    actors = [persona_actor] if persona_actor else []
    if step.team is not None:
        team_actors = _team_actors(step.team)
        if not step.team or ", ".join(a for a in team_actors if a != persona_actor) != step.team:
            step_meta["team"] = step.team
        actors.extend(a for a in team_actors if a not in actors)
    lines = ["    " + _comment("next", step_meta)] if step_meta else []
    line = f"    {shown}: {score}"
    if actors:
        line += ": " + ", ".join(actors)
    return [*lines, line]


def _lost(journey: JourneyMap, size: int) -> list[str]:
    """What a Mermaid journey cannot show, of what this map has."""
    steps = [step for _, step in journey.all_steps()]
    checks = [
        ("scenario", journey.scenario is not None),
        *[(_where(kind, [bool(getattr(s, kind)) for s in steps],
                  [bool(getattr(st, kind)) for st in journey.stages],
                  bool(getattr(journey, kind))), True)
          for kind in ("pain_points", "opportunities")],
        ("metrics", any(stage.metrics for stage in journey.stages)),
        ("stage goals and descriptions", any(st.goal or st.description
                                             for st in journey.stages)),
        ("channels, touchpoints, actions, thoughts and feelings",
         any(s.channel or s.touchpoint or s.actions or s.thoughts or s.feeling for s in steps)),
        ("the blueprint lanes", any(s.frontstage or s.backstage or s.support for s in steps)),
        ("tags and next", any(s.tags or s.next for s in steps)),
        ("evidence", bool(journey.evidence)),
        ("owner, state, review dates and sign-off",
         bool(journey.owner or journey.reviewed or journey.review_every
              or getattr(journey, "review", None) or journey.state.value != "current")),
    ]
    lost = [name for name, present in checks if present and name]
    if size > MAX_TEXT_SIZE:
        lost.append(f"nothing, but the diagram has {size:,} characters and Mermaid draws "
                    f"diagrams of up to {MAX_TEXT_SIZE:,} unless its maxTextSize is raised")
    return lost
