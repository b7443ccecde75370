"""Which places an article is about: the jurisdiction of bodies named without one.

"Chủ tịch HĐND tỉnh" in an article about Bắc Kạn is the chairman of the HĐND of
Bắc Kạn province: for each level word (tỉnh, thành phố, huyện ...) the place most
often named with that level in the article is its default.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from datetime import date

import regex

from kg import lexicon, memo
from kg.lexicon import Lexicon, PlaceEntry
from kg.model import PartialDate
from kg.normalize import fold_key
from kg.patterns import Patterns, word_tree

_PARTY_COMMITTEE_LEVEL = {"tỉnh ủy": "tỉnh", "thành ủy": "thành phố", "huyện ủy": "huyện",
                          "quận ủy": "quận", "thị ủy": "thị xã"}
_COMMITTEE_WINDOW = max(map(len, _PARTY_COMMITTEE_LEVEL)) + 1  # "huyện ủy Vị Xuyên": the committee and a space


def level_word(written: str) -> str:
    """The level as a canonical word: "TP." → "thành phố"."""
    folded = fold_key(written).rstrip(".")
    return "thành phố" if folded == "tp" else folded


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    defaults: tuple[tuple[str, str], ...] = ()  # (level, place name), hashable so parses can be cached

    def place_for(self, level: str | None) -> str | None:
        if level is None or level == "trung ương":
            return None
        return next((place for lvl, place in self.defaults if lvl == level), None)


def canonical_place(name: str, lex: Lexicon, level: str | None = None) -> str:
    """The lexicon's spelling of a place ("Đăk Lăk" → "Đắk Lắk"), else the name as written."""
    entries = lex.places.get(fold_key(name), ())
    for entry in entries:
        if level is None or entry.level == level:
            return entry.canonical
    return entries[0].canonical if entries else name


def _province_of(name: str, lex: Lexicon) -> PlaceEntry | None:
    for entry in lex.places.get(fold_key(name), ()):
        if entry.parent is None:
            return entry
    return None


def jurisdiction(text: str, lex: Lexicon, pats: Patterns) -> Jurisdiction:
    counts: dict[str, Counter[str]] = {}
    for match in pats.place.finditer(text):
        found = _level_and_place(text[match.start() : match.start("name")], match.group("name"), lex)
        if found is not None:
            counts.setdefault(found[0], Counter())[found[1]] += 1
    for start, name in known_places_in(text, lex):
        before = fold_key(text[max(0, start - _COMMITTEE_WINDOW) : start])
        for committee, level in _PARTY_COMMITTEE_LEVEL.items():
            if before.endswith(committee):
                counts.setdefault(level, Counter())[canonical_place(name, lex)] += 1
        province = _province_of(name, lex)
        if province is not None:
            counts.setdefault(province.level, Counter())[province.canonical] += 0
    return Jurisdiction(tuple(sorted(_defaults(counts, lex).items())))


@memo.cached(16384)
def _level_and_place(level_written: str, name_written: str, lex: Lexicon) -> tuple[str, str] | None:
    """"huyện", "Chợ Mới Nguyễn Văn An" → ("huyện", "Chợ Mới"); None when no word names a place."""
    words = name_written.split()
    keep = lex.place_words(words)
    if not keep:
        return None
    level = level_word(level_written.strip())
    return level, canonical_place(" ".join(words[:keep]), lex, level)


_CAPWORD = r"\p{Lu}[\p{Ll}\p{M}]*"
_JOINER = r"(?: | - | – |-)"  # between the capitalised words of a run
_WORD = regex.compile(_CAPWORD)
# Runs of two words and more. Most runs are one word (a sentence's first word), and only a few
# places are one word: those are found by a pattern of their own (``_lone_places``).
_LONG_RUN = regex.compile(rf"{_CAPWORD}(?:{_JOINER}{_CAPWORD})+")


