"""How a claim is qualified: polarity, modality and attribution.

Not a component: pure functions over a parsed ``Doc`` that the relation extractor uses.
"did not hold talks" is negative, "plans to visit" future, "urged China to act"
hypothetical, "denied attacking" denied; "X said ..." and "according to ..." name the
source.  The cue words are the lexicon's (``modality.toml``, ``reporting.toml``).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..lexicons import Words
from ..namespace import V
from ..records import NEGATIVE, POSITIVE
from .mentions import Index, entities_at
from .syntax import OBJECTS, SUBJECTS, agent_of, ancestors

__all__ = ["Qualifier", "qualify"]

PRESENT_TAGS = {"VBZ", "VBP"}  # present tense: in a "when" clause, an act still to come
SUBJUNCTIVE_TAGS = {"VB", "VBP"}  # "proposed that they meet": the base form, which the tagger may call present


@dataclass(frozen=True)
class Qualifier:
    polarity: str = POSITIVE
    modality: str = V.Asserted
    attribution: str | None = None
    attributed_to: list[str] | None = None


def qualify(trigger: Token, index: Index, words: Words) -> Qualifier:
    """Polarity, modality and attribution of the claim a trigger expresses."""
    polarity, modality = POSITIVE, V.Asserted
    chain = ancestors(trigger)
    # The words that can negate or qualify the trigger: itself, the light verb it is the
    # object of ("did not hold talks"), and verbs governing it through control ("plans to visit").
    scope = [trigger]
    t = trigger
    if (
        t.pos_ in {"NOUN", "PROPN"}
        and t.dep_ in {"dobj", "attr", "nsubj", "nsubjpass"}
        and t.head.pos_ in {"VERB", "AUX"}
        and not (  # "did not condemn the attack": the attack stays a fact ("back off" is no backing)
            t.head.lemma_ in words.topic_verbs and not any(c.dep_ == "prt" for c in t.head.children)
        )
    ):
        t = t.head
        scope.append(t)
    elif t.dep_ in {"acomp", "oprd"} and t.head.pos_ in {"VERB", "AUX"}:
        t = t.head  # "Poland would be opposed to it": the copula carries the modality
        scope.append(t)
    while t.dep_ == "xcomp" and t.head.i != t.i and t.lemma_ not in words.continuation_verbs:
        t = t.head
        scope.append(t)
    if t.dep_ == "acl" and t.head.lemma_ in words.future_heads | words.plan_nouns:
        scope.append(t.head)  # "Bush's plan to withdraw troops", "an offer to mediate"
    if t.lemma_ in words.continuation_verbs and t.i != trigger.i:
        # "can continue to support Ukraine", "decided to resume talks": the relation holds already;
        # only a negation counts ("will not continue to fund").
        negated = any(c.dep_ == "neg" for x in scope for c in x.children)
        scope = [trigger] if not negated else scope
    for t in scope:
        kids = list(t.children)
        if any(c.dep_ == "neg" for c in kids) or any(
            c.dep_ == "det" and c.lower_ in words.negative_determiners for c in kids
        ):
            polarity = NEGATIVE
        aux = {c.lower_ for c in kids if c.dep_ in {"aux", "auxpass"}}
        if aux & words.hypothetical_aux:
            modality = V.Hypothetical
        elif aux & words.future_aux and modality == V.Asserted:
            modality = V.Future
        if any(c.dep_ == "amod" and c.lower_ in words.possible_modifiers for c in kids):
            future = any(c.lower_ in words.future_modifiers for c in kids if c.dep_ == "amod")
            modality = V.Future if future else V.Possible
        if any(c.dep_ == "advmod" and c.lower_ in words.possible_adverbs for c in kids):
            modality = V.Possible if modality == V.Asserted else modality
        if (
            t.i != trigger.i
            and (t.lemma_ in words.future_heads or t.lemma_ in words.plan_nouns)
            and modality == V.Asserted
        ):
            modality = V.Future
        if t.i != trigger.i and t.lower_ in words.possible_heads and modality == V.Asserted:
            modality = V.Possible  # "is likely to respect", "is unlikely to join"
        if t.i != trigger.i and t.lemma_ in words.wish_heads:
            modality = V.Hypothetical
        if t.i != trigger.i and t.lemma_ in words.refusal_heads:
            polarity = NEGATIVE  # "refused to deploy peacekeepers"
        if t.dep_ == "xcomp" and t.head.lemma_ in words.going_to and t.head.tag_ == "VBG":
            modality = V.Future
    verbal = [t for t in chain if t.pos_ in {"VERB", "AUX"}]
    # Conditions: the trigger sits in an "if" clause.
    for t in verbal:
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in words.conditional_marks for c in t.children):
            modality = V.Hypothetical
            break
    # Denials: "denied that it attacked", "denied attacking".
    for t in verbal:
        if t.i != trigger.i and t.lemma_ in words.denial_verbs and t.pos_ == "VERB":
            modality = V.Denied
            break
        if t.dep_ not in {"ccomp", "xcomp", "pcomp"} and t.i != trigger.i:
            break
    clause = next((t for t in chain if t.pos_ in {"VERB", "AUX"}), None)
    if clause is not None and modality == V.Asserted and trigger.pos_ in {"VERB", "AUX", "NOUN", "PROPN"}:
        marks = {c.lower_ for c in clause.children if c.dep_ in {"mark", "advmod"}}
        if clause.dep_ == "advcl" and marks & words.temporal_marks and clause.tag_ in PRESENT_TAGS:
            modality = V.Future  # "when they meet later this week", "before he travels on to Canada"
        elif (
            clause.dep_ == "ccomp"
            and clause.tag_ in SUBJUNCTIVE_TAGS
            and clause.head.lemma_ in words.wish_heads
            and not any(c.dep_ in {"aux", "auxpass"} for c in clause.children)
        ):
            modality = V.Hypothetical  # "proposed that the two ministers meet": wished for
    sent = trigger.sent
    if sent.text.rstrip().endswith("?") and sent[0].lower_ in words.question_openers:
        modality = V.Hypothetical
    attribution, attributed = _attribution(trigger, chain, index, words)
    return Qualifier(polarity, modality, attribution, attributed)


def _attribution(trigger: Token, chain: list[Token], index: Index, words: Words) -> tuple[str | None, list[str] | None]:
    sent = trigger.sent
    doc = trigger.doc
    according = words.follows("according_to")
    # "according to state media", "according to Seoul's unification ministry"
    for tok in sent:
        if tok.lower_ in according and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in according[tok.lower_]:
            to = doc[tok.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in tok.children if c.dep_ == "pobj"]
            if objs:
                toks = list(objs[0].subtree)
                text = doc[toks[0].i : toks[-1].i + 1].text
                return f"{tok.lower_} {to.lower_} {text}", entities_at(objs[0], index, words) or None
    # "as reported by Yonhap, citing the Korean Central News Agency"
    for tok in sent:
        if tok.lemma_ in words.report_verbs and tok.tag_ == "VBN":
            agents = agent_of(tok, words)
            if agents:
                toks = list(agents[0].subtree)
                keys = entities_at(agents[0], index, words)
                for cite in (c for c in tok.subtree if c.lemma_ in words.citing_verbs):
                    for obj in (c for c in cite.children if c.dep_ in OBJECTS):
                        keys += entities_at(obj, index, words)
                text = doc[toks[0].i : toks[-1].i + 1].text
                return f"reported by {text}", keys or None
    # Reported speech: the trigger sits under "said", "argued", "emphasized" ...
    for t in chain[1:]:
        if t.lemma_ in words.speech_verbs and t.pos_ == "VERB":
            subj = [c for c in t.children if c.dep_ in SUBJECTS]
            if subj:
                toks = list(subj[0].subtree)
                text = doc[toks[0].i : toks[-1].i + 1].text
                return text, entities_at(subj[0], index, words) or None
    return None, None
