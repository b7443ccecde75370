"""Normalise text once, at the door, and split it into sentences.

After ``normalize``: NFC; one tone-mark placement (the traditional one that official
texts use: "hòa", "ủy", "khỏe"); no control or zero-width characters; ``\\r\\n`` → ``\\n``;
runs of spaces and tabs → one space; no spaces at line ends; a space after an abbreviated
level word glued to its place ("TP.Hà Nội" → "TP. Hà Nội"). Every offset the
extractors record points into this normalised text.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Iterator, Sequence

import regex

from kg import memo
from kg.model import Span

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng (combining)


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _toned(bases: str) -> str:
    return "".join(_nfc(b + t) for b in bases for t in _TONES)


def _tone_moves() -> dict[str, str]:
    """Word-final "oà", "uỷ" ... (new style) → "òa", "ủy": the tone goes to the first vowel."""
    moves = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for f in (first, first.upper()):
            for s in (second, second.upper()):
                for tone in _TONES:
                    moves[f + _nfc(s + tone)] = _nfc(f + tone) + s
    return moves


_MOVES = _tone_moves()
# Worked on NFC text, where the pair is two characters: "qu" is a consonant, so "quý" keeps its mark.
_NEW_STYLE_TONE = regex.compile(
    rf"(?<![qQ])(?:[oO][{_toned('aAeE')}]|[uU][{_toned('yY')}])(?!\p{{L}}|\p{{M}})"
)
_INVISIBLE = regex.compile(r"[\p{Cc}\p{Cf}--[\n\t]]", flags=regex.V1)
# Only what is not already one plain space: a tab, another kind of space, or a run.
_SPACES = regex.compile(r"[[\t\p{Zs}]--[ ]][\t\p{Zs}]*| [\t\p{Zs}]+", flags=regex.V1)
_DASH_KEY = regex.compile(r"\s*[–—‐-]\s*")
_ABBREVIATION_GLUED = regex.compile(r"(?<![\p{L}\p{M}])((?:TP|Tp|TX|TT|Đ/c|đ/c)\.)(?=\p{Lu})")


def fold_tones(text: str) -> str:
    """Put tone marks in one place: ``fold_tones("Uỷ ban hoà giải") == "Ủy ban hòa giải"``.

    >>> fold_tones("Thành uỷ, hoà, khoẻ, quý")
    'Thành ủy, hòa, khỏe, quý'
    """
    return _NEW_STYLE_TONE.sub(lambda m: _MOVES[m.group()], _nfc(text))


def normalize(text: str) -> str:
    """The one normalisation applied to every article before extraction.

    >>> normalize("Ban  Thường vụ\\r\\nTỉnh uỷ\\u200b ")
    'Ban Thường vụ\\nTỉnh ủy'
    """
    text = _nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    plain = text.replace("\n", "").isprintable()  # no control, format or unusual space character
    text = fold_tones(text if plain else _INVISIBLE.sub("", text))
    if not plain or "  " in text:
        text = _SPACES.sub(" ", text)
    text = _ABBREVIATION_GLUED.sub(r"\1 ", text)  # "TP.Hà Nội" → "TP. Hà Nội"
    # Runs of spaces are single now: a space at a line's start or end is one character.
    return text.replace(" \n", "\n").replace("\n ", "\n").strip(" ")


@memo.cached(65536)
def fold_key(text: str) -> str:
    """A comparison key: normalised, lower case, single spaces, one kind of dash.

    >>> fold_key("Ban Kinh tế – Ngân sách"), fold_key("Thành  Uỷ")
    ('ban kinh tế - ngân sách', 'thành ủy')
    """
    if not text.isascii():
        text = normalize(text)
    return _DASH_KEY.sub(" - ", " ".join(text.casefold().split()))


# A sentence ends at . ! ? … (and at every line break) when what follows starts a
# new sentence; abbreviations such as "TP." or "Đ/c." do not end one.
_ABBREVIATIONS = ("TP", "Tp", "ThS", "TS", "PGS", "GS", "BS", "KS", "Th.S", "Đ/c", "đ/c", "St")
_SENTENCE_END = regex.compile(
    r"(?<!\b(?:" + "|".join(regex.escape(a) for a in _ABBREVIATIONS) + r"))"
    r"(?:[.!?…]+(?:[\"”’)]*)|\./\.)(?=\s+[\"“‘(]?[\p{Lu}\d])"
)


def sentences(text: str) -> Iterator[Span]:
    """Split into sentence spans (offsets into ``text``); line breaks always split.

    >>> [s.text for s in sentences("Sáng 5/12, TP. Bắc Kạn họp. Đồng chí A dự.\\nẢnh: B")]
    ['Sáng 5/12, TP. Bắc Kạn họp.', 'Đồng chí A dự.', 'Ảnh: B']
    """
    line_start = 0
    for line in text.split("\n"):
        start = 0
        for match in _SENTENCE_END.finditer(line):
            yield from _span(text, line_start + start, line_start + match.end())
            start = match.end()
        yield from _span(text, line_start + start, line_start + len(line))
        line_start += len(line) + 1


def sentence_at(sentences: Sequence[Span], start: int, end: int) -> Span | None:
    """The sentence (of ``sentences``, in text order) that holds the text from ``start`` to ``end``."""
    at = bisect_right(sentences, start, key=lambda s: s.start) - 1
    return sentences[at] if at >= 0 and end <= sentences[at].end else None


def _span(text: str, start: int, end: int) -> Iterator[Span]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield Span(start, end, text[start:end])
