"""YAML's mistakes in the writer's words: the cases in tests/cases/invalid/yaml-*.cjm.yaml
say each message and its line; these tests hold for any broken text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cjm.load import load_text
from cjm.problems import FileRule

# What libyaml says, which must never lead a message.
PARSER_WORDS = ("while parsing", "while scanning", "could not find expected",
                "did not find expected", "mapping values are not allowed", "found ")

YAMLISH = st.text(alphabet="ab :-#'\"[]{},\n\t>|", max_size=80)


@settings(max_examples=400, deadline=None)
@given(YAMLISH)
def test_a_syntax_error_is_said_in_plain_words_first(body: str) -> None:
    loaded = load_text("cjm: 1\nkind: journey\n" + body, "m.cjm.yaml")
    for problem in loaded.problems:
        if problem.rule == FileRule.yaml_syntax:
            assert not problem.message.startswith(PARSER_WORDS), problem.message
            assert problem.line >= 1 and problem.column >= 1


def test_what_cjm_does_not_recognise_keeps_the_parsers_words_after_a_plain_sentence() -> None:
    loaded = load_text("cjm: 1\nkind: journey\ntitle: *\n", "m.cjm.yaml")
    (problem,) = loaded.problems
    assert problem.rule == FileRule.yaml_syntax
    assert problem.message.startswith("the YAML cannot be read here; check the indentation")


def test_a_quoted_text_over_several_lines_is_not_taken_for_the_mistake() -> None:
    text = 'cjm: 1\ngoal: "a text\n  on two lines"\nkind: journey\ntitle: [open\n'
    (problem,) = load_text(text, "m.cjm.yaml").problems
    assert (problem.line, problem.column) == (5, 8)
    assert problem.message.startswith("the [ on line 5, column 8 is never closed")


def test_text_that_starts_with_an_at_sign_is_put_in_quotes() -> None:
    (problem,) = load_text("cjm: 1\nkind: journey\nowner: @cx-team\n", "m.cjm.yaml").problems
    assert (problem.line, problem.column) == (3, 8)
    assert problem.message == ('text cannot start with @ unless it is in quotes; put the text '
                               'in quotes: "@cx-team"')
