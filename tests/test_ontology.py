"""Tests of the ontology (ontology/ir.ttl), its SHACL shapes and the generated namespace."""

from __future__ import annotations

import ast
import doctest
import importlib.util
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SH
from rdflib.term import Node

import kg.ontology
from kg.namespace import IR, C, P, V
from kg.ontology import (
    NAMESPACE_FILE,
    NS,
    domain_of,
    event_properties,
    fits,
    is_symmetric,
    load_ontology,
    load_shapes,
    namespace_source,
    parts_of,
    range_of,
    sub_properties,
    subclasses,
)

EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"
CONTRACT = EVAL_DIR / "CONTRACT.md"

CORE = ("State", "Person", "Organization", "Treaty", "Forum", "Place", "Event")
# The relation table of CONTRACT.md section 3 (checked against the file when it is present).
CONTRACT_PROPERTIES = [
    "alliedWith",
    "cooperatesWith",
    "inConflictWith",
    "attacks",
    "deploysForcesTo",
    "criticizes",
    "praises",
    "supports",
    "opposes",
    "urges",
    "warns",
    "threatens",
    "sanctions",
    "meetsWith",
    "negotiatesWith",
    "visits",
    "hosts",
    "signs",
    "partyTo",
    "attends",
    "leaderOf",
    "officialOf",
    "memberOf",
    "partOf",
    "locatedIn",
]
SYMMETRIC = {
    "alliedWith",
    "cooperatesWith",
    "inConflictWith",
    "meetsWith",
    "negotiatesWith",
}
# Object properties that are not events and so carry no PLOVER category.
NON_EVENT = {
    "leaderOf",
    "hasLeader",
    "headOfState",
    "headOfGovernment",
    "officialOf",
    "memberOf",
    "hasMember",
    "partOf",
    "hasPart",
    "locatedIn",
    "mentionedIn",
    "attributedTo",
    "polarity",
    "modality",
}
PLOVER = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
    "INVESTIGATE",
}
EX = Namespace("https://example.org/kg/")
# A plain Namespace: rdflib's XSD warns when pytest probes module attributes during collection.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")


def local(term: Node | None) -> str:
    return re.split(r"[#/]", str(term))[-1]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


def object_properties(graph: Graph) -> set[str]:
    return {local(p) for p in graph.subjects(RDF.type, OWL.ObjectProperty) if str(p).startswith(str(IR))}


def ancestors(graph: Graph, cls: Node) -> set[Node]:
    """cls and everything above it through rdfs:subClassOf and owl:equivalentClass."""
    seen: set[Node] = set()
    todo = [cls]
    while todo:
        c = todo.pop()
        if c in seen:
            continue
        seen.add(c)
        todo += graph.objects(c, RDFS.subClassOf)
        todo += graph.objects(c, OWL.equivalentClass)
    return seen


# --- generated namespace ------------------------------------------------------------------


def test_namespace_is_not_stale(onto: Graph) -> None:
    assert NAMESPACE_FILE.read_text(encoding="utf-8") == namespace_source(onto), (
        "kg/namespace.py is stale: run `python -m kg.ontology`"
    )


def test_namespace_lists_every_term(onto: Graph) -> None:
    declared = {local(s) for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(IR))}
    assert set(IR.__annotations__) == declared
    assert all(getattr(IR, t) == URIRef(str(IR) + t) for t in declared)


def test_local_names_as_strings(onto: Graph) -> None:
    def names(*types: URIRef) -> set[str]:
        return {local(s) for t in types for s in onto.subjects(RDF.type, t) if str(s).startswith(str(IR))}

    def constants(cls: type) -> dict[str, str]:
        return {k: v for k, v in vars(cls).items() if not k.startswith("_")}

    for cls, types in [
        (C, (OWL.Class,)),
        (P, (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)),
        (V, (OWL.NamedIndividual,)),
    ]:
        assert set(constants(cls)) == names(*types), cls.__name__
        assert all(k == v for k, v in constants(cls).items())


