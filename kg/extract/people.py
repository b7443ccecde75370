"""People: personal names, and the titles that belong to each.

A name counts as a person only when something anchors it: titles right before it
("Bí thư Tỉnh ủy Hoàng Duy Chinh"), titles right after it ("Hoàng Duy Chinh, Bí thư
Tỉnh ủy"; "– Bí thư"; "(Bí thư)"), an honorific, a military rank, a degree or a calling
("đồng chí", "ông", "Đại tá", "PGS.TS", "nhà báo"), a name so anchored right before it in a list ("các đồng chí A, B và
C"), or the same name anchored elsewhere in the article. A title with
no name ("đồng chí Bí thư Tỉnh ủy phát biểu") stands for whoever in the article
holds that post. A run of titles shared by a list ("các đồng chí Ủy viên Bộ Chính
trị: A, ...; B, ...") goes to every name of the list.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from kg.extract import ellipsis
from kg.lexicon import Lexicon
from kg.model import PersonMention, Post, Span
from kg.normalize import fold_key
from kg.patterns import Patterns

_POST_GAP = regex.compile(r"^\s*(?:[,–—\-(]\s*|\s)(?:\p{Lu}\p{Ll}+\s+(?:tá|tướng|úy)\s*,?\s*)?$")
_PRE_GAP = regex.compile(r"^\s*(?:,\s*)?(?:\p{Lu}\p{Ll}+\s+(?:tá|tướng|úy)\s+)?$")
# "Chủ tịch UBND tỉnh, ông A": a run, a comma or dash, an honorific, the name; the run is A's unless
# a name before it took it ("ông B, Bí thư Tỉnh ủy, ông A, ...") or it is whom A acts for ("Thừa ủy
# quyền của Chủ tịch nước, bà A trao ...", "Thay mặt Bí thư Tỉnh ủy, ông A ...").
_PRE_GAP_ADDRESSED = regex.compile(r"^\s*[,–—\-]\s*(?i:đồng chí|ông|bà)\s+$")
_ACTED_FOR = regex.compile(r"(?i:\b(?:của|thay mặt|ủy quyền|theo|cho))\s+$")
_RUN_GAP = regex.compile(r"^\s*(?:[,–—\-]|kiêm|đồng thời là)\s*$")
_LIST_START = regex.compile(r"^\s*:\s*$")
_LIST_ITEM = regex.compile(r"[;:]\s+\p{Lu}[^,;:]*,\s")
_ADDRESSED = regex.compile(r"(?i:\b(?:đồng chí|đ/c|ông|bà))\s*$")
_PLURAL_BEFORE = regex.compile(r"(?i:\bcác(?:\s+(?:đồng chí|ông|bà|vị))?)\s*$")
# "hai Phó Chủ tịch HĐND tỉnh là bà A và ông B", "các đồng chí Phó Chủ tịch UBND tỉnh A, B": a title
# for a counted few, then their names ("năm" left out: it is also "year").
_COUNTED_BEFORE = regex.compile(r"(?i:\b(?:hai|ba|bốn|các|những)(?:\s+(?:đồng chí|ông|bà|vị))?)\s+$")
_NAMES_LEAD = regex.compile(r"^\s*(?:(?i:là|gồm|gồm có)\s+|:\s*)?(?:(?i:đồng chí|ông|bà)\s+)?$")
_AND_NAME = regex.compile(r"\s+và\s+(?:(?i:đồng chí|ông|bà)\s+)?")  # between the names of a pair
_NAMES_SEP = regex.compile(r"^\s*(?:,\s*(?:và\s+)?|và\s+)(?:(?i:đồng chí|ông|bà)\s+)?$")
_APPOINTED = regex.compile(r"(?i:(?:giữ|đảm nhận|đảm nhiệm)\s+chức(?:\s+vụ)?|được\s+bầu(?:\s+làm)?)\s*$")
_NOT_A_PERSON_BEFORE = regex.compile(r"(?i:\b(?:các|lãnh đạo|đại diện|nguyên)(?:\s+(?:đồng chí|ông|bà|vị))?)\s*$")


@dataclass(frozen=True, slots=True)
class Run:
    """Titles that follow each other, separated only by commas or dashes."""

    posts: tuple[Post, ...]

    @property
    def start(self) -> int:
        return self.posts[0].span.start

    @property
    def end(self) -> int:
        return self.posts[-1].span.end


def runs(posts: Sequence[Post], text: str) -> list[Run]:
    out: list[list[Post]] = []
    for post in posts:
        if out and _RUN_GAP.match(text[out[-1][-1].span.end : post.span.start]):
            out[-1].append(post)
        else:
            out.append([post])
    return [Run(ellipsis.complete(group)) for group in out]


def mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with the spans blanked out (same length, so offsets still hold); they may overlap."""
    pieces, done = [], 0
    for start, end in sorted(spans):
        start = max(start, done)
        if end > start:
            pieces += [text[done:start], " " * (end - start)]
            done = end
    pieces.append(text[done:])
    return "".join(pieces)


