"""Treaties and forums named by description, not by name.

"a mutual defense treaty signed between Pyongyang and Moscow", "the Turkish-Libyan
maritime border agreement", "their seventh trilateral summit": a noun phrase headed by a
treaty or forum noun becomes a mention of a gazetteer entry when its parties and words
fit one, else of a new entity labelled from the phrase.  A later bare "the agreement" or
"the meeting" refers back to the last one.  The parties the phrase names are recorded as
``partyTo`` (and ``signs`` for "signed between"/"established with") claims; a mutual
defence treaty between two states records that they are allied.  The nouns and words
are the lexicon's (``lexicons/treaties_and_forums.toml``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from spacy.attrs import POS
from spacy.language import Language
from spacy.parts_of_speech import NOUN
from spacy.tokens import Doc, Span, Token

from ..gazetteer import Entry, entity_key, slug
from ..namespace import C, P, V
from ..ontology import sub_properties, subclasses
from ..records import NEGATIVE, Claim, Entity
from .attributes import GAZETTEER, MENTIONS, SEGMENTS, token_ids
from .base import DataComponent
from .mentions import STATE_PREFIX, entities_at, mention_index, non_actor_classes
from .modality import qualify
from .syntax import subjects_of

__all__ = ["Descriptions", "make_descriptions"]

EXTRACTOR = "kg.descriptions"
# Penn tags of plural nouns, and NER labels of times ("next week's"), which never name a treaty or forum.
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
TIME_LABELS = frozenset({"DATE", "TIME"})
SEAT = "seat"  # how the gazetteer ruler labels a match of a capital or seat of government
PERSON_PREFIX = entity_key(C.Person, "")


class Descriptions(DataComponent):
    """Mint or match treaties and forums described by common-noun phrases."""

    def setup(self) -> None:
        self.gaz = self.gazetteer
        self.words = self.lexicon.words
        self.treaties = [e for e in self.gaz if e.type == C.Treaty]
        self.organizations = subclasses(C.Organization)
        # office kinds whose holder leads a state: the kinds that give leaderOf or a property under it
        leading = sub_properties(P.leaderOf)
        self.leader_kinds = {kind for kind, prop in self.words.kinds.items() if prop in leading}

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        words = self.words
        index = mention_index(doc)
        ents = doc._.kg_entities
        mentions = list(doc.spans.get(MENTIONS, []))
        claims = doc._.kg_claims
        article = doc._.kg_article
        date = article.date if article is not None else None
        last: dict[str, str] = {}
        weak = {
            i for s in doc.spans.get(SEGMENTS, []) if s.label_ in words.weak_segments for i in range(s.start, s.end)
        }
        # the nouns that may name a treaty or forum, and the mentions that say which one "the" means
        for i in sorted(set(token_ids(doc, POS, {NOUN})) | set(index)):
            tok = doc[i]
            lemma = tok.lemma_.lower()
            kind = self.kind_of(tok)
            if kind is None or tok.pos_ != "NOUN":
                if tok.i in index:
                    m = index[tok.i][0]
                    if m.label_ in (C.Treaty, C.Forum):
                        last[m.label_] = m.kb_id_
                continue
            if tok.i in index or (tok.i in weak and tok.text[:1].isupper()):
                continue  # a title-case headline defeats the parser: "EC AGREES TRADE DEAL" is no treaty
            mods = [t for t in tok.lefts if t.dep_ in {"amod", "compound", "nmod", "nummod", "poss"}]
            # "next week's summit": a date says when, not which
            mod_toks = sorted({x for m in mods for x in m.subtree if x.ent_type_ not in TIME_LABELS}, key=lambda t: t.i)
            parties = self.parties(tok, mod_toks, index, date)
            content = [
                t.lower_
                for t in mod_toks
                if t.i not in index
                and t.is_alpha
                and t.lower_ not in words.vague_words
                and t.lower_ not in words.generic_modifiers
            ]
            several = self.several(tok)
            named = parties or any(
                (t.ent_type_ == "ORDINAL" or t.pos_ == "PROPN") and t.lower_ not in words.generic_modifiers
                for t in mod_toks
            )
            if kind == C.Forum and (several or not named or set(content) & words.press_words):
                if (
                    lemma in words.forum_reference_nouns
                    and not several
                    and last.get(C.Forum)
                    and tok.i > 0
                    and doc[tok.i - 1].lower_ in words.forum_reference_determiners
                ):
                    self.refer(doc, tok, last[C.Forum], C.Forum, mentions)
                continue
            if several or (not parties and not content):
                if (
                    kind == C.Treaty
                    and last.get(C.Treaty)
                    and tok.i > 0
                    and doc[tok.i - 1].lower_ in words.treaty_reference_determiners
                ):
                    self.refer(doc, tok, last[C.Treaty], C.Treaty, mentions)
                continue
            start = min(
                [tok.i]
                + [
                    t.i
                    for t in mod_toks
                    if t.dep_ != "poss"
                    and t.lower_ not in words.vague_words | words.generic_modifiers
                    and t.tag_ != "POS"
                ]
            )
            span = doc[start : tok.i + 1]
            entity = self.entity(kind, span, parties, content, tok)
            if kind == C.Treaty and entity is not None and entity.key not in ents:
                # "the border agreement" after "the Turkish-Libyan maritime border agreement": the same treaty
                earlier = self.earlier(ents, content)
                if earlier is not None:
                    entity = earlier
            if entity is None:
                continue
            if entity.key not in ents:
                ents[entity.key] = entity
            else:
                e = ents[entity.key]
                ents[entity.key] = Entity(e.key, e.cls, e.label, e.wikidata, e.alt_labels | {span.text}, e.iso2, e.iso3)
            mention = Span(doc, span.start, span.end, label=kind, kb_id=entity.key)
            mentions.append(mention)
            for i in range(span.start, span.end):
                index.setdefault(i, []).insert(0, mention)
            last[kind] = entity.key
            if kind == C.Treaty:
                claims.extend(self.treaty_claims(tok, mention, parties, index, ents, date))
            else:
                claims.extend(self.forum_claims(tok, mention, mod_toks, index, ents))
        doc.spans[MENTIONS] = mentions
        return doc

    def forum_claims(self, noun: Token, mention: Span, mods: list[Token], index, ents) -> list[Claim]:
        """The states and people a forum's own name holds attend it: "the Kenya-Uganda talks"."""
        named = [next((m for m in index.get(t.i, []) if m.kb_id_ != mention.kb_id_), None) for t in mods]
        actors = [
            k
            for m in named
            if m is not None
            for k in m.kb_id_.split("|")
            if k in ents and (k.startswith((STATE_PREFIX, PERSON_PREFIX)))
        ]  # an organization's own meeting ("a UNSC meeting") is one it holds, not one it attends
        q = qualify(noun, index, self.words)
        sent = noun.sent
        return [
            Claim(
                a,
                P.attends,
                mention.kb_id_,
                sent.start_char,
                sent.end_char,
                sent.text.strip(),
                mention.text,
                EXTRACTOR,
                0.6,
                q.polarity,
                q.modality,
                q.attribution,
                q.attributed_to[0] if q.attributed_to else None,
            )
            for a in dict.fromkeys(actors)
            if a != mention.kb_id_
        ]

    def kind_of(self, tok: Token) -> str | None:
        """Treaty or Forum, when ``tok`` is a noun that may head a treaty's or a forum's description."""
        words, lower, lemma = self.words, tok.lower_, tok.lemma_.lower()
        if lower in words.treaty_nouns or lemma in words.treaty_nouns:
            return C.Treaty
        if lower in words.forum_nouns or lemma in words.forum_nouns:
            return C.Forum  # "talks" is listed: its lemma is "talk"
        return None

    def several(self, tok: Token) -> bool:
        """Whether a plural ``tok`` names several treaties or forums, none of them one node.

        "new trade deals with Canada and Japan", "summits": each is a different one.  The
        lexicon's plurals ("accords", "talks") name one, and so do agreements signed
        together ("the two governments signed agreements on energy").
        """
        if tok.tag_ not in PLURAL_TAGS or tok.lower_ in self.words.treaty_nouns | self.words.forum_nouns:
            return False
        return not (tok.dep_ in {"dobj", "nsubjpass"} and tok.head.lemma_.lower() in self.words.signing_verbs)

    def earlier(self, ents: dict[str, Entity], words: list[str]) -> Entity | None:
        content = set(words) - self.words.vague_words - self.words.treaty_kind_words
        if not content:
            return None
        for e in reversed(list(ents.values())):
            if e.cls != C.Treaty:
                continue
            entry = self.gaz.by_key(e.key)
            names = (e.label, *e.alt_labels, *(entry.names if entry else ()))
            vocab = {w.lower() for n in names for w in re.findall(r"[A-Za-z]+", n)}
            if content <= vocab or len(content & vocab) >= 2:
                return e
        return None

    def refer(self, doc: Doc, tok: Token, key: str, kind: str, mentions: list[Span]) -> None:
        mentions.append(Span(doc, tok.i - 1, tok.i + 1, label=kind, kb_id=key))

    def parties(self, noun: Token, mods: list[Token], index, date) -> list[str]:
        """States a treaty or forum phrase names: adjectives, possessors, "between A and B"."""
        keys: list[str] = []
        # "the Berne accord", "a Minsk meeting": a capital before the noun says where, not who
        seats = {i for g in noun.doc.spans.get(GAZETTEER, []) if g.label_ == SEAT for i in range(g.start, g.end)}
        for t in mods:
            if t.i in index and t.i not in seats:
                keys += [k for k in index[t.i][0].kb_id_.split("|")]
        for head in [noun] + [c for c in noun.children if c.dep_ == "acl"]:
            for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in self.words.treaty_parties):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    keys += entities_at(pobj, index, self.words)
        verb = self.signing_verb(noun)
        if verb is not None:
            # "Cairo signed an agreement with Greece", "Kyiv agreed to a truce": the signers are the parties
            keys += [
                k
                for c in verb.children
                if c.dep_ in {"nsubj", "agent"}
                for t in ([c] if c.dep_ == "nsubj" else [p for p in c.children if p.dep_ == "pobj"])
                for k in entities_at(t, index, self.words)
            ]
            keys += [
                k
                for prep in verb.children
                if prep.dep_ == "prep" and prep.lower_ in self.words.signing_partners
                for p in prep.children
                if p.dep_ == "pobj"
                for k in entities_at(p, index, self.words)
            ]
        return list(dict.fromkeys(self.state_of(k, date) or k for k in keys))

    def signing_verb(self, noun: Token) -> Token | None:
        """The signing verb a treaty noun is the object of: "signed an agreement", "agreed to a
        truce", "an accord was reached"."""
        head = noun.head
        if noun.dep_ in {"dobj", "nsubjpass"} and head.lemma_.lower() in self.words.signing_verbs:
            return head
        if (
            noun.dep_ == "pobj"
            and head.lower_ in self.words.signing_objects
            and head.head.lemma_.lower() in self.words.signing_verbs
        ):
            return head.head
        return None

    def state_of(self, key: str, date: dt.date | None) -> str | None:
        """A person's state through the office they hold on the article's date."""
        if not key.startswith(PERSON_PREFIX):
            return None
        entry = self.gaz.by_key(key)
        day = date or dt.date.today()
        for o in entry.offices if entry else ():
            if o.held_on(day) and len(o.of) == 3 and o.of.isupper() and o.kind in self.leader_kinds:
                return STATE_PREFIX + o.of
        return None

    def entity(self, kind: str, span: Span, parties: list[str], words: list[str], head: Token) -> Entity | None:
        states = [p for p in parties if p.startswith(STATE_PREFIX)]
        if kind == C.Treaty:
            entry = self.match_treaty(states, words, head.lemma_.lower())
            if entry is not None:
                return Entity(entry.key, C.Treaty, entry.label, entry.wikidata, frozenset({span.text}))
        surface = " ".join(t.text for t in span if t.lower_ not in self.words.vague_words and t.tag_ != "POS")
        if kind == C.Treaty and len(states) >= 2:
            entries = [self.gaz.by_key(s) for s in states[:3]]
            names = [e.label for e in entries if e is not None]
            rest = [
                w
                for w in words
                if not any(w in (n.lower(), *self._demonyms(s)) for n, s in zip(names, states, strict=False))
            ]
            label = "–".join(names) + " " + " ".join(rest + [head.text.lower()])
            label = re.sub(r"\s+", " ", label).strip()
            return Entity(entity_key(C.Treaty, slug(label)), C.Treaty, label, alt_labels=frozenset({surface}))
        # "the G7 talks", "an ASEAN summit": an organization's meeting is named by the organization
        convened = [
            p for p in parties if not p.startswith((STATE_PREFIX, PERSON_PREFIX)) and p in span.doc._.kg_entities
        ]
        if not words and kind == C.Forum and len(states) < 2 and not convened:
            return None
        label = re.sub(r"\s+", " ", surface.replace(" - ", "-")).strip()
        if not label or label.lower() == head.lower_:
            return None
        return Entity(entity_key(kind, slug(label)), kind, label)

    def _demonyms(self, key: str) -> tuple[str, ...]:
        e = self.gaz.by_key(key)
        return tuple(d.lower() for d in e.demonyms) if e else ()

    def match_treaty(self, states: list[str], words: list[str], head: str) -> Entry | None:
        codes = {s[len(STATE_PREFIX) :] for s in states}
        best, score = None, 0
        for e in self.treaties:
            if codes and not codes <= set(e.parties):
                continue
            vocab = {w.lower() for n in e.names for w in re.findall(r"[A-Za-z]+", n)}
            overlap = len(set(words) & vocab) + (1 if head in vocab else 0)
            if codes and len(codes) >= 2 and codes == set(e.parties):
                overlap += 2
            elif codes:
                overlap += 1
            shared = (set(words) - self.words.weak_treaty_words) & vocab
            if overlap > score and (len(shared) >= 2 or (codes and len(codes) >= 2) or (codes and set(words) & vocab)):
                best, score = e, overlap
        return best if score >= 2 else None

    def treaty_claims(self, noun: Token, mention: Span, parties: list[str], index, ents, date) -> list[Claim]:
        out: list[Claim] = []
        sent = noun.sent
        treaty = mention.kb_id_
        verb = self.signing_verb(noun)
        # "failed to agree on new trade deals", "did not sign the pact": as the verb that makes it says
        q = qualify(verb if verb is not None else noun, index, self.words)
        if (
            verb is not None
            and verb.dep_ != "xcomp"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        ):
            q = replace(q, modality=V.Hypothetical)  # "new flexibility to reach a deal": the aim, not the act
        head = noun.head
        if head.lower_ in self.words.absence_words or (
            head.dep_ == "prep" and head.head.lemma_.lower() in self.words.absence_words
        ):
            q = replace(q, polarity=NEGATIVE)  # "the lack of a quota agreement", "without a deal"

        def add(s: str, p: str, o: str, conf: float) -> None:
            if s != o and s in ents and o in ents:
                out.append(
                    Claim(
                        s,
                        p,
                        o,
                        sent.start_char,
                        sent.end_char,
                        sent.text.strip(),
                        mention.text,
                        EXTRACTOR,
                        conf,
                        q.polarity,
                        q.modality,
                        q.attribution,
                        q.attributed_to[0] if q.attributed_to else None,
                    )
                )

        signers: list[str] = []
        for acl in (c for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in self.words.signing_verbs):
            for prep in (c for c in acl.children if c.dep_ == "prep" and c.lower_ in self.words.signers):
                signers += [k for p in prep.children if p.dep_ == "pobj" for k in entities_at(p, index, self.words)]
            for agent in (c for c in acl.children if c.dep_ == "agent"):
                signers += [k for p in agent.children if p.dep_ == "pobj" for k in entities_at(p, index, self.words)]
            if any(c.lower_ in self.words.one_signer for c in acl.children if c.dep_ == "prep"):
                # "the agreement established with Putin": the governing clause's subject is the other signer
                v = noun.head
                while v.head.i != v.i and not any(c.dep_ == "nsubj" for c in v.children):
                    v = v.head
                signers += [k for c in v.children if c.dep_ == "nsubj" for k in entities_at(c, index, self.words)]
        if verb is not None and noun.dep_ != "nsubjpass":
            # "Peru struck a trade deal with Chile": the subject and its partners make it
            subj_toks, passive = subjects_of(verb, self.words)
            if not passive:
                signers += [k for t in subj_toks for k in entities_at(t, index, self.words)]
                signers += [
                    k
                    for prep in verb.children
                    if prep.dep_ == "prep" and prep.lower_ in self.words.signing_partners
                    for p in prep.children
                    if p.dep_ == "pobj"
                    for k in entities_at(p, index, self.words)
                ]
        for s in dict.fromkeys(signers):
            add(s, P.signs, treaty, 0.7)
        bound = [
            p
            for p in dict.fromkeys(parties + [self.state_of(s, date) or s for s in signers])
            if p in ents and (p.startswith(STATE_PREFIX) or ents[p].cls in self.organizations)
        ]
        for s in bound:
            add(s, P.partyTo, treaty, 0.7)
        states = [p for p in bound if p.startswith(STATE_PREFIX)]
        words = {t.lower_ for t in mention}
        if words & self.words.alliance_words and words & self.words.mutual_words and len(states) == 2:
            a, b = sorted(states)
            add(a, P.alliedWith, b, 0.6)
        elif verb is not None and len(parties) >= 2:
            # Two parties making an agreement together cooperate.
            actors = [p for p in parties if p in ents and ents[p].cls not in non_actor_classes()]
            for i, a in enumerate(sorted(actors)):
                for b in sorted(actors)[i + 1 :]:
                    add(a, P.cooperatesWith, b, 0.55)
        return out


@Language.factory(
    "kg_descriptions",
    requires=["doc.spans", "token.dep"],
    assigns=["doc.spans", "doc._.kg_claims"],
    default_config={"extra_gazetteers": [], "lexicons": []},
)
def make_descriptions(nlp: Language, name: str, extra_gazetteers: list[str], lexicons: list[str]) -> Descriptions:
    """spaCy factory of :class:`Descriptions`."""
    return Descriptions(nlp, name, lexicons=lexicons, extra_gazetteers=extra_gazetteers)
