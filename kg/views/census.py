"""How many people, bodies and events the graph has, and which are the most connected,
counted by the store (SPARQL aggregates), so that Python never holds the whole graph.

A node's **degree** is the number of edges it has (roles and holdings, see
:mod:`kg.views.sparql`); its **kind** goes by, in this order: typed ``vnpol:Person`` →
person; typed with an event class → event; holds a post → person; has roles → event;
anything else that takes part in an event or has posts in it (``org:postIn``) → body.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from kg import rdf
from kg.views.sparql import EVENT_VALUES, IS_FORMER, query

# Each branch gives, for a node ?n, one row per edge it has (?c 1) or per statement that only
# says what it is (?c 0), and ranks its kind (?k: see _KINDS). The rows go straight into one
# GROUP BY: counting within each branch first made the store hold a table of every node per
# branch beside the whole one (at 100,000 articles the histogram took 271 MiB, 235 without).
_FORMER_ONLY: Final = f"""{{ SELECT DISTINCT ?person ?post WHERE {{ ?h vnpol:former ?former FILTER({IS_FORMER})
  ?h org:member ?person ; vnpol:post ?post FILTER NOT EXISTS {{ ?person org:holds ?post }} }} }}"""
# The role statements, a branch each (a VALUES block of properties, or a FILTER on the objects,
# makes Oxigraph 20 times slower here).
_ROLES: Final = ("vnpol:organizer", "vnpol:chair", "vnpol:reporter", "vnpol:speaker", "vnpol:attendee")
_BRANCHES: Final = [
    # an event: the subject of role statements; an agent: their object
    *((f"?n {p} ?a", 1, 2) for p in _ROLES),
    *((f"?e {p} ?n", 1, 0) for p in _ROLES),
    # a person holding posts, and the bodies of those posts
    ("?post org:postIn ?body . ?n org:holds ?post", 1, 3),
    ("?post org:postIn ?n . ?person org:holds ?post", 1, 0),
    (f"{_FORMER_ONLY.replace('?person', '?n')} ?post org:postIn ?body", 1, 3),
    (f"{_FORMER_ONLY} ?post org:postIn ?n", 1, 0),
    # nodes whatever their edges: typed persons and events, bodies with posts
    ("?n a vnpol:Person", 0, 5),
    (f"{EVENT_VALUES} ?n a ?class", 0, 4),
    ("?post org:postIn ?n", 0, 0),
]
# (rdflib answers an aggregate over no rows with one row, ?n unbound: hence the FILTER.)
_PER_NODE: Final = ("SELECT ?n (SUM(?c) AS ?degree) (MAX(?k) AS ?rank) WHERE { "
                    + " UNION ".join(f"{{ {where} BIND({c} AS ?c) BIND({k} AS ?k) }}" for where, c, k in _BRANCHES)
                    + " FILTER(BOUND(?n)) } GROUP BY ?n")
_HISTOGRAM: Final = f"SELECT ?rank ?degree (COUNT(*) AS ?count) WHERE {{ {{ {_PER_NODE} }} }} GROUP BY ?rank ?degree"
_KINDS: Final = {"5": "person", "4": "event", "3": "person", "2": "event", "0": "body"}


@dataclass(frozen=True, slots=True)
class Node:
    iri: str
    kind: str
    degree: int


@dataclass(frozen=True, slots=True)
class Census:
    """Nodes by kind in the whole graph, and the most connected nodes."""

    totals: dict[str, int]  # kind → nodes
    top: tuple[Node, ...]  # every node at least as connected as the ``want``-th, most connected first

    @property
    def total(self) -> int:
        return sum(self.totals.values())


def _histogram(graph: rdf.Graph) -> list[tuple[str, int, int]]:
    """(kind, degree, how many nodes) for the whole graph."""
    rows = query(graph, _HISTOGRAM)
    return [(_KINDS[rank], int(degree), int(count)) for rank, degree, count in rows
            if rank is not None and degree is not None and count is not None]


def threshold(counts: list[tuple[int, int]], want: int) -> int:
    """The degree of the ``want``-th most connected node, given (degree, nodes) pairs; 0 for all.

    >>> threshold([(1, 5), (9, 1), (4, 2)], 3)
    4
    """
    seen = 0
    for degree, count in sorted(counts, reverse=True):
        seen += count
        if seen >= want:
            return degree
    return 0


def _nodes(rows: list[tuple[str | None, ...]]) -> list[Node]:
    found = [Node(n, _KINDS[rank], int(degree)) for n, degree, rank in rows
             if n is not None and degree is not None and rank is not None]
    return sorted(found, key=lambda node: (-node.degree, node.iri))


def take(graph: rdf.Graph, want: int) -> Census:
    """The census, with the ``want`` most connected nodes and all that tie with the last."""
    histogram = _histogram(graph)
    totals = {kind: 0 for kind in ("event", "person", "body")}
    for kind, _degree, count in histogram:
        totals[kind] += count
    least = threshold([(degree, count) for _kind, degree, count in histogram], want)
    having = f"{_PER_NODE} HAVING (SUM(?c) >= {least})"
    return Census(totals, tuple(_nodes(query(graph, having))))
