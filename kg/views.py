"""Interactive, offline HTML views of the graph: RDF → networkx → vis-network pages.

The only module that imports networkx and pyvis; it reads the RDF graph only through
SPARQL (:func:`kg.rdf.rows`). :func:`write_views` writes ``out_dir/views/``::

    index.html          overview network, legend, search box, links to every page
    event/<slug>.html   an event: organizer, chairs, attendees, reporters, speakers
    person/<slug>.html  a person: posts held, events by role, people met most often
    body/<slug>.html    a body: its posts and their holders, events it organised
    lib/                vis-network 9.1.2 from pyvis's package folder, shared by all pages

Pages load nothing over the network. Every string that comes from an article reaches the
page either HTML-escaped (jinja2 autoescape) or inside JSON with ``<``, ``>``, ``&`` and ``'``
written as ``\\u003c``-style escapes, and the hover texts are put into the DOM with
``textContent``, so a name such as ``<script>…</script>`` is shown, never run.

Edges of :func:`to_networkx` read subject → verb → object: agent → event for the roles
chair, attendee, reporter and speaker; body → event for organizer; person → body for holds
(one edge per post, keyed ``"holds <post IRI>"``).
"""

from __future__ import annotations

import math
import os
import random
import re
import tempfile
import textwrap
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

import jinja2
import networkx as nx
import pyvis

from kg import ids, rdf

__all__ = [
    "EDGE_STYLES", "NODE_STYLES", "Style", "ViewsReport", "slug", "to_networkx", "write_views",
]

_VNPOL: Final = "https://w3id.org/vnpol/ontology#"
_ORG: Final = "http://www.w3.org/ns/org#"
_PREFIXES: Final = """PREFIX vnpol: <https://w3id.org/vnpol/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@dataclass(frozen=True, slots=True)
class Style:
    """One legend row: how a kind of node or edge is drawn (the single table used everywhere)."""

    text: str  # Vietnamese, as shown in the legend and on edge labels
    english: str
    color: str
    shape: str = ""  # vis-network node shape; empty for edges


NODE_STYLES: Final[Mapping[str, Style]] = {
    "person": Style("Người", "person", "#2563eb", "dot"),
    "body": Style("Cơ quan, tổ chức", "body", "#16a34a", "square"),
    "event": Style("Sự kiện", "event", "#ea580c", "diamond"),
}
EDGE_STYLES: Final[Mapping[str, Style]] = {
    "organizer": Style("tổ chức", "organizer", "#ca8a04"),
    "chair": Style("chủ trì", "chair", "#dc2626"),
    "reporter": Style("báo cáo", "reporter", "#0891b2"),
    "speaker": Style("phát biểu", "speaker", "#9333ea"),
    "attendee": Style("dự", "attendee", "#64748b"),
    "holds": Style("giữ chức", "holds a post in", "#15803d"),
    "met": Style("cùng dự", "met at events", "#a1a1aa"),  # drawn on person pages only
}
ROLES: Final = ("chair", "reporter", "speaker", "attendee")  # participation roles
_EDGE_ORDER: Final = {role: i for i, role in enumerate(EDGE_STYLES)}
_ROLE_OF: Final = {_VNPOL + r: r for r in ("organizer", *ROLES)} | {
    _VNPOL + r.capitalize() + "Role": r for r in ROLES
}
_EVENT_CLASSES: Final = frozenset(
    _VNPOL + c
    for c in ("Event", "Conference", "Session", "WorkingSession", "Congress", "VoterMeeting",
              "Ceremony", "Meeting")
)
_GENERIC_CLASSES: Final = frozenset({_VNPOL + "Event", _VNPOL + "Person", _ORG + "Organization"})
_LANG_RANK: Final = {"vi": 0, "": 1}
_FONT: Final = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
_PHYSICS_MAX_NODES: Final = 300  # above this the overview is laid out in Python, physics off
_RING_MAX: Final = 24  # neighbours drawn around an entity (the side lists show all)
_EVENTS_MAX: Final = 12  # events drawn on a person's page
_MET_MAX: Final = 6  # co-participants drawn on a person's page
_GAP: Final = 125.0  # pixels per neighbour along the ring, room for a wrapped label
_VIS_DIR: Final = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
_ASSETS: Final = ("vis-network.min.js", "vis-network.css")
Points = list[tuple[float, float]]


@dataclass(frozen=True, slots=True)
class ViewsReport:
    """What :func:`write_views` wrote. ``nodes``/``edges`` are those drawn in the overview
    (roles between the same two nodes are merged into one drawn edge)."""

    index: Path
    events: int
    persons: int
    bodies: int
    nodes: int
    edges: int
    capped: bool


@dataclass(frozen=True, slots=True)
class _Evidence:
    quote: str = ""
    article: str = ""


@dataclass(frozen=True, slots=True)
class _Held:
    evidence: _Evidence
    first: str
    last: str
    current: bool  # False when every statement says the post was held formerly (vnpol:former)


@dataclass(frozen=True, slots=True)
class _Sources:
    """Evidence of reified statements: node → quote → exact text, and the source article."""

    evidence: dict[str, str]
    exact: dict[str, str]
    derived: dict[str, str]
    source: dict[str, str]

    def of(self, node: str | None) -> _Evidence:
        quote = self.evidence.get(node or "", "")
        article = self.derived.get(node or "") or self.source.get(quote, "")
        return _Evidence(self.exact.get(quote, ""), article)


@dataclass(frozen=True, slots=True)
class _Facts:
    labels: dict[str, str]
    types: dict[str, set[str]]
    dates: dict[str, str]
    published: dict[str, str]
    mentions: dict[str, str]
    post_body: dict[str, str]
    post_role: dict[str, str]
    roles: set[tuple[str, str, str]]  # (event, role, agent)
    said: dict[tuple[str, str, str], _Evidence]  # (event, role, agent) → best evidence
    held: dict[tuple[str, str], _Held]  # (person, post) → evidence and dates observed
    sources: _Sources


@dataclass(frozen=True, slots=True)
class _Link:
    text: str
    href: str | None  # relative to views/, None when the entity has no page
    note: str = ""


@dataclass(frozen=True, slots=True)
class _Section:
    title: str
    links: tuple[_Link, ...]


@dataclass(frozen=True, slots=True)
class _Page:
    rel: str  # path under views/
    title: str
    subtitle: str
    sections: tuple[_Section, ...]
    data: dict[str, Any]  # vis nodes, edges and options, embedded as JSON


# --- text helpers ---------------------------------------------------------------------


def _fold(text: str) -> str:
    """Strip Vietnamese tone and vowel marks (đ→d explicitly: it does not decompose)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def slug(label: str, iri: str) -> str:
    """File stem: ASCII of the label plus 8 hex of the IRI's sha1 (both from :mod:`kg.ids`).

    >>> slug("Hội nghị Tỉnh ủy Bắc Kạn", "https://w3id.org/vnpol/id/e1")[:22]
    'hoi-nghi-tinh-uy-bac-k'
    """
    return f"{ids.slug(label)}-{ids.short_hash(iri)}"


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri


