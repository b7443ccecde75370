"""Extraction: one article in, its facts out. A pure function of the article.

Stages, in order: places (the article's default jurisdiction), posts (titles),
people (names, with their titles), bodies and documents, events with their roles.
"""

from __future__ import annotations

from kg import lexicon, patterns
from kg.extract import documents, events, people, posts
from kg.extract.bodies import bodies_in
from kg.extract.dates import years_written
from kg.extract.places import jurisdiction
from kg.extract.resolve import references, resolve_people, scoped
from kg.model import Article, ArticleFacts
from kg.normalize import sentences


def extract(article: Article) -> ArticleFacts:
    """Every fact the rules find in ``article`` (whose text is already normalised)."""
    lex, pats = lexicon.load(), patterns.compiled()
    text = article.text
    juris = jurisdiction(text, lex, pats)
    all_posts = list(posts.titles_in(text, lex, pats, juris))
    title_runs = people.runs(all_posts, text)
    bare_titles = list(pats.bare_title.finditer(text))  # "đồng chí Phó Bí thư": a reference, not a name
    masked = people.mask(text, [(p.span.start, p.span.end) for p in all_posts] + [m.span("title") for m in bare_titles])
    names = people.names_in(text, masked, lex, pats, frozenset(p.span.end for p in all_posts),
                            frozenset(p.span.start for p in all_posts))
    mentions, claimed = people.link(text, names, title_runs, pats)
    titled = people.title_only(text, title_runs, claimed)
    province = juris.place_for("tỉnh") or juris.place_for("thành phố")
    persons = scoped(references(text, resolve_people(mentions, titled, lex), pats, lex, bare_titles), province, lex)
    found_bodies = tuple(bodies_in(text, lex, pats, juris))
    ctx = events.Context(article, tuple(sentences(text)), _lede_end(text, article), found_bodies,
                         tuple(years_written(text)))
    found_events = events.events(ctx, events.triggers(text, lex, pats), persons, lex, pats)
    return ArticleFacts(
        article=article,
        province=province,
        persons=tuple(persons),
        events=found_events,
        bodies=tuple(dict.fromkeys(b for _, b in found_bodies)),
        documents=tuple(documents.documents_in(text, found_bodies)),
        sentences=ctx.sentences,
    )


_HEADLINE_WORDS = 25  # a first line shorter than this is a headline, not the lede


def _lede_end(text: str, article: Article) -> int:
    """End of the headline and the first real paragraph (crawler lines and captions skipped).
    A short first line is the headline even when it ends with a full stop."""
    start = len(article.title) if article.title and text.startswith(article.title) else 0
    first, _, rest = text.partition("\n")
    if not start and rest.strip() and len(first.split()) < _HEADLINE_WORDS:
        start = len(first) + 1
    for line in text[start:].split("\n"):
        start += len(line) + 1
        if len(line.split()) >= 12 and "»" not in line and "|" not in line:
            return start - 1
    return len(text)
