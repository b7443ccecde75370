"""Time each canned question on the embedded store (pyoxigraph) and on rdflib, side by side.

    .venv/bin/python scripts/bench_query.py                 # a synthetic graph of 1M triples
    .venv/bin/python scripts/bench_query.py --triples 50000 --out /tmp/bench
    .venv/bin/python scripts/bench_query.py --triples 50000 --out /tmp/bench --reuse   # the same graph again

The graph is made by kg's own mapping (``kg.mapping.article_triples``) from synthetic
articles: 40 provinces with their Tỉnh ủy, Ban Thường vụ, HĐND and UBND; people who hold
posts in them; one event an article, organised by a body of its province, with chairs,
attendees, reporters and speakers and a quote for each. A few people take part far more
often than the rest, as leaders do in real news. The build's identity pass then adds its
post holdings over all articles (``kg.identity``). Loaded by bulk load into the store and
by rdflib's N-Triples parser into an in-memory graph (the union of the named graphs).

Each question runs twice: asked about one busy person, post or body ("one"), and with no
parameter, the whole listing ("all"); ``evidence``, which is never asked of everyone, is
asked about the article with the most facts instead ("article"). Embedded times are the median of 5 runs after one
warm-up; rdflib runs once, in a child process cut after ``--rdflib-timeout`` seconds, or
not at all with ``--no-rdflib``. A calibration line (a GROUP BY over every triple) and the
load average tell how busy the machine was.
"""

from __future__ import annotations

import argparse
import functools
import gc
import multiprocessing
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path

import rdflib

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg import identity, ids, mapping, query, staging, store, workers  # noqa: E402
from kg.model import (  # noqa: E402
    Article,
    ArticleFacts,
    Body,
    Event,
    PartialDate,
    PersonMention,
    Post,
    Role,
    RoleFact,
    Span,
)

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quốc", "Thanh", "Hữu", "Duy", "Ngọc", "Xuân", "Đăng", "Hà"]
GIVEN = ["Chinh", "Hưng", "Hoa", "Lan", "Dũng", "Thắng", "Hùng", "Tuấn", "Phúc", "Bình", "Quyết", "Cường",
         "Thu", "Hoài", "Nam", "Bắc", "Sơn", "Hải", "Long", "Mai"]
PROVINCES = [f"{p}{'' if i < 20 else ' ' + str(i)}" for i, p in enumerate(
    ["Bắc Kạn", "Cao Bằng", "Lạng Sơn", "Thái Nguyên", "Hà Giang", "Tuyên Quang", "Lào Cai", "Yên Bái",
     "Sơn La", "Điện Biên", "Lai Châu", "Hòa Bình", "Phú Thọ", "Bắc Giang", "Quảng Ninh", "Hải Dương",
     "Hưng Yên", "Thái Bình", "Nam Định", "Ninh Bình"] * 2)]
ROLES = ["Bí thư", "Phó Bí thư", "Chủ tịch", "Phó Chủ tịch", "Ủy viên"]
EVENTS = [("Conference", "Hội nghị"), ("Session", "Kỳ họp"), ("WorkingSession", "Buổi làm việc"),
          ("Meeting", "Cuộc họp")]


class Corpus:
    """Bodies, posts and people of the synthetic provinces; articles drawn from them."""

    def __init__(self, rng: random.Random, people_per_province: int = 120) -> None:
        self.rng = rng
        self.bodies: dict[str, list[Body]] = {p: self._bodies(p) for p in PROVINCES}
        self.people: dict[str, list[tuple[str, list[Post]]]] = {}
        for province, bodies in self.bodies.items():
            self.people[province] = [self._person(province, i, bodies) for i in range(people_per_province)]

    @staticmethod
    def _bodies(province: str) -> list[Body]:
        party = Body(f"Tỉnh ủy {province}", "PartyCommittee", "tỉnh", province)
        return [party, Body(f"Ban Thường vụ Tỉnh ủy {province}", "PartyStandingCommittee", "tỉnh", province,
                            parent=party),
                Body(f"Hội đồng nhân dân tỉnh {province}", "PeoplesCouncil", "tỉnh", province),
                Body(f"Ủy ban nhân dân tỉnh {province}", "PeoplesCommittee", "tỉnh", province)]

    def _person(self, province: str, index: int, bodies: list[Body]) -> tuple[str, list[Post]]:
        rng = self.rng
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {province[:2]}{index}"
        posts = []
        for body in rng.sample(bodies, rng.choice((1, 1, 2, 3))):
            role = ROLES[min(int(rng.expovariate(0.8)), len(ROLES) - 1)]
            posts.append(Post(label=f"{role} {body.label}", role=role, body=body, span=Span(0, 1, "x")))
        return name, posts

    def article(self, number: int) -> ArticleFacts:
        rng = self.rng
        province = rng.choice(PROVINCES)
        published = PartialDate(rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28))
        kind, word = rng.choice(EVENTS)
        organizer = rng.choice(self.bodies[province])
        crowd = self.people[province]
        busy = [crowd[int(rng.paretovariate(1.2)) % len(crowd)] for _ in range(rng.randint(5, 11))]
        people = list(dict.fromkeys(name for name, _ in busy))
        text = _Text()
        roles = [RoleFact(r, name, text.add(f"Đồng chí {name} {r} {word}.")) for r, name in _roles(rng, people)]
        mentions = [PersonMention(name=name, span=text.add(name), posts=tuple(_posts(text, posts)))
                    for name, posts in busy[:4]]
        event = Event(key="e1", kind=kind, label=f"{word} {organizer.label}", span=text.add(word), date=published,
                      organizer=organizer, roles=tuple(roles))
        article = Article(id=f"a{number}", source=f"synthetic:{number}", text=text.value(),
                          title=f"{word} {number}", published=published)
        return ArticleFacts(article=article, persons=tuple(mentions), events=(event,))


