"""Pure functions over parsed ``Doc``s that relation extractors share.

Which entities a token stands for, who the subject of a verb is, and how a claim is
qualified (polarity, modality, attribution, date).  Each dependency rule is one
function with a comment saying what it catches.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..records import NEGATIVE, POSITIVE
from .attributes import MENTIONS

SUBJECTS = {"nsubj", "csubj"}
PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
OBJECTS = {"dobj", "obj", "dative"}
# Nouns that stand for the state (or body) named by their modifier or "of" phrase:
# "the delegations of Cyprus and Greece", "North Korean troops", "the Cuban government".
COLLECTIVE = {
    "delegation",
    "delegations",
    "leaders",
    "leader",
    "officials",
    "representatives",
    "governments",
    "government",
    "troops",
    "forces",
    "armed forces",
    "army",
    "military",
    "ministers",
    "coalition",
    "soldiers",
    "personnel",
    "partners",
    "allies",
    "rulers",
    "authorities",
    "diplomats",
    "negotiators",
    "envoys",
    "officers",
    "judge",
    "court",
    "police",
    "prosecutors",
    "parliament",
    "lawmakers",
    "soldier",
    "official",
    "diplomat",
    "warplanes",
    "jets",
    "ships",
    "warships",
    "navy",
    "groups",
    "peacekeepers",
    "inspectors",
    "monitors",
    "observers",
    "mediators",
    "experts",
    "advisers",
    "delegates",
    "group",
    "thousands",
    "hundreds",
    "dozens",
    "tens",
    "scores",
    "millions",
    "president",
    "premier",
    "king",
    "chancellor",
}
# Groups of people from a place: they stand for whoever the "of" phrase names, never for
# the state their adjective names ("Iraqi militias" are not Iraq).
GROUPS = {
    "people",
    "militias",
    "militia",
    "rebels",
    "students",
    "protesters",
    "demonstrators",
    "workers",
    "activists",
    "guerrillas",
    "militiamen",
    "militants",
    "fighters",
    "insurgents",
    "civilians",
    "detainees",
    "refugees",
    "nationals",
    "citizens",
    "opposition",
    "farmers",
    "prisoners",
    "landowners",
    "residents",
    "villagers",
    "kurds",
    "serbs",
}
HYPOTHETICAL_AUX = {"could", "might", "may", "would", "should", "can", "must", "ought"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
FUTURE_HEADS = {
    "plan",
    "intend",
    "aim",
    "want",
    "seek",
    "hope",
    "expect",
    "prepare",
    "propose",
    "consider",
    "wish",
    "schedule",
    "set",
    "try",
    "attempt",
    "mull",
    "weigh",
    "threaten",
    "offer",
    "agree",
    "decide",
}
POSSIBLE_MODIFIERS = {
    "possible",
    "potential",
    "likely",
    "probable",
    "proposed",
    "planned",
    "prospective",
    "future",
    "expected",
    "alleged",
    "rumored",
    "rumoured",
    "hypothetical",
    "upcoming",
    "anticipated",
}
FUTURE_MODIFIERS = {"planned", "future", "upcoming", "scheduled", "proposed", "prospective"}
POSSIBLE_ADVERBS = {"likely", "possibly", "perhaps", "probably", "maybe", "allegedly", "potentially"}
DENY = {"deny", "refute", "dispute", "reject", "dismiss"}
SAY = {
    "say",
    "tell",
    "announce",
    "report",
    "claim",
    "state",
    "argue",
    "emphasize",
    "emphasise",
    "stress",
    "note",
    "add",
    "insist",
    "assert",
    "allege",
    "suggest",
    "indicate",
    "believe",
    "contend",
    "write",
    "tweet",
    "declare",
    "reiterate",
    "confirm",
    "acknowledge",
    "admit",
    "accuse",
    "respond",
    "explain",
    "warn",
    "underline",
    "cite",
}
# Verbs whose object is the doer of their complement: "urged China to act".
OBJECT_CONTROL = {
    "urge",
    "ask",
    "call",
    "encourage",
    "press",
    "invite",
    "persuade",
    "order",
    "force",
    "allow",
    "help",
    "request",
    "tell",
    "pressure",
    "push",
    "implore",
    "advise",
    "warn",
    "permit",
    "enable",
}
# Verbs whose complement is only wished for, not done: "urged China to prevent ...".
WISH_HEADS = {
    "urge",
    "ask",
    "call",
    "encourage",
    "press",
    "invite",
    "persuade",
    "request",
    "pressure",
    "push",
    "implore",
    "advise",
    "demand",
    "want",
    "hope",
    "wish",
    "seek",
    "propose",
    "suggest",
    "recommend",
}
REFUSE_HEADS = {"refuse", "decline", "fail", "reject", "avoid", "stop", "cease", "halt"}
CONDITIONAL_MARKS = {"if", "unless", "whether"}
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}


def mention_index(doc: Doc) -> dict[int, list[Span]]:
    """Token index -> mentions covering it, shortest first."""
    out: dict[int, list[Span]] = {}
    for span in doc.spans.get(MENTIONS, []):
        for i in range(span.start, span.end):
            out.setdefault(i, []).append(span)
    for spans in out.values():
        spans.sort(key=len)
    return out


def keys_of(span: Span) -> list[str]:
    return span.kb_id_.split("|") if span.kb_id_ else []


def conjuncts(tok: Token, index: dict[int, list[Span]] | None = None) -> list[Token]:
    """The token and its coordinated siblings: "France, Germany and Britain".

    With a mention ``index``, a name in apposition to a word that is no mention is
    followed too: "energy minister Yuval Steinitz".
    """
    out, todo = [], [tok]
    while todo:
        t = todo.pop()
        if t in out:
            continue
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ == "conj")
        if index is not None and t.i not in index:
            todo.extend(c for c in t.children if c.dep_ == "appos" and c.pos_ == "PROPN")
        # "France, along with Egypt", "Greece together with Cyprus"
        for prep in (c for c in t.children if c.dep_ == "prep" and c.lower_ in {"along", "together"}):
            todo.extend(p for w in prep.children if w.lower_ == "with" for p in w.children if p.dep_ == "pobj")
    return sorted(out, key=lambda t: t.i)


def doc_sentence_start(tok: Token, back: int = 1) -> int:
    """The start of the sentence ``back`` sentences before the token's."""
    start = tok.sent.start
    for _ in range(back):
        if start == 0:
            break
        start = tok.doc[start - 1].sent.start
    return start


