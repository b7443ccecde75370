"""The SPARQL the views share: prefixes, the edges they draw, and queries over a list of IRIs.

The views draw two kinds of edges, both read from the direct statements of the merged
graph (the per-article statements only add evidence to them):

- a **role**: ``?event vnpol:organizer|chair|reporter|speaker|attendee ?agent`` (an IRI);
- a **holding**: a person and a post they hold or held (``org:holds``, or a
  ``vnpol:PostHolding`` marked ``vnpol:former``), drawn to each ``org:postIn`` body of the post.

Queries about some entities bind them with ``VALUES`` blocks of at most ``BATCH`` IRIs, so
that the store looks each one up instead of reading everything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Final, TypeVar

from kg import rdf
from kg.store import Row

_Item = TypeVar("_Item")

VNPOL: Final = "https://w3id.org/vnpol/ontology#"
ORG: Final = "http://www.w3.org/ns/org#"
PREFIXES: Final = """PREFIX vnpol: <https://w3id.org/vnpol/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
BATCH: Final = 1000  # IRIs in one VALUES block
# IRIs in one VALUES block of a query that reads what grows with each IRI's statements: what
# one query touches, the store's caches hold until it ends (see kg.store.Store). FEW for the
# roles and agents of events, a string each: at 100,000 articles a query of the roles of 250 of
# the overview's events met 25,069 agents and took its process from 97 to 192 MiB. FEWER where
# each row brings quotes and articles (the participations of whole events, what mentions an
# event): in that build a batch of pages peaked at 196 MiB reading them 25 events a query, at
# 187 8 a query, at 169 4 a query.
FEW: Final = 25
FEWER: Final = 4
ROLE_PROPERTIES: Final = {VNPOL + r: r for r in ("organizer", "chair", "reporter", "speaker", "attendee")}
ROLE_VALUES: Final = "VALUES ?p { vnpol:organizer vnpol:chair vnpol:reporter vnpol:speaker vnpol:attendee }"
IS_ROLE: Final = "?p IN (vnpol:organizer, vnpol:chair, vnpol:reporter, vnpol:speaker, vnpol:attendee)"
EVENT_CLASSES: Final = frozenset(
    VNPOL + c
    for c in ("Event", "Conference", "Session", "WorkingSession", "Congress", "VoterMeeting",
              "Ceremony", "Meeting")
)
EVENT_VALUES: Final = "VALUES ?class { " + " ".join(f"<{c}>" for c in sorted(EVENT_CLASSES)) + " }"
IS_FORMER: Final = 'STR(?former) IN ("true", "1")'
US: Final = "\u001e"  # between a property and its value in a grouped column
RS: Final = "\u001d"  # between the statements of a grouped column
GROUPED: Final = f'(GROUP_CONCAT(CONCAT($EXPR); separator="{RS}") AS ?all)'  # one row per IRI
# Characters that cannot stand in an IRI written <...> (the store holds none of them).
_NOT_IN_IRI: Final = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def query(graph: rdf.Graph, body: str) -> list[Row]:
    return rdf.rows(graph, PREFIXES + body)


def _term(iri: str) -> str | None:
    return None if _NOT_IN_IRI.search(iri) else f"<{iri}>"


def term(value: str) -> str:
    """``<value>``, or ``<>`` (which names nothing in a build) when it cannot be written so."""
    return _term(value) or "<>"


def values(var: str, iris: Iterable[str]) -> str:
    """``VALUES ?var { <a> <b> }``; an IRI that cannot be written so is left out."""
    return f"VALUES ?{var} {{ " + " ".join(t for i in iris if (t := _term(i))) + " }"


def _pair_values(names: tuple[str, str], pairs: Iterable[tuple[str, str]]) -> str:
    """``VALUES (?a ?b) { (<x> <y>) }``; a pair with an IRI that cannot be written so is left out."""
    rows = " ".join(f"({a} {b})" for x, y in pairs if (a := _term(x)) and (b := _term(y)))
    return f"VALUES (?{names[0]} ?{names[1]}) {{ {rows} }}"


def for_pairs(graph: rdf.Graph, template: str, names: tuple[str, str], pairs: Iterable[tuple[str, str]]) -> list[Row]:
    """Rows of ``template`` for the given pairs of IRIs, bound to the two variables ``names`` as
    :func:`for_each` binds one."""
    return list(_batched(graph, template, sorted(set(pairs)), lambda some: _pair_values(names, some)))


def for_each(graph: rdf.Graph, template: str, var: str, iris: Iterable[str], batch: int = BATCH) -> list[Row]:
    """Rows of ``template`` for the given IRIs, bound to ``?var`` by a ``VALUES`` block written
    where the template says ``$VALUES``, ``batch`` IRIs at a time."""
    return list(each_of(graph, template, var, iris, batch))


def each_of(graph: rdf.Graph, template: str, var: str, iris: Iterable[str], batch: int = BATCH) -> Iterator[Row]:
    """The rows of :func:`for_each` one at a time, as the store answers them."""
    return _batched(graph, template, sorted(set(iris)), lambda some: values(var, some), batch)


def _batched(graph: rdf.Graph, template: str, items: Sequence[_Item],
             block: Callable[[Sequence[_Item]], str], batch: int = BATCH) -> Iterator[Row]:
    for start in range(0, len(items), batch):
        yield from rdf.each(graph, PREFIXES + template.replace("$VALUES", block(items[start:start + batch])))