def _roles(rng: random.Random, people: list[str]) -> Iterator[tuple[Role, str]]:
    yield "chair", people[0]
    kinds: tuple[Role, ...] = ("attendee", "attendee", "reporter", "speaker")
    for name in people[1:]:
        yield rng.choice(kinds), name
    yield "speaker", people[0]


def _posts(text: _Text, posts: list[Post]) -> Iterator[Post]:
    for post in posts:
        yield Post(label=post.label, role=post.role, body=post.body, span=text.add(post.label))


class _Text:
    """An article's text, built sentence by sentence; ``add`` returns the sentence's span."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, sentence: str) -> Span:
        span = Span(self.length, self.length + len(sentence), sentence)
        self.parts.append(sentence)
        self.length += len(sentence) + 1
        return span

    def value(self) -> str:
        return " ".join(self.parts)


def write_graph(folder: Path, triples: int, seed: int) -> tuple[Path, Path]:
    """N-Quads (for the store) and N-Triples (for rdflib) of about ``triples`` statements,
    with what the build's identity pass adds (the post holdings over all articles)."""
    corpus, number, seen = Corpus(random.Random(seed)), 0, set()
    staged_path, log_path = folder / "staged.nq", folder / "people.log"
    with open(staged_path, "wb") as staged_file, identity.Log(log_path) as log:
        made = 0
        while made < triples:  # the store keeps a merged triple once, however many articles state it
            result = mapping.article_triples(corpus.article(number))
            log.add(result)  # what the build's identity pass reads, as a build writes it
            staged = workers.staged(result, ids.DEFAULT_BASE)
            staged_file.write(staged.own + staged.pending + staged.merged)
            new = [t for t in result.merged if t not in seen]
            seen.update(new)
            made += len(result.own) + len(new)
            number += 1
    plan = identity.plan(identity.read_log(log_path), ids.DEFAULT_BASE)
    rewrite, quads, plain = plan.rewriter(), folder / "facts.nq", folder / "facts.nt"
    with open(quads, "w", encoding="utf-8") as nq, open(plain, "w", encoding="utf-8") as nt:
        for block in (*(rewrite(b).decode("utf-8") for b in staging.blocks(staged_path)), "".join(plan.lines())):
            nq.write(block)
            nt.writelines(line.rsplit(" ", 2)[0] + " .\n" for line in block.splitlines())  # the graph left out
    staged_path.unlink()
    log_path.unlink()
    shutil.rmtree(folder / f"{log_path.stem}.parts", ignore_errors=True)
    return quads, plain


_ROLE_OF = {"chaired": "chair", "attended": "attendee", "reported": "reporter", "spoke": "speaker"}


def _top(db: store.Store, pattern: str) -> str:
    """The label of ?x in ``pattern`` that matches most often."""
    (row,) = db.rows(f"SELECT ?n WHERE {{ {pattern} ?x rdfs:label ?n }} GROUP BY ?n ORDER BY DESC(COUNT(*)) ?n LIMIT 1")
    return str(row[0])


def busiest(db: store.Store) -> dict[str, dict[str, str]]:
    """Parameters for asking about one busy person, post or body of the graph."""
    person = _top(db, "?e vnpol:chair ?x .")
    one = {"person": person, "with": person, "date": "2020-06-15", "post": _top(db, "?h vnpol:post ?x ."),
           "body": _top(db, "?e vnpol:organizer ?x .")}
    params = {}
    for q in query.canned().values():
        who = {"who": _top(db, f"?e vnpol:{_ROLE_OF[q.name]} ?x .")} if q.name in _ROLE_OF else {}
        given = {**one, **who}
        params[q.name] = {p.name: given[p.name] for p in q.params if p.name in given}
    return params