def names_in(text: str, masked: str, lex: Lexicon, pats: Patterns, title_ends: frozenset[int],
             title_starts: frozenset[int] = frozenset()) -> list[Span]:
    """Candidate names: a known surname and capitalised words, not a place.

    Any capitalised words count when an honorific or a title stands right before them
    ("Phó Chủ tịch UBND huyện Sồng A Lử"), whatever the surname.
    """
    found: list[Span] = []
    for match in pats.any_name.finditer(masked):
        start, name = _without_honorific(match.start(), match.group(), pats)
        start, name = _without_place(start, name, lex)
        end = start + len(name)
        if " " in name and (_after_title(text, start, title_ends) or _in_list(text, start, end, title_starts)
                            or pats.honorific_before.search(masked[max(0, start - 12) : start])):
            found.append(Span(start, end, text[start:end]))
    titled_starts = [s.start for s in found]  # in order, none overlapping
    for match in pats.name.finditer(masked):
        before = bisect_left(titled_starts, match.end())  # the spans that start before this name ends
        if before == 0 or found[before - 1].end <= match.start():
            found.append(Span(match.start(), match.end(), text[match.start() : match.end()]))
    return [s for s in sorted(found, key=lambda s: s.start) if _plausible(s.text, lex)]


def _after_title(text: str, start: int, title_ends: frozenset[int]) -> bool:
    """A title ends one or two blanks before ``start``."""
    return any(e in title_ends and text[e:start].isspace() for e in (start - 2, start - 1))


def _in_list(text: str, start: int, end: int, title_starts: frozenset[int]) -> bool:
    """ "; Coor Văn Lui, Phó Bí thư ...": an item of a list of people, each with a title."""
    return end + 2 in title_starts and _LIST_ITEM.search(text, max(0, start - 3), end + 4) is not None


def _without_place(start: int, words: str, lex: Lexicon) -> tuple[int, str]:
    """ "Hà Nội Nguyễn Ngọc Tuấn" after a title: the place ends the title, the name follows."""
    parts = words.split(" ")
    for k in range(min(4, len(parts) - 2), 0, -1):
        if " ".join(parts[:k]).casefold() in lex.places and 2 <= len(parts) - k <= 4:
            return start + len(" ".join(parts[:k])) + 1, " ".join(parts[k:])
    return start, words


def _without_honorific(start: int, words: str, pats: Patterns) -> tuple[int, str]:
    """ "Ông Lưu Văn Chiến" at the start of a sentence, "Đồng Chí Lưu Văn Chiến" written in title
    case: the name is "Lưu Văn Chiến"."""
    parts = words.split(" ")
    for count in (2, 1):
        lead = " ".join(parts[:count])
        honorific = pats.honorific_before.search(lead + " ") if len(parts) > count else None
        if honorific is not None and honorific.start() == 0:
            return start + len(lead) + 1, words[len(lead) + 1 :]
    return start, words


