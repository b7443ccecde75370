"""Every compiled regular expression of the extractors, built from the lexicon.

Lexicon entries enter the patterns as lists written ``\\L<name>``, as in ``regex``'s named
lists: the longest entry at a position matches, and an entry needs no escaping. ``compile``
writes each list out as a tree of alternatives (one branch per next character), which the
engine walks several times faster than a named list.
Abbreviated spellings (HĐND, BTV, ĐBQH ...) are generated from ``abbreviations.tsv``
so the TSVs list each name once, in full.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import regex

from kg import lexicon
from kg.lexicon import Lexicon

L = r"[\p{L}\p{M}]"  # a letter (NFC text may still carry a stray combining mark)
NOT_LETTER_AFTER = rf"(?!{L})"
NOT_LETTER_BEFORE = rf"(?<!{L})"
CAPWORD = r"\p{Lu}[\p{Ll}\p{M}]*(?:'\p{L}[\p{Ll}\p{M}]*)?"
LEVEL_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường", "đặc khu")
LEVEL = rf"(?:(?i:{'|'.join(LEVEL_WORDS)})|TP\.?|Tp\.?)"
# Wards and districts are numbered: "phường Hà Giang 1" (since 2025), "Phường 5", "Quận 1". A
# number after a place's name, or alone after "phường" or "quận"; not a count ("3 năm") or a date.
_PLACE_NUMBER = (rf"\d{{1,2}}(?!\d|{L}|[/.,:]\d)"
                 r"(?![ \t]+(?i:năm|tháng|ngày|tuần|quý|lần|kỳ|khóa|người|hộ|giờ|phút|tỷ|triệu|nghìn|ngàn|%))")


def place_surfaces(lex: Lexicon) -> list[str]:
    """The places' names as written, but numbers ("Quận 1" is a district's name, "1" alone is
    not: see :func:`numbered`)."""
    return sorted({e.surface for es in lex.places.values() for e in es if not e.surface.isdigit()})


def numbered(name: str) -> str:
    """The pattern ``name`` of a place, maybe followed by its number; or a number alone after
    "phường" or "quận"."""
    return rf"(?:(?:{name})(?:[ \t]+{_PLACE_NUMBER})?|(?<=(?i:phường|quận)[ \t]+){_PLACE_NUMBER})"
QUALIFIER = (
    r"(?:\s*,?\s*\(?(?i:khóa|nhiệm kỳ)\s+(?:[IVXLC]+|\d+)"
    r"(?:\s*[-–]\s*\d{2,4})?\)?)"
)
# "Phó Trưởng Đoàn ĐBQH chuyên trách tỉnh": the post is a full-time one; the word stays in its label.
DUTY = r"(?:chuyên trách)"
RANKS = (
    "Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng", "Đại tá", "Thượng tá", "Trung tá",
    "Thiếu tá", "Đại úy", "Thượng úy", "Trung úy", "Thiếu úy",
)
# Degrees and callings written before a name, which make it a person's: "PGS.TS Nguyễn Văn Hùng"
# (the text reads "PGS. TS" once normalised), "ThS. Lê Thị Mai", "nhà báo Trần Văn Hòa".
DEGREES = ("GS", "PGS", "TS", "ThS", "TSKH", "BS", "KTS")
CALLINGS = ("nhà báo", "luật sư", "bác sĩ", "kỹ sư", "tiến sĩ", "thạc sĩ", "giáo sư", "phó giáo sư")
HONORIFIC_WORDS = ("đồng chí", "ông", "bà", "cử tri", "đại biểu", "đ/c")
HONORIFIC = rf"(?:(?i:{'|'.join(HONORIFIC_WORDS[:-1])})|Đ/c|đ/c|Đ/C)"
PLURAL_HONORIFIC = r"(?i:các\s+(?:đồng chí|ông|bà|vị))"
_ABBREVIATED = regex.compile(r"^[\p{Lu}Đ/]{2,}$")


def compile_lists(source: str, flags: int = 0, **lists: Iterable[str]) -> regex.Pattern[str]:
    r"""``regex.compile`` with each ``\L<name>`` of ``source`` written out as a tree of ``lists[name]``.

    >>> compile_lists(r"\L<w>!", w=["ban", "bang", "bí"]).pattern
    '(?:b(?:an(?:g)?|í))!'
    """
    for name, words in lists.items():
        source = source.replace(f"\\L<{name}>", f"(?:{word_tree(words)})")
    return regex.compile(source, flags)


def word_tree(words: Iterable[str], *, shortest: bool = False) -> str:
    """Alternatives for ``words`` factored by their common beginnings: the longest word
    matches first, or, with ``shortest``, any word that is enough to say one starts here.

    >>> word_tree(["ban", "bang", "bí"]), word_tree(["ban", "bang", "bí"], shortest=True)
    ('b(?:an(?:g)?|í)', 'b(?:an|í)')
    """
    tree: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in set(words):
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(tree, shortest)


def _branches(node: dict[str, dict], shortest: bool) -> str:  # type: ignore[type-arg]
    if shortest and "" in node:
        return ""
    parts = [re.escape(char) + _branches(child, shortest) for char, child in sorted(node.items()) if char]
    if not parts:
        return ""
    either = parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"
    return f"(?:{either})?" if "" in node else either


class Scanner:
    """A pattern tried only where one of its first words starts.

    The starts are found by a fast standard-library pattern (a prefix tree of the first
    words; lower case over the lower-cased text when the pattern ignores their case); the
    full pattern then runs there with ``match``. The matches are those of
    ``pattern.finditer``, found several times faster. Every scanned pattern begins a word
    (``NOT_LETTER_BEFORE``), so a start right after a letter is passed over: "ông" is not
    tried in "không".
    """

    __slots__ = ("pattern", "_starts", "_ignore_case")
    _lowered = ["", ""]  # the last text and its lower case, shared: every scanner reads the same texts

    def __init__(self, pattern: regex.Pattern[str], first_words: Iterable[str], *, ignore_case: bool) -> None:
        if not pattern.pattern.startswith(NOT_LETTER_BEFORE):
            raise ValueError(f"a scanned pattern must begin a word: {pattern.pattern[:40]!r}")
        self.pattern, self._ignore_case = pattern, ignore_case
        self._starts = re.compile(word_tree((w.lower() if ignore_case else w for w in first_words), shortest=True))

    def match(self, text: str, pos: int = 0) -> regex.Match[str] | None:
        return self.pattern.match(text, pos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match[str]]:
        end = len(text) if endpos is None else endpos
        lowered = self._lower(text)
        if lowered is None:  # a letter whose lower case is longer: offsets would differ
            yield from self.pattern.finditer(text, pos, end)
            return
        while (start := self._starts.search(lowered, pos, end)) is not None:
            at = start.start()
            if at and lowered[at - 1].isalpha():
                pos = at + 1
                continue
            found = self.pattern.match(text, at, end)
            if found is not None and found.end() > found.start():
                yield found
                pos = found.end()
            else:
                pos = at + 1

    def _lower(self, text: str) -> str | None:
        if not self._ignore_case:
            return text
        last = Scanner._lowered
        if last[0] is not text:
            last[:] = [text, text.lower()]
        lowered = last[1]
        return lowered if len(lowered) == len(text) else None


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity, for caches
class Patterns:
    title: Scanner  # one post: role, then the body chain
    body: Scanner  # a body named in running text ("Ban Thường vụ Tỉnh ủy")
    name: Scanner  # a personal name that starts with a known surname
    any_name: regex.Pattern[str]  # any run of capitalised words (after "đồng chí")
    honorific_before: regex.Pattern[str]  # ends right before a name or title
    place: Scanner  # a level word and a place: "huyện Chợ Mới", "TP. Bắc Kạn"
    short_reference: Scanner  # "Chủ tịch Định", "bà Phương": a title or honorific and a given name
    bare_title: Scanner  # "đồng chí Bí thư nhấn mạnh": an honorific and a title with no body or name after it
    event_trigger: Scanner
    role_trigger: Scanner


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
    """Every written form of every body name except "Báo" (a newspaper needs a place after it)."""
    return _surfaces([b.surface for b in lex.bodies.values() if b.surface != "Báo"], lex)


def sentence_case(name: str, lex: Lexicon) -> str:
    """``name`` as official style writes an organ's name: the first word and proper names capitalised.

    >>> sentence_case("Đoàn Đại biểu Quốc hội", lexicon.load()), sentence_case("Vụ Địa phương II", lexicon.load())
    ('Đoàn đại biểu Quốc hội', 'Vụ địa phương II')
    """
    words = name.split(" ")
    out, i = words[:1], 1
    while i < len(words):
        size = max((k for k in (1, 2, 3) if " ".join(words[i : i + k]) in lex.proper_words), default=0)
        out += words[i : i + size] if size else [words[i] if words[i].isupper() else words[i].lower()]
        i += size or 1
    return " ".join(out)


def _surfaces(entries: list[str], lex: Lexicon) -> list[str]:
    out: set[str] = set()
    for surface in entries:
        out |= abbreviated_forms(surface, lex) | {sentence_case(surface, lex)}
    out |= {form.replace(" - ", dash) for form in out if " - " in form for dash in (" – ", "-", "–")}
    return sorted(out)


def _title_pattern(lex: Lexicon) -> Scanner:
    roles = [t.surface for t in lex.titles.values()]
    role_abbr = [a for a, full in lex.abbreviations.items()
                 if _ABBREVIATED.match(a) and any(lex.expand(full).casefold().startswith(t) for t in lex.titles)]
    units = unit_surfaces(lex)
    unit = rf"(?:(?i:\L<units>){NOT_LETTER_AFTER}|Báo(?=[ \t]+\L<places>))"
    link = r"(?:[ \t]*\.[ \t]*|[ \t]+(?:của[ \t]+)?)"
    place = numbered(rf"\L<places>{NOT_LETTER_AFTER}|{CAPWORD}(?:[ \t]+{CAPWORD}){{0,5}}")
    chain = (
        rf"(?:{link}{unit}(?:[ \t]+(?:của[ \t]+)?{unit})*(?:{QUALIFIER})?(?:[ \t]+{DUTY})?"
        rf"(?:[ \t]+{LEVEL}(?:[ \t]+{place})?)?"
        rf"(?:[ \t]+\L<places>{NOT_LETTER_AFTER})?)"
    )
    pattern = (
        rf"{NOT_LETTER_BEFORE}(?P<former>(?i:nguyên)[ \t]+)?"
        rf"(?P<role>(?i:\L<roles>)|\L<role_abbr>){NOT_LETTER_AFTER}"
        rf"(?P<body>{chain})?(?P<qualifier>{QUALIFIER})?"
    )
    places = sorted(place_surfaces(lex), key=len, reverse=True)
    compiled = compile_lists(pattern, roles=roles, role_abbr=role_abbr, units=units, places=places)
    return Scanner(compiled, [*roles, *role_abbr, "nguyên"], ignore_case=True)


def _body_pattern(lex: Lexicon) -> Scanner:
    units = unit_surfaces(lex)
    unit = rf"(?:\L<units>{NOT_LETTER_AFTER}|Báo(?=[ \t]+\L<places>))"
    places = place_surfaces(lex)
    place = numbered(rf"\L<places>{NOT_LETTER_AFTER}")
    pattern = (
        rf"{NOT_LETTER_BEFORE}{unit}(?:[ \t]+{unit})*"
        rf"(?:[ \t]+{LEVEL}(?:[ \t]+{place})?)?(?:[ \t]+\L<places>{NOT_LETTER_AFTER})?"
    )
    return Scanner(compile_lists(pattern, units=units, places=places), [*units, "Báo"], ignore_case=False)


def _trigger(keys: list[str]) -> Scanner:
    # "dự" also starts dự kiến / dự toán / dự thảo ...: those are not attendance.
    not_du = r"(?!(?<=\bdự)\s+(?:kiến|toán|thảo|án|báo|khuyết|bị|trữ|phòng|thi|tính|định|đoán|ước))"
    not_neu = r"(?!(?<=\bnêu)\s+(?:trên|gương|cao|ra ở trên))"
    # "nói" (says), but not "lời nói", "tiếng nói" (a voice), "nói chung", "nói riêng" (generally ...).
    not_noi = r"(?<!\b(?i:lời|tiếng|câu|ăn)\s(?i:nói))(?!(?<=(?i:\bnói))\s+(?:chung|riêng|cách khác|gọn)\b)"
    # After "ban" a role word names a committee: Ban Chỉ đạo (a steering committee) directs nothing.
    not_ban = r"(?<!(?i:\bban)\s)"
    return Scanner(compile_lists(
        rf"{NOT_LETTER_BEFORE}{not_ban}(?i:\L<keys>){NOT_LETTER_AFTER}{not_du}{not_neu}{not_noi}", keys=keys
    ), keys, ignore_case=True)


def _bare_title(lex: Lexicon) -> Scanner:
    """An honorific and a title that needs a body, followed by neither a body nor a name
    ("đồng chí Bí thư nhấn mạnh"): a person of the article who holds such a post
    (:func:`kg.extract.resolve.references` says which)."""
    titles = sorted(t.surface for t in lex.titles.values() if t.needs_body)
    units = unit_surfaces(lex)
    return Scanner(compile_lists(
        rf"{NOT_LETTER_BEFORE}(?i:đồng chí|ông|bà)[ \t]+(?P<title>\L<titles>)(?=[ \t]+\p{{Ll}}){NOT_LETTER_AFTER}"
        rf"(?![ \t]+(?i:\L<units>|\L<levels>){NOT_LETTER_AFTER})",
        titles=titles, units=units, levels=list(LEVEL_WORDS),
    ), ["đồng chí", "ông", "bà"], ignore_case=True)


@functools.cache
def compiled() -> Patterns:
    """The patterns of the packaged lexicon, compiled once per process."""
    lex = lexicon.load()
    surnames = sorted(s for s in (w.title() for w in lex.surnames))
    places = place_surfaces(lex)
    roles = sorted({t.surface for t in lex.titles.values()})
    place_name = numbered(rf"\L<places>{NOT_LETTER_AFTER}|{CAPWORD}(?:[ \t]+{CAPWORD}){{0,3}}")
    return Patterns(
        title=_title_pattern(lex),
        body=_body_pattern(lex),
        name=Scanner(compile_lists(
            rf"{NOT_LETTER_BEFORE}\L<surnames>(?: {CAPWORD}){{1,4}}{NOT_LETTER_AFTER}",
            surnames=surnames,
        ), surnames, ignore_case=False),
        # One space between the words of a name: wider gaps are titles blanked out before.
        any_name=regex.compile(rf"{CAPWORD}(?: {CAPWORD}){{1,4}}{NOT_LETTER_AFTER}"),
        honorific_before=compile_lists(
            rf"{NOT_LETTER_BEFORE}(?:{PLURAL_HONORIFIC}|{HONORIFIC}|\L<ranks>|(?:\L<degrees>)\.?|(?i:\L<callings>))\s*$",
            ranks=list(RANKS), degrees=list(DEGREES), callings=list(CALLINGS),
        ),
        place=Scanner(compile_lists(
            rf"{NOT_LETTER_BEFORE}{LEVEL}[ \t]+"
            rf"(?P<name>{place_name})",
            places=places,
        ), [*LEVEL_WORDS, "tp"], ignore_case=True),
        short_reference=Scanner(compile_lists(
            rf"{NOT_LETTER_BEFORE}(?P<head>(?:\L<roles>)|{HONORIFIC})\s+(?P<given>{CAPWORD})(?!{L}|\s+\p{{Lu}})",
            roles=roles,
        ), [*roles, *HONORIFIC_WORDS], ignore_case=True),
        bare_title=_bare_title(lex),
        event_trigger=_trigger(list(lex.event_triggers)),
        role_trigger=_trigger(list(lex.role_triggers)),
    )
