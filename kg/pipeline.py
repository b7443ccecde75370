"""The one place the stages are wired: read → extract → triples → store → files → views.

Articles stream through: worker processes extract them a few chunks ahead
(:mod:`kg.workers`) and return their quads as N-Quads bytes, which the main process
appends to staging files; the build-wide identity pass then rewrites those files and the
merged statements are made unique on disk (:mod:`kg.staging`). Meanwhile the embedded
store bulk-loads the articles' own graphs as they were staged (most of the statements);
after the pass it replaces the statements the pass renamed and loads the rest, while a
process writes ``graph.trig`` from the settled files; it is then compacted while another
writes ``graph.ttl``. The main process keeps of each input only its source and id (the
report and ``build.ttl`` are written from them a piece at a time, the cache keys go to the
cache's database); the identity pass files its people and sightings in parts on disk.

Every input is accounted for in ``report.json``: built, or skipped and why. Every output
is written under a temporary name and moved into place, so a build that dies half-way
leaves the previous outputs whole.
"""

from __future__ import annotations

import contextlib
import gc
import heapq
import itertools
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kg import __version__, identity, ids, jsonstream, lexicon, mapping, outputs, processes, readers, store, workers
from kg.cache import FORMAT, Cache, article_key, code_version
from kg.errors import KgError
from kg.model import Article
from kg.staging import Settled, Staging, settle
from kg.workers import Skipped as Skipped
from kg.workers import merged_graph

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class BuildOptions:
    out: Path
    base: str = ids.DEFAULT_BASE
    views: bool = True
    jobs: int = 1
    strict: bool = False  # stop at the first skipped input (KgError), leaving the previous outputs as they were


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


def article_nquads(article: Article, base: str) -> str | Skipped:
    """One article's N-Quads, as a build stages them (before the build-wide identity pass)."""
    result = workers.work(article, base)
    if isinstance(result, Skipped):
        return result
    done = workers.staged(result, base)
    return (done.own + done.pending + done.merged).decode("utf-8")


_FILES = ("graph.ttl", "graph.trig", "report.json", "build.ttl", "store/")


@dataclass
class _Run:
    """What one build has seen so far."""

    built: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Noted] = field(default_factory=list)
    extracted: int = 0
    ids: list[str] = field(default_factory=list)  # ids of the articles built
    seconds: dict[str, float] = field(default_factory=dict)  # time spent in each stage
    statements: int | None = None  # in the store, when the dumps counted them

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
        inputs_now = f"{_options_key(options)}|{readers.fingerprint(inputs, [options.out])}"
        if cache.same_inputs(inputs_now) and (unchanged := _unchanged(options, started)) is not None:
            return unchanged
        run = _Run()
        if not _up_to_date(inputs, options, cache, run):
            run = _Run()
            cache.forget_used()
            cache.invalidate()
            _produce(inputs, options, work_dir, cache, run, progress)
        report = _finish(options, run, started)
        cache.finish(_options_key(options))
        if not run.skipped:
            cache.remember_inputs(inputs_now)
        return report
    except BaseException:
        cache.close(quietly=True)  # the build's own error is the one to report
        raise
    finally:
        cache.close()
        shutil.rmtree(work_dir, ignore_errors=True)
        lock.close()


def _options_key(options: BuildOptions) -> str:
    return f"{__version__}|{code_version()}|{FORMAT}|{lexicon.load().version}|{options.base}|views={options.views}"


def _unchanged(options: BuildOptions, started: float) -> BuildReport | None:
    """The last build's report, when its input files have not changed since (nothing is read).

    Only ``extracted`` changes in report.json (to 0); build.ttl still describes the build
    that made the outputs.
    """
    if not all((options.out / name).exists() for name in _wanted(options)):
        return None
    built: list[object] = []
    notes: list[Noted] = []
    skipped: list[object] = []

    def noted(row: object) -> None:
        if not isinstance(row, dict):
            raise TypeError(f"not an input's row: {row!r}")
        if row["notes"]:
            notes.append(Noted(row["source"], tuple(row["notes"])))

    try:
        with open(options.out / "report.json", encoding="utf-8") as fh:  # a piece at a time: a row per input
            data = jsonstream.read_object(fh, {"built": built.append, "inputs": noted, "skipped": skipped.append})
        report = BuildReport(options.out, _int(data["articles"]), _strings(built), (), _int(data["persons"]),
                             _int(data["posts"]), _int(data["events"]), _int(data["triples"]),
                             round(time.monotonic() - started, 3),
                             options.out / "views" / "index.html" if options.views else None, _FILES, tuple(notes))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if skipped:
        return None
    _write_report(options.out / "report.json", report)
    return report


