"""Split "U.S.-Japan" and "U.S.-led" at the hyphen, as spaCy's tokenizer already splits "Korea-Russia".

English tokenizer rules split a hyphen between letters but not one after an
abbreviation's full stop, so "U.S.-Japan" would stay one token that neither the
gazetteer nor the parser knows.  The first component of a kg pipeline splits such tokens
with ``Doc.retokenize``, into the tokens a tokenizer with the infix rule
``(?<=[A-Z]\\.)-(?=[A-Za-z])`` would make, and keeps the span groups already set (the
article's segments) on the same characters.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> [t.text for t in split_hyphens(nlp.make_doc("U.S.-led talks"))]
['U.S.', '-', 'led', 'talks']
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, SpanGroup

# A hyphen after a capital and a full stop, before a letter.
HYPHEN = re.compile(r"(?<=[A-Z]\.)-(?=[A-Za-z])")


def split_hyphens(doc: Doc, whole: Callable[[str], bool] | None = None) -> Doc:
    """Split every token of ``doc`` at each :data:`HYPHEN`, unless ``whole(token.text)`` keeps it.

    Span groups are rebuilt on the same characters (a split never moves a token boundary).
    """
    found = [m.start() for m in HYPHEN.finditer(doc.text)]
    if not found:
        return doc
    splits: dict[int, list[str]] = {}
    for at in found:
        token = doc.char_span(at, at + 1, alignment_mode="expand")[0]  # type: ignore[index]
        text = token.text
        if token.i in splits or len(text) < 4 or (whole is not None and whole(text)):
            continue
        cuts = [m.start() for m in HYPHEN.finditer(text)]  # the token's own letters around the hyphen
        if cuts:
            bounds = [0] + [c for cut in cuts for c in (cut, cut + 1)] + [len(text)]
            splits[token.i] = [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if a < b]
    if not splits:
        return doc
    groups = {
        key: (dict(group.attrs), [(s.start_char, s.end_char, s.label, s.kb_id, s.id) for s in group])
        for key, group in doc.spans.items()
    }
    with doc.retokenize() as retokenizer:
        for i, pieces in splits.items():
            token = doc[i]
            retokenizer.split(token, pieces, heads=[(token, n) for n in range(len(pieces))])
    for key, (attrs, spans) in groups.items():
        rebuilt = [doc.char_span(a, b, label=label, kb_id=kb_id, span_id=ident) for a, b, label, kb_id, ident in spans]
        doc.spans[key] = SpanGroup(doc, name=key, attrs=attrs, spans=[s for s in rebuilt if s is not None])
    return doc


class HyphenSplitter:
    """Split abbreviation-hyphen tokens (see :func:`split_hyphens`), except those the tokenizer keeps whole.

    The tokenizer keeps a token whole when it is one of its special cases or matches its
    ``token_match`` or ``url_match`` ("www.U.S.-x.com"), so this component does too.
    """

    def __init__(self, nlp: Language):
        tokenizer = nlp.tokenizer
        self.special = frozenset(getattr(tokenizer, "rules", None) or ())
        self.matchers = [
            m for m in (getattr(tokenizer, "token_match", None), getattr(tokenizer, "url_match", None)) if m is not None
        ]

    def whole(self, text: str) -> bool:
        return text in self.special or any(m(text) for m in self.matchers)

    def __call__(self, doc: Doc) -> Doc:
        return split_hyphens(doc, self.whole)


@Language.factory("kg_hyphens", requires=[], assigns=[], default_config={})
def make_hyphens(nlp: Language, name: str) -> HyphenSplitter:
    """spaCy factory of :class:`HyphenSplitter`; put it first, before anything reads the tokens."""
    return HyphenSplitter(nlp)
