"""Which entities a token stands for: mentions, coordination, pronouns, collective nouns.

Not a component: pure functions over a parsed ``Doc`` that the relation, description
and office extractors share.  Each dependency rule is one function (or one branch) with
a comment saying what it catches; the words they test are the lexicon's
(:class:`~kg.lexicons.Words`), the classes they test the ontology's.
"""

from __future__ import annotations

import functools

from spacy.tokens import Doc, Span, Token

from ..gazetteer import entity_key
from ..lexicons import Words
from ..namespace import C
from ..ontology import subclasses
from .attributes import MENTIONS
from .syntax import SUBJECTS

__all__ = [
    "STATE_PREFIX",
    "Index",
    "conjuncts",
    "entities_at",
    "first_conjunct",
    "is_state",
    "keys_of",
    "mention_index",
    "non_actor_classes",
    "resolve_pronoun",
]

# Token index -> the mentions covering it, shortest first.
Index = dict[int, list[Span]]
# The key prefix of states: "state/PRK".
STATE_PREFIX = entity_key(C.State, "")


def is_state(key: str) -> bool:
    """Whether an entity key is a state's."""
    return key.startswith(STATE_PREFIX)


@functools.cache
def non_actor_classes() -> frozenset[str]:
    """Classes of named things that do not act: treaties, forums, places, events."""
    return subclasses(C.NamedEntity) - subclasses(C.Actor)


@functools.cache
def _pronoun_classes() -> tuple[frozenset[str], frozenset[str]]:
    """What he/she and it/its may stand for: people; states and organizations."""
    return subclasses(C.Person), subclasses(C.Organization) | {C.State}


def mention_index(doc: Doc) -> Index:
    """Token index -> mentions covering it, shortest first."""
    out: Index = {}
    for span in doc.spans.get(MENTIONS, []):
        for i in range(span.start, span.end):
            out.setdefault(i, []).append(span)
    for spans in out.values():
        spans.sort(key=len)
    return out


def keys_of(span: Span) -> list[str]:
    return span.kb_id_.split("|") if span.kb_id_ else []


def conjuncts(tok: Token, words: Words, index: Index | None = None) -> list[Token]:
    """The token and its coordinated siblings: "France, Germany and Britain".

    With a mention ``index``, a name in apposition to a word that is no mention is
    followed too: "energy minister Yuval Steinitz".
    """
    comitative = words.follows("comitative")
    out, todo = [], [tok]
    while todo:
        t = todo.pop()
        if t in out:
            continue
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ == "conj")
        if index is not None and t.i not in index:
            todo.extend(c for c in t.children if c.dep_ == "appos" and c.pos_ == "PROPN")
        # "France, along with Egypt", "Greece together with Cyprus"
        for prep in (c for c in t.children if c.dep_ == "prep" and c.lower_ in comitative):
            second = comitative[prep.lower_]
            todo.extend(p for w in prep.children if w.lower_ in second for p in w.children if p.dep_ == "pobj")
    return sorted(out, key=lambda t: t.i)


def first_conjunct(tok: Token) -> Token:
    """The first of the coordinated words a token belongs to: "Mexico" in "Canada and Mexico"."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def doc_sentence_start(tok: Token, back: int = 1) -> int:
    """The start of the sentence ``back`` sentences before the token's."""
    start = tok.sent.start
    for _ in range(back):
        if start == 0:
            break
        start = tok.doc[start - 1].sent.start
    return start


def resolve_pronoun(tok: Token, index: Index, words: Words) -> list[str]:
    """he/she/his/her -> the last person named before; it/its -> the last state or organization."""
    lower = tok.lower_
    people, organizations = _pronoun_classes()
    if lower in words.person_pronouns:
        want = people
    elif lower in words.organization_pronouns:
        want = organizations
    else:
        return []
    sent_start = tok.sent.start
    floor = max(0, sent_start - 80)
    candidates = []
    for i in range(tok.i - 1, floor - 1, -1):
        for span in index.get(i, []):
            if span.label_ in want and span.end <= tok.i and span not in candidates:
                candidates.append(span)

    # The subject of a clause is the likelier antecedent: "Mitsotakis met ... Trump, where he denounced";
    # so is the owner of a subject: "Suga's travels will include ... his meeting".
    def subject_like(span: Span) -> bool:
        root = span.root
        return root.dep_ in SUBJECTS or (root.dep_ == "poss" and root.head.dep_ in SUBJECTS)

    for span in candidates:
        if subject_like(span) and span.start >= sent_start:
            return keys_of(span)
    prev_start = doc_sentence_start(tok, back=1)
    for span in candidates:
        if subject_like(span) and span.start >= prev_start:
            return keys_of(span)
    return keys_of(candidates[0]) if candidates else []


def entities_at(tok: Token, index: Index, words: Words, depth: int = 0) -> list[str]:
    """Entity keys a token stands for, following coordination, "X's remarks" and "delegations of X"."""
    out: list[str] = []
    collective = words.collective
    for t in conjuncts(tok, words, index):
        if t.i in index:
            out.extend(keys_of(index[t.i][0]))
        elif any(c.dep_ == "appos" and c.i in index for c in t.children):
            # "the Syrian Kurdish militia, the YPG"
            out.extend(k for c in t.children if c.dep_ == "appos" and c.i in index for k in keys_of(index[c.i][0]))
        elif t.pos_ == "PRON":
            out.extend(resolve_pronoun(t, index, words))
        elif depth == 0 and t.lower_ in collective | words.groups:
            # "the delegations of Cyprus, Greece and Israel", "the armed forces of the DPRK"
            for prep in (c for c in t.children if c.dep_ == "prep" and c.lower_ in words.collective_of):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    out.extend(entities_at(pobj, index, words, depth + 1))
        if t.i not in index and t.pos_ in {"NOUN", "PROPN"} and depth == 0:
            # "Macron's remarks", "Russia's efforts": the possessor stands in for its words or deeds.
            for poss in (c for c in t.children if c.dep_ == "poss"):
                out.extend(entities_at(poss, index, words, depth + 1))
            # "the Taliban religious faction", "the al-Qaeda network": a name compound stands for the whole.
            if not out and t.lower_ not in collective:
                for mod in (c for c in t.children if c.dep_ in {"compound", "nmod"} and c.i < t.i and c.i in index):
                    if index[mod.i][0].label_ not in non_actor_classes():
                        out.extend(keys_of(index[mod.i][0]))
                        break
            # "an Indian proposal", "Israeli army bulldozers": so does a state adjective.
            if not out and t.lower_ not in collective | words.groups:
                for mod in (c for c in t.children if c.dep_ in {"amod", "compound", "nmod"} and c.i < t.i):
                    hit = next((x for x in mod.subtree if x.i in index and is_state(index[x.i][0].kb_id_)), None)
                    if hit is not None:
                        out.extend(keys_of(index[hit.i][0]))
                        break
            # "calls by Belarus's rulers", "an admission by Moscow"
            if not out:
                for by in (c for c in t.children if c.dep_ == "prep" and c.lower_ in words.by_agent):
                    for p in (x for x in by.children if x.dep_ == "pobj"):
                        out.extend(entities_at(p, index, words, depth + 1))
            # "North Korean troops", "U.S. sanctions": a state adjective does too.
            if t.lower_ in collective:
                # "U.S.-led coalition", "North Korean troops"
                for mod in (c for c in t.children if c.dep_ in {"amod", "compound", "nmod"}):
                    for x in mod.subtree:
                        if x.i in index:
                            out.extend(keys_of(index[x.i][0]))
    return list(dict.fromkeys(out))