def _strings(values: list[object]) -> tuple[str, ...]:
    if not all(isinstance(value, str) for value in values):
        raise TypeError("not a list of sources")
    return tuple(map(str, values))


def _int(value: object) -> int:
    if not isinstance(value, int):
        raise TypeError(f"not a count: {value!r}")
    return value


def _wanted(options: BuildOptions) -> list[str]:
    return ["graph.ttl", "graph.trig", "report.json", "store"] + (["views/index.html"] if options.views else [])


def _up_to_date(inputs: list[Path], options: BuildOptions, cache: Cache, run: _Run) -> bool:
    """Nothing to do: the same articles (by content) and options as the last build, its outputs all there."""
    if not all((options.out / name).exists() for name in _wanted(options)):
        return False
    for article in articles_of(inputs, run.skipped, run.notes, exclude=[options.out]):
        cache.use(article_key(article, options.base))
        run.built.append(article.source)
        run.ids.append(article.id)
    return not run.skipped and cache.unchanged(_options_key(options))


def _produce(inputs: list[Path], options: BuildOptions, work_dir: Path, cache: Cache, run: _Run,
             progress: Progress | None) -> None:
    """Extract (what changed), resolve identities, load the store, write dumps and views."""
    staging, partial = Staging(work_dir), work_dir / "store"
    with run.timed("read + extract"):
        _stage(inputs, options, staging, run, cache, progress)
    with processes.pool(2) as pool:  # the store loads the own graphs as staged while the identity pass runs
        early = pool.submit(processes.run_as, "kg store", store.load_into, partial, [staging.own])
        with run.timed("identity"):
            settled = pool.submit(processes.run_as, "kg identity", _settle, staging, options.base).result()
        with run.timed("own graphs loaded"):  # what the load took beyond the pass it ran beside
            early.result()
    staging.own.unlink()
    _load_and_dump(settled, partial, options.out, run)
    if options.views:
        with run.timed("views"):
            _write_views(options.out, max(1, min(options.jobs, _VIEW_PARTS)))


_VIEW_PARTS = 4  # at most: each part reads again the names of the entities ranked


def _write_views(out: Path, parts: int) -> None:
    """The views in ``parts`` processes at once, each writing its part (``kg.views.write_views``),
    by one census taken before them in a process of its own."""
    with outputs.views_folder(out) as folder, processes.pool(parts) as pool:
        counted = pool.submit(processes.run_as, "kg census", outputs.views_census, out).result()
        written = [pool.submit(processes.run_as, f"kg views {k + 1}/{parts}", outputs.write_views_part, out, folder,
                               (k, parts), counted) for k in range(parts)]
        for done in written:
            done.result()


def _finish(options: BuildOptions, run: _Run, started: float) -> BuildReport:
    counts = _counts(options.out / "store", statements=run.statements is None)
    index = options.out / "views" / "index.html" if options.views else None
    report = BuildReport(options.out, len(run.built), tuple(run.built), tuple(run.skipped), counts["persons"],
                         counts["posts"], counts["events"],
                         counts["statements"] if run.statements is None else run.statements,
                         round(time.monotonic() - started, 3), index,
                         _FILES, tuple(run.notes), run.extracted, tuple(run.seconds.items()))
    _write_report(options.out / "report.json", report)
    with outputs.atomic_file(options.out / "build.ttl") as fh:
        for line in provenance(options, run, started):
            fh.write(line.encode("utf-8"))
    return report


def _counts(path: Path, *, statements: bool) -> dict[str, int]:
    """The store's people, posts and events (and statements, if asked), counted in a process of
    its own: the store's caches and the query's sets stay out of the build's process (at
    100,000 articles they took a process from 64 to 111 MiB)."""
    with processes.pool(1) as pool:
        return pool.submit(processes.run_as, "kg summary", _count, path, statements).result()


def _count(path: Path, statements: bool) -> dict[str, int]:
    db = store.Store.open(path)
    return summary(db) | ({"statements": len(db)} if statements else {})


def provenance(options: BuildOptions, run: _Run, started: float) -> Iterator[str]:
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
    yield from (line + "\n" for line in lines)
    for article in run.ids:  # a line at a time: one per article
        yield f"{node} <http://www.w3.org/ns/prov#used> <{ids.article_iri(options.base, article)}> .\n"


def _stage(inputs: Iterable[Path], options: BuildOptions, staging: Staging, run: _Run, found: Cache | None,
           progress: Progress | None) -> None:
    pool = workers.Workers(options.jobs, options.base)
    try:
        with open(staging.own, "wb") as own, open(staging.merged, "wb") as merged, \
             open(staging.pending, "wb") as pending, identity.Log(staging.people) as people:
            articles = articles_of(inputs, run.skipped, run.notes, exclude=[options.out])
            for key, result in workers.in_order(articles, pool, found, options.base):
                if isinstance(result, Skipped):
                    run.skipped.append(result)
                else:
                    own.write(result.own)
                    merged.write(result.merged)
                    pending.write(result.pending)
                    people.write(result.record)
                    _remember(run, found, key, result)
                if progress:
                    progress(1)
                _stop_if_strict(options, run.skipped)
    finally:
        pool.close()
        run.extracted = pool.extracted
    _stop_if_strict(options, run.skipped)


