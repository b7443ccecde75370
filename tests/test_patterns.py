"""The speed-ups change no match: word trees, scanners and the extractors' short cuts against the plain forms."""

from pathlib import Path

import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st

from kg import lexicon, patterns
from kg.extract import dates, people, places
from kg.normalize import fold_key, normalize
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


# A digit and a combining mark: neither is a letter, only the mark stops a word after it.
@given(WORDS, st.text(alphabet="abBđ .2\u0301", max_size=20))
@example(["ông"], "không ông")
def test_a_scanner_finds_what_its_pattern_finds(words: list[str], text: str) -> None:
    pattern = compile_lists(rf"{patterns.NOT_LETTER_BEFORE}(?i:\L<w>){patterns.NOT_LETTER_AFTER}", w=words)
    scanner = Scanner(pattern, words, ignore_case=True)
    assert [m.span() for m in scanner.finditer(text)] == [m.span() for m in pattern.finditer(text)]


def test_a_scanner_takes_only_a_pattern_that_begins_a_word() -> None:
    with pytest.raises(ValueError, match="must begin a word"):
        Scanner(compile_lists(r"(?i:\L<w>)", w=["ông"]), ["ông"], ignore_case=True)


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


# The extractors' own short cuts, against the plain forms they replace.

_RUN = regex.compile(r"\p{Lu}[\p{Ll}\p{M}]*(?:(?: | - | – |-)\p{Lu}[\p{Ll}\p{M}]*)*")


def _places_by_runs(text: str) -> list[tuple[int, str]]:
    """Every run of capitalised words, and in each the longest place (of up to five words) at each word."""
    lex, found = lexicon.load(), []
    for run in _RUN.finditer(text):
        words = list(regex.finditer(r"\p{Lu}[\p{Ll}\p{M}]*", run.group()))
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + 5), i, -1):
                name = run.group()[words[i].start() : words[j - 1].end()]
                if fold_key(name) in lex.places:
                    found.append((run.start() + words[i].start(), name))
                    i = j - 1
                    break
            i += 1
    return found


PLACE_TOKENS = ["Huế", "Vinh", "Thừa Thiên Huế", "Hà Nội", "Nghệ An", "Bắc", "Kạn", "huế", "VINH", "Kbang",
                "K'Bang", "Ông", "x", " ", " - ", " – ", "-", "–", ", ", "."]


@given(st.lists(st.sampled_from(PLACE_TOKENS), max_size=12))
def test_known_places_are_those_of_each_run_of_capitalised_words(tokens: list[str]) -> None:
    text = "".join(tokens)
    assert places.known_places_in(text, lexicon.load()) == _places_by_runs(text)


def test_known_places_in_real_text_are_those_of_each_run() -> None:
    for text in _texts():
        assert places.known_places_in(text, lexicon.load()) == _places_by_runs(text)


_DATE_CANDIDATE = regex.compile(r"\d{1,2}\s*[/.\-]\s*\d{1,2}|(?i:tháng)\s+\d")


@given(st.lists(st.sampled_from(["1", "12", "123", "/", ".", "-", " ", "tháng", "Tháng", "THÁNG", "x"]), max_size=14),
       st.integers(0, 6))
@example(["tháng", " ", "12", "/", "3"], 0)  # "tháng 1" first: the pair "12/3" overlaps it, "2/3" does not
def test_date_candidates_are_those_of_the_one_alternation(tokens: list[str], start: int) -> None:
    text = "".join(tokens)
    assert ([m.span() for m in dates._candidates(text, start, len(text))]
            == [m.span() for m in _DATE_CANDIDATE.finditer(text, start, len(text))])


@given(st.text(alphabet="ab \n", max_size=30), st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=6))
def test_masking_blanks_every_span_even_overlapping_ones(text: str, spans: list[tuple[int, int]]) -> None:
    spans = [(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in spans]
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    assert people.mask(text, spans) == "".join(chars)