def _clip(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _wrap(text: str, width: int = 22, lines: int = 3) -> str:
    parts = textwrap.wrap(text, width) or [text]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1] + "…"
    return "\n".join(parts)


def _show_date(lexical: str) -> str:
    """xsd:date and xsd:gYearMonth as they are; a gMonthDay "--03-19" as "19/03, năm ?"."""
    if re.fullmatch(r"--\d\d-\d\d", lexical):
        return f"{lexical[5:7]}/{lexical[2:4]}, năm ?"
    return lexical


def _name_key(text: str) -> tuple[str, str]:
    return _fold(text).casefold(), text


# --- reading the RDF graph ------------------------------------------------------------

_LABELS: Final = """SELECT ?s ?l (LANG(?l) AS ?lang) WHERE {
  ?s rdfs:label|skos:prefLabel|schema:headline ?l FILTER(isIRI(?s)) }"""
_ROLE_TRIPLES: Final = """SELECT ?e ?p ?x WHERE {
  VALUES ?p { vnpol:organizer vnpol:chair vnpol:attendee vnpol:reporter vnpol:speaker }
  ?e ?p ?x FILTER(isIRI(?x)) }"""
# Simple patterns joined in Python: rdflib evaluates OPTIONAL chains slowly on large graphs.
_PARTICIPATIONS: Final = """SELECT ?part ?event ?role ?agent WHERE {
  ?part vnpol:event ?event ; vnpol:agent ?agent ; vnpol:role ?role }"""
_HOLDINGS: Final = """SELECT ?h ?person ?post WHERE {
  { ?person org:holds ?post } UNION { ?h vnpol:post ?post ; org:member ?person } }"""


def _query(graph: rdf.Graph, body: str) -> list[tuple[str | None, ...]]:
    return rdf.rows(graph, _PREFIXES + body)


def _first_values(graph: rdf.Graph, where: str, *, largest: bool = False) -> dict[str, str]:
    """``SELECT ?s ?o WHERE {where}`` as a dict, keeping the smallest (or largest) ?o."""
    out: dict[str, str] = {}
    for s, o in _query(graph, f"SELECT ?s ?o WHERE {{ {where} }}"):
        if s is not None and o is not None and (s not in out or (o > out[s]) == largest):
            out[s] = o
    return out


def _labels(graph: rdf.Graph) -> dict[str, str]:
    """One label per IRI: Vietnamese first, then untagged, then any other language."""
    best: dict[str, tuple[int, str]] = {}
    for s, label, lang in _query(graph, _LABELS):
        if s is None or label is None:
            continue
        candidate = (_LANG_RANK.get(lang or "", 2), label)
        if s not in best or candidate < best[s]:
            best[s] = candidate
    return {s: label for s, (_rank, label) in best.items()}


def _types(graph: rdf.Graph) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for s, t in _query(graph, "SELECT ?s ?t WHERE { ?s a ?t FILTER(isIRI(?s)) }"):
        if s is not None and t is not None:
            out[s].add(t)
    return dict(out)


def _better(old: _Evidence | None, new: _Evidence) -> _Evidence:
    """Prefer evidence with a quote; break ties by text so the choice is deterministic."""
    if old is None:
        return new
    return min(old, new, key=lambda e: (e.quote == "", e.quote, e.article))


def _sources(graph: rdf.Graph) -> _Sources:
    return _Sources(
        evidence=_first_values(graph, "?s vnpol:evidence ?o"),
        exact=_first_values(graph, "?s vnpol:exact ?o"),
        derived=_first_values(graph, "?s prov:wasDerivedFrom ?o"),
        source=_first_values(graph, "?s vnpol:source ?o"),
    )


def _participations(
    graph: rdf.Graph, sources: _Sources
) -> dict[tuple[str, str, str], _Evidence]:
    out: dict[tuple[str, str, str], _Evidence] = {}
    for part, event, role_iri, agent in _query(graph, _PARTICIPATIONS):
        role = _ROLE_OF.get(role_iri or "")
        if event is None or agent is None or role is None:
            continue
        key = (event, role, agent)
        out[key] = _better(out.get(key), sources.of(part))
    return out