def _remember(run: _Run, found: Cache | None, key: str, result: workers.Staged) -> None:
    triples = result.triples
    run.built.append(triples.source)
    run.ids.append(triples.article_id)
    if triples.warnings:
        run.notes.append(Noted(triples.source, triples.warnings))
    if found is not None:
        if result.packed is not None:
            found.put(key, result.packed)
        found.use(key)


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


def _settle(staging: Staging, base: str) -> Settled:
    with _no_cycle_collection():
        return settle(staging, identity.plan(identity.read_log(staging.people), base), merged_graph(base))


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off for a while. The identity pass makes millions of small
    objects and no cycles, and each full collection walks every object alive again: at
    100,000 articles its plan took 67 s, 16 s without."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _load_and_dump(settled: Settled, partial: Path, out: Path, run: _Run) -> None:
    """The store that holds the own graphs as staged is completed (renamed lines, the rest) while
    one process writes graph.trig from the settled files, then compacted while another writes
    graph.ttl: the store's load leaves a core idle a third of the time, its compaction runs on one."""
    final = list(settled.files)
    with processes.pool(3) as pool:
        trig = pool.submit(processes.run_as, "kg dump graph.trig", _dump, final, out / "graph.trig", True)
        with run.timed("store load"):
            pool.submit(processes.run_as, "kg store", store.load_into, partial, settled.rest, settled.replaced).result()
        ttl = pool.submit(processes.run_as, "kg dump graph.ttl", _dump, final, out / "graph.ttl", False)
        with run.timed("compaction"):
            pool.submit(processes.run_as, "kg compaction", store.finish, partial, out / "store").result()
        with run.timed("dumps"):  # what they take beyond the stages they run beside
            ttl.result()
            run.statements = trig.result()  # graph.trig's count: every quad


def _dump(final: list[Path], dest: Path, graphs: bool) -> int:
    with outputs.atomic_file(dest) as fh:
        return store.write_files(final, fh, graphs=graphs)


def _write_report(path: Path, report: BuildReport) -> None:
    """``report.json``: the report but its timings and notes, with every input (``_inputs``),
    written a thousand inputs at a time (:mod:`kg.jsonstream`): it grows with the corpus."""
    values: dict[str, object] = {f.name: getattr(report, f.name) for f in fields(report)
                                 if f.name not in ("built", "skipped", "notes", "seconds", "stages")}
    values |= {"out": str(report.out), "views_index": str(report.views_index) if report.views_index else None,
               "version": __version__, "lexicon_version": lexicon.load().version}
    lists = {"built": report.built, "skipped": (asdict(s) for s in report.skipped), "inputs": _inputs(report)}
    with outputs.atomic_file(path) as fh:
        jsonstream.write_object(fh, values, lists)


def _inputs(report: BuildReport) -> Iterator[dict[str, object]]:
    """Every input in order, ``built`` or ``skipped`` (with the problem), with its reading notes."""
    notes: dict[str, list[str]] = {}
    for noted in report.notes:  # reading notes and extraction warnings of one input go together
        notes.setdefault(noted.source, []).extend(noted.notes)
    built = ((key, 0, source, None) for key, source in _in_order(report.built))
    skipped = sorted((_source_key(s.source), 1, s.source, s.problem) for s in report.skipped)
    for _key, _skipped, source, problem in heapq.merge(built, skipped):  # on a tie, built first
        row: dict[str, object] = {"source": source, "status": "built" if problem is None else "skipped",
                                  "notes": notes.get(source, [])}
        if problem is not None:
            row["problem"] = problem
        yield row


def _in_order(sources: Sequence[str]) -> Iterator[tuple[tuple[str, int], str]]:
    """``sources`` sorted by ``_source_key``, with their keys: as they are when they are (as a
    build reads them, mostly), else sorted."""
    keyed: Iterable[tuple[tuple[str, int], str]] = ((_source_key(s), s) for s in sources)
    if any(b < a for a, b in itertools.pairwise(map(_source_key, sources))):
        keyed = sorted(keyed)
    yield from keyed


def _source_key(source: str) -> tuple[str, int]:
    """ "a.jsonl:10" after "a.jsonl:9": the line as a number."""
    match = re.fullmatch(r"(.*):(\d+)", source)
    return (match.group(1), int(match.group(2))) if match else (source, 0)
