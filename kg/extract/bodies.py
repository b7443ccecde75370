"""Bodies: parse a chain of body names into nested ``Body`` records.

"Ban Thường vụ Tỉnh ủy" is the Ban Thường vụ *of* the Tỉnh ủy: a chain is read
left to right, each unit belonging to the next; the last one takes the level word
and the place ("HĐND tỉnh Bắc Kạn"), written or, failing that, the article's default.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from kg import memo
from kg.extract.places import Jurisdiction, canonical_place, level_word
from kg.lexicon import BodyEntry, Lexicon
from kg.model import Body, Span
from kg.normalize import fold_key
from kg.patterns import (
    CAPWORD,
    DUTY,
    LEVEL,
    NOT_LETTER_AFTER,
    QUALIFIER,
    Patterns,
    compile_lists,
    numbered,
    place_surfaces,
    unit_surfaces,
)

_PARTY_KINDS = frozenset(
    {"PartyCommittee", "PartyStandingCommittee", "PartyInspectionCommission", "PartyAdvisoryBoard",
     "PartyOrganization"}
)
_INHERITING = _PARTY_KINDS - {"PartyOrganization"} | {"Department", "OtherBody"}


@dataclass(frozen=True, slots=True)
class Piece:
    kind: str  # unit, level, place, link (của), duty (chuyên trách)
    text: str  # as written
    display: str  # as it goes into a label: expanded, canonical case
    entry: BodyEntry | None = None


@functools.cache
def _piece_pattern(lex: Lexicon) -> regex.Pattern[str]:
    units = unit_surfaces(lex) + ["Báo"]
    places = place_surfaces(lex)
    place = numbered(rf"\L<places>{NOT_LETTER_AFTER}|{CAPWORD}(?:\s+{CAPWORD})*")
    return compile_lists(
        rf"\s*(?:(?P<q>{QUALIFIER})|(?P<unit>(?i:\L<units>){NOT_LETTER_AFTER})|(?P<duty>{DUTY})|(?P<level>{LEVEL})"
        rf"|(?P<place>{place})|(?P<link>\.|của))",
        units=units,
        places=places,
    )


def pieces(chain: str, lex: Lexicon) -> list[Piece]:
    """Split a body chain as matched in text into units, level, place and qualifiers."""
    return list(_pieces(chain, lex))


@memo.cached(16384)
def _pieces(chain: str, lex: Lexicon) -> tuple[Piece, ...]:
    out: list[Piece] = []
    pos = 0
    pattern = _piece_pattern(lex)
    while pos < len(chain):
        match = pattern.match(chain, pos)
        if match is None or match.end() == pos:
            break
        pos = match.end()
        out.extend(_piece(match, lex, out))
    return tuple(out)


def _piece(match: regex.Match[str], lex: Lexicon, before: list[Piece]) -> Iterator[Piece]:
    if match.group("unit"):
        written = match.group("unit")
        entry = lex.bodies[fold_key(lex.expand(written))]
        dash = next((d for d in "–—" if d in written), None)
        display = entry.surface.replace(" - ", f" {dash} ") if dash else entry.surface
        yield Piece("unit", written, display, entry)
    elif match.group("level"):
        yield Piece("level", match.group("level"), level_word(match.group("level")))
    elif match.group("duty"):
        yield Piece("duty", match.group("duty"), match.group("duty"))
    elif match.group("link") == "của":
        yield Piece("link", "của", "của")
    elif match.group("place"):
        level = next((p.display for p in reversed(before) if p.kind == "level"), None)
        yield Piece("place", match.group("place"), canonical_place(match.group("place"), lex, level))


def chain_body(parts: list[Piece], lex: Lexicon, juris: Jurisdiction) -> Body | None:
    """The innermost body of a chain, with its parents; None when it names no unit."""
    units = [p for p in parts if p.kind == "unit" and p.entry is not None]
    if not units:
        return None
    level = next((p.display for p in parts if p.kind == "level"), None)
    place = next((p.display for p in parts if p.kind == "place"), None)
    outer = units[-1].entry
    assert outer is not None
    level = level or outer.level
    place = place or juris.place_for(level)
    body = _outer_body(outer, level, place, lex, single=len(units) == 1, written=units[-1].display)
    for unit in reversed(units[:-1]):
        assert unit.entry is not None
        body = _inner_body(unit.entry, body)
    return body


def _suffix(entry: BodyEntry, level: str | None, place: str | None) -> str:
    words = []
    if level and level != "trung ương" and not entry.named_level:
        words.append(level)
    if place and level != "trung ương":
        words.append(place)
    return " ".join(words)


def _outer_body(entry: BodyEntry, level: str | None, place: str | None, lex: Lexicon,
                *, single: bool, written: str) -> Body:
    name = entry.canonical if single else written
    label = " ".join(w for w in (name, _suffix(entry, level, place)) if w)
    parent = static_body(entry.parent, lex) if entry.parent else None
    if level == "trung ương" or entry.level == "trung ương":
        place = None
    return Body(label, entry.kind, level, place, parent)


def _inner_body(entry: BodyEntry, parent: Body) -> Body:
    kind = entry.kind
    if kind in _INHERITING and parent.kind not in _PARTY_KINDS:
        kind = parent.kind
    elif kind in ("Department", "OtherBody") and parent.kind in _PARTY_KINDS:
        kind = "PartyAdvisoryBoard"
    return Body(f"{entry.surface} {parent.label}", kind, parent.level, parent.place, parent)


def static_body(canonical: str, lex: Lexicon) -> Body:
    """A body known to the lexicon by its canonical name (central bodies, mostly)."""
    entry = lex.bodies[fold_key(canonical)]
    parent = static_body(entry.parent, lex) if entry.parent else None
    return Body(entry.canonical, entry.kind, entry.level, None, parent)


@memo.cached(16384)
def _body_named(written: str, lex: Lexicon, juris: Jurisdiction) -> Body | None:
    """The body a chain names (cached: the same bodies recur in every article of a province)."""
    return chain_body(pieces(written, lex), lex, juris)


def bodies_in(text: str, lex: Lexicon, pats: Patterns, juris: Jurisdiction) -> Iterator[tuple[Span, Body]]:
    """Bodies named in running text (capitalised, as news writes them)."""
    for match in pats.body.finditer(text):
        body = _body_named(match.group(), lex, juris)
        if body is not None:
            yield Span(match.start(), match.end(), match.group()), body
