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
from .syntax import OBJECTS, PASSIVE_SUBJECTS, SUBJECTS, subjects_of

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
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
# Dependencies of a noun that modifies another: not an antecedent of "they" ("human rights groups").
NOUN_MODIFIERS = frozenset({"amod", "compound", "nmod", "nummod"})
# NER labels of amounts, never actors: "two billion dollars".
NUMERIC_ENTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL"})


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


# The plural pronouns being resolved (doc id, token index): a phrase that holds one refers to nothing.
_RESOLVING: set[tuple[int, int]] = set()


def _subject_like(tok: Token) -> bool:
    """A subject, or the owner of one: "Suga's travels will include ... his meeting"."""
    return tok.dep_ in SUBJECTS | PASSIVE_SUBJECTS or (tok.dep_ == "poss" and tok.head.dep_ in SUBJECTS)


def resolve_pronoun(tok: Token, index: Index, words: Words, depth: int = 0) -> list[str]:
    """he/she/his/her -> a person named before; it/its -> a state or organization; they/their ->
    the actors named together last, or whoever the last plural noun stands for.

    The subject of a clause is the likelier antecedent ("Mitsotakis met ... Trump, where he
    denounced"): the pronoun's own sentence first, then each sentence before (up to three)
    until one names a candidate; else the one named last.
    """
    lower = tok.lower_
    if lower in words.plural_pronouns:
        key = (id(tok.doc), tok.i)
        if key in _RESOLVING:
            return []  # "their" inside the phrase that "their" would stand for
        _RESOLVING.add(key)
        try:
            return _plural_antecedent(tok, index, words, depth)
        finally:
            _RESOLVING.discard(key)
    people, organizations = _pronoun_classes()
    if lower in words.person_pronouns:
        want = people
    elif lower in words.organization_pronouns:
        want = organizations
    else:
        return []
    # three sentences back, and at least 80 tokens (hard-wrapped text breaks sentences at every line)
    floor = min(doc_sentence_start(tok, back=3), max(0, tok.i - 80))
    candidates = []
    for i in range(tok.i - 1, floor - 1, -1):
        for span in index.get(i, []):
            if span.label_ in want and span.end <= tok.i and span not in candidates:
                candidates.append(span)
    if not candidates:
        return []
    # "It asked France to stop selling arms to Iraq, its enemy": a pronoun subject before it in the
    # sentence is the likelier antecedent.
    masculine = lower in words.masculine_pronouns
    same = (
        words.organization_pronouns
        if want is organizations
        else {w for w in words.person_pronouns if (w in words.masculine_pronouns) == masculine}
    )
    earlier = next(
        (t for t in tok.doc[tok.sent.start : tok.i] if t.pos_ == "PRON" and t.lower_ in same and t.dep_ in SUBJECTS),
        None,
    )
    if earlier is not None and depth < 2:
        found = resolve_pronoun(earlier, index, words, depth + 1)
        if found:
            return found
    # "After talks with Suharto, he said": the subject of a sentence is seldom someone named in its
    # own opening phrase; "faced by Aquino since she toppled Marcos": a clause's may be.
    main_subject = tok.dep_ in SUBJECTS and tok.head.dep_ == "ROOT"
    end = tok.i
    for back in range(8):
        start = doc_sentence_start(tok, back)
        if back and (start == end or end <= floor):
            break  # the first sentence of the doc, or far enough
        mine = [s for s in candidates if start <= s.start < end]
        for span in mine:
            if _subject_like(span.root):
                return keys_of(span)
        if mine and (back or not main_subject):
            break  # the nearest sentence that names a candidate: its last one, below
        end = start
    return keys_of(candidates[0])


def _plural_antecedent(tok: Token, index: Index, words: Words, depth: int) -> list[str]:
    """they/their/them -> a coordination of mentions, a group mention or a plural noun named
    before: its subject if the sentence has one, else the nearest; a plural noun that stands
    for no actor ("analysts") resolves to nothing."""
    if depth > 2:
        return []
    doc = tok.doc
    end = tok.i
    for back in range(3):
        start = doc_sentence_start(tok, back)
        if back and start == end:
            break
        found: list[tuple[Token, list[str]]] = []
        i = end - 1
        while i >= start:
            t = doc[i]
            spans = index.get(i, [])
            group = next((s for s in spans if "|" in s.kb_id_), None)
            if group is not None:
                found.append((group.root, keys_of(group)))
                i = group.start - 1
                continue
            if spans:
                span = spans[-1]
                root = span.root
                while root.dep_ == "conj" and root.head.i != root.i:
                    root = root.head
                keys = entities_at(root, index, words) if root.i in index else []
                if len(keys) >= 2 or (span.root.tag_ in PLURAL_TAGS and span.root.pos_ == "NOUN"):
                    found.append((root, keys))
                    i = min(span.start, root.left_edge.i) - 1
                    continue
                i = span.start - 1
                continue
            if t.tag_ in PLURAL_TAGS and t.dep_ not in NOUN_MODIFIERS and t.lower_ not in words.not_antecedents:
                if not t.ent_type_ or t.ent_type_ not in NUMERIC_ENTS:
                    found.append((t, entities_at(t, index, words)))
            elif t.pos_ == "PRON" and t.lower_ in words.plural_pronouns and t.i != tok.i:
                found.append((t, resolve_pronoun(t, index, words, depth + 1)))
            i -= 1
        if found:
            subject = next((keys for t, keys in found if _subject_like(t)), None)
            return subject if subject is not None else found[0][1]
        end = start
    return []


