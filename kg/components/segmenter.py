"""Keep an article's structure: sentences never cross segment boundaries.

The headline, headings, each bullet and the dateline are their own sentences, so the
parser never fuses "Key Takeaways" bullets and the dateline into one sentence.  Runs
before the parser, which respects sentence starts set in advance.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from .attributes import SEGMENTS


class Segmenter:
    """Mark a sentence start at every segment start and after every line break."""

    def __call__(self, doc: Doc) -> Doc:
        starts = {s.start for s in doc.spans.get(SEGMENTS, [])}
        breaks = [m.start() for m in re.finditer("\n", doc.text)]
        if breaks:
            # the token a line break is in (a space token) or trails (its whitespace): the next one starts
            at = numpy.searchsorted(doc.to_array(IDX), breaks, side="right")
            starts.update(at.tolist())
        for i in sorted(starts):
            if 0 < i < len(doc):
                doc[i].is_sent_start = True
        return doc


@Language.factory("kg_segmenter", requires=[], assigns=["token.is_sent_start"], default_config={})
def make_segmenter(nlp: Language, name: str) -> Segmenter:
    """spaCy factory of :class:`Segmenter`."""
    return Segmenter()
