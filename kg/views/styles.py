"""The one table of colours and shapes (legend, overview and every page) and small text helpers."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from kg import ids


@dataclass(frozen=True, slots=True)
class Style:
    """One legend row: how a kind of node or edge is drawn (the single table used everywhere)."""

    text: str  # Vietnamese, as shown in the legend and on edge labels
    english: str
    color: str
    shape: str = ""  # vis-network node shape; empty for edges


NODE_STYLES: Final[Mapping[str, Style]] = {
    "person": Style("Người", "person", "#2563eb", "dot"),
    "body": Style("Cơ quan, tổ chức", "body", "#16a34a", "square"),
    "event": Style("Sự kiện", "event", "#ea580c", "diamond"),
}
EDGE_STYLES: Final[Mapping[str, Style]] = {
    "organizer": Style("tổ chức", "organizer", "#ca8a04"),
    "chair": Style("chủ trì", "chair", "#dc2626"),
    "reporter": Style("báo cáo", "reporter", "#0891b2"),
    "speaker": Style("phát biểu", "speaker", "#9333ea"),
    "attendee": Style("dự", "attendee", "#64748b"),
    "holds": Style("giữ chức", "holds a post in", "#15803d"),
    "met": Style("cùng dự", "met at events", "#a1a1aa"),  # drawn on person pages only
}
ROLES: Final = ("chair", "reporter", "speaker", "attendee")  # participation roles
EVENT_ROLES: Final = ("organizer", *ROLES)  # every edge into an event
FILTER_ROLES: Final = (*EVENT_ROLES, "holds")  # the roles the overview can filter on
EDGE_ORDER: Final = {role: i for i, role in enumerate(EDGE_STYLES)}  # most prominent first


def fold(text: str) -> str:
    """Strip Vietnamese tone and vowel marks (đ→d explicitly: it does not decompose).

    >>> fold("Đỗ Thị Minh Hoà")
    'Do Thi Minh Hoa'
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def slug(label: str, iri: str) -> str:
    """File stem: ASCII of the label plus 8 hex of the IRI's sha1 (both from :mod:`kg.ids`).

    >>> slug("Hội nghị Tỉnh ủy Bắc Kạn", "https://w3id.org/vnpol/id/e1")[:22]
    'hoi-nghi-tinh-uy-bac-k'
    """
    return f"{ids.slug(label)}-{ids.short_hash(iri)}"


def local(iri: str) -> str:
    """The last segment of an IRI: ``local("https://w3id.org/vnpol/ontology#Conference")`` → ``Conference``."""
    return re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri


# Labels whose wrapped form and sort key are kept: a views process meets more labels the larger
# the build (at 200,000 articles the overview alone sorted 335,000 names, 21 MiB kept).
_LABELS_KEPT: Final = 1 << 14


def clip(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


@lru_cache(maxsize=_LABELS_KEPT)
def wrap(text: str, width: int = 22, lines: int = 3) -> str:
    """A node label on at most ``lines`` lines of about ``width`` characters."""
    parts = textwrap.wrap(text, width) or [text]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1] + "…"
    return "\n".join(parts)


def show_date(lexical: str) -> str:
    """xsd:date and xsd:gYearMonth as they are; a gMonthDay as day/month, year unknown.

    >>> show_date("--03-19")
    '19/03, năm ?'
    """
    if re.fullmatch(r"--\d\d-\d\d", lexical):
        return f"{lexical[5:7]}/{lexical[2:4]}, năm ?"
    return lexical


@lru_cache(maxsize=_LABELS_KEPT)
def name_key(text: str) -> tuple[str, str]:
    """Sort key of names: alphabetical without tone marks, then exact."""
    return fold(text).casefold(), text


def joined(*parts: str, sep: str = " · ") -> str:
    return sep.join(p for p in parts if p)
