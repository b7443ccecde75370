"""kg.views: the networkx graph built from RDF, and the offline, escaped HTML pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV

from kg import views
from kg.views import overview, styles
from kg.views.graph import Net, from_facts, skeleton
from kg.views.scope import everything
from kg.views.vis import vis_data

ID = Namespace("https://w3id.org/vnpol/id/")
VNPOL = Namespace("https://w3id.org/vnpol/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")

HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_QUOTE = "Đồng chí <img src=x onerror=alert(2)> phát biểu chỉ đạo hội nghị."
ARTICLE = ID["article/a1"]
E1, E2 = ID["event/e1"], ID["event/e2"]
CHINH, HOA, LAN, BAD = ID["person/chinh"], ID["person/hoa"], ID["person/lan"], ID["person/bad"]
TINH_UY, HDND = ID["body/tinh-uy-bac-kan"], ID["body/hdnd-bac-kan"]


def _label(g: Graph, node: URIRef, text: str) -> None:
    g.add((node, RDFS.label, Literal(text, lang="vi")))


def _participation(g: Graph, n: int, event: URIRef, agent: URIRef, role: str, quote: str) -> None:
    part, q = ID[f"participation/p{n}"], ID[f"quote/q{n}"]
    g.add((part, RDF.type, VNPOL.Participation))
    g.add((part, VNPOL.event, event))
    g.add((part, VNPOL.agent, agent))
    g.add((part, VNPOL.role, VNPOL[role]))
    g.add((part, VNPOL.evidence, q))
    g.add((part, PROV.wasDerivedFrom, ARTICLE))
    g.add((q, RDF.type, VNPOL.Quote))
    g.add((q, VNPOL.exact, Literal(quote)))
    g.add((q, VNPOL.start, Literal(n * 100)))
    g.add((q, VNPOL.end, Literal(n * 100 + 80)))
    g.add((q, VNPOL.source, ARTICLE))
    whole = ID[f"participation/build-p{n}"]  # the build's participation, as kg.identity makes it
    g.add((event, VNPOL.participation, whole))
    g.add((whole, RDF.type, VNPOL.Participation))
    for prop, value in ((VNPOL.event, event), (VNPOL.agent, agent), (VNPOL.role, VNPOL[role]),
                        (VNPOL.articleCount, Literal(1)), (VNPOL.evidence, q)):
        g.add((whole, prop, value))


def _post(g: Graph, person: URIRef, name: str, role: str, body: URIRef, first: str | None) -> None:
    post, concept, holding = ID[f"post/{name}"], ID[f"role/{role}"], ID[f"holding/{name}"]
    g.add((person, ORG.holds, post))
    g.add((post, RDF.type, ORG.Post))
    g.add((post, ORG.role, concept))
    g.add((post, ORG.postIn, body))
    g.add((concept, RDF.type, SKOS.Concept))
    g.add((concept, SKOS.prefLabel, Literal(role.replace("-", " ").capitalize(), lang="vi")))
    g.add((holding, RDF.type, VNPOL.PostHolding))
    g.add((holding, ORG.member, person))
    g.add((holding, VNPOL.post, post))
    g.add((holding, ORG.organization, body))
    g.add((person, ORG.hasMembership, holding))  # a holding of the whole build, as kg.identity makes
    g.add((holding, VNPOL.articleCount, Literal(1)))
    if first:
        g.add((holding, VNPOL.firstObserved, Literal(first, datatype=XSD.date)))
        g.add((holding, VNPOL.lastObserved, Literal("2024-12-01", datatype=XSD.date)))


def _people_and_bodies(g: Graph, hostile_name: str) -> None:
    for person, name in ((CHINH, "Hoàng Duy Chinh"), (HOA, "Phạm Duy Hưng"),
                         (LAN, "Đỗ Thị Minh Hoa"), (BAD, hostile_name)):
        g.add((person, RDF.type, VNPOL.Person))
        _label(g, person, name)
    g.add((TINH_UY, RDF.type, VNPOL.PartyCommittee))
    _label(g, TINH_UY, "Tỉnh ủy Bắc Kạn")
    g.add((TINH_UY, VNPOL.level, Literal("tỉnh")))
    g.add((HDND, RDF.type, VNPOL.PeoplesCouncil))
    _label(g, HDND, "Hội đồng nhân dân tỉnh Bắc Kạn")
    _post(g, CHINH, "bi-thu-tinh-uy", "bí-thư", TINH_UY, "2023-06-26")
    _post(g, HOA, "chu-tich-hdnd", "chủ-tịch", HDND, None)
    _label(g, ID["post/bi-thu-tinh-uy"], "Bí thư Tỉnh ủy Bắc Kạn")
    _label(g, ID["post/chu-tich-hdnd"], "Chủ tịch Hội đồng nhân dân tỉnh Bắc Kạn")


def _events(g: Graph) -> None:
    g.add((ARTICLE, RDF.type, SCHEMA.NewsArticle))
    g.add((ARTICLE, SCHEMA.headline, Literal("Hội nghị Ban Chấp hành Đảng bộ tỉnh", lang="vi")))
    g.add((ARTICLE, SCHEMA.datePublished, Literal("2024-12", datatype=XSD.gYearMonth)))
    for event, cls, name, date in (
        (E1, VNPOL.Conference, "Hội nghị Tỉnh ủy lần thứ 15", "2023-06-26"),
        (E2, VNPOL.Session, "Kỳ họp thứ 10 HĐND tỉnh", "2023-07-12"),
    ):
        g.add((event, RDF.type, cls))
        _label(g, event, name)
        g.add((event, SCHEMA.startDate, Literal(date, datatype=XSD.date)))
        g.add((event, VNPOL.mentionedIn, ARTICLE))
    g.add((E1, VNPOL.evidence, ID["quote/e1"]))
    g.add((ID["quote/e1"], VNPOL.exact, Literal("Hội nghị Tỉnh ủy lần thứ 15 khai mạc sáng 26/6.")))
    g.add((E1, VNPOL.organizer, TINH_UY))
    g.add((E2, VNPOL.organizer, HDND))
    facts = [(E1, "chair", CHINH, "ChairRole", "Đồng chí Hoàng Duy Chinh chủ trì hội nghị."),
             (E1, "attendee", HOA, "AttendeeRole", "Dự hội nghị có đồng chí Phạm Duy Hưng."),
             (E1, "speaker", BAD, "SpeakerRole", HOSTILE_QUOTE),
             (E1, "attendee", BAD, "AttendeeRole", "Dự hội nghị có đồng chí Phạm Duy Hưng."),
             (E2, "chair", HOA, "ChairRole", "Đồng chí Phạm Duy Hưng chủ trì kỳ họp."),
             (E2, "reporter", LAN, "ReporterRole", "Đồng chí Đỗ Thị Minh Hoa trình bày báo cáo."),
             (E2, "attendee", CHINH, "AttendeeRole", "Dự kỳ họp có đồng chí Hoàng Duy Chinh."),
             (E2, "attendee", TINH_UY, "AttendeeRole", "Đại diện Tỉnh ủy dự kỳ họp.")]
    for n, (event, prop, agent, role, quote) in enumerate(facts):
        g.add((event, VNPOL[prop], agent))
        _participation(g, n, event, agent, role, quote)


def sample_graph(hostile_name: str = HOSTILE_NAME) -> Graph:
    """2 events, 4 persons (one named with markup), 2 bodies, 2 posts, one article."""
    g = Graph()
    _people_and_bodies(g, hostile_name)
    _events(g)
    return g


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[views.ViewsReport, Path]:
    out = tmp_path_factory.mktemp("out")
    return views.write_views(sample_graph(), out), out / "views"


def _pages(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.html"))


def test_nodes_have_kind_and_label() -> None:
    g = views.to_networkx(sample_graph())
    kinds = {str(n): (a["kind"], a["label"]) for n, a in g.nodes(data=True)}
    assert kinds == {
        str(E1): ("event", "Hội nghị Tỉnh ủy lần thứ 15"),
        str(E2): ("event", "Kỳ họp thứ 10 HĐND tỉnh"),
        str(CHINH): ("person", "Hoàng Duy Chinh"),
        str(HOA): ("person", "Phạm Duy Hưng"),
        str(LAN): ("person", "Đỗ Thị Minh Hoa"),
        str(BAD): ("person", HOSTILE_NAME),
        str(TINH_UY): ("body", "Tỉnh ủy Bắc Kạn"),
        str(HDND): ("body", "Hội đồng nhân dân tỉnh Bắc Kạn"),
    }
    assert g.nodes[str(E1)]["date"] == "2023-06-26"
    assert g.nodes[str(E1)]["cls"] == "Conference"
    assert g.nodes[str(TINH_UY)]["cls"] == "PartyCommittee"
    # hover text of an event: its own quote, the article headline and date
    title = g.nodes[str(E1)]["title"]
    assert "khai mạc sáng 26/6" in title
    assert "Hội nghị Ban Chấp hành Đảng bộ tỉnh (2024-12)" in title


def test_edges_carry_roles_and_evidence() -> None:
    g = views.to_networkx(sample_graph())
    roles = {(str(u).rsplit("/", 1)[1], str(v).rsplit("/", 1)[1], a["role"])
             for u, v, a in g.edges(data=True)}
    assert roles == {
        ("chinh", "e1", "chair"), ("hoa", "e1", "attendee"), ("bad", "e1", "speaker"),
        ("bad", "e1", "attendee"), ("hoa", "e2", "chair"), ("lan", "e2", "reporter"),
        ("chinh", "e2", "attendee"), ("tinh-uy-bac-kan", "e2", "attendee"),
        ("tinh-uy-bac-kan", "e1", "organizer"), ("hdnd-bac-kan", "e2", "organizer"),
        ("chinh", "tinh-uy-bac-kan", "holds"), ("hoa", "hdnd-bac-kan", "holds"),
    }
    speaker = g.edges[str(BAD), str(E1), "speaker"]
    assert speaker["quote"] == HOSTILE_QUOTE
    assert speaker["headline"] == "Hội nghị Ban Chấp hành Đảng bộ tỉnh"
    assert speaker["published"] == "2024-12"
    assert HOSTILE_QUOTE in speaker["title"] and "2024-12" in speaker["title"]


def test_hover_texts_are_written_for_what_is_drawn_only() -> None:
    whole = views.to_networkx(sample_graph())
    g = from_facts(everything(sample_graph()), titles=False)
    drawn, shown = [str(CHINH), str(E1), str(TINH_UY)], {(str(CHINH), str(E1))}
    vis_data(Net(g), drawn, {}, root="", edges=shown)
    titled = {(u, v, k) for u, v, k, a in g.edges(keys=True, data=True) if "title" in a}
    assert titled == {(str(CHINH), str(E1), "chair")}
    assert g.edges[str(CHINH), str(E1), "chair"]["title"] == whole.edges[str(CHINH), str(E1), "chair"]["title"]
    assert {n for n, a in g.nodes(data=True) if "title" in a} == set(drawn)
    assert all(g.nodes[n]["title"] == whole.nodes[n]["title"] for n in drawn)


def test_the_overview_chooses_and_thins_on_one_edge_per_person_and_body() -> None:
    """The graph the overview chooses its nodes and edges on (``skeleton``) holds one holds
    edge from a person to a body however many posts the person holds in it, and the roles
    between nodes it has, with the kinds, labels and degrees ``choose`` and ``thin`` read."""
    person, body, event, outside = "p", "b", "e", "x"
    kinds = {person: "person", body: "body", event: "event"}
    g = skeleton(kinds, {person: "Chinh"}, {person: 3, body: 2, event: 1},
                 [(event, "chair", person), (event, "organizer", body), (event, "attendee", outside)],
                 [(person, "post/bi-thu"), (person, "post/pho-bi-thu"), (person, "post/loose")],
                 {"post/bi-thu": (body,), "post/pho-bi-thu": (body,)})
    assert sorted((u, v, a["role"]) for u, v, a in g.among(list(kinds))) == [
        (body, event, "organizer"), (person, body, "holds"), (person, event, "chair")]
    assert (g.node(person)["label"], g.node(body)["label"], g.degree(event)) == ("Chinh", "b", 1)
    assert g.neighbours(person) == {body, event}
    assert overview.thin(g, list(kinds), 10).among == 3


def test_holds_edges_carry_post_and_dates() -> None:
    g = views.to_networkx(sample_graph())
    holds = g.edges[str(CHINH), str(TINH_UY), f"holds {ID['post/bi-thu-tinh-uy']}"]
    assert holds["post_label"] == "Bí thư Tỉnh ủy Bắc Kạn"
    assert holds["post_role"] == "Bí thư"
    assert (holds["first"], holds["last"]) == ("2023-06-26", "2024-12-01")
    hoa = next(a for _u, _v, a in g.out_edges(str(HOA), data=True) if a["role"] == "holds")
    assert (hoa["first"], hoa["last"]) == ("", "")


@pytest.mark.parametrize(("label", "expected"), [
    ("Hoàng Duy Chinh", "hoang-duy-chinh"),
    ("Đỗ Thị Minh Hoa", "do-thi-minh-hoa"),
    ("Tỉnh ủy Bắc Kạn", "tinh-uy-bac-kan"),
    (HOSTILE_NAME, "script-alert-1-script"),
    ("", "x"),
])
def test_slug_is_ascii_plus_hash(label: str, expected: str) -> None:
    iri = "https://w3id.org/vnpol/id/x"
    assert re.fullmatch(re.escape(expected) + r"-[0-9a-f]{8}", views.slug(label, iri))
    assert views.slug(label, iri) == views.slug(label, iri)
    assert views.slug(label, iri) != views.slug(label, iri + "2")


def test_report_counts(written: tuple[views.ViewsReport, Path]) -> None:
    report, root = written
    assert report.index == root / "index.html"
    assert (report.events, report.persons, report.bodies) == (2, 4, 2)
    # the speaker and attendee roles of the same person at e1 are drawn as one edge
    assert (report.nodes, report.edges, report.capped) == (8, 11, False)


def test_every_page_exists_and_is_linked_from_index(
    written: tuple[views.ViewsReport, Path],
) -> None:
    report, root = written
    pages = {p.relative_to(root).as_posix() for p in _pages(root)} - {"index.html"}
    assert len(pages) == 8
    assert {p.split("/")[0] for p in pages} == {"event", "person", "body"}
    index = (root / "index.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'href="([^"]+\.html)"', index))
    assert pages <= linked
    assert all((root / link).is_file() for link in linked)
    assert report.inline and not (root / "lib").exists()  # every page carries vis-network


class Tags(HTMLParser):
    """The elements of a page (script and style contents are text to the parser)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_pages_are_utf8_and_show_vietnamese(written: tuple[views.ViewsReport, Path]) -> None:
    _report, root = written
    for page in _pages(root):
        text = page.read_text(encoding="utf-8")
        assert '<meta charset="utf-8">' in text
    index = (root / "index.html").read_text(encoding="utf-8")
    assert "Hoàng Duy Chinh" in index and "Tỉnh ủy Bắc Kạn" in index
    event = next((root / "event").glob("hoi-nghi-tinh-uy-lan-thu-15-*.html"))
    assert "<title>Hội nghị Tỉnh ủy lần thứ 15 (2023-06-26)</title>" in event.read_text("utf-8")


