"""Read what the views need about some IRIs, through SPARQL only (:func:`kg.rdf.rows`),
never the whole graph.

Works the same on an rdflib graph and on a build's store (queried over the union of its
per-article graphs and ``graph/merged``). The store answers fastest when each IRI is looked
up once: a :class:`Reader` asks for all the statements it may need about an IRI at once
(:data:`OUT`, what the IRI says; :data:`IN`, the roles, posts and holders pointing at it),
``BATCH`` IRIs per query, and never asks twice about the same IRI. Where a view keeps a few
of many statements (a hub's roles, a busy person's posts), they are read a row at a time and
only those kept are held (:meth:`Reader.each_role`, :meth:`Reader.holdings` with a limit),
and a hover text's statements without them (:data:`HOVER`). The evidence of a role or a
post held is read from what the build made of it over all its articles (``kg.identity``):
the event's participations (``vnpol:participation``, one per role and agent) and the person's
holdings (``org:hasMembership``), never from each article's statements, so what a page reads
does not grow with the articles that repeat a fact.
"""

from __future__ import annotations

from bisect import insort
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from copy import copy
from sys import intern
from typing import Final

from kg import ids, rdf
from kg.views.facts import ROLE_OF, SEP, Evidence, Facts, Former, Held, first_values, grouped, posts_in_order
from kg.views.sparql import (
    EVENT_CLASSES,
    FEW,
    FEWER,
    GROUPED,
    ROLE_PROPERTIES,
    US,
    VNPOL,
    each_of,
    for_each,
    for_pairs,
    query,
    term,
)
from kg.views.styles import ROLES

Role = tuple[str, str, str]  # (event, role, agent)
Pair = tuple[str, str]  # (person, post)

_RDF_TYPE: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABEL_PROPERTIES: Final = frozenset({"http://www.w3.org/2000/01/rdf-schema#label",
                                      "http://www.w3.org/2004/02/skos/core#prefLabel", "https://schema.org/headline"})
_HOLDS: Final = "http://www.w3.org/ns/org#holds"
_POST_IN: Final = "http://www.w3.org/ns/org#postIn"
_FIRST: Final = {"https://schema.org/startDate": "dates", "https://schema.org/location": "places",
                 VNPOL + "jurisdiction": "places", "http://www.w3.org/ns/org#role": "post_role",
                 "https://schema.org/datePublished": "published", "https://schema.org/url": "links"}
_ROLES: Final = "vnpol:organizer, vnpol:chair, vnpol:reporter, vnpol:speaker, vnpol:attendee"
# The reified statements are many and their classes are not drawn: leave them out.
_HIDDEN_CLASSES: Final = frozenset(VNPOL + c for c in ("Quote", "PostHolding", "Participation")) | {
    "https://schema.org/NewsArticle"}
_LANG_RANK: Final = {"vi": 0, "": 1}

# One row per IRI (the store spends its time on rows and values, not on lookups): the
# statements about it, each "property US language-or-< US value".
_NAMES: Final = "rdf:type, rdfs:label, skos:prefLabel, schema:headline, schema:startDate"
_OUT_EXPR: Final = f'STR(?p), "{US}", COALESCE(LANG(?o), "<"), "{US}", STR(?o)'
_OUT: Final = (f"SELECT ?s {GROUPED.replace('$EXPR', _OUT_EXPR)} "
               "WHERE {{ $VALUES ?s ?p ?o FILTER(?p IN ({})) }} GROUP BY ?s")
OUT: Final = _OUT.format(f"{_NAMES}, schema:location, vnpol:jurisdiction, org:postIn, org:role, "
                         f"schema:datePublished, schema:url, org:holds, {_ROLES}")


def _only(properties: str) -> str:
    """What :data:`OUT` reads of some of its properties: one pattern a property, in a union,
    so that the store looks each up instead of reading every statement of the IRI, as the
    FILTER of OUT does (in a 100,000-article build a post has a thousand org:heldBy, an event
    hundreds of statements: their posts were read 6 times faster so, the names of events 4)."""
    union = " UNION ".join(f"{{ ?s {p} ?o BIND({p} AS ?p) }}" for p in properties.split(", "))
    return f"SELECT ?s {GROUPED.replace('$EXPR', _OUT_EXPR)} WHERE {{ $VALUES {union} }} GROUP BY ?s"


