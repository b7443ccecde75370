"""The part of the graph each view reads: the pages of some entities, or the overview.

Nothing here reads the whole graph except :func:`to_networkx` (small graphs and tests): a
batch of entity pages reads the entities, their edges (at most ``pages.LIST_MAX`` of a role),
the other agents of a person's events (people met), then, for the neighbours drawn around
each entity, what their hover texts say (of a person, ``pages.TITLE_POSTS_MAX`` posts); the
overview reads its nodes and, of each, its roles to the ``AMONG_MAX`` most connected others.
So what is read grows with the pages and the nodes drawn, not with the graph. Where only a
few of many statements are kept, they are read a row at a time (``Reader.each_role``).
"""

from __future__ import annotations

import sys
from bisect import insort
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Final

from kg import rdf
from kg.views import census
from kg.views import pages as page
from kg.views.census import Node
from kg.views.facts import Facts, read_former
from kg.views.graph import Net, NxGraph, Skeleton, from_facts, skeleton
from kg.views.overview import Edges, choose, thin
from kg.views.pages import ring
from kg.views.reader import Reader
from kg.views.styles import EVENT_ROLES, ROLES, local, name_key

Role = tuple[str, str, str]  # (event, role, agent)
Pair = tuple[str, str]  # (person, post)
EDGE_BUDGET: Final = 30_000  # edges of the entities read for one batch of pages
# Entities in one batch of pages. What a batch holds grows with what the neighbours drawn
# around each entity have (a busy person of a big build holds hundreds of posts), not with
# the entities' own edges: at 100,000 articles a batch of 272 little-connected entities held
# 68,000 edges, and the process of one views part 580 MB. Since the pages read only what they
# draw, small batches cost little: on the views alone of that build (the part without the
# overview), at most 128 a batch peaked at 410 MiB in 51.2 s, 64 at 350 MiB in 52.1 s, 32 at
# 314 MiB in 55.5 s; at 10,000 articles 219, 192 and 177 MiB in 14.9, 10.9 and 11.8 s.
BATCH_MAX: Final = 32
AMONG_MAX: Final = 20  # of each node the overview may draw, its roles of a kind read among the others
# Of a node the overview may draw none of whose neighbours it may draw, the edges of a kind read
# to find its most connected neighbour, drawn with it. At 200,000 articles 294 such nodes, all
# bodies, had 312,766 holders and 36,221 roles: read whole, with the degree of each other end,
# they took the overview 53 MiB and 18.5 s more.
NEIGHBOURS_READ: Final = 64


def _know(r: Reader, nodes: Iterable[Node]) -> None:
    for node in nodes:
        r.kinds[node.iri] = node.kind
        r.degrees[node.iri] = node.degree


def _of_kind(r: Reader, iris: Iterable[str], kind: str) -> list[str]:
    return [i for i in iris if r.kinds.get(i) == kind]


def _ends(r: Reader, roles: Iterable[Role], pairs: Iterable[Pair]) -> set[str]:
    """The nodes at the ends of these edges (a post's bodies for a holding)."""
    found = {x for event, _role, agent in roles for x in (event, agent)}
    for person, post in pairs:
        found |= {person, *r.post_bodies.get(post, ())}
    return found


def _holds(r: Reader, persons: Collection[str], bodies: Collection[str] = (), limit: int | None = None) -> set[Pair]:
    """The posts of these persons (at most ``limit`` of each) and the holders of posts in these bodies."""
    return (r.holdings(persons, limit) if persons else set()) | (r.holders(bodies) if bodies else set())


def _describe(r: Reader, nodes: Collection[str], detailed: Collection[str]) -> None:
    """Kind, label, type and date of ``nodes``; place and own evidence of the ``detailed``."""
    r.read_kinds(nodes)
    r.read_hover(detailed)
    r.read_about(_of_kind(r, detailed, "event"))


def to_networkx(graph: rdf.Graph) -> NxGraph:
    """The whole graph as a networkx MultiDiGraph keyed by IRI (for small graphs and tests;
    :func:`kg.views.write_views` reads only what it draws). See :func:`kg.views.graph.from_facts`."""
    return from_facts(everything(graph))


def everything(graph: rdf.Graph) -> Facts:
    """The whole graph: every node, edge and what their hover texts say."""
    r = Reader(graph, read_former(graph))
    _know(r, census.take(graph, sys.maxsize).top)
    nodes = list(r.kinds)
    r.roles |= r.roles_from(nodes)
    r.holds |= {pair for pair in _holds(r, nodes) if pair[0] in r.kinds}
    _describe(r, nodes, nodes)
    r.read_said(_of_kind(r, nodes, "event"), r.roles)
    r.read_held(r.holds, r.holds)
    return r.facts()


