"""Who did it: subjects, passive agents and the verbs above a trigger.

Not a component: pure functions over a parsed ``Doc`` that the extractors share.  The
dependency labels they test are the parser's (syntax, kept here as named constants); the
words, the lexicon's (:class:`~kg.lexicons.Words`).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from ..lexicons import Words

__all__ = ["SUBJECTS", "PASSIVE_SUBJECTS", "OBJECTS", "agent_of", "ancestors", "subjects_of"]

SUBJECTS = {"nsubj", "csubj"}
PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
OBJECTS = {"dobj", "obj", "dative"}
WH_WORDS = {"WP", "WDT"}  # tags of "who", "which" heading a relative clause
# Dependents that pass their subject down: "is ready to accept" (acomp), "left them angry" (oprd).
PREDICATIVES = {"acomp", "oprd"}


def subjects_of(verb: Token, words: Words, actor: Callable[[Token], bool] | None = None) -> tuple[list[Token], bool]:
    """The subject tokens of a verb and whether the verb is passive.

    Follows coordination ("X met A and criticized B"), control ("pledged to support",
    "is ready to accept"), relative clauses ("Shoigu, who visited") and participles ("a
    treaty signed by").  With ``actor`` (whether a token stands for an entity), the doer of
    an infinitive on a noun is that noun when it names an actor ("Bush's plan to withdraw",
    "the right of Russian troops to fire"), and an object sent "to" do something does it
    ("sent Blinken to join the talks").
    """
    comitative = words.follows("comitative")
    v, hops = verb, 0
    while hops < 8:
        subj = [c for c in v.children if c.dep_ in SUBJECTS]
        passive = [c for c in v.children if c.dep_ in PASSIVE_SUBJECTS]
        if subj or passive:
            if subj and subj[0].tag_ in WH_WORDS and v.dep_ == "relcl":
                return [_relcl_head(v)], False  # "Shoigu, who visited North Korea"
            if passive and passive[0].tag_ in WH_WORDS and v.dep_ == "relcl":
                return [_relcl_head(v)], True  # "the summit, which was attended by Xi"
            found = subj or passive
            # "France faced off against Turkey along with Egypt"
            found += [
                p
                for prep in v.children
                if prep.dep_ == "prep" and prep.lower_ in comitative
                for w in prep.children
                if w.lower_ in comitative[prep.lower_]
                for p in w.children
                if p.dep_ == "pobj"
            ]
            if v.i != verb.i and verb.dep_ == "conj" and any(c.dep_ == "auxpass" for c in verb.children):
                return found, True  # "Turkey is under sanctions and was condemned by Egypt"
            return found, bool(passive) and not subj
        if v.dep_ == "relcl":
            return [_relcl_head(v)], False
        if v.dep_ == "pcomp" and v.head.lower_ in words.gerund_adjuncts and v.head.head.i != v.head.i:
            # "After meeting with Xi, Lula flew home": the gerund's subject is the clause's
            v, hops = v.head.head, hops + 1
            continue
        if v.dep_ == "xcomp" and v.head.lemma_ in words.object_control:
            # "urged the EU to support the PLO": the EU would support
            objs = [c for c in v.head.children if c.dep_ in OBJECTS]
            if objs:
                return objs, False
        if (
            actor is not None
            and v.dep_ in {"advcl", "xcomp"}
            and v.head.lemma_ in words.object_control | words.sending_verbs
            and _infinitive(v)
        ):
            # "sent Blinken to join the talks": Blinken joins (troops sent to attack leave it to the sender)
            objs = [c for c in v.head.children if c.dep_ in OBJECTS and actor(c)]
            if objs:
                return objs, False
        if v.dep_ in {"conj", "xcomp", "advcl", "acl"} | PREDICATIVES and v.head.i != v.i:
            if v.dep_ == "acl" and v.tag_ == "VBN":
                return [v.head], True  # "a treaty signed between ...": the noun is the patient
            if actor is not None and v.dep_ == "acl" and _infinitive(v):
                # "Bush's plan to withdraw troops", "the right of Russian troops to fire"
                doers = [v.head] if actor(v.head) and v.head.dep_ not in {"dobj", "pobj"} else []
                doers = doers or [
                    p
                    for prep in v.head.children
                    if prep.dep_ == "prep" and prep.lower_ in words.collective_of
                    for p in prep.children
                    if p.dep_ == "pobj" and actor(p)
                ]
                if doers:
                    return doers, False
            if v.dep_ == "acl" and v.head.dep_ in {"dobj", "pobj"}:
                # "posted a message on Twitter blaming Iran": the poster blames
                v, hops = v.head, hops + 1
                while v.pos_ not in {"VERB", "AUX"} and v.head.i != v.i and hops < 6:
                    v, hops = v.head, hops + 1
                continue
            if v.dep_ == "advcl" and any(c.dep_ in PASSIVE_SUBJECTS | {"auxpass"} for c in v.head.children):
                break  # "were angered by a ruling to continue to imprison him": not the angered who imprison
            v, hops = v.head, hops + 1
            continue
        break
    return [], False


def _infinitive(v: Token) -> bool:
    """Whether a verb is a "to" infinitive: "to join"."""
    return v.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)


def _relcl_head(v: Token) -> Token:
    """The noun a relative clause describes; "Shoigu, Russia's Security Council Secretary, who ..." is Shoigu."""
    head = v.head
    return head.head if head.dep_ == "appos" else head


def agent_of(verb: Token, words: Words) -> list[Token]:
    """Passive agents: "was condemned by Egypt, Greece and Cyprus"."""
    out: list[Token] = []
    for c in verb.children:
        if c.dep_ == "agent":
            out.extend(p for p in c.children if p.dep_ == "pobj")
    if not out:
        # "was condemned in a joint statement by Egypt, Greece and Cyprus": "by" hangs on the noun
        for c in verb.children:
            if c.dep_ == "prep":
                for p in (x for x in c.children if x.dep_ == "pobj"):
                    out.extend(
                        q
                        for b in p.children
                        if b.dep_ == "prep" and b.lower_ in words.by_agent
                        for q in b.children
                        if q.dep_ == "pobj"
                    )
    return out


def ancestors(tok: Token) -> list[Token]:
    """The token and its heads up to the sentence root (at most 12)."""
    out = [tok]
    while out[-1].head.i != out[-1].i and len(out) < 12:
        out.append(out[-1].head)
    return out
