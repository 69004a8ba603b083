"""Shared fixtures.

``nlp`` is the kg pipeline, loaded once a test run (builds in this process share it).
``sample_graph`` is a small graph that :func:`kg.rdf.article_graph` writes from records, as
a build does: three articles, entities, claims with evidence and direct triples for the
factual ones, with a negated, a hypothetical and a future claim, dated evidence, and
article text that tries to run script in a page (``XSS_*``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV
from spacy.language import Language

from kg.build.executor import process_nlp
from kg.namespace import IR
from kg.pipeline import make_nlp
from kg.rdf import BASE as ID
from kg.rdf import article_graph, new_graph
from kg.records import NEGATIVE, POSITIVE, Article, Claim, Entity


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default kg pipeline, loaded once (``kg build`` run in this process uses the same one)."""
    return process_nlp()


@pytest.fixture(scope="session")
def full_nlp() -> Language:
    """The kg pipeline without the fast parse path: the whole model runs on every sentence."""
    return make_nlp(fast=False)


XSS_SCRIPT = "<script>window.__pwned=1</script>"
XSS_IMG = '<img src=x onerror="window.__pwned=1">'
XSS_SVG = '<svg onload="window.__pwned=1">'

FRA, CHN, PRK, RUS, USA, UKR = (ID[f"state/{c}"] for c in ("FRA", "CHN", "PRK", "RUS", "USA", "UKR"))
MACRON = ID["person/emmanuel-macron"]
NATO = ID["org/nato"]
NPT = ID["treaty/npt"]
SHANGRI_LA = ID["forum/shangri-la-dialogue"]
KOREAN_PENINSULA = ID["place/korean-peninsula"]
A1, A2, A3 = ID["article/a1"], ID["article/a2"], ID["article/a3"]

ENTITIES = [
    # node, class, label, wikidata, alternative labels
    (FRA, IR.State, "France", "Q142", ["French Republic", "Paris"]),
    (CHN, IR.State, "China", "Q148", ["Beijing", "PRC"]),
    (PRK, IR.State, "North Korea", "Q423", ["DPRK", "Pyongyang"]),
    (RUS, IR.State, "Russia", "Q159", ["Moscow"]),
    (USA, IR.State, "United States", "Q30", ["Washington", "US"]),
    (UKR, IR.State, "Ukraine", "Q212", ["Kyiv"]),
    (MACRON, IR.Leader, "Emmanuel Macron", "Q3052772", ["Macron"]),
    (NATO, IR.IntergovernmentalOrganization, "NATO", "Q7184", ["the Alliance", XSS_SVG]),
    (NPT, IR.Treaty, "Treaty on the Non-Proliferation of Nuclear Weapons", "Q76588", ["NPT"]),
    (SHANGRI_LA, IR.Forum, "Shangri-La Dialogue", None, []),
    (KOREAN_PENINSULA, IR.Place, "Korean Peninsula", None, []),
]

ARTICLES = [
    # node, id, title, date, source
    (A1, "a1", "Macron urges China to press North Korea", "2025-06-05", "Yonhap"),
    (A2, "a2", f"US-China talks {XSS_SCRIPT} end", "2025-03-10", "Example Wire"),
    (A3, "a3", "Russia and North Korea deepen ties", "2024-11-20", "Example News"),
]