def resolve_pronoun(tok: Token, index: dict[int, list[Span]]) -> list[str]:
    """he/she/his/her -> the last person named before; it/its -> the last state or organization."""
    lower = tok.lower_
    if lower in {"he", "she", "his", "her", "him"}:
        want = {"Person"}
    elif lower in {"it", "its"}:
        want = {
            "State",
            "Organization",
            "IntergovernmentalOrganization",
            "GovernmentBody",
            "ArmedForces",
            "PoliticalParty",
            "ArmedGroup",
            "NewsAgency",
            "Company",
        }
    else:
        return []
    sent_start = tok.sent.start
    floor = max(0, sent_start - 80)
    candidates = []
    for i in range(tok.i - 1, floor - 1, -1):
        for span in index.get(i, []):
            if span.label_ in want and span.end <= tok.i and span not in candidates:
                candidates.append(span)

    # The subject of a clause is the likelier antecedent: "Mitsotakis met ... Trump, where he denounced";
    # so is the owner of a subject: "Suga's travels will include ... his meeting".
    def subject_like(span: Span) -> bool:
        root = span.root
        return root.dep_ in SUBJECTS or (root.dep_ == "poss" and root.head.dep_ in SUBJECTS)

    for span in candidates:
        if subject_like(span) and span.start >= sent_start:
            return keys_of(span)
    prev_start = doc_sentence_start(tok, back=1)
    for span in candidates:
        if subject_like(span) and span.start >= prev_start:
            return keys_of(span)
    return keys_of(candidates[0]) if candidates else []


