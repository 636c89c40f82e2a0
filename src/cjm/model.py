"""The cjm file format as pydantic models: the single source of truth.

Every JSON Schema in `schemas/` and every check of a file's shape comes from here.
Models only describe one file; whether references resolve across a map (or to the
workspace's personas and channels) is checked in `cjm.references`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

FORMAT_VERSION = 1

# Letters and digits of any script, and '-', '_' and '.' after the first: no spaces and
# no other punctuation. Written with explicit ASCII ranges so that Python, pydantic's
# regex engine and the JavaScript of editors read it alike.
ID_PATTERN = r"^[^\s!-/:-@\[-`{-~][^\s!-,/:-@\[-^`{-~]*$"
REVIEW_EVERY_PATTERN = r"^(monthly|quarterly|yearly|[1-9][0-9]{0,4}d)$"
URL_PATTERN = r"^(https?://|mailto:)\S+$"

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=100),
    Field(description="A short stable identifier: letters (of any script), digits, '-', '_' "
          "or '.'; no spaces."),
]
Url = Annotated[
    str,
    StringConstraints(pattern=URL_PATTERN, max_length=2000),
    Field(description="An http(s):// or mailto: link."),
]


def _one_or_many(value: Any) -> Any:
    """Let a writer put a single string where a list of strings is expected."""
    return [value] if isinstance(value, str) else value


TextList = Annotated[
    list[str],
    BeforeValidator(_one_or_many),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}},
            ]
        }
    ),
]
IdList = Annotated[
    list[Id],
    BeforeValidator(_one_or_many),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": ID_PATTERN},
                {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
            ]
        }
    ),
]


class State(StrEnum):
    current = "current"
    future = "future"


class Severity(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"


class OpportunityStatus(StrEnum):
    idea = "idea"
    planned = "planned"
    in_progress = "in-progress"
    done = "done"
    dropped = "dropped"


class Better(StrEnum):
    """Which way a metric is better (members are not called `lower`: str has that method)."""

    more = "higher"
    less = "lower"


class EvidenceKind(StrEnum):
    interview = "interview"
    survey = "survey"
    analytics = "analytics"
    support = "support"
    sales = "sales"
    observation = "observation"
    other = "other"


# What each value of a choice means: the schema gives it to editors, next to the value.
VALUE_MEANINGS: dict[type[StrEnum], dict[str, str]] = {
    State: {
        "current": "The journey as customers live it today.",
        "future": "The journey as the team plans it.",
    },
    Severity: {
        "low": "It annoys, but customers get past it.",
        "medium": "It slows customers down or costs them effort.",
        "high": "It makes customers give up, complain or call.",
    },
    OpportunityStatus: {
        "idea": "Proposed, not decided.",
        "planned": "Decided, not started.",
        "in-progress": "Being worked on.",
        "done": "Shipped.",
        "dropped": "Decided against; it no longer counts as addressing a pain point.",
    },
    Better: {
        "higher": "More is better: the target is met at or above it (conversion, NPS).",
        "lower": "Less is better: the target is met at or below it (wait time, drop-off).",
    },
    EvidenceKind: {
        "interview": "Customer interviews.",
        "survey": "A survey's answers.",
        "analytics": "Product or web analytics.",
        "support": "Support tickets, calls or chats.",
        "sales": "What sales hears from prospects.",
        "observation": "Watching customers, e.g. usability tests or shadowing.",
        "other": "Any other source.",
    },
}
# How a customer feels at a step, by its emotion score: the words every drawing shows.
EMOTION_WORDS = {-2: "very negative", -1: "negative", 0: "neutral", 1: "positive",
                 2: "very positive"}
# The named review cadences and their months; any other is a number of days, like 45d.
REVIEW_CADENCES = {"monthly": 1, "quarterly": 3, "yearly": 12}


def slugify(text: str, max_length: int = 48) -> str:
    """An id from a name: its words in lower case (where the script has case), joined by
    '-' (empty if none). Letters of every script are kept; Latin letters lose their
    accents (`Café` → `cafe`), which is how such ids have always been written."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char) and kept and kept[-1].isascii():
            continue  # an accent on a Latin letter
        kept.append(char)
    normal = unicodedata.normalize("NFC", "".join(kept)).lower()
    slug = re.sub(r"[\W_]+", "-", normal).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


