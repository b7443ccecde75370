"""The speed-ups of kg.patterns change no match: word trees and scanners against the plain forms."""

from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from kg import patterns
from kg.normalize import normalize
from kg.patterns import Scanner, compile_lists

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
WORDS = st.lists(st.text(alphabet="abBđ ", min_size=1, max_size=5), min_size=1, max_size=8)


@given(WORDS, st.text(alphabet="abBđ .", max_size=12))
def test_a_word_tree_matches_what_a_named_list_matches(words: list[str], text: str) -> None:
    tree = compile_lists(r"\L<w>", w=words)
    named = regex.compile(r"\L<w>", w=words)
    for pos in range(len(text) + 1):
        found, expected = tree.match(text, pos), named.match(text, pos)
        assert (found and found.span()) == (expected and expected.span())


@given(WORDS, st.text(alphabet="abBđ .", max_size=20))
def test_a_scanner_finds_what_its_pattern_finds(words: list[str], text: str) -> None:
    pattern = compile_lists(r"(?<!\w)(?i:\L<w>)(?!\w)", w=words)
    scanner = Scanner(pattern, words, ignore_case=True)
    assert [m.span() for m in scanner.finditer(text)] == [m.span() for m in pattern.finditer(text)]


def _texts() -> list[str]:
    files = sorted((ROOT / "kg" / "sample").glob("*.txt")) + sorted((ROOT / "tests" / "eval").rglob("*.txt"))
    files += sorted(SEEDS.glob("*")) if SEEDS.is_dir() else []
    return [normalize(f.read_text(encoding="utf-8")) for f in files]


@pytest.mark.parametrize("name", [f for f in patterns.Patterns.__dataclass_fields__
                                  if isinstance(getattr(patterns.compiled(), f), Scanner)])
def test_every_scanner_of_the_lexicon_matches_as_its_pattern_on_real_text(name: str) -> None:
    scanner = getattr(patterns.compiled(), name)
    for text in _texts():
        assert [m.span() for m in scanner.finditer(text)] == [m.span() for m in scanner.pattern.finditer(text)]
        middle = len(text) // 2
        assert ([m.span() for m in scanner.finditer(text, 10, middle)]
                == [m.span() for m in scanner.pattern.finditer(text, 10, middle)])
