"""kg's spaCy components and argument rules on hand-built ``Doc``s; no trained model.

The gazetteer ruler, linker, coref and segmenter run in ``spacy.blank("en")``; the pure
rule functions (``kg.components.mentions``, ``syntax``, ``modality``, ``event_dates``) run
on ``Doc``s whose heads, labels, parts of speech and lemmas are written out here (heads
are absolute token indices), with the shipped word lists.
"""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.components.attributes import GAZETTEER, MENTIONS
from kg.components.event_dates import resolve_date_phrase
from kg.components.mentions import entities_at, mention_index
from kg.components.modality import qualify
from kg.components.syntax import agent_of, subjects_of
from kg.ingest import article_from_text
from kg.lexicons import load_lexicon
from kg.pipeline import make_doc
from kg.records import NEGATIVE, POSITIVE

WORDS = load_lexicon().words


@pytest.fixture(scope="module")
def nlp() -> Language:
    """A blank English pipeline with the components that need no parser."""
    nlp = spacy.blank("en")
    for name in ("kg_segmenter", "kg_gazetteer", "kg_linker", "kg_coref"):
        nlp.add_pipe(name)
    return nlp


def gazetteer_matches(doc: Doc) -> list[tuple[str, str, str]]:
    return [(s.text, s.label_, s.kb_id_) for s in doc.spans[GAZETTEER]]


def mentions(doc: Doc) -> list[tuple[str, str]]:
    return [(m.text, m.kb_id_) for m in doc.spans[MENTIONS]]


# ---- gazetteer ruler ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pyongyang fired a missile.", [("Pyongyang", "seat", "state/PRK")]),
        ("The DPRK said so.", [("DPRK", "name", "state/PRK")]),
        ("A North Korean delegation arrived.", [("North Korean", "demonym", "state/PRK")]),
        ("Turkey objected.", [("Turkey", "name", "state/TUR")]),
        ("They ate turkey for dinner.", []),
        ("The chad of the ballot was loose.", []),
    ],
)
def test_gazetteer_ruler(nlp: Language, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert gazetteer_matches(nlp(text)) == expected


def test_gazetteer_match_sets_ents_with_class_and_key(nlp: Language) -> None:
    doc = nlp("Pyongyang fired a missile.")
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [("Pyongyang", "State", "state/PRK")]


def test_title_case_headline(nlp: Language) -> None:
    doc = nlp("Why Did Pyongyang Condemn Macron's Comments")
    assert ("Pyongyang", "seat", "state/PRK") in gazetteer_matches(doc)
    assert doc._.kg_entities["state/PRK"].label == "North Korea"


# ---- linker ------------------------------------------------------------------------


def test_linker_gives_the_canonical_label_and_keeps_the_surface_as_alt_label(nlp: Language) -> None:
    doc = nlp("Pyongyang fired a missile.")
    entity = doc._.kg_entities["state/PRK"]
    assert (entity.cls, entity.label, entity.wikidata, entity.iso3) == ("State", "North Korea", "Q423", "PRK")
    assert entity.alt_labels == frozenset({"Pyongyang"})


def test_linker_resolves_a_surname_to_the_full_name(nlp: Language) -> None:
    words = ["Emmanuel", "Macron", "spoke", ".", "Macron", "left", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "O", "O"]
    doc = nlp(Doc(nlp.vocab, words=words, ents=ents))
    assert mentions(doc) == [("Emmanuel Macron", "person/emmanuel-macron"), ("Macron", "person/emmanuel-macron")]
    assert list(doc._.kg_entities) == ["person/emmanuel-macron"]
    assert doc._.kg_entities["person/emmanuel-macron"].label == "Emmanuel Macron"


def test_linker_keys_unknown_names_by_class_and_slug(nlp: Language) -> None:
    words = ["Jane", "Roe", "of", "Example", "Institute", "spoke", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "B-ORG", "I-ORG", "O", "O"]
    doc = nlp(Doc(nlp.vocab, words=words, ents=ents))
    assert mentions(doc) == [("Example Institute", "org/example-institute"), ("Jane Roe", "person/jane-roe")]


# ---- coref -------------------------------------------------------------------------


def test_coref_the_north_is_north_korea_when_named(nlp: Language) -> None:
    doc = nlp("North Korea fired missiles and the North said more would follow.")
    assert ("the North", "state/PRK") in mentions(doc)


def test_coref_the_north_alone_is_nobody(nlp: Language) -> None:
    assert mentions(nlp("The team from the North won the match.")) == []


def test_coref_the_two_nations(nlp: Language) -> None:
    doc = nlp("France welcomed Germany. The two nations agreed.")
    groups = [m for m in doc.spans[MENTIONS] if m.label_ == "Group"]
    assert [(g.text, g.kb_id_) for g in groups] == [("The two nations", "state/DEU|state/FRA")]


# ---- segmenter ---------------------------------------------------------------------


def test_segmenter_keeps_bullets_and_dateline_apart(nlp: Language) -> None:
    text = (
        "Koreas Agree To Resume Talks\n\n"
        "Key Takeaways\n"
        "- The two Koreas will meet.\n"
        "- Talks stalled last year.\n\n"
        "Seoul, June 5 (Yonhap) -- South Korea said it would resume talks. Officials agreed.\n"
    )
    article = article_from_text(text, "k", date=dt.date(2025, 6, 5))
    doc = nlp(make_doc(nlp, article))
    sents = [s.text.strip() for s in doc.sents]
    assert sents[:5] == [
        "Koreas Agree To Resume Talks",
        "Key Takeaways",
        "- The two Koreas will meet.",
        "- Talks stalled last year.",
        "Seoul, June 5 (Yonhap) --",
    ]
    assert sents[5].startswith("South Korea said")
    assert [s.label_ for s in doc.spans["kg_segments"]] == [
        "headline",
        "heading",
        "bullet",
        "bullet",
        "dateline",
        "body",
    ]
    assert doc._.kg_article is article


# ---- rules: hand-parsed Docs ---------------------------------------------------


def parsed(
    rows: list[tuple[str, int, str, str, str]],
    mentions: list[tuple[int, int, str, str]] = (),
    tags: dict[int, str] | None = None,
) -> Doc:
    """A parsed Doc from (word, head, dep, pos, lemma) rows and (start, end, class, key) mentions."""
    words, heads, deps, pos, lemmas = map(list, zip(*rows, strict=True))
    tag_list = [(tags or {}).get(i, "") for i in range(len(words))]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, tags=tag_list)
    doc.spans[MENTIONS] = [Span(doc, s, e, label=cls, kb_id=key) for s, e, cls, key in mentions]
    return doc


