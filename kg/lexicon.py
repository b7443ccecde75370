"""Load and check the Vietnamese lexicons in ``kg/lexicons/vi/*.tsv``.

Each file is UTF-8 TSV with a header row (columns and sources: ``lexicons/vi/README.md``).
Rows are checked when loaded: text already normalised (NFC, one tone placement),
no duplicate keys, known kinds, parents that exist. A broken row raises
``LexiconError("bodies.tsv:42: ...")``.
"""

from __future__ import annotations

import csv
import functools
import hashlib
from collections.abc import Container, Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources

from kg import memo
from kg.errors import LexiconError
from kg.model import ROLES
from kg.normalize import fold_key, normalize

BODY_KINDS = frozenset(
    [
        "PartyOrganization", "PartyCommittee", "PartyStandingCommittee", "PartyInspectionCommission",
        "PartyAdvisoryBoard", "PeoplesCouncil", "PeoplesCommittee", "NationalAssembly", "NationalAssemblyDelegation",
        "Government", "Ministry", "Department", "FatherlandFront", "MassOrganization", "SecurityForce", "Court",
        "Procuracy", "PressAgency", "OtherBody",
    ]
)
EVENT_KINDS = frozenset(
    ["Conference", "Session", "WorkingSession", "Congress", "VoterMeeting", "Ceremony", "Meeting", "Event"]
)
LEVELS = frozenset(
    ["trung ương", "tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "đặc khu"]
)


@dataclass(frozen=True, slots=True)
class TitleEntry:
    surface: str
    canonical: str  # the role: "Phó Bí thư Thường trực"
    rank: int  # smaller is more senior
    needs_body: bool
    implied_body: str | None  # "Thủ tướng" → "Chính phủ"


@dataclass(frozen=True, slots=True)
class BodyEntry:
    surface: str
    canonical: str
    kind: str
    level: str | None  # fixed by the name ("Tỉnh ủy" → tỉnh), else None
    parent: str | None
    named_level: bool  # the level is part of the name: "Tỉnh ủy", not "Hội đồng nhân dân tỉnh"


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    surface: str
    canonical: str
    level: str
    parent: str | None
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity
class Lexicon:
    titles: dict[str, TitleEntry]  # fold_key(surface) → entry
    bodies: dict[str, BodyEntry]  # fold_key(surface) → entry
    abbreviations: dict[str, str]  # abbreviation as written → expansion
    places: dict[str, tuple[PlaceEntry, ...]]  # fold_key(surface) → entries
    surnames: frozenset[str]
    not_people: frozenset[str]  # folded names that look like people but are not (streets, schools)
    event_triggers: dict[str, str]  # fold_key(surface) → event kind
    role_triggers: dict[str, str]  # fold_key(surface) → role
    proper_words: frozenset[str]  # names kept capitalised inside an organ's name ("Quốc hội")
    version: str  # short hash of every file, recorded in the build's provenance

    def place_words(self, words: list[str]) -> int:
        """How many of ``words`` (capitalised, after a level word) name the place.

        The rest, if any, is a personal name: "xã Cao Kỳ Nguyễn Văn An" → 2. When the place
        is left out ("Phó Chủ tịch UBND tỉnh Thào Văn Sềnh") it is 0: three or four words
        that read as a name (a surname, or "Văn"/"Thị" second) and are not a known place.
        """
        if self.reads_as_name(words) and not self._place_prefix(words):
            return 0
        for k in range(1, len(words) - 1):
            if words[k].casefold() in self.surnames and 2 <= len(words) - k <= 4:
                return k
        return len(words)

    def reads_as_name(self, words: list[str]) -> bool:
        if not 3 <= len(words) <= 4 or " ".join(words).casefold() in self.not_people:
            return False
        return words[0].casefold() in self.surnames or words[1] in ("Văn", "Thị")

    def _place_prefix(self, words: list[str]) -> bool:
        return any(" ".join(words[:k]).casefold() in self.places for k in range(1, len(words) + 1))

    def expand(self, text: str) -> str:
        """Expand the abbreviations of a title or body name, word by word (cached: names repeat)."""
        return _expand(self, text)


@memo.cached(65536)
def _expand(lex: Lexicon, text: str) -> str:
    words = text.replace(".", ". ").split()
    for _ in range(2):  # "TUV" → "Tỉnh ủy viên" → "Ủy viên Ban Chấp hành Đảng bộ tỉnh"
        words = " ".join(lex.abbreviations.get(w.rstrip("."), w) for w in words).split()
    expanded = " ".join(words)
    folded = expanded.casefold()
    for abbr, full in lex.abbreviations.items():
        if " " in abbr and abbr.casefold() in folded:
            start = folded.index(abbr.casefold())
            expanded = expanded[:start] + full + expanded[start + len(abbr) :]
            folded = expanded.casefold()
    return expanded.replace(" .", "").replace(". ", " ").strip(" .")


def read_file(name: str) -> str:
    """The text of one packaged lexicon file."""
    return resources.files("kg").joinpath("lexicons/vi", name).read_text(encoding="utf-8")


def _rows(name: str, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    text = read_file(name)
    reader = csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    if tuple(reader.fieldnames or ()) != columns:
        raise LexiconError(f"{name}:1: header must be {'|'.join(columns)}, got {reader.fieldnames}")
    for number, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            raise LexiconError(f"{name}:{number}: expected {len(columns)} tab-separated columns")
        for value in row.values():
            if value != normalize(value).strip():
                raise LexiconError(f"{name}:{number}: {value!r} is not normalised (NFC, ủy/hòa)")
        yield number, row


def _unique(name: str, number: int, seen: Container[object], key: object) -> None:
    if key in seen:
        raise LexiconError(f"{name}:{number}: duplicate entry {key!r}")


def _check(name: str, number: int, ok: bool, problem: str) -> None:
    if not ok:
        raise LexiconError(f"{name}:{number}: {problem}")


def _titles() -> dict[str, TitleEntry]:
    out: dict[str, TitleEntry] = {}
    columns = ("surface", "canonical", "rank", "needs_body", "implied_body")
    for n, row in _rows("titles.tsv", columns):
        _unique("titles.tsv", n, out, fold_key(row["surface"]))
        _check("titles.tsv", n, row["rank"].isdigit(), "rank must be a whole number")
        _check("titles.tsv", n, row["needs_body"] in ("yes", "no"), "needs_body is yes or no")
        out[fold_key(row["surface"])] = TitleEntry(
            row["surface"], row["canonical"], int(row["rank"]), row["needs_body"] == "yes",
            row["implied_body"] or None,
        )
    return out


def _bodies() -> dict[str, BodyEntry]:
    out: dict[str, BodyEntry] = {}
    columns = ("surface", "canonical", "kind", "level", "parent", "named_level")
    for n, row in _rows("bodies.tsv", columns):
        _unique("bodies.tsv", n, out, fold_key(row["surface"]))
        _check("bodies.tsv", n, row["kind"] in BODY_KINDS, f"unknown kind {row['kind']!r}")
        _check("bodies.tsv", n, row["level"] in LEVELS | {""}, f"unknown level {row['level']!r}")
        out[fold_key(row["surface"])] = BodyEntry(
            row["surface"], row["canonical"], row["kind"], row["level"] or None,
            row["parent"] or None, row["named_level"] == "yes",
        )
    canonicals = {fold_key(e.canonical) for e in out.values()}
    for entry in out.values():
        if entry.parent and fold_key(entry.parent) not in canonicals:
            raise LexiconError(f"bodies.tsv: parent {entry.parent!r} of {entry.surface!r} is not a body")
    return out


def _date(name: str, number: int, value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise LexiconError(f"{name}:{number}: {value!r} is not a YYYY-MM-DD date") from None


def _places() -> dict[str, tuple[PlaceEntry, ...]]:
    out: dict[str, list[PlaceEntry]] = {}
    seen: set[object] = set()
    columns = ("surface", "canonical", "level", "parent", "valid_from", "valid_to")
    for n, row in _rows("places.tsv", columns):
        _check("places.tsv", n, row["level"] in LEVELS, f"unknown level {row['level']!r}")
        key = (row["surface"], row["level"], row["parent"], row["valid_from"])
        _unique("places.tsv", n, seen, key)
        seen.add(key)
        entry = PlaceEntry(
            row["surface"], row["canonical"], row["level"], row["parent"] or None,
            _date("places.tsv", n, row["valid_from"]), _date("places.tsv", n, row["valid_to"]),
        )
        out.setdefault(fold_key(row["surface"]), []).append(entry)
    tops = {fold_key(e.canonical) for es in out.values() for e in es if e.parent is None}
    for entries in out.values():
        for e in entries:
            if e.parent and fold_key(e.parent) not in tops:
                raise LexiconError(f"places.tsv: parent {e.parent!r} of {e.surface!r} is not a province")
    return {k: tuple(v) for k, v in out.items()}


def _simple(name: str, columns: tuple[str, str], allowed: frozenset[str] | None,
            *, folded: bool = True) -> dict[str, str]:
    """A two-column table as a dict; keys folded (case, dashes) unless they are kept as written."""
    out: dict[str, str] = {}
    for n, row in _rows(name, columns):
        key, value = row[columns[0]], row[columns[1]]
        key = fold_key(key) if folded else key
        _unique(name, n, out, key)
        _check(name, n, allowed is None or value in allowed, f"unknown {columns[1]} {value!r}")
        out[key] = value
    return out


def _version() -> str:
    digest = hashlib.sha256()
    folder = resources.files("kg").joinpath("lexicons/vi")
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".tsv"):
            digest.update(item.name.encode() + item.read_bytes())
    return digest.hexdigest()[:12]


@functools.cache
def load() -> Lexicon:
    """The packaged lexicon, loaded and checked once per process."""
    return Lexicon(
        titles=_titles(),
        bodies=_bodies(),
        abbreviations=_simple("abbreviations.tsv", ("abbr", "expansion"), None, folded=False),  # "CT" ≠ "ct"
        places=_places(),
        surnames=frozenset(_simple("surnames.tsv", ("surname", "note"), None)),
        not_people=frozenset(_simple("not_people.tsv", ("name", "note"), None)),
        event_triggers=_simple("events.tsv", ("surface", "kind"), EVENT_KINDS),
        role_triggers=_simple("roles.tsv", ("surface", "role"), frozenset(ROLES)),
        proper_words=frozenset(_simple("proper_words.tsv", ("words", "note"), None, folded=False)),
        version=_version(),
    )
