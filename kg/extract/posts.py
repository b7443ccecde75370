"""Posts: every title in the text, each one role × body.

A compound title "Uỷ viên BTV Tỉnh uỷ, Bí thư Thành uỷ, Chủ tịch HĐND thành phố" is
three matches of the title pattern; each becomes a ``Post`` whose label is the title
as written with abbreviations expanded, qualifiers (khóa, nhiệm kỳ) dropped, and the
jurisdiction appended when the text leaves it implicit ("Bí thư Tỉnh ủy Bắc Kạn").
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from kg import memo
from kg.extract.bodies import Piece, chain_body, pieces, static_body
from kg.extract.places import Jurisdiction
from kg.lexicon import Lexicon, TitleEntry
from kg.model import Body, Post, Span
from kg.normalize import fold_key
from kg.patterns import CAPWORD, Patterns

_GENERIC_HEADS = ("Trưởng", "Phó Trưởng", "Chánh", "Phó Chánh")
_CAPITALISED_TAIL = regex.compile(rf"(?:{CAPWORD}\s*)+$")
# "TP Hồ Chí Minh", "Báo Hà Nam": a level word or a unit in capitals, then the place
_NOT_THE_PLACE = regex.compile(r"TP|Tp|Báo")
_PLACE_THEN_NAME = regex.compile(rf"^(?P<place>.+?)\s+(?P<name>{CAPWORD}(?:\s+{CAPWORD}){{1,3}})$")


def titles_in(text: str, lex: Lexicon, pats: Patterns, juris: Jurisdiction) -> Iterator[Post]:
    """Every well-formed title in ``text``, in order."""
    for match in pats.title.finditer(text):
        post = _post(match, lex, pats, juris)
        if post is not None:
            yield post


def _post(match: regex.Match[str], lex: Lexicon, pats: Patterns, juris: Jurisdiction) -> Post | None:
    end = _trim_name(match, lex)
    made = _made(match.string[match.start("role") : end], lex, pats, juris)
    if made is None:
        return None
    label, role, body = made
    return Post(label, role, body, Span(match.start(), end, match.string[match.start() : end]),
                former=bool(match.group("former")))


@memo.cached(32768)
def _made(raw: str, lex: Lexicon, pats: Patterns, juris: Jurisdiction) -> tuple[str, str, Body | None] | None:
    """Label, role and body of a title as written (cached: the same titles recur in every article)."""
    again = pats.title.match(lex.expand(raw))
    entry = lex.titles.get(fold_key(again.group("role"))) if again else None
    if again is None or entry is None:
        return None
    parts = pieces(again.group("body") or "", lex)
    body = chain_body(parts, lex, juris) if parts else None
    if body is None and entry.implied_body:
        body = _implied(entry, lex, juris)
    if body is None and entry.needs_body:
        return None
    return _label(entry, again.group("role"), parts, body), _role(entry, parts), body


def _trim_name(match: regex.Match[str], lex: Lexicon) -> int:
    """End of the title, leaving out a personal name the open place pattern swallowed.

    "Chủ tịch UBND xã Cao Kỳ Nguyễn Văn An": the place is "Cao Kỳ", the rest a name;
    "Thành ủy TP Hồ Chí Minh", "Báo Hà Nam": the place, whose first word is a surname too.
    """
    body = match.group("body") or ""
    tail = _CAPITALISED_TAIL.search(body)
    if tail is None:
        return match.end()
    words = tail.group().split()
    head = 1 if _NOT_THE_PLACE.fullmatch(words[0]) else 0
    if fold_key(" ".join(words[head:])) in lex.places:
        return match.end()
    keep = head + lex.place_words(words[head:])
    if keep == len(words):
        return match.end()
    end = match.start("body") + tail.start() + len(" ".join(words[:keep]))
    return len(match.string[:end].rstrip())


def _implied(entry: TitleEntry, lex: Lexicon, juris: Jurisdiction) -> Body | None:
    assert entry.implied_body is not None
    parts = pieces(entry.implied_body, lex)
    if len(parts) == 1 and parts[0].entry is not None and parts[0].entry.level == "trung ương":
        return static_body(parts[0].entry.canonical, lex)
    return chain_body(parts, lex, juris)


def _role(entry: TitleEntry, parts: list[Piece]) -> str:
    if entry.canonical in _GENERIC_HEADS:
        unit = next((p for p in parts if p.kind == "unit"), None)
        if unit is not None:
            return f"{entry.canonical} {unit.display.split()[0].lower()}"
    return entry.canonical


def _label(entry: TitleEntry, role_written: str, parts: list[Piece], body: Body | None) -> str:
    words = [entry.surface if fold_key(role_written) == fold_key(entry.surface) else role_written]
    words += [p.display for p in parts if p.kind in ("unit", "duty", "level", "place", "link")]
    if not parts and entry.implied_body == "Chính phủ":
        words.append("Chính phủ")  # "Thủ tướng" is the Thủ tướng Chính phủ
    written_place = any(p.kind == "place" for p in parts)
    if parts and not written_place and body is not None and body.place and body.level != "trung ương":
        words.append(body.place)
    return " ".join(words)