NAMES: Final = _only(_NAMES)  # what a side list shows of an IRI: its types (kind), labels and date
# what a hover text says of an IRI: OUT without the roles and the posts held
HOVER: Final = _only(f"{_NAMES}, schema:location, vnpol:jurisdiction, org:postIn, org:role, schema:datePublished, "
                     "schema:url")
POST: Final = _only(f"{_NAMES}, org:postIn, org:role, vnpol:jurisdiction, schema:location")  # kg.mapping's posts
ARTICLE: Final = _only("rdf:type, schema:headline, schema:datePublished, schema:url")  # kg.mapping's articles
# The statements pointing at an IRI: roles taken, posts in it, holders of it.
IN: Final = f"""SELECT ?o {GROUPED.replace("$EXPR", f'STR(?p), "{US}", STR(?s)')} WHERE {{ $VALUES ?s ?p ?o
  FILTER(?p IN (org:postIn, org:holds, {_ROLES})) }} GROUP BY ?o"""
_IN_COUNTS: Final = "SELECT ?o ?p (COUNT(*) AS ?n) WHERE { $VALUES " + " UNION ".join(
    f"{{ ?s {p} ?o BIND({p} AS ?p) }}" for p in ("org:postIn", *_ROLES.split(", "))) + " } GROUP BY ?o ?p"
# Read a row each where only a few rows are kept, rather than with all the IRI's statements
# (OUT): the posts persons hold now, the bodies of those posts, the holders of posts in bodies
# (not their posts), the posts a person holds in a body, the organizers of events.
_HELD_NOW: Final = "SELECT DISTINCT ?s ?o WHERE { $VALUES ?s org:holds ?o }"
_POST_BODIES: Final = "SELECT DISTINCT ?s ?o WHERE { $VALUES ?s org:holds ?post . ?post org:postIn ?o }"
_POSTS_IN: Final = "SELECT ?person ?post WHERE { $VALUES ?post org:postIn ?o . ?person org:holds ?post }"
_ORGANIZERS: Final = "SELECT DISTINCT ?s ?o WHERE { $VALUES ?s vnpol:organizer ?o FILTER(isIRI(?o)) }"
# The roles of events, a row per statement, where the caller keeps a few of many: no grouping,
# so that the store answers as it reads (grouped by event and agent, the roles of the 5,000
# nodes an overview may draw at 100,000 articles, 107,909 rows, took the reading process from
# 131 to 259 MiB in 2.2 s; a row per statement, 140,787 rows, to 230 in 1.4 s).
_ROLE_ROWS: Final = ("SELECT ?s ?p ?o WHERE { $VALUES "
                     + " UNION ".join(f"{{ ?s {p} ?o BIND({p} AS ?p) }}" for p in _ROLES.split(", "))
                     + " FILTER(isIRI(?o)) }")
# The agents of events in the roles people take (not the organizer), likewise, without naming
# the role of each row: a part of the views at 200,000 articles took 97-99 s counting the people
# met so, 103-104 s through _ROLE_ROWS (with or without the organizer's branch).
_AGENTS: Final = ("SELECT ?s ?o WHERE { $VALUES "
                  + " UNION ".join(f"{{ ?s vnpol:{role} ?o }}" for role in ROLES) + " FILTER(isIRI(?o)) }")
# Some of the roles taken by an IRI, or of the holders of posts in it, in the store's order.
_SOME_ROLES: Final = "SELECT ?s WHERE { ?s $P $O } LIMIT $N"
_SOME_HOLDERS: Final = "SELECT ?person ?post WHERE { ?post org:postIn $O . ?person org:holds ?post } LIMIT $N"
# The edges of each IRI, as kg.views.census counts them (the posts held formerly apart).
_DEGREES: Final = f"""SELECT ?n (COUNT(*) AS ?degree) WHERE {{ $VALUES
  {{ ?n ?p ?a FILTER(?p IN ({_ROLES})) }} UNION {{ ?e ?p ?n FILTER(?p IN ({_ROLES})) }}
  UNION {{ ?n org:holds ?post . ?post org:postIn ?body }} UNION {{ ?post org:postIn ?n . ?holder org:holds ?post }}
}} GROUP BY ?n"""
_HOLDERS_COUNT: Final = """SELECT ?o (COUNT(*) AS ?n) WHERE { $VALUES ?post org:postIn ?o . ?person org:holds ?post }
  GROUP BY ?o"""