REMOTE = re.compile(
    r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|//cdn|url\(\s*["']?https?:""", re.I
)


def test_pages_are_self_contained(written: tuple[views.ViewsReport, Path]) -> None:
    _report, root = written
    for page in _pages(root):
        text = page.read_text(encoding="utf-8")
        assert not REMOTE.search(text), page
        assert "@import" not in text
        tags = Tags(text).tags
        # no file is loaded at all: vis-network, its CSS and the page code are in the page
        assert not [a for tag, a in tags if tag in ("script", "link", "img", "iframe") and (a.get("src") or
                                                                                          a.get("href"))]
        assert "vis-network" in text and "div.vis-tooltip{" in text, page
        assert len(text.encode("utf-8")) < 600_000, page


def test_hostile_strings_are_escaped(written: tuple[views.ViewsReport, Path]) -> None:
    _report, root = written
    for page in _pages(root):
        text = page.read_text(encoding="utf-8")
        assert HOSTILE_NAME not in text, page
        assert "<img" not in text, page
        # only the page's own two <script> elements: the vis-network library and the page code
        assert [tag for tag, _a in Tags(text).tags].count("script") == 2, page
    person = next((root / "person").glob("script-alert-1-script-*.html"))
    text = person.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text  # shown as text in the page
    assert "onerror=alert(2)" in text  # the quote is there, but only as JSON text