def _own_subjects(tok: Token, index: Index, words: Words) -> set[str]:
    """The actors the subject of a verb names, when a noun is its object ("both countries
    withdrew their ambassadors"); a subject's owner does not count ("Iran's envoy recalled")."""
    v = tok.head
    if v.pos_ not in {"VERB", "AUX"}:
        return set()
    subj, passive = subjects_of(v, words)
    if passive:
        return set()
    return {k for x in subj for k in entities_at(x, index, words, depth=1)} | {
        k
        for x in subj
        if x.i not in index and x.lower_ in words.collective
        for mod in x.children
        if mod.dep_ in {"amod", "compound", "nmod"}
        for m in mod.subtree
        if m.i in index
        for k in keys_of(index[m.i][0])
    }


def _objects_of(tok: Token, preps: frozenset[str]) -> list[Token]:
    """The objects of the prepositions ``preps`` on ``tok``: "delegations *of* Cyprus"."""
    return [p for c in tok.children if c.dep_ == "prep" and c.lower_ in preps for p in c.children if p.dep_ == "pobj"]


def _included(tok: Token, words: Words) -> list[Token]:
    """The examples a noun phrase lists: "capitals, including Oslo and Helsinki", "buyers such as
    Iraq", "leaders pressing for a bill, including Gephardt" (the parser hangs the list low).
    Not for a subject: "companies, including A and B, are working there" is no act of A with B."""
    if tok.dep_ in SUBJECTS | PASSIVE_SUBJECTS:
        return []
    such = words.follows("inclusion")
    out: list[Token] = []
    for c in tok.subtree:
        if c.dep_ != "prep" or c.i < tok.i:
            continue
        if "" in such.get(c.lower_, ()) or any(c.lower_ in such.get(g.lower_, ()) for g in c.children):
            out.extend(p for p in c.children if p.dep_ == "pobj")
    return out


def _named_apart(tok: Token, index: Index) -> bool:
    """A noun with an apposition that names actors: "its biggest buyers -- Iraq, Iran and Syria"."""
    return any(c.dep_ == "appos" and c.i in index for c in tok.children)


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
            # "the delegations of Cyprus, Greece and Israel", "the armed forces of the DPRK"; "tens of
            # thousands of ...", "a group of ..." count no step; "officials in charge of trade in
            # Norway and Sweden": one more phrase on a phrase that names nobody.
            step = 0 if t.lower_ in words.quantities else 1
            pobjs = _objects_of(t, words.collective_of)
            hung = []
            if not pobjs and t.dep_ in OBJECTS:
                # "met delegates from several capitals": the parser hangs the phrase on the verb ("killed
                # militants in Gaza": a place of the act, not of the militants)
                hung = [
                    p
                    for c in t.head.children
                    if c.dep_ == "prep" and c.lower_ in words.collective_of and c.i == t.right_edge.i + 1
                    for p in c.children
                    if p.dep_ == "pobj"
                ]
            for pobj in pobjs:
                found = entities_at(pobj, index, words, depth + step)
                if (
                    not found
                    and step
                    and pobj.i not in index
                    and (pobj.head.lower_ in words.origin or pobj.lower_ in words.role_nouns)
                ):
                    # "delegates of the energy ministries of Norway", "officials in charge of trade in the
                    # EU" (not "people in the province of X")
                    found = [k for p in _objects_of(pobj, words.collective_of) for k in entities_at(p, index, words, 2)]
                out.extend(found)
            for pobj in (p for p in hung if p.head.lower_ in words.origin):
                out.extend(entities_at(pobj, index, words, depth + step))
            if not out and t.tag_ in PLURAL_TAGS:
                # "militants linked to the LRA", "fighters loyal to Haftar" (not "a group linked to ...")
                for mod in (c for c in t.children if c.dep_ in {"acl", "amod"} and c.lower_ in words.linked_to):
                    out.extend(
                        k for p in _objects_of(mod, words.linked_to_preps) for k in entities_at(p, index, words, 1)
                    )
        if depth < 2 and t.i not in index and t.pos_ in {"NOUN", "PROPN"}:
            # "delegates from several capitals, including Oslo and Helsinki", "buyers such as Iraq"
            out.extend(k for p in _included(t, words) for k in entities_at(p, index, words, depth + 1))
        if t.i not in index and t.pos_ in {"NOUN", "PROPN"} and depth == 0:
            # "Macron's remarks", "Russia's efforts": the possessor stands in for its words or deeds;
            # not for another actor ("their ally"), nor beside the actors named in apposition ("its
            # biggest buyers -- Iraq, Iran and Syria"), nor for the clause's own subject ("both
            # countries withdrew their ambassadors": no relation between the two).
            owners = [] if _named_apart(t, index) or t.lower_ in words.other_actor_nouns else t.children
            for poss in (c for c in owners if c.dep_ == "poss"):
                keys = entities_at(poss, index, words, depth + 1)
                if keys and poss.pos_ == "PRON" and t.dep_ in OBJECTS and set(keys) <= _own_subjects(t, index, words):
                    continue
                out.extend(keys)
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