@dataclass(frozen=True)
class Hint:
    """What to tell a writer whose value of a field is refused, kept with the field.

    Put in the field's `Annotated[...]`; `cjm.model_errors` reads it. `wrong` is the
    message for a value of the wrong form or range, with `{field}` and `{value}` in it;
    `empty_list` the message for a list that must not be empty.
    """

    wrong: str = ""
    empty_list: str = ""


REVIEW_EVERY_HINT = Hint(
    wrong='"{field}" is {value}; use monthly, quarterly, yearly or a number of days like 45d')
CHANNEL_HINT = Hint(
    wrong='"{field}" {value} is not a channel of the catalog: use a channel id such as web, '
          'phone or email (docs/format.md lists them), or add the channel under channels.add '
          'in cjm.yaml')
URL_HINT = Hint(wrong='"{field}" {value} must start with http://, https:// or mailto:')


def _whole_float_as_int(value: Any) -> Any:
    """`-1.0` is the whole number -1, as it is for JSON Schema (and so for editors)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


# Numbers are refused when written in quotes ("0.5"), as the JSON Schema refuses them.
Number = Annotated[float, Strict()]
WholeNumber = Annotated[int, BeforeValidator(_whole_float_as_int), Strict()]


def empty_list() -> list[Any]:
    """The default of a list field.

    Not the builtin `list`: building a model, pydantic reads the signature of every
    default factory, and a builtin's is parsed from its text with `tokenize`, whose first
    use compiles its patterns: 3 % of one map's `cjm validate`.
    """
    return []


def empty_dict() -> dict[Any, Any]:
    """The default of a mapping field (not the builtin `dict`, as for `empty_list`)."""
    return {}


class StrictModel(BaseModel):
    # allow_inf_nan=False: `.nan` and `.inf` are no values a map can mean (nor JSON hold).
    # defer_build: a model's validator is built on its first use, not at import; a run
    # that checks one map builds the journey's validator only (start-up time).
    model_config = ConfigDict(extra="forbid", use_enum_values=False, allow_inf_nan=False,
                              defer_build=True)


class _Identified(StrictModel):
    """An entity whose `id` may be left out and is then derived from its name or text."""

    id: str = Field(
        "",
        pattern=ID_PATTERN,
        max_length=100,
        description="Optional: derived from the name (or text) when left out.",
    )

    def _id_source(self) -> str:
        raise NotImplementedError

    @model_validator(mode="after")
    def _derive_id(self) -> _Identified:
        if not self.id:
            # Written past __setattr__ so that "id" stays out of the fields set: that is
            # how `id_derived` knows (a private attribute cost a tenth of a file's check).
            self.__dict__["id"] = slugify(self._id_source())
        return self

    @property
    def id_derived(self) -> bool:
        """True when the writer left the id out and cjm derived it."""
        return "id" not in self.__pydantic_fields_set__


class Metric(_Identified):
    """A number the team tracks for a stage, with its target."""

    name: str = Field(description="What is measured, e.g. 'Ad click-through'.")
    value: Number | None = Field(None, description="The latest measured value.")
    target: Number | None = Field(None, description="The value the team aims for.")
    unit: str | None = Field(None, description="Unit of value and target, e.g. ratio, %, s, EUR.")
    better: Better = Field(
        Better.more,
        description="higher (the target is met at or above it) or lower (met at or below it, "
        "e.g. an average call time).",
    )
    owner: str | None = Field(None, description="Who is responsible for this number.")
    source: str | None = Field(None, description="Where the value comes from.")

    @field_validator("value", "target", mode="before")
    @classmethod
    def _no_booleans(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("a number is expected, not yes/no")
        return value

    def _id_source(self) -> str:
        return self.name

    @property
    def meets_target(self) -> bool | None:
        """Whether value reaches target the way `better` says: at or above it (higher),
        at or below it (lower); None when value or target is missing."""
        return target_met(self.value, self.target, self.better)


def target_met(value: float | None, target: float | None,
               better: Better | str = Better.more) -> bool | None:
    """Whether VALUE meets TARGET for a metric whose direction is BETTER (None when
    either number is missing): the one place that decides met / not met."""
    if value is None or target is None:
        return None
    return value <= target if better == Better.less else value >= target


class PainPoint(_Identified):
    """Something that hurts the customer: at a step, in a whole stage, or all along the map."""

    text: str = Field(description="The pain in the customer's words or the team's.")
    severity: Severity = Field(Severity.medium, description="low, medium or high.")
    evidence: IdList = Field(
        default_factory=empty_list,
        description="Ids of evidence entries that support this pain point."
    )
    assumed: bool = Field(
        False,
        description="true when the team believes it but research has not confirmed it yet "
        "(the assumed-claim rule counts these).",
    )

    def _id_source(self) -> str:
        return self.text


class Opportunity(_Identified):
    """Something the team could do, or has committed to do, to improve a step, a stage or
    the whole journey."""

    text: str = Field(description="What the team would change.")
    owner: str | None = Field(None, description="Who is responsible for it.")
    status: OpportunityStatus = Field(
        OpportunityStatus.idea, description="idea, planned, in-progress, done or dropped."
    )
    addresses: IdList = Field(
        default_factory=empty_list, description="Ids of the pain points this opportunity addresses."
    )
    link: Annotated[Url | None, URL_HINT] = Field(
        None, description="A link to the ticket or document.")

    def _id_source(self) -> str:
        return self.text


Emotion = Annotated[WholeNumber, Field(ge=-2, le=2)]
EMOTION_HINT = Hint(wrong='"{field}" is {value}; it must be a whole number from -2 (very '
                          'negative) to 2 (very positive)')


class Step(_Identified):
    """One thing the customer does, at one touchpoint."""

    name: str = Field(description="What the customer does, in a few words.")
    channel: Annotated[Id | None, CHANNEL_HINT] = Field(
        None, description="A channel id from the channel catalog.")
    touchpoint: str | None = Field(None, description="Where the customer meets the company.")
    actions: TextList = Field(default_factory=empty_list, description="What the customer does.")
    thoughts: TextList = Field(default_factory=empty_list, description="What the customer thinks.")
    emotion: Annotated[Emotion | None, EMOTION_HINT] = Field(
        None, description="How the customer feels: -2 very negative, 0 neutral, 2 very positive."
    )
    emotion_assumed: bool = Field(
        False,
        description="true when the emotion is the team's guess, not yet observed in research "
        "(the assumed-claim rule counts these).",
    )
    feeling: str | None = Field(None, description="A word for the feeling, shown by the curve.")
    frontstage: TextList = Field(
        default_factory=empty_list, description="Blueprint: what the customer sees the company do."
    )
    backstage: TextList = Field(
        default_factory=empty_list, description="Blueprint: what the company does out of sight."
    )
    support: TextList = Field(
        default_factory=empty_list, description="Blueprint: systems and processes behind it."
    )
    team: str | None = Field(None, description="Who owns this step inside the company.")
    tags: IdList = Field(default_factory=empty_list,
                         description="Free labels, e.g. moment-of-truth.")
    next: IdList = Field(
        default_factory=empty_list,
        description="Ids of the steps that follow (any stage); default: the next step in order.",
    )
    pain_points: list[PainPoint] = Field(default_factory=empty_list, description="What hurts here.")
    opportunities: list[Opportunity] = Field(
        default_factory=empty_list, description="What the team could do here."
    )

    def _id_source(self) -> str:
        return self.name


class Stage(_Identified):
    """A phase of the journey, holding its steps in order."""

    name: str = Field(description="The stage's name, e.g. Discover.")
    goal: str | None = Field(None, description="What the customer wants to achieve here.")
    description: str | None = Field(None, description="More about this stage.")
    metrics: list[Metric] = Field(default_factory=empty_list, description="Numbers tracked here.")
    steps: list[Step] = Field(default_factory=empty_list, description="The steps, in order.")
    pain_points: list[PainPoint] = Field(
        default_factory=empty_list,
        description="What hurts all through this stage, not at one step."
    )
    opportunities: list[Opportunity] = Field(
        default_factory=empty_list, description="What the team could do for this stage as a whole."
    )

    def _id_source(self) -> str:
        return self.name


class Evidence(StrictModel):
    """A source the map's claims rest on: research, data, support tickets."""

    id: Id = Field(description="The id pain points use to cite this evidence.")
    kind: EvidenceKind = Field(
        EvidenceKind.other,
        description="interview, survey, analytics, support, sales, observation or other.",
    )
    title: str = Field(description="What the evidence is.")
    date: dt.date | None = Field(None, description="When it was gathered (YYYY-MM-DD).")
    url: Annotated[Url | None, URL_HINT] = Field(None, description="Where to find it.")
    description: str | None = Field(None, description="More about it.")