def test_no_ontology_name_is_a_loose_string_in_the_components() -> None:
    """Class and property names come from kg.namespace (C.State, P.attends), not string literals."""
    onto = load_ontology()
    names = {local(s) for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(str(IR))}
    components = Path(kg.ontology.__file__).resolve().parent / "components"
    found = []
    for path in sorted(components.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        found += [
            f"{path.name}:{node.lineno}: {node.value!r}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and node.value in names and id(node) not in docstrings
        ]
    assert not found, "use kg.namespace.C / P / V instead of:\n" + "\n".join(found)


def test_misspelled_term_raises() -> None:
    assert IR.criticizes == URIRef("https://w3id.org/kg-ir/ontology#criticizes")
    with pytest.raises(AttributeError):
        _ = IR.critcizes


def test_module_doctests() -> None:
    result = doctest.testmod(kg.ontology)
    assert result.attempted > 0 and result.failed == 0


# --- properties --------------------------------------------------------------------------


@pytest.mark.skipif(not CONTRACT.is_file(), reason="../shared/eval/CONTRACT.md not present")
def test_contract_table_is_the_list_tested_here() -> None:
    text = CONTRACT.read_text(encoding="utf-8")
    rows = re.findall(r"^\| *([a-zA-Z]+)(?: \(symmetric\))? *\|", text, re.MULTILINE)
    assert [r for r in rows if r != "property"] == CONTRACT_PROPERTIES


@pytest.mark.parametrize("name", CONTRACT_PROPERTIES)
def test_contract_property_is_declared(onto: Graph, name: str) -> None:
    p = NS[name]
    assert (p, RDF.type, OWL.ObjectProperty) in onto
    for attr in (RDFS.label, RDFS.comment, RDFS.domain, RDFS.range):
        assert onto.value(p, attr) is not None, f"{name} has no {attr}"


def test_every_object_property_is_documented(onto: Graph) -> None:
    for name in object_properties(onto):
        for attr in (RDFS.label, RDFS.comment, RDFS.domain, RDFS.range):
            assert onto.value(NS[name], attr) is not None, f"{name} has no {attr}"


def test_symmetric_properties(onto: Graph) -> None:
    declared = {local(p) for p in onto.subjects(RDF.type, OWL.SymmetricProperty)}
    assert declared >= SYMMETRIC
    assert {"agreesWith", "consultsWith"} <= declared
    assert all(is_symmetric(n) for n in SYMMETRIC) and not is_symmetric("attacks")


def test_inverses(onto: Graph) -> None:
    pairs = {(local(a), local(b)) for a, b in onto.subject_objects(OWL.inverseOf)}
    assert pairs >= {
        ("leaderOf", "hasLeader"),
        ("memberOf", "hasMember"),
        ("partOf", "hasPart"),
        ("hosts", "hostedBy"),
    }


def test_event_properties_are_annotated(onto: Graph) -> None:
    events = object_properties(onto) - NON_EVENT
    infos = event_properties()
    assert set(infos) == events, "every event property needs ir:ploverCategory, cameoRoot, quadClass, goldstein"
    for name, info in infos.items():
        assert info.plover in PLOVER, name
        assert 1 <= info.quad_class <= 4, name
        root = int(info.cameo)
        assert len(info.cameo) == 2 and 1 <= root <= 20, name
        assert info.quad_class == (1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4), name
        assert -10 <= info.goldstein <= 10, name
        assert info.symmetric == ((NS[name], RDF.type, OWL.SymmetricProperty) in onto)
    for name in NON_EVENT:
        assert onto.value(NS[name], IR.ploverCategory) is None, name


def test_sub_properties(onto: Graph) -> None:
    def supers(p: URIRef) -> set[str]:
        return {local(x) for x in onto.transitive_objects(p, RDFS.subPropertyOf)}

    assert "criticizes" in supers(IR.condemns)
    for child, parent in [
        ("accuses", "criticizes"),
        ("denounces", "criticizes"),
        ("headOfState", "leaderOf"),
        ("headOfGovernment", "leaderOf"),
        ("invades", "attacks"),
        ("expels", "sanctions"),
        ("imposesEmbargoOn", "sanctions"),
        ("rejects", "opposes"),
        ("demands", "urges"),
    ]:
        assert parent in supers(NS[child]), child
    # meetsWith and negotiatesWith must stay apart for the scorer.
    assert supers(IR.meetsWith) == {"meetsWith"}
    assert supers(IR.negotiatesWith) == {"negotiatesWith"}


# --- facts the extraction rules read ------------------------------------------------------


def test_subclasses_follow_the_hierarchy_and_unions() -> None:
    assert subclasses("Organization") == {
        "Organization",
        "IntergovernmentalOrganization",
        "GovernmentBody",
        "ArmedForces",
        "NewsAgency",
        "PoliticalParty",
        "ArmedGroup",
        "Company",
    }
    assert subclasses("Actor") == {"Actor", "State"} | subclasses("Person") | subclasses("Organization")
    non_actors = {"NamedEntity", "Treaty", "Forum", "Place", "Event", "Conflict"}
    assert subclasses("NamedEntity") - subclasses("Actor") == non_actors
    with pytest.raises(KeyError):
        subclasses("Stat")


@pytest.mark.parametrize(
    ("prop", "subject", "obj", "expected"),
    [
        ("signs", "State", "Treaty", True),
        ("signs", "State", "State", False),
        ("partyTo", "Person", "Treaty", False),  # domain: states and organizations
        ("attends", "Person", "Conflict", True),  # a conflict is an event
        ("attacks", "Event", "Place", True),
        ("invades", "Event", "Place", False),  # invades is under attacks, but its own domain is narrower
        ("criticizes", "State", "Place", False),
        ("condemns", "State", "Place", False),  # the range of criticizes holds for condemns
        ("visits", "Place", "State", False),  # "Asia visits ..."
        ("locatedIn", "Forum", "Place", True),
        ("meetsWith", "State", None, False),
    ],
)
def test_fits_reads_domain_and_range(prop: str, subject: str, obj: str | None, expected: bool) -> None:
    assert fits(prop, subject, obj) is expected


def test_domain_range_and_property_hierarchy() -> None:
    assert domain_of("headOfState") == subclasses("Person")
    assert range_of("attends") == {"Forum", "Event", "Conflict"}
    assert sub_properties("criticizes") >= {"criticizes", "condemns", "denounces", "accuses"}
    assert parts_of("State") == {"GovernmentBody", "ArmedForces"}
    with pytest.raises(KeyError):
        domain_of("critcizes")


# --- classes -----------------------------------------------------------------------------


def test_core_classes_and_subclasses(onto: Graph) -> None:
    for name in CORE:
        assert (NS[name], RDF.type, OWL.Class) in onto
    assert IR.Person in ancestors(onto, IR.Leader)
    assert IR.Event in ancestors(onto, IR.Conflict)
    assert IR.Organization in ancestors(onto, IR.ArmedGroup)


def test_no_class_is_both_entity_and_record(onto: Graph) -> None:
    core = {NS[n] for n in CORE}
    records = {IR.Claim, IR.Article, IR.Polarity, IR.Modality, IR.Actor, IR.NamedEntity}
    core_keys = {n.lower() for n in CORE}
    for cls in set(onto.subjects(RDF.type, OWL.Class)):
        up = ancestors(onto, cls)
        assert not (up & core and up & {IR.Claim, IR.Article}), cls
    for cls in records:
        up = ancestors(onto, cls)
        assert not up & core, cls
        # score.py matches classes by folded local name, so no ancestor may be named like one.
        assert not {local(u).lower() for u in up if isinstance(u, URIRef)} & core_keys, cls


def test_no_external_term_is_declared_a_class(onto: Graph) -> None:
    for cls in onto.subjects(RDF.type, OWL.Class):
        assert isinstance(cls, BNode) or str(cls).startswith(str(IR)), cls


def test_no_equivalence_between_our_classes(onto: Graph) -> None:
    for a, b in onto.subject_objects(OWL.equivalentClass):
        assert not (str(a).startswith(str(IR)) and str(b).startswith(str(IR))), (a, b)


# --- SHACL shapes ------------------------------------------------------------------------


def claim_graph() -> Graph:
    g = Graph()
    art, claim = EX["article/a1"], EX["claim/a1-1"]
    fr, cn = EX["entity/France"], EX["entity/China"]
    g.add((fr, RDF.type, IR.State))
    g.add((fr, RDFS.label, Literal("France")))
    g.add((fr, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q142")))
    g.add((cn, RDF.type, IR.State))
    g.add((cn, RDFS.label, Literal("China", lang="en")))
    g.add((fr, IR.urges, cn))
    g.add((art, RDF.type, IR.Article))
    g.add((art, IR.articleId, Literal("a1")))
    g.add((art, DCTERMS.date, Literal("2023-04-07", datatype=XSD.date)))
    g.add((claim, RDF.type, IR.Claim))
    g.add((claim, RDF.subject, fr))
    g.add((claim, RDF.predicate, IR.urges))
    g.add((claim, RDF.object, cn))
    g.add((claim, PROV.wasDerivedFrom, art))
    g.add((claim, IR.sentence, Literal("France urged China to act.")))
    g.add((claim, IR.charStart, Literal(0)))
    g.add((claim, IR.charEnd, Literal(26)))
    g.add((claim, IR.extractor, Literal("patterns")))
    g.add((claim, IR.confidence, Literal("0.8", datatype=XSD.decimal)))
    g.add((claim, IR.polarity, IR.Positive))
    g.add((claim, IR.modality, IR.Asserted))
    g.add((claim, IR.eventDate, Literal("2023-04", datatype=XSD.gYearMonth)))
    return g


def shacl(data: Graph) -> tuple[bool, Graph]:
    conforms, report, _ = validate(data, shacl_graph=load_shapes(), inference="none")
    return conforms, report


def test_shapes_parse() -> None:
    shapes = load_shapes()
    assert len(set(shapes.subjects(RDF.type, SH.NodeShape))) == 3
    targets = set(shapes.objects(None, SH.targetClass))
    assert {NS[n] for n in CORE} <= targets and IR.Leader in targets and IR.Conflict in targets


def test_shapes_accept_a_conforming_graph() -> None:
    conforms, report = shacl(claim_graph())
    assert conforms, report.serialize(format="turtle")


def test_shapes_reject_two_labels_and_a_missing_sentence() -> None:
    g = claim_graph()
    g.add((EX["entity/France"], RDFS.label, Literal("French Republic")))
    g.remove((None, IR.sentence, None))
    conforms, report = shacl(g)
    assert not conforms
    paths = set(report.objects(None, SH.resultPath))
    focus = set(report.objects(None, SH.focusNode))
    assert {RDFS.label, IR.sentence} <= paths
    assert {EX["entity/France"], EX["claim/a1-1"]} <= focus


@pytest.mark.parametrize(
    "change",
    [
        lambda g: g.set((EX["claim/a1-1"], IR.confidence, Literal("1.5", datatype=XSD.decimal))),
        lambda g: g.set((EX["claim/a1-1"], IR.modality, IR.Positive)),
        lambda g: g.set((EX["claim/a1-1"], IR.charStart, Literal(-1))),
        lambda g: g.set(
            (
                EX["entity/France"],
                OWL.sameAs,
                URIRef("https://www.wikidata.org/wiki/Q142"),
            )
        ),
        lambda g: g.remove((EX["article/a1"], IR.articleId, None)),
        lambda g: g.add((EX["claim/a1-1"], RDF.type, IR.Event)),
    ],
)
def test_shapes_reject_bad_values(change: Callable[[Graph], object]) -> None:
    g = claim_graph()
    change(g)
    assert not shacl(g)[0]


# --- the scorers' own view of the ontology ------------------------------------------------


def load_eval_module(name: str) -> ModuleType:
    path = EVAL_DIR / f"{name}.py"
    if not path.is_file():
        pytest.skip(f"{path} not present")
    if name in sys.modules and getattr(sys.modules[name], "__file__", None) == str(path):
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_score_py_sees_the_contract() -> None:
    score = load_eval_module("score")
    o = score.load_ontology(kg.ontology.ONTOLOGY_DIR)
    props = {score.key(score.local(p)) for p in o.props}
    assert {score.key(n) for n in CONTRACT_PROPERTIES} <= props
    assert o.symmetric >= score.SYMMETRIC
    assert o.inverse["hasleader"] == "leaderof"
    assert "criticizes" in o.prop_supers(IR.condemns)
    core = {score.key(c) for c in score.CORE_CLASSES}
    assert all(o.class_supers(NS[n]) & core for n in CORE)
    for cls in (
        IR.Claim,
        IR.Article,
        IR.Polarity,
        IR.Modality,
        IR.Actor,
        IR.NamedEntity,
    ):
        assert not o.class_supers(cls) & core, cls


def test_plover_py_finds_every_category() -> None:
    load_eval_module("score")
    plover = load_eval_module("plover")
    o = plover.load_ontology(kg.ontology.ONTOLOGY_DIR)
    cats = plover.property_categories(o)
    events = event_properties()
    for name, info in events.items():
        # a property counts for its own category and those of the properties above it ("aids" is support)
        above = {plover.category(e.plover) for up, e in events.items() if name in sub_properties(up)}
        assert cats.get(plover.key(name)) == {plover.category(info.plover)} | above, name
    assert not {plover.key(n) for n in NON_EVENT} & set(cats)