def _plausible(name: str, lex: Lexicon) -> bool:
    words = name.split()
    key = fold_key(name)
    if key in lex.places or key in lex.bodies or key in lex.not_people:
        return False
    # "Hội Đồng ...", "Tỉnh Ủy ...", "Trưởng Ban ...": words of a title, capitalised ("Chí" is a
    # middle name: "Nguyễn Chí Dũng"; "Đồng Chí" before a name is taken off as an honorific).
    return not any(fold_key(w) in ("đồng", "ủy", "ban") for w in words[1:2])


def link(text: str, names: list[Span], title_runs: list[Run],
         pats: Patterns) -> tuple[list[PersonMention], set[int]]:
    """Give each name the runs of titles that belong to it; also the starts of runs claimed."""
    by_end = {r.end: r for r in title_runs}
    claimed: set[int] = set()
    mentions: list[PersonMention] = []
    for i, name in enumerate(names):
        posts: list[Post] = []
        pre = _pre_run(text, name, by_end, title_runs, claimed)
        if pre is not None:
            claimed.add(pre.start)
            posts += pre.posts
        post = _post_run(text, name, title_runs, names[i + 1 :] if i + 1 < len(names) else [])
        if post is not None and post.start not in claimed:
            claimed.add(post.start)
            posts += post.posts
        anchored = bool(posts) or bool(pats.honorific_before.search(text[max(0, name.start - 14) : name.start]))
        mentions.append(PersonMention(name.text, name, tuple(posts), "anchored" if anchored else ""))
    mentions = _share_anchors(text, mentions)
    mentions = _share_list_titles(text, mentions, title_runs, claimed)
    mentions = _share_counted_titles(text, mentions, title_runs)
    mentions = _share_pair_titles(text, mentions, title_runs)
    return _appointments(text, mentions, title_runs, claimed), claimed


def _pre_run(text: str, name: Span, by_end: dict[int, Run], all_runs: list[Run], claimed: set[int]) -> Run | None:
    for run in reversed(all_runs):
        if run.end <= name.start:
            gap = text[run.end : name.start]
            if _PRE_GAP.match(gap) or (_PRE_GAP_ADDRESSED.match(gap) and run.start not in claimed
                                       and not _ACTED_FOR.search(text, max(0, run.start - 20), run.start)):
                return by_end.get(run.end)
            return None
    return None


def _post_run(text: str, name: Span, all_runs: list[Run], later: list[Span]) -> Run | None:
    run = next((r for r in all_runs if r.start >= name.end), None)
    if run is None or not _POST_GAP.match(text[name.end : run.start]):
        return None
    following = next((n for n in later if n.start >= run.end), None)
    if following is not None and _PRE_GAP.match(text[run.end : following.start]):
        return None  # the run is the next person's: "A, B chức vụ C"
    return run


def _share_anchors(text: str, mentions: list[PersonMention]) -> list[PersonMention]:
    """ "các đồng chí A, B và C", "các đại biểu A, B": a name listed right after an anchored one is anchored."""
    out = list(mentions)
    for i in range(1, len(out)):
        previous, m = out[i - 1], out[i]
        if previous.rule == "anchored" and m.rule != "anchored" \
                and _NAMES_SEP.match(text[previous.span.end : m.span.start]):
            out[i] = PersonMention(m.name, m.span, m.posts, "anchored")
    return out


def _share_list_titles(text: str, mentions: list[PersonMention], title_runs: list[Run],
                       claimed: set[int]) -> list[PersonMention]:
    """ "các đồng chí Ủy viên Bộ Chính trị: A, ...; B, ..." gives every listed name the shared run."""
    out = list(mentions)
    for run in title_runs:
        colon = text.find(":", run.end, run.end + 3)
        if run.start in claimed or colon < 0 or not _LIST_START.match(text[run.end : colon + 1]):
            continue
        plural = _PLURAL_BEFORE.search(text[max(0, run.start - 20) : run.start])
        named_next = any(0 < m.span.start - colon <= 3 for m in out)
        if not (plural or named_next):
            continue
        stop = _sentence_end(text, colon)
        stop = min([r.start for r in title_runs if colon < r.start < stop and _opens_list(text, r)] + [stop])
        for i, m in enumerate(out):
            if colon < m.span.start < stop:
                out[i] = PersonMention(m.name, m.span, run.posts + m.posts, "anchored")
        claimed.add(run.start)
    return out


