"""`cjm review` edits only the review record, writes atomically, refuses broken maps."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli.app import app
from cjm.model import JourneyMap
from cjm.review import content_hash, sign_off, still_holds
from cjm.validate import check_file

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
DAY = dt.date(2026, 12, 1)
RECORD = re.compile(r"^review:\r?\n(?:  .*\r?\n)+", re.M)

SMALL = """\
# A map with comments everywhere.
cjm: 1
kind: journey
title: Clinic check-in   # the title

owner: front-desk
stages:
  # the only stage
  - name: Arrival at the clinic
    steps:
      - name: Waits in a crowded room
        emotion: -1
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    return tmp_path / "examples"


def _without_record(text: str, original: str) -> str:
    """TEXT with its review record taken out and `reviewed:` as ORIGINAL has it."""
    text = RECORD.sub("", text, count=1)
    before = re.search(r"^reviewed: .*$", original, re.M)
    if before:
        text = re.sub(r"^reviewed: .*$", before.group(0).replace("\\", "\\\\"), text,
                      count=1, flags=re.M)
    return text


def _maps(folder: Path) -> list[Path]:
    return sorted((folder / "maps").glob("*.cjm.yaml"))


def test_every_byte_outside_the_record_stays_in_every_example(workspace: Path) -> None:
    for path in _maps(workspace):
        original = path.read_bytes()
        signed = sign_off(str(path), "Ana Lima", "Q4 review: agreed", DAY)
        assert signed.ok, (path, signed.refused, signed.problems)
        after = path.read_text(encoding="utf-8")
        assert (_without_record(after, original.decode())
                == RECORD.sub("", original.decode(), count=1)), path
        checked = check_file(path, None)
        assert isinstance(checked.model, JourneyMap)
        assert checked.model.review is not None and checked.model.review.by == "Ana Lima"
        assert checked.model.reviewed in (None, DAY)
        assert still_holds(checked.model)


def test_signing_again_replaces_the_record(workspace: Path) -> None:
    path = _maps(workspace)[0]
    original = path.read_text(encoding="utf-8")
    sign_off(str(path), "Ana Lima", "an earlier note", DAY)
    sign_off(str(path), "Sam Ortiz", None, DAY + dt.timedelta(days=90))
    after = path.read_text(encoding="utf-8")
    assert after.count("review:") == 1 and "Sam Ortiz" in after and "earlier note" not in after
    assert _without_record(after, original) == original


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("final_newline", [True, False])
def test_comments_blank_lines_and_line_endings_stay(
        tmp_path: Path, newline: str, final_newline: bool) -> None:
    text = SMALL.replace("\n", newline)
    if not final_newline:
        text = text.removesuffix(newline)
    path = tmp_path / "clinic.cjm.yaml"
    path.write_bytes(text.encode())
    assert sign_off(str(path), "Ana", None, DAY).ok
    after = path.read_bytes().decode()
    assert RECORD.sub("", after) == text
    assert f"owner: front-desk{newline}review:{newline}  date: 2026-12-01{newline}" in after
    assert after.count("\r") == (after.count("\n") if newline == "\r\n" else 0)


def test_a_map_with_only_a_title_before_its_stages(tmp_path: Path) -> None:
    path = tmp_path / "m.cjm.yaml"
    path.write_text("cjm: 1\nkind: journey\ntitle: T\nstages:\n  - name: S\n",
                    encoding="utf-8")
    assert sign_off(str(path), "Ana", None, DAY).ok
    assert path.read_text(encoding="utf-8").startswith(
        "cjm: 1\nkind: journey\ntitle: T\nreview:\n  date: 2026-12-01\n  by: Ana\n  hash: ")


@pytest.mark.parametrize("who", ["yes", "Ana: lead", "#1 fan", "Zoë \u2028 Ng", '"quoted"',
                                 "ends with space ", "José Müller-Lüdenscheidt"])
def test_any_name_reads_back_as_written(tmp_path: Path, who: str) -> None:
    path = tmp_path / "m.cjm.yaml"
    path.write_text(SMALL, encoding="utf-8")
    signed = sign_off(str(path), who, who, DAY)
    assert signed.ok
    model = check_file(path, None).model
    assert isinstance(model, JourneyMap) and model.review is not None
    assert model.review.by == " ".join(who.split())
    assert model.review.note == who.strip()


def _refused(tmp_path: Path, broken: str) -> str:
    """Sign off a map written as BROKEN: refused (exit 1), the file untouched; stderr."""
    path = tmp_path / "m.cjm.yaml"
    path.write_text(broken, encoding="utf-8")
    result = CliRunner().invoke(app, ["review", str(path), "--by", "Ana"])
    assert result.exit_code == 1
    assert path.read_text(encoding="utf-8") == broken
    return result.stderr


