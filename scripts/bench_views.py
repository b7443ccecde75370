"""Benchmark kg.views on a synthetic graph: HTML generation time and time to draw in Chromium.

    .venv/bin/python scripts/bench_views.py            # 5000 nodes
    .venv/bin/python scripts/bench_views.py 200 --out /tmp/views200 --screenshot /tmp/o.png

Nodes are split 60 % persons, 30 % events, 10 % bodies. Each person holds one post; each event
has an organizer, a chair, a reporter, a speaker and 3–8 attendees, with a quote and an article.
A few people take part far more often than the rest, as leaders do in real news.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg import views  # noqa: E402

ID = Namespace("https://w3id.org/vnpol/id/")
VNPOL = Namespace("https://w3id.org/vnpol/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quốc", "Thanh", "Hữu", "Duy", "Ngọc", "Xuân"]
GIVEN = ["Chinh", "Hưng", "Hoa", "Lan", "Dũng", "Thắng", "Hùng", "Tuấn", "Phúc", "Bình", "Quyết"]
PROVINCES = ["Bắc Kạn", "Cao Bằng", "Lạng Sơn", "Thái Nguyên", "Hà Giang", "Tuyên Quang"]
BODY_KINDS = [("PartyCommittee", "Tỉnh ủy"), ("PeoplesCouncil", "HĐND tỉnh"),
              ("PeoplesCommittee", "UBND tỉnh"), ("Department", "Sở Tài chính")]
EVENT_KINDS = [("Conference", "Hội nghị"), ("Session", "Kỳ họp"),
               ("WorkingSession", "Buổi làm việc"), ("VoterMeeting", "Tiếp xúc cử tri")]
ROLES = [("chair", "ChairRole"), ("reporter", "ReporterRole"), ("speaker", "SpeakerRole")]


def _add_people(g: Graph, rng: random.Random, persons: int, bodies: list[URIRef]) -> list[URIRef]:
    people = []
    for i in range(persons):
        person, post = ID[f"person/p{i}"], ID[f"post/p{i}"]
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        body = rng.choice(bodies)
        g.add((person, RDF.type, VNPOL.Person))
        g.add((person, RDFS.label, Literal(f"{name} {i}", lang="vi")))
        g.add((person, ORG.holds, post))
        g.add((post, RDF.type, ORG.Post))
        g.add((post, RDFS.label, Literal(f"Phó Chủ tịch {g.value(body, RDFS.label)}", lang="vi")))
        g.add((post, ORG.postIn, body))
        people.append(person)
    return people


def _add_bodies(g: Graph, count: int) -> list[URIRef]:
    bodies = []
    for i in range(count):
        cls, name = BODY_KINDS[i % len(BODY_KINDS)]
        body = ID[f"body/b{i}"]
        g.add((body, RDF.type, VNPOL[cls]))
        g.add((body, RDFS.label, Literal(f"{name} {PROVINCES[i % len(PROVINCES)]} {i}", lang="vi")))
        bodies.append(body)
    return bodies


def _participate(g: Graph, event: URIRef, agent: URIRef, role: tuple[str, str], n: str) -> None:
    part, quote = ID[f"part/{n}"], ID[f"quote/{n}"]
    article = ID[f"article/{event.rsplit('/', 1)[1]}"]
    g.add((event, VNPOL[role[0]], agent))
    g.add((part, RDF.type, VNPOL.Participation))
    g.add((part, VNPOL.event, event))
    g.add((part, VNPOL.agent, agent))
    g.add((part, VNPOL.role, VNPOL[role[1]]))
    g.add((part, VNPOL.evidence, quote))
    g.add((part, PROV.wasDerivedFrom, article))
    g.add((quote, VNPOL.exact, Literal(f"Đồng chí {g.value(agent, RDFS.label)} {role[0]}.")))


def _add_event(g: Graph, rng: random.Random, i: int, people: list[URIRef],
               weights: list[float], bodies: list[URIRef]) -> None:
    cls, name = EVENT_KINDS[i % len(EVENT_KINDS)]
    event, article = ID[f"event/e{i}"], ID[f"article/e{i}"]
    g.add((event, RDF.type, VNPOL[cls]))
    g.add((event, RDFS.label, Literal(f"{name} số {i} năm 2024", lang="vi")))
    date = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
    g.add((event, SCHEMA.startDate, Literal(date, datatype=XSD.date)))
    g.add((event, VNPOL.organizer, rng.choice(bodies)))
    g.add((event, VNPOL.mentionedIn, article))
    g.add((article, RDF.type, SCHEMA.NewsArticle))
    g.add((article, SCHEMA.headline, Literal(f"Tin {name.lower()} số {i}", lang="vi")))
    g.add((article, SCHEMA.datePublished, Literal(date[:7], datatype=XSD.gYearMonth)))
    chosen = list(dict.fromkeys(rng.choices(people, weights, k=3 + rng.randint(3, 8))))
    for j, agent in enumerate(chosen):
        role = ROLES[j] if j < len(ROLES) else ("attendee", "AttendeeRole")
        _participate(g, event, agent, role, f"e{i}-{j}")


def synthetic_graph(nodes: int, seed: int = 1) -> Graph:
    rng = random.Random(seed)
    g = Graph()
    bodies = _add_bodies(g, max(1, nodes // 10))
    people = _add_people(g, rng, max(1, nodes * 6 // 10), bodies)
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(people))]
    for i in range(max(1, nodes - len(bodies) - len(people))):
        _add_event(g, rng, i, people, weights, bodies)
    return g


def _draw(index: Path, screenshot: Path | None) -> tuple[float, float, int, int]:
    """Open the overview offline; return ms to the __kgDrawn flag (page clock and wall clock)."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        context.set_offline(True)
        page = context.new_page()
        start = time.perf_counter()
        page.goto(index.as_uri())
        page.wait_for_function("window.__kgDrawn !== undefined", timeout=300_000, polling=50)
        wall = (time.perf_counter() - start) * 1000
        drawn = float(page.evaluate("window.__kgDrawn"))
        counts = page.evaluate(
            "[kgNetwork.body.nodeIndices.length, kgNetwork.body.edgeIndices.length]")
        if screenshot:
            page.screenshot(path=str(screenshot))
        browser.close()
    return drawn, wall, int(counts[0]), int(counts[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nodes", type=int, nargs="?", default=5000)
    parser.add_argument("--out", type=Path, help="keep the views here (default: a temp folder)")
    parser.add_argument("--screenshot", type=Path)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    start = time.perf_counter()
    graph = synthetic_graph(args.nodes)
    built = time.perf_counter()
    report = views.write_views(graph, out)
    written = time.perf_counter()
    drawn, wall, nodes, edges = _draw(report.index, args.screenshot)
    print(f"triples            {len(graph)}  (built in {built - start:.2f} s)")
    print(f"generate HTML      {written - built:.2f} s  ({report.events} event, {report.persons} "
          f"person, {report.bodies} body pages; capped={report.capped})")
    print(f"drawn in browser   {drawn:.0f} ms after navigation start ({wall:.0f} ms wall clock)")
    print(f"overview           {report.nodes} nodes, {report.edges} edges "
          f"(browser drew {nodes} nodes, {edges} edges)")
    print(f"views              {report.index.parent}")


if __name__ == "__main__":
    main()