def entities_at(tok: Token, index: dict[int, list[Span]], depth: int = 0) -> list[str]:
    """Entity keys a token stands for, following coordination, "X's remarks" and "delegations of X"."""
    out: list[str] = []
    for t in conjuncts(tok, index):
        if t.i in index:
            out.extend(keys_of(index[t.i][0]))
        elif any(c.dep_ == "appos" and c.i in index for c in t.children):
            # "the Syrian Kurdish militia, the YPG"
            out.extend(k for c in t.children if c.dep_ == "appos" and c.i in index for k in keys_of(index[c.i][0]))
        elif t.pos_ == "PRON":
            out.extend(resolve_pronoun(t, index))
        elif depth == 0 and t.lower_ in COLLECTIVE | GROUPS:
            # "the delegations of Cyprus, Greece and Israel", "the armed forces of the DPRK"
            for prep in (c for c in t.children if c.dep_ == "prep" and c.lower_ in {"of", "in", "from", "throughout"}):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    out.extend(entities_at(pobj, index, depth + 1))
        if t.i not in index and t.pos_ in {"NOUN", "PROPN"} and depth == 0:
            # "Macron's remarks", "Russia's efforts": the possessor stands in for its words or deeds.
            for poss in (c for c in t.children if c.dep_ == "poss"):
                out.extend(entities_at(poss, index, depth + 1))
            # "the Taliban religious faction", "the al-Qaeda network": a name compound stands for the whole.
            if not out and t.lower_ not in COLLECTIVE:
                for mod in (c for c in t.children if c.dep_ in {"compound", "nmod"} and c.i < t.i and c.i in index):
                    if index[mod.i][0].label_ not in {"Place", "Event", "Conflict", "Treaty", "Forum"}:
                        out.extend(keys_of(index[mod.i][0]))
                        break
            # "an Indian proposal", "Israeli army bulldozers": so does a state adjective.
            if not out and t.lower_ not in COLLECTIVE | GROUPS:
                for mod in (c for c in t.children if c.dep_ in {"amod", "compound", "nmod"} and c.i < t.i):
                    hit = next(
                        (x for x in mod.subtree if x.i in index and index[x.i][0].kb_id_.startswith("state/")), None
                    )
                    if hit is not None:
                        out.extend(keys_of(index[hit.i][0]))
                        break
            # "calls by Belarus's rulers", "an admission by Moscow"
            if not out:
                for by in (c for c in t.children if c.dep_ == "prep" and c.lower_ == "by"):
                    for p in (x for x in by.children if x.dep_ == "pobj"):
                        out.extend(entities_at(p, index, depth + 1))
            # "North Korean troops", "U.S. sanctions": a state adjective does too.
            if t.lower_ in COLLECTIVE:
                # "U.S.-led coalition", "North Korean troops"
                for mod in (c for c in t.children if c.dep_ in {"amod", "compound", "nmod"}):
                    for x in mod.subtree:
                        if x.i in index:
                            out.extend(keys_of(index[x.i][0]))
    return list(dict.fromkeys(out))


def subjects_of(verb: Token) -> tuple[list[Token], bool]:
    """The subject tokens of a verb and whether the verb is passive.

    Follows coordination ("X met A and criticized B"), control ("pledged to support"),
    relative clauses ("Shoigu, who visited") and participles ("a treaty signed by").
    """
    v, hops = verb, 0
    while hops < 8:
        subj = [c for c in v.children if c.dep_ in SUBJECTS]
        passive = [c for c in v.children if c.dep_ in PASSIVE_SUBJECTS]
        if subj or passive:
            if subj and subj[0].tag_ in {"WP", "WDT"} and v.dep_ == "relcl":
                return [_relcl_head(v)], False  # "Shoigu, who visited North Korea"
            if passive and passive[0].tag_ in {"WP", "WDT"} and v.dep_ == "relcl":
                return [_relcl_head(v)], True  # "the summit, which was attended by Xi"
            found = subj or passive
            # "France faced off against Turkey along with Egypt"
            found += [
                p
                for prep in v.children
                if prep.dep_ == "prep" and prep.lower_ in {"along", "together"}
                for w in prep.children
                if w.lower_ == "with"
                for p in w.children
                if p.dep_ == "pobj"
            ]
            if v.i != verb.i and verb.dep_ == "conj" and any(c.dep_ == "auxpass" for c in verb.children):
                return found, True  # "Turkey is under sanctions and was condemned by Egypt"
            return found, bool(passive) and not subj
        if v.dep_ == "relcl":
            return [_relcl_head(v)], False
        if v.dep_ == "xcomp" and v.head.lemma_ in OBJECT_CONTROL:
            # "urged the EU to support the PLO": the EU would support
            objs = [c for c in v.head.children if c.dep_ in OBJECTS]
            if objs:
                return objs, False
        if v.dep_ in {"conj", "xcomp", "advcl", "acl"} and v.head.i != v.i:
            if v.dep_ == "acl" and v.tag_ == "VBN":
                return [v.head], True  # "a treaty signed between ...": the noun is the patient
            if v.dep_ == "acl" and v.head.dep_ in {"dobj", "pobj"}:
                # "posted a message on Twitter blaming Iran": the poster blames
                v, hops = v.head, hops + 1
                while v.pos_ not in {"VERB", "AUX"} and v.head.i != v.i and hops < 6:
                    v, hops = v.head, hops + 1
                continue
            v, hops = v.head, hops + 1
            continue
        break
    return [], False


def _relcl_head(v: Token) -> Token:
    """The noun a relative clause describes; "Shoigu, Russia's Security Council Secretary, who ..." is Shoigu."""
    head = v.head
    return head.head if head.dep_ == "appos" else head