def _holdings(graph: rdf.Graph, sources: _Sources) -> dict[tuple[str, str], _Held]:
    first = _first_values(graph, "?s vnpol:firstObserved ?o")
    last = _first_values(graph, "?s vnpol:lastObserved ?o", largest=True)
    former = _first_values(graph, "?s vnpol:former ?o", largest=True)
    out: dict[tuple[str, str], _Held] = {}
    for holding, person, post in _query(graph, _HOLDINGS):
        if person is None or post is None:
            continue
        old = out.get((person, post), _Held(_Evidence(), "", "", current=False))
        firsts = [d for d in (first.get(holding or ""), old.first) if d]
        lasts = [d for d in (last.get(holding or ""), old.last) if d]
        current = old.current or former.get(holding or "") not in ("true", "1")
        evidence = _better(old.evidence, sources.of(holding))
        out[(person, post)] = _Held(
            evidence, min(firsts, default=""), max(lasts, default=""), current
        )
    return out


def _role_triples(graph: rdf.Graph) -> set[tuple[str, str, str]]:
    found = set()
    for event, prop, agent in _query(graph, _ROLE_TRIPLES):
        if event is not None and agent is not None and prop in _ROLE_OF:
            found.add((event, _ROLE_OF[prop], agent))
    return found


def _read_facts(graph: rdf.Graph) -> _Facts:
    sources = _sources(graph)
    said = _participations(graph, sources)
    return _Facts(
        labels=_labels(graph),
        types=_types(graph),
        dates=_first_values(graph, "?s schema:startDate ?o"),
        published=_first_values(graph, "?s schema:datePublished ?o"),
        mentions=_first_values(graph, "?s vnpol:mentionedIn ?o"),
        post_body=_first_values(graph, "?s org:postIn ?o"),
        post_role=_first_values(graph, "?s org:role ?o"),
        roles=_role_triples(graph) | set(said),
        said=said,
        held=_holdings(graph, sources),
        sources=sources,
    )


# --- networkx graph -------------------------------------------------------------------


def _kinds(f: _Facts) -> dict[str, str]:
    """person / event / body for every IRI drawn; a non-person agent or postIn is a body."""
    kinds: dict[str, str] = {}
    for iri, types in f.types.items():
        if _VNPOL + "Person" in types:
            kinds[iri] = "person"
        elif types & _EVENT_CLASSES:
            kinds[iri] = "event"
    for person, _post in f.held:
        kinds.setdefault(person, "person")
    for event, _role, _agent in f.roles:
        kinds.setdefault(event, "event")
    posts = {post for _person, post in f.held} | {
        iri for iri, types in f.types.items() if _ORG + "Post" in types
    }
    bodies = [agent for _e, _r, agent in f.roles]
    bodies += [f.post_body[p] for p in posts if p in f.post_body]
    for body in bodies:
        if body not in posts:
            kinds.setdefault(body, "body")
    return kinds


def _class_name(types: Iterable[str]) -> str:
    names = sorted(_local(t) for t in types if t not in _GENERIC_CLASSES)
    return names[0] if names else min((_local(t) for t in types), default="")


def _source_attrs(f: _Facts, evidence: _Evidence) -> dict[str, str]:
    return {
        "quote": evidence.quote,
        "article": evidence.article,
        "headline": f.labels.get(evidence.article, ""),
        "published": f.published.get(evidence.article, ""),
    }


def _add_nodes(g: nx.MultiDiGraph[str], f: _Facts) -> None:
    for iri, kind in sorted(_kinds(f).items()):
        evidence = f.sources.of(iri)  # an event's own quote, where the extractor kept one
        evidence = _Evidence(evidence.quote, evidence.article or f.mentions.get(iri, ""))
        g.add_node(
            iri,
            kind=kind,
            label=f.labels.get(iri) or _local(iri),
            cls=_class_name(f.types.get(iri, ())),
            date=f.dates.get(iri, "") if kind == "event" else "",
            loose_posts=(),
            **_source_attrs(f, evidence),
        )


def _add_role_edges(g: nx.MultiDiGraph[str], f: _Facts) -> None:
    for event, role, agent in sorted(f.roles, key=lambda t: (t[0], _EDGE_ORDER[t[1]], t[2])):
        if event not in g or agent not in g:
            continue
        evidence = f.said.get((event, role, agent)) or _Evidence("", f.mentions.get(event, ""))
        g.add_edge(agent, event, key=role, role=role, **_source_attrs(f, evidence))


def _add_holds_edges(g: nx.MultiDiGraph[str], f: _Facts) -> None:
    for (person, post), held in sorted(f.held.items()):
        label = f.labels.get(post) or _local(post)
        body = f.post_body.get(post)
        if body is None or body not in g:
            g.nodes[person]["loose_posts"] += (label if held.current else f"{label} (nguyên)",)
            continue
        g.add_edge(
            person, body, key=f"holds {post}", role="holds", post=post, post_label=label,
            post_role=f.labels.get(f.post_role.get(post, ""), ""), former=not held.current,
            first=held.first, last=held.last, **_source_attrs(f, held.evidence),
        )


def _source_lines(a: Mapping[str, Any]) -> list[str]:
    lines = [f"“{_clip(a['quote'], 500)}”"] if a["quote"] else []
    if a["article"]:
        date = a["published"] or "không rõ ngày"
        lines.append(f"Nguồn: {a['headline'] or a['article']} ({date})")
    return lines


