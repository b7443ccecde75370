"""Article text, headline and date from a saved HTML page: the only module that imports trafilatura.

trafilatura drops menus, footers, scripts and comments and keeps the article's paragraphs;
its metadata gives the headline (``og:title``, ``<h1>``, ``<title>``) and the publication
date (``article:published_time`` and the like, via htmldate). The headline opens the
text, as in a ``.txt`` article, so the extractors see it.

Valid UTF-8 is read as UTF-8 (pages often declare Latin-1 and send UTF-8); other bytes as
the page declares (``<meta charset>``) when that works, else as any article file is
(``kg.encodings``).
"""

from __future__ import annotations

import codecs
import logging
import unicodedata
from dataclasses import dataclass

import regex
import trafilatura

from kg import encodings

for _name in ("trafilatura", "htmldate", "courlan", "justext"):  # their complaints about a page are ours to say
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False
MIN_WORDS = 10  # less text than this on a page is a menu, an error page or a redirect, not an article
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
    if not decoded.text.strip():
        raise ValueError("empty article (no text)")
    document = trafilatura.bare_extraction(decoded.text, with_metadata=True, include_comments=False,
                                           include_tables=True, deduplicate=False)
    body = (getattr(document, "text", None) or "").strip() if document is not None else ""
    title = (getattr(document, "title", None) or "").strip() or None
    if len(body.replace(title or "", "").split()) < MIN_WORDS:
        raise ValueError(f"an HTML page without article text (fewer than {MIN_WORDS} words): not an article")
    date = getattr(document, "date", None) or None
    if title and not body.startswith(title):
        body = f"{title}\n{body}"
    return Page(body, title, str(date) if date else None, decoded.notes)


def decode_page(data: bytes) -> encodings.Decoded:
    """UTF-8 when the page is valid UTF-8 (whatever it declares); else its declared charset; else detection."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return encodings.decode(data)
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
