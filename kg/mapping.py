"""Facts → triples, written as N-Triples strings (fast to make, to pickle and to bulk-load).

One article gives two sets of triples:

- its **own graph**: the article (``schema:NewsArticle``), the quotes, and the
  observations it makes: each post holding and each participation seen in this article,
  with ``vnpol:evidence`` and ``prov:wasDerivedFrom`` (the article's date is its
  ``schema:datePublished``: the holdings the identity pass makes over all articles carry
  the first and last dates);
- the **merged** knowledge it adds: people, posts, bodies, roles, places, events,
  documents with their types and labels, and the direct facts users query
  (``org:holds``, ``vnpol:chair`` ...). The store keeps each merged triple once, however
  many articles state it.

No triple is in both, so the union of the graphs has no duplicates.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from types import SimpleNamespace

import regex

from kg import ids, vocab
from kg.extract import places
from kg.model import ROLES, ArticleFacts, Body, DocumentRef, Event, PartialDate, PersonMention, Post, Span
from kg.normalize import sentence_at


def _terms(namespace: object, names: list[str]) -> SimpleNamespace:
    """IRIs as plain strings, looked up once: rdflib's namespace lookups are slow in a hot loop."""
    return SimpleNamespace(**{name: str(getattr(namespace, name)) for name in names})


VNPOL = _terms(vocab.VNPOL, list(vocab.VNPOL.__annotations__))
RDF = _terms(vocab.RDF, ["type"])
RDFS = _terms(vocab.RDFS, ["label"])
ORG = _terms(vocab.ORG, ["Post", "holds", "heldBy", "member", "organization", "postIn", "role", "subOrganizationOf",
                         "hasMembership"])
PROV = _terms(vocab.PROV, ["wasDerivedFrom"])
SDO = _terms(vocab.SDO, ["NewsArticle", "identifier", "headline", "url", "datePublished", "author", "startDate"])
SKOS = _terms(vocab.SKOS, ["Concept", "prefLabel", "inScheme"])
XSD = _terms(vocab.XSD, ["boolean", "integer", "anyURI", "date", "gYearMonth", "gMonthDay", "gYear"])

ROLE_PROPERTY = {"chair": VNPOL.chair, "attendee": VNPOL.attendee, "reporter": VNPOL.reporter,
                  "speaker": VNPOL.speaker}
ROLE_CONCEPT = {"chair": VNPOL.ChairRole, "attendee": VNPOL.AttendeeRole,
                 "reporter": VNPOL.ReporterRole, "speaker": VNPOL.SpeakerRole}
_DOCUMENT_KIND = {"Nghị quyết": VNPOL.Resolution, "Chỉ thị": VNPOL.Directive, "Kết luận": VNPOL.Conclusion,
                  "Kế hoạch": VNPOL.Plan}
assert set(ROLE_PROPERTY) == set(ROLES)
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TO_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')  # most literals have none: no translate then


def iri(value: str) -> str:
    return f"<{value}>"


def literal(value: str | int | bool, datatype: str | None = None, lang: str | None = None) -> str:
    """An N-Triples literal; ``literal("Bí thư", lang="vi")`` → ``"Bí thư"@vi``."""
    if isinstance(value, bool):
        return f'"{str(value).lower()}"^^<{XSD.boolean}>'
    if isinstance(value, int):
        return f'"{value}"^^<{datatype or XSD.integer}>'
    text = value.translate(_ESCAPES) if _TO_ESCAPE.search(value) else value
    if text is not value and _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04X}", text)
    if lang:
        return f'"{text}"@{lang}'
    return f'"{text}"^^<{datatype}>' if datatype else f'"{text}"'


def vi(text: str) -> str:
    return literal(text, lang="vi")


def date_literal(date: PartialDate) -> str:
    return literal(date.iso(), datatype=getattr(XSD, date.xsd_type))


@dataclass(frozen=True, slots=True)
class PersonSeen:
    """A person as one article names them: what the build needs to tell people apart."""

    name: str
    scope: str
    iri: str
    posts: tuple[str, ...]  # IRIs of the posts the article says they hold
    former: tuple[str, ...] = ()  # IRIs of the posts it says they held before ("nguyên ...")
    quotes: tuple[str, ...] = ()  # of each post then each former post, the quote of its first mention


