"""Write ``views/``: the overview, the entity pages and, for large builds, one shared vis-network.

The census (:mod:`kg.views.census`) ranks the nodes in the store; the entity pages are
written in batches, each from what :func:`kg.views.scope.pages` reads about its entities,
and the overview from what :func:`kg.views.scope.overview` reads about the nodes it draws.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

from kg import rdf
from kg.views import census, overview, render, scope
from kg.views.facts import read_former
from kg.views.graph import Net
from kg.views.pages import Page, entity_page
from kg.views.reader import Reader
from kg.views.styles import slug

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
    edges_left_out: int = 0  # edges among the nodes drawn not drawn (overview.MAX_EDGES)
    inline: bool = True  # every page is self-contained; else entity pages load views/lib/
    size: int = 0  # bytes written
    total: int = 0  # people, bodies and events in the graph


def _write_atomic(path: Path, fill: Callable[[IO[bytes]], object]) -> int:
    """Write a file with ``fill`` to a temporary file in the same folder, then rename it over
    ``path``; returns its size."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
            size = handle.tell()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return size


def _write_text(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    return _write_atomic(path, lambda handle: handle.write(data))


def _write_page(path: Path, page: Page, inline: bool) -> int:
    return _write_atomic(path, lambda handle: render.write(page, handle, inline=inline))


@dataclass(frozen=True, slots=True)
class _Drawn:
    """What the overview wrote: bytes, nodes and edges drawn, edges among them not drawn."""

    size: int = 0
    nodes: int = 0
    edges: int = 0
    edges_left_out: int = 0


def _write_overview(reader: Reader, top: list[census.Node], caps: tuple[int, int], counted: census.Census,
                    urls: dict[str, str], views: Path, inline: bool) -> _Drawn:
    """The overview page (at most ``caps`` nodes and about as many edges), and the library the
    entity pages share when they do not inline it."""
    drawn, edges, seen = scope.overview(reader, top, caps[0], counted.total, list(urls), caps[1])
    del reader  # what it read is in ``seen``: the page is made in the memory it frees
    index = overview.index_page(Net(seen), urls, drawn, counted.totals, edges)
    del seen
    size = _write_page(views / index.rel, index, inline=True)
    if not inline:
        for name, text in render.library().items():
            size += _write_text(views / "lib" / name, text)
    return _Drawn(size, len(index.data["nodes"]), len(index.data["edges"]), edges.left_out)


def _write_pages(base: Reader, chosen: list[census.Node], urls: dict[str, str], views: Path, inline: bool,
                 part: tuple[int, int], claims: Path | None) -> int:
    size = 0
    for n, batch in enumerate(scope.batches(chosen)):
        if not _mine(n, part, claims):
            continue
        net = Net(scope.pages(base.fork(), batch))
        for node in batch:
            page = entity_page(net, node.iri, urls)
            size += _write_page(views / page.rel, page, inline)
        del net  # before the next batch is read
    return size


def _mine(batch: int, part: tuple[int, int], claims: Path | None) -> bool:
    """Whether this part writes the batch: every n-th of n parts, or, with a folder of claims
    the parts share, the first part to ask for it (each asks in batch order, so the part
    that writes the overview takes fewer batches and no part waits for the others)."""
    share, shares = part
    if shares == 1:
        return True
    if claims is None:
        return batch % shares == share
    try:
        os.close(os.open(claims / str(batch), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def census_of(graph: rdf.Graph, *, max_entity_views: int = 2000, max_overview_nodes: int | None = None
              ) -> census.Census:
    """The census :func:`write_views` ranks the entities by, given the same caps. A build takes
    it once, in a process of its own, and gives it to every part, which would each take it
    otherwise (at 100,000 articles it took a process from 77 to 240 MiB, in 4 s)."""
    return census.take(graph, max(max_entity_views, _node_cap(max_overview_nodes), 1))


def _node_cap(max_overview_nodes: int | None) -> int:
    return overview.MAX_NODES if max_overview_nodes is None else max_overview_nodes


def write_views(
    graph: rdf.Graph, out_dir: Path, *, max_entity_views: int = 2000, max_overview_nodes: int | None = None,
    max_overview_edges: int | None = None, part: tuple[int, int] = (0, 1), claims: Path | None = None,
    counted: census.Census | None = None,
) -> ViewsReport:
    """Write ``out_dir/views/``: the overview ``index.html`` and up to ``max_entity_views``
    event, person and body pages (the most connected first), all usable offline. The
    overview draws at most ``max_overview_nodes`` nodes (default ``overview.MAX_NODES``) and
    about ``max_overview_edges`` edges among them (default ``overview.MAX_EDGES``).

    Up to ``INLINE_MAX_PAGES`` entity pages, every page inlines vis-network (about 0.5 MB
    each); above, to keep the folder small, the entity pages share ``views/lib/`` and only
    ``index.html`` stays self-contained.

    ``part`` (k, n) writes the k-th of n parts, so that n processes can write the views at
    once: part 0 the overview and the shared library, each part every n-th batch of entity
    pages, or, given a folder of ``claims`` that the parts share (and the caller removes),
    each batch is written by the first part that claims it. Every part ranks the entities
    itself (the same ranking: it is read from the store), unless it is given the census
    (:func:`census_of`, with the same caps); the report of part 0 counts what all parts write
    but ``size``, its own bytes.
    """
    caps = (_node_cap(max_overview_nodes), overview.MAX_EDGES if max_overview_edges is None else max_overview_edges)
    if counted is None:
        counted = census_of(graph, max_entity_views=max_entity_views, max_overview_nodes=max_overview_nodes)
    reader = Reader(graph, read_former(graph))
    top, labels = scope.ranked(reader, counted.top)
    chosen = top[: max(max_entity_views, 0)]
    urls = {n.iri: f"{n.kind}/{slug(labels[n.iri], n.iri)}.html" for n in chosen}
    views = out_dir / "views"
    inline = len(chosen) <= INLINE_MAX_PAGES
    first = part[0] == 0
    # The overview reads into a reader of its own, dropped once drawn: the pages' batches start
    # from the ranking's reader alone, as in the parts without the overview (keeping what the
    # overview read, its part took 518 MiB at 100,000 articles; 475 without).
    drawn = _write_overview(reader.fork(), top, caps, counted, urls, views, inline) if first else _Drawn()
    if claims is not None:
        claims.mkdir(parents=True, exist_ok=True)
    size = drawn.size + _write_pages(reader, chosen, urls, views, inline, part, claims)
    kinds = Counter(n.kind for n in chosen)
    return ViewsReport(
        index=views / "index.html", events=kinds["event"], persons=kinds["person"], bodies=kinds["body"],
        nodes=drawn.nodes, edges=drawn.edges, capped=len(chosen) < counted.total,
        left_out=counted.total - drawn.nodes, edges_left_out=drawn.edges_left_out, inline=inline, size=size,
        total=counted.total,
    )
