"""Facts → a networkx MultiDiGraph of people, bodies and events; the only networkx user.

Edges read subject → verb → object: agent → event for the roles chair, attendee, reporter
and speaker; body → event for organizer; person → body for holds (one edge per post, keyed
``"holds <post IRI>"``). The rest of the views reach the graph through :class:`Net`, so
that they do not depend on networkx.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from typing import Any, Final, Protocol, TypeAlias

import networkx as nx

from kg.views.facts import Evidence, Facts, posts_in_order
from kg.views.sparql import ORG, VNPOL
from kg.views.styles import EDGE_ORDER, EDGE_STYLES, NODE_STYLES, clip, joined, local, show_date

NxGraph: TypeAlias = "nx.MultiDiGraph[str]"
Attrs: TypeAlias = dict[str, Any]
_GENERIC_CLASSES: Final = frozenset({VNPOL + "Event", VNPOL + "Person", ORG + "Organization"})


class Ranked(Protocol):
    """What choosing and thinning the overview read: a :class:`Net` or a :class:`Skeleton`."""

    def node(self, iri: str) -> Attrs: ...
    def nodes(self) -> list[str]: ...
    def degree(self, iri: str) -> int: ...
    def neighbours(self, iri: str) -> set[str]: ...
    def among(self, nodes: Collection[str]) -> list[tuple[str, str, Attrs]]: ...


class Net:
    """Read access to the graph for the pages: nodes by IRI with their attributes, edges by role."""

    def __init__(self, g: NxGraph) -> None:
        self.g = g

    def __len__(self) -> int:
        return int(self.g.number_of_nodes())

    def __contains__(self, iri: object) -> bool:
        return iri in self.g

    def node(self, iri: str) -> Attrs:
        return self.g.nodes[iri]

    def nodes(self) -> list[str]:
        return list(self.g.nodes)

    def of_kind(self, kind: str) -> list[str]:
        return [n for n, a in self.g.nodes(data=True) if a["kind"] == kind]

    def degree(self, iri: str) -> int:
        """The edges of ``iri`` in the whole graph (read for the nodes the overview may draw)."""
        return _degree(iri, self.g.nodes[iri])

    def out(self, iri: str, *roles: str) -> list[tuple[str, Attrs]]:
        """(target, edge attributes) of the edges from ``iri``, of the given roles (or all)."""
        return [(v, a) for _u, v, a in self.g.out_edges(iri, data=True) if not roles or a["role"] in roles]

    def into(self, iri: str, *roles: str) -> list[tuple[str, Attrs]]:
        """(source, edge attributes) of the edges into ``iri``, of the given roles (or all)."""
        return [(u, a) for u, _v, a in self.g.in_edges(iri, data=True) if not roles or a["role"] in roles]

    def neighbours(self, iri: str) -> set[str]:
        return {*self.g.successors(iri), *self.g.predecessors(iri)}

    def node_title(self, iri: str) -> str:
        """The hover text of a node, written the first time it is asked for: a batch of pages
        or the overview draws a fraction of the graph it reads."""
        a = self.g.nodes[iri]
        if "title" not in a:
            a["title"] = _node_title(self.g, iri, a)
        return str(a["title"])

    def edge_title(self, u: str, v: str, a: Attrs) -> str:
        """The hover text of the edge ``u`` → ``v`` with attributes ``a``, as :meth:`node_title`."""
        if "title" not in a:
            a["title"] = _edge_title(self.g, u, v, a)
        return str(a["title"])

    def among(self, nodes: Collection[str]) -> list[tuple[str, str, Attrs]]:
        """The edges whose two ends are both in ``nodes``, in the order of ``nodes``."""
        inside = nodes if isinstance(nodes, (set, frozenset, dict)) else set(nodes)
        return [(u, v, a) for u in nodes for _u, v, a in self.g.out_edges(u, data=True) if v in inside]


def _degree(iri: str, attrs: Attrs) -> int:
    if attrs["degree"] is None:
        raise LookupError(f"the degree of {iri} was not read")
    return int(attrs["degree"])


def _class_name(types: Iterable[str]) -> str:
    names = sorted(local(t) for t in types if t not in _GENERIC_CLASSES)
    return names[0] if names else min((local(t) for t in types), default="")


def _source_attrs(f: Facts, evidence: Evidence) -> Attrs:
    return {
        "quote": evidence.quote,
        "article": evidence.article,
        "headline": f.labels.get(evidence.article, ""),
        "published": f.published.get(evidence.article, ""),
        "url": f.links.get(evidence.article, ""),
        "others": evidence.others,
    }


def _add_nodes(g: NxGraph, f: Facts) -> None:
    counts: dict[str, dict[str, int]] = {}
    for (iri, role), count in f.counts.items():
        counts.setdefault(iri, {})[role] = count
    shown: dict[str, dict[str, frozenset[tuple[str, str]]]] = {}
    for (iri, role), edges in f.shown.items():
        shown.setdefault(iri, {})[role] = edges
    for iri, kind in sorted(f.kinds.items()):
        g.add_node(
            iri, kind=kind, label=f.labels.get(iri) or local(iri), cls=_class_name(f.types.get(iri, ())),
            date=f.dates.get(iri, "") if kind == "event" else "", loose_posts=(),
            titled=frozenset(), title_loose=(), more_posts=0,
            place=f.labels.get(f.places.get(iri, ""), ""), degree=f.degrees.get(iri), counts=counts.get(iri, {}),
            met=f.met.get(iri), shown=shown.get(iri, {}),
            **_source_attrs(f, f.about.get(iri, Evidence()) if kind == "event" else Evidence()),
        )


def _add_role_edges(g: NxGraph, f: Facts) -> None:
    for event, role, agent in sorted(f.roles, key=lambda t: (t[0], EDGE_ORDER[t[1]], t[2])):
        if event not in g or agent not in g:
            continue
        evidence = f.said.get((event, role, agent)) or Evidence("", f.about.get(event, Evidence()).article)
        g.add_edge(agent, event, key=role, role=role, **_source_attrs(f, evidence))


def _add_event_places(g: NxGraph) -> None:
    """An event with no place of its own is placed in its organizer's jurisdiction."""
    for iri, a in g.nodes(data=True):
        if a["kind"] == "event" and not a["place"]:
            organizers = sorted(u for u, _v, e in g.in_edges(iri, data=True) if e["role"] == "organizer")
            a["place"] = next((g.nodes[u]["place"] for u in organizers if g.nodes[u]["place"]), "")