def test_a_map_with_errors_is_not_signed_and_not_touched(tmp_path: Path) -> None:
    stderr = _refused(tmp_path, SMALL.replace("emotion: -1", "emotion: -5"))
    assert "invalid-value" in stderr and "not signed off" in stderr


def test_an_unresolved_reference_is_an_error_too(workspace: Path) -> None:
    path = workspace / "maps" / "support-complaint.cjm.yaml"
    text = path.read_text(encoding="utf-8").replace("channel: phone", "channel: carrier-pigeon",
                                                    1)
    path.write_text(text, encoding="utf-8")
    assert not sign_off(str(path), "Ana", None, DAY).ok
    assert path.read_text(encoding="utf-8") == text


def test_an_overdue_or_changed_map_can_be_signed(tmp_path: Path) -> None:
    path = tmp_path / "m.cjm.yaml"
    path.write_text("cjm: 1\nkind: journey\ntitle: T\nreviewed: 2020-01-01\n"
                    "stages:\n  - name: S\n", encoding="utf-8")
    (tmp_path / "cjm.yaml").write_text(
        "cjm: 1\nrules: {review-overdue: error, changed-since-review: error}\n",
        encoding="utf-8")
    assert sign_off(str(path), "Ana", None, DAY).ok
    assert "reviewed: 2026-12-01\n" in path.read_text(encoding="utf-8")


def test_personas_are_refused_and_what_cannot_be_read_exits_2(workspace: Path) -> None:
    runner = CliRunner()
    persona = workspace / "personas" / "busy-parent.cjm.yaml"
    before = persona.read_bytes()
    for target, words, code in [
            (persona, "is a persona file", 1),
            (workspace / "maps", "maps: is a folder", 2),
            (workspace / "nope.cjm.yaml", "nope.cjm.yaml: no such file or folder", 2),
            ("-", "-: standard input cannot be signed off", 2)]:
        result = runner.invoke(app, ["review", str(target), "--by", "Ana"])
        assert result.exit_code == code and words in result.stderr, result.output
        assert "Traceback" not in result.output
    assert persona.read_bytes() == before
    # as validate and render say of a file they cannot read
    missing = str(workspace / "nope.cjm.yaml")
    assert runner.invoke(app, ["validate", missing]).exit_code == 2
    assert runner.invoke(app, ["review", missing, "--by", "Ana"]).exit_code == 2


def test_usage_errors_exit_2(workspace: Path) -> None:
    path = str(_maps(workspace)[0])
    runner = CliRunner()
    assert runner.invoke(app, ["review", path]).exit_code == 2  # no --by
    assert runner.invoke(app, ["review", path, "--by", "Ana", "--date", "soon"]).exit_code == 2
    assert runner.invoke(app, ["review", path, "--by", "  "]).exit_code == 2


def test_the_file_keeps_its_mode_and_links_stay_links(tmp_path: Path) -> None:
    target = tmp_path / "real.cjm.yaml"
    target.write_text(SMALL, encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.cjm.yaml"
    link.symlink_to(target)
    assert sign_off(str(link), "Ana", None, DAY).ok
    assert link.is_symlink()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert "review:" in target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".cjm-")] == []


def test_the_installed_command_signs_several_maps(workspace: Path) -> None:
    maps = [str(p) for p in _maps(workspace)[:2]]
    done = subprocess.run([str(Path(sys.executable).parent / "cjm"), "review", *maps,
                           "--by", "CX team", "--note", "Q4", "--date", "2026-12-01"],
                          capture_output=True, text=True, check=False, cwd=workspace)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2 and all("signed off by CX team on 2026-12-01" in x for x in lines)
    validated = subprocess.run([str(Path(sys.executable).parent / "cjm"), "validate",
                                "--today", "2026-12-02", *maps], capture_output=True,
                               text=True, check=False, cwd=workspace)
    assert "changed-since-review" not in validated.stdout
    assert "review-overdue" not in validated.stdout


def test_the_hash_is_of_the_content_without_the_record(workspace: Path) -> None:
    path = _maps(workspace)[0]
    model = check_file(path, None).model
    assert isinstance(model, JourneyMap)
    before = content_hash(model)
    sign_off(str(path), "Ana", None, DAY)
    after = check_file(path, None).model
    assert isinstance(after, JourneyMap) and content_hash(after) == before


