"""The one place the stages are wired: read → extract → triples → store → files → views.

Articles stream through in batches: worker processes extract each one and return its
triples as N-Quads text, the main process appends them to a staging file, and the
embedded store bulk-loads that file; ``graph.ttl`` and ``graph.trig`` are written from
the store. Memory stays flat however large the corpus.

Every input is accounted for in ``report.json``: built, or skipped and why. Every output
is written under a temporary name and moved into place, so a build that dies half-way
leaves the previous outputs whole.
"""

from __future__ import annotations

import contextlib
import io
import json
import multiprocessing
import multiprocessing.pool
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import IO

from kg import __version__, identity, ids, lexicon, mapping, outputs, patterns, readers, store
from kg.cache import Cache, article_key
from kg.errors import KgError
from kg.extract import extract
from kg.model import Article

Progress = Callable[[int], None]
BATCH = 512  # articles handed to the workers at a time: bounds memory, keeps them busy
_PARALLEL_FROM = 64  # fewer articles than this are not worth starting worker processes


@dataclass(frozen=True, slots=True)
class BuildOptions:
    out: Path
    base: str = ids.DEFAULT_BASE
    views: bool = True
    jobs: int = 1
    strict: bool = False  # stop at the first skipped input (KgError), leaving the previous outputs as they were


@dataclass(frozen=True, slots=True)
class Skipped:
    source: str
    problem: str


@dataclass(frozen=True, slots=True)
class Noted:
    source: str
    notes: tuple[str, ...]  # what reading did to the input: encoding, repairs, fields left out


@dataclass(frozen=True, slots=True)
class BuildReport:
    out: Path
    articles: int
    built: tuple[str, ...]  # sources of the articles built ("file" or "file:line")
    skipped: tuple[Skipped, ...]
    persons: int
    posts: int
    events: int
    triples: int
    seconds: float
    views_index: Path | None = None
    files: tuple[str, ...] = field(default=())
    notes: tuple[Noted, ...] = ()
    extracted: int = 0  # articles extracted by this build; the others came unchanged from the cache
    stages: tuple[tuple[str, float], ...] = ()  # seconds per stage (not in report.json: it would differ)


def articles_of(inputs: Iterable[Path], skipped: list[Skipped], notes: list[Noted] | None = None,
                exclude: Iterable[Path] = ()) -> Iterator[Article]:
    """Every article of the inputs, in order; problems go to ``skipped``, reading notes to ``notes``."""
    seen: set[str] = set()
    for path in readers.discover(inputs, exclude):
        for item in readers.read(path):
            if item.notes and notes is not None:
                notes.append(Noted(item.source, item.notes))
            if item.article is None:
                skipped.append(Skipped(item.source, item.problem or "unreadable"))
            elif item.article.id in seen:
                skipped.append(Skipped(item.source, f"duplicate article id {item.article.id!r}"))
            else:
                seen.add(item.article.id)
                yield item.article


def work(article: Article, base: str) -> mapping.ArticleTriples | Skipped:
    """Extract one article; a failure is reported, never raised (one bad article loses nothing else)."""
    try:
        return mapping.article_triples(extract(article), base)
    except Exception as exc:  # noqa: BLE001
        return Skipped(article.source, f"extraction failed: {type(exc).__name__}: {exc}")


def _work_job(job: tuple[Article, str]) -> mapping.ArticleTriples | Skipped:
    return work(*job)


class _Workers:
    """Extraction in this process, or in a pool of processes started when a batch is big enough."""

    def __init__(self, jobs: int, base: str) -> None:
        self.jobs, self.base = jobs, base
        self.pool: multiprocessing.pool.Pool | None = None
        self.extracted = 0

    def run(self, todo: list[Article]) -> list[mapping.ArticleTriples | Skipped]:
        self.extracted += len(todo)
        if self.jobs <= 1 or len(todo) < _PARALLEL_FROM:
            return [work(a, self.base) for a in todo]
        if self.pool is None:
            patterns.compiled()  # forked workers inherit the lexicon and the compiled patterns
            self.pool = multiprocessing.get_context("fork").Pool(self.jobs)
        return self.pool.map(_work_job, [(a, self.base) for a in todo], chunksize=8)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()


def extracted(articles: Iterator[Article], options: BuildOptions, workers: _Workers,
              cache: Cache | None = None) -> Iterator[mapping.ArticleTriples | Skipped]:
    """Each article's triples, in input order: from the cache when the article is unchanged."""
    while batch := list(islice(articles, BATCH)):
        keys = [article_key(a, options.base) for a in batch]
        known = [cache.get(k) if cache else None for k in keys]
        fresh = iter(workers.run([a for a, hit in zip(batch, known, strict=True) if hit is None]))
        for article, key, hit in zip(batch, keys, known, strict=True):
            result = replace(hit, source=article.source) if hit is not None else next(fresh)
            if cache is not None and not isinstance(result, Skipped):
                if hit is None:
                    cache.put(key, result)
                cache.used.append(key)
            yield result


