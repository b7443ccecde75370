import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.normalize import fold_tones, normalize, sentences

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
