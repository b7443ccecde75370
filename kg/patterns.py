"""Every compiled regular expression of the extractors, built from the lexicon.

Lexicon entries enter the patterns as ``regex`` named lists (``\\L<name>``): a named
list matches its longest entry at a position and needs no escaping or ordering.
Abbreviated spellings (HĐND, BTV, ĐBQH ...) are generated from ``abbreviations.tsv``
so the TSVs list each name once, in full.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from kg import lexicon
from kg.lexicon import Lexicon

L = r"[\p{L}\p{M}]"  # a letter (NFC text may still carry a stray combining mark)
NOT_LETTER_AFTER = rf"(?!{L})"
NOT_LETTER_BEFORE = rf"(?<!{L})"
CAPWORD = r"\p{Lu}[\p{Ll}\p{M}]*(?:'\p{L}[\p{Ll}\p{M}]*)?"
LEVEL = r"(?:(?i:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường|đặc khu)|TP\.?|Tp\.?)"
QUALIFIER = (
    r"(?:\s*,?\s*\(?(?i:khóa|nhiệm kỳ)\s+(?:[IVXLC]+|\d+)"
    r"(?:\s*[-–]\s*\d{2,4})?\)?)"
)
RANKS = (
    "Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng", "Đại tá", "Thượng tá", "Trung tá",
    "Thiếu tá", "Đại úy", "Thượng úy", "Trung úy", "Thiếu úy",
)
HONORIFIC = r"(?:(?i:đồng chí|ông|bà|cử tri|đại biểu)|Đ/c|đ/c|Đ/C)"
PLURAL_HONORIFIC = r"(?i:các\s+(?:đồng chí|ông|bà|vị))"
_ABBREVIATED = regex.compile(r"^[\p{Lu}Đ/]{2,}$")


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity, for caches
class Patterns:
    title: regex.Pattern[str]  # one post: role, then the body chain
    body: regex.Pattern[str]  # a body named in running text ("Ban Thường vụ Tỉnh ủy")
    name: regex.Pattern[str]  # a personal name that starts with a known surname
    any_name: regex.Pattern[str]  # any run of capitalised words (after "đồng chí")
    honorific_before: regex.Pattern[str]  # ends right before a name or title
    place: regex.Pattern[str]  # a level word and a place: "huyện Chợ Mới", "TP. Bắc Kạn"
    short_reference: regex.Pattern[str]  # "Chủ tịch Định", "bà Phương": a title or honorific and a given name
    event_trigger: regex.Pattern[str]
    role_trigger: regex.Pattern[str]


def abbreviated_forms(name: str, lex: Lexicon) -> set[str]:
    """Every way ``name`` is written with the lexicon's abbreviations.

    >>> sorted(abbreviated_forms("Đoàn Đại biểu Quốc hội", lexicon.load()))
    ['Đoàn ĐBQH', 'Đoàn Đại biểu Quốc hội']
    """
    forms = {name}
    for abbr, full in lex.abbreviations.items():
        if " " in full and _ABBREVIATED.match(abbr):
            forms |= {f.replace(full, abbr) for f in forms if full in f}
    return forms


def unit_surfaces(lex: Lexicon) -> list[str]:
    """Every written form of every body name except newspapers ("Báo" needs a place after it)."""
    return _surfaces([b.surface for b in lex.bodies.values() if b.kind != "PressAgency"], lex)


def _surfaces(entries: list[str], lex: Lexicon) -> list[str]:
    out: set[str] = set()
    for surface in entries:
        out |= abbreviated_forms(surface, lex)
    out |= {form.replace(" - ", dash) for form in out if " - " in form for dash in (" – ", "-", "–")}
    return sorted(out)


def _title_pattern(lex: Lexicon) -> regex.Pattern[str]:
    roles = [t.surface for t in lex.titles.values()]
    role_abbr = [a for a, full in lex.abbreviations.items()
                 if _ABBREVIATED.match(a) and any(lex.expand(full).casefold().startswith(t) for t in lex.titles)]
    units = unit_surfaces(lex)
    unit = rf"(?:(?i:\L<units>){NOT_LETTER_AFTER}|Báo(?=[ \t]+\L<places>))"
    link = r"(?:[ \t]*\.[ \t]*|[ \t]+(?:của[ \t]+)?)"
    chain = (
        rf"(?:{link}{unit}(?:[ \t]+(?:của[ \t]+)?{unit})*(?:{QUALIFIER})?"
        rf"(?:[ \t]+{LEVEL}(?:[ \t]+(?:\L<places>{NOT_LETTER_AFTER}|{CAPWORD}(?:[ \t]+{CAPWORD}){{0,5}}))?)?"
        rf"(?:[ \t]+\L<places>{NOT_LETTER_AFTER})?)"
    )
    pattern = (
        rf"{NOT_LETTER_BEFORE}(?P<former>(?i:nguyên)[ \t]+)?"
        rf"(?P<role>(?i:\L<roles>)|\L<role_abbr>){NOT_LETTER_AFTER}"
        rf"(?P<body>{chain})?(?P<qualifier>{QUALIFIER})?"
    )
    places = sorted({e.surface for es in lex.places.values() for e in es}, key=len, reverse=True)
    return regex.compile(pattern, roles=roles, role_abbr=sorted(set(role_abbr)), units=units,
                         places=places)


def _body_pattern(lex: Lexicon) -> regex.Pattern[str]:
    units = unit_surfaces(lex)
    unit = rf"(?:\L<units>{NOT_LETTER_AFTER}|Báo(?=[ \t]+\L<places>))"
    places = sorted({e.surface for es in lex.places.values() for e in es})
    pattern = (
        rf"{NOT_LETTER_BEFORE}{unit}(?:[ \t]+{unit})*"
        rf"(?:[ \t]+{LEVEL}(?:[ \t]+\L<places>{NOT_LETTER_AFTER})?)?(?:[ \t]+\L<places>{NOT_LETTER_AFTER})?"
    )
    return regex.compile(pattern, units=units, places=places)


def _trigger(keys: list[str]) -> regex.Pattern[str]:
    # "dự" also starts dự kiến / dự toán / dự thảo ...: those are not attendance.
    not_du = r"(?!(?<=\bdự)\s+(?:kiến|toán|thảo|án|báo|khuyết|bị|trữ|phòng|thi|tính|định|đoán|ước))"
    not_neu = r"(?!(?<=\bnêu)\s+(?:trên|gương|cao|ra ở trên))"
    return regex.compile(
        rf"{NOT_LETTER_BEFORE}(?i:\L<keys>){NOT_LETTER_AFTER}{not_du}{not_neu}", keys=keys
    )


@functools.cache
def compiled() -> Patterns:
    """The patterns of the packaged lexicon, compiled once per process."""
    lex = lexicon.load()
    surnames = sorted(s for s in (w.title() for w in lex.surnames))
    places = sorted({e.surface for es in lex.places.values() for e in es})
    return Patterns(
        title=_title_pattern(lex),
        body=_body_pattern(lex),
        name=regex.compile(
            rf"{NOT_LETTER_BEFORE}\L<surnames>(?: {CAPWORD}){{1,4}}{NOT_LETTER_AFTER}",
            surnames=surnames,
        ),
        # One space between the words of a name: wider gaps are titles blanked out before.
        any_name=regex.compile(rf"{CAPWORD}(?: {CAPWORD}){{1,4}}{NOT_LETTER_AFTER}"),
        honorific_before=regex.compile(
            rf"{NOT_LETTER_BEFORE}(?:{PLURAL_HONORIFIC}|{HONORIFIC}|\L<ranks>)\s*$", ranks=list(RANKS)
        ),
        place=regex.compile(
            rf"{NOT_LETTER_BEFORE}{LEVEL}[ \t]+"
            rf"(?P<name>\L<places>{NOT_LETTER_AFTER}|{CAPWORD}(?:[ \t]+{CAPWORD}){{0,3}})",
            places=places,
        ),
        short_reference=regex.compile(
            rf"{NOT_LETTER_BEFORE}(?P<head>(?:\L<roles>)|{HONORIFIC})\s+(?P<given>{CAPWORD})(?!{L}|\s+\p{{Lu}})",
            roles=sorted({t.surface for t in lex.titles.values()}),
        ),
        event_trigger=_trigger(list(lex.event_triggers)),
        role_trigger=_trigger(list(lex.role_triggers)),
    )
