"""What the views show, read from the RDF graph through SPARQL only (:func:`kg.rdf.rows`).

Works the same on an rdflib graph and on a build's store (queried over the union of its
per-article graphs and ``graph/merged``). Each query is a simple pattern; the joins are done
here in Python, because rdflib evaluates OPTIONAL chains slowly on large graphs.

A post holding and a participation are stated once per article (``vnpol:PostHolding``,
``vnpol:Participation``); they are aggregated here: the dates a post was observed are the
min of ``vnpol:firstObserved`` and the max of ``vnpol:lastObserved`` over the articles, and
the evidence shown is one quote (deterministically chosen) plus how many other articles say so.
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

_LABELS: Final = """SELECT ?s ?l (LANG(?l) AS ?lang) WHERE {
  ?s rdfs:label|skos:prefLabel|schema:headline ?l FILTER(isIRI(?s)) }"""
# The reified statements are many and their classes are not drawn: leave them out.
_TYPES: Final = """SELECT ?s ?t WHERE { ?s a ?t FILTER(isIRI(?s) && ?t NOT IN (
  vnpol:Quote, vnpol:PostHolding, vnpol:Participation, schema:NewsArticle)) }"""
_ROLE_TRIPLES: Final = """SELECT ?e ?p ?x WHERE {
  VALUES ?p { vnpol:organizer vnpol:chair vnpol:attendee vnpol:reporter vnpol:speaker }
  ?e ?p ?x FILTER(isIRI(?x)) }"""
_PARTICIPATIONS: Final = """SELECT ?part ?event ?role ?agent WHERE {
  ?part vnpol:event ?event ; vnpol:agent ?agent ; vnpol:role ?role }"""
_HOLDINGS: Final = """SELECT ?h ?person ?post WHERE {
  { ?person org:holds ?post } UNION { ?h vnpol:post ?post ; org:member ?person } }"""


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
class Sources:
    """Evidence of reified statements: node → quote → exact text, and the source article."""

    evidence: dict[str, str]
    exact: dict[str, str]
    derived: dict[str, str]
    source: dict[str, str]

    def of(self, node: str | None) -> Evidence:
        quote = self.evidence.get(node or "", "")
        article = self.derived.get(node or "") or self.source.get(quote, "")
        return Evidence(self.exact.get(quote, ""), article)


@dataclass(frozen=True, slots=True)
class Facts:
    labels: dict[str, str]
    types: dict[str, set[str]]
    dates: dict[str, str]  # event → lexical schema:startDate
    published: dict[str, str]  # article → lexical schema:datePublished
    mentions: dict[str, list[str]]  # node → the articles mentioning it, sorted
    post_body: dict[str, str]
    post_role: dict[str, str]
    places: dict[str, str]  # event → schema:location, body → vnpol:jurisdiction
    roles: set[tuple[str, str, str]]  # (event, role, agent)
    said: dict[tuple[str, str, str], Evidence]  # (event, role, agent) → evidence
    held: dict[tuple[str, str], Held]  # (person, post) → evidence and dates observed
    sources: Sources


def query(graph: rdf.Graph, body: str) -> list[tuple[str | None, ...]]:
    return rdf.rows(graph, _PREFIXES + body)


def first_values(graph: rdf.Graph, where: str, *, largest: bool = False) -> dict[str, str]:
    """``SELECT ?s ?o WHERE {where}`` as a dict, keeping the smallest (or largest) ?o."""
    out: dict[str, str] = {}
    for s, o in query(graph, f"SELECT ?s ?o WHERE {{ {where} }}"):
        if s is not None and o is not None and (s not in out or (o > out[s]) == largest):
            out[s] = o
    return out


def _all_values(graph: rdf.Graph, where: str) -> dict[str, list[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for s, o in query(graph, f"SELECT ?s ?o WHERE {{ {where} }}"):
        if s is not None and o is not None:
            out[s].add(o)
    return {s: sorted(values) for s, values in out.items()}


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


def _better(old: Evidence | None, new: Evidence) -> Evidence:
    """Prefer evidence with a quote; break ties by text so that the choice is deterministic."""
    if old is None:
        return new
    return min(old, new, key=lambda e: (e.quote == "", e.quote, e.article))


class _Gather:
    """The best evidence of each key and the set of articles stating it."""

    def __init__(self) -> None:
        self.best: dict[object, Evidence] = {}
        self.articles: dict[object, set[str]] = defaultdict(set)

    def add(self, key: object, evidence: Evidence) -> None:
        self.best[key] = _better(self.best.get(key), evidence)
        if evidence.article:
            self.articles[key].add(evidence.article)

    def get(self, key: object) -> Evidence:
        evidence = self.best.get(key, Evidence())
        return replace(evidence, others=max(len(self.articles.get(key, ())) - 1, 0))


def _sources(graph: rdf.Graph) -> Sources:
    return Sources(
        evidence=first_values(graph, "?s vnpol:evidence ?o"),
        exact=first_values(graph, "?s vnpol:exact ?o"),
        derived=first_values(graph, "?s prov:wasDerivedFrom ?o"),
        source=first_values(graph, "?s vnpol:source ?o"),
    )


def _participations(graph: rdf.Graph, sources: Sources) -> dict[tuple[str, str, str], Evidence]:
    gather = _Gather()
    keys: set[tuple[str, str, str]] = set()
    for part, event, role_iri, agent in query(graph, _PARTICIPATIONS):
        role = ROLE_OF.get(role_iri or "")
        if event is None or agent is None or role is None:
            continue
        keys.add((event, role, agent))
        gather.add((event, role, agent), sources.of(part))
    return {key: gather.get(key) for key in keys}


def _holdings(graph: rdf.Graph, sources: Sources) -> dict[tuple[str, str], Held]:
    first = first_values(graph, "?s vnpol:firstObserved ?o")
    last = first_values(graph, "?s vnpol:lastObserved ?o", largest=True)
    former = first_values(graph, "?s vnpol:former ?o", largest=True)
    gather = _Gather()
    dates: dict[tuple[str, str], tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    current: dict[tuple[str, str], bool] = {}
    for holding, person, post in query(graph, _HOLDINGS):
        if person is None or post is None:
            continue
        key, h = (person, post), holding or ""
        dates[key][0].extend(d for d in (first.get(h),) if d)
        dates[key][1].extend(d for d in (last.get(h),) if d)
        current[key] = current.get(key, False) or former.get(h) not in ("true", "1")
        if holding is not None:
            gather.add(key, sources.of(holding))
    return {key: Held(gather.get(key), min(dates[key][0], default=""),
                      max(dates[key][1], default=""), is_current)
            for key, is_current in current.items()}


def _role_triples(graph: rdf.Graph) -> set[tuple[str, str, str]]:
    found = set()
    for event, prop, agent in query(graph, _ROLE_TRIPLES):
        if event is not None and agent is not None and prop in ROLE_OF:
            found.add((event, ROLE_OF[prop], agent))
    return found


def read(graph: rdf.Graph) -> Facts:
    """Everything the views draw, in plain dicts keyed by IRI."""
    sources = _sources(graph)
    said = _participations(graph, sources)
    return Facts(
        labels=_labels(graph),
        types=_types(graph),
        dates=first_values(graph, "?s schema:startDate ?o"),
        published=first_values(graph, "?s schema:datePublished ?o"),
        mentions=_all_values(graph, "?s vnpol:mentionedIn ?o"),
        post_body=first_values(graph, "?s org:postIn ?o"),
        post_role=first_values(graph, "?s org:role ?o"),
        places=first_values(graph, "?s schema:location|vnpol:jurisdiction ?o"),
        roles=_role_triples(graph) | set(said),
        said=said,
        held=_holdings(graph, sources),
        sources=sources,
    )
