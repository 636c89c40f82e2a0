"""What a site shows, read from the files: every map with its problems, every persona.

Files are checked as `cjm validate` checks them (workspace references and quality
rules included), so the counts on the site are the ones `cjm validate` reports. A map
with errors is kept, with its problems, so the site lists it instead of leaving it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cjm.diff.changes import DiffOutcome
from cjm.model import InlinePersona, JourneyMap, Persona, PersonaFields, slugify
from cjm.paths import file_stem
from cjm.problems import FileResult, Problem, Severity
from cjm.render.drawing import MapInfo, map_info
from cjm.validate import MapFile, check_batch
from cjm.workspace import WorkspaceContext, context_for

# A current-state map and its future-state twin share an id but for these endings.
TWIN_SUFFIXES = ("-current", "-future", "-as-is", "-to-be", "-today")


@dataclass(frozen=True)
class MapEntry:
    """One map file as the site shows it."""

    path: str
    slug: str
    title: str
    journey: JourneyMap | None  # None when the file has errors: only its problems are shown
    info: MapInfo | None
    problems: tuple[Problem, ...]
    review_every: str = "quarterly"
    persona_slug: str | None = None

    @property
    def errors(self) -> int:
        return FileResult(self.path, list(self.problems)).errors

    @property
    def warnings(self) -> int:
        return FileResult(self.path, list(self.problems)).warnings


@dataclass(frozen=True)
class PersonaEntry:
    """A persona with a page: from a persona file, or written inline in a map."""

    slug: str
    id: str
    persona: PersonaFields
    inline: bool = False  # written inside a map rather than in a persona file


@dataclass(frozen=True)
class SiteContent:
    """Everything the pages are built from."""

    maps: tuple[MapEntry, ...]
    personas: tuple[PersonaEntry, ...]
    broken: tuple[FileResult, ...] = ()  # persona files and cjm.yaml files with problems
    today: dt.date = dt.date(2000, 1, 1)
    since: str | None = None
    changes: DiffOutcome | None = None

    def errors(self) -> list[Problem]:
        """The errors of every file, maps first (as `cjm validate` reports them)."""
        problems = [p for entry in self.maps for p in entry.problems]
        problems += [p for result in self.broken for p in result.problems]
        return [p for p in problems if p.severity == Severity.error]

    def map_by_slug(self, slug: str) -> MapEntry:
        return next(entry for entry in self.maps if entry.slug == slug)

    def persona_by_slug(self, slug: str) -> PersonaEntry:
        return next(entry for entry in self.personas if entry.slug == slug)


class _Slugs:
    """Unique file names, whatever case the file system ignores."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def take(self, wanted: str) -> str:
        base = slugify(wanted) or "page"
        slug, number = base, 1
        while slug.casefold() in self.taken:
            number += 1
            slug = f"{base}-{number}"
        self.taken.add(slug.casefold())
        return slug


def read_site(paths: list[str], today: dt.date,
              map_file: MapFile | None = None) -> SiteContent:
    """Check every file PATHS name (`check_batch`, as `cjm validate` does) and gather the
    maps and personas of a site. `map_file` may run the checks in parallel.

    Raises UsageError when PATHS name nothing.
    """
    batch = check_batch(paths, today=today, map_file=map_file)
    map_slugs, persona_slugs = _Slugs(), _Slugs()
    maps: list[MapEntry] = []
    broken: list[FileResult] = list(batch.workspaces)
    personas: dict[tuple[Path | None, str], PersonaEntry] = {}
    for checked in batch.files:
        path = checked.path
        context = context_for(path)
        problems = tuple(checked.result().problems)
        model = checked.model
        if isinstance(model, Persona):
            key = (context.config_path, model.id)
            if key not in personas:
                personas[key] = PersonaEntry(persona_slugs.take(model.id), model.id, model)
            if problems:
                broken.append(FileResult(path, list(problems)))
            continue
        if model is None and not _looks_like_map(checked.source.data if checked.source else None):
            broken.append(FileResult(path, list(problems)))
            continue
        journey = model if isinstance(model, JourneyMap) and checked.ok else None
        title = journey.title if journey else _raw_title(checked, path)
        slug = map_slugs.take(journey.id if journey else file_stem(path))
        persona_slug = None
        if journey is not None and journey.persona is not None:
            persona_slug = _persona_slug(journey, context, personas, persona_slugs, slug)
        maps.append(MapEntry(
            path, slug, title, journey, map_info(journey, context) if journey else None,
            problems, (journey.review_every if journey and journey.review_every else
                       context.settings.review_every), persona_slug))
    return SiteContent(tuple(maps), tuple(personas.values()), tuple(broken), today)


def _persona_slug(journey: JourneyMap, context: WorkspaceContext,
                  personas: dict[tuple[Path | None, str], PersonaEntry],
                  slugs: _Slugs, map_slug: str) -> str | None:
    persona = journey.persona
    if isinstance(persona, InlinePersona):
        key: tuple[Path | None, str] = (None, f"{map_slug}/{persona.id}")
        if key not in personas:
            personas[key] = PersonaEntry(slugs.take(persona.id), persona.id, persona, True)
        return personas[key].slug
    assert isinstance(persona, str)
    found = context.personas().get(persona)
    if found is None:
        return None
    key = (context.config_path, persona)
    if key not in personas:
        personas[key] = PersonaEntry(slugs.take(persona), persona, found)
    return personas[key].slug


def _looks_like_map(data: object) -> bool:
    """A file that failed to load as any kind is shown with the maps unless it says it is
    a persona (the site lists every broken map rather than leave it out)."""
    return not (isinstance(data, dict) and data.get("kind") == "persona")


def _raw_title(checked: object, path: str) -> str:
    source = getattr(checked, "source", None)
    data = source.data if source is not None else None
    if isinstance(data, dict) and isinstance(data.get("title"), str) and data["title"].strip():
        return str(data["title"])
    return Path(path).name


def twin_of(entry: MapEntry, maps: tuple[MapEntry, ...]) -> MapEntry | None:
    """The map of the other state (current ↔ future) that shares this map's id, but for
    an ending such as `-future` (see TWIN_SUFFIXES)."""
    if entry.journey is None:
        return None
    key = _twin_key(entry.journey.id)
    for other in maps:
        if (other is not entry and other.journey is not None
                and other.journey.state != entry.journey.state
                and _twin_key(other.journey.id) == key):
            return other
    return None


def _twin_key(map_id: str) -> str:
    lowered = map_id.casefold()
    for suffix in TWIN_SUFFIXES:
        if lowered.endswith(suffix):
            return lowered[: -len(suffix)]
    return lowered
