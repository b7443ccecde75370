"""The records the views draw from: evidence, post holdings, and :class:`Facts`, the part of
the graph a page or the overview needs (read by :class:`kg.views.reader.Reader`).

A post holding and a participation are stated once per article (``vnpol:PostHolding``,
``vnpol:Participation``); a role shows the evidence of all of them: one quote (the
smallest) and its article, plus how many other articles say the same (:func:`best_evidence`).
A post held shows the build's holding of the pair (``kg.identity``): the quote of the first
article that states it, how many others do, and the dates it was observed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Final

from kg import rdf
from kg.views.sparql import IS_FORMER, ROLE_PROPERTIES, RS, US, VNPOL, for_each, query
from kg.views.styles import ROLES

ROLE_OF: Final = ROLE_PROPERTIES | {VNPOL + r.capitalize() + "Role": r for r in ROLES}
SEP: Final = "\u001f"  # between a quote and its article in an aggregated key

_FORMER: Final = f"""SELECT DISTINCT ?person ?post WHERE {{ ?h vnpol:former ?former FILTER({IS_FORMER})
  ?h org:member ?person ; vnpol:post ?post FILTER NOT EXISTS {{ ?person org:holds ?post }} }}"""
_POST_IN: Final = "SELECT ?s ?o WHERE { $VALUES ?s org:postIn ?o }"
_SHORT: Final = {VNPOL + "agent": "agent", VNPOL + "role": "role", VNPOL + "evidence": "quote",
                 "http://www.w3.org/ns/prov#wasDerivedFrom": "article"}


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


@dataclass(frozen=True, slots=True)
class Statement:
    """One article's statement of a fact (a participation, a post holding), as read."""

    articles: frozenset[str]
    quotes: frozenset[str]  # IRIs of its vnpol:Quote


def grouped(rows: Iterable[tuple[str | None, ...]]) -> Iterator[tuple[str, list[str]]]:
    """(IRI, its statements) from rows of an IRI and a :data:`kg.views.sparql.GROUPED` column."""
    for iri, column in rows:
        if iri is not None and column:
            yield iri, column.split(RS)


def statement_props(column: str | None) -> dict[str, set[str]]:
    """A statement's properties (agent, role, article, quote) from a grouped column."""
    found: dict[str, set[str]] = defaultdict(set)
    for entry in (column or "").split(RS):
        p, _, o = entry.partition(US)
        if p in _SHORT:
            found[_SHORT[p]].add(o)
    return found


def statement(props: dict[str, set[str]]) -> Statement:
    return Statement(frozenset(props["article"]), frozenset(props["quote"]))


def first_values(rows: Iterable[tuple[str | None, ...]], out: dict[str, str], *, largest: bool = False) -> None:
    """Put (s, o) rows into ``out``, keeping the smallest (or largest) o of each s."""
    for s, o in rows:
        if s is not None and o is not None and (s not in out or (o > out[s]) == largest):
            out[s] = o


def best_evidence(statements: Iterable[tuple[Collection[str], Collection[str]]]) -> Evidence:
    """The evidence of a fact from its statements, each (articles, quotes): a quote rather than
    none, then the smallest quote, then the smallest article; and how many other articles."""
    keys: list[str] = []
    articles: set[str] = set()
    for sources, quotes in statements:
        articles.update(sources)
        flagged = ["0" + quote for quote in quotes] or ["1"]
        keys += [flag + SEP + article for flag in flagged for article in (sources or [""])]
    return evidence_from(min(keys, default="1"), len(articles))


def evidence_from(best: str, articles: int) -> Evidence:
    """The evidence a chosen key stands for: ``"0" + quote`` or ``"1"`` (no quote), :data:`SEP`,
    the article; ``articles`` is how many articles state the fact."""
    quote, _, article = best[1:].rpartition(SEP)
    return Evidence(quote if best[0] == "0" else "", article, max(articles - 1, 0))


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
