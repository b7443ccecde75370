"""The overview (``index.html``): the whole graph, or its most connected part when it is large.

At most ``MAX_NODES`` nodes are drawn, the most connected first, and about ``MAX_EDGES``
edges among them (:func:`thin`); the page says what was left out. The page filters what is
drawn by date range, body and role (in the browser), and lists every entity page, so that
the overview of a very large build still opens quickly.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from kg.views.graph import Net, Ranked
from kg.views.pages import Page, Section, by_date, by_name, event_link, link
from kg.views.styles import EDGE_ORDER, EVENT_ROLES, NODE_STYLES, name_key
from kg.views.vis import vis_data

MAX_NODES: Final = 5000  # drawn in the overview: first frame in 2.2 s in headless Chromium here (100k build)
MAX_EDGES: Final = 10_000  # drawn in the overview, about (see thin)
Pair = tuple[str, str]  # a drawn edge: (from, to), the roles between two nodes merged
_KIND_ORDER: Final = {kind: i for i, kind in enumerate(NODE_STYLES)}


@dataclass(frozen=True, slots=True)
class Edges:
    """The edges the overview draws (see :func:`thin`) and how many there are among its nodes."""

    drawn: frozenset[Pair]
    among: int

    @property
    def left_out(self) -> int:
        return self.among - len(self.drawn)


def choose(net: Ranked, limit: int, total: int | None = None) -> list[str]:
    """The nodes drawn, in a stable order: all, or about the ``limit`` most connected (ties
    by name). A node none of whose neighbours is among them comes with its most connected
    neighbour, and a node that is still alone is left out: it would be drawn without a link.

    ``net`` may be part of a graph of ``total`` nodes: its ``limit`` most connected nodes,
    every neighbour of those that have none among them, and the edges between all these."""
    nodes = net.nodes()
    if (len(nodes) if total is None else total) > limit:
        ranked = sorted(nodes, key=lambda n: (-net.degree(n), name_key(net.node(n)["label"]), n))
        seeds = set(ranked[:limit])
        picked: dict[str, None] = {}
        for iri in ranked[:limit]:
            near = net.neighbours(iri)
            if len(picked) < limit and (near & seeds or len(picked) < limit - 1):
                picked[iri] = None
                if near and not near & seeds:
                    picked[max(near, key=lambda n: (net.degree(n), n))] = None
        nodes = [n for n in picked if net.neighbours(n) & picked.keys()]
    return sorted(nodes, key=lambda n: (_KIND_ORDER[net.node(n)["kind"]], n))


def thin(net: Ranked, drawn: Sequence[str], limit: int) -> Edges:
    """The edges drawn among the ``drawn`` nodes (one per ordered pair): all of them, or, when
    there are more than ``limit``, each node's first ``k`` with ``k`` as large as the limit
    allows (at least 1, so a node keeps an edge). A node's edges are taken in turns by role
    (its best chair edge, its best post held, ..., then its second best of each), the best of
    a role going to the most connected other end (then by IRI); an edge is kept when either end
    keeps it. A hub keeps the edges its neighbours keep, so the most connected stay central."""
    pairs: dict[Pair, int] = {}
    for u, v, a in net.among(drawn):
        pairs[(u, v)] = min(pairs.get((u, v), len(EDGE_ORDER)), EDGE_ORDER[a["role"]])
    if len(pairs) <= limit:
        return Edges(frozenset(pairs), len(pairs))
    turn: dict[Pair, int] = {}
    for ranked in _turns(net, pairs):
        for place, pair in enumerate(ranked):
            turn[pair] = min(turn.get(pair, place), place)
    order = sorted(turn.values())
    k = max(order[max(limit, 0)], 1)
    return Edges(frozenset(pair for pair, place in turn.items() if place < k), len(pairs))


def _turns(net: Ranked, pairs: Mapping[Pair, int]) -> list[list[Pair]]:
    """Each node's edges in the order :func:`thin` takes them."""
    by_role: dict[str, dict[int, list[tuple[int, str, Pair]]]] = defaultdict(lambda: defaultdict(list))
    for (u, v), role in pairs.items():
        by_role[u][role].append((-net.degree(v), v, (u, v)))
        by_role[v][role].append((-net.degree(u), u, (u, v)))
    turns = []
    for roles in by_role.values():
        taken = [(n, role, pair) for role, ends in roles.items() for n, (*_key, pair) in enumerate(sorted(ends))]
        turns.append([pair for _n, _role, pair in sorted(taken)])
    return turns


