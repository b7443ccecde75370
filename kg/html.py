"""Article text, headline and date from a saved HTML page: the only module that imports trafilatura.

trafilatura drops menus, footers, scripts and comments and keeps the article's paragraphs;
its metadata gives the headline (``og:title``, ``<h1>``, ``<title>``) and the publication
date (``article:published_time`` and the like, via htmldate). The headline opens the
text, as in a ``.txt`` article, so the extractors see it.

The bytes are decoded as the page declares (``<meta charset>``) when that works, else as
any article file is (``kg.encodings``).
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

import regex
import trafilatura

from kg import encodings

_CHARSET = regex.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", regex.I)


@dataclass(frozen=True, slots=True)
class Page:
    text: str  # the headline (when there is one) and the article's paragraphs, one per line
    title: str | None
    date: str | None  # YYYY-MM-DD
    notes: tuple[str, ...] = ()


def read_page(data: bytes) -> Page:
    """The article in an HTML page; ``ValueError`` when the page has none."""
    decoded = decode_page(data)
    document = trafilatura.bare_extraction(decoded.text, with_metadata=True, include_comments=False,
                                           include_tables=True, deduplicate=False)
    body = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if not body:
        raise ValueError("an HTML page without article text (no paragraphs found): not an article")
    title = (getattr(document, "title", None) or "").strip() or None
    date = getattr(document, "date", None) or None
    if title and not body.startswith(title):
        body = f"{title}\n{body}"
    return Page(body, title, str(date) if date else None, decoded.notes)


def decode_page(data: bytes) -> encodings.Decoded:
    """The page's declared charset when it decodes the page; else the usual detection."""
    declared = _declared(data)
    if declared and declared not in ("utf-8", "utf-16", "utf-32"):
        try:
            text = data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            found = encodings.Decoded(unicodedata.normalize("NFC", text), declared,
                                      (f"encoding: {declared} (declared by the page)",))
            return encodings.recover_legacy(found)  # old sites declare Latin-1 and set TCVN3 fonts
    return encodings.decode(data)


def _declared(data: bytes) -> str | None:
    match = _CHARSET.search(data[:4096])
    if match is None:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name.replace("_", "-")
    except LookupError:
        return None
