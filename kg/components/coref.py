"""Light coreference: surnames, "the North", "the two nations".

- A capitalised word equal to the first or last name of a person already resolved in the
  article ("Kim", "Macron") becomes a mention of that person, headline included.
- "the North" / "the South" stand for North or South Korea when the article names it.
- "the two nations", "both countries", "the two leaders" become a group mention of the
  last two states (or people) named before it; its ``kb_id_`` joins their keys with ``|``.
"""

from __future__ import annotations

from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from .attributes import MENTIONS, token_ids

GROUP = "Group"
PAIR_STATES = {"nations", "countries", "states", "sides", "governments", "neighbours", "neighbors", "allies"}
PAIR_PEOPLE = {"leaders", "presidents", "men", "ministers", "counterparts"}
REGIONAL = {"north": "state/PRK", "south": "state/KOR"}


class Coref:
    """Add mentions for surnames, "the North" and pairs such as "the two nations"."""

    def __call__(self, doc: Doc) -> Doc:
        ents = doc._.kg_entities
        mentions = list(doc.spans.get(MENTIONS, []))
        covered = {i for m in mentions for i in range(m.start, m.end)}
        names: dict[str, str] = {}
        for e in ents.values():
            if e.cls == "Person" and len(e.label.split()) > 1:
                parts = e.label.replace("-", " - ").split()
                for part in (parts[0], parts[-1]):
                    if len(part) > 2:
                        names.setdefault(part, e.key)
                names.setdefault(e.label.split()[-1], e.key)
        added = []
        strings = doc.vocab.strings
        candidates = set(token_ids(doc, ORTH, {strings[n] for n in names}))
        candidates.update(token_ids(doc, LOWER, {strings[w] for w in REGIONAL}))
        for i in sorted(candidates):
            tok = doc[i]
            if tok.i in covered:
                continue
            key = names.get(tok.text)
            if key and tok.text[:1].isupper() and (tok.i + 1 >= len(doc) or doc[tok.i + 1].text != "-"):
                added.append(Span(doc, tok.i, tok.i + 1, label="Person", kb_id=key))
                continue
            if tok.lower_ in REGIONAL and tok.text[0].isupper() and tok.i > 0 and doc[tok.i - 1].lower_ == "the":
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                key = REGIONAL[tok.lower_]
                if key in ents and (nxt is None or nxt.pos_ not in {"PROPN"} or nxt.tag_ == "POS"):
                    added.append(Span(doc, tok.i - 1, tok.i + 1, label="State", kb_id=key))
        order = sorted(mentions + added, key=lambda s: s.start)
        for i in token_ids(doc, LOWER, {strings["two"], strings["both"]}):
            if i + 1 >= len(doc):
                continue
            tok = doc[i + 1]
            if tok.i in covered:
                continue
            prev = doc[i]
            cls = "State" if tok.lower_ in PAIR_STATES else "Person" if tok.lower_ in PAIR_PEOPLE else None
            if cls is None:
                continue
            seen: list[str] = []
            for m in reversed([m for m in order if m.end <= prev.i and m.label_ != GROUP]):
                if (m.label_ == cls or (cls == "State" and m.kb_id_.startswith("state/"))) and m.kb_id_ not in seen:
                    seen.append(m.kb_id_)
                if len(seen) == 2:
                    break
            if len(seen) == 2:
                start = prev.i - 1 if prev.i > 0 and doc[prev.i - 1].lower_ == "the" else prev.i
                added.append(Span(doc, start, tok.i + 1, label=GROUP, kb_id="|".join(sorted(seen))))
        doc.spans[MENTIONS] = mentions + added
        for m in added:
            if m.label_ != GROUP and m.kb_id_ in ents:
                e = ents[m.kb_id_]
                if m.text != e.label:
                    ents[m.kb_id_] = type(e)(e.key, e.cls, e.label, e.wikidata, e.alt_labels | {m.text}, e.iso2, e.iso3)
        return doc


@Language.factory("kg_coref", requires=["doc.spans"], assigns=["doc.spans"], default_config={})
def make_coref(nlp: Language, name: str) -> Coref:
    """spaCy factory of :class:`Coref`."""
    return Coref()