# subject, property, object, article, sentence, polarity, modality, event date, attribution
CLAIMS = [
    (
        MACRON,
        IR.leaderOf,
        FRA,
        A1,
        "French President Emmanuel Macron spoke in Singapore.",
        POSITIVE,
        "Asserted",
        None,
        None,
    ),
    (
        FRA,
        IR.criticizes,
        PRK,
        A1,
        "France criticized North Korea's troop deployment to Russia.",
        POSITIVE,
        "Asserted",
        None,
        None,
    ),
    (
        FRA,
        IR.criticizes,
        PRK,
        A3,
        "Paris criticized Pyongyang over the missile tests.",
        POSITIVE,
        "Asserted",
        None,
        None,
    ),
    (
        MACRON,
        IR.urges,
        CHN,
        A1,
        "Macron urged China to use its influence on Pyongyang.",
        POSITIVE,
        "Asserted",
        None,
        None,
    ),
    (
        MACRON,
        IR.attends,
        SHANGRI_LA,
        A1,
        "Macron gave the keynote address at the Shangri-La Dialogue.",
        POSITIVE,
        "Asserted",
        "2025-05-31",
        None,
    ),
    (CHN, IR.supports, PRK, A1, "China has long supported North Korea.", POSITIVE, "Asserted", None, None),
    (FRA, IR.partyTo, NPT, A1, "France is a party to the NPT.", POSITIVE, "Asserted", None, None),
    (CHN, IR.signs, NPT, A1, "China signed the NPT in 1992.", POSITIVE, "Asserted", None, None),
    (CHN, IR.condemns, RUS, A1, "China did not condemn Russia.", NEGATIVE, "Asserted", None, None),
    (MACRON, IR.visits, CHN, A1, "Macron will visit China next month.", POSITIVE, "Future", None, None),
    (
        USA,
        IR.meetsWith,
        CHN,
        A2,
        f"US and Chinese envoys met in Geneva {XSS_SCRIPT} on Monday.",
        POSITIVE,
        "Asserted",
        None,
        None,
    ),
    (
        USA,
        IR.criticizes,
        PRK,
        A2,
        f"Washington criticized Pyongyang {XSS_IMG} for its launches.",
        POSITIVE,
        "Asserted",
        None,
        None,
    ),
    (USA, IR.supports, UKR, A2, "The United States pledged to support Ukraine.", POSITIVE, "Asserted", None, None),
    (USA, IR.sanctions, RUS, A2, "Washington imposed new sanctions on Moscow.", POSITIVE, "Asserted", None, None),
    (NATO, IR.supports, UKR, A2, "NATO backed Ukraine.", POSITIVE, "Asserted", None, None),
    (
        RUS,
        IR.cooperatesWith,
        PRK,
        A3,
        "Russia and North Korea expanded military cooperation.",
        POSITIVE,
        "Asserted",
        None,
        None,
    ),
    (RUS, IR.aids, PRK, A3, "Moscow sent food aid to Pyongyang.", POSITIVE, "Asserted", None, None),
    (
        CHN,
        IR.cooperatesWith,
        RUS,
        A3,
        "China and Russia deepened their cooperation.",
        POSITIVE,
        "Asserted",
        None,
        None,
    ),
    (RUS, IR.partyTo, NPT, A3, "Russia is a party to the NPT.", POSITIVE, "Asserted", None, None),
    (
        RUS,
        IR.inConflictWith,
        UKR,
        A3,
        "Russia's war against Ukraine began in February 2022.",
        POSITIVE,
        "Asserted",
        "2022-02",
        None,
    ),
    (RUS, IR.attacks, NATO, A3, "Analysts say Russia could attack NATO.", POSITIVE, "Hypothetical", None, "analysts"),
    (
        PRK,
        IR.locatedIn,
        KOREAN_PENINSULA,
        A3,
        "North Korea, on the Korean Peninsula, ...",
        POSITIVE,
        "Asserted",
        None,
        None,
    ),
]


def _key(node: URIRef) -> str:
    return str(node)[len(str(ID)) :]


def build_sample_graph() -> Graph:
    """The sample graph: each article's graph from its records, merged as a build merges them."""
    entities = {
        node: Entity(_key(node), str(cls).rsplit("#", 1)[-1], label, qid, frozenset(alts))
        for node, cls, label, qid, alts in ENTITIES
    }
    g = new_graph()
    labels: dict[str, str] = {}
    for node, ident, title, date, source in ARTICLES:
        article = Article(
            id=ident,
            text=title,
            title=title,
            date=dt.date.fromisoformat(date),
            source=source,
            url=f"https://news.example/{ident}",
        )
        claims, used = [], {}
        for s, p, o, where, sentence, polarity, modality, event_date, attribution in CLAIMS:
            if where != node:
                continue
            local = str(p).rsplit("#", 1)[-1]
            claims.append(
                Claim(
                    _key(s),
                    local,
                    _key(o),
                    0,
                    len(sentence),
                    sentence,
                    trigger=local,
                    extractor="hand",
                    confidence=0.9,
                    polarity=polarity,
                    modality=modality,
                    attribution=attribution,
                    event_date=event_date,
                )
            )
            used.update({s: entities[s], o: entities[o]})
        g += article_graph(article, sorted(used.values(), key=lambda e: e.key), claims, labels)
    return g