def agent_of(verb: Token) -> list[Token]:
    """Passive agents: "was condemned by Egypt, Greece and Cyprus"."""
    out: list[Token] = []
    for c in verb.children:
        if c.dep_ == "agent":
            out.extend(p for p in c.children if p.dep_ == "pobj")
    if not out:
        # "was condemned in a joint statement by Egypt, Greece and Cyprus": "by" hangs on the noun
        for c in verb.children:
            if c.dep_ == "prep":
                for p in (x for x in c.children if x.dep_ == "pobj"):
                    out.extend(
                        q
                        for b in p.children
                        if b.dep_ == "prep" and b.lower_ == "by"
                        for q in b.children
                        if q.dep_ == "pobj"
                    )
    return out


@dataclass(frozen=True)
class Qualifier:
    polarity: str = POSITIVE
    modality: str = "Asserted"
    attribution: str | None = None
    attributed_to: list[str] | None = None


def _chain(tok: Token) -> list[Token]:
    """The token and its verbal ancestors up to the sentence root."""
    out = [tok]
    while out[-1].head.i != out[-1].i and len(out) < 12:
        out.append(out[-1].head)
    return out


def qualify(trigger: Token, index: dict[int, list[Span]]) -> Qualifier:
    """Polarity, modality and attribution of the claim a trigger expresses."""
    polarity, modality = POSITIVE, "Asserted"
    chain = _chain(trigger)
    # The words that can negate or qualify the trigger: itself, the light verb it is the
    # object of ("did not hold talks"), and verbs governing it through control ("plans to visit").
    scope = [trigger]
    t = trigger
    if (
        t.pos_ in {"NOUN", "PROPN"}
        and t.dep_ in {"dobj", "attr", "nsubj", "nsubjpass"}
        and t.head.pos_ in {"VERB", "AUX"}
    ):
        t = t.head
        scope.append(t)
    while t.dep_ == "xcomp" and t.head.i != t.i:
        t = t.head
        scope.append(t)
    for t in scope:
        kids = list(t.children)
        if any(c.dep_ == "neg" for c in kids) or any(c.dep_ == "det" and c.lower_ == "no" for c in kids):
            polarity = NEGATIVE
        aux = {c.lower_ for c in kids if c.dep_ in {"aux", "auxpass"}}
        if aux & HYPOTHETICAL_AUX:
            modality = "Hypothetical"
        elif aux & FUTURE_AUX and modality == "Asserted":
            modality = "Future"
        if any(c.dep_ == "amod" and c.lower_ in POSSIBLE_MODIFIERS for c in kids):
            modality = "Future" if any(c.lower_ in FUTURE_MODIFIERS for c in kids if c.dep_ == "amod") else "Possible"
        if any(c.dep_ == "advmod" and c.lower_ in POSSIBLE_ADVERBS for c in kids):
            modality = "Possible" if modality == "Asserted" else modality
        if t.i != trigger.i and t.lemma_ in FUTURE_HEADS and modality == "Asserted":
            modality = "Future"
        if t.i != trigger.i and t.lemma_ in WISH_HEADS:
            modality = "Hypothetical"
        if t.i != trigger.i and t.lemma_ in REFUSE_HEADS:
            polarity = NEGATIVE  # "refused to deploy peacekeepers"
        if t.dep_ == "xcomp" and t.head.lemma_ == "go" and t.head.tag_ == "VBG":
            modality = "Future"
    verbal = [t for t in chain if t.pos_ in {"VERB", "AUX"}]
    # Conditions: the trigger sits in an "if" clause.
    for t in verbal:
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in t.children):
            modality = "Hypothetical"
            break
    # Denials: "denied that it attacked", "denied attacking".
    for t in verbal:
        if t.i != trigger.i and t.lemma_ in DENY and t.pos_ == "VERB":
            modality = "Denied"
            break
        if t.dep_ not in {"ccomp", "xcomp", "pcomp"} and t.i != trigger.i:
            break
    sent = trigger.sent
    if sent.text.rstrip().endswith("?") and sent[0].lower_ in {
        "did",
        "does",
        "do",
        "is",
        "are",
        "will",
        "can",
        "could",
        "would",
        "has",
        "have",
    }:
        modality = "Hypothetical"
    attribution, attributed = _attribution(trigger, chain, index)
    return Qualifier(polarity, modality, attribution, attributed)