def known_places_in(text: str, lex: Lexicon) -> list[tuple[int, str]]:
    """Places of the lexicon written in the text (start offset, as written), in text order.

    A gazetteer lookup over runs of capitalised words, each distinct run looked up once:
    much faster than one big pattern. In a run, the longest place starting at a word wins.
    """
    found = [(m.start(), m.group()) for m in _lone_places(lex).finditer(text)]
    for run in _LONG_RUN.finditer(text):
        in_run = _places_in_run(run.group(), lex)
        if in_run:
            found += [(run.start() + offset, name) for offset, name in in_run]
    return sorted(found)


@functools.cache
def _lone_places(lex: Lexicon) -> regex.Pattern[str]:
    """A one-word place written as a run of its own: "Huế", not "Thừa Thiên Huế"."""
    words = [key[0].upper() + key[1:] for key in lex.places if regex.fullmatch(r"\p{Ll}[\p{Ll}\p{M}]*", key)]
    return regex.compile(
        rf"(?:{word_tree(words)})(?![\p{{Ll}}\p{{M}}])"  # the whole word (the tree first: a fast scan)
        rf"(?<!{_CAPWORD}{_JOINER}{_CAPWORD})(?!{_JOINER}\p{{Lu}})"  # no capitalised word joined before or after
    )


@memo.cached(65536)
def _places_in_run(run: str, lex: Lexicon) -> tuple[tuple[int, str], ...]:
    words = [(m.start(), m.end()) for m in _WORD.finditer(run)]
    found, i = [], 0
    while i < len(words):
        for j in range(min(len(words), i + 5), i, -1):
            name = run[words[i][0] : words[j - 1][1]]
            if fold_key(name) in lex.places:
                found.append((words[i][0], name))
                i = j - 1
                break
        i += 1
    return tuple(found)


def _defaults(counts: dict[str, Counter[str]], lex: Lexicon) -> dict[str, str]:
    defaults = {level: c.most_common(1)[0][0] for level, c in counts.items() if c}
    if "tỉnh" not in defaults:
        for level in ("thành phố", "huyện", "thị xã", "quận"):
            parent = _parent_province(defaults.get(level), level, lex)
            if parent:
                defaults["tỉnh"] = parent
                break
    return defaults


def _parent_province(name: str | None, level: str, lex: Lexicon) -> str | None:
    if name is None:
        return None
    for entry in lex.places.get(fold_key(name), ()):
        if entry.level == level and entry.parent:
            return entry.parent
    return None


@dataclass(frozen=True, slots=True)
class Unit:
    """The administrative unit a body's jurisdiction names, for the time of the article."""

    valid_from: str | None  # ISO dates from places.tsv
    valid_to: str | None
    period: str | None  # set when the same name meant different units over time (2025 mergers)

    def abolished_before(self, published: PartialDate | None) -> bool:
        return bool(self.valid_to and published and published.year and published.month and
                    published.iso()[: len(self.valid_to)] > self.valid_to)


_UNIT_LEVELS = {"tỉnh", "thành phố", "huyện", "quận", "thị xã"}


@memo.cached(65536)
def unit(level: str | None, place: str | None, published: PartialDate | None) -> Unit | None:
    """The unit ``level place`` names at the article's date, when the lexicon knows it.

    "tỉnh Thái Nguyên" before 2025-07-01 and after it are two provinces (the merger made a
    new one); their bodies get one IRI each. Without a date the earliest unit is assumed
    only when the name never changed.
    """
    if not level or not place or level not in _UNIT_LEVELS:
        return None
    entries = [e for e in lexicon.load().places.get(fold_key(place), ()) if e.level == level]
    spans = sorted({(e.valid_from, e.valid_to) for e in entries}, key=lambda s: (s[0] or date.min))
    if not spans:
        return None
    if len(spans) == 1:
        first, last = spans[0]
        return Unit(_iso(first), _iso(last), None)
    when = _as_date(published)
    chosen = next((s for s in spans if when and (s[0] or date.min) <= when <= (s[1] or date.max)), None)
    if chosen is None:
        return None
    return Unit(_iso(chosen[0]), _iso(chosen[1]), f"{_iso(chosen[0]) or ''}/{_iso(chosen[1]) or ''}")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _as_date(published: PartialDate | None) -> date | None:
    if published is None or published.year is None:
        return None
    return date(published.year, published.month or 1, published.day or 1)
