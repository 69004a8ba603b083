"""Parties to agreements named as the frame of what they do.

Not a component: rules the relation extractor runs (:mod:`kg.components.relations`).  An
:class:`AgreementFinder` yields candidate relations,
``(subjects, property, objects, trigger, confidence)``, for

- "Under the accord, Armenia will reopen its border": who acts under a treaty is party
  to it;
- "Iran stopped meeting its commitments under the 2015 deal", "Peru's obligations under
  the convention": whose commitments fall under a treaty is party to it.

Being party is a state of affairs: the claim takes its trigger from the preposition, so
"will reopen" does not make it a plan.  Signing, keeping and breaking a treaty are verb
senses (``lexicons/relations.toml``); the words here are the lexicon's
(``lexicons/treaties_and_forums.toml``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Token

from ..lexicons import Lexicon
from ..namespace import C, P
from ..ontology import subclasses
from ..records import Claim
from .mentions import Index, entities_at
from .syntax import subjects_of

__all__ = ["AgreementFinder"]

Candidate = tuple[list[str], str, list[str], Token, float]


class AgreementFinder:
    """Find the parties of treaties that frame an act or a commitment."""

    def __init__(self, lexicon: Lexicon):
        self.words = lexicon.words
        self.treaties = subclasses(C.Treaty)
        self.cues = self.words.framing_preps

    def at(self, tok: Token, index: Index, claims: Sequence[Claim] = ()) -> Iterator[Candidate]:
        """The candidates a cue word (one of :attr:`cues`) triggers."""
        if tok.dep_ != "prep":
            return
        treaties = [
            index[p.i][0].kb_id_
            for p in tok.children
            if p.dep_ == "pobj" and p.i in index and index[p.i][0].label_ in self.treaties
        ]
        if not treaties:
            return
        head = tok.head
        parties: list[str] = []
        if head.pos_ in {"VERB", "AUX"}:
            # "Under the accord, Armenia will reopen its border"
            subj_toks, passive = subjects_of(head, self.words)
            if not passive:
                parties = [k for t in subj_toks for k in entities_at(t, index, self.words)]
        elif head.pos_ == "NOUN" and head.lemma_.lower() in self.words.commitment_nouns:
            # "its commitments under the 2015 deal"
            parties = [k for c in head.children if c.dep_ == "poss" for k in entities_at(c, index, self.words)]
        if parties:
            yield parties, P.partyTo, treaties[:1], tok, 0.6