REVIEW_HASH_PATTERN = r"^sha256:[0-9a-f]{64}$"
REVIEW_HASH_HINT = Hint(
    wrong='"{field}" {value} is not a hash cjm review writes (sha256: and 64 hex digits); '
          "sign the map off again with cjm review, which writes the whole record")


class Review(StrictModel):
    """A sign-off written by `cjm review`: who reviewed the map, when, and what they saw."""

    date: dt.date = Field(description="The day of the review (YYYY-MM-DD).")
    by: str = Field(min_length=1, max_length=200, description="Who signed the map off.")
    note: str | None = Field(None, max_length=2000, description="What the review decided.")
    hash: Annotated[str, REVIEW_HASH_HINT] = Field(
        pattern=REVIEW_HASH_PATTERN,
        description="sha256 of the map's content as reviewed (everything but the review "
        "record); `cjm validate` warns when the map no longer matches it.",
    )


def _fact(value: Any) -> Any:
    """A persona fact as the format allows it, or one sentence on what to write instead."""
    if isinstance(value, bool):
        raise ValueError("a fact is a text, a number or a list of texts, not yes/no; "
                         "quote it if it is text")
    if isinstance(value, float) and not math.isfinite(value):
        # One sentence here, not one per member of the union below.
        raise ValueError(f"{value} is not a number a map can hold; write a finite number, "
                         "or quote it if it is text")
    if isinstance(value, str | int | float):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    shape = "a mapping" if isinstance(value, dict) else "a list of other things than text" \
        if isinstance(value, list) else "empty" if value is None else "not a text"
    raise ValueError(f"a fact is a text, a number or a list of texts, not {shape}; "
                     "write it as one text, or give each part a fact of its own")