def article_nquads(article: Article, base: str) -> str | Skipped:
    """One article's N-Quads, as a build stages them (before the build-wide identity pass)."""
    result = work(article, base)
    if isinstance(result, Skipped):
        return result
    buffer = io.StringIO()
    write_quads(result, merged_graph(base), buffer)
    return buffer.getvalue()


def merged_graph(base: str) -> str:
    return f"{base}graph/merged"


def write_quads(result: mapping.ArticleTriples, merged: str, output: IO[str]) -> None:
    own = f"<{result.graph}> .\n"
    output.writelines(f"{t} {own}" for t in result.own)
    tail = f"<{merged}> .\n"
    output.writelines(f"{t} {tail}" for t in result.merged)


_FILES = ("graph.ttl", "graph.trig", "report.json", "build.ttl", "store/")


@dataclass
class _Run:
    """What one build has seen so far."""

    built: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Noted] = field(default_factory=list)
    people: identity.Index = field(default_factory=identity.Index)
    extracted: int = 0
    ids: list[str] = field(default_factory=list)  # ids of the articles built
    seconds: dict[str, float] = field(default_factory=dict)  # time spent in each stage

    @contextlib.contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            self.seconds[stage] = round(time.monotonic() - started, 3)


def build(inputs: Iterable[Path], options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    started = time.monotonic()
    inputs = list(inputs)
    options.out.mkdir(parents=True, exist_ok=True)
    lock = outputs.lock(options.out)
    outputs.clean_stale(options.out)
    cache = Cache(options.out / ".cache")
    work_dir = Path(tempfile.mkdtemp(prefix=".build-", dir=options.out))
    try:
        run = _Run()
        if not _up_to_date(inputs, options, cache, run):
            run = _Run()
            cache.used.clear()
            cache.invalidate()
            _produce(inputs, options, work_dir, cache, run, progress)
        report = _finish(options, run, started)
        cache.finish(_options_key(options))
        return report
    finally:
        cache.close()
        shutil.rmtree(work_dir, ignore_errors=True)
        lock.close()


def _options_key(options: BuildOptions) -> str:
    return f"{options.base}|views={options.views}"


def _up_to_date(inputs: list[Path], options: BuildOptions, cache: Cache, run: _Run) -> bool:
    """Nothing to do: the same articles (by content) and options as the last build, its outputs all there."""
    wanted = ["graph.ttl", "graph.trig", "report.json", "store"] + (["views/index.html"] if options.views else [])
    if not all((options.out / name).exists() for name in wanted):
        return False
    for article in articles_of(inputs, run.skipped, run.notes, exclude=[options.out]):
        cache.used.append(article_key(article, options.base))
        run.built.append(article.source)
        run.ids.append(article.id)
    return not run.skipped and cache.unchanged(_options_key(options))


def _produce(inputs: list[Path], options: BuildOptions, work_dir: Path, cache: Cache, run: _Run,
             progress: Progress | None) -> None:
    """Extract (what changed), resolve identities, load the store, write dumps and views."""
    with run.timed("read + extract"):
        _stage(inputs, options, work_dir / "facts.nq", run, cache, progress)
    with run.timed("identity"):
        resolved = _resolve(work_dir / "facts.nq", identity.plan(run.people, options.base), work_dir / "final.nq")
    with run.timed("store load"):
        store.build(options.out / "store", [resolved])
    db = store.Store.open(options.out / "store")
    with run.timed("dumps"):
        _write_dumps(db, options.out)
    if options.views:
        with run.timed("views"):
            outputs.write_views(options.out, db)
    del db


def _finish(options: BuildOptions, run: _Run, started: float) -> BuildReport:
    db = store.Store.open(options.out / "store")
    counts = summary(db)
    index = options.out / "views" / "index.html" if options.views else None
    report = BuildReport(options.out, len(run.built), tuple(run.built), tuple(run.skipped), counts["persons"],
                         counts["posts"], counts["events"], len(db), round(time.monotonic() - started, 3), index,
                         _FILES, tuple(run.notes), run.extracted, tuple(run.seconds.items()))
    del db
    outputs.write_atomic(options.out / "report.json", _report_json(report))
    outputs.write_atomic(options.out / "build.ttl", provenance(options, run, started))
    return report


def provenance(options: BuildOptions, run: _Run, started: float) -> str:
    """The build as a ``prov:Activity``: when, with which versions, from which articles.

    It has its own file, beside the dumps: with a time in it, ``graph.ttl`` could not be
    the same bytes from one build of the same input to the next.
    """
    now = datetime.now(UTC)
    began = now - timedelta(seconds=time.monotonic() - started)
    node = f"<{options.base}build/{now.strftime('%Y%m%dT%H%M%S%fZ')}>"
    stamp = "http://www.w3.org/2001/XMLSchema#dateTime"
    lines = [f"{node} a <{mapping.VNPOL.Build}>, <http://www.w3.org/ns/prov#Activity> ;",
             f'    <http://www.w3.org/ns/prov#startedAtTime> "{began.isoformat()}"^^<{stamp}> ;',
             f'    <http://www.w3.org/ns/prov#endedAtTime> "{now.isoformat()}"^^<{stamp}> ;',
             f"    <https://schema.org/softwareVersion> {mapping.literal(f'kg {__version__}')} ;",
             f"    <{mapping.VNPOL.lexiconVersion}> {mapping.literal(lexicon.load().version)} ;",
             f"    <http://www.w3.org/ns/prov#generated> <{options.base}graph/merged> ."]
    used = [f"{node} <http://www.w3.org/ns/prov#used> <{ids.article_iri(options.base, a)}> ." for a in run.ids]
    return "\n".join(lines + used) + "\n"


def _stage(inputs: Iterable[Path], options: BuildOptions, staging: Path, run: _Run, cache: Cache | None,
           progress: Progress | None) -> None:
    merged = merged_graph(options.base)
    workers = _Workers(options.jobs, options.base)
    try:
        with open(staging, "w", encoding="utf-8", newline="\n") as output:
            articles = articles_of(inputs, run.skipped, run.notes, exclude=[options.out])
            for result in extracted(articles, options, workers, cache):
                if isinstance(result, Skipped):
                    run.skipped.append(result)
                else:
                    write_quads(result, merged, output)
                    run.built.append(result.source)
                    run.ids.append(result.article_id)
                    run.people.add(result)
                    if result.warnings:
                        run.notes.append(Noted(result.source, result.warnings))
                if progress:
                    progress(1)
                _stop_if_strict(options, run.skipped)
    finally:
        workers.close()
        run.extracted = workers.extracted
    _stop_if_strict(options, run.skipped)


def _resolve(staged: Path, changes: identity.Plan, final: Path) -> Path:
    """The staged quads with the build-wide identity decisions applied (see ``kg.identity``)."""
    if not changes.changes:
        return staged
    with open(staged, encoding="utf-8") as source, open(final, "w", encoding="utf-8", newline="\n") as output:
        for line in source:
            kept = changes.rewrite(line)
            if kept is not None:
                output.write(kept)
        output.writelines(changes.lines())
    return final


def _stop_if_strict(options: BuildOptions, skipped: list[Skipped]) -> None:
    if options.strict and skipped:
        first = skipped[0]
        raise KgError(f"1 input(s) skipped (--strict): {first.source}: {first.problem}; "
                      "the build stopped there and the previous outputs are as they were")


def summary(db: store.Store) -> dict[str, int]:
    """How many people, posts and events the build holds."""
    query = """SELECT (COUNT(DISTINCT ?p) AS ?persons) (COUNT(DISTINCT ?post) AS ?posts)
                      (COUNT(DISTINCT ?e) AS ?events) WHERE {
      { ?p a vnpol:Person } UNION { ?post a org:Post } UNION
      { VALUES ?c { vnpol:Event vnpol:Conference vnpol:Session vnpol:WorkingSession vnpol:Congress
                    vnpol:VoterMeeting vnpol:Ceremony vnpol:Meeting } ?e a ?c } }"""
    (row,) = db.rows(query)
    return {"persons": int(row[0] or 0), "posts": int(row[1] or 0), "events": int(row[2] or 0)}


def _write_dumps(db: store.Store, out: Path) -> None:
    for name, writer in (("graph.ttl", store.write_turtle), ("graph.trig", store.write_trig)):
        with outputs.atomic_file(out / name) as fh:
            writer(db, fh)


def _report_json(report: BuildReport) -> str:
    data = asdict(report)
    data["out"] = str(report.out)
    data["views_index"] = str(report.views_index) if report.views_index else None
    data["version"] = __version__
    data["lexicon_version"] = lexicon.load().version
    data.pop("seconds")
    data.pop("stages")
    data["inputs"] = _inputs(report)
    data.pop("notes")
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _inputs(report: BuildReport) -> list[dict[str, object]]:
    """Every input in order, ``built`` or ``skipped`` (with the problem), with its reading notes."""
    notes: dict[str, list[str]] = {}
    for noted in report.notes:  # reading notes and extraction warnings of one input go together
        notes.setdefault(noted.source, []).extend(noted.notes)
    rows: list[dict[str, object]] = [{"source": s, "status": "built"} for s in report.built]
    rows += [{"source": s.source, "status": "skipped", "problem": s.problem} for s in report.skipped]
    for row in rows:
        row["notes"] = notes.get(str(row["source"]), [])
    return sorted(rows, key=lambda row: _source_key(str(row["source"])))


def _source_key(source: str) -> tuple[str, int]:
    """ "a.jsonl:10" after "a.jsonl:9": the line as a number."""
    match = re.fullmatch(r"(.*):(\d+)", source)
    return (match.group(1), int(match.group(2))) if match else (source, 0)
