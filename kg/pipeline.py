"""The one place the stages are wired: read → extract → RDF → files → views.

Every input is accounted for in ``report.json``: built, or skipped and why. An
article the extractor chokes on is skipped with its error; the rest still build.
Every output file is written to a temporary name and moved into place, so a build
that dies half-way leaves the previous outputs whole.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg import __version__, ids, lexicon, rdf, readers, views
from kg.errors import OutputError
from kg.extract import extract
from kg.model import Article

Progress = Callable[[int], None]
_PARALLEL_FROM = 64  # fewer articles than this are not worth starting worker processes


@dataclass(frozen=True, slots=True)
class BuildOptions:
    out: Path
    base: str = ids.DEFAULT_BASE
    views: bool = True
    jobs: int = 1


@dataclass(frozen=True, slots=True)
class Skipped:
    source: str
    problem: str


@dataclass(frozen=True, slots=True)
class BuildReport:
    out: Path
    articles: int
    skipped: tuple[Skipped, ...]
    persons: int
    posts: int
    events: int
    triples: int
    seconds: float
    views_index: Path | None = None
    files: tuple[str, ...] = field(default=())


def collect(inputs: Iterable[Path]) -> tuple[list[Article], list[Skipped]]:
    """Read every input; articles that read cleanly, and the problems of the others."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for path in readers.discover(inputs):
        for item in readers.read(path):
            if item.article is None:
                skipped.append(Skipped(item.source, item.problem or "unreadable"))
            elif item.article.id in seen:
                skipped.append(Skipped(item.source, f"duplicate article id {item.article.id!r}"))
            else:
                seen.add(item.article.id)
                articles.append(item.article)
    return articles, skipped


def _work(job: tuple[Article, str]) -> rdf.ArticleTriples | Skipped:
    article, base = job
    try:
        return rdf.article_triples(extract(article), base)
    except Exception as exc:  # noqa: BLE001 - one bad article must not lose the rest
        return Skipped(article.source, f"extraction failed: {type(exc).__name__}: {exc}")


def triples_of(articles: list[Article], options: BuildOptions,
               progress: Progress | None = None) -> Iterator[rdf.ArticleTriples | Skipped]:
    jobs = [(a, options.base) for a in articles]
    if options.jobs > 1 and len(jobs) >= _PARALLEL_FROM:
        lexicon.load()
        with ProcessPoolExecutor(max_workers=options.jobs) as pool:
            for result in pool.map(_work, jobs, chunksize=16):
                if progress:
                    progress(1)
                yield result
        return
    for job in jobs:
        result = _work(job)
        if progress:
            progress(1)
        yield result


def build(inputs: Iterable[Path], options: BuildOptions, progress: Progress | None = None,
          on_start: Callable[[int], None] | None = None) -> BuildReport:
    started = time.monotonic()
    articles, skipped = collect(inputs)
    if on_start:
        on_start(len(articles))
    dataset = rdf.new_dataset()
    built = 0
    for result in triples_of(articles, options, progress):
        if isinstance(result, Skipped):
            skipped.append(result)
        else:
            rdf.add(dataset, result, options.base)
            built += 1
    union = rdf.union(dataset)
    counts = rdf.summary(union)
    options.out.mkdir(parents=True, exist_ok=True)
    files = _write_graphs(options.out, union, dataset)
    index = _write_views(options.out, union) if options.views else None
    report = BuildReport(options.out, built, tuple(skipped), counts["persons"], counts["posts"],
                         counts["events"], len(union), round(time.monotonic() - started, 3), index, files)
    write_atomic(options.out / "report.json", _report_json(report))
    return report


def _write_graphs(out: Path, union: rdf.Graph, dataset: rdf.Graph) -> tuple[str, ...]:
    write_atomic(out / "graph.ttl", rdf.turtle(union))
    write_atomic(out / "graph.trig", rdf.trig(dataset))  # type: ignore[arg-type]
    return ("graph.ttl", "graph.trig", "report.json")


def _write_views(out: Path, union: rdf.Graph) -> Path:
    """Write the views into a fresh folder, then swap it in for the old one."""
    staging = Path(tempfile.mkdtemp(prefix=".views-", dir=out))
    try:
        views.write_views(union, staging)  # writes staging/views/
        final, old = out / "views", out / f".views-old-{os.getpid()}"
        if final.exists():
            final.rename(old)
        (staging / "views").rename(final)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final / "index.html"


def write_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text to a temporary file beside ``path``, then move it into place."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from exc


def _report_json(report: BuildReport) -> str:
    data = asdict(report)
    data["out"] = str(report.out)
    data["views_index"] = str(report.views_index) if report.views_index else None
    data["version"] = __version__
    data["lexicon_version"] = lexicon.load().version
    data.pop("seconds")
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
