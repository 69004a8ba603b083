"""The fast path: the focused parser and the cached attribute ruler give what the full model gives.

All tests here need the English model; the articles are written for these tests.
"""

from __future__ import annotations

import dataclasses

import numpy
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.components.cached_ruler import CachedRuler
from kg.components.focus import PLACEHOLDER_DEP, FocusedParser
from kg.ingest import article_from_text
from kg.pipeline import process

pytestmark = pytest.mark.model

ARTICLES = [
    (
        "Canberra Courts Jakarta",
        "Australia and Indonesia agreed on Friday to expand naval patrols. The deal was signed "
        "in Jakarta by the two defence ministers. Prices of palm oil fell. Indonesian President Prabowo Subianto "
        "welcomed Australian Prime Minister Anthony Albanese, who praised Indonesia for its help.",
    ),
    (
        "Warsaw Warns Minsk",
        "Poland accused Belarus of pushing migrants across the border. Warsaw said it would not "
        "reopen the crossings. Belarus denied the claim. Heavy rain closed two roads near the frontier.",
    ),
    (
        "Ottawa and Mexico City Talk Trade",
        "Canadian Prime Minister Mark Carney met Mexican President Claudia "
        "Sheinbaum in Mexico City. The two leaders discussed the U.S.-Mexico-Canada Agreement. Carney later "
        "visited Guadalajara. Markets were calm.",
    ),
    (
        "Manila Protests",
        "The Philippines condemned China after a coast guard ship fired water cannon at a supply boat. "
        "Manila summoned the Chinese ambassador. Japan and the United States voiced support for the Philippines.",
    ),
    ("Quiet Week", "Nothing much happened. Stocks rose and the weather stayed dry. Analysts expect more of the same."),
]


def records(nlp: Language) -> tuple[set, set]:
    """Every claim and every entity the pipeline finds in :data:`ARTICLES`."""
    articles = [article_from_text(text, f"a{i}", title=title) for i, (title, text) in enumerate(ARTICLES)]
    claims, entities = set(), set()
    for article, doc in process(nlp, articles):
        claims |= {(article.id, *dataclasses.astuple(c)) for c in doc._.kg_claims}
        entities |= {(article.id, *dataclasses.astuple(e)) for e in doc._.kg_entities.values()}
    return claims, entities


def test_fast_pipeline_loses_nothing_here(nlp: Language, full_nlp: Language) -> None:
    """Parsing only sentences with two candidate actors keeps every claim and entity of the full parse.

    The fast path parses a chosen sentence on its own (over the same tok2vec output), so
    its trees may differ and it may find a claim more; it must not find one less.
    """
    assert "kg_focus" in nlp.pipe_names and "kg_focus" not in full_nlp.pipe_names
    fast_claims, fast_entities = records(nlp)
    full_claims, full_entities = records(full_nlp)
    assert len(full_claims) >= 8
    assert not full_claims - fast_claims, sorted(full_claims - fast_claims)
    assert not full_entities - fast_entities, sorted(full_entities - fast_entities)


def test_cached_ruler_gives_what_the_ruler_gives(full_nlp: Language) -> None:
    texts = [
        "There is a deal, and there were two. Let's see: it ain't over, y'all gonna see.",
        "Kim Jong-un has met Putin twice; that is what he did.\n\nBut he didn't go.",
        "The U.S. and China \t signed   it. I told you, you know it.",
    ] * 2
    with full_nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        docs = list(full_nlp.pipe(texts))
    ruler = full_nlp.get_pipe("attribute_ruler")
    cached = CachedRuler(ruler)
    columns = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
    for doc in docs:
        expected, found = ruler(doc.copy()), cached(doc.copy())
        assert numpy.array_equal(found.to_array(columns), expected.to_array(columns)), doc.text


def test_focused_parser_parses_only_sentences_with_two_actors(nlp: Language) -> None:
    text = "France criticized Russia on Monday. The weather was fine. He met Olaf Scholz in Berlin."
    [(_, doc)] = process(nlp, [article_from_text(text, "x", title="Talks")])
    sents = {s.text.strip(): s for s in doc.sents}
    parsed, skipped = sents["France criticized Russia on Monday."], sents["The weather was fine."]
    assert {t.dep_ for t in parsed} >= {"nsubj", "dobj"} and parsed.root.lemma_ == "criticize"
    assert {t.dep_ for t in skipped} == {PLACEHOLDER_DEP, "ROOT"} and skipped.root.text == "."
    assert [t.lemma_ for t in skipped if t.text == "weather"] == [""]
    assert {t.dep_ for t in sents["He met Olaf Scholz in Berlin."]} >= {"nsubj", "dobj"}
    focus = nlp.get_pipe("kg_focus")
    assert isinstance(focus, FocusedParser) and focus.stats["parsed"] < focus.stats["sentences"]


def test_names_of_companies_alone_are_not_parsed() -> None:
    """Two unknown organizations (or one and "it") make no sentence worth parsing; a state, a
    person's pronoun or a cue noun beside them does."""
    nlp = spacy.blank("en")
    words = "Acme said it raised its offer for Globex . Acme said France backed Globex . He told Acme to pay Globex ."
    doc = Doc(nlp.vocab, words=words.split())
    doc.ents = [
        Span(doc, a, a + 1, label)
        for a, label in [(0, "ORG"), (7, "ORG"), (9, "ORG"), (11, "GPE"), (13, "ORG"), (17, "ORG"), (20, "ORG")]
    ]
    bounds = [(0, 9), (9, 15), (15, 22)]
    focus = FocusedParser.__new__(FocusedParser)  # chosen() reads only the word sets below
    strings = nlp.vocab.strings
    focus.cues = frozenset(strings.add(w) for w in ("he", "it", "its"))
    focus.weak_cues = frozenset(strings.add(w) for w in ("it", "its"))
    focus.pairs = focus.pair_words = focus.described = focus.determiners = frozenset()
    focus.first_person = focus.quote_marks = frozenset()
    focus.min_actors, focus.strong_only = 2, True
    assert focus.chosen(doc, bounds) == [(9, 15), (15, 22)]
    focus.strong_only = False
    assert focus.chosen(doc, bounds) == bounds


def test_fast_path_gives_a_batch_what_it_gives_each_doc(nlp: Language) -> None:
    """Docs annotated in one batch get the trees they get one at a time.

    The short second doc's first sentence lies at token offsets inside the first doc's
    first window; a batch once matched it to the first doc's vectors and lost relations.
    """
    texts = [
        "France criticized Russia over the strikes in Ukraine on Monday. Oil prices rose. "
        "Traders said demand was weak.",
        "Germany condemned Iran. Brazil praised Argentina.",
        "No actors here at all.",
        "Japan met China in Tokyo, and India visited Nepal.",
    ]
    columns = [TAG, POS, LEMMA, HEAD, DEP]
    batched = [doc.to_array(columns).tolist() for doc in nlp.pipe(texts, batch_size=len(texts))]
    single = [nlp(text).to_array(columns).tolist() for text in texts]
    assert batched == single
