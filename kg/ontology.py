"""The kg-ir ontology (``ontology/ir.ttl``): loading, event-property facts, code generation.

>>> info = event_properties()["condemns"]
>>> info.plover, info.cameo, info.quad_class, info.goldstein
('ACCUSE', '11', 3, -2.0)
>>> is_symmetric("alliedWith"), is_symmetric(NS["attacks"])
(True, False)

Class and property facts for the extraction rules, read from the class hierarchy and
the declared domains and ranges:

>>> sorted(subclasses("Event"))
['Conflict', 'Event']
>>> fits("signs", "State", "Treaty"), fits("signs", "Place", "Treaty")
(True, False)

``python -m kg.ontology`` regenerates ``kg/namespace.py`` from ``ir.ttl``;
``python -m kg.ontology --check`` only reports whether it is stale.
"""

from __future__ import annotations

import argparse
import functools
import keyword
import sys
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

__all__ = [
    "NAMESPACE_FILE",
    "NS",
    "ONTOLOGY_DIR",
    "ONTOLOGY_FILE",
    "SHAPES_FILE",
    "PropertyInfo",
    "domain_of",
    "event_properties",
    "fits",
    "is_symmetric",
    "load_ontology",
    "load_shapes",
    "main",
    "namespace_source",
    "parts_of",
    "range_of",
    "sub_properties",
    "subclasses",
]

NS = Namespace("https://w3id.org/kg-ir/ontology#")


def _ontology_dir() -> Path:
    """The repository's ``ontology/`` folder, or the installed copy under ``sys.prefix``."""
    repo = Path(__file__).resolve().parent.parent / "ontology"
    if (repo / "ir.ttl").is_file():
        return repo
    return Path(sys.prefix) / "share" / "kg" / "ontology"


ONTOLOGY_DIR = _ontology_dir()
ONTOLOGY_FILE = ONTOLOGY_DIR / "ir.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
NAMESPACE_FILE = Path(__file__).resolve().parent / "namespace.py"

# Groups of the generated namespace, in order; a term goes to the first group it belongs to.
_GROUPS = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
)


# The classes of plain local-name constants the generated namespace ends with.
_NAME_CLASSES = (
    ("C", (OWL.Class,), 'Local names of the ontology\'s classes, as plain strings: ``C.State == "State"``.'),
    (
        "P",
        (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty),
        'Local names of the ontology\'s properties, as plain strings: ``P.attends == "attends"``.',
    ),
    ("V", (OWL.NamedIndividual,), "Local names of the ontology's individuals (polarity and modality values)."),
)


@dataclass(frozen=True)
class PropertyInfo:
    """What the ontology says about one event property (one with a PLOVER category)."""

    name: str  # local name, e.g. "criticizes"
    iri: URIRef
    plover: str  # PLOVER 2.0 category, e.g. "ACCUSE"
    cameo: str  # two-digit CAMEO root code, e.g. "11"
    quad_class: int  # 1 verbal / 2 material cooperation, 3 verbal / 4 material conflict
    goldstein: float  # Goldstein-scale weight, -10..+10
    symmetric: bool


@functools.lru_cache(maxsize=1)
def load_ontology() -> Graph:
    """The ontology graph, parsed once; treat it as read-only.

    >>> (NS.criticizes, RDF.type, OWL.ObjectProperty) in load_ontology()
    True
    """
    graph = Graph()
    graph.parse(ONTOLOGY_FILE, format="turtle")
    return graph


@functools.lru_cache(maxsize=1)
def load_shapes() -> Graph:
    """The SHACL shapes graph every output must satisfy, parsed once; treat it as read-only."""
    graph = Graph()
    graph.parse(SHAPES_FILE, format="turtle")
    return graph


def _terms(graph: Graph) -> dict[URIRef, URIRef | None]:
    """Every ``ir:`` term typed in ``graph`` -> the group (an OWL type) it is listed under."""
    out: dict[URIRef, URIRef | None] = {}
    for term in set(graph.subjects(RDF.type, None)):
        if not isinstance(term, URIRef) or not str(term).startswith(str(NS)):
            continue
        types = set(graph.objects(term, RDF.type))
        out[term] = next((g for g in _GROUPS if g in types), None)
    return out


