"""Light coreference: surnames, "the North", "the two nations", "the country".

- A capitalised word equal to the first or last name of a person already resolved in the
  article ("Kim", "Macron") becomes a mention of that person, headline included.
- "the North" / "the South" stand for North or South Korea when the article names it.
- "the three nations", "both countries", "the two leaders", "the energy ministers" become a
  group mention of the actors named together before it; its ``kb_id_`` joins their keys
  with ``|``.  "the country", "the regional bloc", "the latter" become a mention of the actor
  they stand for (:mod:`kg.components.reference` has these rules).

The words are the lexicon's (``lexicons/actor_nouns.toml``, ``lexicons/reference.toml``).
"""

from __future__ import annotations

from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..gazetteer import entity_key
from ..namespace import C
from .attributes import MENTIONS, token_ids
from .base import DataComponent
from .mentions import Index
from .reference import GROUP, References

__all__ = ["Coref", "make_coref", "GROUP"]


class Coref(DataComponent):
    """Add mentions for surnames, "the North", sets such as "the two nations" and descriptions."""

    uses_gazetteer = False

    def setup(self) -> None:
        self.words = words = self.lexicon.words
        self.regional = {w: entity_key(C.State, ident) for w, ident in words.compass_states.items()}

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        words = self.words
        regional = self.regional
        ents = doc._.kg_entities
        mentions = list(doc.spans.get(MENTIONS, []))
        covered = {i for m in mentions for i in range(m.start, m.end)}
        names: dict[str, str] = {}
        for e in ents.values():
            if e.cls == C.Person and len(e.label.split()) > 1:
                parts = e.label.replace("-", " - ").split()
                for part in (parts[0], parts[-1]):
                    if len(part) > 2:
                        names.setdefault(part, e.key)
                names.setdefault(e.label.split()[-1], e.key)
        added = []
        strings = doc.vocab.strings
        candidates = set(token_ids(doc, ORTH, {strings[n] for n in names}))
        candidates.update(token_ids(doc, LOWER, {strings[w] for w in regional}))
        for i in sorted(candidates):
            tok = doc[i]
            if tok.i in covered:
                continue
            key = names.get(tok.text)
            if key and tok.text[:1].isupper() and (tok.i + 1 >= len(doc) or doc[tok.i + 1].text != "-"):
                added.append(Span(doc, tok.i, tok.i + 1, label=C.Person, kb_id=key))
                continue
            if (
                tok.lower_ in regional
                and tok.text[0].isupper()
                and tok.i > 0
                and doc[tok.i - 1].lower_ in words.definite_articles
            ):
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                key = regional[tok.lower_]
                if key in ents and (nxt is None or nxt.pos_ not in {"PROPN"} or nxt.tag_ == "POS"):
                    added.append(Span(doc, tok.i - 1, tok.i + 1, label=C.State, kb_id=key))
        named = mentions + added
        index: Index = {}
        for span in sorted(named, key=len):
            for i in range(span.start, span.end):
                index.setdefault(i, []).append(span)
        refs = References(doc, named, ents, words, index)
        described = []
        for span in refs.groups():  # each group counts for those after it: "the two leaders ... the presidents"
            refs.add_group(span)
            described.append(span)
        described += list(refs.descriptions()) + list(refs.former_latter())
        doc.spans[MENTIONS] = mentions + added + described
        for m in added:
            if m.label_ != GROUP and m.kb_id_ in ents:
                e = ents[m.kb_id_]
                if m.text != e.label:
                    ents[m.kb_id_] = type(e)(e.key, e.cls, e.label, e.wikidata, e.alt_labels | {m.text}, e.iso2, e.iso3)
        return doc


@Language.factory("kg_coref", requires=["doc.spans"], assigns=["doc.spans"], default_config={"lexicons": []})
def make_coref(nlp: Language, name: str, lexicons: list[str]) -> Coref:
    """spaCy factory of :class:`Coref`."""
    return Coref(nlp, name, lexicons=lexicons)
