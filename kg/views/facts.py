"""The records the views draw from: evidence, post holdings, and :class:`Facts`, the part of
the graph a page or the overview needs (read by :class:`kg.views.reader.Reader`).

A post holding and a participation are stated once per article (``vnpol:PostHolding``,
``vnpol:Participation``), and once more by the build over all its articles (``kg.identity``):
a role or a post held shows the build's: the quote of the first article that states it and
that article, how many others do, and, for a post, the dates it was observed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Final

from kg import rdf
from kg.views.sparql import IS_FORMER, ROLE_PROPERTIES, RS, VNPOL, for_each, query
from kg.views.styles import ROLES

ROLE_OF: Final = ROLE_PROPERTIES | {VNPOL + r.capitalize() + "Role": r for r in ROLES}
SEP: Final = "\u001f"  # between a quote and its article in an aggregated key

_FORMER: Final = f"""SELECT DISTINCT ?person ?post WHERE {{ ?h vnpol:former ?former FILTER({IS_FORMER})
  ?h org:member ?person ; vnpol:post ?post FILTER NOT EXISTS {{ ?person org:holds ?post }} }}"""
_POST_IN: Final = "SELECT ?s ?o WHERE { $VALUES ?s org:postIn ?o }"


@dataclass(frozen=True, slots=True)
class Evidence:
    quote: str = ""
    article: str = ""  # IRI of the article the quote is from
    others: int = 0  # how many other articles state the same fact


@dataclass(frozen=True, slots=True)
class Held:
    """A (person, post) pair over every article that states it."""

    evidence: Evidence
    first: str  # earliest vnpol:firstObserved, "" when no article had a full date (or not read)
    last: str
    current: bool  # False when the post is only said to be held formerly (vnpol:former)


@dataclass(frozen=True, slots=True)
class Former:
    """The posts only said to be held formerly (``vnpol:former``, no ``org:holds``): few, read
    once for the whole graph."""

    by_person: dict[str, frozenset[str]]  # person → posts
    by_body: dict[str, frozenset[tuple[str, str]]]  # body → (person, post)
    post_bodies: dict[str, tuple[str, ...]]  # post → its org:postIn bodies


@dataclass(frozen=True, slots=True)
class Facts:
    """The part of the graph read: nodes (``kinds``) and the edges between them."""

    kinds: dict[str, str]  # node → person / event / body
    degrees: dict[str, int]  # node → edges in the whole graph, where read
    labels: dict[str, str]
    types: dict[str, set[str]]
    dates: dict[str, str]  # event → lexical schema:startDate
    published: dict[str, str]  # article → lexical schema:datePublished
    links: dict[str, str]  # article → schema:url
    about: dict[str, Evidence]  # a mentioned thing (event ...) → its own quote and articles
    post_bodies: dict[str, tuple[str, ...]]  # post → its org:postIn bodies
    post_role: dict[str, str]
    places: dict[str, str]  # event → schema:location, body → vnpol:jurisdiction
    roles: set[tuple[str, str, str]]  # (event, role, agent)
    said: dict[tuple[str, str, str], Evidence]  # (event, role, agent) → evidence, where read
    held: dict[tuple[str, str], Held]  # (person, post) → evidence and dates observed, where read
    counts: dict[tuple[str, str], int] = field(default_factory=dict)  # (entity, role) → edges, where not all read
    met: dict[str, list[tuple[str, list[str]]]] = field(default_factory=dict)  # person → people met, where read
    # (entity, role) → the edges read for the entity's own page where not all were: (event,
    # role) of an agent's role, (agent, role) of an event's, (person, post) of a body's
    # holders. A batch of pages reads more edges of it (those of the other entities of the
    # batch), which its page leaves out.
    shown: dict[tuple[str, str], frozenset[tuple[str, str]]] = field(default_factory=dict)


def grouped(rows: Iterable[tuple[str | None, ...]]) -> Iterator[tuple[str, list[str]]]:
    """(IRI, its statements) from rows of an IRI and a :data:`kg.views.sparql.GROUPED` column."""
    for iri, column in rows:
        if iri is not None and column:
            yield iri, column.split(RS)


def posts_in_order(current: Iterable[str], former: Iterable[str]) -> list[str]:
    """A person's posts in the order a hover text names them: held now, then held formerly only,
    each by IRI (a hover text names the first ``pages.TITLE_POSTS_MAX``)."""
    return [*sorted(current), *sorted(former)]


def first_values(rows: Iterable[tuple[str | None, ...]], out: dict[str, str], *, largest: bool = False) -> None:
    """Put (s, o) rows into ``out``, keeping the smallest (or largest) o of each s."""
    for s, o in rows:
        if s is not None and o is not None and (s not in out or (o > out[s]) == largest):
            out[s] = o


def read_former(graph: rdf.Graph) -> Former:
    """The (person, post) pairs only said to be held formerly, by person and by body."""
    holders: dict[str, set[str]] = defaultdict(set)
    for person, post in query(graph, _FORMER):
        if person is not None and post is not None:
            holders[post].add(person)
    by_person: dict[str, set[str]] = defaultdict(set)
    for post, persons in holders.items():
        for person in persons:
            by_person[person].add(post)
    bodies: dict[str, set[str]] = defaultdict(set)
    by_body: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for post, body in for_each(graph, _POST_IN, "s", holders):
        if post is not None and body is not None:
            bodies[post].add(body)
            by_body[body] |= {(person, post) for person in holders[post]}
    return Former({p: frozenset(s) for p, s in by_person.items()}, {b: frozenset(s) for b, s in by_body.items()},
                  {p: tuple(sorted(b)) for p, b in bodies.items()})
