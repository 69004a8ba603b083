"""Stores for the view tests: a generated one of 5,000 actors, and one built from Reuters
stories about trade between the United States and Japan.

The generated store is written with kg's own records and RDF writer (no extraction), so it
takes seconds.  The Reuters store needs the spaCy model.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path

from rdflib import URIRef

from kg.namespace import IR
from kg.rdf import article_graph
from kg.records import Article, Claim, Entity
from kg.store import Store

REUTERS = Path("/work/shared/corpus/reuters/reuters21578.jsonl")

# Our own name parts for generated people, organizations and places.
# fmt: off
FIRST = ("Amara", "Bruno", "Chen", "Dana", "Elif", "Farid", "Goran", "Hana", "Ines", "Jonas", "Kemal", "Lena",
    "Mateo", "Nadia", "Omar", "Petra", "Quentin", "Rosa", "Sami", "Tomas", "Uma", "Viktor", "Wen", "Yara", "Zoran",
    "Aiko", "Bilal", "Carmen", "Dmitri", "Esra", "Felix", "Greta", "Hugo", "Irina", "Jamal", "Kaori", "Lars",
    "Mira", "Nikos", "Olga")
LAST = ("Abara", "Berger", "Castillo", "Dimitrov", "Eriksen", "Fontaine", "Guzman", "Haddad", "Ivanova", "Jansen",
    "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe", "Rahman", "Santos", "Tanaka",
    "Umarov", "Varga", "Weber", "Xu", "Yilmaz", "Zielinski", "Andersen", "Barros", "Cohen", "Demir", "Esposito",
    "Fischer", "Garcia", "Horvat", "Ito", "Jovanovic", "Kim", "Lopez", "Mensah", "Novak")
ORG_WORDS = ("Atlantic", "Pacific", "Northern", "Southern", "Eastern", "Western", "Central", "United", "Free",
    "National", "Regional", "Global", "Allied", "Democratic", "Popular")
ORG_KINDS = ("Council", "Union", "Front", "Alliance", "Bank", "Commission", "Agency", "Forum", "Movement",
    "Institute", "Authority", "Party", "Federation", "League", "Board")
PLACE_KINDS = ("Province", "Valley", "Bay", "District", "Plateau", "Harbour", "Island", "Pass")
# fmt: on


def _name(term: URIRef) -> str:
    """The local name of an ontology term (a misspelled term fails in IR)."""
    return str(term).rsplit("#", 1)[-1]


ORG_CLASSES = tuple(
    map(
        _name,
        (
            IR.Organization,
            IR.IntergovernmentalOrganization,
            IR.GovernmentBody,
            IR.ArmedGroup,
            IR.Company,
            IR.PoliticalParty,
        ),
    )
)
EVENTS = tuple(
    map(
        _name,
        (
            IR.meetsWith,
            IR.criticizes,
            IR.accuses,
            IR.supports,
            IR.visits,
            IR.sanctions,
            IR.attacks,
            IR.cooperatesWith,
            IR.aids,
            IR.urges,
            IR.negotiatesWith,
            IR.threatens,
            IR.praises,
            IR.demands,
        ),
    )
)


def synthetic_store(
    path: Path, *, actors: int = 5000, relations: int = 1200, articles: int = 600, seed: int = 7
) -> Path:
    """A store of ``actors`` generated actors (states, leaders and officials serving them,
    organizations, places) and about ``relations`` event relations plus offices, over
    ``articles`` dated articles.  A few actors get most relations, as in real news; most
    places are never related to anything."""
    import pycountry

    rnd = random.Random(seed)
    countries = sorted(pycountry.countries, key=lambda c: c.alpha_3)[:190]
    states = [Entity(f"state/{c.alpha_3}", _name(IR.State), c.name) for c in countries]
    n_people, n_orgs = actors * 36 // 100, actors * 20 // 100
    people = [
        Entity(
            f"person/p{i}",
            _name(IR.Leader if i < len(states) else IR.Official),
            f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST) + i) % len(LAST)]} {i}",
        )
        for i in range(n_people)
    ]
    orgs = [
        Entity(
            f"org/o{i}",
            ORG_CLASSES[i % len(ORG_CLASSES)],
            f"{ORG_WORDS[i % len(ORG_WORDS)]} {ORG_KINDS[(i // len(ORG_WORDS)) % len(ORG_KINDS)]} {i}",
        )
        for i in range(n_orgs)
    ]
    n_places = actors - len(states) - len(people) - len(orgs)
    places = [
        Entity(f"place/l{i}", _name(IR.Place), f"{LAST[i % len(LAST)]} {PLACE_KINDS[i % len(PLACE_KINDS)]} {i}")
        for i in range(n_places)
    ]
    start = dt.date(2023, 1, 1)
    days = [start + dt.timedelta(days=round(i * 730 / articles)) for i in range(articles)]

    def sentence(a: Entity, p: str, b: Entity) -> str:
        return f"{a.label} {p} {b.label}."

    claims: list[list[tuple[Claim, Entity, Entity]]] = [[] for _ in range(articles)]
    # Offices: every leader heads a state; a third of the officials serve one (some with a term).
    for i, person in enumerate(people):
        if i >= len(states) and i % 3:
            continue
        state = states[i % len(states)] if i < len(states) else states[int(rnd.random() ** 2 * len(states))]
        prop = _name(IR.headOfState if i < len(states) else IR.officialOf)
        art = rnd.randrange(articles)
        text = sentence(person, prop, state)
        term = (str(days[0]), None) if i % 7 == 0 else (None, None)
        claims[art].append(
            (
                Claim(
                    person.key,
                    prop,
                    state.key,
                    0,
                    len(text),
                    text,
                    prop,
                    "synthetic",
                    0.9,
                    valid_from=term[0],
                    valid_until=term[1],
                ),
                person,
                state,
            )
        )
    # Events: states and people of big states act most.
    pool = states + people[: len(states) * 3] + orgs
    seen: set[tuple[str, str, str]] = set()
    while len(seen) < relations:
        a, b = pool[int(rnd.random() ** 3 * len(pool))], pool[int(rnd.random() ** 2 * len(pool))]
        prop = EVENTS[rnd.randrange(len(EVENTS))]
        if a.key == b.key:
            continue
        seen.add((a.key, prop, b.key))
        art = rnd.randrange(articles)
        text = sentence(a, prop, b)
        claims[art].append((Claim(a.key, prop, b.key, 0, len(text), text, prop, "synthetic", 0.8), a, b))
    everyone = states + people + orgs + places
    with Store.open(path) as store:
        batch = []
        for i in range(articles):
            mentioned = {e.key: e for c, a, b in claims[i] for e in (a, b)}
            for e in everyone[i::articles]:  # every actor appears in some article
                mentioned.setdefault(e.key, e)
            article = Article(
                id=f"synthetic-{i}", text="...", title=f"Synthetic article {i}", date=days[i], content_hash=f"h{i}"
            )
            g = article_graph(article, mentioned.values(), [c for c, _, _ in claims[i]], prefixes=False)
            batch.append((article, g.serialize(format="nt").encode()))
            if len(batch) == 100:
                store.add_articles(batch)
                batch = []
        store.add_articles(batch)
    return path


def reuters_trade_stories(dest: Path) -> Path:
    """The Reuters stories that name Japan, the United States and trade, as a temporary
    JSONL file (never kept in the repository)."""
    us = re.compile(r"\bU\.S\.|United States|Washington")
    trade = re.compile(r"\btrade\b", re.I)
    with REUTERS.open(encoding="utf-8") as src, dest.open("w", encoding="utf-8") as out:
        for line in src:
            record = json.loads(line)
            text = record.get("text") or ""
            if "Japan" in text and us.search(text) and trade.search(text):
                out.write(json.dumps(record) + "\n")
    return dest