# "North Korea did not intervene in Syria."
NEGATED = parsed(
    [
        ("North", 1, "compound", "PROPN", "north"),
        ("Korea", 4, "nsubj", "PROPN", "korea"),
        ("did", 4, "aux", "AUX", "do"),
        ("not", 4, "neg", "PART", "not"),
        ("intervene", 4, "ROOT", "VERB", "intervene"),
        ("in", 4, "prep", "ADP", "in"),
        ("Syria", 5, "pobj", "PROPN", "syria"),
        (".", 4, "punct", "PUNCT", "."),
    ],
    [(0, 2, "State", "state/PRK"), (6, 7, "State", "state/SYR")],
)
# "Sanctions could provoke Russia."
HYPOTHETICAL = parsed(
    [
        ("Sanctions", 2, "nsubj", "NOUN", "sanction"),
        ("could", 2, "aux", "AUX", "could"),
        ("provoke", 2, "ROOT", "VERB", "provoke"),
        ("Russia", 2, "dobj", "PROPN", "russia"),
        (".", 2, "punct", "PUNCT", "."),
    ],
    [(3, 4, "State", "state/RUS")],
)
# "Putin will visit China."
FUTURE = parsed(
    [
        ("Putin", 2, "nsubj", "PROPN", "putin"),
        ("will", 2, "aux", "AUX", "will"),
        ("visit", 2, "ROOT", "VERB", "visit"),
        ("China", 2, "dobj", "PROPN", "china"),
        (".", 2, "punct", "PUNCT", "."),
    ],
    [(0, 1, "Person", "person/vladimir-putin"), (3, 4, "State", "state/CHN")],
)
# "Kim plans to visit Russia."
CONTROL = parsed(
    [
        ("Kim", 1, "nsubj", "PROPN", "kim"),
        ("plans", 1, "ROOT", "VERB", "plan"),
        ("to", 3, "aux", "PART", "to"),
        ("visit", 1, "xcomp", "VERB", "visit"),
        ("Russia", 3, "dobj", "PROPN", "russia"),
        (".", 1, "punct", "PUNCT", "."),
    ],
    [(0, 1, "Person", "person/kim-jong-un"), (4, 5, "State", "state/RUS")],
)
# "Egypt denied that Turkey attacked Libya."
DENIED = parsed(
    [
        ("Egypt", 1, "nsubj", "PROPN", "egypt"),
        ("denied", 1, "ROOT", "VERB", "deny"),
        ("that", 4, "mark", "SCONJ", "that"),
        ("Turkey", 4, "nsubj", "PROPN", "turkey"),
        ("attacked", 1, "ccomp", "VERB", "attack"),
        ("Libya", 4, "dobj", "PROPN", "libya"),
        (".", 1, "punct", "PUNCT", "."),
    ],
    [(0, 1, "State", "state/EGY"), (3, 4, "State", "state/TUR"), (5, 6, "State", "state/LBY")],
)
# "According to state media, North Korea criticized South Korea."
ACCORDING = parsed(
    [
        ("According", 7, "prep", "VERB", "accord"),
        ("to", 0, "prep", "ADP", "to"),
        ("state", 3, "compound", "NOUN", "state"),
        ("media", 1, "pobj", "NOUN", "medium"),
        (",", 7, "punct", "PUNCT", ","),
        ("North", 6, "compound", "PROPN", "north"),
        ("Korea", 7, "nsubj", "PROPN", "korea"),
        ("criticized", 7, "ROOT", "VERB", "criticize"),
        ("South", 9, "compound", "PROPN", "south"),
        ("Korea", 7, "dobj", "PROPN", "korea"),
        (".", 7, "punct", "PUNCT", "."),
    ],
    [(5, 7, "State", "state/PRK"), (8, 10, "State", "state/KOR")],
)
# "Seoul said Pyongyang fired missiles."
REPORTED = parsed(
    [
        ("Seoul", 1, "nsubj", "PROPN", "seoul"),
        ("said", 1, "ROOT", "VERB", "say"),
        ("Pyongyang", 3, "nsubj", "PROPN", "pyongyang"),
        ("fired", 1, "ccomp", "VERB", "fire"),
        ("missiles", 3, "dobj", "NOUN", "missile"),
        (".", 1, "punct", "PUNCT", "."),
    ],
    [(0, 1, "State", "state/KOR"), (2, 3, "State", "state/PRK")],
)
# "Ukraine was attacked by Russia."
PASSIVE = parsed(
    [
        ("Ukraine", 2, "nsubjpass", "PROPN", "ukraine"),
        ("was", 2, "auxpass", "AUX", "be"),
        ("attacked", 2, "ROOT", "VERB", "attack"),
        ("by", 2, "agent", "ADP", "by"),
        ("Russia", 3, "pobj", "PROPN", "russia"),
        (".", 2, "punct", "PUNCT", "."),
    ],
    [(0, 1, "State", "state/UKR"), (4, 5, "State", "state/RUS")],
)
# "Lavrov, who visited Cuba, spoke."
RELATIVE_WHO = parsed(
    [
        ("Lavrov", 6, "nsubj", "PROPN", "lavrov"),
        (",", 0, "punct", "PUNCT", ","),
        ("who", 3, "nsubj", "PRON", "who"),
        ("visited", 0, "relcl", "VERB", "visit"),
        ("Cuba", 3, "dobj", "PROPN", "cuba"),
        (",", 0, "punct", "PUNCT", ","),
        ("spoke", 6, "ROOT", "VERB", "speak"),
        (".", 6, "punct", "PUNCT", "."),
    ],
    [(0, 1, "Person", "person/sergei-lavrov"), (4, 5, "State", "state/CUB")],
    tags={2: "WP"},
)
# "Greece, which criticized Turkey, welcomed Egypt."
RELATIVE_WHICH = parsed(
    [
        ("Greece", 6, "nsubj", "PROPN", "greece"),
        (",", 0, "punct", "PUNCT", ","),
        ("which", 3, "nsubj", "DET", "which"),
        ("criticized", 0, "relcl", "VERB", "criticize"),
        ("Turkey", 3, "dobj", "PROPN", "turkey"),
        (",", 0, "punct", "PUNCT", ","),
        ("welcomed", 6, "ROOT", "VERB", "welcome"),
        ("Egypt", 6, "dobj", "PROPN", "egypt"),
        (".", 6, "punct", "PUNCT", "."),
    ],
    [(0, 1, "State", "state/GRC"), (4, 5, "State", "state/TUR"), (7, 8, "State", "state/EGY")],
    tags={2: "WDT"},
)
# "France, Germany and Britain condemned Russia's attack."
COORDINATED = parsed(
    [
        ("France", 5, "nsubj", "PROPN", "france"),
        (",", 0, "punct", "PUNCT", ","),
        ("Germany", 0, "conj", "PROPN", "germany"),
        ("and", 2, "cc", "CCONJ", "and"),
        ("Britain", 2, "conj", "PROPN", "britain"),
        ("condemned", 5, "ROOT", "VERB", "condemn"),
        ("Russia", 8, "poss", "PROPN", "russia"),
        ("'s", 6, "case", "PART", "'s"),
        ("attack", 5, "dobj", "NOUN", "attack"),
        (".", 5, "punct", "PUNCT", "."),
    ],
    [
        (0, 1, "State", "state/FRA"),
        (2, 3, "State", "state/DEU"),
        (4, 5, "State", "state/GBR"),
        (6, 7, "State", "state/RUS"),
    ],
)
# "The delegations of Cyprus and Greece met."
COLLECTIVE = parsed(
    [
        ("The", 1, "det", "DET", "the"),
        ("delegations", 6, "nsubj", "NOUN", "delegation"),
        ("of", 1, "prep", "ADP", "of"),
        ("Cyprus", 2, "pobj", "PROPN", "cyprus"),
        ("and", 3, "cc", "CCONJ", "and"),
        ("Greece", 3, "conj", "PROPN", "greece"),
        ("met", 6, "ROOT", "VERB", "meet"),
        (".", 6, "punct", "PUNCT", "."),
    ],
    [(3, 4, "State", "state/CYP"), (5, 6, "State", "state/GRC")],
)


