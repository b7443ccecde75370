"""People within one article: keep anchored names, merge slips, resolve titles.

- A name with no anchor counts only if the same name is anchored elsewhere.
- Two names one letter apart that share a post are one person: the source misspelt
  one of them, and the spelling used more often (then first) wins.
- A title standing alone ("đồng chí Bí thư Tỉnh ủy") is the one person of the article
  who holds that post. When nobody in the article does, and the title surely stands for
  a person ("đồng chí ..."), it is kept unnamed (name "") for the whole build to resolve
  (``kg.identity``); when several do, it is left out.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace

import regex

from kg.extract.people import TitleMention
from kg.lexicon import Lexicon
from kg.model import PersonMention, Post, Span
from kg.normalize import fold_key
from kg.patterns import Patterns


def resolve_people(mentions: Sequence[PersonMention], titled: Sequence[TitleMention],
                   lex: Lexicon) -> list[PersonMention]:
    anchored = {fold_key(m.name) for m in mentions if m.rule == "anchored" and m.name}
    kept = [m for m in mentions if fold_key(m.name) in anchored]
    spelling = _spelling_fixes(kept)
    kept = [_renamed(m, spelling.get(m.name, m.name)) for m in kept]
    holders = _holders(kept)
    for titled_mention in titled:
        names = {holders.get(fold_key(p.label)) for p in titled_mention.posts} - {None}
        if len(names) == 1:
            name = names.pop()
            assert name is not None
            kept.append(PersonMention(name, titled_mention.span, (), "title-only"))
        elif not names and titled_mention.addressed:
            # Nobody in the article holds it: the whole graph may know who did at the time.
            kept.append(PersonMention("", titled_mention.span, titled_mention.posts, "unresolved"))
    return sorted(kept, key=lambda m: m.span.start)


def _renamed(mention: PersonMention, name: str) -> PersonMention:
    if name == mention.name:
        return mention
    return PersonMention(name, mention.span, mention.posts, mention.rule)


def _holders(mentions: Sequence[PersonMention]) -> dict[str, str]:
    """Post label → the one name that holds it in the article ('' when ambiguous)."""
    holders: dict[str, set[str]] = {}
    for m in mentions:
        for post in m.posts:
            holders.setdefault(fold_key(post.label), set()).add(m.name)
    return {label: next(iter(names)) for label, names in holders.items() if len(names) == 1}


def _spelling_fixes(mentions: Sequence[PersonMention]) -> dict[str, str]:
    counts = Counter(m.name for m in mentions)
    posts: dict[str, set[str]] = {}
    for m in mentions:
        posts.setdefault(m.name, set()).update(fold_key(p.label) for p in m.posts)
    names = sorted(counts, key=lambda n: (-counts[n], _first(mentions, n)))
    fixes: dict[str, str] = {}
    for i, rare in enumerate(names):
        for common in names[:i]:
            if common not in fixes and posts[rare] & posts[common] and one_edit_apart(rare, common):
                fixes[rare] = common
                break
    return fixes


def _first(mentions: Sequence[PersonMention], name: str) -> int:
    return min(m.span.start for m in mentions if m.name == name)


def one_edit_apart(a: str, b: str) -> bool:
    """True when one substitution, insertion or deletion turns ``a`` into ``b``.

    >>> one_edit_apart("Hoàng Duy Chinh", "Hoàng Duy Chính"), one_edit_apart("Lê Văn A", "Lê Văn A")
    (True, False)
    """
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def scoped(mentions: Sequence[PersonMention], province: str | None, lex: Lexicon) -> list[PersonMention]:
    """Give every mention of a name the scope of the person: central, or a province.

    Two people with the same name are kept apart when their posts put them in different
    provinces; a person's central post ("Ủy viên Bộ Chính trị") makes them national.
    The scope of a name is decided once per article, from all its mentions.
    """
    scopes: dict[str, str] = {}
    for mention in mentions:
        found = [_post_scope(p, lex) for p in mention.posts if p.body is not None]
        for scope in sorted(filter(None, found), key=lambda s: s != "trung ương"):
            scopes.setdefault(mention.name, scope)
            break
    return [replace(m, scope=scopes.get(m.name, province or "")) for m in mentions]


def _post_scope(post: Post, lex: Lexicon) -> str | None:
    body = post.body
    while body is not None and body.parent is not None and body.level == body.parent.level:
        body = body.parent
    if body is None or body.level is None:
        return None
    if body.level == "trung ương":
        return "trung ương"
    if body.place is None:
        return None
    return _province_of(body.place, body.level, lex)


def _province_of(place: str, level: str, lex: Lexicon) -> str | None:
    for entry in lex.places.get(fold_key(place), ()):
        if entry.level == level:
            return entry.parent or entry.canonical
    return place if level == "tỉnh" else None


_PRONOUN = regex.compile(
    r"(?<![\p{L}\p{M}])(?P<p>[ĐđÔôBb](?:ồng chí|ng|à))(?=\s+\p{Ll})(?!\s+(?:con|ta|bà|ấy|nào|cháu)\b)"
)
_PLURAL_BEFORE = regex.compile(r"(?i:\b(?:các|những|lãnh đạo|cùng)\s*)$")


def references(text: str, persons: Sequence[PersonMention], pats: Patterns, lex: Lexicon,
               bare_titles: Sequence[regex.Match[str]]) -> list[PersonMention]:
    """People referred to without their full name, resolved within the article.

    - "Chủ tịch Định", "bà Phương": a title or honorific and a given name, when exactly one
      person of the article has a full name ending so;
    - "đồng chí Bí thư nhấn mạnh": an honorific and a title with no body after it (the
      ``bare_titles``, matches of ``pats.bare_title``), the last person named before it with a
      post of that role (or the only one in the article);
    - "Đồng chí đề nghị", "bà biểu dương": an honorific standing alone before a verb is the
      person last named before it ("bà" the last woman, "ông" the last man, "đồng chí" the
      last one with a post, when that tells).
    """
    named = [p for p in persons if p.name]
    taken = {(p.span.start, p.span.end) for p in persons}
    taken |= {(post.span.start, post.span.end) for p in persons for post in p.posts}  # "Ủy viên Trung ương"
    out = list(_given_names(text, named, taken, pats))
    out += _bare_titles(named, taken, bare_titles, lex)
    out += _pronouns(text, named, taken | {(m.span.start, m.span.end) for m in out})
    return sorted(persons + tuple(out) if isinstance(persons, tuple) else list(persons) + out,
                  key=lambda m: m.span.start)


def _given_names(text: str, named: Sequence[PersonMention], taken: set[tuple[int, int]],
                 pats: Patterns) -> Iterator[PersonMention]:
    inside = _Inside(taken)
    by_given: dict[str, set[str]] = {}
    for person in named:
        by_given.setdefault(person.name.split()[-1], set()).add(person.name)
    for match in pats.short_reference.finditer(text):
        if inside(match.start()):
            continue
        given = match.group("given")
        full = by_given.get(given, set()) - {given}
        if len(full) == 1:
            yield PersonMention(full.pop(), Span(match.start(), match.end(), match.group()), (), "given-name")


def _bare_titles(named: Sequence[PersonMention], taken: set[tuple[int, int]], bare_titles: Sequence[regex.Match[str]],
                 lex: Lexicon) -> Iterator[PersonMention]:
    """"đồng chí Bí thư": the last person named before it with a post of that role, or the one
    person of the article with such a post."""
    inside = _Inside(taken)
    holders: dict[str, list[PersonMention]] = {}
    for person in sorted(named, key=lambda m: m.span.start):
        for role in dict.fromkeys(post.role for post in person.posts):
            holders.setdefault(role, []).append(person)
    for match in bare_titles:
        if inside(match.start()):
            continue
        found = holders.get(lex.titles[fold_key(match.group("title"))].canonical, [])
        before = [p.name for p in found if p.span.end <= match.start()]
        names = before[-1:] or list({p.name for p in found})
        if len(names) == 1:
            yield PersonMention(names[0], Span(match.start(), match.end(), match.group()), (), "title-reference")


class _Inside:
    """Whether an offset falls inside one of the spans (looked up by bisection)."""

    def __init__(self, spans: set[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.reach = list(itertools.accumulate((e for _, e in self.spans), max))  # furthest end so far

    def __call__(self, offset: int) -> bool:
        i = bisect.bisect_right(self.starts, offset)
        return i > 0 and self.reach[i - 1] > offset


def _pronouns(text: str, named: Sequence[PersonMention], taken: set[tuple[int, int]]) -> list[PersonMention]:
    out = []
    inside = _Inside(taken)
    officials = {p.name for p in named if p.posts}  # "đồng chí" is a party member, not a citizen met
    for match in _PRONOUN.finditer(text):
        start = match.start()
        if inside(start) or _PLURAL_BEFORE.search(text[max(0, start - 12) : start]):
            continue
        before = [p for p in named if p.span.end <= start]
        word = match.group("p").casefold()
        if word == "đồng chí":
            before = [p for p in before if p.name in officials] or before
        if word in ("bà", "ông"):
            female = word == "bà"
            before = [p for p in before if (" Thị " in f" {p.name} ") == female] or before
        if before:
            out.append(PersonMention(before[-1].name, Span(start, match.end(), match.group()), (), "pronoun"))
    return out
