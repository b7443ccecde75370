"""kg.views on a build's store (per-article graphs plus graph/merged), the path `kg build` takes,
and on large graphs: the capped overview, the shared library, files written as UTF-8."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NoReturn

import pytest

from kg import ids, memory, pipeline, rdf, views
from kg.store import Store
from kg.views import census, scope, write
from kg.views import pages as page
from kg.views import reader as reader_module
from kg.views.census import Node
from kg.views.facts import Evidence, Held, read_former
from kg.views.graph import Net
from kg.views.reader import Reader
from kg.views.sparql import query

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "kg" / "sample"
ID = "https://w3id.org/vnpol/id/"
V = "https://w3id.org/vnpol/ontology#"
ORG = "http://www.w3.org/ns/org#"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DATE = "http://www.w3.org/2001/XMLSchema#date"
PERSON, POST, BODY, EVENT = f"{ID}person/chinh", f"{ID}post/bi-thu", f"{ID}body/tinh-uy", f"{ID}event/hn"


def build_sample(out: Path) -> Path:
    """``kg build kg/sample -o out``; returns the views folder."""
    report = pipeline.build([SAMPLE], pipeline.BuildOptions(out=out, jobs=1))
    assert report.views_index is not None
    return report.views_index.parent


def _quad(s: str, p: str, o: str, graph: str = "merged") -> str:
    return f"<{s}> <{p}> {o} <{ID}graph/{graph}> .\n"


def _article(n: int, published: str | None) -> list[str]:
    """One article's own graph: a holding of PERSON's post and a chair participation."""
    g, article, holding, part, quote = (f"a{n}", f"{ID}article/a{n}", f"{ID}holding/h{n}",
                                        f"{ID}participation/p{n}", f"{ID}quote/q{n}")
    quads = [_quad(article, TYPE, "<https://schema.org/NewsArticle>", g),
              _quad(article, "https://schema.org/headline", f'"Bài số {n}"@vi', g),
              _quad(holding, f"{ORG}member", f"<{PERSON}>", g), _quad(holding, f"{V}post", f"<{POST}>", g),
              _quad(holding, "http://www.w3.org/ns/prov#wasDerivedFrom", f"<{article}>", g),
              _quad(part, f"{V}event", f"<{EVENT}>", g), _quad(part, f"{V}agent", f"<{PERSON}>", g),
              _quad(part, f"{V}role", f"<{V}ChairRole>", g), _quad(part, f"{V}evidence", f"<{quote}>", g),
              _quad(part, "http://www.w3.org/ns/prov#wasDerivedFrom", f"<{article}>", g),
              _quad(quote, f"{V}exact", f'"Đồng chí Chinh chủ trì (bài {n})."', g),
              _quad(quote, f"{V}source", f"<{article}>", g),
              _quad(EVENT, f"{V}mentionedIn", f"<{article}>", g)]
    if published:
        quads.append(_quad(article, "https://schema.org/datePublished", f'"{published}"^^<{DATE}>', g))
    return quads


def _tenure() -> list[str]:
    """The build's holding of PERSON's post over the three articles, as kg.identity makes it."""
    node, integer = f"{ID}tenure/t", "http://www.w3.org/2001/XMLSchema#integer"
    return [_quad(PERSON, f"{ORG}hasMembership", f"<{node}>"), _quad(node, TYPE, f"<{V}PostHolding>"),
            _quad(node, f"{ORG}member", f"<{PERSON}>"), _quad(node, f"{V}post", f"<{POST}>"),
            _quad(node, f"{V}articleCount", f'"3"^^<{integer}>'),
            _quad(node, f"{V}firstObserved", f'"2023-06-26"^^<{DATE}>'),
            _quad(node, f"{V}lastObserved", f'"2024-01-05"^^<{DATE}>')]


def _whole_participation() -> list[str]:
    """The build's participation of PERSON as chair over the three articles, as kg.identity makes it:
    its evidence is the quote of the earliest article (a2)."""
    node, integer = f"{ID}participation/whole", "http://www.w3.org/2001/XMLSchema#integer"
    return [_quad(EVENT, f"{V}participation", f"<{node}>"), _quad(node, TYPE, f"<{V}Participation>"),
            _quad(node, f"{V}event", f"<{EVENT}>"), _quad(node, f"{V}agent", f"<{PERSON}>"),
            _quad(node, f"{V}role", f"<{V}ChairRole>"), _quad(node, f"{V}articleCount", f'"3"^^<{integer}>'),
            _quad(node, f"{V}evidence", f"<{ID}quote/q2>")]


def three_articles(named: bool = False) -> Store:
    """PERSON chairs EVENT and holds POST, in three articles; the build's nodes of the holding
    and the participation ``named`` as kg.identity names them, or otherwise."""
    merged = [_quad(PERSON, TYPE, f"<{V}Person>"), _quad(PERSON, LABEL, '"Hoàng Duy Chinh"@vi'),
              _quad(PERSON, f"{ORG}holds", f"<{POST}>"), _quad(POST, LABEL, '"Bí thư Tỉnh ủy Bắc Kạn"@vi'),
              _quad(POST, f"{ORG}postIn", f"<{BODY}>"), _quad(BODY, TYPE, f"<{V}PartyCommittee>"),
              _quad(BODY, LABEL, '"Tỉnh ủy Bắc Kạn"@vi'), _quad(BODY, f"{V}jurisdiction", f"<{ID}place/bk>"),
              _quad(f"{ID}place/bk", LABEL, '"tỉnh Bắc Kạn"@vi'), _quad(EVENT, TYPE, f"<{V}Conference>"),
              _quad(EVENT, LABEL, '"Hội nghị Tỉnh ủy"@vi'), _quad(EVENT, f"{V}organizer", f"<{BODY}>"),
              _quad(EVENT, f"{V}chair", f"<{PERSON}>")]
    articles = _article(1, "2024-01-05") + _article(2, "2023-06-26") + _article(3, None)
    text = "".join(merged + _tenure() + _whole_participation() + articles)
    if named:
        text = text.replace(f"<{ID}tenure/t>", f"<{ids.tenure(ID, PERSON, POST, False)}>")
        text = text.replace(f"<{ID}participation/whole>", f"<{ids.participation(ID, EVENT, 'chair', PERSON)}>")
    return Store.in_memory(text)


def test_holding_dates_are_aggregated_over_articles() -> None:
    g = views.to_networkx(three_articles())
    holds = g.edges[PERSON, BODY, f"holds {POST}"]
    assert (holds["first"], holds["last"]) == ("2023-06-26", "2024-01-05")
    assert holds["others"] == 2  # three articles say so
    assert "Quan sát 2023-06-26 → 2024-01-05" in holds["title"]


def test_participation_shows_one_quote_and_counts_the_other_articles() -> None:
    g = views.to_networkx(three_articles())
    chair = g.edges[PERSON, EVENT, "chair"]
    assert chair["quote"] == "Đồng chí Chinh chủ trì (bài 2)." and chair["others"] == 2  # the first article's
    assert "và 2 bài khác" in chair["title"]
    assert g.nodes[EVENT]["place"] == "tỉnh Bắc Kạn"  # the organizer's jurisdiction
    assert g.nodes[EVENT]["others"] == 2


def _evidence_read_pair_by_pair(graph: Store) -> tuple[Evidence, Held, tuple[str, str]]:
    reader = Reader(graph, read_former(graph))
    reader.read_said((), {(EVENT, "chair", PERSON)}, whole=False)
    reader.read_held({(PERSON, POST)}, {(PERSON, POST)}, whole=False)
    return reader.said[(EVENT, "chair", PERSON)], reader.details[(PERSON, POST)], reader.observed[(PERSON, POST)]


def test_evidence_is_read_at_the_node_the_build_names_after_the_fact(monkeypatch: pytest.MonkeyPatch) -> None:
    """The evidence of a role or a post held is looked up at the node kg.identity names after
    it (a lookup, where going through every participation of the event took 0.6 ms a fact in
    a 100,000-article build), or, in a graph whose nodes are named otherwise, found fact by
    fact: the same either way."""
    elsewhere = _evidence_read_pair_by_pair(three_articles())
    assert elsewhere[0].quote == "Đồng chí Chinh chủ trì (bài 2)." and elsewhere[2] == ("2023-06-26", "2024-01-05")

    def no_pairs(*_args: object) -> None:
        raise AssertionError("read fact by fact")

    monkeypatch.setattr(reader_module, "for_pairs", no_pairs)
    assert _evidence_read_pair_by_pair(three_articles(named=True)) == elsewhere


def test_a_post_held_now_is_current_whatever_was_read_before() -> None:
    """Whether a drawn holding is current or former does not depend on whether the holder's
    ``org:holds`` happened to be read earlier (it once did: pages differed by batch)."""
    graph = three_articles()
    reader = Reader(graph, read_former(graph))
    reader.holds = {(PERSON, POST)}  # drawn, without reading the person first
    assert reader.facts().held[(PERSON, POST)].current


def test_people_met_once_are_read_only_as_many_as_listed() -> None:
    """A person who met 300 people once each: the page lists ``MET_LISTED`` of them and reads
    about twice that many, not all 300 (a big build's busy person met thousands)."""
    others = [f"{ID}person/o{n:03}" for n in range(300)]
    quads = [_quad(PERSON, TYPE, f"<{V}Person>"), _quad(EVENT, TYPE, f"<{V}Conference>"),
             _quad(EVENT, f"{V}chair", f"<{PERSON}>")]
    for other in others:
        quads += [_quad(other, TYPE, f"<{V}Person>"), _quad(other, LABEL, f'"{other[-4:]}"@vi'),
                  _quad(EVENT, f"{V}attendee", f"<{other}>")]
    graph = Store.in_memory("".join(quads))
    reader = Reader(graph, read_former(graph))
    scope._read_met(reader, {PERSON: [EVENT]})
    assert [person for person, _events in reader.met[PERSON]] == others[:page.MET_LISTED]
    assert len(reader.asked["names"] - {EVENT}) <= 2 * page.MET_LISTED


def test_people_met_are_counted_from_the_agents_as_the_store_gives_them_none_kept() -> None:
    """Of two events of a person, the one who was at both is met most, then the others by name;
    each listed with the events shared, by date. The roles of the events are not kept in the
    reader (at 200,000 articles a batch of pages held 226,002 of them)."""
    first, second = f"{ID}event/e1", f"{ID}event/e2"
    quads = [_quad(PERSON, TYPE, f"<{V}Person>")]
    for event, date in ((first, "2024-01-05"), (second, "2024-03-01")):
        quads += [_quad(event, TYPE, f"<{V}Conference>"), _quad(event, f"{V}chair", f"<{PERSON}>"),
                  _quad(event, "https://schema.org/startDate", f'"{date}"^^<http://www.w3.org/2001/XMLSchema#date>')]
    people = {"both": (first, second), "an": (first,), "binh": (second,)}
    for name, events in people.items():
        quads += [_quad(f"{ID}person/{name}", TYPE, f"<{V}Person>"), _quad(f"{ID}person/{name}", LABEL, f'"{name}"@vi')]
        quads += [_quad(event, f"{V}attendee", f"<{ID}person/{name}>") for event in events]
    graph = Store.in_memory("".join(quads))
    reader = Reader(graph, read_former(graph))
    reader.read_names([first, second])
    scope._read_met(reader, {PERSON: [first, second]})
    assert reader.met[PERSON] == [(f"{ID}person/both", [first, second]), (f"{ID}person/an", [first]),
                                  (f"{ID}person/binh", [second])]
    assert not {first, second} & reader.out_roles.keys()


def _busy_person(posts: int) -> Store:
    """PERSON chairs EVENT and holds ``posts`` posts, each in a body of its own."""
    quads = [_quad(PERSON, TYPE, f"<{V}Person>"), _quad(PERSON, LABEL, '"Hoàng Duy Chinh"@vi'),
             _quad(EVENT, TYPE, f"<{V}Conference>"), _quad(EVENT, LABEL, '"Hội nghị Tỉnh ủy"@vi'),
             _quad(EVENT, f"{V}chair", f"<{PERSON}>")]
    for n in range(posts):
        post, body = f"{ID}post/p{n:02}", f"{ID}body/b{n:02}"
        quads += [_quad(PERSON, f"{ORG}holds", f"<{post}>"), _quad(post, LABEL, f'"Bí thư {n:02}"@vi'),
                  _quad(post, f"{ORG}postIn", f"<{body}>"), _quad(body, LABEL, f'"Đảng ủy {n:02}"@vi')]
    return Store.in_memory("".join(quads))


def test_a_busy_person_drawn_on_another_page_names_some_posts_and_counts_the_others(tmp_path: Path) -> None:
    """On the page of an event, the hover text of its chair names ``TITLE_POSTS_MAX`` of the
    chair's posts and says how many more there are, and only those posts are read; the
    chair's own page lists them all (a busy person of a big build holds a hundred)."""
    shown, more = page.TITLE_POSTS_MAX, 3
    graph = _busy_person(shown + more)
    reader = Reader(graph, read_former(graph))
    title = Net(scope.pages(reader, [Node(EVENT, "event", 1)])).node_title(PERSON)
    assert title.count("Bí thư") == shown and f"… và {more} chức vụ khác" in title
    assert not reader.asked["out"] & {f"{ID}post/p{n:02}" for n in range(shown, shown + more)}
    views.write_views(graph, tmp_path)
    own = next((tmp_path / "views" / "person").glob("*.html")).read_text("utf-8")
    assert all(f"Bí thư {n:02}" in own for n in range(shown + more))


def test_person_page_shows_dates_observed(tmp_path: Path) -> None:
    views.write_views(three_articles(), tmp_path)
    page = next((tmp_path / "views" / "person").glob("hoang-duy-chinh-*.html")).read_text("utf-8")
    assert "quan sát 2023-06-26 → 2024-01-05" in page


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    build_sample(out)
    return out


def test_store_and_turtle_give_the_same_views(sample: Path) -> None:
    db = Store.open(sample / "store")
    from_store = views.to_networkx(db)
    from_turtle = views.to_networkx(rdf.load([sample / "graph.ttl"]))
    del db
    assert dict(from_store.nodes(data=True)) == dict(from_turtle.nodes(data=True))
    assert sorted(from_store.edges(keys=True, data=True)) == sorted(from_turtle.edges(keys=True, data=True))
    kinds = {a["kind"] for _n, a in from_store.nodes(data=True)}
    assert kinds == {"person", "body", "event"}
    roles = {a["role"] for _u, _v, a in from_store.edges(data=True)}
    assert {"chair", "organizer", "holds"} <= roles


def test_posts_and_articles_read_in_few_lookups_read_what_out_reads(sample: Path) -> None:
    """``POST`` and ``ARTICLE`` name every property ``OUT`` would find on the posts and
    articles of a build (kg.mapping may give them a new one)."""
    db = Store.open(sample / "store")
    for cls, template in (("org:Post", reader_module.POST), ("schema:NewsArticle", reader_module.ARTICLE)):
        iris = [row[0] for row in query(db, f"SELECT ?s WHERE {{ ?s a {cls} }}") if row[0]]
        assert iris
        everything, few = Reader(db, read_former(db)), Reader(db, read_former(db))
        everything.read(iris)
        few.read(iris, template)
        assert (few.types, few.labels, few.values, few.post_bodies) == (
            everything.types, everything.labels, everything.values, everything.post_bodies)


def test_sample_build_writes_every_page(sample: Path) -> None:
    root = sample / "views"
    index = (root / "index.html").read_text(encoding="utf-8")
    pages = {p.relative_to(root).as_posix() for p in root.glob("*/*.html")}
    assert pages and pages <= set(re.findall(r'href="([^"]+\.html)"', index))
    assert {p.split("/")[0] for p in pages} == {"event", "person", "body"}
    assert not (root / "lib").exists()


def _view_files(root: Path) -> dict[str, bytes]:
    """The files of ``root/views``, by their path in it."""
    views_dir = root / "views"
    return {p.relative_to(views_dir).as_posix(): p.read_bytes() for p in views_dir.rglob("*") if p.is_file()}


def test_views_written_in_parts_are_the_views_written_at_once(
        sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build with several jobs writes its views in as many processes, each its part: together
    the same files, byte for byte, as one process writes."""
    monkeypatch.setattr(scope, "EDGE_BUDGET", 10)  # small batches, so that each part has some

    db = Store.open(sample / "store")
    views.write_views(db, tmp_path / "whole")
    parts = []
    for k in range(3):
        views.write_views(db, tmp_path / f"part{k}", part=(k, 3))
        parts.append(_view_files(tmp_path / f"part{k}"))
    del db
    assert [("index.html" in part) for part in parts] == [True, False, False]
    assert all(any(name.startswith("person/") for name in part) for part in parts)
    assert sum(len(part) for part in parts) == len(_view_files(tmp_path / "whole"))
    assert {name: data for part in parts for name, data in part.items()} == _view_files(tmp_path / "whole")


def test_parts_given_one_census_write_what_they_write_taking_their_own(
        sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build takes the census once, in a process of its own, and gives it to every part:
    a part given it asks the store for no census and writes the same files."""
    monkeypatch.setattr(scope, "EDGE_BUDGET", 10)

    db = Store.open(sample / "store")
    for k in range(2):
        views.write_views(db, tmp_path / f"own{k}", part=(k, 2))
    counted = views.census_of(db)

    def no_census(*_args: object) -> NoReturn:
        raise AssertionError("the census was taken again")

    monkeypatch.setattr(census, "take", no_census)
    for k in range(2):
        views.write_views(db, tmp_path / f"given{k}", part=(k, 2), counted=counted)
    del db
    for k in range(2):
        assert _view_files(tmp_path / f"given{k}") == _view_files(tmp_path / f"own{k}")


def test_parts_sharing_claims_write_each_batch_once(
        sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a folder of claims, a batch goes to the first part that asks for it: here the part
    run first writes every entity page, the others only what is theirs alone (the overview)."""
    monkeypatch.setattr(scope, "EDGE_BUDGET", 10)

    def names(root: Path) -> set[str]:
        return {p.relative_to(root / "views").as_posix() for p in (root / "views").rglob("*.html")}

    db = Store.open(sample / "store")
    views.write_views(db, tmp_path / "whole")
    written = {}
    for k in (2, 0, 1):
        views.write_views(db, tmp_path / f"part{k}", part=(k, 3), claims=tmp_path / "claims")
        written[k] = names(tmp_path / f"part{k}")
    del db
    assert written[0] == {"index.html"} and not written[1]
    assert written[2] | written[0] == names(tmp_path / "whole")
    assert len(list((tmp_path / "claims").iterdir())) > 3  # several batches, all claimed by part 2


def test_batches_of_pages_hold_at_most_batch_max_entities() -> None:
    """Little-connected entities are not read all in one batch: a batch holds what the
    neighbours around each entity have, whatever the entity's own degree."""
    entities = [Node(f"{ID}person/p{n:03}", "person", 1) for n in range(3 * scope.BATCH_MAX + 1)]
    batches = list(scope.batches(entities))
    assert [len(b) for b in batches] == [scope.BATCH_MAX] * 3 + [1]
    assert [n for b in batches for n in b] == entities


def test_a_page_is_the_same_whatever_batch_it_is_read_in(
        sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page lists the first of an entity's many roles or holders in the store's order, not
    those read along with the other entities of its batch (it once listed these too); a
    person's hover text names the same posts whether or not the batch read all of them (it
    once named them all when the person's own page was in the batch)."""
    monkeypatch.setattr(page, "LIST_MAX", 1)  # so that the sample's entities have many
    monkeypatch.setattr(page, "HOLDERS_MAX", 1)
    monkeypatch.setattr(page, "TITLE_POSTS_MAX", 1)
    db = Store.open(sample / "store")
    views.write_views(db, tmp_path / "together")
    monkeypatch.setattr(scope, "BATCH_MAX", 1)
    views.write_views(db, tmp_path / "one-by-one")
    together, alone = _view_files(tmp_path / "together"), _view_files(tmp_path / "one-by-one")
    assert together.keys() == alone.keys()
    assert [name for name in together if together[name] != alone[name]] == []


def test_a_build_with_two_jobs_writes_the_views_of_one(sample: Path, tmp_path: Path) -> None:
    """Two jobs: two processes write the views (each its part), the same files as one."""
    pipeline.build([SAMPLE], pipeline.BuildOptions(out=tmp_path, jobs=2))
    ours, theirs = tmp_path / "views", sample / "views"
    names = sorted(p.relative_to(theirs).as_posix() for p in theirs.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(ours).as_posix() for p in ours.rglob("*") if p.is_file())
    assert all((ours / name).read_bytes() == (theirs / name).read_bytes() for name in names)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".views-")]


def test_large_overview_is_capped_and_says_so(tmp_path: Path) -> None:
    report = views.write_views(three_articles(), tmp_path, max_overview_nodes=2)
    assert (report.nodes, report.left_out) == (2, 1)
    index = report.index.read_text(encoding="utf-8")
    assert "chỉ vẽ 2 nút có nhiều liên kết nhất trên tổng số 3" in index


def test_many_pages_share_one_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write, "INLINE_MAX_PAGES", 2)
    report = views.write_views(three_articles(), tmp_path)
    root = tmp_path / "views"
    assert not report.inline
    assert sorted(p.name for p in (root / "lib").iterdir()) == ["vis-network.css", "vis-network.min.js"]
    person = next((root / "person").glob("*.html")).read_text(encoding="utf-8")
    assert '<script src="../lib/vis-network.min.js"></script>' in person
    index = report.index.read_text(encoding="utf-8")
    assert "lib/vis-network" not in index  # the overview stays self-contained
    assert report.size == sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def test_written_as_utf8_whatever_the_locale(tmp_path: Path) -> None:
    ttl = tmp_path / "g.ttl"
    ttl.write_text('<https://w3id.org/vnpol/id/person/x> a <https://w3id.org/vnpol/ontology#Person> ;\n'
                   '  <http://www.w3.org/2000/01/rdf-schema#label> "Đỗ Thị Minh Hoa"@vi .\n', encoding="utf-8")
    env = os.environ | {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0",
                        "PYTHONIOENCODING": "ascii"}
    code = "import locale; assert locale.getpreferredencoding(False).lower() in ('ascii', 'ansi_x3.4-1968')"
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    subprocess.run([sys.executable, "-m", "kg", "view", str(ttl), "-o", str(tmp_path)], env=env, check=True,
                   capture_output=True)
    person = next((tmp_path / "views" / "person").glob("do-thi-minh-hoa-*.html"))
    assert "<h1>Đỗ Thị Minh Hoa</h1>" in person.read_bytes().decode("utf-8")


def test_the_overview_leaves_nothing_in_the_reader_the_pages_start_from(
        sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The part that draws the overview reads its pages from what the ranking read, as the other
    parts do, not from all the overview read (which it would carry through every batch)."""
    monkeypatch.setattr(scope, "EDGE_BUDGET", 10)  # small batches, so that each part has some
    asked: dict[int, dict[str, int]] = {}  # part → what the reader of its first batch knew
    part = [0]
    pages = scope.pages

    def noting(r: Reader, batch: Sequence[Node]) -> object:
        asked.setdefault(part[0], {what: len(iris) for what, iris in r.asked.items() if iris})
        return pages(r, batch)

    monkeypatch.setattr(scope, "pages", noting)
    db = Store.open(sample / "store")
    for k in range(2):
        part[0] = k
        views.write_views(db, tmp_path / f"part{k}", part=(k, 2))
    del db
    assert asked[0] == asked[1] and asked[0]["names"] > 0


def test_what_the_reader_keeps_names_each_iri_with_one_string(sample: Path) -> None:
    """An agent of many roles, a body of many posts: each IRI read is held as one string."""
    db = Store.open(sample / "store")
    r = Reader(db, read_former(db))
    events = [row[0] for row in query(db, "SELECT DISTINCT ?e WHERE { ?e vnpol:chair ?a }") if row[0]]
    r.read(events)
    r.read_in({agent for roles in r.out_roles.values() for _e, _role, agent in roles})
    del db
    kept = [agent for roles in r.out_roles.values() for _e, _role, agent in roles]
    kept += [event for roles in r.in_roles.values() for event, _role, _a in roles]
    by_text: dict[str, list[str]] = {}
    for iri in kept:
        by_text.setdefault(iri, []).append(iri)
    assert any(len(same) > 1 for same in by_text.values())
    assert all(all(iri is same[0] for iri in same) for same in by_text.values())


def test_views_read_from_a_store_opened_afresh_between_queries_are_the_same(
        sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store held to a cache budget is opened afresh whenever the process has grown past it
    (here, as if it grew by a GiB at every look): the views it gives are the same files, and
    a query under way when the store is opened again reads on to its end."""
    db = Store.open(sample / "store")
    views.write_views(db, tmp_path / "kept")
    del db
    looks = iter(range(1 << 30, 1 << 50, 1 << 30))
    monkeypatch.setattr(memory, "resident", lambda: next(looks))
    db = Store.open(sample / "store", cache_budget=1 << 20)
    views.write_views(db, tmp_path / "afresh")
    assert db.reopened > 10
    assert _view_files(tmp_path / "afresh") == _view_files(tmp_path / "kept")
    every = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    under_way, before = db.each(every), db.reopened
    first = next(under_way)
    assert db.rows("SELECT ?s WHERE { ?s a vnpol:Person }") and db.reopened > before
    assert [first, *under_way] == db.rows(every)
    del db


def test_what_grows_with_the_statements_of_each_iri_is_read_a_few_iris_a_query(
        sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The roles and agents of events are read ``FEW`` events a query; the participations of
    whole events, the articles that mention them and their quotes ``FEWER`` (what one query
    touches, the store's caches hold until it ends); the views are the same."""
    db = Store.open(sample / "store")
    views.write_views(db, tmp_path / "many")
    monkeypatch.setattr(reader_module, "FEW", 2)
    monkeypatch.setattr(reader_module, "FEWER", 1)
    asked: list[str] = []
    each = Store.each

    def noting(self: Store, sparql: str) -> Iterator[tuple[str | None, ...]]:
        asked.append(sparql)
        return each(self, sparql)

    monkeypatch.setattr(Store, "each", noting)
    views.write_views(db, tmp_path / "few")
    del db
    assert _view_files(tmp_path / "few") == _view_files(tmp_path / "many")
    bound = {}  # template → the IRIs bound by each query of it
    for name in ("_ROLE_ROWS", "_AGENTS", "_MENTIONS", "_OWN_QUOTES", "_SAID"):
        after = getattr(reader_module, name).split("$VALUES")[1]
        bound[name] = {sparql.split("VALUES ?")[1].split("}")[0].count("<") for sparql in asked
                       if sparql.endswith(after) and "VALUES ?" in sparql}  # not pairs: (?event ?agent)
    assert bound == {"_ROLE_ROWS": {1, 2}, "_AGENTS": {2}, "_MENTIONS": {1}, "_OWN_QUOTES": {1}, "_SAID": {1}}
