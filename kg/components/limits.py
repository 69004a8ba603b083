"""Bound the length of a sentence: a run of more than ``max_tokens`` tokens is split.

The relation rules look over a trigger's whole sentence for each trigger, so their cost
grows with the square of a sentence's length: a 20,000-token "sentence" (a table, a list
with no full stops) would take minutes where spaCy takes seconds.  Runs after the
sentence starts are set (``senter`` and ``kg_segmenter``) and before anything parses, and
cuts each longer run after the last sentence end (``.``, ``!``, ``?``) in its first
``max_tokens`` tokens, else after the last ``;``, ``:`` or ``,``, else at the limit.  A
cut that is not at a sentence end is noted in ``doc.user_data["kg.long_sentences"]`` as
``(start_char, tokens)`` of the run it split, for the build to report.

``doc.user_data["kg.max_sentence_tokens"]`` overrides ``max_tokens`` for one doc.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> doc = SentenceLimit(4)(nlp("a b c d e f g h i j"))
>>> [s.text for s in doc.sents], doc.user_data["kg.long_sentences"]
(['a b c d', 'e f g h', 'i j'], [(0, 10)])
"""

from __future__ import annotations

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

LIMIT_KEY, NOTES_KEY = "kg.max_sentence_tokens", "kg.long_sentences"
# Tokens after which a cut keeps whole sentences; and, failing those, clauses.
SENTENCE_ENDS = frozenset({".", "!", "?"})
CLAUSE_ENDS = frozenset({";", ":", ",", "—", "–"})


class SentenceLimit:
    """Split every run of more than ``max_tokens`` tokens without a sentence start (0: no limit)."""

    def __init__(self, max_tokens: int = 200):
        self.max_tokens = max_tokens

    def __call__(self, doc: Doc) -> Doc:
        limit = int(doc.user_data.get(LIMIT_KEY, self.max_tokens) or 0)
        if limit <= 0 or len(doc) <= limit:
            return doc
        starts = [i for i, s in enumerate(doc.to_array(SENT_START).tolist()) if s == 1 and i > 0]
        notes = []
        for begin, end in zip([0, *starts], [*starts, len(doc)], strict=True):
            if end - begin <= limit:
                continue
            split, start = False, begin
            while end - start > limit:
                cut = self._cut(doc, start, start + limit)
                split = split or doc[cut - 1].text not in SENTENCE_ENDS
                doc[cut].is_sent_start = True
                start = cut
            if split:
                notes.append((doc[begin].idx, end - begin))
        doc.user_data[NOTES_KEY] = notes
        return doc

    @staticmethod
    def _cut(doc: Doc, start: int, limit: int) -> int:
        """Where the next sentence starts in ``doc[start:limit]``: after a sentence or clause end, else ``limit``."""
        low = start + (limit - start) // 4  # never a sliver
        for ends in (SENTENCE_ENDS, CLAUSE_ENDS):
            for i in range(limit - 1, low, -1):
                if doc[i].text in ends:
                    return i + 1
        return limit


@Language.factory(
    "kg_sentence_limit",
    requires=["token.is_sent_start"],
    assigns=["token.is_sent_start"],
    default_config={"max_tokens": 200},
)
def make_sentence_limit(nlp: Language, name: str, max_tokens: int) -> SentenceLimit:
    """spaCy factory of :class:`SentenceLimit`."""
    return SentenceLimit(max_tokens)
