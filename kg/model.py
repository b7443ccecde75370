"""Typed, frozen records handed from one pipeline stage to the next.

    readers ──Article──▶ extract ──ArticleFacts──▶ rdf ──Graph──▶ views

An ``Article``'s text is already normalised (see ``kg.normalize``); every ``Span``
is an offset pair into that text, so a fact can always be traced to its quote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["chair", "attendee", "reporter", "speaker"]
ROLES: tuple[Role, ...] = ("chair", "attendee", "reporter", "speaker")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date of which the year, or the day, may be unknown."""

    year: int | None
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        """The lexical form of the matching XSD type (date, gYearMonth, gMonthDay, gYear).

        >>> PartialDate(2023, 6, 26).iso(), PartialDate(None, 3, 19).iso()
        ('2023-06-26', '--03-19')
        """
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def xsd_type(self) -> str:
        if self.year is None:
            return "gMonthDay"
        if self.month is None:
            return "gYear"
        return "gYearMonth" if self.day is None else "date"


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    source: str  # file path (and line for JSONL) the article came from
    text: str  # normalised body text; spans point into it
    title: str | None = None
    url: str | None = None
    published: PartialDate | None = None
    authors: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Body:
    """An organisation: its canonical name without place, kind, level and jurisdiction.

    ``label`` is the full name users read ("Ban Thường vụ Tỉnh ủy Bắc Kạn");
    ``parent`` is the body it belongs to, when the name says so.
    """

    label: str
    kind: str  # a vnpol class local name: PartyCommittee, PeoplesCouncil, ...
    level: str | None = None  # trung ương, tỉnh, thành phố, huyện, xã ...
    place: str | None = None  # "Bắc Kạn"
    parent: Body | None = None


@dataclass(frozen=True, slots=True)
class Post:
    """A role in a body: "Bí thư" × "Tỉnh ủy Bắc Kạn" → label "Bí thư Tỉnh ủy Bắc Kạn"."""

    label: str
    role: str  # canonical role: Bí thư, Phó Bí thư Thường trực, Ủy viên, ...
    body: Body | None
    span: Span
    former: bool = False


@dataclass(frozen=True, slots=True)
class PersonMention:
    name: str
    span: Span  # the name itself, or the title that stands for the person
    posts: tuple[Post, ...] = ()
    rule: str = ""  # id of the pattern that found it
    scope: str = ""  # where the person acts: "trung ương", a province, or "" (see kg.extract.resolve)


@dataclass(frozen=True, slots=True)
class RoleFact:
    role: Role
    person: str  # the person's name as resolved in the article; "" when only a post names them
    evidence: Span  # the sentence that states it
    post: str | None = None  # label of the post standing for an unnamed person ("đồng chí Chủ tịch UBND tỉnh")


@dataclass(frozen=True, slots=True)
class Event:
    key: str  # article-scoped id: "e1", "e2"
    kind: str  # vnpol class local name: Conference, Session, WorkingSession, ...
    label: str
    span: Span  # the phrase that names the event
    date: PartialDate | None = None
    ordinal: int | None = None
    expanded: bool = False  # "(mở rộng)"
    organizer: Body | None = None
    participant_bodies: tuple[Body, ...] = ()
    roles: tuple[RoleFact, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentRef:
    label: str  # "Nghị quyết số 29-NQ/TU"
    span: Span
    number: str | None = None
    issuer: Body | None = None


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """Everything extracted from one article; the unit a worker returns."""

    article: Article
    province: str | None = None  # the province the article is about, when it names one
    persons: tuple[PersonMention, ...] = ()
    events: tuple[Event, ...] = ()
    bodies: tuple[Body, ...] = ()
    documents: tuple[DocumentRef, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    sentences: tuple[Span, ...] = ()  # the article's sentences, in order: a fact is quoted by the one it is read from