def _counts(net: Net, nodes: list[str]) -> Counter[str]:
    return Counter(net.node(n)["kind"] for n in nodes)


def _left_out_note(net: Net, drawn: list[str], totals: Mapping[str, int], edges: Edges) -> tuple[str, ...]:
    shown, among = len(edges.drawn), edges.among
    thinned = (f"Giữa các nút được vẽ có {among} cạnh; chỉ vẽ {shown} cạnh, mỗi nút giữ những cạnh "
               f"chính của nó (of the {among} edges among the nodes drawn, {shown} are drawn: "
               f"each node's main ones).",) if edges.left_out else ()
    total = sum(totals.values())
    if len(drawn) == total:
        return thinned
    missing = Counter(totals) - _counts(net, drawn)
    parts = ", ".join(f"{missing[k]} {NODE_STYLES[k].text.lower()}" for k in NODE_STYLES if missing[k])
    return (f"Đồ thị lớn: chỉ vẽ {len(drawn)} nút có nhiều liên kết nhất trên tổng số {total}; "
            f"không vẽ {parts}. Mỗi trang của một người, cơ quan, sự kiện vẫn cho thấy đủ liên kết "
            f"(large graph: the {len(drawn)} most connected of {total} nodes are drawn).", *thinned)


def _filters(net: Net, drawn: list[str], ids: Mapping[str, int], edges: frozenset[Pair]) -> dict[str, Any]:
    """The choices of the filter form: bodies with events or post holders drawn, and dates."""
    bodies = []
    for body in by_name(net, (n for n in drawn if net.node(n)["kind"] == "body")):
        events = sum(1 for v, _a in net.out(body, *EVENT_ROLES) if (body, v) in edges)
        holders = sum(1 for u, _a in net.into(body, "holds") if (u, body) in edges)
        if events or holders:
            bodies.append({"id": ids[body], "label": net.node(body)["label"],
                           "note": f"{events} sự kiện, {holders} người giữ chức"})
    dates = sorted(d for n in drawn if len(d := net.node(n)["date"]) == 10 and d[0] != "-")
    return {"bodies": bodies, "min": dates[0] if dates else "", "max": dates[-1] if dates else ""}


def _listed(net: Net, kind: str, drawn: list[str], urls: Mapping[str, str]) -> list[str]:
    """Entities of a kind listed in the side panel: those with a page and those drawn."""
    return [n for n in {*drawn, *urls} if net.node(n)["kind"] == kind]


def _main_post(net: Net, person: str) -> str:
    """A current post of a person (the first by name), to tell apart people of the same name."""
    posts = sorted(a["post_label"] for _v, a in net.out(person, "holds") if not a["former"])
    return posts[0] if posts else next(iter(net.node(person)["loose_posts"]), "")


def index_page(net: Net, urls: Mapping[str, str], drawn: list[str], totals: Mapping[str, int],
               edges: Edges) -> Page:
    """The overview of a graph with ``totals`` nodes by kind, of which ``net`` holds those
    ``drawn`` (see :func:`choose`) and those with a page (``urls``); of the edges among the
    drawn nodes, those in ``edges`` (see :func:`thin`) are drawn."""
    events = tuple(event_link(net, e, urls) for e in by_date(net, _listed(net, "event", drawn, urls)))
    people = tuple(link(net, p, urls, _main_post(net, p)) for p in by_name(net, _listed(net, "person", drawn, urls)))
    bodies = tuple(link(net, b, urls) for b in by_name(net, _listed(net, "body", drawn, urls)))
    sections = (
        Section("Sự kiện theo ngày (events by date)", events),
        Section("Người theo tên (persons by name)", people),
        Section("Cơ quan theo tên (bodies by name)", bodies),
    )
    subtitle = f"{totals.get('event', 0)} sự kiện · {totals.get('person', 0)} người · {totals.get('body', 0)} cơ quan"
    unlisted = sum(totals.values()) - sum(len(s.links) for s in sections)
    notes = _left_out_note(net, drawn, totals, edges)
    if unlisted:
        notes += (f"{unlisted} thực thể ít liên kết nhất không có trang riêng và không được liệt kê "
                  f"({unlisted} least connected entities have no page and are not listed).",)
    data = vis_data(net, drawn, urls, root="", edges=edges.drawn)
    ids = {iri: i for i, iri in enumerate(drawn)}
    return Page("index.html", "Đồ thị tri thức chính trị", subtitle, sections, data, notes,
                _filters(net, drawn, ids, edges.drawn))
