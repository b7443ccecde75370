"""kg.views on graphs larger than its caps: the store ranks the entities, the pages go to the
most connected ones, only what is drawn is read, and what is left out is said."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from test_views_store import build_sample

from kg import views
from kg.store import Row, Store
from kg.views import census, overview, pages, render, scope, sparql
from kg.views.facts import read_former
from kg.views.graph import Net
from kg.views.reader import Reader
from kg.views.styles import name_key

ID = "https://w3id.org/vnpol/id/"
V = "https://w3id.org/vnpol/ontology#"
ORG = "http://www.w3.org/ns/org#"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
BODY = f"{ID}body/so"
NO_CAPS = {"LIST_MAX": 10**6, "HOLDERS_MAX": 10**6, "MET_EVENTS": 10**6}


def _quad(s: str, p: str, o: str) -> str:
    return f"<{s}> <{p}> {o} <{ID}graph/merged> .\n"


def _node(iri: str, cls: str, label: str) -> list[str]:
    return [_quad(iri, TYPE, f"<{cls}>"), _quad(iri, LABEL, f'"{label}"@vi')]


def ladder(events: int, holders: int = 0, small: int = 0) -> Store:
    """A body organising ``events`` events, event i attended by i + 1 people of its own;
    ``holders`` people holding posts in the body; and ``small`` events of one attendee."""
    quads = _node(BODY, f"{V}PartyCommittee", "Sở Nội vụ")
    for i in range(small):
        event, person = f"{ID}event/small{i:04d}", f"{ID}person/small{i:04d}"
        quads += _node(event, f"{V}Meeting", f"Cuộc họp {i:04d}") + _node(person, f"{V}Person", f"Ông {i:04d}")
        quads.append(_quad(event, f"{V}attendee", f"<{person}>"))
    for i in range(events):
        event = f"{ID}event/e{i:03d}"
        quads += _node(event, f"{V}Conference", f"Hội nghị số {i:03d}")
        quads.append(_quad(event, f"{V}organizer", f"<{BODY}>"))
        for j in range(i + 1):
            person = f"{ID}person/p{i:03d}-{j:03d}"
            quads += _node(person, f"{V}Person", f"Người {i:03d} {j:03d}")
            quads.append(_quad(event, f"{V}attendee", f"<{person}>"))
    for k in range(holders):
        person, post = f"{ID}person/h{k:03d}", f"{ID}post/h{k:03d}"
        quads += _node(person, f"{V}Person", f"Cán bộ {k:03d}") + _node(post, f"{ORG}Post", f"Chức vụ {k:03d}")
        quads += [_quad(person, f"{ORG}holds", f"<{post}>"), _quad(post, f"{ORG}postIn", f"<{BODY}>")]
    return Store.in_memory("".join(quads))


def mesh(people: int, events: int) -> Store:
    """``people`` people at each of ``events`` events, person i also chairing i meetings of
    their own (so that no two people are as connected)."""
    quads: list[str] = []
    for e in range(events):
        quads += _node(f"{ID}event/m{e:02d}", f"{V}Conference", f"Hội nghị {e:02d}")
    for i in range(people):
        person = f"{ID}person/m{i:02d}"
        quads += _node(person, f"{V}Person", f"Người {i:02d}")
        quads += [_quad(f"{ID}event/m{e:02d}", f"{V}attendee", f"<{person}>") for e in range(events)]
        for k in range(i):
            own = f"{ID}event/own{i:02d}-{k:02d}"
            quads += [*_node(own, f"{V}Meeting", f"Cuộc họp {i:02d} {k:02d}"), _quad(own, f"{V}chair", f"<{person}>")]
    return Store.in_memory("".join(quads))


def _overview(db: Store, nodes_max: int, edges_max: int) -> tuple[list[str], overview.Edges]:
    reader = Reader(db, read_former(db))
    counted = census.take(db, nodes_max)
    top, _labels = scope.ranked(reader, counted.top)
    drawn, edges, _seen = scope.overview(reader, top, nodes_max, counted.total, [], edges_max)
    return drawn, edges


def _ranked(g: views.graph.NxGraph) -> list[str]:
    return sorted(g.nodes, key=lambda n: (-g.degree(n), name_key(g.nodes[n]["label"]), n))


def _page_iris(root: Path, g: views.graph.NxGraph) -> set[str]:
    by_file = {f"{a['kind']}/{views.slug(a['label'], n)}.html": n for n, a in g.nodes(data=True)}
    return {by_file[p.relative_to(root).as_posix()] for p in root.glob("*/*.html")}


def test_census_degrees_are_the_edges_drawn() -> None:
    db = ladder(12, holders=3)
    g = views.to_networkx(db)
    counted = census.take(db, 10**9)
    assert {n.iri: (n.kind, n.degree) for n in counted.top} == {
        n: (a["kind"], g.degree(n)) for n, a in g.nodes(data=True)}
    assert counted.totals == dict(Counter(a["kind"] for _n, a in g.nodes(data=True)))
    assert [n.degree for n in counted.top] == sorted((n.degree for n in counted.top), reverse=True)


def test_degrees_of_some_nodes_are_those_of_the_census(tmp_path: Path) -> None:
    for db in (ladder(8, holders=3), Store.open(build_sample(tmp_path).parent / "store")):
        counted = census.take(db, 10**9)
        reader = Reader(db, read_former(db))
        assert reader.degrees_of(n.iri for n in counted.top) == {n.iri: n.degree for n in counted.top}
        del db


def test_census_keeps_the_most_connected_and_their_ties() -> None:
    counted = census.take(ladder(12), 2)
    # e011 (12 attendees + organizer), then the body (12 events) and e010 (11 + 1): asked for
    # two, the tie at 12 is kept whole
    assert [(n.iri.rsplit("/", 1)[1], n.degree) for n in counted.top] == [
        ("e011", 13), ("so", 12), ("e010", 12)]
    assert census.take(ladder(12), 4).top[-1].degree == 11
    assert counted.total == 1 + 12 + 78


def test_pages_go_to_the_most_connected_and_the_report_says_what_was_capped(tmp_path: Path) -> None:
    db = ladder(30)
    g = views.to_networkx(db)
    report = views.write_views(db, tmp_path, max_entity_views=5, max_overview_nodes=40)
    assert _page_iris(tmp_path / "views", g) == set(_ranked(g)[:5])
    assert (report.events + report.persons + report.bodies, report.capped, report.total) == (5, True, 1 + 30 + 465)
    assert report.left_out == report.total - report.nodes and report.nodes <= 40
    index = report.index.read_text(encoding="utf-8")
    assert f"trên tổng số {report.total}" in index  # the overview says how much it leaves out
    assert "30 sự kiện · 465 người · 1 cơ quan" in index


def test_uncapped_graph_gets_every_page(tmp_path: Path) -> None:
    report = views.write_views(ladder(6), tmp_path)
    assert (report.events, report.persons, report.bodies, report.capped, report.left_out) == (6, 21, 1, False, 0)


@pytest.mark.parametrize(("pages_max", "nodes_max", "edges_max"), [(8, 6, 10**6), (29, 12, 6), (3, 29, 15)])
def test_bounded_views_are_those_of_the_whole_graph(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, pages_max: int, nodes_max: int,
    edges_max: int,
) -> None:
    """What is read for each page and for the overview draws exactly what the whole graph would."""
    for name, value in NO_CAPS.items():
        monkeypatch.setattr(pages, name, value)
    root = build_sample(tmp_path_factory.mktemp("sample"))
    db = Store.open(root.parent / "store")
    out = tmp_path_factory.mktemp("views")
    report = views.write_views(db, out, max_entity_views=pages_max, max_overview_nodes=nodes_max,
                               max_overview_edges=edges_max)
    whole = Net(views.to_networkx(db))
    written = _page_iris(out / "views", whole.g)
    assert written == set(_ranked(whole.g)[:pages_max])
    urls = {n: f"{whole.node(n)['kind']}/{views.slug(whole.node(n)['label'], n)}.html" for n in written}
    for iri, rel in urls.items():
        expected = render.render(pages.entity_page(whole, iri, urls), inline=report.inline)
        assert (out / "views" / rel).read_text(encoding="utf-8") == expected, rel
    drawn = overview.choose(whole, nodes_max)
    totals = Counter(whole.node(n)["kind"] for n in whole.nodes())
    edges = overview.thin(whole, drawn, edges_max)
    among = {(u, v) for u, v, _a in whole.among(drawn)}
    assert edges.drawn <= among and (edges.among, report.edges_left_out) == (len(among), len(among - edges.drawn))
    assert report.edges == len(edges.drawn) and (len(edges.drawn) <= edges_max or len(edges.drawn) <= nodes_max)
    expected = render.render(overview.index_page(whole, urls, drawn, totals, edges), inline=True)
    assert report.index.read_text(encoding="utf-8") == expected
    del db


@pytest.mark.parametrize("edges_max", [10, 16, 24])
def test_the_overview_reads_of_each_node_its_roles_to_the_most_connected_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edges_max: int,
) -> None:
    """Eight people at each of eight events: with two roles of a kind read of each node (to
    the most connected others), the overview draws what the whole graph gives, since it keeps
    a node's first one or two edges."""
    monkeypatch.setattr(scope, "AMONG_MAX", 2)
    db = mesh(8, 8)
    whole = Net(views.to_networkx(db))
    seeds = _ranked(whole.g)[:16]
    reader = Reader(db, read_former(db))
    scope.ranked(reader, census.take(db, 16).top)
    scope._know(reader, census.take(db, 16).top)
    assert len(scope._roles_among(reader, seeds)) < len(whole.among(seeds)) == 64  # the cap binds
    report = views.write_views(db, tmp_path, max_entity_views=0, max_overview_nodes=16, max_overview_edges=edges_max)
    drawn = overview.choose(whole, 16)
    edges = overview.thin(whole, drawn, edges_max)
    totals = Counter(whole.node(n)["kind"] for n in whole.nodes())
    assert report.index.read_text(encoding="utf-8") == render.render(
        overview.index_page(whole, {}, drawn, totals, edges), inline=True)
    assert (report.edges, report.edges_left_out) == (len(edges.drawn), 64 - len(edges.drawn))


