"""The vis-network data of a page: node and edge lists and options, built directly.

pyvis' ``add_edge`` is quadratic (about 2 s at 5,000 nodes), so the lists are built here.
An entity's page is laid out as a ring around it; the overview uses vis physics up to
``PHYSICS_MAX_NODES`` nodes and above that a layout computed in Python with physics off,
the labels of the most connected nodes drawn large enough to read when the whole graph is
in view (the others appear on zooming in), and edges drawn faint.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from typing import Any, Final

from kg.views import layout
from kg.views.graph import Attrs, Net
from kg.views.styles import EDGE_ORDER, EDGE_STYLES, NODE_STYLES, wrap

PHYSICS_MAX_NODES: Final = 300  # above this the overview is laid out in Python, physics off
_FONT: Final = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
_HUB_SHARE: Final = 0.03  # on a large overview, labels this share of the nodes may be big
_HUB_PX: Final = 13  # their size on screen when the whole overview is in view
_FIT_PX: Final = 750  # about the pixels that the overview's side takes when it fits the window


def options(physics: bool, large: bool, font_size: int) -> dict[str, Any]:
    """vis-network options. On a large overview, edges have no arrowheads: drawing them
    takes four fifths of a frame, and the direction is plain from the kinds of the ends."""
    font = {"face": _FONT, "strokeWidth": 4, "strokeColor": "#ffffff"}
    return {
        "nodes": {"font": font | {"size": font_size}, "borderWidth": 1},
        "edges": {
            "arrows": {"to": {"enabled": not large, "scaleFactor": 0.5}},
            "smooth": False,
            "font": font | {"size": font_size - 3, "align": "horizontal"},
            "color": {"inherit": False},
            "selectionWidth": 2,
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


def _node(net: Net, iri: str, num: int, urls: Mapping[str, str], center: str | None) -> dict[str, Any]:
    a = net.node(iri)
    style = NODE_STYLES[a["kind"]]
    size = min(8 + 2 * math.sqrt(net.degree(iri)), 30) if center is None else (26 if iri == center else 14)
    node = {"id": num, "label": wrap(a["label"], 32 if iri == center else 22), "name": a["label"],
            "title": net.node_title(iri), "kind": a["kind"], "color": style.color, "shape": style.shape,
            "size": round(size, 1)}
    if iri == center:  # its label sits among the edges' ends: give it a backing
        node["font"] = {"size": 20, "background": "rgba(255,255,255,0.9)"}
    if a["date"]:
        node["date"] = a["date"]
    if iri in urls:
        node["url"] = urls[iri]
    return node


def edge_label(a: Mapping[str, Any]) -> str:
    label = str(a.get("post_role") or EDGE_STYLES[a["role"]].text)
    return f"{label} (nguyên)" if a.get("former") else label


def _among(net: Net, ids: Mapping[str, int], edges: Collection[tuple[str, str]] | None) -> list[tuple[str, str, Attrs]]:
    """The edges between the nodes, those between the pairs in ``edges`` only when given."""
    among = net.among(ids)
    return among if edges is None else [(u, v, a) for u, v, a in among if (u, v) in edges]


def _edges(net: Net, ids: Mapping[str, int], center: str | None, large: bool,
           edges: Collection[tuple[str, str]] | None) -> list[dict[str, Any]]:
    """One drawn edge per ordered pair, its roles most prominent first. On an entity's
    page (``center`` given) only the edges touching the entity are drawn, with labels."""
    pairs: dict[tuple[str, str], list[Attrs]] = defaultdict(list)
    if center is None:
        triples = _among(net, ids, edges)
    else:
        triples = [(center, v, a) for v, a in net.out(center) if v in ids]
        triples += [(u, center, a) for u, a in net.into(center) if u in ids]
    for u, v, a in triples:
        pairs[(u, v)].append(a)
    drawn = []
    for (u, v), attrs in pairs.items():
        attrs.sort(key=lambda a: EDGE_ORDER[a["role"]])
        roles = list(dict.fromkeys(a["role"] for a in attrs))
        color: Any = EDGE_STYLES[roles[0]].color
        edge = {"from": ids[u], "to": ids[v], "roles": roles,
                "color": {"color": color, "opacity": 0.45} if large else color,
                "width": 2.5 if roles[0] == "chair" else 1.2,
                "title": "\n\n".join(net.edge_title(u, v, a) for a in attrs)}
        if center is not None:
            edge["label"] = ", ".join(dict.fromkeys(edge_label(a) for a in attrs))
        drawn.append(edge)
    return drawn


def _overlaps(box: tuple[float, float, float, float], boxes: Sequence[tuple[float, float, float, float]]) -> bool:
    x0, y0, x1, y1 = box
    return any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in boxes)


def _hub_fonts(net: Net, nodes: Sequence[str], pos: Mapping[str, tuple[float, float]]) -> dict[str, int]:
    """Font sizes for the labels of the most connected nodes of a large overview, about
    ``_HUB_PX`` on screen when the whole graph is in view; a label that would overlap one
    already chosen is left small (it shows on zooming in)."""
    side = max((max(abs(x), abs(y)) for x, y in pos.values()), default=1.0) * 2 or 1.0
    font = _HUB_PX * side / _FIT_PX
    candidates = sorted(nodes, key=lambda n: (-net.degree(n), n))[: max(20, int(len(nodes) * _HUB_SHARE))]
    boxes: list[tuple[float, float, float, float]] = []
    chosen: dict[str, int] = {}
    for iri in candidates:
        lines = wrap(net.node(iri)["label"]).split("\n")
        width, height = 0.55 * font * max(map(len, lines)), 1.25 * font * len(lines)
        x, y = pos[iri]
        box = (x - width / 2, y - font, x + width / 2, y + font + height)
        if not _overlaps(box, boxes):
            boxes.append(box)
            chosen[iri] = round(font)
    return chosen


def vis_data(
    net: Net, nodes: Sequence[str], urls: Mapping[str, str], *, root: str, center: str | None = None,
    extra: Sequence[dict[str, Any]] = (), notes: Mapping[str, str] | None = None,
    edges: Collection[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """Nodes, edges and options of one page; ``extra`` edges name their ends by IRI. The
    overview (no ``center``) draws the edges among its nodes, or those of the pairs ``edges``."""
    ids = {iri: i for i, iri in enumerate(nodes)}
    physics = center is None and 0 < len(nodes) <= PHYSICS_MAX_NODES
    large = center is None and not physics and bool(nodes)
    pos: Mapping[str, tuple[float, float]] = {}
    if center is not None:
        pos = layout.ring(center, nodes[1:])
    elif large:
        links = [(ids[u], ids[v]) for u, v, _a in _among(net, ids, edges)]
        pos = dict(zip(nodes, layout.force_layout(len(nodes), links), strict=True))
    fonts = _hub_fonts(net, nodes, pos) if large else {}
    vis_nodes = [_node(net, iri, ids[iri], urls, center) for iri in nodes]
    for node, iri in zip(vis_nodes, nodes, strict=True):
        if iri in pos:
            node["x"], node["y"] = round(pos[iri][0], 1), round(pos[iri][1], 1)
        if iri in fonts:
            node["font"] = {"size": fonts[iri], "background": "rgba(255,255,255,0.75)", "strokeWidth": 0}
        if notes and iri in notes:
            node["label"] += f"\n({notes[iri]})"
    drawn = _edges(net, ids, center, large, edges)
    drawn += [e | {"from": ids[e["from"]], "to": ids[e["to"]]} for e in extra]
    return {"root": root, "physics": physics, "nodes": vis_nodes, "edges": drawn,
            "options": options(physics, large, 18 if center is not None else 14 if large else 19)}