def ranked(r: Reader, top: Sequence[Node]) -> tuple[list[Node], dict[str, str]]:
    """The census' most connected nodes by degree, then name, then IRI; and their labels."""
    r.read_names(n.iri for n in top)
    labels = {n.iri: r.labels.get(n.iri) or local(n.iri) for n in top}
    return sorted(top, key=lambda n: (-n.degree, name_key(labels[n.iri]), n.iri)), labels


def batches(nodes: Sequence[Node]) -> Iterator[list[Node]]:
    """The entities in batches whose edges to read add up to about ``EDGE_BUDGET``, at most
    ``BATCH_MAX`` entities each."""
    batch: list[Node] = []
    size = 0
    for node in nodes:
        batch.append(node)
        size += min(node.degree, 6 * page.LIST_MAX)
        if size >= EDGE_BUDGET or len(batch) >= BATCH_MAX:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _keep(r: Reader, roles: set[Role], entities: set[str]) -> set[Role]:
    """The roles, with at most ``LIST_MAX`` agents of an entity's event in a role (the first by
    IRI, in ``r.shown``; the others counted in ``r.counts``) besides those an agent of the
    batch keeps for its own page."""
    agents: dict[tuple[str, str], list[Role]] = defaultdict(list)
    for t in roles:
        if t[0] in entities:
            agents[(t[0], t[1])].append(t)
    dropped: set[Role] = set()
    for key, found in agents.items():
        if len(found) > page.LIST_MAX:
            r.counts[key] = len(found)
            ranked = sorted(found, key=lambda t: t[2])
            r.shown[key] = frozenset((agent, role) for _e, role, agent in ranked[: page.LIST_MAX])
            dropped.update(t for t in ranked[page.LIST_MAX:] if not _kept_by_agent(r, t, entities))
    return roles - dropped


def _kept_by_agent(r: Reader, role: Role, entities: set[str]) -> bool:
    """Whether the agent of ``role`` is an entity of the batch whose page shows it."""
    return role[2] in entities and _agent_shows(r, role)


def _agent_shows(r: Reader, role: Role) -> bool:
    """Whether the agent's own page shows ``role`` (all of a kind of role do where all were read)."""
    event, kind, agent = role
    return (event, kind) in r.shown.get((agent, kind), {(event, kind)})


def _edges_of_entities(r: Reader, entities: list[str]) -> tuple[set[Role], set[Pair]]:
    """The edges of the entities: all of them, or, of an entity with more than ``LIST_MAX``
    roles of a kind (or ``HOLDERS_MAX`` holders), that many in the store's order, counted in
    ``r.counts``, and those read for it in ``r.shown``. An edge is kept when one end keeps it."""
    counts = r.in_counts(entities)
    big = {key: n for key, n in counts.items()
           if n > (page.HOLDERS_MAX if key[1] == "holds" else page.LIST_MAX)}
    r.counts |= big
    heavy = {x for x, _role in big}
    light = [x for x in entities if x not in heavy]
    roles = r.roles_from(entities) | r.roles_to(light)
    for x in sorted(heavy):
        for role in EVENT_ROLES:
            some = r.some_roles_to(x, role, page.LIST_MAX)
            roles |= some
            if (x, role) in big:
                r.shown[(x, role)] = frozenset((event, role) for event, _role, _agent in some)
    pairs = r.holdings(entities) | r.holders(_of_kind(r, light, "body"))
    for x in _of_kind(r, sorted(heavy), "body"):
        pairs |= (holders := r.some_holders(x, page.HOLDERS_MAX))
        if (x, "holds") in big:
            r.shown[(x, "holds")] = frozenset(holders)
    r.read_posts(post for _p, post in pairs)
    return _keep(r, roles, set(entities)), pairs


def _facts(r: Reader, nodes: Iterable[str]) -> NxGraph:
    """The graph of what ``r`` read, with these nodes and the edges between them; the hover texts
    are written as a page draws them (:meth:`kg.views.graph.Net.node_title`)."""
    found = r.facts()
    return from_facts(replace(found, kinds={n: found.kinds[n] for n in nodes}), titles=False,
                      title_posts=page.TITLE_POSTS_MAX)


def _by_date(r: Reader, events: Iterable[str]) -> list[str]:
    """Events as :func:`kg.views.pages.by_date` orders them."""
    return sorted(events, key=lambda e: (r.dates.get(e, ""), name_key(r.labels.get(e) or local(e)), e))


