import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.normalize import fold_tones, normalize, sentence_at, sentences

CASES = [
    ("Uỷ ban", "Ủy ban"),
    ("Thành uỷ", "Thành ủy"),
    ("hoà bình", "hòa bình"),
    ("khoẻ mạnh", "khỏe mạnh"),
    ("Thuỷ", "Thủy"),
    ("quý, quỳ", "quý, quỳ"),  # "qu" is a consonant: the mark stays on y
    ("Hoàng", "Hoàng"),  # not word-final: nothing to move
    ("hoàn thành", "hoàn thành"),
    ("thuyền", "thuyền"),
    ("U\u0309y ban", "Ủy ban"),  # NFD input
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_fold_tones(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_spaces_and_invisible_characters() -> None:
    assert normalize("a\u00a0\u00a0b\t c\u200b\r\nd  \n") == "a b c\nd\n"


def test_sentences_keep_offsets_and_abbreviations() -> None:
    text = "Chiều 19/3, TP. Bắc Kạn họp. Đồng chí A phát biểu.\nẢnh: Quang cảnh"
    spans = list(sentences(text))
    assert [s.text for s in spans] == ["Chiều 19/3, TP. Bắc Kạn họp.", "Đồng chí A phát biểu.", "Ảnh: Quang cảnh"]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_sentence_at_is_the_sentence_that_holds_a_span() -> None:
    text = "  Sáng 5/12, TP. Bắc Kạn họp. Đồng chí A dự."
    first, second = spans = tuple(sentences(text))
    assert sentence_at(spans, text.index("Bắc"), text.index("họp")) == first
    assert sentence_at(spans, text.index("A dự"), len(text)) == second
    assert sentence_at(spans, text.index("họp"), text.index("A dự")) is None  # crosses the end of one
    assert sentence_at(spans, 0, 1) is None  # before the first


@given(st.text(alphabet="ab .!\n", max_size=40), st.integers(0, 40))
def test_sentence_at_agrees_with_a_scan(text: str, offset: int) -> None:
    spans = tuple(sentences(text))
    scanned = next((s for s in spans if s.start <= offset < s.end), None)
    assert sentence_at(spans, offset, offset + 1) == scanned


@given(st.text())
def test_normalize_is_idempotent_and_nfc(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert unicodedata.normalize("NFC", once) == once


@given(st.text(alphabet="aăâeêioôơuưyAOUQqhònóõọỏủýỳđ \n.", max_size=60))
def test_fold_tones_keeps_length(text: str) -> None:
    nfc = unicodedata.normalize("NFC", text)
    assert len(fold_tones(nfc)) == len(nfc)


@given(st.text(max_size=300))
def test_sentence_spans_point_into_text(text: str) -> None:
    text = normalize(text)
    for span in sentences(text):
        assert text[span.start : span.end] == span.text
        assert span.text.strip() == span.text


def test_a_glued_abbreviated_level_gets_its_space() -> None:
    assert normalize("UBND TP.Hà Nội và Đ/c.Lan") == "UBND TP. Hà Nội và Đ/c. Lan"


def _reference_fold(text: str) -> str:
    """The rule written the slow, obvious way: in NFD, a word-final o+a/e or u+y whose tone
    mark is the last mark of the word moves that mark to the first vowel."""
    out = unicodedata.normalize("NFD", text)
    pattern = re.compile(r"(?<![qQ])([oO])([aAeE])([\u0300\u0301\u0303\u0309\u0323])(?![^\W\d_]|[\u0300-\u036f])"
                         r"|(?<![qQ])([uU])([yY])([\u0300\u0301\u0303\u0309\u0323])(?![^\W\d_]|[\u0300-\u036f])")
    moved = pattern.sub(lambda m: (m[1] + m[3] + m[2]) if m[1] else (m[4] + m[6] + m[5]), out)
    return unicodedata.normalize("NFC", moved)


def test_a_word_with_two_marks_keeps_them() -> None:
    assert normalize("hoặc Hoặc HOẶC") == "hoặc Hoặc HOẶC"  # the dot below is not a tone to move


@given(st.text(alphabet="oOaAeEuUyYqQhcnt \u0300\u0301\u0303\u0309\u0323\u0302\u0306", max_size=30))
def test_fold_tones_follows_the_rule(text: str) -> None:
    assert fold_tones(text) == _reference_fold(text)
