"""A process that extracts articles forgets its caches every so many of them, and what it
makes does not change for that."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import ids, memo, pipeline, workers
from kg.extract import places
from kg.model import Article

SAMPLE = Path(__file__).resolve().parents[1] / "kg" / "sample"


def sample_articles() -> list[Article]:
    return list(pipeline.articles_of([SAMPLE], []))


def staged_bytes(articles: list[Article], recent: workers._Recent | None = None
                 ) -> list[tuple[bytes, bytes, bytes, bytes]]:
    out = []
    for result in workers._stage_chunk(articles, ids.DEFAULT_BASE, recent or workers._Recent(10_000)):
        assert isinstance(result, workers.Staged)
        out.append((result.own, result.merged, result.pending, result.record))
    return out


def test_a_process_forgets_its_caches_every_so_many_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    articles = sample_articles()
    monkeypatch.setattr(memo, "FORGET_EVERY", 3)
    memo.forget()
    staged_bytes(articles[:2])
    assert ids.mint.cache_info().currsize > 0 and places.unit.cache_info().currsize > 0
    staged_bytes(articles[2:3])  # the third: every cache is cleared
    assert ids.mint.cache_info().currsize == 0 and places.unit.cache_info().currsize == 0
    staged_bytes(articles[3:4])
    assert ids.mint.cache_info().currsize > 0


def test_forgetting_the_caches_changes_nothing_made(monkeypatch: pytest.MonkeyPatch) -> None:
    articles = sample_articles()
    memo.forget()
    kept = staged_bytes(articles + articles)  # the second time round, from the caches
    monkeypatch.setattr(memo, "FORGET_EVERY", 1)
    recent = workers._Recent(10_000)  # one, as for the articles staged at once
    forgotten = [made for article in articles + articles for made in staged_bytes([article], recent)]
    assert forgotten == kept


def test_kg_extract_forgets_as_a_build_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """``kg extract --nquads`` (a shard of a corpus too big for one machine) counts too."""
    articles = sample_articles()
    monkeypatch.setattr(memo, "FORGET_EVERY", 2)
    memo.forget()
    first = pipeline.article_nquads(articles[0], ids.DEFAULT_BASE)
    assert ids.mint.cache_info().currsize > 0
    pipeline.article_nquads(articles[1], ids.DEFAULT_BASE)
    assert ids.mint.cache_info().currsize == 0
    assert pipeline.article_nquads(articles[0], ids.DEFAULT_BASE) == first
