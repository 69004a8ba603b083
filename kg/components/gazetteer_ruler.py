"""Find the gazetteer's actors in text and let them override the statistical NER.

Title-case headlines ("Why Did Pyongyang Condemn Macron's Comments") defeat the small
model's NER; a phrase match on known names does not.  Matches set ``doc.ents`` with the
ontology class as label and the entity key as ``kb_id``, and are also kept, with how
they matched (``name``, ``demonym``, ``seat``), in ``doc.spans["kg_gazetteer"]``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..namespace import C
from .attributes import GAZETTEER
from .base import DataComponent
from .hyphens import split_hyphens

__all__ = ["GazetteerRuler", "make_gazetteer_ruler"]

# Statistical labels whose longer span may keep a demonym or capital inside it
# ("Russian Security Council", "Korean Central News Agency").
KEEP_LONGER = {"ORG", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT"}
WEAK_KINDS = {"demonym", "seat"}


def _case_sensitive(name: str) -> bool:
    """Short all-capital names ("US", "IS", "AP") and short names with capitals inside ("LeT",
    which is no "Let's") only match as written."""
    letters = [c for c in name if c.isalpha()]
    return len(letters) <= 4 and (all(c.isupper() for c in letters) or any(c.isupper() for c in letters[1:]))


class GazetteerRuler(DataComponent):
    """Phrase-match gazetteer names, demonyms and seats of government."""

    def __init__(
        self, nlp: Language, name: str, *, lexicons: Sequence[str] = (), extra_gazetteers: Sequence[str] = ()
    ) -> None:
        super().__init__(nlp, name, lexicons=lexicons, extra_gazetteers=extra_gazetteers)
        # names are tokenized as the pipeline tokenizes text
        self.tokenizer: Tokenizer = nlp.tokenizer  # type: ignore[assignment]

    def setup(self) -> None:
        """Build the phrase matchers from the gazetteer's names."""
        self.gaz = gazetteer = self.gazetteer
        words = self.lexicon.words
        articles = tuple(f"{a} " for a in sorted(words.name_articles))
        self.exact = PhraseMatcher(self.vocab, attr="ORTH")
        self.folded = PhraseMatcher(self.vocab, attr="LOWER")
        self.kinds: dict[str, tuple[str, str]] = {}
        exact: dict[str, list] = {}
        folded: dict[str, list] = {}
        for entry in gazetteer:
            forms = [("name", n) for n in entry.names]
            forms += [("demonym", n) for n in entry.demonyms] + [("seat", n) for n in entry.seats]
            for kind, name in forms:
                name = name.strip()
                if len(name) < 2:
                    continue
                label = f"{kind}|{entry.id}"
                self.kinds[label] = (kind, entry.id)
                target = exact if _case_sensitive(name) else folded
                target.setdefault(label, []).append(name)
                article = next((a for a in articles if name.lower().startswith(a)), None)
                if article and len(name) > len(article) + 2:
                    target.setdefault(label, []).append(name[len(article) :])
                if (
                    entry.type in (C.ArmedGroup, C.PoliticalParty)
                    and name.endswith("s")
                    and " " not in name
                    and len(name) > 5
                ):
                    target.setdefault(label, []).append(name[:-1])  # "Houthis" -> "Houthi rebels"
                if name.endswith(".") and name.count(".") > 1:  # "U.S." at a sentence end is "U.S" + "."
                    target.setdefault(label, []).append(name[:-1])
        every = dict.fromkeys(n for names in (*exact.values(), *folded.values()) for n in names)
        # each name tokenized once, as kg_hyphens leaves the text ("U.S.-Japan" in three tokens)
        docs = dict(zip(every, map(split_hyphens, self.tokenizer.pipe(every)), strict=True))
        self.forms: dict[str, tuple[str, ...]] = {
            label: tuple(" ".join(t.text for t in docs[n]) for n in dict.fromkeys(names))
            for label, names in folded.items()
        }
        for label, names in exact.items():
            self.exact.add(label, [docs[n] for n in dict.fromkeys(names)])
        for label, names in folded.items():
            self.folded.add(label, [docs[n] for n in dict.fromkeys(names)])

    def matches(self, doc: Doc) -> list[Span]:
        spans = []
        for matcher in (self.exact, self.folded):
            for match_id, start, end in matcher(doc):
                span = doc[start:end]
                if not any(c.isupper() for c in span.text):
                    continue  # "turkey", "chad", "niger" in lower case are words
                if matcher is self.folded and not self._case_fits(span, doc.vocab.strings[match_id]):
                    continue  # "Russia today" is not the broadcaster "Russia Today"
                kind, ident = self.kinds[doc.vocab.strings[match_id]]
                entry = self.gaz.entry(ident)
                spans.append(Span(doc, start, end, label=kind, kb_id=entry.key))
        return filter_spans(spans)

    def _case_fits(self, span: Span, label: str) -> bool:
        """A capitalised word of the name must not be lower case in running text (headlines excepted)."""
        words = [t.text for t in span]
        if all(w[:1].isupper() or not w[:1].isalpha() for w in words):
            return True
        forms = self.forms.get(label, ())
        for form in forms:
            parts = form.split()
            if [p.lower() for p in parts] == [w.lower() for w in words] and all(
                not p[:1].isupper() or w[:1].isupper() for p, w in zip(parts, words, strict=True)
            ):
                return True
        return not forms

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        found = self.matches(doc)
        doc.spans[GAZETTEER] = found
        keep = []
        # found is sorted and without overlaps (filter_spans): the matches an entity touches are a slice
        starts, ends = [m.start for m in found], [m.end for m in found]
        for ent in doc.ents:
            inside = found[bisect_right(ends, ent.start) : bisect_left(starts, ent.end)]
            if not inside or (
                ent.label_ in KEEP_LONGER
                and all(m.label_ in WEAK_KINDS or m.start > ent.start for m in inside)
                and all(ent.start <= m.start and m.end <= ent.end for m in inside)
                and len(ent) > max(map(len, inside))
            ):
                keep.append(ent)
        kept_tokens = {i for e in keep for i in range(e.start, e.end)}
        ents = [
            Span(doc, m.start, m.end, label=self._cls(m), kb_id=m.kb_id_)
            for m in found
            if not kept_tokens.intersection(range(m.start, m.end))
        ]
        doc.ents = filter_spans(keep + ents)
        return doc

    def _cls(self, match: Span) -> str:
        entry = self.gaz.by_key(match.kb_id_)
        return entry.type if entry else C.Organization


@Language.factory(
    "kg_gazetteer",
    requires=["doc.ents"],
    assigns=["doc.ents", "doc.spans"],
    default_config={"extra_gazetteers": [], "lexicons": []},
)
def make_gazetteer_ruler(nlp: Language, name: str, extra_gazetteers: list[str], lexicons: list[str]) -> GazetteerRuler:
    """spaCy factory of :class:`GazetteerRuler`; ``extra_gazetteers`` are JSONL files."""
    return GazetteerRuler(nlp, name, lexicons=lexicons, extra_gazetteers=extra_gazetteers)