def busiest_article(db: store.Store) -> str:
    (row,) = db.rows("SELECT ?i WHERE { ?x prov:wasDerivedFrom ?a . ?a schema:identifier ?i } "
                     "GROUP BY ?i ORDER BY DESC(COUNT(*)) ?i LIMIT 1")
    return str(row[0])


def _count_rows(db: store.Store, sparql: str) -> int:
    return len(store.answer(db, sparql).rows)


def timed(run: Callable[[], int], runs: int) -> tuple[float, int]:
    """Median seconds of ``runs`` runs after one warm-up, and the number of rows."""
    run()
    times, rows = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        rows = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), rows


def _rdflib_child(graph: rdflib.Graph, sparql: str, pipe: Connection) -> None:
    started = time.perf_counter()
    rows = len(list(graph.query(sparql)))
    pipe.send((time.perf_counter() - started, rows))


def rdflib_time(graph: rdflib.Graph, sparql: str, limit: float) -> float | None:
    """rdflib's time for one run, in a forked child that is killed after ``limit`` seconds (None)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_rdflib_child, args=(graph, sparql, send))
    child.start()
    send.close()
    try:
        if receive.poll(limit):
            seconds, _rows = receive.recv()
            return float(seconds)
        return None
    finally:
        child.kill()
        child.join()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, help="folder for the store (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true",
                        help="use the graph and store an earlier run left in --out (same --triples and --seed)")
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument("--rdflib-timeout", type=float, default=60.0, help="seconds before an rdflib run is cut")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as scratch:
        folder = args.out or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        return bench(folder, args)


def bench(folder: Path, args: argparse.Namespace) -> int:
    plain, loaded = folder / "facts.nt", f"left in {folder} by an earlier run"
    if not (args.reuse and (folder / "store").is_dir() and plain.is_file()):
        started = time.perf_counter()
        quads, plain = write_graph(folder, args.triples, args.seed)
        print(f"synthetic graph written in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        store.build(folder / "store", [quads])
        loaded = f"bulk-loaded in {time.perf_counter() - started:.1f} s"
    db = store.Store.open(folder / "store")
    print(f"embedded store: {len(db)} triples {loaded}")
    calibration, _ = timed(lambda: len(db.rows("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p")), 3)
    print(f"calibration: GROUP BY ?p over all triples on the embedded store: {calibration:.2f} s; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    graph = None
    if not args.no_rdflib:
        started = time.perf_counter()
        graph = rdflib.Graph().parse(plain, format="nt")
        print(f"rdflib: {len(graph)} triples parsed in {time.perf_counter() - started:.1f} s")
        gc.freeze()  # else each collection walks rdflib's millions of objects while the store is timed
    report(db, graph, args.rdflib_timeout)
    return 0


def report(db: store.Store, graph: rdflib.Graph | None, limit: float) -> None:
    """One line per question and way of asking: rows, embedded seconds, rdflib seconds, ratio.

    A question that needs a parameter (``evidence``: a person or an article) is asked about
    the busiest article where the others list everything.
    """
    params, article = busiest(db), busiest_article(db)
    print(f"\n{'question':<16} {'asked':<7} {'rows':>6} {'embedded s':>11} {'rdflib s':>9} {'ratio':>6}")
    slowest: dict[str, float] = {}
    for question in query.canned().values():
        whole = ("article", {"article": article}) if question.needs else ("all", {})
        for label, values in (("one", params[question.name]), whole):
            sparql = query.bind(question, values)
            ours, rows = timed(functools.partial(_count_rows, db, sparql), 5)
            slowest[label] = max(slowest.get(label, 0.0), ours)
            theirs = rdflib_time(graph, sparql, limit) if graph is not None else None
            shown, ratio = (f"{theirs:9.2f}", f"{theirs / ours:6.0f}") if theirs is not None else (
                (f"{'>' + format(limit, '.0f'):>9}", f"{'>' + format(limit / ours, '.0f'):>6}") if graph else
                (f"{'-':>9}", ""))
            print(f"{question.name:<16} {label:<7} {rows:>6} {ours:11.3f} {shown} {ratio}", flush=True)
    print(f"\nslowest on the embedded store: asked about one person/post/body {slowest['one']:.3f} s, "
          f"whole listings {slowest['all']:.3f} s, about one article {slowest.get('article', 0.0):.3f} s "
          f"(target: <= 0.3 s); load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    raise SystemExit(main())