def test_the_overview_counts_the_edges_among_its_nodes_through_every_post_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A hover text names one post of a person, the overview still counts the bodies of all."""
    monkeypatch.setattr(pages, "TITLE_POSTS_MAX", 1)
    db = Store.open(build_sample(tmp_path).parent / "store")
    whole = Net(views.to_networkx(db))
    drawn, edges = _overview(db, 12, 10)
    busy = [n for n in drawn if whole.node(n)["kind"] == "person" and len(whole.out(n, "holds")) > 1]
    assert busy  # people drawn hold posts in more than one body
    assert edges.among == len({(u, v) for u, v, _a in whole.among(drawn)})
    del db


def test_a_body_none_of_whose_neighbours_is_drawn_comes_with_its_best_holder_and_the_edge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A body held by nine people less connected than the nodes drawn: the overview draws it
    with the busiest of them and the edge between, though the post there is not the one the
    holder's hover text names (``TITLE_POSTS_MAX`` = 1, posts by IRI)."""
    monkeypatch.setattr(pages, "TITLE_POSTS_MAX", 1)
    db = _mesh_and_a_body_held_by_nine()
    drawn, edges = _overview(db, 17, 40)
    best = f"{ID}person/h3"
    assert BODY in drawn and best in drawn and (best, BODY) in edges.drawn
    report = views.write_views(db, tmp_path, max_entity_views=0, max_overview_nodes=17, max_overview_edges=40)
    assert report.edges == len(edges.drawn)  # every edge chosen is drawn
    whole = Net(views.to_networkx(db))
    assert edges.among == len({(u, v) for u, v, _a in whole.among(drawn)})


