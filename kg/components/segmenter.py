"""Keep an article's structure: sentences never cross segment boundaries.

The headline, headings, each bullet and the dateline are their own sentences, so the
parser never fuses "Key Takeaways" bullets and the dateline into one sentence.  Runs
before the parser, which respects sentence starts set in advance.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .attributes import SEGMENTS


class Segmenter:
    """Mark a sentence start at every segment start and after every line break."""

    def __call__(self, doc: Doc) -> Doc:
        starts = {s.start for s in doc.spans.get(SEGMENTS, [])}
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if tok.i in starts or (prev.is_space and "\n" in prev.text) or ("\n" in prev.whitespace_):
                tok.is_sent_start = True
            elif not tok.is_space and not prev.is_space and tok.is_sent_start is None:
                continue
        # A line break token must not start a sentence of its own inside a segment.
        for tok in doc:
            if tok.is_space and tok.i + 1 < len(doc) and "\n" in tok.text:
                doc[tok.i + 1].is_sent_start = True
        return doc


@Language.factory("kg_segmenter", requires=[], assigns=["token.is_sent_start"], default_config={})
def make_segmenter(nlp: Language, name: str) -> Segmenter:
    """spaCy factory of :class:`Segmenter`."""
    return Segmenter()