def test_the_edit_is_checked_to_change_the_review_record_alone() -> None:
    """Signing reads the map once; the edited text is then read back by a plain YAML
    loader beside the original: any other value that changed stops the write."""
    from cjm.model import Review
    from cjm.review import _means_the_same, with_review_record

    raw = (b"cjm: 1\nkind: journey\ntitle: Checkout\nreviewed: 2026-01-05\n"
           b"stages:\n  - name: Pay # the step\n    steps:\n      - name: Pays\n")
    record = Review(date=dt.date(2026, 12, 1), by="Sam Ortiz", note="Looks right",
                    hash="sha256:" + "0" * 64)
    edited = with_review_record(raw, record)
    assert b"# the step" in edited and b"reviewed: 2026-12-01" in edited
    assert _means_the_same(raw, edited, record)
    assert not _means_the_same(raw, edited.replace(b"Pays", b"Paid"), record)
    assert not _means_the_same(raw, edited.replace(b"by: Sam Ortiz", b"by: Kim"), record)
    assert not _means_the_same(raw, edited.replace(b"reviewed: 2026-12-01",
                                                   b"reviewed: 2026-01-05"), record)
    assert not _means_the_same(raw, b"- a list\n", record)


@pytest.mark.parametrize("record", [
    "review: yes\n",
    "review: [CX team, 2026-11-01]\n",
    "review:\n  date: 2026-13-01\n  by: X\n  hash: sha256:00\n",
    "review:\n  by: X\n  extra: 1\n",
])
def test_a_record_that_is_not_valid_is_replaced_and_nothing_else(
        tmp_path: Path, record: str) -> None:
    # The record is the one part of a map cjm review writes: its errors are what
    # signing mends, so the map is signed, and every other byte stays.
    path = tmp_path / "m.cjm.yaml"
    broken = SMALL.replace("owner: front-desk\n", f"owner: front-desk\n{record}")
    path.write_text(broken, encoding="utf-8")
    assert not check_file(str(path), None).ok
    result = CliRunner().invoke(app, ["review", str(path), "--by", "Ana", "--date",
                                      "2026-12-01"])
    assert result.exit_code == 0, result.output
    assert "its review record was not valid; the new one replaces it" in result.stderr
    text = path.read_text(encoding="utf-8")
    assert RECORD.sub("", text, count=1) == SMALL
    signed = check_file(str(path), None, today=DAY)
    assert signed.ok and isinstance(signed.model, JourneyMap)
    assert still_holds(signed.model) is True


def test_a_bad_record_and_another_error_is_refused_with_both(tmp_path: Path) -> None:
    stderr = _refused(tmp_path, SMALL.replace(
        "owner: front-desk\n", "owner: front-desk\nreview: yes\n").replace(
        "emotion: -1", "emotion: -5"))
    assert '"review" must be a mapping' in stderr and '"emotion"' in stderr


def test_a_bad_record_says_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "m.cjm.yaml"
    path.write_text(SMALL.replace("owner: front-desk\n", "owner: front-desk\nreview:\n"
                                  "  by: X\n  hash: md5:abc\n  extra: 1\n"), encoding="utf-8")
    messages = [p.message for p in check_file(str(path), None).problems]
    assert 'a review record needs "date"; add it' in messages
    assert any(m.startswith('"extra" is not a key of a review record') for m in messages)
    assert ('"hash" "md5:abc" is not a hash cjm review writes (sha256: and 64 hex digits); '
            "sign the map off again with cjm review, which writes the whole record"
            ) in messages


def test_a_read_only_file_is_left_alone_and_the_batch_goes_on(tmp_path: Path) -> None:
    locked, other = tmp_path / "locked.cjm.yaml", tmp_path / "other.cjm.yaml"
    locked.write_text(SMALL, encoding="utf-8")
    other.write_text(SMALL, encoding="utf-8")
    locked.chmod(0o444)  # read-only for everyone, root included
    result = CliRunner().invoke(app, ["review", str(locked), str(other), "--by", "Ana"])
    assert result.exit_code == 2, result.output
    assert (f"not signed off: {locked}: the file is read-only; make it writable to sign "
            "it off") in result.stderr
    assert locked.read_text(encoding="utf-8") == SMALL
    assert stat.S_IMODE(locked.stat().st_mode) == 0o444
    assert f"{other}: signed off by Ana" in result.stdout


