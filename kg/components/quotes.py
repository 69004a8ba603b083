"""Quotations and their speakers: "I" and "we" inside a quote stand for whoever is quoted.

"'We urge Oslo to act,' Foreign Minister Lena Berg said" is Berg urging Norway.  The
component finds each quotation of a paragraph (paired double quotes, or single quotes that
are not apostrophes; a quotation may run over several sentences), its speaker -- the actor
quoted by a verb of saying right after the closing mark ("..., Berg said", "..., said
Berg"), else right before the opening one ("Berg wrote on X: '...'") -- and adds a mention
of the speaker for every first-person pronoun inside it (``lexicons/reference.toml``).
Runs after :mod:`kg.components.coref` (a speaker may be named by surname) and before the
relation extractors.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..namespace import C
from ..ontology import subclasses
from .attributes import MENTIONS, SEGMENTS, token_ids
from .base import DataComponent
from .focus import PLACEHOLDER_DEP
from .mentions import Index, keys_of, mention_index, resolve_pronoun
from .syntax import SUBJECTS, subjects_of

__all__ = ["Quotes", "make_quotes", "quotations"]

DOUBLE_OPEN, DOUBLE_CLOSE, DOUBLE = "“„«", "”»", '"'
SINGLE_OPEN, SINGLE = "‘", "'’"
REACH = 12  # how many tokens after a closing mark (or before an opening one) the speaker may be
LEADS = {":", ","}  # what ends "Berg said:" before a quotation
# The roles a first-person pronoun may have to stand for the speaker: subject or owner ("placeholder"
# when its sentence is not parsed).
QUOTED_ROLES = {"nsubj", "nsubjpass", "poss", "dep"}
PARAGRAPH_END = re.compile(r"(?<=[.!?\"”])[ \t]*\n|\n(?=[ \t]|\n)")


def quotations(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Character ranges (inside the marks) of the quotations of ``text[start:end]``, one paragraph.

    >>> t = "'We act,' she said. He wrote: \\"I don't agree.\\""
    >>> [t[a:b] for a, b in quotations(t)]
    ['We act,', "I don't agree."]
    """
    end = len(text) if end is None else end
    opened: int | None = None
    single: int | None = None
    for i in range(start, end):
        ch = text[i]
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if ch in DOUBLE_OPEN or (ch == DOUBLE and opened is None):
            if opened is None:
                opened, single = i + 1, None
        elif ch in DOUBLE_CLOSE or ch == DOUBLE:
            if opened is not None:
                yield opened, i
                opened = None
        elif opened is None and ch in SINGLE_OPEN + SINGLE:
            if single is None and (ch in SINGLE_OPEN or (before.isspace() or before in "(—–-")) and after.isalnum():
                single = i + 1  # an opening single quote, not an apostrophe ("don't", "states'")
            elif single is not None and ch in SINGLE and not before.isspace() and not after.isalnum():
                following = text[i + 2 : i + 3] if i + 2 < end else ""
                if not (before == "s" and after == " " and following.islower()):  # "the states' rights"
                    yield single, i
                    single = None
    if opened is not None and end - opened > 1:
        yield opened, end  # a quotation that runs to the end of its paragraph