_MENTIONS: Final = """SELECT ?s (COUNT(DISTINCT ?a) AS ?n) (MIN(STR(?a)) AS ?first) WHERE {
  $VALUES ?s vnpol:mentionedIn ?a } GROUP BY ?s"""
# The quote kept for a mentioned thing (an event, a document), and the article it is from.
_OWN_QUOTES: Final = f"""SELECT ?s (MIN(CONCAT(?exact, "{SEP}", COALESCE(STR(?from), ""))) AS ?best) WHERE {{
  $VALUES ?s vnpol:evidence ?quote . ?quote vnpol:exact ?exact . OPTIONAL {{ ?quote vnpol:source ?from }}
}} GROUP BY ?s"""
# The participations of the whole build in the events (kg.identity, one an event, role and agent): how
# many articles state each and the quote of the first (one pattern an OPTIONAL, as in _HELD below).
_SAID: Final = """SELECT ?event ?role ?agent ?articles ?exact ?article WHERE {
  $VALUES ?event vnpol:participation ?x . ?x vnpol:role ?role ; vnpol:agent ?agent ; vnpol:articleCount ?articles
  OPTIONAL { ?x vnpol:evidence/vnpol:exact ?exact } OPTIONAL { ?x vnpol:evidence/vnpol:source ?article }
}"""
# The post holdings of the whole build of the persons (kg.identity, one a person, post and former
# or not), reached through org:hasMembership, which leads to these only, not to every article's:
# what is read does not grow with the articles that name a person. _HELD: how many articles
# state each, and the quote of the first (one pattern an OPTIONAL, each from ?x: Oxigraph answers
# an OPTIONAL group of several patterns, or one whose subject only another OPTIONAL binds, by
# reading every statement of its property). _OBSERVED: the dates of the dated ones.
_HELD: Final = """SELECT ?person ?post ?articles ?exact ?article WHERE {
  $VALUES ?person org:hasMembership ?x . ?x vnpol:post ?post ; vnpol:articleCount ?articles
  OPTIONAL { ?x vnpol:evidence/vnpol:exact ?exact } OPTIONAL { ?x vnpol:evidence/vnpol:source ?article }
}"""
_OBSERVED: Final = """SELECT ?person ?post ?first ?last WHERE {
  $VALUES ?person org:hasMembership ?x . ?x vnpol:post ?post ; vnpol:firstObserved ?first ; vnpol:lastObserved ?last
}"""
# The same, of the nodes kg.identity names after the event, role and agent (or person, post and
# former): a lookup each, where the pairs above have the store go through every participation of
# the event (or membership of the person): 0.6 ms a pair in a 100,000-article build.
_SAID_AT: Final = """SELECT ?event ?role ?agent ?articles ?exact ?article WHERE {
  $VALUES ?x vnpol:event ?event ; vnpol:role ?role ; vnpol:agent ?agent ; vnpol:articleCount ?articles
  OPTIONAL { ?x vnpol:evidence/vnpol:exact ?exact } OPTIONAL { ?x vnpol:evidence/vnpol:source ?article }
}"""
_HELD_AT: Final = """SELECT ?person ?post ?articles ?exact ?article WHERE {
  $VALUES ?x org:member ?person ; vnpol:post ?post ; vnpol:articleCount ?articles
  OPTIONAL { ?x vnpol:evidence/vnpol:exact ?exact } OPTIONAL { ?x vnpol:evidence/vnpol:source ?article }
}"""
_OBSERVED_AT: Final = """SELECT ?person ?post ?first ?last WHERE {
  $VALUES ?x org:member ?person ; vnpol:post ?post
  OPTIONAL { ?x vnpol:firstObserved ?first } OPTIONAL { ?x vnpol:lastObserved ?last }
}"""
# each template's by node, and the columns of its rows that hold the pair
_AT: Final = {_SAID: (_SAID_AT, (0, 2)), _HELD: (_HELD_AT, (0, 1)), _OBSERVED: (_OBSERVED_AT, (0, 1))}