def _edge_title(g: nx.MultiDiGraph[str], u: str, v: str, a: Mapping[str, Any]) -> str:
    verb = EDGE_STYLES[a["role"]].text
    if a["role"] == "holds":
        verb = f"{'nguyên ' if a['former'] else ''}giữ chức {a['post_label']}, thuộc"
    lines = [f"{g.nodes[u]['label']} — {verb} — {g.nodes[v]['label']}"]
    if a.get("first") or a.get("last"):
        lines.append(f"Quan sát: {a['first'] or '?'} → {a['last'] or '?'}")
    return "\n".join(lines + _source_lines(a))


def _node_title(g: nx.MultiDiGraph[str], iri: str, a: Mapping[str, Any]) -> str:
    style = NODE_STYLES[a["kind"]]
    about = (f"{style.text} ({style.english})", a["cls"], _show_date(a["date"]))
    lines = [a["label"], " · ".join(x for x in about if x)]
    posts = [e["post_label"] + (" (nguyên)" if e["former"] else "")
             for _u, _v, e in g.out_edges(iri, data=True) if e["role"] == "holds"]
    if posts or a["loose_posts"]:
        lines.append("Chức vụ: " + "; ".join([*posts, *a["loose_posts"]]))
    if a["kind"] == "event":
        lines += _source_lines(a)
    return "\n".join(lines)


def to_networkx(graph: rdf.Graph) -> nx.MultiDiGraph[str]:
    """People, bodies and events as a MultiDiGraph keyed by IRI.

    Node attributes: kind (person/body/event), label, cls (local name of the most specific
    class), date (events' lexical startDate), title (hover text), loose_posts (posts held
    without a known body), and quote/article/headline/published (an event's own evidence).
    Edge key and ``role``: chair/attendee/reporter/speaker/organizer, or ``"holds <post>"``
    with role holds; attributes quote, article, headline, published, title, and for holds
    post, post_label, post_role, former, first, last (dates observed, "" when absent).
    """
    facts = _read_facts(graph)
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    _add_nodes(g, facts)
    _add_role_edges(g, facts)
    _add_holds_edges(g, facts)
    for u, v, a in g.edges(data=True):
        a["title"] = _edge_title(g, u, v, a)
    for iri, a in g.nodes(data=True):
        a["title"] = _node_title(g, iri, a)
    return g


# --- layouts --------------------------------------------------------------------------


