"""What a sign-off is bound to: the map's content hash, and the version that was signed.

The hash is of the map's *meaning*: the validated model in a canonical form, without
the review record itself (`review:` and `reviewed:`). Re-indenting, re-ordering keys,
editing comments or writing a default value out does not change it; any change of
content does. `cjm review` (`cjm.review`) writes the record; the rule
`changed-since-review` reads it.
"""

from __future__ import annotations

from pathlib import Path

from cjm.model import JourneyMap
from cjm.problems import CjmError
from cjm.shape import check_shape_of_bytes

# The keys of the review record: never part of the content hash.
RECORD_KEYS = ("review", "reviewed")
# How far back in git history `reviewed_version` looks for the version that was signed.
HISTORY_LIMIT = 50


def content_hash(journey: JourneyMap) -> str:
    """`sha256:…` of the map's meaning: the model in canonical JSON, no review record.

    Defaults are left out, so writing `severity: medium` out or leaving it to its
    default is the same content (and a new optional field in the format keeps old
    sign-offs valid)."""
    # Imported here, not at the top: only maps with a review record are hashed, and
    # hashlib loads OpenSSL (start-up time of every other cjm validate).
    import hashlib
    import json

    data = journey.model_dump(mode="json", exclude_defaults=True, exclude=set(RECORD_KEYS))
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def still_holds(journey: JourneyMap) -> bool | None:
    """Whether the map's sign-off matches its content (None: it was never signed off)."""
    if journey.review is None:
        return None
    return journey.review.hash == content_hash(journey)


def reviewed_version(path: str, recorded: str) -> JourneyMap | None:
    """The newest committed version of the map at PATH whose content has the RECORDED
    hash: the map as it was signed off (None outside git, or when none matches)."""
    # Imported here, not at the top: only a map changed since its review (start-up).
    from cjm import git

    try:
        repo = git.open_repository(Path(path).resolve().parent)
        versions = repo.versions(str(Path(path).resolve()), HISTORY_LIMIT)
    except CjmError:
        return None
    for _, raw in versions:
        model = check_shape_of_bytes(raw, path).model
        if isinstance(model, JourneyMap) and content_hash(model) == recorded:
            return model
    return None
