"""kg_hyphens: "U.S.-Japan" split at the hyphen, into the tokens of a tokenizer with that infix rule.

The unit tests need no model: a blank English pipeline has the same tokenizer rules.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex

from kg.components.attributes import SEGMENTS
from kg.components.hyphens import HYPHEN, HyphenSplitter


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


@pytest.fixture(scope="module")
def reference() -> Language:
    """What kg_hyphens stands for: a tokenizer whose infix rules include :data:`HYPHEN`."""
    nlp = spacy.blank("en")
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, HYPHEN.pattern]).finditer  # type: ignore[attr-defined]
    return nlp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("U.S.-Japan talks", ["U.S.", "-", "Japan", "talks"]),
        ("the U.S.-led coalition.", ["the", "U.S.", "-", "led", "coalition", "."]),
        ("(U.K.-based)", ["(", "U.K.", "-", "based", ")"]),
        ("D.C.-area U.N.-backed", ["D.C.", "-", "area", "U.N.", "-", "backed"]),
        ("A.B.-C.D.-e", ["A.B.", "-", "C.D.", "-", "e"]),
        ('U.S.-"x"', ['U.S.-"x', '"']),  # a quote after the hyphen: no split
        ("u.s.-japan U.S.-1 Mr.-x", ["u.s.-japan", "U.S.-1", "Mr.-x"]),
        ("Korea-Russia", ["Korea", "-", "Russia"]),  # the tokenizer's own rule
    ],
)
def test_tokens_are_those_of_a_tokenizer_with_the_infix_rule(
    blank: Language, reference: Language, text: str, expected: list[str]
) -> None:
    doc = HyphenSplitter(blank)(blank.make_doc(text))
    assert [t.text for t in doc] == expected == [t.text for t in reference.make_doc(text)]
    assert doc.text == text


def test_a_special_case_of_the_tokenizer_stays_whole() -> None:
    nlp = spacy.blank("en")
    nlp.tokenizer.add_special_case("N.Y.-NJ", [{"ORTH": "N.Y.-NJ"}])
    assert [t.text for t in HyphenSplitter(nlp)(nlp.make_doc("the N.Y.-NJ port"))] == ["the", "N.Y.-NJ", "port"]


def test_segments_keep_their_characters(blank: Language) -> None:
    text = "U.S.-Japan Talks\nThe U.S.-led group met. It ended."
    doc = blank.make_doc(text)
    doc.spans[SEGMENTS] = [doc.char_span(0, 16, label="headline"), doc.char_span(17, len(text), label="body")]
    doc = HyphenSplitter(blank)(doc)
    assert [(s.start_char, s.end_char, s.label_) for s in doc.spans[SEGMENTS]] == [
        (0, 16, "headline"),
        (17, len(text), "body"),
    ]
    assert [s.text for s in doc.spans[SEGMENTS]] == ["U.S.-Japan Talks", "The U.S.-led group met. It ended."]
    assert [(s.start, s.end) for s in doc.spans[SEGMENTS]] == [(0, 4), (5, 15)]  # token 4 is the line break


def test_a_doc_without_such_hyphens_is_left_alone(blank: Language) -> None:
    doc = blank.make_doc("Japan-U.S. ties, e-mail and well-known names")
    assert HyphenSplitter(blank)(doc) is doc
    assert [t.text for t in doc][:3] == ["Japan", "-", "U.S."]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tokyo and Washington renewed the U.S.-Japan Security Treaty.", "treaty/us-japan-security-treaty"),
        ("U.S.-led forces crossed into Syria.", "state/USA"),
    ],
)
def test_the_gazetteer_finds_names_in_split_tokens(text: str, expected: str) -> None:
    from kg.pipeline import make_nlp

    doc = make_nlp(relations=False)(text)
    assert expected in {ent.kb_id_ for ent in doc.ents}
