"""The only module that imports rdflib: facts → triples, graphs, files, queries.

Each article's facts become the triples of its own named graph (who held which
post, who chaired what, with the quote that says so); the things those facts are
about (people, posts, bodies, roles) get their types and labels in one shared
graph of entities. ``graph.ttl`` is the union, ``graph.trig`` keeps them apart.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import ORG, PROV, SDO, SKOS, TIME

from kg import ids
from kg.model import ROLES, ArticleFacts, Body, DocumentRef, Event, PartialDate, PersonMention, Post, Span
from kg.vocab import VNPOL

Graph = rdflib.Graph
Triple = tuple[URIRef, URIRef, URIRef | Literal]
PREFIXES = {"vnpol": VNPOL._NS, "org": ORG, "schema": SDO, "prov": PROV, "skos": SKOS, "rdfs": RDFS,
            "xsd": XSD, "time": TIME}
_ROLE_PROPERTY = {"chair": VNPOL.chair, "attendee": VNPOL.attendee, "reporter": VNPOL.reporter,
                  "speaker": VNPOL.speaker}
_ROLE_CONCEPT = {"chair": VNPOL.ChairRole, "attendee": VNPOL.AttendeeRole,
                 "reporter": VNPOL.ReporterRole, "speaker": VNPOL.SpeakerRole}
_DOCUMENT_KIND = {"Nghị quyết": VNPOL.Resolution, "Chỉ thị": VNPOL.Directive, "Kết luận": VNPOL.Conclusion,
                  "Kế hoạch": VNPOL.Plan}
assert set(_ROLE_PROPERTY) == set(ROLES)


@dataclass(frozen=True, slots=True)
class ArticleTriples:
    """What one article contributes: its own facts, and the entities they mention."""

    graph: URIRef  # the named graph of the article's facts
    facts: tuple[Triple, ...]
    entities: tuple[Triple, ...]


def vi(text: str) -> Literal:
    return Literal(text, lang="vi")


def date_literal(date: PartialDate) -> Literal:
    return Literal(date.iso(), datatype=XSD[date.xsd_type])


class _Builder:
    """Collects the triples of one article; every IRI is minted from ``base``."""

    def __init__(self, facts: ArticleFacts, base: str) -> None:
        self.base = base
        self.article = facts.article
        self.article_iri = URIRef(ids.article_iri(base, facts.article.id))
        self.facts: list[Triple] = []
        self.entities: list[Triple] = []

    def iri(self, kind: str, label: str, *key: str) -> URIRef:
        return URIRef(ids.mint(self.base, kind, label, *key))

    def quote(self, span: Span) -> URIRef:
        node = self.iri("quote", self.article.id, str(span.start), str(span.end))
        self.facts += [(node, RDF.type, VNPOL.Quote), (node, VNPOL.exact, Literal(span.text)),
                       (node, VNPOL.start, Literal(span.start, datatype=XSD.nonNegativeInteger)),
                       (node, VNPOL.end, Literal(span.end, datatype=XSD.nonNegativeInteger)),
                       (node, VNPOL.source, self.article_iri)]
        return node

    def body(self, body: Body) -> URIRef:
        node = self.iri("body", body.label)
        self.entities += [(node, RDF.type, VNPOL[body.kind]), (node, RDFS.label, vi(body.label))]
        if body.level:
            self.entities.append((node, VNPOL.level, Literal(body.level)))
        if body.place and body.level:
            self.entities.append((node, VNPOL.jurisdiction, self.place(body.level, body.place)))
        if body.parent is not None:
            self.entities.append((node, ORG.subOrganizationOf, self.body(body.parent)))
        return node

    def place(self, level: str, name: str) -> URIRef:
        label = f"{level} {name}"
        node = self.iri("place", label)
        self.entities += [(node, RDF.type, VNPOL.AdministrativeUnit), (node, RDFS.label, vi(label)),
                          (node, VNPOL.level, Literal(level))]
        return node

    def person(self, name: str) -> URIRef:
        node = self.iri("person", name)
        self.entities += [(node, RDF.type, VNPOL.Person), (node, RDFS.label, vi(name))]
        self.facts.append((node, VNPOL.mentionedIn, self.article_iri))
        return node

    def post(self, post: Post) -> URIRef:
        node = self.iri("post", post.label)
        role = self.iri("role", post.role)
        self.entities += [(node, RDF.type, ORG.Post), (node, RDFS.label, vi(post.label)),
                          (node, ORG.role, role), (role, RDF.type, SKOS.Concept),
                          (role, SKOS.prefLabel, vi(post.role)), (role, SKOS.inScheme, VNPOL.PostRoles)]
        if post.body is not None:
            self.entities.append((node, ORG.postIn, self.body(post.body)))
        return node


def article_triples(facts: ArticleFacts, base: str = ids.DEFAULT_BASE) -> ArticleTriples:
    """All the triples of one article, ready to be added to a store or a graph."""
    b = _Builder(facts, base)
    _article(b, facts)
    for mention in facts.persons:
        _person(b, mention)
    for event in facts.events:
        _event(b, event)
    for document in facts.documents:
        _document(b, document)
    graph = URIRef(f"{base}graph/{b.article_iri.rsplit('/', 1)[-1]}")
    return ArticleTriples(graph, tuple(dict.fromkeys(b.facts)), tuple(dict.fromkeys(b.entities)))


def _article(b: _Builder, facts: ArticleFacts) -> None:
    a, node = facts.article, b.article_iri
    digest = hashlib.sha256(a.text.encode("utf-8")).hexdigest()
    b.facts += [(node, RDF.type, SDO.NewsArticle), (node, SDO.identifier, Literal(a.id)),
                (node, VNPOL.contentHash, Literal(digest))]
    if a.title:
        b.facts.append((node, SDO.headline, vi(a.title)))
    if a.url:
        b.facts.append((node, SDO.url, Literal(a.url, datatype=XSD.anyURI)))
    if a.published:
        b.facts.append((node, SDO.datePublished, date_literal(a.published)))
    for author in a.authors:
        b.facts.append((node, SDO.author, b.person(author)))


def _person(b: _Builder, mention: PersonMention) -> None:
    person = b.person(mention.name)
    for post in mention.posts:
        node = b.post(post)
        holding = b.iri("holding", post.label, mention.name)
        b.facts += [(holding, RDF.type, VNPOL.PostHolding), (holding, ORG.member, person),
                    (holding, VNPOL.post, node), (holding, VNPOL.evidence, b.quote(post.span)),
                    (holding, PROV.wasDerivedFrom, b.article_iri)]
        if post.former:
            b.facts.append((holding, VNPOL.former, Literal(True)))
        else:
            b.facts += [(person, ORG.holds, node), (node, ORG.heldBy, person)]


def event_iri(b: _Builder, event: Event) -> URIRef:
    """Dated events with a known organiser are the same across articles; others stay local."""
    if event.date and event.date.day and event.date.year and event.organizer:
        return b.iri("event", event.label, event.kind, event.date.iso())
    return b.iri("event", event.label, b.article.id, event.key)


def _event(b: _Builder, event: Event) -> None:
    node = event_iri(b, event)
    b.facts += [(node, RDF.type, VNPOL[event.kind]), (node, RDFS.label, vi(event.label)),
                (node, VNPOL.mentionedIn, b.article_iri), (node, VNPOL.evidence, b.quote(event.span))]
    if event.date:
        b.facts.append((node, SDO.startDate, date_literal(event.date)))
    if event.ordinal is not None:
        b.facts.append((node, VNPOL.ordinal, Literal(event.ordinal)))
    if event.expanded:
        b.facts.append((node, VNPOL.expanded, Literal(True)))
    if event.organizer:
        b.facts.append((node, VNPOL.organizer, b.body(event.organizer)))
    for guest in event.participant_bodies:
        b.facts.append((node, VNPOL.attendee, b.body(guest)))
    for fact in event.roles:
        person = b.person(fact.person)
        part = b.iri("participation", fact.role, fact.person, str(node))
        b.facts += [(node, _ROLE_PROPERTY[fact.role], person), (part, RDF.type, VNPOL.Participation),
                    (part, VNPOL.event, node), (part, VNPOL.agent, person),
                    (part, VNPOL.role, _ROLE_CONCEPT[fact.role]),
                    (part, VNPOL.evidence, b.quote(fact.evidence)), (part, PROV.wasDerivedFrom, b.article_iri)]


def _document(b: _Builder, document: DocumentRef) -> None:
    issuer = document.issuer.label if document.issuer else ""
    node = b.iri("document", document.label, issuer)
    kind = _DOCUMENT_KIND.get(document.label.split(" số ")[0], VNPOL.Document)
    b.facts += [(node, RDF.type, kind), (node, RDFS.label, vi(document.label)),
                (node, VNPOL.mentionedIn, b.article_iri), (node, VNPOL.evidence, b.quote(document.span))]
    if document.number:
        b.facts.append((node, VNPOL.documentNumber, Literal(document.number)))
    if document.issuer:
        b.facts.append((node, VNPOL.issuedBy, b.body(document.issuer)))


def new_dataset() -> rdflib.Dataset:
    dataset = rdflib.Dataset(default_union=True)
    bind_prefixes(dataset)
    return dataset


def bind_prefixes(graph: rdflib.Graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def add(dataset: rdflib.Dataset, triples: ArticleTriples, base: str = ids.DEFAULT_BASE) -> None:
    dataset.graph(triples.graph).addN((s, p, o, dataset.graph(triples.graph)) for s, p, o in triples.facts)
    entities = dataset.graph(URIRef(f"{base}graph/entities"))
    entities.addN((s, p, o, entities) for s, p, o in triples.entities)


def union(dataset: rdflib.Dataset) -> rdflib.Graph:
    graph = rdflib.Graph(bind_namespaces="none")
    bind_prefixes(graph)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def turtle(graph: rdflib.Graph) -> str:
    return graph.serialize(format="turtle")


def trig(dataset: rdflib.Dataset) -> str:
    """TriG with the prefixes once, then each named graph in IRI order (stable, diff-friendly)."""
    header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()))
    blocks = []
    for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if not len(graph) or graph.identifier == dataset.default_graph.identifier:
            continue
        body = rdflib.Graph(bind_namespaces="none")
        bind_prefixes(body)
        body += graph
        lines = [line for line in turtle(body).splitlines() if not line.startswith("@prefix")]
        inner = "\n".join(("    " + line) if line else "" for line in lines).strip("\n")
        blocks.append(f"<{graph.identifier}> {{\n{inner}\n}}\n")
    return header + "\n" + "\n".join(blocks)


def load(paths: Iterable[Path]) -> rdflib.Graph:
    """Parse Turtle/TriG files into one graph (used by views and tests)."""
    graph = rdflib.Graph(bind_namespaces="none")
    bind_prefixes(graph)
    for path in paths:
        fmt = "trig" if str(path).endswith(".trig") else "turtle"
        graph.parse(path, format=fmt)
    return graph


def rows(graph: rdflib.Graph, sparql: str) -> list[tuple[str | None, ...]]:
    """Run a SELECT query and return each row as plain strings (None where unbound)."""
    result = graph.query(sparql, initNs=PREFIXES)
    return [tuple(None if v is None else str(v) for v in row) for row in result]  # type: ignore[union-attr]


def count(graph: rdflib.Graph) -> int:
    return len(graph)


_EVENT_CLASSES = (VNPOL.Event, VNPOL.Conference, VNPOL.Session, VNPOL.WorkingSession, VNPOL.Congress,
                  VNPOL.VoterMeeting, VNPOL.Ceremony, VNPOL.Meeting)


def summary(graph: rdflib.Graph) -> dict[str, int]:
    """How many people, posts and events a graph holds."""
    events = {s for cls in _EVENT_CLASSES for s in graph.subjects(RDF.type, cls)}
    return {"persons": len(set(graph.subjects(RDF.type, VNPOL.Person))),
            "posts": len(set(graph.subjects(RDF.type, ORG.Post))), "events": len(events)}
