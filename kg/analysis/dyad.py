"""The dyad timeline: how the relations between two actors moved over time.

:func:`dyad` gathers every factual event claim between two actors, in either direction,
and counts it by month and quad class (verbal or material cooperation, verbal or material
conflict), with the summed Goldstein weight of each month.  With ``people=True`` a state
also speaks through its leaders, officials and bodies (see :mod:`kg.states`), so "Reagan
urged Tokyo" counts for the United States and Japan.  The :class:`Dyad` record prints as a
table, and in Jupyter shows its chart (an SVG drawn here, :func:`timeline_svg`) and the
newest sentences; ``kg dyad`` and :func:`kg.render.render_dyad` write the interactive page.

>>> import networkx as nx
>>> from kg.analysis import Evidence
>>> G = nx.MultiDiGraph()
>>> G.add_node("us", label="United States", cls="State")
>>> G.add_node("jp", label="Japan", cls="State")
>>> G.add_edge("us", "jp", key="accuses", relation="accuses", quad_class=3, goldstein=-2.0,
...            evidence=[Evidence("Washington accused Tokyo.", "Chips", "1987-03-19")])
'accuses'
>>> G.add_edge("jp", "us", key="meetsWith", relation="meetsWith", quad_class=1, goldstein=1.0,
...            evidence=[Evidence("Officials met.", "Talks", "1987-05-02")])
'meetsWith'
>>> d = dyad(G, "Japan", "united states")
>>> [(m.month, m.counts, m.goldstein) for m in d.months]
[('1987-03', (0, 0, 1, 0), -2.0), ('1987-04', (0, 0, 0, 0), 0.0), ('1987-05', (1, 0, 0, 0), 1.0)]
>>> [c.sentence for c in d.claims]  # newest first
['Officials met.', 'Washington accused Tokyo.']
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from ..load import load_graph
from .network import QUAD_CLASSES, graph_to_networkx
from .states import affiliations, find_actor, office_terms, state_at

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["QUAD_COLORS", "Dyad", "DyadClaim", "DyadMonth", "dyad", "timeline_svg"]

# Quad class -> colour: verbal and material cooperation (greens), verbal and material
# conflict (orange, red).  The graph view (kg.render) draws its edges in the same colours.
QUAD_COLORS = {1: "#6cbf5a", 2: "#1f7a3d", 3: "#f0a030", 4: "#d62728"}
GOLDSTEIN_COLOR = "#2f4b7c"


@dataclass(frozen=True)
class DyadClaim:
    """One claim between the two actors, as the sentence states it."""

    date: str | None  # ISO date (or year-month, year) of the claim
    forward: bool  # True: from the dyad's first actor to its second
    source: str  # label of the actor the sentence names as acting
    relation: str
    target: str
    quad_class: int
    goldstein: float | None
    sentence: str
    title: str  # of the article


@dataclass(frozen=True)
class DyadMonth:
    """Claims of one month: counts by quad class 1 to 4, and their summed Goldstein weight."""

    month: str  # YYYY-MM
    counts: tuple[int, int, int, int]
    goldstein: float

    @property
    def cooperation(self) -> int:
        return self.counts[0] + self.counts[1]

    @property
    def conflict(self) -> int:
        return self.counts[2] + self.counts[3]


@dataclass(frozen=True)
class Dyad:
    """The relations between two actors over time.  Months run without gaps from the first
    dated claim to the last; ``claims`` are newest first (undated ones last)."""

    a: str  # labels
    b: str
    a_id: str
    b_id: str
    people: bool  # states include their people
    months: tuple[DyadMonth, ...]
    claims: tuple[DyadClaim, ...]

    def __iter__(self) -> Iterator[DyadMonth]:
        return iter(self.months)

    def __len__(self) -> int:
        return len(self.claims)

    @property
    def undated(self) -> int:
        return sum(1 for c in self.claims if not c.date)

    def title(self) -> str:
        return f"{self.a} \u2013 {self.b}"

    def __str__(self) -> str:
        span = f", {self.months[0].month} to {self.months[-1].month}" if self.months else ""
        folded = " (states include their people)" if self.people else ""
        lines = [f"{self.title()}: {len(self.claims)} claims{span}{folded}"]
        if self.months:
            names = [QUAD_CLASSES[q] for q in (1, 2, 3, 4)]
            lines.append(f"{'month':<8} " + " ".join(f"{n:>20}" for n in names) + f" {'goldstein':>10}")
            for m in self.months:
                lines.append(f"{m.month:<8} " + " ".join(f"{c:>20}" for c in m.counts) + f" {m.goldstein:>10.1f}")
        for c in self.claims:
            lines.append(f"{c.date or 'undated':<10}  {c.source} {c.relation} {c.target}: {c.sentence} ({c.title})")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        shown = 20
        items = "".join(
            f"<li><b>{html.escape(c.date or 'undated')}</b> {html.escape(c.source)} "
            f"<i>{html.escape(c.relation)}</i> {html.escape(c.target)}: {html.escape(c.sentence)} "
            f"<span style='color:#616e7c'>{html.escape(c.title)}</span></li>"
            for c in self.claims[:shown]
        )
        more = f"<p>\u2026 and {len(self.claims) - shown} more claims</p>" if len(self.claims) > shown else ""
        return (
            f"<div class='kg-dyad'><h3>{html.escape(self.title())}</h3>{timeline_svg(self)}"
            f"<ol style='list-style:none;padding-left:0'>{items}</ol>{more}</div>"
        )


def _month(date: str | None) -> str | None:
    match = re.match(r"^(\d{4}-(0[1-9]|1[0-2]))", date or "")
    return match[1] if match else None


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _claims(G: nx.MultiDiGraph, a: str, b: str, side: Any) -> Iterator[DyadClaim]:
    """Claims between ``a`` and ``b`` with quad class, ``side(node, date)`` giving the actor a
    node counts for on a date."""

    def label(node: str) -> str:
        return str(G.nodes[node].get("label", node))

    for u, v, k, data in G.edges(keys=True, data=True):
        quad = data.get("quad_class")
        if not data.get("factual", True) or quad not in QUAD_CLASSES:
            continue
        for ev in data.get("evidence", ()):
            su, sv = side(u, ev[2]), side(v, ev[2])
            if {su, sv} == {a, b} and su != sv:
                yield DyadClaim(
                    ev[2],
                    su == a,
                    label(u),
                    str(data.get("relation", k)),
                    label(v),
                    int(quad),
                    data.get("goldstein"),
                    ev[0],
                    ev[1],
                )


def dyad(source: Graph | nx.MultiDiGraph | str | Path, a: str, b: str, *, people: bool = False) -> Dyad:
    """The relations between actors ``a`` and ``b`` by month: claims per quad class and their
    summed Goldstein weight, with the sentences that state them.

    Args:
        source: an rdflib graph from ``kg``, a graph from :func:`kg.analysis.graph_to_networkx`,
            or an RDF file or store folder (read with :func:`kg.query.load_graph`).
        a, b: actors, by IRI, label or alternative label.
        people: a state also acts through the people and bodies that serve it at the
            claim's date (leaderOf, officialOf, partOf; see :func:`kg.states.fold_states`).

    Returns:
        A :class:`Dyad`; it raises ``KeyError`` when an actor is not in the graph.

    Example:
        >>> from rdflib import Graph
        >>> dyad(Graph(), "France", "China")
        Traceback (most recent call last):
        ...
        KeyError: "no actor named 'France' in the graph"
    """
    if isinstance(source, (str, Path)):
        source = load_graph(source)
    terms = office_terms(source) if isinstance(source, Graph) else None
    G = graph_to_networkx(source) if isinstance(source, Graph) else source
    na, nb = find_actor(G, a), find_actor(G, b)
    if na == nb:
        raise ValueError(f"{a!r} and {b!r} are the same actor")
    affs = affiliations(G, terms) if people else {}

    def side(node: str, date: str | None) -> str | None:
        return state_at(G, affs, node, date) if people and node not in (na, nb) else node

    claims = sorted(_claims(G, na, nb, side), key=lambda c: (c.date or "", c.title, c.sentence))
    claims = [c for c in claims if c.date][::-1] + [c for c in claims if not c.date]
    dated = sorted({m for m in (_month(c.date) for c in claims) if m})
    months = []
    for month in _months_between(dated[0], dated[-1]) if dated else []:
        inside = [c for c in claims if _month(c.date) == month]
        counts = tuple(sum(1 for c in inside if c.quad_class == q) for q in (1, 2, 3, 4))
        weight = float(round(sum(c.goldstein or 0.0 for c in inside), 3))
        months.append(DyadMonth(month, counts, weight))  # type: ignore[arg-type]
    label_a, label_b = (str(G.nodes[n].get("label", n)) for n in (na, nb))
    return Dyad(label_a, label_b, na, nb, people, tuple(months), tuple(claims))


def _nice(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten that is at least ``value`` (an axis's end)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def timeline_svg(d: Dyad, width: int = 760, height: int = 280) -> str:
    """The dyad's chart as SVG: per month, cooperation claims stacked up from the middle line
    and conflict claims down from it (by quad class), and the summed Goldstein weight as a
    line on its own scale (right axis).  Each month's bars carry ``data-month``.

    Example:
        >>> d = Dyad("A", "B", "a", "b", False, (DyadMonth("2024-01", (2, 0, 1, 0), 4.0),), ())
        >>> svg = timeline_svg(d)
        >>> svg.startswith("<svg") and svg.count('class="bar q1"') == 1 and "2024-01" in svg
        True
    """
    left, right, top, bottom = 40, 56, 24, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    mid = top + plot_h / 2
    n = max(1, len(d.months))
    slot = plot_w / n
    bar = max(1.0, min(40.0, slot * 0.7))
    peak = _nice(max([max(m.cooperation, m.conflict) for m in d.months] + [1]))
    swing = _nice(max([abs(m.goldstein) for m in d.months] + [1.0]))
    unit, gunit = (plot_h / 2) / peak, (plot_h / 2) / swing
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kg-timeline" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(d.title())} by month" '
        'font-family="system-ui, sans-serif" font-size="11">',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for value in (peak, peak / 2, 0, -peak / 2, -peak):  # left axis: claims; right axis: Goldstein
        y = mid - value * unit
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{"#9aa5b1" if value == 0 else "#e4e7eb"}"/>'
        )
        if float(value).is_integer():  # no half claims on the axis
            out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#616e7c">{abs(value):g}</text>')
        out.append(
            f'<text x="{left + plot_w + 6}" y="{y + 4:.1f}" fill="{GOLDSTEIN_COLOR}">{value * swing / peak:+g}</text>'
        )
    out.append(f'<text x="{left + 4}" y="{top + 12}" fill="#616e7c">\u2191 cooperation</text>')
    out.append(f'<text x="{left + 4}" y="{top + plot_h - 4}" fill="#616e7c">\u2193 conflict</text>')
    out.append(f'<text x="{left - 6}" y="{top - 10}" text-anchor="end" fill="#616e7c">claims</text>')
    out.append(f'<text x="{left + plot_w + 6}" y="{top - 10}" fill="{GOLDSTEIN_COLOR}">Goldstein</text>')
    step = max(1, math.ceil(n * 56 / plot_w))
    points = []
    for i, m in enumerate(d.months):
        x = left + slot * i + (slot - bar) / 2
        out.append(f'<g class="month" data-month="{html.escape(m.month)}">')
        out.append(
            f'<rect class="hit" x="{left + slot * i:.1f}" y="{top}" width="{slot:.1f}" height="{plot_h}" '
            'fill="transparent"/>'
        )
        up = down = 0.0
        for q, count in zip((1, 2, 3, 4), m.counts, strict=True):
            if not count:
                continue
            h = count * unit
            if q <= 2:
                y, up = mid - up - h, up + h
            else:
                y, down = mid + down, down + h
            out.append(
                f'<rect class="bar q{q}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{QUAD_COLORS[q]}"><title>{html.escape(m.month)}: {count} {QUAD_CLASSES[q]}</title></rect>'
            )
        out.append("</g>")
        points.append(f"{left + slot * (i + 0.5):.1f},{mid - m.goldstein * gunit:.1f}")
        if i % step == 0:
            out.append(
                f'<text x="{left + slot * (i + 0.5):.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
                f'fill="#616e7c">{html.escape(m.month)}</text>'
            )
    if points:
        out.append(
            f'<polyline class="goldstein" points="{" ".join(points)}" fill="none" '
            f'stroke="{GOLDSTEIN_COLOR}" stroke-width="2"/>'
        )
        out += [
            f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="2.5" fill="{GOLDSTEIN_COLOR}"/>' for p in points
        ]
    else:
        out.append(
            f'<text x="{left + plot_w / 2}" y="{mid - 6}" text-anchor="middle" fill="#616e7c">no dated claims</text>'
        )
    out.append("</svg>")
    return "".join(out)