@pytest.fixture(scope="session")
def _sample_graph_cached() -> Graph:
    return build_sample_graph()


@pytest.fixture
def sample_graph(_sample_graph_cached: Graph) -> Graph:
    """A fresh copy of the sample graph (tests may change it)."""
    g = Graph()
    for prefix, ns in _sample_graph_cached.namespaces():
        g.bind(prefix, ns, override=True)
    for triple in _sample_graph_cached:
        g.add(triple)
    return g


@pytest.fixture
def sample_ttl(sample_graph: Graph, tmp_path: Path) -> Path:
    """The sample graph written as Turtle."""
    path = tmp_path / "sample.ttl"
    sample_graph.serialize(path, format="turtle")
    return path


def add_rogue_leader(g: Graph, name: str) -> URIRef:
    """Add a second leader of France named ``name`` (markup that tries to run script), who
    criticizes Russia (a direct triple, no claim)."""
    leader = ID["person/rogue"]
    for triple in (
        (leader, RDF.type, IR.Leader),
        (leader, RDFS.label, Literal(name)),
        (leader, IR.leaderOf, FRA),
        (leader, IR.criticizes, RUS),
    ):
        g.add(triple)
    return leader


def iri(node: URIRef) -> str:
    """A node id in the networkx graph."""
    return str(node)


def synthetic_graph(n: int = 2000, m: int = 4000, seed: int = 1) -> Graph:
    """A random graph of ``n`` actors and about ``m`` dated, evidenced relations, in the
    pipeline's shape; a few actors get most relations, as in real news."""
    import random

    rnd = random.Random(seed)
    g = Graph()
    classes = [IR.State, IR.Leader, IR.Official, IR.IntergovernmentalOrganization, IR.ArmedGroup, IR.Place]
    relations = [IR.criticizes, IR.meetsWith, IR.attacks, IR.aids, IR.supports, IR.memberOf]
    nodes = [ID[f"synthetic/actor-{i}"] for i in range(n)]
    for i, node in enumerate(nodes):
        g.add((node, RDF.type, classes[i % len(classes)]))
        g.add((node, RDFS.label, Literal(f"Actor {i}")))
    article = ID["article/synthetic"]
    g.add((article, RDF.type, IR.Article))
    g.add((article, DCTERMS.title, Literal("Synthetic article")))
    g.add((article, DCTERMS.date, Literal("2024-06-01", datatype=XSD.date)))
    for j in range(m):
        a, b = rnd.randrange(n), int(rnd.random() ** 2 * n)
        if a == b:
            continue
        p = relations[j % len(relations)]
        g.add((nodes[a], p, nodes[b]))
        claim = ID[f"claim/synthetic-{j}"]
        for triple in (
            (claim, RDF.type, IR.Claim),
            (claim, RDF.subject, nodes[a]),
            (claim, RDF.predicate, p),
            (claim, RDF.object, nodes[b]),
            (claim, PROV.wasDerivedFrom, article),
            (claim, IR.sentence, Literal(f"Sentence {j}.")),
            (claim, IR.polarity, IR.Positive),
            (claim, IR.modality, IR.Asserted),
            (claim, IR.eventDate, Literal(f"2024-{1 + j % 12:02d}-{1 + j % 28:02d}", datatype=XSD.date)),
        ):
            g.add(triple)
    return g


@pytest.fixture(scope="session")
def reuters_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built with the spaCy model from the Reuters stories that name Japan, the
    United States and trade (tests/stores.py); built once per session."""
    from stores import REUTERS, reuters_trade_stories

    if not REUTERS.is_file():
        pytest.skip(f"needs the Reuters corpus at {REUTERS}")
    from kg.build import build_graph

    folder = tmp_path_factory.mktemp("reuters")
    report = build_graph([reuters_trade_stories(folder / "stories.jsonl")], store=folder / "store", progress=False)
    assert report.built > 400 and not report.failed
    return folder / "store"
