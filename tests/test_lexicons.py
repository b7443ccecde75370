"""The lexicon tables: every packaged table loads, and broken rows are refused with file:line."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kg import lexicon
from kg.errors import LexiconError

HEADERS = {
    "titles.tsv": "surface\tcanonical\trank\tneeds_body\timplied_body",
    "bodies.tsv": "surface\tcanonical\tkind\tlevel\tparent\tnamed_level",
    "places.tsv": "surface\tcanonical\tlevel\tparent\tvalid_from\tvalid_to",
}


def test_the_packaged_lexicon_loads(lex: lexicon.Lexicon) -> None:
    assert len(lex.titles) > 50 and len(lex.bodies) > 100 and len(lex.surnames) > 100
    assert {e.canonical for es in lex.places.values() for e in es if e.parent is None} >= {"Bắc Kạn", "Hà Nội"}
    assert lex.expand("PCT.HĐND") == "Phó Chủ tịch Hội đồng nhân dân"


def with_table(monkeypatch: pytest.MonkeyPatch, name: str, rows: list[str]) -> Callable[[], lexicon.Lexicon]:
    real = lexicon.read_file
    monkeypatch.setattr(lexicon, "read_file",
                        lambda file: "\n".join([HEADERS[name], *rows]) + "\n" if file == name else real(file))
    return lexicon.load.__wrapped__  # uncached: the broken table is read


NFD = "Bi\u0301 thư"  # "Bí thư" with its tone mark as a separate code point
BROKEN = {
    "not-nfc": ("titles.tsv", [f"{NFD}\tBí thư\t10\tyes\t"], f"titles.tsv:2: {NFD!r} is not normalised"),
    "new-tone-placement": ("titles.tsv", ["Uỷ viên\tỦy viên\t30\tyes\t"], "titles.tsv:2: 'Uỷ viên' is not normalised"),
    "duplicate": ("titles.tsv", ["Bí thư\tBí thư\t10\tyes\t", "bí thư\tBí thư\t10\tyes\t"],
                  "titles.tsv:3: duplicate entry 'bí thư'"),
    "bad-rank": ("titles.tsv", ["Bí thư\tBí thư\tten\tyes\t"], "titles.tsv:2: rank must be a whole number"),
    "unknown-kind": ("bodies.tsv", ["Tỉnh ủy\tTỉnh ủy\tCommittee\ttỉnh\t\tyes"],
                     "bodies.tsv:2: unknown kind 'Committee'"),
    "missing-parent": ("bodies.tsv", ["Vụ X\tVụ X\tDepartment\t\tVăn phòng Y\tno"],
                       "bodies.tsv: parent 'Văn phòng Y' of 'Vụ X' is not a body"),
    "missing-column": ("bodies.tsv", ["Tỉnh ủy\tTỉnh ủy\tPartyCommittee"], "bodies.tsv:2: expected 6"),
    "bad-date": ("places.tsv", ["Bắc Kạn\tBắc Kạn\ttỉnh\t\t\t2025-13-01"], "places.tsv:2: '2025-13-01' is not"),
    "parent-not-province": ("places.tsv", ["Chợ Mới\tChợ Mới\thuyện\tNơi Khác\t\t"],
                            "places.tsv: parent 'Nơi Khác' of 'Chợ Mới' is not a province"),
}


@pytest.mark.parametrize(("table", "rows", "message"), list(BROKEN.values()), ids=list(BROKEN))
def test_a_broken_row_is_refused_with_its_place(monkeypatch: pytest.MonkeyPatch, table: str, rows: list[str],
                                                message: str) -> None:
    load = with_table(monkeypatch, table, rows)
    with pytest.raises(LexiconError) as error:
        load()
    assert str(error.value).startswith(message)


def test_a_wrong_header_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon, "read_file", lambda file: "surface\tcanonical\n" if file == "titles.tsv" else "")
    with pytest.raises(LexiconError, match=r"^titles.tsv:1: header must be"):
        lexicon.load.__wrapped__()
