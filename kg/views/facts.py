"""What the views show, read from the RDF graph through SPARQL only (:func:`kg.rdf.rows`).

Works the same on an rdflib graph and on a build's store (queried over the union of its
per-article graphs and ``graph/merged``).

A post holding and a participation are stated once per article (``vnpol:PostHolding``,
``vnpol:Participation``); the queries aggregate them (GROUP BY), so that a large build
sends one row per fact rather than one per article: the dates a post was observed are
the min of ``vnpol:firstObserved`` and the max of ``vnpol:lastObserved`` over the
articles, and the evidence shown is one quote (the smallest) and its article, plus how
many other articles say the same.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Final

from kg import rdf
from kg.views.styles import ROLES

VNPOL: Final = "https://w3id.org/vnpol/ontology#"
ORG: Final = "http://www.w3.org/ns/org#"
_PREFIXES: Final = """PREFIX vnpol: <https://w3id.org/vnpol/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
ROLE_OF: Final = {VNPOL + r: r for r in ("organizer", *ROLES)} | {
    VNPOL + r.capitalize() + "Role": r for r in ROLES
}
EVENT_CLASSES: Final = frozenset(
    VNPOL + c
    for c in ("Event", "Conference", "Session", "WorkingSession", "Congress", "VoterMeeting",
              "Ceremony", "Meeting")
)
_LANG_RANK: Final = {"vi": 0, "": 1}

_SEP: Final = "\u001f"  # between a quote and its article in an aggregated key

_LABELS: Final = """SELECT ?s ?l (LANG(?l) AS ?lang) WHERE {
  ?s rdfs:label|skos:prefLabel|schema:headline ?l FILTER(isIRI(?s)) }"""
# The reified statements are many and their classes are not drawn: leave them out.
_TYPES: Final = """SELECT ?s ?t WHERE { ?s a ?t FILTER(isIRI(?s) && ?t NOT IN (
  vnpol:Quote, vnpol:PostHolding, vnpol:Participation, schema:NewsArticle)) }"""
_ROLE_TRIPLES: Final = """SELECT ?e ?p ?x WHERE {
  VALUES ?p { vnpol:organizer vnpol:chair vnpol:attendee vnpol:reporter vnpol:speaker }
  ?e ?p ?x FILTER(isIRI(?x)) }"""
# The best evidence of a statement made by several articles: a quote rather than none, then the
# smallest quote, then the smallest article; with the number of articles making it.
_BEST: Final = f"""(MIN(CONCAT(IF(BOUND(?exact), "0", "1"), COALESCE(?exact, ""), "{_SEP}",
  COALESCE(STR(?article), ""))) AS ?best) (COUNT(DISTINCT ?article) AS ?articles)"""
_STATED: Final = """OPTIONAL { ?x prov:wasDerivedFrom ?article }
  OPTIONAL { ?x vnpol:evidence ?quote . ?quote vnpol:exact ?exact }"""
_PARTICIPATIONS: Final = f"""SELECT ?event ?role ?agent {_BEST} WHERE {{
  ?x vnpol:event ?event ; vnpol:agent ?agent ; vnpol:role ?role . {_STATED}
}} GROUP BY ?event ?role ?agent"""
_HOLDINGS: Final = f"""SELECT ?person ?post {_BEST}
  (MIN(IF(BOUND(?former) && STR(?former) IN ("true", "1"), 1, 0)) AS ?formerly) WHERE {{
  ?x vnpol:post ?post ; org:member ?person . {_STATED} OPTIONAL {{ ?x vnpol:former ?former }}
}} GROUP BY ?person ?post"""
# Apart, because an aggregate over a group where the value is sometimes unbound is unbound
# in Oxigraph (not in rdflib).
_OBSERVED: Final = """SELECT ?person ?post (MIN(?from) AS ?first) (MAX(?to) AS ?last) WHERE {
  ?x vnpol:post ?post ; org:member ?person ; vnpol:firstObserved ?from ; vnpol:lastObserved ?to
} GROUP BY ?person ?post"""
_MENTIONS: Final = """SELECT ?s (COUNT(DISTINCT ?a) AS ?n) (MIN(STR(?a)) AS ?first) WHERE {
  ?s vnpol:mentionedIn ?a } GROUP BY ?s"""
# The quote kept for a mentioned thing (an event, a document), and the article it is from.
_OWN_QUOTES: Final = f"""SELECT ?s (MIN(CONCAT(?exact, "{_SEP}", COALESCE(STR(?from), ""))) AS ?best) WHERE {{
  ?s vnpol:mentionedIn ?a ; vnpol:evidence ?quote . ?quote vnpol:exact ?exact .
  OPTIONAL {{ ?quote vnpol:source ?from }} }} GROUP BY ?s"""


@dataclass(frozen=True, slots=True)
class Evidence:
    quote: str = ""
    article: str = ""  # IRI of the article the quote is from
    others: int = 0  # how many other articles state the same fact


@dataclass(frozen=True, slots=True)
class Held:
    """A (person, post) pair over every article that states it."""

    evidence: Evidence
    first: str  # earliest vnpol:firstObserved, "" when no article had a full date
    last: str
    current: bool  # False when every statement says the post was held formerly (vnpol:former)


