"""Mend the names the statistical NER cuts wrongly, before they are linked.

- A title-case name that ends in a document's or a programme's head noun is one name:
  "the Belt and Road Initiative", "the Eastern Mediterranean Bill", "the Copenhagen
  Charter" (not the place "Eastern Mediterranean", not the state of "Copenhagen"); its
  class is the head's (``document_heads``).
- Two organization names joined by "on", "of" or "for" after an institution's head noun
  are one: "the U.N. Commission on the Limits of the Continental Shelf".
- An honorific and a name the model missed are a person: "Princess Diana".
- A state's name after a geographic head and "of" is part of a place's name: the "Gulf of
  Guinea" is no mention of Guinea.

Runs after the gazetteer ruler, before the parse; the words are the lexicon's
(``lexicons/names.toml``).

>>> import spacy
>>> nlp = spacy.blank("en")
>>> names = nlp.add_pipe("kg_names")
>>> doc = names(nlp("Malaysia took loans under the Belt and Road Initiative."))
>>> [(e.text, e.label_) for e in doc.ents]
[('Belt and Road Initiative', 'ORG')]
"""

from __future__ import annotations

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..namespace import C
from .attributes import GAZETTEER, SEGMENTS, token_ids
from .base import DataComponent

__all__ = ["Names", "make_names"]

# The NER label a mended name gets, by the class its head gives (the linker reads it back).
LABELS = {C.Treaty: "LAW", C.Forum: "EVENT"}
# NER labels of times: "on Monday" ends a name.
TIMES = frozenset({"DATE", "TIME"})
# NER labels of names that may be two halves of one organization's name.
ORG_LABELS = frozenset({"ORG", "FAC", "LOC", "GPE", "EVENT", "LAW"})


def _title(text: str) -> bool:
    """Whether a word is written as a name's word: "Road", "EU", "U.N.", "al-Qaeda"."""
    return text[:1].isupper() or (text[:1].islower() and any(c.isupper() for c in text[1:]))


