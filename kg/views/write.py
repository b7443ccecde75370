"""Write ``views/``: the overview, the entity pages and, for large builds, one shared vis-network."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from kg import rdf
from kg.views import overview, render
from kg.views.graph import Net, to_networkx
from kg.views.pages import entity_page
from kg.views.styles import name_key, slug

INLINE_MAX_PAGES: Final = 200  # up to this many entity pages, every page carries vis-network


@dataclass(frozen=True, slots=True)
class ViewsReport:
    """What :func:`write_views` wrote. ``nodes``/``edges`` are those drawn in the overview
    (roles between the same two nodes are merged into one drawn edge)."""

    index: Path
    events: int  # pages written, by kind
    persons: int
    bodies: int
    nodes: int
    edges: int
    capped: bool  # some entities have no page (max_entity_views)
    left_out: int = 0  # nodes not drawn in the overview (overview.MAX_NODES)
    inline: bool = True  # every page is self-contained; else entity pages load views/lib/
    size: int = 0  # bytes written


def _write_atomic(path: Path, text: str) -> int:
    """Write UTF-8 to a temporary file in the same folder, then rename over ``path``."""
    data = text.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(data)


def _choose(net: Net, limit: int) -> list[str]:
    """The entities that get a page: the most connected first, at most ``limit``."""
    ranked = sorted(net.nodes(), key=lambda n: (-net.degree(n), name_key(net.node(n)["label"]), n))
    return ranked[: max(limit, 0)]


def write_views(
    graph: rdf.Graph, out_dir: Path, *, max_entity_views: int = 2000, max_overview_nodes: int | None = None
) -> ViewsReport:
    """Write ``out_dir/views/``: the overview ``index.html`` and up to ``max_entity_views``
    event, person and body pages (the most connected first), all usable offline. The
    overview draws at most ``max_overview_nodes`` nodes (default ``overview.MAX_NODES``).

    Up to ``INLINE_MAX_PAGES`` entity pages, every page inlines vis-network (about 0.5 MB
    each); above, to keep the folder small, the entity pages share ``views/lib/`` and only
    ``index.html`` stays self-contained.
    """
    net = Net(to_networkx(graph))
    views = out_dir / "views"
    chosen = _choose(net, max_entity_views)
    inline = len(chosen) <= INLINE_MAX_PAGES
    size = 0
    if not inline:
        for name, text in render.library().items():
            size += _write_atomic(views / "lib" / name, text)
    urls = {n: f"{net.node(n)['kind']}/{slug(net.node(n)['label'], n)}.html" for n in chosen}
    for iri in chosen:
        page = entity_page(net, iri, urls)
        size += _write_atomic(views / page.rel, render.render(page, inline=inline))
    limit = overview.MAX_NODES if max_overview_nodes is None else max_overview_nodes
    index = overview.index_page(net, urls, limit)
    size += _write_atomic(views / index.rel, render.render(index, inline=True))
    kinds = Counter(net.node(n)["kind"] for n in chosen)
    return ViewsReport(
        index=views / index.rel, events=kinds["event"], persons=kinds["person"], bodies=kinds["body"],
        nodes=len(index.data["nodes"]), edges=len(index.data["edges"]), capped=len(chosen) < len(net),
        left_out=len(net) - len(index.data["nodes"]), inline=inline, size=size,
    )