@dataclass(frozen=True, slots=True)
class Facts:
    labels: dict[str, str]
    types: dict[str, set[str]]
    dates: dict[str, str]  # event → lexical schema:startDate
    published: dict[str, str]  # article → lexical schema:datePublished
    links: dict[str, str]  # article → schema:url
    about: dict[str, Evidence]  # a mentioned thing (event ...) → its own quote and articles
    post_body: dict[str, str]
    post_role: dict[str, str]
    places: dict[str, str]  # event → schema:location, body → vnpol:jurisdiction
    roles: set[tuple[str, str, str]]  # (event, role, agent)
    said: dict[tuple[str, str, str], Evidence]  # (event, role, agent) → evidence
    held: dict[tuple[str, str], Held]  # (person, post) → evidence and dates observed


def query(graph: rdf.Graph, body: str) -> list[tuple[str | None, ...]]:
    return rdf.rows(graph, _PREFIXES + body)


def first_values(graph: rdf.Graph, where: str, *, largest: bool = False) -> dict[str, str]:
    """``SELECT ?s ?o WHERE {where}`` as a dict, keeping the smallest (or largest) ?o."""
    out: dict[str, str] = {}
    for s, o in query(graph, f"SELECT ?s ?o WHERE {{ {where} }}"):
        if s is not None and o is not None and (s not in out or (o > out[s]) == largest):
            out[s] = o
    return out


def _labels(graph: rdf.Graph) -> dict[str, str]:
    """One label per IRI: Vietnamese first, then untagged, then any other language."""
    best: dict[str, tuple[int, str]] = {}
    for s, label, lang in query(graph, _LABELS):
        if s is None or label is None:
            continue
        candidate = (_LANG_RANK.get(lang or "", 2), label)
        if s not in best or candidate < best[s]:
            best[s] = candidate
    return {s: label for s, (_rank, label) in best.items()}


def _types(graph: rdf.Graph) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for s, t in query(graph, _TYPES):
        if s is not None and t is not None:
            out[s].add(t)
    return dict(out)


def _evidence(best: str | None, articles: str | None) -> Evidence:
    """Evidence from an aggregated ``_BEST`` key and the count of articles."""
    key = best or "1"
    quote, _, article = key[1:].rpartition(_SEP)
    flag = key[0]
    return Evidence(quote if flag == "0" else "", article, max(int(articles or 0) - 1, 0))


def _participations(graph: rdf.Graph) -> dict[tuple[str, str, str], Evidence]:
    out = {}
    for event, role_iri, agent, best, articles in query(graph, _PARTICIPATIONS):
        role = ROLE_OF.get(role_iri or "")
        if event is not None and agent is not None and role is not None:
            out[(event, role, agent)] = _evidence(best, articles)
    return out


def _holdings(graph: rdf.Graph) -> dict[tuple[str, str], Held]:
    """Each (person, post): stated by PostHoldings (per article) and/or ``org:holds``."""
    observed = {(person, post): (first, last) for person, post, first, last in query(graph, _OBSERVED)}
    out = {}
    for person, post, best, articles, formerly in query(graph, _HOLDINGS):
        if person is not None and post is not None:
            first, last = observed.get((person, post), ("", ""))
            out[(person, post)] = Held(_evidence(best, articles), first or "", last or "", formerly != "1")
    for person, post in query(graph, "SELECT ?person ?post WHERE { ?person org:holds ?post }"):
        if person is not None and post is not None:
            held = out.get((person, post), Held(Evidence(), "", "", current=True))
            out[(person, post)] = replace(held, current=True)
    return out


def _about(graph: rdf.Graph) -> dict[str, Evidence]:
    quotes = {s: best.partition(_SEP) for s, best in query(graph, _OWN_QUOTES) if s and best}
    out = {}
    for s, count, first in query(graph, _MENTIONS):
        if s is not None:
            quote, _, article = quotes.get(s, ("", "", ""))
            out[s] = Evidence(quote, article or first or "", max(int(count or 0) - 1, 0))
    return out


def _role_triples(graph: rdf.Graph) -> set[tuple[str, str, str]]:
    found = set()
    for event, prop, agent in query(graph, _ROLE_TRIPLES):
        if event is not None and agent is not None and prop in ROLE_OF:
            found.add((event, ROLE_OF[prop], agent))
    return found


def read(graph: rdf.Graph) -> Facts:
    """Everything the views draw, in plain dicts keyed by IRI."""
    said = _participations(graph)
    return Facts(
        labels=_labels(graph),
        types=_types(graph),
        dates=first_values(graph, "?s schema:startDate ?o"),
        published=first_values(graph, "?s schema:datePublished ?o"),
        links=first_values(graph, "?s schema:url ?o"),
        about=_about(graph),
        post_body=first_values(graph, "?s org:postIn ?o"),
        post_role=first_values(graph, "?s org:role ?o"),
        places=first_values(graph, "?s schema:location|vnpol:jurisdiction ?o"),
        roles=_role_triples(graph) | set(said),
        said=said,
        held=_holdings(graph),
    )