def _attribution(
    trigger: Token, chain: list[Token], index: dict[int, list[Span]]
) -> tuple[str | None, list[str] | None]:
    sent = trigger.sent
    # "according to state media", "according to Seoul's unification ministry"
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            to = tok.doc[tok.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in tok.children if c.dep_ == "pobj"]
            if objs:
                sub = objs[0].subtree
                toks = list(sub)
                text = tok.doc[toks[0].i : toks[-1].i + 1].text
                return f"according to {text}", entities_at(objs[0], index) or None
    # "as reported by Yonhap, citing the Korean Central News Agency"
    for tok in sent:
        if tok.lemma_ == "report" and tok.tag_ == "VBN":
            agents = agent_of(tok)
            if agents:
                toks = list(agents[0].subtree)
                keys = entities_at(agents[0], index)
                for cite in (c for c in tok.subtree if c.lemma_ == "cite"):
                    for obj in (c for c in cite.children if c.dep_ in OBJECTS):
                        keys += entities_at(obj, index)
                text = tok.doc[toks[0].i : toks[-1].i + 1].text
                return f"reported by {text}", keys or None
    # Reported speech: the trigger sits under "said", "argued", "emphasized" ...
    for t in chain[1:]:
        if t.lemma_ in SAY and t.pos_ == "VERB":
            subj = [c for c in t.children if c.dep_ in SUBJECTS]
            if subj:
                toks = list(subj[0].subtree)
                text = t.doc[toks[0].i : toks[-1].i + 1].text
                return text, entities_at(subj[0], index) or None
    return None, None


def event_date(trigger: Token, article_date: dt.date | None) -> str | None:
    """The date the text gives the event ("on Wednesday", "in June last year"), else None."""
    doc = trigger.doc
    sent = trigger.sent
    chain = set(_chain(trigger))
    for ent in _ents_in(sent):
        if ent.label_ != "DATE":
            continue
        head = ent.root.head
        attached = ent.root.head in chain or (head.dep_ == "prep" and head.head in chain) or ent.root in chain
        if not attached:
            continue
        value = parse_date(ent.text, article_date, doc[ent.start - 1].lower_ if ent.start else "")
        if value:
            return value
    return None


def _ents_in(span: Span) -> list[Span]:
    """The entities wholly inside ``span``, from its own tokens (``Span.ents`` walks every entity of the doc)."""
    doc, out, i = span.doc, [], span.start
    while i < span.end:
        j = i + 1
        if doc[i].ent_iob == 3:  # B
            while j < len(doc) and doc[j].ent_iob == 1:  # I
                j += 1
            if j <= span.end:
                out.append(Span(doc, i, j, label=doc[i].ent_type))
        i = j
    return out


def parse_date(text: str, ref: dt.date | None, before: str = "") -> str | None:
    """Resolve a date expression against the article date.

    >>> parse_date("Wednesday", dt.date(2025, 6, 5))
    '2025-06-04'
    >>> parse_date("June last year", dt.date(2025, 6, 5))
    '2024-06'
    >>> parse_date("2013", None)
    '2013'
    """
    t = text.lower().strip()
    if m := re.fullmatch(r"(?:early |late |mid-?)?(\d{4})", t):
        return m.group(1)
    if ref is None:
        m = re.search(r"(" + "|".join(MONTHS) + r")\s+(\d{1,2}),?\s+(\d{4})", t)
        return f"{int(m.group(3)):04d}-{MONTHS[m.group(1)]:02d}-{int(m.group(2)):02d}" if m else None
    for day, idx in WEEKDAYS.items():
        if re.fullmatch(rf"(?:last |this |on )?{day}", t):
            back = (ref.weekday() - idx) % 7
            return (ref - dt.timedelta(days=back)).isoformat()
    if t in {"today", "this day"}:
        return ref.isoformat()
    if t == "yesterday":
        return (ref - dt.timedelta(days=1)).isoformat()
    m = re.fullmatch(
        r"(?:in |early |late |mid-?)?(" + "|".join(MONTHS) + r")(?:\s+(\d{1,2}))?(?:,?\s+(\d{4}))?(\s+last year)?", t
    )
    if m:
        month = MONTHS[m.group(1)]
        year = int(m.group(3)) if m.group(3) else ref.year - (1 if m.group(4) else 0)
        if not m.group(3) and not m.group(4) and month > ref.month:
            year -= 1
        if m.group(2):
            try:
                return dt.date(year, month, int(m.group(2))).isoformat()
            except ValueError:
                return None
        return f"{year:04d}-{month:02d}"
    if t == "last year":
        return f"{ref.year - 1:04d}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t):
        return t
    return None