# A persona fact: a text, a number (age: 34) or a list of texts (tools: [Excel, Slack]).
Fact = Annotated[
    str | Annotated[int, Strict()] | Annotated[float, Strict()] | list[str],
    BeforeValidator(_fact),
]


class PersonaFields(StrictModel):
    """What describes a persona, in its own file or inline in a map."""

    name: str = Field(description="The persona's name, e.g. Busy parent.")
    description: str | None = Field(None, description="Who they are.")
    segment: str | None = Field(None, description="The customer segment they stand for.")
    goals: TextList = Field(default_factory=empty_list, description="What they want.")
    needs: TextList = Field(default_factory=empty_list, description="What they need from us.")
    frustrations: TextList = Field(default_factory=empty_list, description="What annoys them.")
    quote: str | None = Field(None, description="A typical sentence of theirs.")
    expectations: TextList = Field(
        default_factory=empty_list, description="What they expect of the company on this journey."
    )
    facts: dict[Annotated[str, StringConstraints(min_length=1, max_length=100)], Fact] = Field(
        default_factory=empty_dict,
        description="Facts about them under labels of your own: age, location, tools… "
        "Each is a text, a number or a list of texts.",
    )


class InlinePersona(PersonaFields):
    """A persona written inside a journey map."""

    id: str = Field(
        "", pattern=ID_PATTERN, max_length=100, description="Optional: derived from the name."
    )

    @model_validator(mode="after")
    def _derive_id(self) -> InlinePersona:
        if not self.id:
            self.id = slugify(self.name)
        return self


