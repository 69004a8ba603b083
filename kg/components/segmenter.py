"""Keep an article's structure: sentences never cross segment boundaries.

The headline, headings, each bullet and the dateline are their own sentences, so the
parser never fuses "Key Takeaways" bullets and the dateline into one sentence.  A
sentence also starts after an abbreviation's full stop when the next word plainly opens
one: "... posted on X. The group said", "... exported to the U.S. Militants then ...".
So does a paragraph whose sub-heading a feed glued to it: "... Little choice While Kenya
wants ...".  Runs before the parser, which respects sentence starts set in advance.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("kg_segmenter")
>>> [s.text for s in nlp("Aid flows into the U.S. The Senate voted.").sents]
['Aid flows into the U.S.', 'The Senate voted.']
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from .attributes import SEGMENTS, token_ids
from .base import DataComponent

__all__ = ["Segmenter", "make_segmenter"]

# An abbreviation that ends in a full stop: "U.S.", "U.K.", an initial "X."; and one before a
# capitalized word.
ABBREVIATION = re.compile(r"^(?:[A-Z]\.)+$")
ABBREVIATION_BEFORE_CAPITAL = re.compile(r"(?<![\w.])(?:[A-Z]\.)+(?= [A-Z])")


class Segmenter(DataComponent):
    """Mark a sentence start at every segment start, after every line break, and after an
    abbreviation followed by a word that opens a sentence."""

    uses_gazetteer = False

    def setup(self) -> None:
        words = self.lexicon.words
        self.openers = words.sentence_openers
        # plural nouns for people, capitalized after an initial only at a sentence start ("on X. Militants")
        self.people = words.collective | words.groups | words.troops
        self.opener_ids = {get_string_id(w.title()) for w in self.openers if len(w) > 1}

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        segments = doc.spans.get(SEGMENTS, [])
        starts = {s.start for s in segments}
        text = doc.text  # built from the tokens at each call: once
        breaks = [m.start() for m in re.finditer("\n", text)]
        if breaks:
            # the token a line break is in (a space token) or trails (its whitespace): the next one starts
            at = numpy.searchsorted(doc.to_array(IDX), breaks, side="right")
            starts.update(at.tolist())
        bodies = [(s.start, s.end) for s in segments if s.label_ == "body"] or [(0, len(doc))]
        abbreviations = self.abbreviations(doc, text)
        openers = token_ids(doc, ORTH, self.opener_ids)
        for first, end in bodies:
            starts.update(self.after_abbreviations(doc, [i for i in abbreviations if first < i < end - 1]))
            starts.update(self.after_headings(doc, [i for i in openers if first < i < end - 1]))
        for i in sorted(starts):
            if 0 < i < len(doc):
                doc[i].is_sent_start = True
        return doc

    def abbreviations(self, doc: Doc, text: str) -> list[int]:
        """Indexes of the tokens that are abbreviations before a capitalized word: "U.S. The"."""
        found = [m.start() for m in ABBREVIATION_BEFORE_CAPITAL.finditer(text)]
        if not found:
            return []
        at = numpy.searchsorted(doc.to_array(IDX), found, side="right") - 1
        return [i for i in at.tolist() if ABBREVIATION.match(doc[i].text)]

    def after_abbreviations(self, doc: Doc, candidates: list[int]) -> list[int]:
        """Of the abbreviations at ``candidates``, the tokens after them that open a sentence."""
        out = []
        for i in candidates:
            tok, nxt = doc[i], doc[i + 1]
            if not tok.whitespace_:
                continue
            if not nxt.text[:1].isupper() or not nxt.text[1:].islower():
                continue
            lower = nxt.lower_
            # after an initial, a capitalized noun for people opens a sentence; after "U.S." it may
            # be a name's word in headline style ("U.S. Officials"), so only function words count there
            if lower in self.openers or (len(tok.text) == 2 and lower in self.people):
                out.append(i + 1)
        return out

    def after_headings(self, doc: Doc, candidates: list[int]) -> list[int]:
        """Tokens in ``doc[first:end]`` that open a paragraph after a sub-heading glued to it.

        Feeds that lose line breaks run a sub-heading into its paragraph: "... the court
        ruled. Little choice While Kenya wants ...", "The escape The prison break began".
        A capitalized word that opens sentences ("While", "The"), right after a lower-case
        word that does not introduce a title ("told The Verge"), starts one; an article or
        a preposition only before a lower-case word ("The prison", not "The Hague").
        """
        words = self.lexicon.words
        out = []
        for i in candidates:  # capitalized openers ("While", "The")
            tok, prev, nxt = doc[i], doc[i - 1], doc[i + 1]
            if not (tok.is_title and tok.lower_ in self.openers and len(tok) > 1 and prev.whitespace_):
                continue
            if not (prev.is_alpha and prev.is_lower) or prev.lower_ in self.openers | words.title_introducers:
                continue
            if tok.lower_ not in words.clause_openers and not (nxt.is_lower or nxt.like_num):
                continue
            out.append(i)
        return out


@Language.factory("kg_segmenter", requires=[], assigns=["token.is_sent_start"], default_config={"lexicons": []})
def make_segmenter(nlp: Language, name: str, lexicons: list[str]) -> Segmenter:
    """spaCy factory of :class:`Segmenter`."""
    return Segmenter(nlp, name, lexicons=lexicons)