@dataclass(frozen=True, slots=True)
class RoleSeen:
    """A role an article says someone took in an event, with the quote that says it."""

    event: str
    role: str  # chair, attendee, reporter, speaker
    agent: str  # the person's IRI
    quote: str


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A role taken by someone the article names only by a post: resolved by the whole build."""

    post: str  # post IRI
    event: str
    role: str
    participation: str  # the participation node, whose agent is the post until resolved
    quote: str  # of the participation


@dataclass(frozen=True, slots=True)
class ArticleTriples:
    source: str  # where the article came from: "file" or "file:line"
    article_id: str
    graph: str  # IRI of the article's own graph
    own: tuple[str, ...]  # "s p o" N-Triples statements, without the final " ."
    merged: tuple[str, ...]
    date: PartialDate | None = None  # publication date
    persons: tuple[PersonSeen, ...] = ()
    unresolved: tuple[Unresolved, ...] = ()
    roles: tuple[RoleSeen, ...] = ()  # the roles of named people (those of a post alone are unresolved)
    warnings: tuple[str, ...] = ()  # facts that look wrong for their date, e.g. a district after 2025


class _Builder:
    def __init__(self, facts: ArticleFacts, base: str) -> None:
        self.base = base
        self.article = facts.article
        self.article_iri = ids.article_iri(base, facts.article.id)
        self.own: dict[str, None] = {}
        self.merged: dict[str, None] = {}
        self.scopes = {m.name: m.scope for m in facts.persons}
        self.seen: dict[str, PersonSeen] = {}
        self.first_quotes: dict[tuple[str, str, bool], str] = {}  # (person, post, former) → quote
        self.done: set[str] = set()  # bodies and posts already written by this article
        self.warnings: list[str] = []
        self.post_iris: dict[str, str] = {}  # label → IRI of the posts written so far
        self.unresolved: list[Unresolved] = []
        self.roles: list[RoleSeen] = []
        self.sentences = facts.sentences

    def mint(self, kind: str, label: str, *key: str) -> str:
        return ids.mint(self.base, kind, label, *key)

    def add_own(self, s: str, p: str, o: str) -> None:
        self.own[f"<{s}> <{p}> {o}"] = None

    def add(self, s: str, p: str, o: str) -> None:
        self.merged[f"<{s}> <{p}> {o}"] = None

    def quote(self, span: Span) -> str:
        """The quote of a fact read at ``span``: the sentence it lies in, one node however many
        facts it states (the span itself when the facts carry no sentences, or it crosses one's end)."""
        span = sentence_at(self.sentences, span.start, span.end) or span
        node = self.mint("quote", self.article.id, str(span.start), str(span.end))
        if node in self.done:
            return node
        self.done.add(node)
        self.add_own(node, RDF.type, iri(VNPOL.Quote))
        self.add_own(node, VNPOL.exact, literal(span.text))
        self.add_own(node, VNPOL.start, literal(span.start))
        self.add_own(node, VNPOL.end, literal(span.end))
        self.add_own(node, VNPOL.source, iri(self.article_iri))
        return node

    def body(self, body: Body) -> str:
        unit = places.unit(body.level, body.place, self.article.published)
        node = self.mint("body", body.label, unit.period) if unit and unit.period else self.mint("body", body.label)
        if node in self.done:
            return node
        self.done.add(node)
        if unit is not None and unit.abolished_before(self.article.published):
            self.warnings.append(f"{body.label}: a {body.level} body in an article of "
                                 f"{self.article.published.iso() if self.article.published else '?'}, "
                                 f"after the unit ended ({unit.valid_to}): suspect")
        self.add(node, RDF.type, iri(getattr(VNPOL, body.kind)))
        self.add(node, RDFS.label, vi(body.label))
        if body.level:
            self.add(node, VNPOL.level, literal(body.level))
        if body.place and body.level:
            self.add(node, VNPOL.jurisdiction, iri(self.place(body.level, body.place, unit)))
        if body.parent is not None:
            self.add(node, ORG.subOrganizationOf, iri(self.body(body.parent)))
        return node

    def place(self, level: str, name: str, unit: places.Unit | None) -> str:
        label = f"{level} {name}"
        node = self.mint("place", label, unit.period) if unit and unit.period else self.mint("place", label)
        self.add(node, RDF.type, iri(VNPOL.AdministrativeUnit))
        self.add(node, RDFS.label, vi(label))
        self.add(node, VNPOL.level, literal(level))
        if unit is not None and unit.valid_from:
            self.add(node, VNPOL.validFrom, literal(unit.valid_from, datatype=XSD.date))
        if unit is not None and unit.valid_to:
            self.add(node, VNPOL.validTo, literal(unit.valid_to, datatype=XSD.date))
        return node

    def person(self, name: str, scope: str | None = None) -> str:
        scope = self.scopes.get(name, "") if scope is None else scope
        node = self.mint("person", name, scope)
        self.add(node, RDF.type, iri(VNPOL.Person))
        self.add(node, RDFS.label, vi(name))
        self.add_own(node, VNPOL.mentionedIn, iri(self.article_iri))
        return node

    def post(self, post: Post) -> str:
        unit = places.unit(post.body.level, post.body.place, self.article.published) if post.body else None
        node = self.mint("post", post.label, unit.period) if unit and unit.period else self.mint("post", post.label)
        self.post_iris[post.label] = node
        if node in self.done:
            return node
        self.done.add(node)
        role = self.mint("role", post.role)
        self.add(node, RDF.type, iri(ORG.Post))
        self.add(node, RDFS.label, vi(post.label))
        self.add(node, ORG.role, iri(role))
        self.add(role, RDF.type, iri(SKOS.Concept))
        self.add(role, SKOS.prefLabel, vi(post.role))
        self.add(role, SKOS.inScheme, iri(VNPOL.PostRoles))
        if post.body is not None:
            self.add(node, ORG.postIn, iri(self.body(post.body)))
        return node


def article_triples(facts: ArticleFacts, base: str = ids.DEFAULT_BASE) -> ArticleTriples:
    """The triples of one article: its own graph and what it adds to the merged graph."""
    b = _Builder(facts, base)
    _article(b, facts)
    for mention in facts.persons:
        _person(b, mention)
    for event in facts.events:
        _event(b, event)
    for document in facts.documents:
        _document(b, document)
    graph = f"{base}graph/{b.article_iri.rsplit('/', 1)[-1]}"
    return ArticleTriples(facts.article.source, facts.article.id, graph, tuple(b.own), tuple(b.merged),
                          facts.article.published, _persons_seen(b), tuple(b.unresolved),
                          roles=tuple(b.roles), warnings=tuple(dict.fromkeys(b.warnings)))


def _persons_seen(b: _Builder) -> tuple[PersonSeen, ...]:
    """The people of the article, each with the quote of the first mention of each of their posts."""
    return tuple(replace(seen, quotes=tuple(b.first_quotes[(seen.iri, post, former)]
                                            for former, posts in ((False, seen.posts), (True, seen.former))
                                            for post in posts))
                 for seen in b.seen.values())


def _article(b: _Builder, facts: ArticleFacts) -> None:
    a, node = facts.article, b.article_iri
    b.add_own(node, RDF.type, iri(SDO.NewsArticle))
    b.add_own(node, SDO.identifier, literal(a.id))
    b.add_own(node, VNPOL.contentHash, literal(hashlib.sha256(a.text.encode("utf-8")).hexdigest()))
    if a.title:
        b.add_own(node, SDO.headline, vi(a.title))
    if a.url:
        b.add_own(node, SDO.url, literal(a.url, datatype=XSD.anyURI))
    if a.published:
        b.add_own(node, SDO.datePublished, date_literal(a.published))
    for author in a.authors:
        b.add_own(node, SDO.author, iri(b.person(author, scope="byline")))


def _person(b: _Builder, mention: PersonMention) -> None:
    if not mention.name:  # a post standing for someone unnamed: see _event
        for post in mention.posts:
            b.post(post)
        return
    person = b.person(mention.name)
    seen = b.seen.setdefault(person, PersonSeen(mention.name, mention.scope, person, ()))
    current = tuple(b.post(p) for p in mention.posts if not p.former)
    former = tuple(b.post(p) for p in mention.posts if p.former)
    b.seen[person] = PersonSeen(seen.name, seen.scope, person, tuple(dict.fromkeys(seen.posts + current)),
                                tuple(dict.fromkeys(seen.former + former)))
    for post in mention.posts:
        node = b.post(post)
        holding = b.mint("holding", post.label, mention.name, b.article.id)
        quote = b.quote(post.span)
        b.first_quotes.setdefault((person, node, post.former), quote)
        b.add_own(holding, RDF.type, iri(VNPOL.PostHolding))
        b.add_own(holding, ORG.member, iri(person))
        b.add_own(holding, VNPOL.post, iri(node))
        b.add_own(holding, VNPOL.evidence, iri(quote))
        b.add_own(holding, PROV.wasDerivedFrom, iri(b.article_iri))
        if post.body is not None:
            b.add_own(holding, ORG.organization, iri(b.body(post.body)))
        if post.former:
            b.add_own(holding, VNPOL.former, literal(True))
        else:
            b.add(person, ORG.holds, iri(node))
            b.add(node, ORG.heldBy, iri(person))


def event_iri(b: _Builder, event: Event) -> str:
    """A dated event with a known organiser is the same event in every article; others stay local."""
    if event.date and event.date.day and event.date.year and event.organizer:
        return b.mint("event", event.label, event.kind, event.date.iso())
    return b.mint("event", event.label, b.article.id, event.key)


def _event(b: _Builder, event: Event) -> None:
    node = event_iri(b, event)
    b.add(node, RDF.type, iri(getattr(VNPOL, event.kind)))
    b.add(node, RDFS.label, vi(event.label))
    b.add_own(node, VNPOL.mentionedIn, iri(b.article_iri))
    b.add_own(node, VNPOL.evidence, iri(b.quote(event.span)))
    if event.date:
        b.add(node, SDO.startDate, date_literal(event.date))
    if event.ordinal is not None:
        b.add(node, VNPOL.ordinal, literal(event.ordinal))
    if event.expanded:
        b.add(node, VNPOL.expanded, literal(True))
    if event.organizer:
        b.add(node, VNPOL.organizer, iri(b.body(event.organizer)))
    for guest in event.participant_bodies:
        b.add(node, VNPOL.attendee, iri(b.body(guest)))
    for fact in event.roles:
        part = b.mint("participation", fact.role, fact.person or fact.post or "", node, b.article.id)
        quote = b.quote(fact.evidence)
        if fact.person:
            person = b.person(fact.person)
            b.add(node, ROLE_PROPERTY[fact.role], iri(person))
            b.roles.append(RoleSeen(node, fact.role, person, quote))
        else:  # only a post names them: the build resolves it to its holder, or it stays the post
            person = b.post_iris.get(fact.post or "") or b.mint("post", fact.post or "")
            b.unresolved.append(Unresolved(person, node, fact.role, part, quote))
        b.add_own(part, RDF.type, iri(VNPOL.Participation))
        b.add_own(part, VNPOL.event, iri(node))
        b.add_own(part, VNPOL.agent, iri(person))
        b.add_own(part, VNPOL.role, iri(ROLE_CONCEPT[fact.role]))
        b.add_own(part, VNPOL.evidence, iri(quote))
        b.add_own(part, PROV.wasDerivedFrom, iri(b.article_iri))


def _document(b: _Builder, document: DocumentRef) -> None:
    issuer = document.issuer.label if document.issuer else ""
    node = b.mint("document", document.label, issuer)
    b.add(node, RDF.type, iri(_DOCUMENT_KIND.get(document.label.split(" số ")[0], VNPOL.Document)))
    b.add(node, RDFS.label, vi(document.label))
    b.add_own(node, VNPOL.mentionedIn, iri(b.article_iri))
    b.add_own(node, VNPOL.evidence, iri(b.quote(document.span)))
    if document.number:
        b.add(node, VNPOL.documentNumber, literal(document.number))
    if document.issuer:
        b.add(node, VNPOL.issuedBy, iri(b.body(document.issuer)))