class Names(DataComponent):
    """Mend NER spans: document names, split organization names, honorifics, places named after states."""

    uses_gazetteer = False

    def setup(self) -> None:
        words = self.words = self.lexicon.words
        self.heads = dict(words.document_heads)
        self.connectors = words.name_connectors
        self.head_ids = {get_string_id(w) for w in self.heads}
        self.honorific_ids = {get_string_id(w) for w in words.honorifics}

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        if not len(doc):
            return doc
        words = self.words
        weak = {
            i for s in doc.spans.get(SEGMENTS, []) if s.label_ in words.weak_segments for i in range(s.start, s.end)
        }
        ents = list(doc.ents)
        gazetteer = list(doc.spans.get(GAZETTEER, []))
        new: list[Span] = []
        new += self.documents(doc, ents, gazetteer, weak)
        new += self.joined(doc, ents)
        new += self.honorifics(doc, ents, weak)
        places = self.places_of(doc, gazetteer)
        drop = [g for g, _ in places]
        new += [p for _, p in places if not any(e.start <= p.start and p.end <= e.end and not e.kb_id_ for e in ents)]
        if not new and not drop:
            return doc
        inside = {i for s in new for i in range(s.start, s.end)}
        drop_ids = {(s.start, s.end) for s in drop}
        keep = [e for e in ents if not inside.intersection(range(e.start, e.end)) and (e.start, e.end) not in drop_ids]
        doc.ents = filter_spans(keep + new)
        doc.spans[GAZETTEER] = [
            g for g in gazetteer if not inside.intersection(range(g.start, g.end)) and (g.start, g.end) not in drop_ids
        ]
        return doc

    def crosses(self, ents: list[Span], start: int, end: int) -> bool:
        """Whether a name already found runs across the edge of ``doc[start:end]``."""
        return any(e.start < end and start < e.end and (e.start < start or e.end > end) for e in ents)

    def documents(self, doc: Doc, ents: list[Span], gazetteer: list[Span], weak: set[int]) -> list[Span]:
        """ "the Belt and Road Initiative": a title-case run ending in a document's head noun."""
        out = []
        known = {(g.start, g.end) for g in gazetteer}
        for tok in (doc[i] for i in token_ids(doc, LOWER, self.head_ids)):
            cls = self.heads.get(tok.lower_)
            if cls is None or tok.i in weak or not tok.text[:1].isupper() or tok.is_sent_start:
                continue
            if tok.i + 1 < len(doc) and _title(doc[tok.i + 1].text) and not doc[tok.i + 1].is_punct:
                continue  # "Act Now Coalition": the name goes on
            start = i = tok.i
            while i > 0 and not doc[i].is_sent_start:
                prev = doc[i - 1]
                if _title(prev.text) and not prev.is_punct or prev.text == "-":
                    i -= 1
                    start = i if _title(prev.text) else start
                elif prev.lower_ in self.connectors and i - 1 > 0 and _title(doc[i - 2].text):
                    i -= 1
                else:
                    break
            while start < tok.i and doc[start].lower_ in self.words.name_articles:
                start += 1
            end = tok.i + 1
            # "the General Agreement on Tariffs and Trade", "the Convention on the Rights of the Child"
            if end < len(doc) and doc[end].lower_ in self.words.institution_preps:
                at = end + 1 + (end + 1 < len(doc) and doc[end + 1].lower_ in self.words.name_articles)
                run = self.title_run(doc, at)
                end = run if run > at else end
            if start == tok.i and end == tok.i + 1:
                continue
            articles = self.words.name_articles
            # the model's own span of the name, perhaps with "the": relabelled by the head
            same = [
                e
                for e in ents
                if not e.kb_id_
                and e.end == end
                and (e.start == start or (e.start == start - 1 and doc[e.start].lower_ in articles))
            ]
            if (start, end) in known or self.crosses([e for e in ents if e not in same], start, end):
                continue
            if any(g.start <= tok.i < g.end for g in gazetteer) or any(
                e.start == start and e.end == end and e.kb_id_ for e in ents
            ):
                continue  # a name the gazetteer knows
            out.append(Span(doc, start, end, label=LABELS.get(cls, "ORG")))
        return out

    def joined(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """ "the U.N. Commission on the Limits of the Continental Shelf": an institution's name
        goes on through "on", "of" or "for" and a title-case name after it."""
        out = []
        for a in ents:
            if a.label_ not in ORG_LABELS or a.kb_id_ or doc[a.end - 1].lower_ not in self.words.institution_heads:
                continue
            i = a.end
            if i >= len(doc) or doc[i].lower_ not in self.words.institution_preps:
                continue
            i += 1 + (i + 1 < len(doc) and doc[i + 1].lower_ in self.words.name_articles)
            end = self.title_run(doc, i)
            if end > i and not self.crosses([e for e in ents if e is not a and e.kb_id_], a.start, end):
                out.append(Span(doc, a.start, end, label="ORG"))
        return out

    def title_run(self, doc: Doc, i: int) -> int:
        """The end of the run of title-case words (joined by connectors) that starts at ``i``."""
        end = i
        while i < len(doc) and not (i > end and doc[i].is_sent_start) and doc[i].ent_type_ not in TIMES:
            if _title(doc[i].text) and doc[i].is_alpha:
                i += 1
                end = i
            elif doc[i].lower_ in self.connectors | self.words.name_articles and i > end - 1 and end > 0:
                i += 1
            else:
                break
        return end

    def honorifics(self, doc: Doc, ents: list[Span], weak: set[int]) -> list[Span]:
        """ "Princess Diana": an honorific and the capitalized name after it, where the model saw none."""
        out = []
        taken = {i for e in ents for i in range(e.start, e.end)}
        for tok in (doc[i] for i in token_ids(doc, LOWER, self.honorific_ids)):
            if tok.lower_ not in self.words.honorifics or not tok.text[:1].isupper() or tok.i in taken | weak:
                continue
            end = tok.i + 1
            while end < len(doc) and end - tok.i <= 3 and doc[end].is_alpha and doc[end].is_title:
                end += 1
            if end == tok.i + 1 or end - tok.i > 3 or taken.intersection(range(tok.i, end)):
                continue
            if doc[end - 1].lower_ in self.words.place_heads or (end < len(doc) and doc[end].is_title):
                continue  # "Prince Edward Island"
            out.append(Span(doc, tok.i, end, label="PERSON"))
        return out

    def places_of(self, doc: Doc, gazetteer: list[Span]) -> list[tuple[Span, Span]]:
        """Gazetteer matches that are part of a place's name, each with that name: "Guinea" in
        "the Gulf of Guinea"."""
        out = []
        for g in gazetteer:
            if g.start >= 2 and doc[g.start - 1].lower_ == "of":
                head = doc[g.start - 2]
                if head.is_title and head.lower_ in self.words.place_heads:
                    out.append((g, Span(doc, head.i, g.end, label="LOC")))
        return out


@Language.factory(
    "kg_names",
    requires=["doc.ents"],
    assigns=["doc.ents", "doc.spans"],
    default_config={"lexicons": []},
)
def make_names(nlp: Language, name: str, lexicons: list[str]) -> Names:
    """spaCy factory of :class:`Names`."""
    return Names(nlp, name, lexicons=lexicons)
