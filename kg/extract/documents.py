"""Documents referred to: "Nghị quyết số 29-NQ/TU của Ban Thường vụ Tỉnh ủy"."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import regex

from kg.model import Body, DocumentRef, Span

_DOCUMENT = regex.compile(
    r"(?P<kind>Nghị quyết|Chỉ thị|Kết luận|Quyết định|Quy định|Kế hoạch|Thông báo|Hướng dẫn|Đề án)"
    r"\s+(?i:số)\s+(?P<number>\d+[\w/.\-]*\w)"
)
# Documents named after the meeting that adopted them ("Nghị quyết Hội nghị lần thứ 10", "Văn kiện
# Đại hội XIV"): their event word and its ordinal are not a meeting the article reports.
NAMED_AFTER_EVENT = r"(?i:nghị quyết|chỉ thị|quy định|văn kiện)"
_ISSUER_GAP = regex.compile(r"^\s*(?:,\s*)?(?:ngày\s+[\d/]+\s+)?của\s+$")


def documents_in(text: str, bodies: Sequence[tuple[Span, Body]]) -> Iterator[DocumentRef]:
    for match in _DOCUMENT.finditer(text):
        # The bodies are in text order and none overlap: only the first one after can be the issuer.
        after = next(((s, b) for s, b in bodies if s.start >= match.end()), None)
        issuer = after[1] if after and _ISSUER_GAP.match(text[match.end() : after[0].start]) else None
        label = f"{match.group('kind')} số {match.group('number')}"
        yield DocumentRef(label, Span(match.start(), match.end(), match.group()), match.group("number"), issuer)
