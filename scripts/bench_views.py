"""Benchmark kg.views on a synthetic build store: generation time, file sizes, and how fast
the overview is drawn and answers in headless Chromium (offline, Debian's chromium).

    .venv/bin/python scripts/bench_views.py                 # a 5,000-node graph
    .venv/bin/python scripts/bench_views.py 200 5000 20000  # several sizes
    .venv/bin/python scripts/bench_views.py 5000 --out /tmp/v --screenshot /tmp/o.png
    .venv/bin/python scripts/bench_views.py 50000 200000 --on-disk --no-browser   # time and memory only

The store is shaped like a build's (``kg.mapping``): one named graph per article with the
article, its quotes, one ``vnpol:PostHolding`` per person mentioned and one
``vnpol:Participation`` per role, and a merged graph with people, posts, bodies, events and
the direct role triples. Nodes are 60 % persons, 30 % events, 10 % bodies; each event has an
organizer, a chair, a reporter, a speaker and 3–8 attendees, and one in ten events is
reported by a second article. As in real news, bodies, people and events belong to
provinces (one per 400 nodes), most people at an event come from its province, and a few
people take part far more often than the rest, as leaders do.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg import outputs, store  # noqa: E402
from kg.store import Store  # noqa: E402
from kg.views import census, overview, write_views  # noqa: E402

ID = "https://w3id.org/vnpol/id/"
V = "https://w3id.org/vnpol/ontology#"
ORG = "http://www.w3.org/ns/org#"
S = "https://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
MERGED = f"{ID}graph/merged"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quốc", "Thanh", "Hữu", "Duy", "Ngọc", "Xuân"]
GIVEN = ["Chinh", "Hưng", "Hoa", "Lan", "Dũng", "Thắng", "Hùng", "Tuấn", "Phúc", "Bình", "Quyết"]
PROVINCES = ["Bắc Kạn", "Cao Bằng", "Lạng Sơn", "Thái Nguyên", "Hà Giang", "Tuyên Quang", "Lào Cai",
             "Yên Bái", "Sơn La", "Điện Biên", "Lai Châu", "Hòa Bình", "Phú Thọ", "Bắc Giang",
             "Quảng Ninh", "Hải Dương", "Hưng Yên", "Thái Bình", "Nam Định", "Ninh Bình"]
BODY_KINDS = [("PartyCommittee", "Tỉnh ủy"), ("PeoplesCouncil", "Hội đồng nhân dân tỉnh"),
              ("PeoplesCommittee", "Ủy ban nhân dân tỉnh"), ("Department", "Sở Tài chính tỉnh")]
EVENT_KINDS = [("Conference", "Hội nghị"), ("Session", "Kỳ họp"),
               ("WorkingSession", "Buổi làm việc"), ("VoterMeeting", "Tiếp xúc cử tri")]
ROLES = [("chair", "ChairRole"), ("reporter", "ReporterRole"), ("speaker", "SpeakerRole")]
POST_ROLES = ["Bí thư", "Phó Bí thư", "Chủ tịch", "Phó Chủ tịch", "Ủy viên", "Giám đốc"]


class Quads:
    """N-Quads text, one statement a line."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, s: str, p: str, o: str, graph: str = MERGED) -> None:
        self.lines.append(f"<{s}> <{p}> {o} <{graph}> .\n")


def iri(value: str) -> str:
    return f"<{value}>"


def lit(value: str, datatype: str = "", lang: str = "") -> str:
    text = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"@{lang}' if lang else f'"{text}"^^<{datatype}>' if datatype else f'"{text}"'


def province(i: int) -> str:
    return PROVINCES[i % len(PROVINCES)] + (f" {i // len(PROVINCES) + 1}" if i >= len(PROVINCES) else "")


