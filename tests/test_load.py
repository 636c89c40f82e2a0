"""The loader: positions, YAML 1.1 traps and the limits that keep hostile files cheap."""

from __future__ import annotations

import datetime as dt

import pytest

from cjm.load import MAX_DEPTH, load_bytes, load_text, resolve_plain


def test_positions_of_values_and_keys_are_one_based() -> None:
    loaded = load_text("cjm: 1\nstages:\n  - name: One\n    steps: [a, b]\n", "f")
    assert loaded.source is not None
    assert loaded.source.position(("stages", 0, "name")) == (3, 11)
    assert loaded.source.position(("stages", 0, "name"), key=True) == (3, 5)
    assert loaded.source.position(("stages", 0, "steps", 1)) == (4, 16)
    # A location that does not exist resolves to its nearest existing parent.
    assert loaded.source.position(("stages", 0, "missing")) == (3, 5)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("no", False), ("On", True), ("yes", True), ("~", None), ("", None),
        ("1_000", 1000), ("0x1F", 31), ("010", 8), ("1:30", 90), ("-2", -2),
        ("0.5", 0.5), ("2026-09-30", dt.date(2026, 9, 30)), ("2026-02-30", "2026-02-30"),
        ("plain words", "plain words"), ("-", "-"), (".", "."),
    ],
)
def test_plain_scalars_resolve_like_yaml_1_1(text: str, value: object) -> None:
    assert resolve_plain(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1e-5", 1e-5), ("5e-324", 5e-324), ("1E5", 1e5), ("-2.5e+3", -2500.0),
        ("1.5e3", 1500.0), ("1.7976931348623157e308", 1.7976931348623157e308),
        ("-.5", -0.5), ("+.5", 0.5), ("0e0", 0.0), ("1e999", float("inf")),
        ("1e", "1e"), ("e5", "e5"), ("1e5x", "1e5x"), ("1.2.3", "1.2.3"), ("1_0e5", "1_0e5"),
    ],
)
def test_yaml_1_2_floats_are_numbers_too(text: str, value: object) -> None:
    """YAML 1.1 wants a dot and a signed exponent (`1.0e-5`); `1e-5` is the form people,
    JSON and YAML 1.2 tools (editors included) write, so cjm reads it as that number."""
    resolved = resolve_plain(text)
    assert resolved == value and type(resolved) is type(value)


def test_special_floats_keep_their_yaml_1_1_spelling() -> None:
    assert resolve_plain(".inf") == float("inf") and resolve_plain("-.Inf") == float("-inf")
    assert resolve_plain(".nan") != resolve_plain(".nan")  # NaN
    assert resolve_plain("inf") == "inf" and resolve_plain("nan") == "nan"
    negative_zero = resolve_plain("-0.0")
    assert negative_zero == 0 and str(negative_zero) == "-0.0"


def test_coerced_scalars_are_remembered_with_their_text() -> None:
    loaded = load_text("a: no\nb: 'no'\nc: 2026-01-01\n", "f")
    assert loaded.source is not None
    assert loaded.source.coerced == {("a",): "no", ("c",): "2026-01-01"}
    assert loaded.source.data["b"] == "no"


def test_keys_stay_text_even_when_yaml_1_1_would_change_them() -> None:
    loaded = load_text("no: 1\n2026-01-01: x\n", "f")
    assert loaded.source is not None
    assert list(loaded.source.data) == ["no", "2026-01-01"]


def test_size_cap_is_checked_before_parsing() -> None:
    loaded = load_bytes(b"a: b\n" * 1000, "big", max_bytes=100)
    assert [p.rule for p in loaded.problems] == ["too-complex"]


def test_depth_limit_is_exact() -> None:
    ok = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    too_deep = "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert load_text(ok, "f").problems == []
    assert [p.rule for p in load_text(too_deep, "f").problems] == ["too-complex"]


def test_deep_block_nesting_is_refused_without_crashing() -> None:
    text = "".join(f"{' ' * i}k{i}:\n" for i in range(5000))
    assert [p.rule for p in load_text(text, "f").problems] == ["too-complex"]


def test_a_huge_flow_nesting_is_refused() -> None:
    # Older libyaml composers crash the process at about 25,000 levels; newer ones stop
    # scanning at 1,000 levels, before the loader's own depth check sees the events.
    text = "a: " + "[" * 200_000
    loaded = load_text(text, "f")
    assert [(p.line, p.column, p.rule) for p in loaded.problems] == [(1, 67, "too-complex")]


@pytest.mark.parametrize("text", [
    "a: " + "[x, " * 2000,
    "a: " + "{b: " * 2000,
    "a:\n" + "".join(" " * i + "- \n" for i in range(1500)),
])
def test_deep_nesting_with_content_between_is_refused(text: str) -> None:
    assert [p.rule for p in load_text(text, "f").problems] == ["too-complex"]


def test_alias_bomb_is_refused_at_the_first_anchor() -> None:
    lines = ['a: &a ["x", "x"]']
    pairs = zip("abcdefgh", "bcdefghi", strict=True)
    lines += [f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}]" for p, c in pairs]
    loaded = load_text("\n".join(lines), "f")
    assert [(p.line, p.rule) for p in loaded.problems] == [(1, "too-complex")]


def test_utf8_byte_order_mark_is_accepted() -> None:
    loaded = load_bytes("\ufeffcjm: 1\n".encode(), "f")
    assert loaded.problems == []
    assert loaded.source is not None and loaded.source.data == {"cjm": 1}


@pytest.mark.parametrize("text", ["a: 'x\x85y'", "a: \u202eevil"])
def test_allowed_unicode_passes(text: str) -> None:
    assert load_text(text, "f").problems == []


def test_unknown_local_tag_is_refused() -> None:
    loaded = load_text("a: !secret x\n", "f")
    assert [p.rule for p in loaded.problems] == ["invalid-value"]


def test_explicit_str_tag_is_allowed() -> None:
    loaded = load_text("a: !!str 2026-01-01\n", "f")
    assert loaded.source is not None and loaded.source.data == {"a": "2026-01-01"}


def test_complex_keys_are_refused() -> None:
    loaded = load_text("? [a, b]\n: c\n", "f")
    assert [p.rule for p in loaded.problems] == ["invalid-value"]
