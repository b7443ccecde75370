"""Ordinals: "lần thứ mười ba" → 13, "thứ 17" → 17, "lần thứ VII" → 7."""

from __future__ import annotations

import regex

from kg.extract.documents import NAMED_AFTER_EVENT

_UNITS = {"một": 1, "mốt": 1, "nhất": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6,
          "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
_WORD = r"(?:một|mốt|nhất|hai|ba|bốn|tư|năm|lăm|sáu|bảy|bẩy|tám|chín|mười|mươi)"
_NUMBER = rf"(?:\d{{1,3}}|[IVXLC]+(?!\w)|{_WORD}(?:\s+{_WORD}){{0,3}})"
ORDINAL = rf"(?i:(?:lần\s+)?thứ\s+{_NUMBER})"  # "lần thứ mười ba", "thứ 14", "thứ VII"
_ORDINAL = regex.compile(
    rf"^(?:(?!(?<!\w)(?:trước|sau|{NAMED_AFTER_EVENT})\s).){{0,60}}?(?<!\w)(?:lần\s+)?thứ\s+(?P<n>{_NUMBER})",
    flags=regex.IGNORECASE | regex.DOTALL,
)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def words_to_int(words: str) -> int | None:
    """ "mười ba" → 13, "hai mươi mốt" → 21, "mười" → 10.

    >>> words_to_int("mười ba"), words_to_int("hai mươi mốt"), words_to_int("bảy"), words_to_int("nhất")
    (13, 21, 7, 1)
    """
    total, current = 0, 0
    for word in words.lower().split():
        if word == "mười":
            current = 10 if current == 0 else current * 10
        elif word == "mươi":
            current = max(current, 1) * 10
        elif word in _UNITS:
            current += _UNITS[word]
        else:
            return None
    total += current
    return total or None


def roman_to_int(numeral: str) -> int:
    values = [_ROMAN[c] for c in numeral.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def ordinal_after(text: str) -> int | None:
    """The ordinal written shortly after an event word, if any; not that of an event it is before or
    after ("tiếp xúc cử tri trước Kỳ họp thứ 8"), nor of one a document is named after ("quán triệt
    Nghị quyết Hội nghị lần thứ 10").

    >>> ordinal_after(" (mở rộng) lần thứ mười ba để đánh giá"), ordinal_after(" lần thứ VII, nhiệm kỳ")
    (13, 7)
    """
    match = _ORDINAL.match(text)
    if match is None:
        return None
    value = match.group("n")
    if value.isdigit():
        return int(value)
    if regex.fullmatch(r"[IVXLC]+", value):
        return roman_to_int(value)
    return words_to_int(value)