def _shared(r: Reader, events_of: dict[str, list[str]]) -> dict[str, dict[str, int]]:
    """Of each person, the other agents at the person's events, each with the events it was at
    as bits (bit i: ``events_of[person][i]``). The roles are read a pair at a time as the store
    answers and not kept: at 200,000 articles the 32 entities of a batch of pages had 226,002
    roles at their people's latest events (30 MiB as read, whole)."""
    at: dict[str, list[tuple[str, int]]] = defaultdict(list)  # event → (person, its bit)
    for person, events in events_of.items():
        for i, event in enumerate(events):
            at[event].append((person, 1 << i))
    shared: dict[str, dict[str, int]] = {person: defaultdict(int) for person in events_of}
    for event, agent in r.each_agent(at) if at else ():  # the store's IRIs come interned (kg.store)
        for person, bit in at[event]:
            if agent != person:
                shared[person][agent] |= bit
    return shared


def _events(events: list[str], bits: int) -> list[str]:
    return [event for i, event in enumerate(events) if bits >> i & 1]


def _read_met(r: Reader, events_of: dict[str, list[str]]) -> None:
    """The ``MET_LISTED`` people each person met most often at these events, as
    :func:`kg.views.pages.co_participants` ranks them, into ``r.met``. The agents are read by
    how often they were there, most often first, until that many people are found (for all
    the persons at once, in rounds); of the agents there as often as the last person listed,
    only as many as needed are read, in IRI order (a busy person's page of a big build would
    otherwise read thousands of agents met once to list a few of them)."""
    shared = _shared(r, events_of)
    rounds = {person: sorted({e.bit_count() for e in found.values()}, reverse=True) for person, found in shared.items()}
    people: dict[str, list[str]] = {person: [] for person in shared}
    left: dict[str, list[str]] = {person: [] for person in shared}  # agents of the round not read yet
    while wanted := [p for p in shared if (rounds[p] or left[p]) and len(people[p]) < page.MET_LISTED]:
        for p in wanted:
            if not left[p]:
                count = rounds[p].pop(0)
                left[p] = sorted(o for o, e in shared[p].items() if e.bit_count() == count)
        agents = {p: left[p][: 2 * (page.MET_LISTED - len(people[p]))] for p in wanted}
        r.read_kinds(o for found in agents.values() for o in found)
        for p in wanted:
            left[p] = left[p][len(agents[p]):]
            people[p] += [o for o in agents[p] if r.kinds[o] == "person"]
    for person, found in people.items():
        met = shared[person]
        ranked = sorted(found, key=lambda o: (-met[o].bit_count(), name_key(r.labels.get(o) or local(o)), o))
        r.met[person] = [(o, _by_date(r, _events(events_of[person], met[o]))) for o in ranked[: page.MET_LISTED]]


def _structure(r: Reader, entities: list[str]) -> set[str]:
    """The edges of the entities (capped), and the people met most often by the people among
    them (read from the other agents of their latest events); returns the nodes at their ends."""
    inside = set(entities)
    roles, pairs = _edges_of_entities(r, entities)
    people = set(_of_kind(r, entities, "person"))
    events_of: dict[str, set[str]] = defaultdict(set)
    for event, role, agent in roles:
        if agent in people and role in ROLES and _agent_shows(r, (event, role, agent)):
            events_of[agent].add(event)
    r.read_names(e for events in events_of.values() for e in events)  # their dates
    latest = {p: sorted(events_of[p], key=lambda e: (r.dates.get(e, ""), e))[-page.MET_EVENTS:] for p in people}
    _read_met(r, latest)
    r.roles |= roles
    r.holds |= pairs
    nodes = inside | _ends(r, r.roles, r.holds) | {p for met in r.met.values() for p, _events in met}
    r.read_kinds(nodes)
    return nodes


def _details(r: Reader, entities: list[str], drawn: set[str]) -> set[str]:
    """What the pages show of the drawn nodes: their posts, their events' organizers (whose
    jurisdiction places an event), hover texts, and the evidence of the edges drawn; returns
    the nodes added."""
    events = _of_kind(r, drawn, "event")
    inside = set(entities)
    r.roles |= r.organizers(events)
    r.holds |= r.holdings(_of_kind(r, drawn - inside, "person"), page.TITLE_POSTS_MAX)
    nodes = drawn | _ends(r, r.roles, r.holds)
    _describe(r, nodes, drawn | {agent for _e, role, agent in r.roles if role == "organizer"})
    r.read_said(_of_kind(r, entities, "event"), {t for t in r.roles if t[0] in inside})  # every agent quoted
    r.read_said((), {t for t in r.roles if t[2] in inside and t[0] in drawn and t[0] not in inside}, whole=False)
    listed = {pair for pair in r.holds if pair[0] in inside or inside & r.post_bodies.get(pair[1], set())}
    drawn_ends = {(p, post) for p, post in listed if (p in inside and drawn & r.post_bodies.get(post, set()))
                  or (p in drawn and inside & r.post_bodies.get(post, set()))}
    own = {pair for pair in listed if pair[0] in inside}  # a person's page lists every post: read whole
    r.read_held(own, {pair for pair in drawn_ends if pair in own})
    r.read_held(listed - own, drawn_ends - own, whole=False)
    return nodes