def _evidence_of(holdings: list[tuple[str, str, int]]) -> Evidence:
    """The evidence of a fact from the build's statements of it, each (quote of its first article,
    that article, how many articles): a quote rather than none, then the smallest; and how many
    other articles state it. A role has one such statement, a post held a current and a former one
    at most."""
    if not holdings:
        return Evidence()
    _none, quote, article = min((not q, q, a) for q, a, _n in holdings)
    return Evidence(quote, article, max(sum(n for _q, _a, n in holdings) - 1, 0))


class Reader:
    """What the graph says about the IRIs asked about (kept, so that no IRI is asked twice),
    and the part of it a view draws: ``kinds`` (its nodes), ``roles``, ``holds``, ``counts``."""

    def __init__(self, graph: rdf.Graph, former: Former) -> None:
        self.graph, self.former = graph, former
        self.asked: dict[str, set[str]] = defaultdict(set)  # what was read (out, names, in ...) → the IRIs
        self.types: dict[str, set[str]] = {}
        self.labels: dict[str, str] = {}
        self.label_rank: dict[str, int] = {}
        self.values: dict[str, dict[str, str]] = {name: {} for name in set(_FIRST.values())}
        self.post_bodies: dict[str, set[str]] = {}
        self.out_roles: dict[str, set[Role]] = {}
        self.in_roles: dict[str, set[Role]] = {}
        self.held_posts: dict[str, set[str]] = {}  # person → posts held now (org:holds)
        self.posts_in: dict[str, set[str]] = {}  # body → posts
        self.holders_of: dict[str, set[str]] = {}  # post → persons holding it now
        self.about: dict[str, Evidence] = {}
        self.said: dict[Role, Evidence] = {}  # of the roles of the events read
        self.details: dict[Pair, Held] = {}  # the evidence of the pairs read with it
        self.observed: dict[Pair, tuple[str, str]] = {}  # pair → first and last observed, where read
        self.kinds: dict[str, str] = {}
        self.degrees: dict[str, int] = {}
        self.roles: set[Role] = set()
        self.holds: set[Pair] = set()
        self.counts: dict[tuple[str, str], int] = {}
        self.shown: dict[tuple[str, str], frozenset[tuple[str, str]]] = {}  # see Facts.shown
        self.met: dict[str, list[tuple[str, list[str]]]] = {}

    def fork(self) -> Reader:
        """A reader that knows what this one read, with nothing drawn yet."""
        other = copy(self)
        for name in ("types", "labels", "label_rank", "post_bodies", "out_roles", "in_roles", "held_posts",
                     "posts_in", "holders_of", "about", "said", "details",
                     "observed", "kinds", "degrees"):
            setattr(other, name, copy(getattr(self, name)))
        other.asked = defaultdict(set, {k: set(v) for k, v in self.asked.items()})
        other.values = {k: dict(v) for k, v in self.values.items()}
        other.roles, other.holds, other.counts, other.met, other.shown = set(), set(), {}, {}, {}
        return other

    def _fresh(self, what: str, iris: Iterable[str]) -> list[str]:
        """The IRIs not yet asked about for ``what``, now marked as asked."""
        asked = self.asked[what]
        fresh = [i for i in dict.fromkeys(iris) if i not in asked]
        asked.update(fresh)
        return fresh

    def read(self, iris: Iterable[str], about: str = OUT) -> None:
        """Everything :data:`OUT` reads about these IRIs: types, labels, dates, places, posts, roles
        (of posts and articles, ``about`` :data:`POST` and :data:`ARTICLE` read the same faster)."""
        fresh = self._fresh("out", iris)
        self.asked["names"].update(fresh)
        self.asked["hover"].update(fresh)
        for node in fresh:
            self.types[node], self.post_bodies[node], self.out_roles[node], self.held_posts[node] = (
                set(), set(), set(), set())
        self._take_all(for_each(self.graph, about, "s", fresh) if fresh else [])

    def read_names(self, iris: Iterable[str]) -> None:
        """What :data:`NAMES` reads about these IRIs (what a side list shows): types, labels, dates."""
        fresh = self._fresh("names", iris)
        for node in fresh:
            self.types.setdefault(node, set())
        self._take_all(for_each(self.graph, NAMES, "s", fresh) if fresh else [])

    def read_hover(self, iris: Iterable[str]) -> None:
        """What a hover text says of these IRIs (:data:`HOVER`: types, labels, dates, places, the
        bodies of a post), and the labels of the places and post roles named there."""
        wanted = list(dict.fromkeys(iris))
        fresh = self._fresh("hover", wanted)
        self.asked["names"].update(fresh)
        for node in fresh:
            self.types.setdefault(node, set())
            self.post_bodies.setdefault(node, set())
        self._take_all(for_each(self.graph, HOVER, "s", fresh) if fresh else [])
        self._read_named(wanted)

    def _take_all(self, rows: Iterable[tuple[str | None, ...]]) -> None:
        for s, entries in grouped(rows):
            s = intern(s)
            for entry in entries:
                p, _, rest = entry.partition(US)
                lang, _, o = rest.partition(US)
                self._take(s, p, intern(o) if lang == "<" else o, "" if lang == "<" else lang, lang == "<")

    def _take(self, s: str, p: str, o: str, lang: str, is_iri: bool) -> None:
        if p == _RDF_TYPE:
            if o not in _HIDDEN_CLASSES:
                self.types[s].add(o)
        elif p in _LABEL_PROPERTIES:
            rank = _LANG_RANK.get(lang, 2)
            if s not in self.labels or (rank, o) < (self.label_rank[s], self.labels[s]):
                self.labels[s], self.label_rank[s] = o, rank
        elif p in _FIRST:
            first_values([(s, o)], self.values[_FIRST[p]])
        elif p == _POST_IN:
            self.post_bodies[s].add(o)
        elif p == _HOLDS:
            self.held_posts[s].add(o)
        elif p in ROLE_PROPERTIES and is_iri:
            self.out_roles[s].add((s, ROLE_PROPERTIES[p], o))

    def read_in(self, iris: Iterable[str]) -> None:
        """The roles taken by these IRIs, the posts in them, the holders of them."""
        fresh = self._fresh("in", iris)
        for node in fresh:
            self.in_roles[node], self.posts_in[node], self.holders_of[node] = set(), set(), set()
        for o, entries in grouped(for_each(self.graph, IN, "o", fresh) if fresh else []):
            o = intern(o)
            for entry in entries:
                p, _, s = entry.partition(US)
                s = intern(s)
                if p == _POST_IN:
                    self.posts_in[o].add(s)
                elif p == _HOLDS:
                    self.holders_of[o].add(s)
                elif p in ROLE_PROPERTIES:
                    self.in_roles[o].add((s, ROLE_PROPERTIES[p], o))

    def in_counts(self, iris: Iterable[str]) -> dict[tuple[str, str], int]:
        """(IRI, role) → the roles taken by the IRI; (IRI, "holds") → the holders of posts in it."""
        counts: dict[tuple[str, str], int] = {}
        bodies = []
        for o, p, n in for_each(self.graph, _IN_COUNTS, "o", iris):
            if o is not None and p in ROLE_PROPERTIES:
                counts[(o, ROLE_PROPERTIES[p])] = int(n or 0)
            elif o is not None and p == _POST_IN:
                bodies.append(o)
        for o, n in for_each(self.graph, _HOLDERS_COUNT, "o", bodies) if bodies else []:
            if o is not None:
                counts[(o, "holds")] = int(n or 0) + len(self.former.by_body.get(o, ()))
        return counts

    def degrees_of(self, iris: Iterable[str]) -> dict[str, int]:
        """The degree of each IRI in the whole graph, as :mod:`kg.views.census` counts it."""
        wanted = list(dict.fromkeys(iris))
        found = {iri: 0 for iri in wanted}
        for n, degree in for_each(self.graph, _DEGREES, "n", wanted):
            if n is not None:
                found[n] = int(degree or 0)
        for iri in wanted:
            posts = self.former.by_person.get(iri, ())
            found[iri] += sum(len(self.former.post_bodies.get(p, ())) for p in posts)
            found[iri] += len(self.former.by_body.get(iri, ()))
        return found

    def some_roles_to(self, agent: str, role: str, limit: int) -> set[Role]:
        """At most ``limit`` of the roles ``role`` taken by ``agent``, in the store's order."""
        prop = next(p for p, r in ROLE_PROPERTIES.items() if r == role)
        sparql = _SOME_ROLES.replace("$P", term(prop)).replace("$O", term(agent)).replace("$N", str(limit))
        return {(e, role, agent) for (e,) in query(self.graph, sparql) if e is not None}

    def some_holders(self, body: str, limit: int) -> set[Pair]:
        """At most ``limit`` (person, post) of the posts in ``body``, in the store's order."""
        sparql = _SOME_HOLDERS.replace("$O", term(body)).replace("$N", str(limit))
        pairs = {(p, post) for p, post in query(self.graph, sparql) if p is not None and post is not None}
        return pairs | set(sorted(self.former.by_body.get(body, ()))[: max(limit - len(pairs), 0)])

    @property
    def dates(self) -> dict[str, str]:
        return self.values["dates"]

    def read_kinds(self, iris: Iterable[str]) -> None:
        """The kinds not yet known, as :mod:`kg.views.census` ranks them."""
        wanted = [i for i in dict.fromkeys(iris) if i not in self.kinds]
        self.read_names(wanted)
        untyped = []
        for node in wanted:
            types = self.types[node]
            if VNPOL + "Person" in types:
                self.kinds[node] = "person"
            elif types & EVENT_CLASSES:
                self.kinds[node] = "event"
            else:
                untyped.append(node)
        self.read(untyped)
        self.read((post for i in untyped for post in self.held_posts[i]), POST)
        for node in untyped:
            if any(self.post_bodies[p] for p in self.held_posts[node]) or any(
                    self.former.post_bodies.get(p) for p in self.former.by_person.get(node, ())):
                self.kinds[node] = "person"
            else:
                self.kinds[node] = "event" if self.out_roles[node] else "body"

    def _read_named(self, iris: Iterable[str]) -> None:
        """The places and post roles named by these IRIs (their labels)."""
        self.read(v for name in ("places", "post_role") for i in iris if (v := self.values[name].get(i)))

    def read_posts(self, posts: Iterable[str]) -> None:
        """What :meth:`read` reads of these posts, and the labels of their places and roles."""
        wanted = list(dict.fromkeys(posts))
        self.read(wanted, POST)
        self._read_named(wanted)

    def roles_from(self, events: Iterable[str]) -> set[Role]:
        wanted = list(events)
        self.read(wanted)
        return {t for e in wanted for t in self.out_roles[e]}

    def each_role(self, events: Iterable[str]) -> Iterator[Role]:
        """(event, role, agent) of the roles at these events, one at a time as the store answers
        them, not kept."""
        for event, prop, agent in each_of(self.graph, _ROLE_ROWS, "s", events, FEW):
            if event is not None and agent is not None and prop in ROLE_PROPERTIES:
                yield event, ROLE_PROPERTIES[prop], agent

    def each_agent(self, events: Iterable[str]) -> Iterator[Pair]:
        """(event, agent) of every role but the organizer's at these events, a row per statement
        as the store answers them, not kept."""
        for event, agent in each_of(self.graph, _AGENTS, "s", events, FEW):
            if event is not None and agent is not None:
                yield event, agent

    def each_body_held(self, persons: Iterable[str]) -> Iterator[Pair]:
        """(person, body) of these persons and the bodies of the posts they hold or held, a pair
        at a time, not kept (a person holding two posts in a body may give it twice)."""
        wanted = list(dict.fromkeys(persons))
        for person, body in each_of(self.graph, _POST_BODIES, "s", wanted) if wanted else ():
            if person is not None and body is not None:
                yield person, body
        for person in wanted:
            for post in self.former.by_person.get(person, ()):
                yield from ((person, body) for body in self.former.post_bodies.get(post, ()))

    def organizers(self, events: Iterable[str]) -> set[Role]:
        """The organizer roles of these events (read a row each unless the events were read)."""
        wanted = list(dict.fromkeys(events))
        found = {t for e in wanted if e in self.asked["out"] for t in self.out_roles[e] if t[1] == "organizer"}
        unread = [e for e in wanted if e not in self.asked["out"]]
        rows = each_of(self.graph, _ORGANIZERS, "s", unread) if unread else ()
        return found | {(e, "organizer", a) for e, a in rows if e is not None and a is not None}

    def roles_to(self, agents: Iterable[str]) -> set[Role]:
        wanted = list(agents)
        self.read_in(wanted)
        return {t for a in wanted for t in self.in_roles[a]}

    def holdings(self, persons: Iterable[str], limit: int | None = None) -> set[Pair]:
        """(person, post) of the posts these persons hold or held; the posts read. With a
        ``limit``, at most that many of a person's (those held now first, then by IRI), and
        how many there are in ``counts[(person, "holds")]`` where some were left out."""
        wanted = list(dict.fromkeys(persons))
        if limit is None:
            self.read(wanted)
        first = self._first_posts(wanted, limit)
        pairs: set[Pair] = set()
        for p, (posts, total) in first.items():
            if limit is not None and total > limit:
                self.counts[(p, "holds")] = total
            pairs.update((p, post) for post in posts)
        self.read_posts(post for _p, post in pairs)
        return pairs

    def _first_posts(self, persons: list[str], limit: int | None) -> dict[str, tuple[list[str], int]]:
        """Each person's first ``limit`` posts in :func:`posts_in_order` (all without a limit),
        and how many posts they hold or held. Of a person whose statements were not read, the
        posts held now are read a row each and the first ``limit`` kept (a busy person of a
        big build holds hundreds). The posts held formerly only are never held now (see
        :func:`kg.views.facts.read_former`)."""
        unread = [p for p in persons if p not in self.asked["out"]] if limit is not None else []
        kept: dict[str, list[str]] = {p: [] for p in unread}
        held = dict.fromkeys(unread, 0)
        for person, post in each_of(self.graph, _HELD_NOW, "s", unread) if unread else ():
            if person is not None and post is not None:
                held[person] += 1
                insort(kept[person], post)
                del kept[person][limit:]
        found = {}
        for p in persons:
            current, now = (kept[p], held[p]) if p in kept else (self.held_posts[p], len(self.held_posts[p]))
            former = self.former.by_person.get(p, frozenset())
            found[p] = (posts_in_order(current, former)[:limit], now + len(former))
        return found

    def holders(self, bodies: Iterable[str]) -> set[Pair]:
        """(person, post) of the posts in these bodies and their holders, now or formerly."""
        wanted = list(bodies)
        self.read_in(wanted)
        posts = {post for b in wanted for post in self.posts_in[b]}
        self.read_in(posts)
        pairs = {(person, post) for post in posts for person in self.holders_of[post]}
        pairs |= {pair for b in wanted for pair in self.former.by_body.get(b, ())}
        self.read_posts(post for _p, post in pairs)
        return pairs

    def posts_held_in(self, pairs: Collection[Pair]) -> set[Pair]:
        """(person, post) of the posts each (person, body) pair holds or held in the body; the posts read."""
        found = {(person, post) for person, post in for_pairs(self.graph, _POSTS_IN, ("person", "o"), pairs)
                 if person is not None and post is not None} if pairs else set()
        found |= {pair for person, body in pairs for pair in self.former.by_body.get(body, ()) if pair[0] == person}
        self.read_posts(post for _p, post in found)
        return found

    def is_current(self, pair: Pair) -> bool:
        """Whether the person holds the post now (``org:holds``). A pair drawn comes from
        ``org:holds`` or from ``former`` (held formerly and not now), so this does not depend
        on what else this reader happened to read before."""
        person, post = pair
        return post not in self.former.by_person.get(person, frozenset())

    def read_about(self, events: Iterable[str]) -> None:
        """The quote kept for each event, the article it is from, and how many articles mention it."""
        fresh = self._fresh("about", events)
        if not fresh:
            return
        quoted = for_each(self.graph, _OWN_QUOTES, "s", fresh, FEWER)
        quotes = {s: best.partition(SEP) for s, best in quoted if s and best}
        for s, count, first in for_each(self.graph, _MENTIONS, "s", fresh, FEWER):
            if s is not None:
                quote, _, article = quotes.get(s, ("", "", ""))
                self.about[s] = Evidence(quote, article or first or "", max(int(count or 0) - 1, 0))
        self.read((e.article for s in fresh if (e := self.about.get(s)) and e.article), ARTICLE)

    def read_said(self, events: Iterable[str], wanted: Iterable[Role], *, whole: bool = True) -> None:
        """The evidence of the ``wanted`` roles from the build's participations: the quote of
        the first article that states a role, and how many others do. Read a whole event at a
        time (these ``events``, whose pages quote every agent, and those of the roles), or,
        not ``whole``, the participations of the agents of the roles only."""
        todo = [r for r in dict.fromkeys(wanted) if r not in self.said]
        if whole:
            rows = for_each(self.graph, _SAID, "event",
                            self._fresh("said", {*events, *(event for event, _role, _agent in todo)}), FEWER)
        else:
            taken = [(event, role, agent) for event, role, agent in todo if role in ROLES]  # an organizer has none
            nodes = [ids.participation(ids.base_of(event), event, role, agent) for event, role, agent in taken]
            rows = self._at(_SAID, nodes, ("event", "agent"), {(event, agent) for event, _role, agent in taken})
        for event, role, agent, articles, exact, article in rows:
            if event is not None and role in ROLE_OF and agent is not None:
                self.said[(event, ROLE_OF[role], agent)] = _evidence_of([(exact or "", article or "",
                                                                          int(articles or 0))])
        self.read((e.article for r in todo if (e := self.said.get(r)) and e.article), ARTICLE)

    def read_held(self, pairs: Iterable[Pair], evidenced: Collection[Pair] = (), *, whole: bool = True) -> None:
        """The dates observed of these (person, post) pairs, and also the evidence of the
        ``evidenced`` ones, from the build's holdings of each pair (a current and a former one
        at most: their articles added, their dates widened). Read a whole person at a time
        (faster when most of their posts are wanted), or, not ``whole``, pair by pair."""
        todo = [p for p in dict.fromkeys(evidenced) if p not in self.details]
        wanted = set(todo)
        found: dict[Pair, list[tuple[str, str, int]]] = defaultdict(list)  # pair → (quote, article, articles)
        for person, post, articles, exact, article in self._of_pairs(_HELD, todo, whole):
            if person is not None and post is not None and (person, post) in wanted:
                found[(person, post)].append((exact or "", article or "", int(articles or 0)))
        self.details |= {pair: Held(_evidence_of(found[pair]), "", "", current=False) for pair in todo}
        self.read((a for p in todo if (a := self.details[p].evidence.article)), ARTICLE)
        fresh = [p for p in dict.fromkeys([*todo, *pairs]) if p not in self.observed]
        self.observed |= {pair: ("", "") for pair in fresh}
        asked = set(fresh)
        for person, post, first, last in self._of_pairs(_OBSERVED, fresh, whole):
            if person is not None and post is not None and (person, post) in asked and first and last:
                was_first, was_last = self.observed[(person, post)]
                self.observed[(person, post)] = (min(first, was_first or first), max(last, was_last))

    def _of_pairs(self, template: str, pairs: Collection[Pair], whole: bool) -> list[tuple[str | None, ...]]:
        if whole:
            return for_each(self.graph, template, "person", {person for person, _post in pairs})
        nodes = [ids.tenure(ids.base_of(person), person, post, former) for person, post in pairs
                 for former in (False, True)]
        return self._at(template, nodes, ("person", "post"), pairs)

    def _at(self, template: str, nodes: list[str], names: tuple[str, str],
            pairs: Collection[Pair]) -> list[tuple[str | None, ...]]:
        """The rows of ``template`` for these pairs, read from the build's nodes of them where the
        store has these, else (a graph kg did not make) pair by pair."""
        by_node, (first, second) = _AT[template]
        rows = for_each(self.graph, by_node, "x", nodes) if nodes else []
        found = {(row[first], row[second]) for row in rows}
        missed = [pair for pair in pairs if pair not in found]
        return rows + (for_pairs(self.graph, template, names, missed) if missed else [])

    def facts(self) -> Facts:
        """What was read, for the nodes in ``kinds`` and the edges in ``roles`` and ``holds``."""
        held = {}
        for pair in self.holds:
            found = self.details.get(pair, Held(Evidence(), "", "", current=False))
            first, last = self.observed.get(pair, ("", ""))
            held[pair] = Held(found.evidence, first, last, self.is_current(pair))
        posts = {post for _p, post in self.holds}
        return Facts(
            kinds=self.kinds, degrees=self.degrees, labels=self.labels, types=self.types,
            dates=self.values["dates"], published=self.values["published"], links=self.values["links"],
            about=self.about, post_bodies={p: tuple(sorted(self.post_bodies.get(p, ()))) for p in posts},
            post_role=self.values["post_role"], places=self.values["places"], roles=self.roles,
            said={r: self.said[r] for r in self.roles if r in self.said}, held=held, counts=self.counts,
            met=self.met, shown=self.shown,
        )