def _share_counted_titles(text: str, mentions: list[PersonMention], title_runs: list[Run]) -> list[PersonMention]:
    """ "hai Phó Chủ tịch HĐND tỉnh là bà A và ông B": a title for a counted few is each listed name's."""
    out = list(mentions)
    for run in title_runs:
        if not _COUNTED_BEFORE.search(text[max(0, run.start - 18) : run.start]):
            continue
        end, lead = run.end, _NAMES_LEAD
        for i, m in ((i, m) for i, m in enumerate(out) if m.span.start >= run.end):  # in text order
            if not lead.match(text[end : m.span.start]):
                break
            posts = m.posts + tuple(p for p in run.posts if p not in m.posts)
            out[i] = PersonMention(m.name, m.span, posts, "anchored")
            end, lead = m.span.end, _NAMES_SEP
    return out


def _share_pair_titles(text: str, mentions: list[PersonMention], title_runs: list[Run]) -> list[PersonMention]:
    """ "các đồng chí A và B, Phó Bí thư Tỉnh ủy": the title after a pair is the first's too, when the
    article gives the first no title of its own."""
    titled = {m.name for m in mentions if m.posts}
    out = list(mentions)
    for i, (first, second) in enumerate(itertools.pairwise(mentions)):
        if first.name in titled or not _AND_NAME.fullmatch(text, first.span.end, second.span.start):
            continue
        run = _post_run(text, second.span, title_runs, [])
        if run is not None:
            out[i] = PersonMention(first.name, first.span, run.posts, "anchored")
    return out


def _opens_list(text: str, run: Run) -> bool:
    """A run that starts a new shared-title list: "các đồng chí Ủy viên Trung ương Đảng: ..." """
    return bool(_PLURAL_BEFORE.search(text[max(0, run.start - 20) : run.start])
                and _LIST_START.match(text[run.end : run.end + 2]))


def _appointments(text: str, mentions: list[PersonMention], title_runs: list[Run],
                  claimed: set[int]) -> list[PersonMention]:
    """ "đồng chí A, ..., được điều động giữ chức Bí thư Thành ủy": the run is A's new post."""
    out = list(mentions)
    for run in title_runs:
        if run.start in claimed or not _APPOINTED.search(text[max(0, run.start - 30) : run.start]):
            continue
        start = _sentence_start(text, run.start)
        before = [i for i, m in enumerate(out) if start <= m.span.start < run.start]
        if before:
            m = out[before[-1]]
            out[before[-1]] = PersonMention(m.name, m.span, m.posts + run.posts, "anchored")
            claimed.add(run.start)
    return out


def _sentence_start(text: str, end: int) -> int:
    cut = max(text.rfind(mark, 0, end) for mark in (". ", "\n", "! ", "? "))
    return cut + 1 if cut >= 0 else 0


def _sentence_end(text: str, start: int) -> int:
    match = regex.compile(r"[.!?\n]").search(text, start)
    return match.start() if match else len(text)


@dataclass(frozen=True, slots=True)
class TitleMention:
    """A run of titles standing for a person: "đồng chí Bí thư Tỉnh ủy phân tích"."""

    span: Span
    posts: tuple[Post, ...]
    addressed: bool  # "đồng chí ..." or at the start of a sentence: surely a person, not the office


def title_only(text: str, title_runs: list[Run], claimed_starts: set[int]) -> list[TitleMention]:
    out = []
    for run in title_runs:
        before = text[max(0, run.start - 24) : run.start]
        if run.start in claimed_starts or _NOT_A_PERSON_BEFORE.search(before):
            continue
        addressed = bool(_ADDRESSED.search(before)) or _sentence_start(text, run.start) >= run.start - 1
        out.append(TitleMention(Span(run.start, run.end, text[run.start : run.end]), run.posts, addressed))
    return out