class Persona(PersonaFields):
    """A persona file (`kind: persona`), shared by many maps."""

    cjm: Literal[1] = Field(description="The cjm format version: 1.")
    kind: Literal["persona"] = Field(description="persona")
    id: Id = Field(description="The id maps use in their `persona:` field.")


class JourneyMap(StrictModel):
    """A journey map file (`kind: journey`): one persona's path through stages and steps."""

    cjm: Literal[1] = Field(description="The cjm format version: 1.")
    kind: Literal["journey"] = Field(description="journey")
    id: str = Field(
        "",
        pattern=ID_PATTERN,
        max_length=100,
        description="Optional: the file's name without .cjm.yaml when left out.",
    )
    title: str = Field(description="The journey's title.")
    persona: Id | InlinePersona | None = Field(
        None, description="A persona id of the workspace, or an inline persona."
    )
    state: State = Field(State.current, description="current (as it is) or future (as planned).")
    owner: str | None = Field(None, description="Who keeps this map up to date.")
    reviewed: dt.date | None = Field(None, description="Date of the last review (YYYY-MM-DD).")
    review_every: Annotated[str | None, REVIEW_EVERY_HINT] = Field(
        None,
        pattern=REVIEW_EVERY_PATTERN,
        description="monthly, quarterly, yearly or '<N>d'; default from cjm.yaml, else quarterly.",
    )
    review: Review | None = Field(
        None, description="The last sign-off, as `cjm review` records it."
    )
    scenario: str | None = Field(
        None, description="The situation the journey covers: what the persona sets out to do, "
        "and why.")
    description: str | None = Field(None, description="What the journey covers.")
    stages: Annotated[
        list[Stage], Hint(empty_list='a journey needs at least one stage under "stages"')
    ] = Field(min_length=1, description="The stages, in order; at least one.")
    pain_points: list[PainPoint] = Field(
        default_factory=empty_list,
        description="What hurts all along the journey, not in one stage."
    )
    opportunities: list[Opportunity] = Field(
        default_factory=empty_list, description="What the team could do for the journey as a whole."
    )
    evidence: list[Evidence] = Field(
        default_factory=empty_list, description="Where the map's claims come from."
    )

    def all_steps(self) -> list[tuple[Stage, Step]]:
        """Every step with its stage, in journey order."""
        return [(stage, step) for stage in self.stages for step in stage.steps]

    def persona_id(self) -> str | None:
        if isinstance(self.persona, InlinePersona):
            return self.persona.id
        return self.persona


def review_due(reviewed: dt.date, every: str) -> dt.date:
    """The date by which a map reviewed on `reviewed` must be reviewed again.

    Past the last day Python's dates reach (9999-12-31), it is that last day: a review
    that far away is never overdue, and every command can still show it.
    """
    months = REVIEW_CADENCES.get(every)
    if months is None:
        days = every.rstrip("d")
        if len(days) > len(str(_MAX_DAYS)) or int(days) > _MAX_DAYS:
            return dt.date.max
        try:
            return reviewed + timedelta(days=int(days))
        except OverflowError:
            return dt.date.max
    month_index = reviewed.month - 1 + months
    year, month = reviewed.year + month_index // 12, month_index % 12 + 1
    if year > dt.MAXYEAR:
        return dt.date.max
    import calendar  # here: only maps with a review date need it (start-up time)

    day = min(reviewed.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


# The days between the first and the last date Python knows.
_MAX_DAYS = (dt.date.max - dt.date.min).days


KINDS: dict[str, type[BaseModel]] = {"journey": JourneyMap, "persona": Persona}