def namespace_source(graph: Graph) -> str:
    """Python source of ``kg/namespace.py``: an rdflib ``DefinedNamespace`` of the ontology.

    >>> "    criticizes: URIRef  # criticizes" in namespace_source(load_ontology())
    True
    """
    terms = _terms(graph)
    ontology = URIRef(str(NS).rstrip("#"))
    title = graph.value(ontology, RDFS.label) or "kg-ir ontology"
    version = graph.value(ontology, OWL.versionInfo) or "unversioned"
    lines = [
        '"""Terms of the kg-ir ontology as an rdflib namespace, and their local names as plain strings.',
        "",
        "Generated from ontology/ir.ttl by `python -m kg.ontology`; do not edit.",
        '"""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class IR(DefinedNamespace):",
        '    """',
        f"    {title} (version {version})",
        "",
        "    Misspelled terms raise AttributeError: IR.critcizes fails, IR.criticizes works.",
        '    """',
        "",
        "    _fail = True",
    ]
    for group in (*_GROUPS, None):
        members = sorted((t for t, g in terms.items() if g == group), key=str)
        if not members:
            continue
        lines += ["", f"    # {group or 'other terms'}"]
        for term in members:
            name = str(term)[len(str(NS)) :]
            if not name.isidentifier() or keyword.iskeyword(name):
                raise ValueError(f"ontology term {term} is not a Python identifier")
            label = " ".join(str(graph.value(term, RDFS.label) or "").split())
            lines.append(f"    {name}: URIRef" + (f"  # {label}" if label else ""))
    lines += ["", f'    _NS = Namespace("{NS}")']
    # Local names as plain strings, for code that keys records on them (Entity.cls, Claim.predicate).
    for cls, groups, what in _NAME_CLASSES:
        lines += ["", "", f"class {cls}:", f'    """{what}"""', ""]
        for term in sorted((t for t, g in terms.items() if g in groups), key=str):
            name = str(term)[len(str(NS)) :]
            lines.append(f'    {name} = "{name}"')
    lines.append("")
    return "\n".join(lines)


def _literal(graph: Graph, subject: URIRef, predicate: URIRef) -> Literal:
    value = graph.value(subject, predicate)
    if isinstance(value, Literal):
        return value
    raise ValueError(f"ontology: {subject} needs one literal {predicate}, has {value!r}")


@functools.lru_cache(maxsize=1)
def _event_properties() -> tuple[PropertyInfo, ...]:
    graph = load_ontology()
    symmetric = set(graph.subjects(RDF.type, OWL.SymmetricProperty))
    out = []
    for iri in sorted(set(graph.subjects(NS.ploverCategory, None)), key=str):
        if not isinstance(iri, URIRef) or not str(iri).startswith(str(NS)):
            continue
        out.append(
            PropertyInfo(
                name=str(iri)[len(str(NS)) :],
                iri=iri,
                plover=str(graph.value(iri, NS.ploverCategory)),
                cameo=str(graph.value(iri, NS.cameoRoot)),
                quad_class=int(_literal(graph, iri, NS.quadClass)),
                goldstein=float(_literal(graph, iri, NS.goldstein)),
                symmetric=iri in symmetric,
            )
        )
    return tuple(out)


def event_properties() -> dict[str, PropertyInfo]:
    """Event properties by local name, with their PLOVER, CAMEO and Goldstein annotations.

    >>> sorted(p.name for p in event_properties().values() if p.plover == "THREATEN")
    ['threatens', 'warns']
    """
    return {p.name: p for p in _event_properties()}


@functools.lru_cache(maxsize=1)
def _symmetric() -> frozenset[URIRef]:
    return frozenset(p for p in load_ontology().subjects(RDF.type, OWL.SymmetricProperty) if isinstance(p, URIRef))


def is_symmetric(iri: str) -> bool:
    """Whether a property (full IRI, or local name in the ``ir:`` namespace) is symmetric.

    >>> is_symmetric("https://w3id.org/kg-ir/ontology#meetsWith"), is_symmetric("visits")
    (True, False)
    """
    term = URIRef(iri) if ":" in iri else NS[iri]
    return term in _symmetric()


# ---- class and property facts for the extraction rules --------------------------------


def _local(term: Node) -> str | None:
    """The local name of an ``ir:`` IRI, else None."""
    return str(term)[len(str(NS)) :] if isinstance(term, URIRef) and str(term).startswith(str(NS)) else None


def _covered(graph: Graph, expr: Node, seen: set[Node]) -> set[str]:
    """The ``ir:`` classes a class expression covers: itself, the members of a union it is (or is
    equivalent to), and everything under those through ``rdfs:subClassOf``."""
    if expr in seen:
        return set()
    seen.add(expr)
    out: set[str] = set()
    name = _local(expr)
    if name is not None:
        out.add(name)
    for equal in graph.objects(expr, OWL.equivalentClass):
        out |= _covered(graph, equal, seen)
    union = graph.value(expr, OWL.unionOf)
    if union is not None:
        for member in Collection(graph, union):
            out |= _covered(graph, member, seen)
    for sub in graph.subjects(RDFS.subClassOf, expr):
        out |= _covered(graph, sub, seen)
    return out