def test_person_page_lists_posts_events_and_people_met(
    written: tuple[views.ViewsReport, Path],
) -> None:
    _report, root = written
    text = next((root / "person").glob("hoang-duy-chinh-*.html")).read_text(encoding="utf-8")
    assert "Bí thư Tỉnh ủy Bắc Kạn" in text and "quan sát 2023-06-26 → 2024-12-01" in text
    assert "Chủ trì (chair)" in text and "Dự (attendee)" in text
    assert "Gặp nhiều nhất" in text and "Phạm Duy Hưng" in text


def test_cap_limits_entity_pages(tmp_path: Path) -> None:
    report = views.write_views(sample_graph(), tmp_path, max_entity_views=3)
    assert report.capped
    assert report.events + report.persons + report.bodies == 3
    assert len(list((tmp_path / "views").glob("*/*.html"))) == 3
    assert report.nodes == 8  # the overview still shows everything


def test_rewrite_is_atomic_and_deterministic(tmp_path: Path) -> None:
    views.write_views(sample_graph(), tmp_path)
    first = {p: p.read_bytes() for p in _pages(tmp_path)}
    views.write_views(sample_graph(), tmp_path)
    assert {p: p.read_bytes() for p in _pages(tmp_path)} == first
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_large_overview_is_laid_out_in_python(tmp_path: Path) -> None:
    g = Graph()
    for i in range(320):
        person = ID[f"person/p{i}"]
        g.add((person, RDF.type, VNPOL.Person))
        _label(g, person, f"Người số {i}")
        g.add((ID[f"event/e{i // 4}"], VNPOL.attendee, person))
    report = views.write_views(g, tmp_path / "a", max_entity_views=5)
    assert report.nodes == 400 and report.edges == 320
    text = report.index.read_text(encoding="utf-8")
    assert '"physics": false' in text and '"x": ' in text
    # no arrowheads (they cost most of a frame); the hubs' labels are big enough to read at a glance
    assert '"to": {"enabled": false' in text and text.count('"background": "rgba(255,255,255,0.75)"') >= 8
    again = views.write_views(g, tmp_path / "b", max_entity_views=5)
    assert again.index.read_text(encoding="utf-8") == text  # seeded layout