def test_a_batch_reports_every_file(workspace: Path) -> None:
    maps = _maps(workspace)
    bad = maps[0]
    text = bad.read_text(encoding="utf-8").replace("\nstages:\n", "\ncolour: red\nstages:\n", 1)
    bad.write_text(text, encoding="utf-8")
    missing = workspace / "maps" / "gone.cjm.yaml"
    result = CliRunner().invoke(app, ["review", str(bad), str(missing), *map(str, maps[1:]),
                                      "--by", "Ana"])
    assert result.exit_code == 2  # a file that cannot be read outweighs a refusal
    assert f"not signed off: {bad} has errors" in result.stderr
    assert '"colour" is not a key' in result.stderr
    assert f"not signed off: {missing}: no such file" in result.stderr
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        str(path) for path in maps[1:]]
    assert bad.read_text(encoding="utf-8") == text


_OLD_HASH = "sha256:" + "0" * 64
# A record as an author writes it, with comments on its lines and after it, and the
# record cjm review writes in its place: the same comments on the same fields.
COMMENTED = {
    "flow": (f"review: {{by: Cam Reyes, date: 2026-09-01, hash: {_OLD_HASH}}}"
             "  # Q3 sign-off\n# after the record\n",
             'review: {{date: 2026-12-01, by: Ana Lima, note: "Q4 review: agreed", '
             "hash: {hash}}}  # Q3 sign-off\n# after the record\n"),
    "block": ("review:  # Q3 sign-off\n  # who signed\n  by: Cam Reyes  # the PM\n"
              "  date: 2026-09-01 # the meeting\n  note: 'a # in a value'\n"
              f"  hash: {_OLD_HASH}  # of the content\n# after the record\n\n",
              "review:  # Q3 sign-off\n  date: 2026-12-01 # the meeting\n"
              "  # who signed\n  by: Ana Lima  # the PM\n"
              '  note: "Q4 review: agreed"\n'
              "  hash: {hash}  # of the content\n# after the record\n\n"),
}


@pytest.mark.parametrize("style", sorted(COMMENTED))
def test_comments_on_and_after_the_record_stay_in_every_example(
        workspace: Path, style: str) -> None:
    written, expected = COMMENTED[style]
    for path in _maps(workspace):
        text = RECORD.sub("", path.read_text(encoding="utf-8"), count=1)
        title = re.search(r"^title: .*\n", text, re.M)
        assert title is not None, path
        text = text[:title.end()] + written + text[title.end():]
        path.write_text(text, encoding="utf-8")
        signed = sign_off(str(path), "Ana Lima", "Q4 review: agreed", DAY)
        assert signed.ok and signed.review is not None, (path, signed.problems)
        after = path.read_text(encoding="utf-8")
        want = text.replace(written, expected.format(hash=signed.review.hash))
        assert _without_reviewed(after, text) == want, path
        checked = check_file(path, None)
        assert isinstance(checked.model, JourneyMap) and still_holds(checked.model)
        assert checked.model.review is not None and checked.model.review.by == "Ana Lima"


def _without_reviewed(text: str, original: str) -> str:
    """TEXT with `reviewed:` as ORIGINAL has it (signing sets it to the day)."""
    before = re.search(r"^reviewed: .*$", original, re.M)
    if not before:
        return text
    return re.sub(r"^reviewed: .*$", before.group(0).replace("\\", "\\\\"), text,
                  count=1, flags=re.M)


def test_a_one_line_record_keeps_its_comment_through_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "m.cjm.yaml"
    path.write_text(SMALL.replace("owner: front-desk\n", "owner: front-desk\n"
                                  + COMMENTED["flow"][0]), encoding="utf-8")
    result = CliRunner().invoke(app, ["review", str(path), "--by", "Ana Lima",
                                      "--date", "2026-12-01"])
    assert result.exit_code == 0, result.output
    line = path.read_text(encoding="utf-8").splitlines()[6]
    assert line.startswith("review: {date: 2026-12-01, by: Ana Lima, hash: sha256:")
    assert line.endswith("}  # Q3 sign-off")


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("final_newline", [True, False])
def test_a_record_at_the_end_keeps_its_comments_and_line_endings(
        tmp_path: Path, newline: str, final_newline: bool) -> None:
    path = tmp_path / "m.cjm.yaml"
    text = SMALL + f"review:  # Q3\n  by: Cam  # the PM\n  hash: {_OLD_HASH}  # old"
    path.write_bytes((text + ("\n" if final_newline else "")).replace(
        "\n", newline).encode("utf-8"))
    signed = sign_off(str(path), "Ana", None, DAY)
    assert signed.review is not None
    want = SMALL + (f"review:  # Q3\n  date: 2026-12-01\n  by: Ana  # the PM\n"
                    f"  hash: {signed.review.hash}  # old")
    assert path.read_bytes() == (want + ("\n" if final_newline else "")).replace(
        "\n", newline).encode("utf-8")