def add_bodies(q: Quads, count: int, provinces: int) -> list[list[tuple[str, str]]]:
    """Bodies by province: (IRI, label)."""
    bodies: list[list[tuple[str, str]]] = [[] for _ in range(provinces)]
    for i in range(count):
        cls, name = BODY_KINDS[(i // provinces) % len(BODY_KINDS)]
        body, place = f"{ID}body/b{i}", f"{ID}place/{i % provinces}"
        label = f"{name} {province(i % provinces)}" + (f" ({i})" if i >= provinces * len(BODY_KINDS) else "")
        q.add(body, RDF_TYPE, iri(V + cls))
        q.add(body, LABEL, lit(label, lang="vi"))
        q.add(body, V + "jurisdiction", iri(place))
        q.add(place, LABEL, lit(f"tỉnh {province(i % provinces)}", lang="vi"))
        bodies[i % provinces].append((body, label))
    return bodies


def add_people(q: Quads, rng: random.Random, count: int, bodies: list[list[tuple[str, str]]]) -> list[list[str]]:
    """People by province (a person holds a post in a body of the province)."""
    people: list[list[str]] = [[] for _ in bodies]
    for i in range(count):
        person, post, (body, body_label) = f"{ID}person/p{i}", f"{ID}post/p{i}", rng.choice(bodies[i % len(bodies)])
        role = rng.choice(POST_ROLES)
        q.add(person, RDF_TYPE, iri(V + "Person"))
        q.add(person, LABEL, lit(f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {i}", lang="vi"))
        q.add(person, ORG + "holds", iri(post))
        q.add(post, RDF_TYPE, iri(ORG + "Post"))
        q.add(post, LABEL, lit(f"{role} {body_label}", lang="vi"))
        q.add(post, ORG + "postIn", iri(body))
        q.add(post, ORG + "role", iri(f"{ID}role/{POST_ROLES.index(role)}"))
        q.add(f"{ID}role/{POST_ROLES.index(role)}", "http://www.w3.org/2004/02/skos/core#prefLabel",
              lit(role, lang="vi"))
        people[i % len(bodies)].append(person)
    return people


def add_quote(q: Quads, graph: str, article: str, n: str, text: str) -> str:
    quote = f"{ID}quote/{n}"
    q.add(quote, RDF_TYPE, iri(V + "Quote"), graph)
    q.add(quote, V + "exact", lit(text), graph)
    q.add(quote, V + "source", iri(article), graph)
    return quote


def add_article(q: Quads, name: str, headline: str, date: str) -> tuple[str, str]:
    article, graph = f"{ID}article/{name}", f"{ID}graph/{name}"
    q.add(article, RDF_TYPE, iri(S + "NewsArticle"), graph)
    q.add(article, S + "headline", lit(headline, lang="vi"), graph)
    q.add(article, S + "datePublished", lit(date, XSD + "date"), graph)
    return article, graph


def state_roles(q: Quads, event: str, agents: list[str], name: str, date: str) -> None:
    """One article's own graph: the article, its quotes, holdings and participations."""
    article, graph = add_article(q, name, f"Tin về sự kiện {name}", date)
    q.add(event, V + "mentionedIn", iri(article), graph)
    q.add(event, V + "evidence", iri(add_quote(q, graph, article, f"{name}-e", f"Sự kiện {name} khai mạc.")), graph)
    for j, agent in enumerate(agents):
        role, concept = ROLES[j] if j < len(ROLES) else ("attendee", "AttendeeRole")
        part, holding, n = f"{ID}part/{name}-{j}", f"{ID}holding/{name}-{j}", agent.rsplit("/", 1)[1]
        for s, p, o in ((part, RDF_TYPE, iri(V + "Participation")), (part, V + "event", iri(event)),
                        (part, V + "agent", iri(agent)), (part, V + "role", iri(V + concept)),
                        (part, PROV + "wasDerivedFrom", iri(article)),
                        (holding, RDF_TYPE, iri(V + "PostHolding")), (holding, ORG + "member", iri(agent)),
                        (holding, V + "post", iri(f"{ID}post/{n}")),
                        (holding, PROV + "wasDerivedFrom", iri(article)),
                        (holding, V + "firstObserved", lit(date, XSD + "date")),
                        (holding, V + "lastObserved", lit(date, XSD + "date"))):
            q.add(s, p, o, graph)
        quote = add_quote(q, graph, article, f"{name}-{j}", f"Đồng chí {n} {role} sự kiện.")
        q.add(part, V + "evidence", iri(quote), graph)
        q.add(holding, V + "evidence", iri(quote), graph)


@functools.cache
def zipf(count: int) -> list[float]:
    """Cumulative weights of ranks 1..count, as a leader-heavy draw (rng.choices cum_weights)."""
    return list(itertools.accumulate(1 / (rank + 1) ** 0.9 for rank in range(count)))


def add_event(q: Quads, rng: random.Random, i: int, people: list[list[str]],
              bodies: list[list[tuple[str, str]]]) -> None:
    """An event of province i % P: most people from there, one in seven from anywhere."""
    cls, name = EVENT_KINDS[i % len(EVENT_KINDS)]
    here, everyone = people[i % len(people)], [p for group in people for p in group]
    event, date = f"{ID}event/e{i}", f"{2020 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}"
    q.add(event, RDF_TYPE, iri(V + cls))
    q.add(event, LABEL, lit(f"{name} số {i} tỉnh {province(i % len(people))} năm {date[:4]}", lang="vi"))
    q.add(event, S + "startDate", lit(date, XSD + "date"))
    q.add(event, V + "organizer", iri(rng.choice(bodies[i % len(bodies)])[0]))
    agents = [rng.choices(here, cum_weights=zipf(len(here)))[0] if rng.random() < 6 / 7 or not everyone
              else rng.choices(everyone, cum_weights=zipf(len(everyone)))[0] for _ in range(3 + rng.randint(3, 8))]
    agents = list(dict.fromkeys(agents))
    for j, agent in enumerate(agents):
        q.add(event, V + (ROLES[j][0] if j < len(ROLES) else "attendee"), iri(agent))
    state_roles(q, event, agents, f"a{i}", date)
    if i % 10 == 0:
        state_roles(q, event, agents, f"b{i}", date[:8] + "28")


def synthetic_nquads(nodes: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    q = Quads()
    provinces = max(1, min(nodes // 400, nodes // 10))
    body_count, person_count = max(provinces, nodes // 10), max(provinces, nodes * 6 // 10)
    bodies = add_bodies(q, body_count, provinces)
    people = add_people(q, rng, person_count, bodies)
    for i in range(max(1, nodes - body_count - person_count)):
        add_event(q, rng, i, people, bodies)
    return "".join(q.lines)


# In the page: time from a change to the next frame drawn.
_FRAME = """(change) => new Promise((done) => {
  const t = performance.now();
  kgNetwork.once("afterDrawing", () => done(performance.now() - t));
  new Function(change)();
  kgNetwork.redraw();
})"""
_PICK_BODY = """const s = document.querySelector("#kg-body"); s.selectedIndex = 1;
s.dispatchEvent(new Event("change", {bubbles: true}));"""


def _hover(page: Any) -> float:
    """ms from moving the mouse onto the first node to its hover text shown."""
    box = page.locator("#kg-network").bounding_box()
    point = page.evaluate("kgNetwork.canvasToDOM(kgNetwork.getPositions([0])[0])")
    page.mouse.move(box["x"] + point["x"] - 2, box["y"] + point["y"] - 2)
    start = time.perf_counter()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.locator("#kg-network > div.vis-tooltip").wait_for(state="visible", timeout=10_000)
    return (time.perf_counter() - start) * 1000


def _browse(index: Path, screenshot: Path | None) -> dict[str, Any]:
    """Open the overview offline: ms to the first frame, then to a hover text, a zoom and a body filter."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                    args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        context.set_offline(True)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        start = time.perf_counter()
        page.goto(index.as_uri())
        page.wait_for_function("window.__kgDrawn !== undefined", timeout=300_000, polling=50)
        found = {"wall": (time.perf_counter() - start) * 1000, "drawn": page.evaluate("window.__kgDrawn"),
                 "counts": page.evaluate("[kgNetwork.body.nodeIndices.length, kgNetwork.body.edgeIndices.length]")}
        if screenshot:
            page.screenshot(path=str(screenshot))
        found["hover"] = _hover(page)
        found["zoom"] = page.evaluate(_FRAME, "kgNetwork.moveTo({scale: kgNetwork.getScale() * 2})")
        found["filter"] = page.evaluate(_FRAME, _PICK_BODY)
        found["shown"] = page.evaluate("kgShown")
        found["errors"] = errors
        browser.close()
    return found


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _load(nquads: str, out: Path, on_disk: bool) -> Store:
    """The synthetic quads in a store: in memory, or bulk-loaded into ``out/store`` and opened as a
    build's views open it (their caches held to the same budget)."""
    if not on_disk:
        return Store.in_memory(nquads)
    source = out / "synthetic.nq"
    source.write_text(nquads, encoding="utf-8")
    store.build(out / "store", [source])
    source.unlink()
    return Store.open(out / "store", cache_budget=outputs.VIEWS_STORE_CACHE)


def bench(nodes: int, out: Path, screenshot: Path | None, *, on_disk: bool = False, browse: bool = True) -> None:
    start = time.perf_counter()
    db = _load(synthetic_nquads(nodes), out, on_disk)
    loaded = time.perf_counter()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    counted = census.take(db, overview.MAX_NODES)
    counted_at = time.perf_counter()
    report = write_views(db, out)
    written = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    pages = report.events + report.persons + report.bodies
    print(f"== {nodes} nodes: {len(db)} quads (made and loaded in {loaded - start:.1f} s"
          f"{', on disk' if on_disk else ', in memory'})")
    print(f"generate   {written - counted_at:.1f} s write_views (the census alone: {counted_at - loaded:.1f} s); "
          f"{pages} entity pages of {counted.total} nodes, inline={report.inline}; "
          f"peak RSS {peak / 1024:.0f} MiB ({rss / 1024:.0f} MiB before)")
    print(f"size       index.html {report.index.stat().st_size / 1e6:.1f} MB, "
          f"views/ {_size(out / 'views') / 1e6:.0f} MB")
    print(f"overview   {report.nodes} nodes, {report.edges} edges drawn; left out {report.left_out} nodes, "
          f"{report.edges_left_out} edges among those drawn")
    if not browse:
        return
    b = _browse(report.index, screenshot)
    print(f"browser    drew {b['counts'][0]} nodes, {b['counts'][1]} edges; first frame {b['drawn']:.0f} ms after "
          f"navigation start ({b['wall']:.0f} ms wall); hover text {b['hover']:.0f} ms; zoom frame {b['zoom']:.0f} ms; "
          f"body filter {b['filter']:.0f} ms → {b['shown'][0]} nodes; console errors: {len(b['errors'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("nodes", type=int, nargs="*", default=[5000])
    parser.add_argument("--out", type=Path, help="keep the views here (default: a temporary folder)")
    parser.add_argument("--screenshot", type=Path, help="screenshot of the (last) overview")
    parser.add_argument("--on-disk", action="store_true", help="bulk-load the store on disk, as a build does "
                        "(so that the peak RSS is that of the views)")
    parser.add_argument("--no-browser", action="store_true", help="only write the views")
    args = parser.parse_args()
    for nodes in args.nodes:
        out = args.out or Path(tempfile.mkdtemp(prefix="kg-bench-"))
        shutil.rmtree(out / "views", ignore_errors=True)
        shutil.rmtree(out / "store", ignore_errors=True)
        bench(nodes, out, args.screenshot, on_disk=args.on_disk, browse=not args.no_browser)
        if args.out is None:
            shutil.rmtree(out)


if __name__ == "__main__":
    main()