@functools.cache
def subclasses(cls: str) -> frozenset[str]:
    """``cls`` and every class under it, by local name (``ir:Actor`` is a union of three).

    >>> sorted(subclasses("Person"))
    ['Leader', 'Official', 'Person']
    >>> {"State", "GovernmentBody"} <= subclasses("Actor")
    True
    """
    graph = load_ontology()
    if (NS[cls], RDF.type, OWL.Class) not in graph:
        raise KeyError(f"{cls!r} is not a class of {ONTOLOGY_FILE.name}")
    return frozenset(_covered(graph, NS[cls], set()))


@functools.cache
def _allowed(prop: str, axis: URIRef) -> frozenset[str] | None:
    """The classes ``axis`` (rdfs:domain or rdfs:range) allows for ``prop``: the intersection over the
    property and its super-properties, as OWL reads several domains; None when nothing is declared."""
    graph = load_ontology()
    if (NS[prop], RDF.type, None) not in graph:
        raise KeyError(f"{prop!r} is not a property of {ONTOLOGY_FILE.name}")
    allowed: frozenset[str] | None = None
    for p in graph.transitive_objects(NS[prop], RDFS.subPropertyOf):
        for expr in graph.objects(p, axis):
            classes = frozenset(_covered(graph, expr, set()))
            allowed = classes if allowed is None else allowed & classes
    return allowed


def domain_of(prop: str) -> frozenset[str] | None:
    """The classes a subject of ``prop`` may have (None: any).

    >>> sorted(domain_of("headOfState"))
    ['Leader', 'Official', 'Person']
    """
    return _allowed(prop, RDFS.domain)


def range_of(prop: str) -> frozenset[str] | None:
    """The classes an object of ``prop`` may have (None: any).

    >>> sorted(range_of("attends"))
    ['Conflict', 'Event', 'Forum']
    """
    return _allowed(prop, RDFS.range)


def fits(prop: str, subject_cls: str | None, object_cls: str | None) -> bool:
    """Whether ``subject_cls prop object_cls`` keeps to the property's domain and range; an
    unknown class (None) never fits.

    >>> fits("visits", "Person", "Place"), fits("visits", "Place", "Person"), fits("visits", None, "State")
    (True, False, False)
    """
    if subject_cls is None or object_cls is None:
        return False
    domain, range_ = _allowed(prop, RDFS.domain), _allowed(prop, RDFS.range)
    return (domain is None or subject_cls in domain) and (range_ is None or object_cls in range_)


@functools.cache
def sub_properties(prop: str) -> frozenset[str]:
    """``prop`` and every property under it (``rdfs:subPropertyOf``), by local name.

    >>> sorted(sub_properties("leaderOf"))
    ['headOfGovernment', 'headOfState', 'leaderOf']
    """
    graph = load_ontology()
    return frozenset(
        n for p in graph.transitive_subjects(RDFS.subPropertyOf, NS[prop]) if p is not None and (n := _local(p))
    )


@functools.cache
def parts_of(whole: str) -> frozenset[str]:
    """The classes whose every member is part of some ``whole`` (``C ⊑ ∃ir:partOf.whole``), with their subclasses.

    >>> sorted(parts_of("State"))
    ['ArmedForces', 'GovernmentBody']
    """
    graph = load_ontology()
    out: set[str] = set()
    for restriction in graph.subjects(OWL.someValuesFrom, NS[whole]):
        if graph.value(restriction, OWL.onProperty) == NS.partOf:
            for cls in graph.subjects(RDFS.subClassOf, restriction):
                out |= _covered(graph, cls, set())
    return frozenset(out)


def main(argv: list[str] | None = None) -> int:
    """Write ``kg/namespace.py`` from ``ontology/ir.ttl`` (``--check``: only compare)."""
    parser = argparse.ArgumentParser(prog="python -m kg.ontology", description=main.__doc__)
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if kg/namespace.py is not what would be generated",
    )
    args = parser.parse_args(argv)
    source = namespace_source(load_ontology())
    current = NAMESPACE_FILE.read_text(encoding="utf-8") if NAMESPACE_FILE.exists() else ""
    if args.check:
        if current != source:
            print(
                f"{NAMESPACE_FILE} is stale: run `python -m kg.ontology`",
                file=sys.stderr,
            )
            return 1
        return 0
    if current != source:
        NAMESPACE_FILE.write_text(source, encoding="utf-8")
    print(NAMESPACE_FILE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