def _titled(f: Facts, most: int | None) -> dict[str, frozenset[str]]:
    """Person → the posts read of the person that the hover text names: all, or the first
    ``most`` in :func:`kg.views.facts.posts_in_order`, the order in which
    :meth:`kg.views.reader.Reader.holdings` reads a person drawn but not the subject of a page.
    The same whether or not the batch read more of the person's (a person with a page of their
    own, the holder of a post in a body with one)."""
    current: dict[str, list[str]] = {}
    former: dict[str, list[str]] = {}
    for (person, post), held in f.held.items():
        (current if held.current else former).setdefault(person, []).append(post)
    return {person: frozenset(posts_in_order(current.get(person, ()), former.get(person, ()))[:most])
            for person in current.keys() | former.keys()}


def _add_holds_edges(g: NxGraph, f: Facts, title_posts: int | None) -> None:
    titled = _titled(f, title_posts)
    for (person, post), held in sorted(f.held.items()):
        label = f.labels.get(post) or local(post)
        bodies = [body for body in f.post_bodies.get(post, ()) if body in g]
        if not bodies:
            text = label if held.current else f"{label} (nguyên)"
            g.nodes[person]["loose_posts"] += (text,)
            if post in titled[person]:
                g.nodes[person]["title_loose"] += (text,)
        for body in bodies:
            g.add_edge(
                person, body, key=f"holds {post}", role="holds", post=post, post_label=label,
                post_role=f.labels.get(f.post_role.get(post, ""), ""), former=not held.current,
                first=held.first, last=held.last, **_source_attrs(f, held.evidence),
            )
    read = Counter(person for person, _post in f.held)
    for person, posts in titled.items():
        if person in g:
            a = g.nodes[person]
            a["titled"] = posts
            a["more_posts"] = max(f.counts.get((person, "holds"), 0), read[person]) - len(posts)


def source_lines(a: Mapping[str, Any]) -> list[str]:
    """The quote, the article and its date, as hover lines."""
    lines = [f"“{clip(a['quote'], 500)}”"] if a["quote"] else []
    if a["article"]:
        more = f" — và {a['others']} bài khác (and {a['others']} more)" if a["others"] else ""
        lines.append(f"Nguồn: {a['headline'] or a['article']} ({a['published'] or 'không rõ ngày'}){more}")
    if a["url"]:
        lines.append(a["url"])
    return lines


def observed(a: Mapping[str, Any]) -> str:
    """'quan sát FIRST → LAST' for a holds edge, or ''."""
    return f"quan sát {a['first'] or '?'} → {a['last'] or '?'}" if a["first"] or a["last"] else ""


def _edge_title(g: NxGraph, u: str, v: str, a: Mapping[str, Any]) -> str:
    verb = EDGE_STYLES[a["role"]].text
    if a["role"] == "holds":
        verb = f"{'nguyên ' if a['former'] else ''}giữ chức {a['post_label']}, thuộc"
    lines = [f"{g.nodes[u]['label']} — {verb} — {g.nodes[v]['label']}"]
    if a["role"] == "holds" and observed(a):
        lines.append(observed(a).capitalize())
    return "\n".join(lines + source_lines(a))


