"""The fast path: tag, parse and lemmatize only the sentences where a relation can come out.

Most sentences of a news article name at most one actor, and no relation comes out of
them; :class:`FocusedParser` runs the model's tok2vec, tagger, parser, attribute ruler
and lemmatizer only on the others, with the same vectors the whole ``Doc`` would give.

>>> import spacy
>>> receptive_field(spacy.blank("en").add_pipe("tok2vec"))  # spaCy's default CNN: 4 layers of window 1
4
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from ..lexicons import cue_words, load_lexicon
from ..namespace import C
from .cached_ruler import CachedRuler

__all__ = ["FocusedParser", "cue_words", "receptive_field", "PLACEHOLDER_DEP"]

# NER labels that never name an actor, a place, a treaty or a forum.
NON_ACTOR_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "LANGUAGE"})
# NER labels of names the gazetteer does not know that seldom take part in a relation on their
# own: a sentence whose only names are such (companies, products) is parsed only when it names
# a state, a person, a place or a known organization too.
WEAK_LABELS = frozenset({"ORG", "PRODUCT"})
# Pronouns that stand for a thing as often as for an actor: alone with companies, no reason to parse.
WEAK_PRONOUNS = frozenset({"it", "its"})
# Pronouns that may stand for an actor named earlier ("he", "its").
PRONOUNS = frozenset({"he", "she", "him", "his", "her", "it", "its", "they", "them", "their"})
# "the two nations", "both leaders": one phrase, two actors (the lexicon's numbers add "three" ...).
PAIR_WORDS = frozenset({"two", "both"})
# How many tokens before a pair noun its number (or a description its determiner) may be: "the
# three military-led nations", "the regional bloc".
PAIR_REACH = 4
# Tokens that open or close a quotation (a rough toggle: enough to choose sentences to parse).
QUOTE_MARKS = frozenset({'"', "“", "”", "``", "''"})
# Dependency label of the placeholder tree given to sentences that are not parsed; no rule reads it.
PLACEHOLDER_DEP = "dep"


# Layers whose output for a token depends on the token alone or on a fixed window around it.
LOCAL_LAYERS = frozenset(
    {
        "extract_features",
        "hashembed",
        "ints-getitem",
        "maxout",
        "layernorm",
        "dropout",
        "expand_window",
        "list2ragged",
        "ragged2list",
        "list2array",
        "array2list",
        "relu",
        "mish",
        "staticvectors",
        "reduce_sum",
        "remap_ids",
        "noop",
    }
)


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
    """Tag, parse and lemmatize only the sentences with at least two candidate actors, one of
    them a name the gazetteer knows or a state, person or place the model finds
    (``strong_only``; not for "Viacom said MCV Holdings raised its offer").

    A candidate is a named entity (gazetteer or NER, numbers and dates aside), a pronoun,
    a cue noun from :func:`cue_words`, a capitalised first or last name of a person the
    article names in full (the surnames coreference resolves), a description after a
    determiner ("the country", "the attack") or "I"/"we" inside a quotation; "two nations"
    and "the three countries" count twice.

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

    def __init__(self, nlp: Language, min_actors: int = 2, cache_ruler: bool = True, strong_only: bool = True):
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
        self.strong_only = strong_only
        cues, pairs = cue_words()
        words = load_lexicon().words
        strings = nlp.vocab.strings
        self.cues = frozenset(strings.add(w) for w in cues | PRONOUNS)
        self.pairs = frozenset(strings.add(w) for w in pairs)
        self.weak_cues = frozenset(strings.add(w) for w in WEAK_PRONOUNS)
        self.pair_words = frozenset(strings.add(w) for w in PAIR_WORDS | set(words.numbers))
        # after a determiner, nouns that stand for an actor or an act named before: "the country", "the
        # latter", "the allies", "the attack" (kg.components.reference, kg.components.acts)
        described = {*words.descriptions, *words.former_latter, *words.bare_sets, *words.acts}
        self.described = frozenset(strings.add(w) for w in described)
        self.determiners = frozenset(strings.add(w) for w in words.act_determiners)
        # inside a quotation, "I" and "we" stand for its speaker (kg.components.quotes)
        self.first_person = frozenset(strings.add(w) for w in words.first_person)
        self.quote_marks = frozenset(strings.add(w) for w in QUOTE_MARKS)
        self.placeholder = strings.add(PLACEHOLDER_DEP)
        self.root = strings.add("ROOT")
        self.stats = {"sentences": 0, "parsed": 0, "tokens": 0, "parsed_tokens": 0, "vector_tokens": 0}
        self.lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        self.annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for batch in minibatch(docs, size=batch_size):
            self.annotate(batch)
            yield from batch

    def chosen(self, doc: Doc, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The (start, end) token bounds of the sentences of ``doc`` worth parsing."""
        n = len(doc)
        marks = [0] * n
        strong = bytearray(n)  # a name of a state, person, place or known organization starts here
        covered = bytearray(n)
        names: set[str] = set()
        for ent in doc.ents:
            covered[ent.start : ent.end] = b"\x01" * len(ent)
            if ent.label_ not in NON_ACTOR_LABELS:
                marks[ent.start] += 1
                strong[ent.start] = ent.label_ not in WEAK_LABELS
            if ent.label_ in ("PERSON", C.Person) and len(ent) > 1:  # NER's label, or the gazetteer ruler's class
                names.update((ent[0].text, ent[-1].text))
        orth_names = {doc.vocab.strings[w] for w in names if w in doc.vocab.strings}
        counted = determined = -PAIR_REACH - 1  # where the last pair or number word, and determiner, were
        quoted = False
        for i, (lower, orth) in enumerate(doc.to_array([LOWER, ORTH]).tolist()):
            if not covered[i]:
                if lower in self.cues or orth in orth_names:
                    marks[i] += 1
                    strong[i] = lower not in self.weak_cues
                elif lower in self.pairs and i - counted <= PAIR_REACH:
                    marks[i] += 2
                    strong[i] = 1
                elif (lower in self.described and i - determined <= PAIR_REACH) or (
                    quoted and lower in self.first_person
                ):
                    marks[i] += 1
                    strong[i] = 1
            if lower in self.pair_words:
                counted = i
            elif lower in self.determiners:
                determined = i
            elif orth in self.quote_marks:
                quoted = not quoted
        return [
            (start, end)
            for start, end in bounds
            if sum(marks[start:end]) >= self.min_actors and (not self.strong_only or any(strong[start:end]))
        ]

    @staticmethod
    def _copy(doc: Doc, start: int, end: int, norms) -> Doc:
        """Tokens start..end as a new ``Doc``, with their ``norms`` (``doc.to_array([NORM])``: tokenizer
        exceptions set some, and tok2vec reads them)."""
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
            contexts = [
                self._copy(doc, lo, hi, norms)
                for (doc, _, _, norms), spans in zip(picked, windows, strict=True)
                for lo, hi in spans
            ]
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
                    sub.tensor = mine[w].tensor[start - spans[w][0] : end - spans[w][0]]
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
                    table[start : end - 1, 4] = 1
                    table[start : end - 1, 5] = self.placeholder
                    table[end - 1, 4] = 0
                    table[end - 1, 5] = self.root
            doc.from_array(columns, cast(Any, table))
            self.stats["sentences"] += len(bounds)
            self.stats["parsed"] += len(chosen)
            self.stats["tokens"] += len(doc)
            self.stats["parsed_tokens"] += sum(end - start for start, end in chosen)

    def lemmatize(self, doc: Doc) -> None:
        """Lemmas for the tokens of a chosen sentence that have none (the ruler gives some)."""
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


@Language.factory(
    "kg_focus",
    requires=["doc.ents", "doc.spans", "token.is_sent_start"],
    assigns=["token.tag", "token.pos", "token.morph", "token.lemma", "token.dep", "token.head", "token.is_sent_start"],
    default_config={"min_actors": 2, "cache_ruler": True, "strong_only": True},
)
def make_focused_parser(
    nlp: Language, name: str, min_actors: int, cache_ruler: bool, strong_only: bool
) -> FocusedParser:
    """spaCy factory of :class:`FocusedParser`."""
    return FocusedParser(nlp, min_actors, cache_ruler, strong_only)