def pages(r: Reader, batch: Sequence[Node]) -> NxGraph:
    """The graph the pages of ``batch`` are drawn from (see :func:`kg.views.pages.entity_page`)."""
    _know(r, batch)
    entities = [n.iri for n in batch]
    nodes = _structure(r, entities)
    net = Net(_facts(r, nodes))
    drawn = {n for iri in entities for n in [iri, *ring(net, iri)]}
    return _facts(r, nodes | _details(r, entities, drawn))


def _edges_of(r: Reader, iris: Collection[str]) -> tuple[set[Role], set[Pair]]:
    """Every edge of these nodes (of a person, the posts a hover text names)."""
    roles = (r.roles_from(iris) | r.roles_to(iris)) if iris else set()
    return roles, _holds(r, iris, iris, page.TITLE_POSTS_MAX)


def _skeleton(r: Reader, nodes: dict[str, str], roles: Iterable[Role], pairs: Iterable[Pair]) -> Skeleton:
    """The nodes (IRI → kind) and the edges among them, as :func:`kg.views.graph.skeleton` draws them."""
    return skeleton(nodes, r.labels, r.degrees, roles, pairs, r.post_bodies)


def _roles_among(r: Reader, seeds: list[str]) -> set[Role]:
    """The roles between the seeds, read a pair at a time: of each seed and role, those to the
    ``AMONG_MAX`` most connected other seeds (then by IRI), a role kept when either end keeps
    it. :func:`kg.views.overview.thin` keeps a node's first one or two of a role in turn, so
    these are the ones it draws; what is kept grows with the seeds, not with a hub's edges."""
    inside = set(seeds)
    best: dict[tuple[str, str], list[tuple[int, str, Role]]] = defaultdict(list)  # (end, role) → kept
    for event, role, agent in r.each_role(seeds):
        if agent in inside:
            _keep_best(best[(event, role)], (-r.degrees[agent], agent, (event, role, agent)))
            _keep_best(best[(agent, role)], (-r.degrees[event], event, (event, role, agent)))
    return {t for kept in best.values() for _degree, _end, t in kept}


def _keep_best(kept: list[tuple[int, str, Role]], item: tuple[int, str, Role]) -> None:
    insort(kept, item)
    del kept[AMONG_MAX:]


def _to_best(r: Reader, lonely: list[str]) -> tuple[set[Role], set[Pair]]:
    """The edges of each of these seeds to its most connected neighbour (then by IRI), the one
    :func:`kg.views.overview.choose` draws with a seed none of whose neighbours is a seed: of
    the roles it takes and the holders of posts in it, the first ``NEIGHBOURS_READ`` of a kind
    in the store's order are looked at. Of a body, the holders are read without their posts,
    then the posts of the one drawn."""
    roles = r.roles_from(lonely) if lonely else set()
    for agent in lonely:
        for role in EVENT_ROLES:
            roles |= r.some_roles_to(agent, role, NEIGHBOURS_READ)
    pairs = r.holdings(lonely, page.TITLE_POSTS_MAX) if lonely else set()
    holding: dict[str, set[str]] = defaultdict(set)
    for body in _of_kind(r, lonely, "body"):
        for person, _post in r.some_holders(body, NEIGHBOURS_READ):
            holding[body].add(person)
    ends: dict[str, set[str]] = defaultdict(set)
    for event, _role, agent in roles:
        ends[event].add(agent)
        ends[agent].add(event)
    for person, post in pairs:
        for body in r.post_bodies.get(post, ()):
            ends[person].add(body)
    for body, persons in holding.items():
        ends[body] |= persons
    r.degrees |= r.degrees_of(n for s in lonely for n in ends[s] if n not in r.degrees)
    best = {s: max(ends[s], key=lambda n: (r.degrees[n], n)) for s in lonely if ends[s]}
    return ({t for t in roles if best.get(t[0]) == t[2] or best.get(t[2]) == t[0]},
            {(p, post) for p, post in pairs if best.get(p) in r.post_bodies.get(post, ())}
            | r.posts_held_in({(best[b], b) for b, persons in holding.items() if best.get(b) in persons}))


