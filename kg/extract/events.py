"""Events and who chaired, attended, reported and spoke at them.

The article's main event is the first one named in its headline or lede ("hội
nghị", "kỳ họp", "làm việc với" ...). Another event counts when the text gives it
its own date ("Kỳ họp ... lần thứ 14 (ngày 06/10/2023)", "Trước đó, chiều 14/8, ... dự
Lễ khánh thành ...") and does not plan it.

Roles are read sentence by sentence. A role word ("chủ trì", "báo cáo", "phát
biểu", "quán triệt" ...) takes the people named between it and the previous role
word ("A, B, C đồng chủ trì"); a role word with no one before it takes the people
after it ("Chủ trì có các đồng chí: A; B; C", "Phát biểu kết luận, đồng chí A ..."),
unless a request stands between ("Chủ tọa kỳ họp đề nghị A ...": the chair asks, A does not chair).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from kg.extract.dates import DateMention, complete, dates_in
from kg.extract.documents import NAMED_AFTER_EVENT
from kg.extract.numbers import ORDINAL, ordinal_after
from kg.extract.people import mask
from kg.lexicon import Lexicon
from kg.model import Article, Body, Event, PartialDate, PersonMention, Role, RoleFact, Span
from kg.normalize import fold_key, sentence_at
from kg.patterns import CAPWORD, LEVEL, QUALIFIER, Patterns

_PLANNED = regex.compile(r"(?i:\bsẽ\b|dự kiến|kế hoạch tổ chức|chuẩn bị tổ chức|chuẩn bị cho)")
_NO_FRONTING = frozenset({"làm việc với"})
# "quán triệt Nghị quyết Hội nghị lần thứ 10 Ban Chấp hành Trung ương": a document, not an event
_DOCUMENT_OF = regex.compile(rf"{NAMED_AFTER_EVENT}(?:\s+(?:số\s+)?[\w/-]*\d[\w/-]*)?\s+$")
_EXPANDED = regex.compile(r"^[^.;\n]{0,40}?\(?(?i:mở rộng)\)?")
_WITH_BEFORE = regex.compile(r"\bvới\s+$")  # "Cùng đi với Thủ tướng có ...": the host, not a guest
# "hồ sơ của hộ bà Lụa, báo cáo ...": a person after "của" (of) is owned, not the one who acts.
_OF_BEFORE = regex.compile(r"\bcủa\s+(?:(?:hộ|gia đình|nhà)\s+)?$")
_COORDINATED = regex.compile(r"^\s*(?:,|và|,\s*và)\s*$")
# "A giao Sở Tài chính báo cáo ...": a role word after a directive is the task of those it names,
# not of the one who gives it. Not "được giao" (was given), "thừa ủy quyền" (by authority of), "bàn
# giao" (hands over), "Bộ Ngoại giao", "thăm xã giao", nor the words that only begin with "giao" (giao
# ban, giao thông, giao lưu ...).
_DIRECTIVE = regex.compile(
    r"(?<!(?i:\b(?:được|bàn|chuyển|ngoại|xã|bang|kết|thừa)\s))\b(?i:giao|phân công|ủy quyền|ủy nhiệm)\b"
    r"(?!\s+(?i:ban|thông|lưu|dịch|tiếp|hữu|thương|nhận|kết|thoa|diện|hẹn|ước|hòa|tranh)\b)"
)
# "Chủ tọa kỳ họp đề nghị A giải trình": a fronted role word followed by a request names the one who
# asks (the chair), not those asked, whose task is the role word after them. Not "theo đề nghị" (at
# the request), nor "khách mời" (guests), "thư mời", "giấy mời", "lời mời" (an invitation).
_ASKS = regex.compile(_DIRECTIVE.pattern
                      + r"|(?<!(?i:\b(?:theo|khách|thư|giấy|lời)\s))\b(?i:đề nghị|yêu cầu|mời)\b")
# A role word right after these takes no one: after "thay mặt" (on behalf of) it names whom one
# stands for ("Thay mặt chủ tọa, A phát biểu"); after a modal or a negation it is a task, a plan or
# something not done ("A phải báo cáo", "A sẽ báo cáo", "A không dự").
_NO_ROLE_AFTER = regex.compile(r"(?i:\b(?:thay mặt(?:\s+cho)?|phải|cần|sẽ|không|chưa|chẳng))\s+$")
_PHRASE_END = regex.compile(
    r"\s*[,;:.()\n]|\s+(?i:(?:vào\s+)?(?:ngày|sáng|chiều|tối|trong|tháng)|(?:được\s+|đã\s+)?(?:tổ chức|diễn ra))\s"
)
_BEFORE_THAT = regex.compile(r"\s*(?i:trước đó)\b")
# between an event word and the body holding it: "Kỳ họp thứ mười HĐND huyện", "Đại hội đại biểu Đảng bộ",
# "phiên họp thứ 39 của Ủy ban Thường vụ Quốc hội"
_DELEGATES = regex.compile(rf"\s?(?:{ORDINAL}\s*,?\s+)?(?:của\s+)?(?:(?i:đại biểu)\s+)?")
# "HĐND xã Tân Lập, huyện Mộc Châu tổ chức kỳ họp": the body's own place when no list knows it (a
# commune), and the places it is in, may stand between.
_NAME = rf"{CAPWORD}(?:[ \t]+{CAPWORD}){{0,3}}"
_WHERE = rf"(?:[ \t]+{_NAME})?(?:\s*,\s*{LEVEL}\s+{_NAME})*,?"
# "A phối hợp với B tổ chức": A, the first named, holds it; so does "A chủ trì tổ chức"
_ORGANIZES = regex.compile(
    rf"{_WHERE}{QUALIFIER}*\s*(?:\([^()]{{0,40}}\)\s*)?(?:(?i:phối hợp)(?:\s+(?:với|cùng)\s+[^.;]{{1,80}}?)?\s+)?"
    rf"(?:đã\s+|long trọng\s+|(?i:chủ trì)\s+)?(?i:tổ chức|họp|khai mạc|bế mạc)\b"
)
# "Đoàn ĐBQH tỉnh Sơn La tiếp xúc cử tri", "... đã làm việc với": an event word that is a verb, its subject
_SUBJECT_OF = regex.compile(r"\s*(?:\([^()]{0,40}\)\s*)?(?:đã\s+)?")  # no name between: "Chủ tịch Quốc hội A"
# "Hội nghị do Ban Thường trực Ủy ban MTTQ huyện tổ chức": an event word, "do", its organiser
_DONE_BY = regex.compile(r"\s+(?:được\s+)?do\s+")
_DEPUTIES_OF = regex.compile(r"(?i:đại biểu)\s+$")  # "các đại biểu HĐND tỉnh tiếp xúc": people, not the body
_VERB_EVENTS = ("tiếp xúc", "họp ")  # "Ban Thường vụ Tỉnh ủy họp phiên thường kỳ"


@dataclass(frozen=True, slots=True)
class Trigger:
    span: Span
    kind: str
    surface: str


@dataclass(frozen=True, slots=True)
class Context:
    article: Article
    sentences: tuple[Span, ...]
    lede_end: int  # offset where the headline and first paragraph end
    bodies: tuple[tuple[Span, Body], ...]
    years: tuple[int, ...]  # years of full dates written in the article


def triggers(text: str, lex: Lexicon, pats: Patterns) -> list[Trigger]:
    """Event words, except those that name a document after its event ("Nghị quyết Hội nghị lần thứ 10")."""
    found = []
    for match in pats.event_trigger.finditer(text):
        if _DOCUMENT_OF.search(text, max(0, match.start() - 24), match.start()):
            continue
        kind = lex.event_triggers[fold_key(match.group())]
        found.append(Trigger(Span(match.start(), match.end(), match.group()), kind, fold_key(match.group())))
    return found


def events(ctx: Context, found: list[Trigger], people: Sequence[PersonMention],
           lex: Lexicon, pats: Patterns) -> tuple[Event, ...]:
    date, name = _lede_dates(ctx)
    main = _main_event(ctx, found, date or _publication(ctx))
    dated = _dated_events(ctx, found, main, name)
    all_events = ([main] if main else []) + dated
    facts = _role_facts(ctx, people, lex, pats)
    if facts and not all_events:
        first = facts[0].evidence
        all_events = [Event("e1", "Event", _label("Event", None, None, ctx), first,
                            date=date or _publication(ctx))]
    return tuple(_attach(all_events, facts, ctx))


def _sentence_of(ctx: Context, offset: int) -> Span:
    return sentence_at(ctx.sentences, offset, offset + 1) or Span(offset, offset, "")


def _main_event(ctx: Context, found: list[Trigger], date: PartialDate | None) -> Event | None:
    lede = [t for t in found if t.span.start < ctx.lede_end]
    if not lede:
        return None
    trigger = lede[0]
    organizer, guests = _organizer(ctx, found, trigger)
    ordinal, expanded = _details(ctx, found, trigger.kind)
    return Event("e1", trigger.kind, _label(trigger.kind, organizer, ordinal, ctx), trigger.span,
                 date, ordinal, expanded, organizer, guests)


def _publication(ctx: Context) -> PartialDate | None:
    return ctx.article.published


def _lede_dates(ctx: Context) -> tuple[PartialDate | None, PartialDate | None]:
    """The date of the lede's event, and the month that names the event if one does: the first date
    of the headline and lede, but a month alone gives way to a day of it or of the month after written
    next ("Phiên họp thường kỳ tháng 10/2024" ... "Sáng 5/11": met on 2024-11-05, named by 2024-10);
    a month alone after the day in its sentence names it too ("Sáng 7/12, ... Phiên họp thường kỳ
    tháng 11/2024")."""
    month: PartialDate | None = None
    mentions = dates_in(ctx.article.text, 0, ctx.lede_end)
    for i, mention in enumerate(mentions):
        date = complete(mention.date, ctx.article.published, list(ctx.years))
        if month is None and (date.day is not None or date.month is None):
            return date, _named_after(ctx, date, mention.span, mentions[i + 1 : i + 2])
        if month is None:
            month = date
        elif date.day is not None:
            return (date, month) if _in_or_after(date, month) else (month, None)
    return month, None


def _named_after(ctx: Context, day: PartialDate, span: Span, following: list[DateMention]) -> PartialDate | None:
    """The month that the date after ``day`` in its sentence names, when it is a month alone that
    ``day`` falls in or just after."""
    if not following or following[0].date.day is not None:
        return None
    month = complete(following[0].date, ctx.article.published, list(ctx.years))
    same_sentence = following[0].span.start < _sentence_of(ctx, span.start).end
    return month if same_sentence and _in_or_after(day, month) else None


def _in_or_after(day: PartialDate, month: PartialDate) -> bool:
    """Whether ``day`` falls in ``month`` or in the month after it (of the same year)."""
    if day.month is None or month.month is None or (None not in (day.year, month.year) and day.year != month.year):
        return False
    return day.month - month.month in (0, 1)


def _details(ctx: Context, found: list[Trigger], kind: str) -> tuple[int | None, bool]:
    text = ctx.article.text
    for trigger in (t for t in found if t.kind == kind):
        sentence = _sentence_of(ctx, trigger.span.start)
        ordinal = ordinal_after(text[trigger.span.end : sentence.end])
        if ordinal is not None:
            expanded = bool(_EXPANDED.match(text[trigger.span.end : sentence.end]))
            return ordinal, expanded or _any_expanded(ctx, found, kind)
    return None, _any_expanded(ctx, found, kind)


def _any_expanded(ctx: Context, found: list[Trigger], kind: str) -> bool:
    text = ctx.article.text
    return any(_EXPANDED.match(text[t.span.end : t.span.end + 40]) for t in found if t.kind == kind
               and t.span.start < ctx.lede_end)


def _organizer(ctx: Context, found: list[Trigger], trigger: Trigger) -> tuple[Body | None, tuple[Body, ...]]:
    """The body that holds the event; one named with its place ("Đảng bộ phường Đông Hải") is preferred
    to a bare one ("Đại hội Đảng bộ" in a headline)."""
    first: tuple[Body, tuple[Body, ...]] | None = None
    said = next(_organized_by(ctx, [x for x in found if x.span.start < ctx.lede_end]), None)
    if said is not None:
        return said, ()
    for candidate in _organizers(ctx, [x for x in found if x.kind == trigger.kind]):
        if candidate[0].place or candidate[0].level == "trung ương":
            return candidate
        first = first or candidate
    return first or (None, ())


def _organizers(ctx: Context, found: list[Trigger]) -> Iterator[tuple[Body, tuple[Body, ...]]]:
    text = ctx.article.text
    for t in found:
        working, verb = t.surface.startswith("làm việc"), t.surface.startswith(_VERB_EVENTS)
        for span, body in ctx.bodies:
            if working and _subject(text, span, t):
                yield body, _guests(ctx, t)  # "A (đã) làm việc với B"
            elif verb and _subject(text, span, t):
                yield body, ()  # "Đoàn ĐBQH tỉnh tiếp xúc cử tri"
            elif not working and _names_after(text, t, span):
                yield body, ()  # "Hội nghị Ban Chấp hành ...", "Đại hội đại biểu Đảng bộ tỉnh ..."
            elif span.end <= t.span.start and _ORGANIZES.match(text, span.end, t.span.start):
                yield body, ()  # "Ban Chấp hành ... tổ chức hội nghị", "HĐND tỉnh khai mạc kỳ họp"


def _subject(text: str, body: Span, trigger: Trigger) -> bool:
    """Whether the body is the subject of an event word that is a verb ("làm việc", "tiếp xúc cử tri")."""
    return (body.end <= trigger.span.start and _SUBJECT_OF.fullmatch(text, body.end, trigger.span.start) is not None
            and _DEPUTIES_OF.search(text, max(0, body.start - 12), body.start) is None)


def _organized_by(ctx: Context, found: list[Trigger]) -> Iterator[Body]:
    """Bodies an event word says organised it: "Hội nghị do Ủy ban MTTQ huyện tổ chức"."""
    text = ctx.article.text
    for t in found:
        by = _DONE_BY.match(text, t.span.end)
        if by is not None:
            yield from (b for span, b in ctx.bodies if span.start == by.end() and _ORGANIZES.match(text, span.end))


def _names_after(text: str, trigger: Trigger, body: Span) -> bool:
    """Whether the body is named right after the event word: "Hội nghị Ban Chấp hành ...", "Đại hội
    đại biểu Đảng bộ tỉnh ..." """
    return body.start >= trigger.span.end and _DELEGATES.fullmatch(text, trigger.span.end, body.start) is not None


def _guests(ctx: Context, trigger: Trigger) -> tuple[Body, ...]:
    return tuple(b for s, b in ctx.bodies if 0 <= s.start - trigger.span.end <= 1)


def _dated_events(ctx: Context, found: list[Trigger], main: Event | None,
                  name: PartialDate | None) -> list[Event]:
    """Events the text dates apart from the main one (dated so, or by ``name``, the month naming it)."""
    out: list[Event] = []
    restated = {main.date, name} if main else set()
    text = ctx.article.text
    for trigger in found:
        if main is not None and trigger.span == main.span:
            continue
        sentence = _sentence_of(ctx, trigger.span.start)
        date = _own_date(ctx, trigger, sentence, found) or _earlier_date(ctx, trigger, sentence, found)
        if date is None or date in restated:
            continue
        if _PLANNED.search(text[sentence.start : trigger.span.start]) or _seen(out, date, trigger.kind):
            continue
        organizer = next((b for s, b in ctx.bodies if _names_after(text, trigger, s)), None)
        ordinal = ordinal_after(text[trigger.span.end : sentence.end])
        key = f"e{len(out) + 2}"
        label = _label(trigger.kind, organizer, ordinal, ctx) if organizer else _phrase(text, trigger, sentence)
        out.append(Event(key, trigger.kind, label, trigger.span, date, ordinal, False, organizer))
    return out


def _seen(events_so_far: list[Event], date: PartialDate, kind: str) -> bool:
    return any(e.date == date and e.kind == kind for e in events_so_far)


def _own_date(ctx: Context, trigger: Trigger, sentence: Span, found: list[Trigger]) -> PartialDate | None:
    """A date with its year written after the event word, before any other event word."""
    end = min(sentence.end, trigger.span.end + 120)
    end = min([t.span.start for t in found if trigger.span.end <= t.span.start < end] + [end])
    mentions: list[DateMention] = dates_in(ctx.article.text, trigger.span.end, end)
    for mention in mentions:
        if mention.date.year is not None and mention.date.month is not None:
            return mention.date
    return None


def _earlier_date(ctx: Context, trigger: Trigger, sentence: Span, found: list[Trigger]) -> PartialDate | None:
    """ "Trước đó, chiều 14/8, ... dự Lễ khánh thành": the date that heads a sentence telling of an
    earlier event, when the event word is the first after it."""
    head = _BEFORE_THAT.match(ctx.article.text, sentence.start, trigger.span.start)
    if head is None or any(head.end() <= t.span.start < trigger.span.start for t in found):
        return None
    for mention in dates_in(ctx.article.text, head.end(), trigger.span.start):
        if mention.date.day is not None and mention.date.month is not None:
            return complete(mention.date, ctx.article.published, list(ctx.years))
    return None


_KIND_WORD = {"Conference": "Hội nghị", "Session": "Kỳ họp", "WorkingSession": "Buổi làm việc",
              "Congress": "Đại hội", "VoterMeeting": "Tiếp xúc cử tri", "Ceremony": "Lễ",
              "Meeting": "Cuộc họp", "Event": "Sự kiện"}


def _label(kind: str, organizer: Body | None, ordinal: int | None, ctx: Context) -> str:
    words = [_KIND_WORD[kind]]
    if organizer is not None:
        words.append(organizer.label)
    if ordinal is not None:
        words.append(f"lần thứ {ordinal}")
    if organizer is None and ctx.article.title:
        return ctx.article.title
    return " ".join(words)


def _phrase(text: str, trigger: Trigger, sentence: Span) -> str:
    """An event named by its own words, from the event word to the next comma or bracket (at most
    twelve words): "Lễ khánh thành Nhà văn hóa xã Vị Thanh"."""
    words = _PHRASE_END.split(text[trigger.span.start : sentence.end], maxsplit=1)[0].split()[:12]
    return " ".join(words)[:1].upper() + " ".join(words)[1:]


def _role_facts(ctx: Context, people: Sequence[PersonMention], lex: Lexicon, pats: Patterns) -> list[RoleFact]:
    text = ctx.article.text
    facts: list[RoleFact] = []
    masked = _mask_people(text, people)
    for sentence, present in _people_by_sentence(ctx.sentences, people):
        found = [(m.start(), m.end(), fold_key(m.group()))
                 for m in pats.role_trigger.finditer(masked, sentence.start, sentence.end)
                 if not _NO_ROLE_AFTER.search(text, max(sentence.start, m.start() - 16), m.start())]
        facts += _assign(sentence, present, found, lex)
    return facts


def _people_by_sentence(sentences: Sequence[Span],
                        people: Sequence[PersonMention]) -> Iterator[tuple[Span, list[PersonMention]]]:
    """Each sentence that has people in it, with them (in the order given)."""
    starts = [s.start for s in sentences]
    present: dict[int, list[PersonMention]] = {}
    for person in people:
        i = bisect_right(starts, person.span.start) - 1
        if i >= 0 and person.span.start < sentences[i].end:
            present.setdefault(i, []).append(person)
    for i in sorted(present):
        yield sentences[i], present[i]


def _mask_people(text: str, people: Sequence[PersonMention]) -> str:
    return mask(text, [(s.start, s.end) for p in people for s in (p.span, *(post.span for post in p.posts))])


def _verbs(sentence: Span, found: list[tuple[int, int, str]],
           present: list[PersonMention]) -> list[tuple[int, int, str]]:
    """Drop role words that only qualify the one before ("Dự phiên khai mạc"), keep "Dự và chỉ đạo"."""
    kept: list[tuple[int, int, str]] = []
    for start, end, surface in found:
        if kept and not any(kept[-1][1] <= p.span.start < start for p in present):
            gap = sentence.text[kept[-1][1] - sentence.start : start - sentence.start]
            if len(gap) < 30 and not _COORDINATED.match(gap):
                continue
        kept.append((start, end, surface))
    return kept


def _assign(sentence: Span, present: list[PersonMention], found: list[tuple[int, int, str]],
            lex: Lexicon) -> list[RoleFact]:
    facts: list[RoleFact] = []
    previous = sentence.start
    last: list[PersonMention] = []
    found = _verbs(sentence, found, present)
    for i, (start, end, surface) in enumerate(found):
        role: Role = lex.role_triggers[surface]  # type: ignore[assignment]
        before = [p for p in present if previous <= p.span.start < start
                  and not _OF_BEFORE.search(sentence.text[: p.span.start - sentence.start])]
        # "A giao B báo cáo": the task of B (when named), never of A.
        subjects = [p for p in before if not _directed(sentence, p.span.end, start)]
        gap = sentence.text[previous - sentence.start : start - sentence.start]
        if not before and last and _COORDINATED.match(gap):
            subjects = last  # "A chủ trì và phát biểu khai mạc"
        elif not before and surface not in _NO_FRONTING:
            subjects = [p for p in _objects(sentence, present, found[i + 1 :], end)
                        if not _WITH_BEFORE.search(sentence.text[: p.span.start - sentence.start])]
        facts += [RoleFact(role, p.name, sentence, None if p.name else p.posts[0].label) for p in subjects]
        previous, last = end, subjects
    reporters = {(f.person, f.post) for f in facts if f.role == "reporter"}
    return [f for f in facts if not (f.role == "speaker" and (f.person, f.post) in reporters)]


def _directed(sentence: Span, start: int, end: int) -> bool:
    """Whether a directive stands between a person (ending at ``start``) and a role word at ``end``."""
    return _DIRECTIVE.search(sentence.text, start - sentence.start, end - sentence.start) is not None


def _objects(sentence: Span, present: list[PersonMention], later: list[tuple[int, int, str]],
             end: int) -> list[PersonMention]:
    """People after a fronted role word, up to the next role word that has someone before it;
    none when a request stands between the role word and them."""
    first = min((p.span.start for p in present if p.span.start >= end), default=None)
    if first is None or _ASKS.search(sentence.text, end - sentence.start, first - sentence.start):
        return []
    stop = next((start for start, _, _ in later if start > first), sentence.end)  # later is in text order
    return [p for p in present if end <= p.span.start < stop]


def _attach(all_events: list[Event], facts: list[RoleFact], ctx: Context) -> list[Event]:
    if not all_events:
        return []
    by_key: dict[str, list[RoleFact]] = {e.key: [] for e in all_events}
    for fact in facts:
        target = next((e for e in all_events[1:] if fact.evidence.start <= e.span.start < fact.evidence.end),
                      all_events[0])
        if fact not in by_key[target.key]:
            by_key[target.key].append(fact)
    return [_with_roles(e, tuple(by_key[e.key])) for e in all_events]


def _with_roles(event: Event, roles: tuple[RoleFact, ...]) -> Event:
    return Event(event.key, event.kind, event.label, event.span, event.date, event.ordinal, event.expanded,
                 event.organizer, event.participant_bodies, roles)