@pytest.mark.parametrize(
    ("doc", "trigger", "polarity", "modality"),
    [
        (NEGATED, 4, NEGATIVE, "Asserted"),
        (HYPOTHETICAL, 2, POSITIVE, "Hypothetical"),
        (FUTURE, 2, POSITIVE, "Future"),
        (CONTROL, 3, POSITIVE, "Future"),
        (DENIED, 4, POSITIVE, "Denied"),
        (ACCORDING, 7, POSITIVE, "Asserted"),
        (PASSIVE, 2, POSITIVE, "Asserted"),
    ],
    ids=["negated", "could", "will", "plans-to", "denied-that", "according-to", "passive"],
)
def test_qualify_polarity_and_modality(doc: Doc, trigger: int, polarity: str, modality: str) -> None:
    q = qualify(doc[trigger], mention_index(doc), WORDS)
    assert (q.polarity, q.modality) == (polarity, modality)


def test_qualify_according_to() -> None:
    q = qualify(ACCORDING[7], mention_index(ACCORDING), WORDS)
    assert q.attribution == "according to state media"
    assert q.attributed_to is None  # state media is no entity


def test_qualify_reported_speech() -> None:
    q = qualify(REPORTED[3], mention_index(REPORTED), WORDS)
    assert (q.attribution, q.attributed_to) == ("Seoul", ["state/KOR"])