def test_empty_graph_writes_an_empty_overview(tmp_path: Path) -> None:
    report = views.write_views(Graph(), tmp_path)
    assert (report.nodes, report.edges, report.events, report.persons, report.bodies) == (0,) * 5
    assert report.index.is_file()


def test_former_post_is_marked(tmp_path: Path) -> None:
    g = Graph()
    person, post, holding = ID["person/x"], ID["post/x"], ID["holding/x"]
    g.add((person, RDF.type, VNPOL.Person))
    _label(g, person, "Nguyễn Văn A")
    _label(g, post, "Nguyên Chủ tịch UBND tỉnh")
    g.add((post, ORG.postIn, HDND))
    _label(g, HDND, "Ủy ban nhân dân tỉnh Bắc Kạn")
    for triple in ((holding, ORG.member, person), (holding, VNPOL.post, post),
                   (holding, VNPOL.former, Literal(True))):
        g.add(triple)
    (edge,) = (a for _u, _v, a in views.to_networkx(g).edges(data=True))
    assert (edge["role"], edge["former"]) == ("holds", True)
    views.write_views(g, tmp_path)
    page = next((tmp_path / "views" / "person").glob("nguyen-van-a-*.html"))
    assert "nguyên (former)" in page.read_text(encoding="utf-8")


