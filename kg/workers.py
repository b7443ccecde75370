"""Extraction in worker processes, kept busy while the main process writes what they return.

Articles go to the workers in small chunks, with a few chunks in flight at a time: the
workers extract while the main process reads the next articles and writes the quads of
the last ones, and memory stays bounded however long the input. Each worker returns an
article's quads already written as N-Quads bytes, and its cache entry already packed, so
the main process only copies bytes.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import islice
from typing import Protocol

from kg import cache, identity, mapping, memo, patterns, processes
from kg.extract import extract
from kg.model import Article

CHUNK = 16  # articles sent to a worker at a time
_IN_FLIGHT = 4  # chunks waiting per worker: enough to keep it busy, few enough to bound memory
_PARALLEL_FROM = 64  # fewer articles than this are not worth starting worker processes


@dataclass(frozen=True, slots=True)
class Skipped:
    source: str
    problem: str


@dataclass(frozen=True, slots=True)
class Staged:
    """One article ready to be written: its quads as bytes, and what the build-wide pass needs."""

    triples: mapping.ArticleTriples  # its source, id and warnings: the rest is in the bytes
    own: bytes  # N-Quads of the article's own graph, but for ``pending``
    merged: bytes  # N-Quads of what it adds to the merged graph (repeated across articles)
    record: bytes  # what the identity pass needs of it, pickled for its log (``identity.record``)
    packed: bytes | None = None  # its cache entry, when it was extracted now rather than found
    pending: bytes = b""  # N-Quads of its own graph the identity pass may replace: roles' agents left a post


def merged_graph(base: str) -> str:
    return f"{base}graph/merged"


def staged(triples: mapping.ArticleTriples, base: str, packed: bytes | None = None) -> Staged:
    """The N-Quads of an article's triples (statements are "s p o" N-Triples without the dot)."""
    own, tail = f" <{triples.graph}> .\n", f" <{merged_graph(base)}> .\n"
    by_subject = sorted(triples.own, key=lambda t: t[: t.index(" ")])  # stable: readable dumps
    pending = {f"<{u.participation}> <{mapping.VNPOL.agent}> <{u.post}>" for u in triples.unresolved}
    return Staged(replace(triples, own=(), merged=(), persons=(), unresolved=(), roles=()),
                  "".join(t + own for t in by_subject if t not in pending).encode("utf-8"),
                  "".join(t + tail for t in triples.merged).encode("utf-8"), identity.record(triples), packed,
                  "".join(t + own for t in by_subject if t in pending).encode("utf-8"))


def work(article: Article, base: str) -> mapping.ArticleTriples | Skipped:
    """Extract one article; a failure is reported, never raised (one bad article loses nothing else).
    The extractors' caches are forgotten every so many articles (:mod:`kg.memo`)."""
    try:
        return mapping.article_triples(extract(article), base)
    except Exception as exc:  # noqa: BLE001
        return Skipped(article.source, f"extraction failed: {type(exc).__name__}: {exc}")
    finally:
        memo.extracted(1)


def _stage_chunk(articles: list[Article], base: str, recent: _Recent | None = None) -> list[Staged | Skipped]:
    """Extract and stage a chunk; ``recent`` is the build's in this process (a worker's own by default)."""
    recent = recent or _in_worker
    out: list[Staged | Skipped] = []
    for article in articles:
        result = work(article, base)
        if isinstance(result, Skipped):
            out.append(result)
        else:
            packed = cache.pack(result)  # the cache keeps every statement: a hit is staged whole
            out.append(staged(replace(result, merged=recent.new(result.merged)), base, packed))
    return out


class _Recent:
    """The merged statements this process staged lately, up to ``size`` of them.

    Most articles of a province repeat its bodies, posts and role concepts: at 10,000
    articles, 4,696 statements made up 63% of the merged lines staged. One already staged
    here is left out of the next article's bytes; the staging makes the merged graph unique
    in any case (``kg.staging.settle``), so forgetting them all when full loses nothing.
    """

    def __init__(self, size: int) -> None:
        self.size, self.seen = size, set[str]()

    def new(self, statements: tuple[str, ...]) -> tuple[str, ...]:
        fresh = tuple(s for s in statements if s not in self.seen)
        if len(self.seen) + len(fresh) > self.size:
            self.seen.clear()
        self.seen.update(fresh)
        return fresh


_RECENT_SIZE = 200_000  # about 50 MB when full
_in_worker = _Recent(_RECENT_SIZE)  # a worker's; a pool is forked for one build, so it starts empty


def _fresh_worker() -> None:
    global _in_worker
    _in_worker = _Recent(_RECENT_SIZE)
    processes.name("kg extract")


class _Pending(Protocol):
    def get(self) -> list[Staged | Skipped]: ...


@dataclass(frozen=True, slots=True)
class _Done:
    value: list[Staged | Skipped]

    def get(self) -> list[Staged | Skipped]:
        return self.value


class Workers:
    """Chunks of articles extracted in this process, or in a pool of ``jobs`` processes."""

    def __init__(self, jobs: int, base: str) -> None:
        self.jobs, self.base = jobs, base
        self.pool: multiprocessing.pool.Pool | None = None
        self.extracted = 0
        self.recent = _Recent(_RECENT_SIZE)  # for the chunks extracted in this process

    def start(self, expected: int) -> None:
        """Start the processes if ``expected`` articles are worth it (forked: they inherit the patterns)."""
        if self.pool is None and self.jobs > 1 and expected >= _PARALLEL_FROM:
            patterns.compiled()
            self.pool = multiprocessing.get_context("fork").Pool(self.jobs, initializer=_fresh_worker)

    @property
    def window(self) -> int:
        return self.jobs * _IN_FLIGHT if self.pool is not None else 1

    def submit(self, articles: list[Article]) -> _Pending:
        self.extracted += len(articles)
        if self.pool is None or not articles:
            return _Done(_stage_chunk(articles, self.base, self.recent))
        return self.pool.apply_async(_stage_chunk, (articles, self.base))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()


def in_order(articles: Iterator[Article], workers: Workers, found: cache.Cache | None,
             base: str) -> Iterator[tuple[str, Staged | Skipped]]:
    """Each article's cache key and result, in input order: from the cache when it is unchanged."""
    first = list(islice(articles, _PARALLEL_FROM))
    workers.start(len(first))
    pending: deque[tuple[list[str], list[Staged | None], _Pending]] = deque()
    for chunk in chunks(iter(first), articles):
        keys = [cache.article_key(a, base) for a in chunk]
        hits = [_hit(found, key, article, base) for key, article in zip(keys, chunk, strict=True)]
        todo = [a for a, hit in zip(chunk, hits, strict=True) if hit is None]
        pending.append((keys, hits, workers.submit(todo)))
        while len(pending) > workers.window:
            yield from _settle(*pending.popleft())
    while pending:
        yield from _settle(*pending.popleft())


def chunks(*sources: Iterator[Article]) -> Iterator[list[Article]]:
    """The articles of ``sources``, one after the other, ``CHUNK`` at a time (the last of each
    source may be shorter)."""
    for source in sources:
        while chunk := list(islice(source, CHUNK)):
            yield chunk


def _hit(found: cache.Cache | None, key: str, article: Article, base: str) -> Staged | None:
    triples = found.get(key) if found is not None else None
    return staged(replace(triples, source=article.source), base) if triples is not None else None


def _settle(keys: list[str], hits: list[Staged | None],
            pending: _Pending) -> Iterator[tuple[str, Staged | Skipped]]:
    fresh = iter(pending.get())
    for key, hit in zip(keys, hits, strict=True):
        yield key, hit if hit is not None else next(fresh)