def test_qualify_plain_claim_has_no_attribution() -> None:
    q = qualify(NEGATED[4], mention_index(NEGATED), WORDS)
    assert (q.attribution, q.attributed_to) == (None, None)


@pytest.mark.parametrize(
    ("doc", "verb", "subjects", "passive"),
    [
        (NEGATED, 4, ["state/PRK"], False),
        (CONTROL, 3, ["person/kim-jong-un"], False),  # "plans to visit": the planner visits
        (DENIED, 4, ["state/TUR"], False),  # the subject of the denied clause, not the denier
        (PASSIVE, 2, ["state/UKR"], True),
        (RELATIVE_WHO, 3, ["person/sergei-lavrov"], False),
        (COORDINATED, 5, ["state/FRA", "state/DEU", "state/GBR"], False),
        (COLLECTIVE, 6, ["state/CYP", "state/GRC"], False),
        (RELATIVE_WHICH, 3, ["state/GRC"], False),
    ],
    ids=[
        "negated",
        "control",
        "denied-clause",
        "passive",
        "relative-who",
        "coordination",
        "collective",
        "relative-which",
    ],
)
def test_subjects_of(doc: Doc, verb: int, subjects: list[str], passive: bool) -> None:
    index = mention_index(doc)
    toks, is_passive = subjects_of(doc[verb], WORDS)
    assert [k for t in toks for k in entities_at(t, index, WORDS)] == subjects
    assert is_passive is passive


def test_agent_of_passive() -> None:
    assert [t.text for t in agent_of(PASSIVE[2], WORDS)] == ["Russia"]


def test_entities_at_possessor_stands_for_its_deeds() -> None:
    assert entities_at(COORDINATED[8], mention_index(COORDINATED), WORDS) == ["state/RUS"]


def test_entities_at_a_word_that_is_no_entity() -> None:
    assert entities_at(HYPOTHETICAL[0], mention_index(HYPOTHETICAL), WORDS) == []


# ---- rules: dates --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        ("on Wednesday", dt.date(2025, 6, 5), "2025-06-04"),
        ("Thursday", dt.date(2025, 6, 5), "2025-06-05"),
        ("in June last year", dt.date(2025, 6, 5), "2024-06"),
        ("November 27", dt.date(2020, 1, 10), "2019-11-27"),
        ("March 3", dt.date(2020, 5, 10), "2020-03-03"),
        ("March 3, 2021", None, "2021-03-03"),
        ("yesterday", dt.date(2025, 1, 1), "2024-12-31"),
        ("last year", dt.date(2025, 6, 5), "2024"),
        ("early 2013", None, "2013"),
        ("February 30", dt.date(2025, 6, 5), None),
        ("next week", dt.date(2025, 6, 5), None),
        ("Wednesday", None, None),
    ],
)
def test_resolve_date_phrase(text: str, ref: dt.date | None, expected: str | None) -> None:
    assert resolve_date_phrase(text, ref, WORDS) == expected