def _drawn(r: Reader, seeds: list[str], limit: int, total: int) -> tuple[list[str], Skeleton, set[Pair]]:
    """What :func:`kg.views.overview.choose` draws of the whole graph, chosen on a part of it: the
    seeds, the roles among them (:func:`_roles_among`), the posts of the persons among them (the
    first ``pages.TITLE_POSTS_MAX``), and, of a seed with none of these, its most connected
    neighbour. A first choice tells which of these neighbours are drawn; their own edges are
    read for the second, the one kept. Returns it, the graph it was made on (no hover texts:
    of a person, the edges to the bodies of the posts a hover text names, and of a body with
    no seed among its neighbours, to the holder drawn with it), and the posts of these holders."""
    inside = set(seeds)
    roles = _roles_among(r, seeds)
    pairs = {p for p in r.holdings(seeds, page.TITLE_POSTS_MAX) if inside & r.post_bodies.get(p[1], set())}
    linked = _ends(r, roles, pairs) & inside
    lonely_roles, lonely_pairs = _to_best(r, [s for s in seeds if s not in linked])
    near = _ends(r, lonely_roles, lonely_pairs) - inside
    nodes = {n: r.kinds.get(n, "body") for n in [*seeds, *near]}  # a neighbour's kind matters once drawn
    first = choose(_skeleton(r, nodes, roles | lonely_roles, pairs | lonely_pairs), limit, total)
    extras = [n for n in first if n not in inside]
    r.read_kinds(extras)
    extra_roles, extra_pairs = _edges_of(r, extras)
    nodes |= {n: r.kinds[n] for n in extras}
    net = _skeleton(r, nodes, roles | lonely_roles | extra_roles, pairs | lonely_pairs | extra_pairs)
    return choose(net, limit, total), net, lonely_pairs


def _roles_drawn(r: Reader, drawn: list[str], edges: frozenset[tuple[str, str]]) -> tuple[set[Role], int]:
    """Every role of the agent and event of an edge drawn, the organizers of the events drawn,
    and how many (agent, event) pairs of the drawn nodes have roles, read a pair at a time."""
    inside = set(drawn)
    roles: set[Role] = set()
    paired: set[tuple[str, str]] = set()
    for event, role, agent in r.each_role(drawn):
        if agent in inside:
            paired.add((agent, event))
        if (agent, event) in edges or role == "organizer":
            roles.add((event, role, agent))
    return roles, len(paired)


def _bodies_held(r: Reader, persons: list[str], inside: set[str]) -> int:
    """How many (person, body) of these persons and the nodes ``inside`` are linked by a post
    held now or formerly, of all the person's posts."""
    return len({pair for pair in r.each_body_held(persons) if pair[1] in inside})


def overview(r: Reader, top: Sequence[Node], limit: int, total: int, listed: Sequence[str],
             max_edges: int) -> tuple[list[str], Edges, NxGraph]:
    """The nodes the overview draws (at most about ``limit`` of the ``top`` ones, see
    :func:`kg.views.overview.choose`), the edges it draws among them (about ``max_edges``, see
    :func:`kg.views.overview.thin`), and the graph of them and of the ``listed`` ones: the
    evidence is read for the edges drawn only."""
    _know(r, top)
    drawn, skeleton, lonely_pairs = _drawn(r, [n.iri for n in top[:limit]], limit, total)
    edges = thin(skeleton, drawn, max_edges)
    del skeleton
    inside = set(drawn)
    r.roles, paired = _roles_drawn(r, drawn, edges.drawn)
    edges = Edges(edges.drawn, paired + _bodies_held(r, _of_kind(r, drawn, "person"), inside))
    # (the holder drawn with a body may hold the post there after the first TITLE_POSTS_MAX)
    r.holds = r.holdings(_of_kind(r, {*drawn, *listed}, "person"), page.TITLE_POSTS_MAX) | {
        (p, post) for p, post in lonely_pairs if any((p, body) in edges.drawn for body in r.post_bodies[post])}
    nodes = {*drawn, *listed, *_ends(r, r.roles, r.holds)}
    _describe(r, nodes, inside | {agent for _e, role, agent in r.roles if role == "organizer"})
    r.read_said((), {t for t in r.roles if (t[2], t[0]) in edges.drawn}, whole=False)
    among = {(p, post) for p, post in r.holds
             if any((p, body) in edges.drawn for body in r.post_bodies.get(post, ()))}
    r.read_held(among, among, whole=False)
    return drawn, edges, _facts(r, nodes)