def test_month_day_dates_are_shown_readably(tmp_path: Path) -> None:
    g = Graph()
    g.add((E1, RDF.type, VNPOL.WorkingSession))
    _label(g, E1, "Buổi làm việc")
    g.add((E1, SCHEMA.startDate, Literal("--03-19", datatype=XSD.gMonthDay)))
    views.write_views(g, tmp_path)
    page = next((tmp_path / "views" / "event").glob("buoi-lam-viec-*.html"))
    assert "<title>Buổi làm việc (19/03, năm ?)</title>" in page.read_text(encoding="utf-8")


def test_capped_overview_draws_no_node_alone() -> None:
    g = Graph()
    for i in range(4):
        person = ID[f"person/z{i}"]
        _label(g, person, f"Zương Văn {i}")
        g.add((person, RDF.type, VNPOL.Person))
        g.add((E1, VNPOL.attendee, person))
    _label(g, E1, "Hội nghị")
    _post(g, CHINH, "bi-thu", "bí-thư", TINH_UY, None)
    _label(g, CHINH, "An Văn A")
    _label(g, TINH_UY, "An giang")
    net = Net(views.to_networkx(g))
    drawn = overview.choose(net, 3)
    # the event is the most connected: it comes with one of its attendees, not alone
    assert str(E1) in drawn and len(drawn) == 2
    assert all(net.neighbours(n) & set(drawn) for n in drawn)
    assert overview.choose(net, 100) == sorted(net.nodes(), key=lambda n: (net.node(n)["kind"] != "person",
                                                                            net.node(n)["kind"] != "body", n))


def test_the_label_caches_of_a_views_process_are_bounded() -> None:
    """A big build's views meet hundreds of thousands of names: what is kept of them is bounded."""
    for cached in (styles.wrap, styles.name_key):
        assert cached.cache_info().maxsize is not None
        cached.cache_clear()
    for n in range(styles._LABELS_KEPT + 10):
        styles.name_key(f"Nguyễn Văn {n}")
    assert styles.name_key.cache_info().currsize == styles._LABELS_KEPT