def _mesh_and_a_body_held_by_nine() -> Store:
    """``mesh(8, 8)`` and a body held by nine people, holder j of four or more the busiest: the
    first four hold j posts in other bodies as well."""
    lines = [_quad(s_, p_, f"<{o}>" if o.startswith("http") else f'"{o}"@vi')
             for s_, p_, o in mesh(8, 8).rows("SELECT ?s ?p ?o WHERE { ?s ?p ?o }") if s_ and p_ and o]
    lines += _node(BODY, f"{V}PartyCommittee", "Sở Nội vụ")
    for j in range(9):
        holder = f"{ID}person/h{j}"
        lines += [*_node(holder, f"{V}Person", f"Cán bộ {j}"), _quad(holder, f"{ORG}holds", f"<{ID}post/z{j}>"),
                  _quad(f"{ID}post/z{j}", f"{ORG}postIn", f"<{BODY}>")]
        for k in range(j if j < 4 else 0):
            post, body = f"{ID}post/a{j}{k}", f"{ID}body/x{j}{k}"
            lines += [_quad(holder, f"{ORG}holds", f"<{post}>"), _quad(post, f"{ORG}postIn", f"<{body}>")]
    return Store.in_memory("".join(lines))


def test_of_a_node_with_no_neighbour_drawn_only_the_first_edges_of_a_kind_are_looked_at(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With three of its holders read, the body comes with the busiest of the first three in the
    store's order, and the degree of no other holder is asked for."""
    monkeypatch.setattr(scope, "NEIGHBOURS_READ", 3)
    db = _mesh_and_a_body_held_by_nine()
    reader = Reader(db, read_former(db))
    first = {person for person, _post in reader.some_holders(BODY, 3)}
    asked: set[str] = set()
    degrees_of = Reader.degrees_of

    def spied(self: Reader, iris: Iterable[str]) -> dict[str, int]:
        wanted = list(iris)
        asked.update(wanted)
        return degrees_of(self, wanted)

    monkeypatch.setattr(Reader, "degrees_of", spied)
    drawn, edges = _overview(db, 17, 40)
    holders = {f"{ID}person/h{j}" for j in range(9)}
    assert asked & holders == first
    best = max(first, key=lambda h: (int(h[-1]) if int(h[-1]) < 4 else 0, h))
    assert BODY in drawn and best in drawn and (best, BODY) in edges.drawn


def test_a_persons_first_posts_are_read_without_all_their_statements() -> None:
    person = f"{ID}person/busy"
    posts = [f"{ID}post/p{k}" for k in (3, 1, 4, 0, 2)]
    quads = _node(person, f"{V}Person", "Bận")
    for post in posts:
        quads += [*_node(post, f"{ORG}Post", post[-2:]), _quad(person, f"{ORG}holds", f"<{post}>"),
                  _quad(post, f"{ORG}postIn", f"<{BODY}>")]
    db = Store.in_memory("".join(quads))
    first, whole = Reader(db, read_former(db)), Reader(db, read_former(db))
    whole.read([person])
    expected = {(person, f"{ID}post/p0"), (person, f"{ID}post/p1")}
    assert first.holdings([person], 2) == whole.holdings([person], 2) == expected
    assert first.counts == whole.counts == {(person, "holds"): 5}
    assert person not in first.asked["out"]


def test_long_lists_are_cut_and_say_how_many_more(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "LIST_MAX", 4)
    monkeypatch.setattr(pages, "HOLDERS_MAX", 3)
    db = ladder(10, holders=7)
    views.write_views(db, tmp_path, max_entity_views=1)
    (body,) = (tmp_path / "views" / "body").glob("*.html")
    text = body.read_text(encoding="utf-8")
    assert "… và 6 mục khác (6 more)" in text  # 4 of the 10 events it organised
    assert "… và 4 mục khác (4 more)" in text  # 3 of the 7 holders
    assert len(re.findall(r'<li data-name="Hội nghị số \d{3}"', text)) == 4
    assert len(re.findall(r'<li data-name="Cán bộ \d{3}"', text)) == 3


def test_views_read_what_they_draw_whatever_the_size_of_the_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same pages and overview of a graph ten times larger ask about the same IRIs."""
    asked: list[str] = []

    def counting(graph: sparql.rdf.Graph, template: str, var: str, iris: Iterable[str],
                 batch: int = sparql.BATCH) -> Iterator[Row]:
        found = list(iris)
        asked.extend(found)
        return sparql.each_of(graph, template, var, found, batch)

    monkeypatch.setattr("kg.views.reader.for_each", lambda *args: list(counting(*args)))
    monkeypatch.setattr("kg.views.reader.each_of", counting)  # the rows read one at a time too
    read = []
    for small in (0, 3000):
        asked.clear()
        report = views.write_views(ladder(30, holders=5, small=small), tmp_path / str(small), max_entity_views=5,
                                   max_overview_nodes=20)
        read.append((report.total, len(set(asked))))
    (total, asked_small), (total_large, asked_large) = read
    assert total_large > 10 * total
    assert 0 < asked_large == asked_small


def _net(degrees: dict[str, int], edges: list[tuple[str, str, str]]) -> Net:
    g = views.to_networkx(Store.in_memory(""))
    for iri, degree in degrees.items():
        g.add_node(iri, degree=degree)
    for u, v, role in edges:
        g.add_edge(u, v, key=role + v, role=role)
    return Net(g)


def test_thin_keeps_each_nodes_first_edges_taken_in_turns_by_role() -> None:
    """Two people chair four events and hold posts in two bodies (12 edges); drawn with about 8,
    each node keeps its first edge: the events and bodies keep the busier person (P1), P2 keeps
    its best chair edge (before its posts: roles take turns, chair first), the rest goes."""
    events, bodies = [f"E{i}" for i in range(1, 5)], ["B1", "B2"]
    degrees = {"P1": 10, "P2": 6} | {n: 2 for n in [*events, *bodies]}
    edges = [(p, e, "chair") for p in ("P1", "P2") for e in events]
    edges += [(p, b, "holds") for p in ("P1", "P2") for b in bodies]
    net = _net(degrees, edges)
    kept = overview.thin(net, list(degrees), 8)
    assert kept.among == 12 and kept.left_out == 5
    assert kept.drawn == {("P1", n) for n in [*events, *bodies]} | {("P2", "E1")}
    assert overview.thin(net, list(degrees), 12).drawn == {(u, v) for u, v, _r in edges}
    # at least each node's first edge, however low the limit
    assert overview.thin(net, list(degrees), 1).drawn == kept.drawn
