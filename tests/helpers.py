"""Small builders shared by the extraction tests."""

from __future__ import annotations

from kg.extract import extract
from kg.model import Article, ArticleFacts, PartialDate
from kg.normalize import normalize


def facts_of(text: str, published: PartialDate | None = None, title: str | None = None) -> ArticleFacts:
    return extract(Article("t", "test", normalize(text), title, None, published))


def people(text: str) -> dict[str, list[str]]:
    """Name → post labels (current posts, in order, deduplicated) over all mentions."""
    out: dict[str, list[str]] = {}
    for m in facts_of(text).persons:
        labels = out.setdefault(m.name, [])
        labels += [p.label for p in m.posts if not p.former and p.label not in labels]
    return out


def roles(text: str, published: PartialDate | None = None) -> set[tuple[str, str]]:
    return {(r.role, r.person) for e in facts_of(text, published).events for r in e.roles}
