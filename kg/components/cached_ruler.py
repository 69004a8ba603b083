"""A drop-in for the model's attribute ruler that answers its one-token rules from a cache.

The focused parser (:mod:`kg.components.focus`) runs it on the sentences it parses.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> ruler = nlp.add_pipe("attribute_ruler")
>>> ruler.add([[{"LOWER": "there"}]], {"POS": "PRON"})
>>> [t.pos_ for t in CachedRuler(ruler)(nlp.make_doc("There it is"))]
['PRON', '', '']
"""

from __future__ import annotations

import re
from typing import Any, cast

import numpy
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.matcher import Matcher
from spacy.tokens import Doc

__all__ = ["CachedRuler"]


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
        self.ruler, self.vocab = ruler, ruler.vocab
        self.columns = (TAG, POS, MORPH, LEMMA)
        self.dep = DEP
        self.size = -1  # rules read so far: a loaded pipeline gets its rules after its components are made

    def _prepare(self) -> None:
        """Read the ruler's rules and empty the caches."""
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
                self.alternatives += [
                    (-1, key, *(self._split(p[0]) if self._simple(p[0]) else ({}, {}))) for p in rule["patterns"]
                ]
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
            for v in token.values()
        )

    def _split(self, token: dict) -> tuple[dict, dict]:
        return (
            {k: v for k, v in token.items() if k in self.LEXICAL},
            {k: v for k, v in token.items() if k not in self.LEXICAL},
        )

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

        Rules set constants, so this depends on the rules alone; the ruler's own
        ``set_annotations`` applies them in order to a one-token scratch ``Doc``.
        """
        if not rules:
            return None, False
        touched = {a for i, _ in rules for a in self.ruler.attrs[i]}
        scratch = Doc(self.vocab, words=["x"])
        self.ruler.set_annotations(scratch, [(i, key, 0, 1) for i, key in rules])
        now = scratch.to_array(list(self.columns))[0].tolist()
        return tuple(v if c in touched else None for c, v in zip(self.columns, now, strict=True)), self.dep in touched

    def __call__(self, doc: Doc) -> Doc:
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