def _node_title(g: NxGraph, iri: str, a: Mapping[str, Any]) -> str:
    style = NODE_STYLES[a["kind"]]
    lines = [a["label"], joined(f"{style.text} ({style.english})", a["cls"], show_date(a["date"]), a["place"])]
    posts = [e["post_label"] + (" (nguyên)" if e["former"] else "")
             for _u, _v, e in g.out_edges(iri, data=True) if e["role"] == "holds" and e["post"] in a["titled"]]
    posts += a["title_loose"]
    more = a["more_posts"] if a["kind"] == "person" else 0
    if posts:
        lines.append("Chức vụ: " + "; ".join(posts) + (f"; … và {more} chức vụ khác ({more} more)" if more > 0 else ""))
    if a["kind"] == "event":
        lines += source_lines(a)
    return "\n".join(lines)


def from_facts(f: Facts, *, titles: bool = True, title_posts: int | None = None) -> NxGraph:
    """People, bodies and events as a MultiDiGraph keyed by IRI: the nodes in ``f.kinds`` and
    the edges read between them; ``titles=False`` leaves the hover texts to be written as drawn
    (:meth:`Net.node_title`), and a person's hover text names at most ``title_posts`` posts
    (see :func:`_titled`; all when None).

    Node attributes: kind (person/body/event), label, cls (local name of the most specific
    class), date (events' lexical startDate), place (label of an event's schema:location or
    its organizer's jurisdiction; a body's jurisdiction), degree (edges in the whole graph,
    None where not read), counts (role → edges, where not all were read), shown (role → the
    edges its own page shows, where not all were read: ``Facts.shown``), met (the people
    met most often and where, when read with the person), title (hover text), loose_posts
    (posts held without a known body), titled, title_loose and more_posts (the posts the hover
    text names: their IRIs, the labels of those without a body drawn; how many more the person
    holds), and quote/article/headline/published/url/others (an
    event's own evidence; others = how many more articles mention it).
    Edge key and ``role``: chair/attendee/reporter/speaker/organizer, or ``"holds <post>"``
    with role holds; attributes quote, article, headline, published, url, others, title, and for
    holds post, post_label, post_role, former, first, last (dates observed, "" when absent).
    """
    g: NxGraph = nx.MultiDiGraph()
    _add_nodes(g, f)
    _add_role_edges(g, f)
    _add_event_places(g)
    _add_holds_edges(g, f, title_posts)
    if titles:
        net = Net(g)
        for iri in g.nodes:
            net.node_title(iri)
        for u, v, a in g.edges(data=True):
            net.edge_title(u, v, a)
    return g


class Skeleton:
    """What the overview chooses and thins on (:mod:`kg.views.overview`), in plain dicts: a
    node's kind, label and degree, the roles between two nodes, and one holds edge from a
    person to a body whatever the posts held in it. The same answers as a :class:`Net`, in a
    fraction of the memory (at 100,000 articles the people the overview may draw hold 123,000
    posts)."""

    def __init__(self, attrs: dict[str, Attrs]) -> None:
        self._attrs = attrs
        self._out: dict[str, dict[str, set[str]]] = {}  # from → to → roles
        self._into: dict[str, set[str]] = {}

    def add(self, u: str, v: str, role: str) -> None:
        self._out.setdefault(u, {}).setdefault(v, set()).add(role)
        self._into.setdefault(v, set()).add(u)

    def node(self, iri: str) -> Attrs:
        return self._attrs[iri]

    def nodes(self) -> list[str]:
        return list(self._attrs)

    def degree(self, iri: str) -> int:
        return _degree(iri, self._attrs[iri])

    def neighbours(self, iri: str) -> set[str]:
        return {*self._out.get(iri, ()), *self._into.get(iri, ())}

    def among(self, nodes: Collection[str]) -> list[tuple[str, str, Attrs]]:
        inside = nodes if isinstance(nodes, (set, frozenset, dict)) else set(nodes)
        return [(u, v, {"role": role}) for u in nodes for v, roles in self._out.get(u, {}).items() if v in inside
                for role in sorted(roles)]


def skeleton(kinds: Mapping[str, str], labels: Mapping[str, str], degrees: Mapping[str, int],
             roles: Iterable[tuple[str, str, str]], holds: Iterable[tuple[str, str]],
             post_bodies: Mapping[str, Collection[str]]) -> Skeleton:
    """The nodes (``kinds``) and the edges between them that the overview chooses and thins on."""
    g = Skeleton({iri: {"kind": kind, "label": labels.get(iri) or local(iri), "degree": degrees.get(iri)}
                  for iri, kind in kinds.items()})
    for event, role, agent in roles:
        if event in kinds and agent in kinds:
            g.add(agent, event, role)
    for person, post in holds:
        for body in post_bodies.get(post, ()):
            if person in kinds and body in kinds:
                g.add(person, body, "holds")
    return g
