"""Where a person's title is written: the noun phrases around a name that may hold it.

Not a component: the phrase rules of :class:`~kg.components.offices.OfficeExtractor`.
Each function returns the tokens of one phrase (empty when the shape is not there):

- before the name: "Turkey's presidential spokesman Ibrahim Kalin", "European Union
  foreign policy chief Kaja Kallas";
- an apposition after it: "Sergei Shoigu, Russia's Security Council Secretary";
- a title the name is in apposition to: "Kenya's permanent representative to the
  United Nations, Peter Mwangi";
- a copular title: "Ana Ruiz, who is the foreign minister of Chile", "Ruiz is the
  foreign minister of Chile".

The words the rules test are the lexicon's (``lexicons/titles.toml``).
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Span, Token

from ..lexicons import Words
from .mentions import Index
from .syntax import WH_WORDS

__all__ = [
    "coordinated_title_phrase",
    "copular_phrase",
    "left_phrase",
    "posted_to",
    "right_phrase",
    "title_head_phrase",
]

# Modifiers of a name that may carry its title: "foreign policy chief Kaja Kallas".
TITLE_MODIFIERS = frozenset({"compound", "amod", "poss", "nmod"})
# Clauses and punctuation that end a title phrase: "Peter Mwangi, who spoke ...".
NOT_TITLE = frozenset({"relcl", "acl", "advcl", "punct"})
LONGEST = 12  # tokens a title phrase may have


def left_phrase(m: Span, index: Index, title_words: Collection[str]) -> list[Token]:
    """Tokens before a name that may form its title: "Turkey's presidential spokesman".

    Title words, mentions, possessive markers and capitalised proper nouns, read leftwards
    from the name; and the whole of the modifiers the parser hangs on the name, so that a
    title with words of its own ("foreign policy chief") is read whole.
    """
    doc, i = m.doc, m.start - 1
    start = m.start
    while i >= m.sent.start and m.start - i <= LONGEST:
        t = doc[i]
        if t.lower_ in title_words or i in index or t.tag_ == "POS" or (t.is_title and t.pos_ == "PROPN"):
            start = i
            i -= 1
            continue
        break
    mods = [c for c in m.root.children if c.dep_ in TITLE_MODIFIERS and c.i < m.start]
    if mods and any(c.lower_ in title_words for c in mods):
        edge = min(c.left_edge.i for c in mods)
        # never across a coordination: "Chilean President Ana Soto and Peruvian President Luis Vega"
        if m.start - edge <= LONGEST and not any(
            doc[j].is_punct or doc[j].pos_ == "CCONJ" for j in range(edge, m.start)
        ):
            start = min(start, edge)
    # "Queen Elizabeth": a title the name's own span begins with
    inside = []
    for t in m:
        if t.lower_ not in title_words:
            break
        inside.append(t)
    return list(doc[start : m.start]) + inside


def right_phrase(m: Span) -> list[Token]:
    """An apposition after the name: ", Russia's Security Council Secretary,"."""
    for c in m.root.children:
        if c.dep_ == "appos" and c.i >= m.end:
            return _without_clauses(c)
    return []


def title_head_phrase(m: Span, index: Index, title_words: Collection[str]) -> list[Token]:
    """A title phrase the name is in apposition to: "the spokesman for Peru's foreign ministry,
    Carlos Vega" (the parser makes the name an apposition, or a conjunct after a comma)."""
    root, doc = m.root, m.doc
    head = root.head
    if root.dep_ not in {"appos", "conj"} or head.i >= m.start:
        return []
    for _ in range(2):
        if head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.lower_ in title_words:
            head = head.head.head  # "permanent representative to the United Nations, Peter Mwangi": the
            # parser may hang the name on the last noun of the title phrase
    if head.i in index:
        return []
    if head.lower_ not in title_words or head.pos_ not in {"NOUN", "PROPN"}:
        return []
    names = [c for c in head.children if c.dep_ in {"appos", "conj"} and c.pos_ == "PROPN" and c.i > head.i]
    if len(names) > 1:
        return []  # "Commission President, Jacques Delors, Kohl said": which of them holds it is unclear
    between = doc[head.i + 1 : m.start]
    if root.dep_ == "conj" and (
        not any(t.text == "," for t in between) or any(t.dep_ == "cc" and t.head.i == head.i for t in between)
    ):
        return []  # "the spokesman and Carlos Vega" are two people
    skip = {t.i for t in root.subtree}
    return [t for t in _without_clauses(head) if t.i not in skip and t.i < m.start]


def coordinated_title_phrase(m: Span, index: Index, title_words: Collection[str]) -> list[Token]:
    """The first of two coordinated titles before an apposed name: "Haifa University geostrategy
    expert" in "Haifa University geostrategy expert and former Israeli security official, Avinoam
    Idan" (the second is read by :func:`title_head_phrase`)."""
    phrase = title_head_phrase(m, index, title_words)
    inside = {t.i for t in phrase}
    head = next((t for t in phrase if t.head.i not in inside), None)
    if head is None or head.dep_ != "conj" or head.head.lower_ not in title_words or head.head.i > head.i:
        return []
    first = head.head
    skip = {t.i for c in first.children if c.dep_ in {"conj", "cc", "punct"} for t in c.subtree}
    return [t for t in _without_clauses(first) if t.i not in skip]


def copular_phrase(m: Span, words: Words) -> list[Token]:
    """The predicate of a copula whose subject is the name: "Ana Ruiz, who is the foreign minister
    of Chile", "Ruiz is the foreign minister of Chile".  Not when negated or modal ("will be")."""
    root, doc = m.root, m.doc
    verbs = [c for c in root.children if c.dep_ == "relcl"]
    verbs = [v for v in verbs if any(s.dep_ == "nsubj" and s.tag_ in WH_WORDS for s in v.children)]
    # "... with Mike Pompeo who is the secretary of state": the parser may hang the relative clause
    # elsewhere; "who" right after the name still opens it
    after = m.end + 1 if m.end < len(doc) and doc[m.end].text == "," else m.end
    if not verbs and after < len(doc) and doc[after].tag_ == "WP" and doc[after].dep_ == "nsubj":
        verbs = [doc[after].head]
    if root.dep_ == "nsubj":
        verbs.append(root.head)
    for v in verbs:
        if v.lemma_ not in words.copulas or any(c.dep_ in {"neg", "aux"} for c in v.children):
            continue
        for attr in (c for c in v.children if c.dep_ == "attr" and c.pos_ in {"NOUN", "PROPN"}):
            return _without_clauses(attr)
    return []


def posted_to(phrase: list[Token], title_words: Collection[str], words: Words) -> set[int]:
    """Tokens of the phrase that name where its holder is posted, not whom they serve: "ambassador
    to Japan", "permanent representative to the United Nations"."""
    out: set[int] = set()
    for t in phrase:
        if t.dep_ == "prep" and t.lower_ in words.office_posting and t.head.lower_ in title_words:
            out |= {x.i for x in t.subtree}
    return out


def _without_clauses(head: Token) -> list[Token]:
    skip = {t.i for k in head.children if k.dep_ in NOT_TITLE for t in k.subtree}
    return [t for t in head.subtree if t.i not in skip]