def _near_repulsion(xs: list[float], ys: list[float], k: float) -> tuple[list[float], list[float]]:
    """Exact Fruchterman–Reingold repulsion k²/d from the nodes closer than 2k, found through
    a grid of 2k cells so that a round stays near-linear."""
    cell, k2 = 2 * k, k * k
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        grid[(int(x // cell), int(y // cell))].append(i)
    dx, dy = [0.0] * len(xs), [0.0] * len(xs)
    for (cx, cy), members in grid.items():
        near = [(xs[j], ys[j]) for ox in (-1, 0, 1) for oy in (-1, 0, 1)
                for j in grid.get((cx + ox, cy + oy), ())]
        for i in members:
            xi, yi, fx, fy = xs[i], ys[i], 0.0, 0.0
            for xj, yj in near:
                ddx, ddy = xi - xj, yi - yj
                d2 = ddx * ddx + ddy * ddy
                if 0.0 < d2 < cell * cell:
                    fx += ddx * k2 / d2
                    fy += ddy * k2 / d2
            dx[i], dy[i] = fx, fy
    return dx, dy


def _far_repulsion(
    xs: list[float], ys: list[float], k: float, dx: list[float], dy: list[float]
) -> None:
    """Add the repulsion of distant nodes, approximated between the cells of a 12 × 12 grid
    (each cell acts as its node count at its centroid); without it the graph collapses."""
    x0, y0 = min(xs), min(ys)
    size = max(max(xs) - x0, max(ys) - y0, 1e-9) / 11.999
    cells = [(int((x - x0) // size), int((y - y0) // size)) for x, y in zip(xs, ys, strict=True)]
    mass: dict[tuple[int, int], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for (x, y), c in zip(zip(xs, ys, strict=True), cells, strict=True):
        mass[c][0] += 1
        mass[c][1] += x
        mass[c][2] += y
    centroids = {c: (m, sx / m, sy / m) for c, (m, sx, sy) in mass.items()}
    field: dict[tuple[int, int], tuple[float, float]] = {}
    for c, (_m, cx, cy) in centroids.items():
        fx = fy = 0.0
        for other, (m, ox, oy) in centroids.items():
            if other != c:
                ddx, ddy = cx - ox, cy - oy
                d2 = max(ddx * ddx + ddy * ddy, 1e-12)
                fx += ddx * m * k * k / d2
                fy += ddy * m * k * k / d2
        field[c] = (fx, fy)
    for i, c in enumerate(cells):
        dx[i] += field[c][0]
        dy[i] += field[c][1]


def _force_layout(n: int, edges: Sequence[tuple[int, int]], seed: int = 7) -> Points:
    """Seeded Fruchterman–Reingold in pure Python (networkx's layouts need numpy, which is not
    a dependency), with near/far repulsion; pixel coordinates about 80 px apart."""
    rng = random.Random(seed)
    xs = [rng.random() for _ in range(n)]
    ys = [rng.random() for _ in range(n)]
    k, rounds = math.sqrt(1.0 / max(n, 1)), 30
    for step in range(rounds):
        dx, dy = _near_repulsion(xs, ys, k)
        _far_repulsion(xs, ys, k, dx, dy)
        for a, b in edges:
            ddx, ddy = xs[a] - xs[b], ys[a] - ys[b]
            pull = math.hypot(ddx, ddy) / k
            dx[a], dy[a] = dx[a] - ddx * pull, dy[a] - ddy * pull
            dx[b], dy[b] = dx[b] + ddx * pull, dy[b] + ddy * pull
        temp = 0.1 * (1 - step / rounds) + 0.002
        for i in range(n):
            length = math.hypot(dx[i], dy[i]) or 1.0
            xs[i] += dx[i] / length * min(length, temp)
            ys[i] += dy[i] / length * min(length, temp)
    return _to_pixels(xs, ys, math.sqrt(n) * 80.0)


def _to_pixels(xs: list[float], ys: list[float], side: float) -> Points:
    mx, my = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    scale = side / max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    return [((x - mx) * scale, (y - my) * scale) for x, y in zip(xs, ys, strict=True)]


def _ring(center: str, ring: Sequence[str]) -> dict[str, tuple[float, float]]:
    """The entity at the centre, its neighbours in order on a wide ellipse clockwise from the
    top; when crowded, every other node steps outwards so neighbouring labels do not meet."""
    step = math.tau / max(len(ring), 1)
    radius = max(230.0, len(ring) * _GAP / math.tau)
    pos = {center: (0.0, 0.0)}
    for i, node in enumerate(ring):
        r = radius * (1.22 if len(ring) > 12 and i % 2 else 1.0)
        angle = -math.pi / 2 + i * step
        pos[node] = (1.45 * r * math.cos(angle), r * math.sin(angle))
    return pos


# --- vis-network data -----------------------------------------------------------------


def _options(physics: bool, large: bool, font_size: int) -> dict[str, Any]:
    font = {"face": _FONT, "strokeWidth": 4, "strokeColor": "#ffffff"}
    return {
        "nodes": {"font": font | {"size": font_size}, "borderWidth": 1},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "smooth": False,
            "font": font | {"size": font_size - 3, "align": "horizontal"},
            "color": {"inherit": False},
        },
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -90, "springLength": 130},
            "stabilization": {"enabled": physics, "iterations": 400, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large},
        "layout": {"randomSeed": 7, "improvedLayout": physics},
    }


def _vis_node(
    g: nx.MultiDiGraph[str], iri: str, num: int, urls: Mapping[str, str], center: str | None
) -> dict[str, Any]:
    a = g.nodes[iri]
    style = NODE_STYLES[a["kind"]]
    by_degree = min(8 + 2 * math.sqrt(g.degree(iri)), 30)
    size = by_degree if center is None else (26 if iri == center else 14)
    node = {"id": num, "label": _wrap(a["label"]), "name": a["label"], "title": a["title"],
            "color": style.color, "shape": style.shape, "size": round(size, 1)}
    if iri in urls:
        node["url"] = urls[iri]
    return node


def _vis_edges(
    g: nx.MultiDiGraph[str], ids: Mapping[str, int], center: str | None
) -> list[dict[str, Any]]:
    """One drawn edge per ordered pair, its roles most prominent first. On an entity's
    page (``center`` given) only the edges touching the entity are drawn, with labels."""
    pairs: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for u, v, a in g.subgraph(ids).edges(data=True):
        if center is None or center in (u, v):
            pairs[(u, v)].append(a)
    edges = []
    for (u, v), attrs in pairs.items():
        attrs = sorted(attrs, key=lambda a: _EDGE_ORDER[a["role"]])
        role = attrs[0]["role"]
        edge = {"from": ids[u], "to": ids[v], "color": EDGE_STYLES[role].color,
                "width": 2.5 if role == "chair" else 1.2,
                "title": "\n\n".join(a["title"] for a in attrs)}
        if center is not None:
            edge["label"] = ", ".join(dict.fromkeys(_edge_label(a) for a in attrs))
        edges.append(edge)
    return edges


def _edge_label(a: Mapping[str, Any]) -> str:
    label = str(a.get("post_role") or EDGE_STYLES[a["role"]].text)
    return f"{label} (nguyên)" if a.get("former") else label


def _vis_data(
    g: nx.MultiDiGraph[str], nodes: Sequence[str], urls: Mapping[str, str], *, root: str,
    center: str | None = None, extra: Sequence[dict[str, Any]] = (),
    notes: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Nodes, edges and options for one page: an entity's page is laid out around it; the
    overview uses vis physics up to _PHYSICS_MAX_NODES nodes, else a layout from Python."""
    ids = {iri: i for i, iri in enumerate(nodes)}
    physics = center is None and 0 < len(nodes) <= _PHYSICS_MAX_NODES
    pos: Mapping[str, tuple[float, float]] = {}
    if center is not None:
        pos = _ring(center, nodes[1:])
    elif nodes and not physics:
        links = [(ids[u], ids[v]) for u, v in g.subgraph(ids).edges()]
        pos = dict(zip(nodes, _force_layout(len(nodes), links), strict=True))
    vis_nodes = [_vis_node(g, iri, ids[iri], urls, center) for iri in nodes]
    for node, iri in zip(vis_nodes, nodes, strict=True):
        if iri in pos:
            node["x"], node["y"] = round(pos[iri][0], 1), round(pos[iri][1], 1)
        if notes and iri in notes:
            node["label"] += f"\n({notes[iri]})"
    edges = _vis_edges(g, ids, center) + [e | {"from": ids[e["from"]], "to": ids[e["to"]]}
                                           for e in extra]
    return {"root": root, "physics": physics, "nodes": vis_nodes, "edges": edges,
            "options": _options(physics, len(nodes) > _PHYSICS_MAX_NODES,
                                14 if center is None else 18)}


# --- pages ----------------------------------------------------------------------------


def _by_date(g: nx.MultiDiGraph[str], events: Iterable[str]) -> list[str]:
    def key(e: str) -> tuple[str, tuple[str, str], str]:
        return g.nodes[e]["date"], _name_key(g.nodes[e]["label"]), e

    return sorted(set(events), key=key)


def _link(g: nx.MultiDiGraph[str], iri: str, urls: Mapping[str, str], note: str = "") -> _Link:
    return _Link(g.nodes[iri]["label"], urls.get(iri), note)


def _event_link(g: nx.MultiDiGraph[str], event: str, urls: Mapping[str, str]) -> _Link:
    return _link(g, event, urls, _show_date(g.nodes[event]["date"]))


def _observed(a: Mapping[str, Any]) -> str:
    """'nguyên (former)' and/or the dates a post holding was observed, or ''."""
    dates = f"quan sát {a['first'] or '?'} → {a['last'] or '?'}" if a["first"] or a["last"] else ""
    return "; ".join(x for x in ("nguyên (former)" if a["former"] else "", dates) if x)


def _role_title(role: str) -> str:
    style = EDGE_STYLES[role]
    return f"{style.text.capitalize()} ({style.english})"


def _events_by_role(g: nx.MultiDiGraph[str], iri: str, urls: Mapping[str, str]) -> list[_Section]:
    """The events an agent took part in, one section per role."""
    sections = []
    for role in ("organizer", *ROLES):
        events = [v for _u, v, a in g.out_edges(iri, data=True) if a["role"] == role]
        links = tuple(_event_link(g, e, urls) for e in _by_date(g, events))
        if links:
            sections.append(_Section(_role_title(role), links))
    return sections


def _prominent_events(g: nx.MultiDiGraph[str], agent: str, limit: int) -> list[str]:
    """Up to ``limit`` events of an agent: chaired first, then reported, spoke, attended;
    the most recent first within a role. Returned by date."""
    best: dict[str, int] = {}
    for _u, event, a in g.out_edges(agent, data=True):
        if a["role"] != "holds":
            best[event] = min(best.get(event, 99), _EDGE_ORDER[a["role"]])
    recent = sorted(best, key=lambda e: (g.nodes[e]["date"], e), reverse=True)
    return _by_date(g, sorted(recent, key=best.__getitem__)[:limit])


def _co_participants(g: nx.MultiDiGraph[str], person: str) -> list[tuple[str, list[str]]]:
    """People who took part in the same events, with those events, most shared first."""
    shared: dict[str, set[str]] = defaultdict(set)
    events = {v for _u, v, a in g.out_edges(person, data=True) if a["role"] in ROLES}
    for event in events:
        for other, _v, a in g.in_edges(event, data=True):
            if a["role"] in ROLES and other != person and g.nodes[other]["kind"] == "person":
                shared[other].add(event)
    ranked = sorted(shared, key=lambda p: (-len(shared[p]), _name_key(g.nodes[p]["label"]), p))
    return [(p, _by_date(g, shared[p])) for p in ranked]


def _met_edge(
    g: nx.MultiDiGraph[str], person: str, other: str, events: Sequence[str]
) -> dict[str, Any]:
    style = EDGE_STYLES["met"]
    names = "; ".join(_clip(g.nodes[e]["label"], 80) for e in events[:10])
    title = (f"{g.nodes[person]['label']} và {g.nodes[other]['label']} cùng dự "
             f"{len(events)} sự kiện: {names}{' …' if len(events) > 10 else ''}")
    return {"from": person, "to": other, "color": style.color, "width": 1.2, "dashes": True,
            "arrows": {"to": {"enabled": False}}, "title": title}


def _person_page(g: nx.MultiDiGraph[str], iri: str, urls: Mapping[str, str]) -> _Page:
    held = [(v, a) for _u, v, a in g.out_edges(iri, data=True) if a["role"] == "holds"]
    posts = [_Link(a["post_label"], urls.get(v), "; ".join(
        x for x in (g.nodes[v]["label"], _observed(a)) if x)) for v, a in held]
    posts += [_Link(label, None) for label in g.nodes[iri]["loose_posts"]]
    met = _co_participants(g, iri)
    sections = [_Section("Chức vụ (posts held)", tuple(posts)), *_events_by_role(g, iri, urls),
                _Section("Gặp nhiều nhất (met most often)", tuple(
                    _link(g, p, urls, f"cùng dự {len(es)} sự kiện") for p, es in met[:20]))]
    drawn_met = met[:_MET_MAX]
    ring = [*dict.fromkeys(v for v, _a in held[:4]), *_prominent_events(g, iri, _EVENTS_MAX),
            *(p for p, _es in drawn_met)]
    extra = [_met_edge(g, iri, p, es) for p, es in drawn_met]
    notes = {p: f"cùng dự {len(es)}" for p, es in drawn_met}
    data = _vis_data(g, [iri, *dict.fromkeys(ring)], urls, root="../", center=iri, extra=extra,
                     notes=notes)
    return _Page(urls[iri], g.nodes[iri]["label"], "Người (person)", _nonempty(sections), data)


def _event_page(g: nx.MultiDiGraph[str], iri: str, urls: Mapping[str, str]) -> _Page:
    a = g.nodes[iri]
    agents = {role: [(u, e) for u, _v, e in g.in_edges(iri, data=True) if e["role"] == role]
              for role in ("organizer", *ROLES)}
    sections = [
        _Section(_role_title(role), tuple(_link(g, u, urls, _clip(e["quote"], 140)) for u, e in ps))
        for role, ps in agents.items()
    ]
    if a["article"]:
        note = a["published"] or "không rõ ngày"
        source = _Link(a["headline"] or a["article"], None, note)
        sections.append(_Section("Nguồn (source)", (source,)))
    ring = list(dict.fromkeys(u for pairs in agents.values() for u, _e in pairs))[:_RING_MAX]
    data = _vis_data(g, [iri, *ring], urls, root="../", center=iri)
    title = f"{a['label']} ({_show_date(a['date'])})" if a["date"] else a["label"]
    subtitle = " · ".join(x for x in ("Sự kiện (event)", a["cls"]) if x)
    return _Page(urls[iri], title, subtitle, _nonempty(sections), data)


def _body_page(g: nx.MultiDiGraph[str], iri: str, urls: Mapping[str, str]) -> _Page:
    holders = [(u, a) for u, _v, a in g.in_edges(iri, data=True) if a["role"] == "holds"]
    holders.sort(key=lambda ua: (_name_key(ua[1]["post_label"]), ua[0]))
    posts = tuple(_link(g, u, urls, "; ".join(x for x in (a["post_label"], _observed(a)) if x))
                  for u, a in holders)
    sections = [_Section("Chức vụ và người giữ (posts and holders)", posts),
                *_events_by_role(g, iri, urls)]
    events = _prominent_events(g, iri, _RING_MAX - min(len(holders), _RING_MAX // 2))
    ring = list(dict.fromkeys([u for u, _a in holders][: _RING_MAX // 2] + events))
    data = _vis_data(g, [iri, *ring], urls, root="../", center=iri)
    subtitle = " · ".join(x for x in ("Cơ quan, tổ chức (body)", g.nodes[iri]["cls"]) if x)
    return _Page(urls[iri], g.nodes[iri]["label"], subtitle, _nonempty(sections), data)


def _nonempty(sections: Iterable[_Section]) -> tuple[_Section, ...]:
    return tuple(s for s in sections if s.links)


def _index_page(g: nx.MultiDiGraph[str], urls: Mapping[str, str]) -> _Page:
    def of_kind(kind: str) -> list[str]:
        return [n for n, a in g.nodes(data=True) if a["kind"] == kind]

    events = tuple(_event_link(g, e, urls) for e in _by_date(g, of_kind("event")))
    people = sorted(of_kind("person"), key=lambda n: (_name_key(g.nodes[n]["label"]), n))
    bodies = sorted(of_kind("body"), key=lambda n: (_name_key(g.nodes[n]["label"]), n))
    sections = (
        _Section("Sự kiện theo ngày (events by date)", events),
        _Section("Người theo tên (persons by name)", tuple(_link(g, p, urls) for p in people)),
        _Section("Cơ quan theo tên (bodies by name)", tuple(_link(g, b, urls) for b in bodies)),
    )
    nodes = sorted(g.nodes, key=lambda n: (g.nodes[n]["kind"], n))
    subtitle = f"{len(events)} sự kiện · {len(people)} người · {len(bodies)} cơ quan"
    return _Page("index.html", "Đồ thị tri thức chính trị", subtitle, sections,
                 _vis_data(g, nodes, urls, root=""))


def _entity_page(g: nx.MultiDiGraph[str], iri: str, urls: Mapping[str, str]) -> _Page:
    builders = {"event": _event_page, "person": _person_page, "body": _body_page}
    return builders[g.nodes[iri]["kind"]](g, iri, urls)


def _choose(g: nx.MultiDiGraph[str], limit: int) -> list[str]:
    """The entities that get a page: the most connected first, at most ``limit``."""
    ranked = sorted(g.nodes, key=lambda n: (-g.degree(n), _name_key(g.nodes[n]["label"]), n))
    return ranked[: max(limit, 0)]


# --- HTML -----------------------------------------------------------------------------

_TEMPLATE: Final = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ page.title }}</title>
<link rel="stylesheet" href="{{ root }}lib/vis-network.css">
<style>
body { margin: 0; color: #1e293b; display: flex; flex-direction: column; height: 100vh;
       font: 15px/1.45 Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
header { padding: 10px 18px; border-bottom: 1px solid #e2e8f0; }
header h1 { font-size: 21px; margin: 2px 0; }
header p { margin: 0; color: #475569; }
main { display: flex; flex: 1; min-height: 0; }
#kg-network { flex: 1; min-width: 0; background: #fcfcfd; }
aside { width: 360px; overflow-y: auto; padding: 10px 14px; border-left: 1px solid #e2e8f0; }
#kg-search { width: 100%; box-sizing: border-box; padding: 6px 8px; font: inherit; }
aside h2, summary { font-size: 15px; font-weight: bold; margin: 12px 0 4px; cursor: pointer; }
aside ul { list-style: none; margin: 0; padding: 0; }
aside li { margin: 3px 0; }
.legend li { display: flex; align-items: center; gap: 8px; }
.sw { display: inline-block; width: 12px; height: 12px; }
.sw.dot { border-radius: 50%; }
.sw.diamond { transform: rotate(45deg) scale(.85); }
.line { display: inline-block; width: 22px; height: 3px; }
.note { color: #64748b; font-size: 13px; }
.hint { color: #64748b; font-size: 13px; margin: 6px 0; }
div.vis-tooltip { white-space: pre-wrap; max-width: 440px; font: 13px/1.4 Arial, sans-serif; }
</style>
</head>
<body>
<header>
{% if root %}<a href="{{ root }}index.html">← Tổng quan (overview)</a>{% endif %}
<h1>{{ page.title }}</h1>
<p>{{ page.subtitle }}</p>
</header>
<main>
<div id="kg-network"></div>
<aside>
<input id="kg-search" type="search" autocomplete="off" aria-label="Tìm theo tên (search by name)"
 placeholder="Tìm theo tên… (search by name)">
<section class="legend"><h2>Chú giải (legend)</h2><ul>
{% for s in node_styles %}<li><span class="sw {{ s.shape }}" style="background: {{ s.color }}">
</span>{{ s.text }} ({{ s.english }})</li>
{% endfor %}{% for s in edge_styles %}<li><span class="line" style="background: {{ s.color }}">
</span>{{ s.text }} ({{ s.english }})</li>
{% endfor %}</ul>
<p class="hint">Gõ tên để lọc danh sách, Enter để định vị trên đồ thị. Rê chuột lên nút
hoặc cạnh để xem trích dẫn và nguồn; nhấp đúp vào nút để mở trang của nó.</p>
</section>
{% for section in page.sections %}<details open>
<summary>{{ section.title }} ({{ section.links|length }})</summary><ul>
{% for link in section.links %}<li data-name="{{ link.text }}">
{%- if link.href %}<a href="{{ root }}{{ link.href }}">{{ link.text }}</a>
{%- else %}{{ link.text }}{% endif %}
{%- if link.note %} <span class="note">{{ link.note }}</span>{% endif %}</li>
{% endfor %}</ul></details>
{% endfor %}</aside>
</main>
<script src="{{ root }}lib/vis-network.min.js"></script>
<script>
"use strict";
const KG = {{ data|tojson }};
(function () {
  const fold = (s) => s.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "")
    .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  const tip = (text) => {
    const el = document.createElement("div");
    el.textContent = text;  // an element, so no vis-network version can treat it as markup
    return el;
  };
  const nodes = new vis.DataSet(KG.nodes.map((n) => ({...n, title: tip(n.title)})));
  const edges = new vis.DataSet(KG.edges.map((e, i) => ({id: i, ...e, title: tip(e.title)})));
  const network = new vis.Network(document.getElementById("kg-network"), {}, KG.options);
  window.kgNetwork = network;  // for tests and the benchmark, like window.__kgDrawn below
  let ready = !KG.physics;
  network.once("stabilizationIterationsDone", () => {
    network.setOptions({physics: {enabled: false}}); ready = true; network.fit();
  });
  network.on("afterDrawing", () => {
    if (ready && window.__kgDrawn === undefined) { window.__kgDrawn = performance.now(); }
  });
  network.on("doubleClick", (p) => {
    const node = p.nodes.length ? nodes.get(p.nodes[0]) : null;
    if (node && node.url) { window.location.href = KG.root + node.url; }
  });
  network.setData({nodes: nodes, edges: edges});
  const names = KG.nodes.map((n) => [n.id, fold(n.name)]);
  const items = Array.from(document.querySelectorAll("li[data-name]"),
    (li) => [li, fold(li.dataset.name)]);
  const box = document.getElementById("kg-search");
  box.addEventListener("input", () => {
    const q = fold(box.value.trim());
    for (const [li, name] of items) { li.hidden = q !== "" && !name.includes(q); }
  });
  box.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter") { return; }
    const q = fold(box.value.trim());
    const ids = q ? names.filter(([, name]) => name.includes(q)).map(([id]) => id) : [];
    network.selectNodes(ids);
    if (ids.length) {
      network.focus(ids[0], {scale: 1.2, animation: true});
    } else {
      network.fit();
    }
  });
})();
</script>
</body>
</html>
"""


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    # tojson escapes < > & ' as \\u003c…, so "</script>" in the data cannot end the script.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env.from_string(_TEMPLATE)


def _render(page: _Page) -> str:
    return _template().render(
        page=page, root=page.data["root"], data=page.data,
        node_styles=list(NODE_STYLES.values()), edge_styles=list(EDGE_STYLES.values()),
    )


def _write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file in the same folder, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_views(
    graph: rdf.Graph, out_dir: Path, *, max_entity_views: int = 2000
) -> ViewsReport:
    """Write ``out_dir/views/``: the overview ``index.html`` and up to ``max_entity_views``
    event, person and body pages (the most connected first), all usable offline."""
    g = to_networkx(graph)
    views = out_dir / "views"
    for name in _ASSETS:
        _write_atomic(views / "lib" / name, (_VIS_DIR / name).read_text(encoding="utf-8"))
    chosen = _choose(g, max_entity_views)
    urls = {n: f"{g.nodes[n]['kind']}/{slug(g.nodes[n]['label'], n)}.html" for n in chosen}
    for iri in chosen:
        page = _entity_page(g, iri, urls)
        _write_atomic(views / page.rel, _render(page))
    index = _index_page(g, urls)
    _write_atomic(views / index.rel, _render(index))
    kinds = Counter(g.nodes[n]["kind"] for n in chosen)
    return ViewsReport(
        index=views / index.rel, events=kinds["event"], persons=kinds["person"],
        bodies=kinds["body"], nodes=len(index.data["nodes"]), edges=len(index.data["edges"]),
        capped=len(chosen) < g.number_of_nodes(),
    )
