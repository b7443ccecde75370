"""Dates as Vietnamese news writes them, completed from the article where it is sure.

"Chiều ngày 26/6/2023", "Sáng 05/12", "25-6", "ngày 14/8 đến 15/8/2015",
"ngày 26 tháng 6 năm 2023", "tháng 6 năm 2023", "tháng 6/2023", "hai ngày 10 và 11/7". A day and month
with no year take the publication year (the year before, when the month is later
than publication), else the year of a full date elsewhere in the article, else none
(an ``xsd:gMonthDay``). A bare "d/m" counts only after "ngày", "sáng", "chiều", "hôm nay," ...
or in brackets, so ratios such as "38/44" are not dates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from kg.model import PartialDate, Span

_ANCHOR = r"(?i:(?:sáng|chiều|tối|trưa|đêm|hôm nay|hôm qua)(?:\s+(?:ngày|nay|qua|mai))?|ngày|hôm)"
_DM = r"(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})"
_Y = r"(?P<y>(?:19|20)\d{2})"
_DATE = regex.compile(
    rf"(?P<anchor0>{_ANCHOR}|(?i:từ)|\()\s*(?P<d0>\d{{1,2}})\s*(?:và|,|-|–|đến)\s*\d{{1,2}}\s*/\s*(?P<m0>\d{{1,2}})"
    rf"(?:\s*/\s*(?P<y0>(?:19|20)\d{{2}}))?"
    rf"|(?:(?P<anchor>{_ANCHOR})\s+|(?P<paren>\()|(?P<today>(?i:hôm nay|hôm qua))\s*,\s*)?"
    rf"{_DM}(?:\s*[/.\-]\s*{_Y})?(?!\d|\s*[/.\-]\s*\d)"
    rf"(?P<range>\s*(?:đến|và|-|–)\s*(?:ngày\s+)?\d{{1,2}}\s*[/.\-]\s*\d{{1,2}}\s*[/.\-]\s*(?P<y2>(?:19|20)\d{{2}}))?"
    rf"|(?i:ngày)\s+(?P<d3>\d{{1,2}})\s+(?i:tháng)\s+(?P<m3>\d{{1,2}})(?:\s+(?i:năm)\s+(?P<y3>(?:19|20)\d{{2}}))?"
    rf"|(?i:tháng)\s+(?P<m4>\d{{1,2}})(?:\s+(?i:năm)\s+|\s*/\s*)(?P<y4>(?:19|20)\d{{2}})"
)


@dataclass(frozen=True, slots=True)
class DateMention:
    span: Span
    date: PartialDate  # as written: the year may be None


# Every date has a day/month pair or "tháng N": the full pattern is tried only around those.
# Two patterns, not one alternation: the engine skips fast to a single pattern's first
# character, and a day/month pair (a digit) and "tháng" (a t) never start at the same place.
_DAY_MONTH = regex.compile(r"\d{1,2}\s*[/.\-]\s*\d{1,2}")
_MONTH_WORD = regex.compile(r"(?i:tháng)\s+\d")
_REACH = 24  # how far before a candidate its anchor ("Chiều ngày ") may start
# "(3/2/1930 - 3/2/2023)": the end of a span that starts in another year, an anniversary or
# a term, is not the day of anything the article reports.
_AFTER_A_YEAR = regex.compile(r"(?:19|20)\d{2}\s*[-–]\s*$")


def dates_in(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Date expressions in text[start:end], as written."""
    end = len(text) if end is None else end
    out: list[DateMention] = []
    for candidate in _candidates(text, start, end):
        if out and candidate.start() < out[-1].span.end:
            continue
        window_start = max(start, candidate.start() - _REACH, out[-1].span.end if out else start)
        for match in _DATE.finditer(text, window_start, min(end, candidate.end() + 40)):
            if match.end() > candidate.start():
                date = _date(match)
                if date is not None and not _AFTER_A_YEAR.search(text, max(start, match.start() - 12), match.start()):
                    out.append(DateMention(Span(match.start(), match.end(), match.group()), date))
                break
    return out


def _candidates(text: str, start: int, end: int) -> Iterator[regex.Match[str]]:
    """The matches of the alternation of both candidate patterns, leftmost first, none overlapping."""
    pos = start
    pair, word = _DAY_MONTH.search(text, pos, end), _MONTH_WORD.search(text, pos, end)
    while pair is not None or word is not None:
        first = pair if word is None or (pair is not None and pair.start() < word.start()) else word
        assert first is not None
        yield first
        pos = first.end()
        if pair is not None and pair.start() < pos:
            pair = _DAY_MONTH.search(text, pos, end)
        if word is not None and word.start() < pos:
            word = _MONTH_WORD.search(text, pos, end)


def _date(match: regex.Match[str]) -> PartialDate | None:
    if match.group("d0"):  # "ngày 10 và 11/7": the first day
        year = match.group("y0")
        return _valid(int(year) if year else None, int(match.group("m0")), int(match.group("d0")))
    if match.group("m4"):
        return _valid(int(match.group("y4")), int(match.group("m4")), None)
    if match.group("d3"):
        year = match.group("y3")
        return _valid(int(year) if year else None, int(match.group("m3")), int(match.group("d3")))
    year = match.group("y") or match.group("y2")
    if year is None and not (match.group("anchor") or match.group("paren") or match.group("today")):
        return None
    return _valid(int(year) if year else None, int(match.group("m")), int(match.group("d")))


def _valid(year: int | None, month: int, day: int | None) -> PartialDate | None:
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    if day is not None and month == 2 and day > 29:
        return None
    return PartialDate(year, month, day)


_YEAR = regex.compile(r"(?i:năm)\s+((?:19|20)\d{2})(?!\d|\s*[-–]\s*\d)")


def years_written(text: str) -> list[int]:
    """Years of the article's full dates, else the year it names most often ("năm 2022")."""
    full = [d.date.year for d in dates_in(text) if d.date.year is not None]
    if full:
        return full
    named = [int(y) for y in _YEAR.findall(text)]
    return [max(set(named), key=named.count)] if named else []


def complete(date: PartialDate, published: PartialDate | None, article_years: list[int]) -> PartialDate:
    """Give a day-and-month date its year from the publication date or the article."""
    if date.year is not None:
        return date
    if published is not None and published.year is not None:
        late = published.month is not None and date.month is not None and date.month > published.month
        return PartialDate(published.year - 1 if late else published.year, date.month, date.day)
    if article_years:
        return PartialDate(max(article_years), date.month, date.day)
    return date