class Quotes(DataComponent):
    """Add a mention of the speaker for "I", "we", "our" ... inside each quotation."""

    uses_gazetteer = False

    def setup(self) -> None:
        self.words = self.lexicon.words
        self.actors = subclasses(C.Actor)

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        strings = doc.vocab.strings
        found = [doc[i] for i in token_ids(doc, LOWER, {strings.add(w) for w in self.words.first_person})]
        pronouns_at = {t.idx for t in found if self.first_person(t)}
        if not pronouns_at:
            return doc
        mentions = list(doc.spans.get(MENTIONS, []))
        index = mention_index(doc)
        covered = {i for m in mentions for i in range(m.start, m.end)}
        added: list[Span] = []
        for a, b in self.paragraph_quotes(doc, sorted(pronouns_at)):
            inside = doc.char_span(a, b, alignment_mode="contract")
            if inside is None or not len(inside):
                continue
            pronouns = [t for t in inside if t.idx in pronouns_at and t.i not in covered]
            if not pronouns:
                continue
            speaker = self.speaker(doc, inside, index)
            if speaker is None:
                continue
            for t in pronouns:
                added.append(Span(doc, t.i, t.i + 1, label=speaker.label_, kb_id=speaker.kb_id_))
        if added:
            doc.spans[MENTIONS] = mentions + added
        return doc

    def paragraph_quotes(self, doc: Doc, offsets: list[int]) -> Iterator[tuple[int, int]]:
        """The quotations of the segments that hold one of the character ``offsets`` (sorted)."""
        segments = sorted((s.start_char, s.end_char) for s in doc.spans.get(SEGMENTS, []))
        if not segments:
            segments = [(0, len(doc.text))]
        text = doc.text
        for start, end in segments:
            if bisect.bisect_left(offsets, start) == bisect.bisect_left(offsets, end):
                continue  # no "I" or "we" in this segment
            # A segment may hold several paragraphs: a line break after the end of a sentence, or
            # before an indented or blank line, ends one; a hard-wrapped line does not.
            at = start
            for m in PARAGRAPH_END.finditer(text, start, end):
                yield from quotations(text, at, m.start())
                at = m.end()
            yield from quotations(text, at, end)

    def first_person(self, tok: Token) -> bool:
        """ "I", "we", "my", "our" (a subject or an owner); not "me"/"us" as objects ("it strikes me"),
        nor the abbreviation "US"."""
        lower = tok.lower_
        if lower not in self.words.first_person or tok.text == "US" or (lower == "i" and tok.text != "I"):
            return False
        return not tok.dep_ or tok.dep_ in QUOTED_ROLES

    def speaker(self, doc: Doc, inside: Span, index: Index) -> Span | None:
        """The actor a verb of saying beside the quotation names: after the closing mark, else
        before the opening one."""
        first = inside.end + 1 if inside.end < len(doc) and doc[inside.end].is_quote else inside.end
        after = doc[first : min(len(doc), first + REACH)]
        stop = next((t.i for t in after if t.is_quote or (t.is_sent_start and t.i > first)), None)
        if stop is not None:
            after = doc[first:stop]
        found = self.named_by_verb(after, index, before_colon=False)
        opening = inside.start - 1  # the opening mark
        if found is None and opening >= 1:
            # "Berg wrote on X: '...'", "Berg said, '...'", "Berg said '...'": in the sentence of the mark
            lead = doc[opening - 1]
            if lead.text in LEADS or lead.lower_ in self.words.quote_verbs:
                start = max(lead.sent.start, opening - REACH)
                found = self.named_by_verb(doc[start:opening], index, before_colon=True)
        return found

    def named_by_verb(self, span: Span, index: Index, before_colon: bool) -> Span | None:
        verbs = [t for t in span if t.lower_ in self.words.quote_verbs or t.lemma_ in self.words.quote_verbs]
        if not verbs:
            return None
        verb = verbs[0] if not before_colon else verbs[-1]
        if verb.dep_ and verb.pos_ in {"VERB", "AUX"}:
            subj, passive = subjects_of(verb, self.words)
            for t in subj if not passive else []:
                found = self.actor_at(t, index)
                if found is not None:
                    return found
        # No parse, or a subject that names no actor: the actor next to the verb ("..., Berg said", "said Berg").
        near = [t for t in span if t.i in index or (t.pos_ == "PRON" and t.lower_ in self.words.person_pronouns)]
        after = [t for t in near if t.i > verb.i and t.i - verb.i <= 6] if not before_colon else []
        for t in [*[t for t in near if t.i < verb.i][-1:], *after[:1]]:
            found = self.actor_at(t, index)
            if found is not None and (t.i > verb.i or t.dep_ in SUBJECTS or t.dep_ in {"", PLACEHOLDER_DEP}):
                return found
        return None

    def actor_at(self, tok: Token, index: Index) -> Span | None:
        if tok.i in index:
            span = index[tok.i][-1]
            keys = keys_of(span)
            if len(keys) == 1 and span.label_ in self.actors:
                return span
            return None
        if tok.pos_ == "PRON":
            keys = resolve_pronoun(tok, index, self.words)
            spans = [s for i in range(tok.i) for s in index.get(i, []) if keys and s.kb_id_ == keys[0]]
            return spans[-1] if len(keys) == 1 and spans else None
        return None


@Language.factory("kg_quotes", requires=["doc.spans"], assigns=["doc.spans"], default_config={"lexicons": []})
def make_quotes(nlp: Language, name: str, lexicons: list[str]) -> Quotes:
    """spaCy factory of :class:`Quotes`."""
    return Quotes(nlp, name, lexicons=lexicons)
