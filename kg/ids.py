"""Deterministic IRIs: the same input always gives the same identifiers.

An IRI is ``<base><kind>/<slug>-<hash>``: the slug is a readable ASCII form of the
label (tone marks dropped, đ → d), the hash (8 hex digits of SHA-1) tells apart
labels that fold to the same slug ("Lê Văn Tâm" and "Lê Văn Tám").
"""

from __future__ import annotations

import hashlib
import unicodedata

import regex

from kg import memo

DEFAULT_BASE = "https://w3id.org/vnpol/id/"
_NON_SLUG = regex.compile(r"[^a-z0-9]+")


@memo.cached(65536)  # the same labels recur: an article's id in each of its quotes
def slug(text: str, limit: int = 60) -> str:
    """ASCII, lower case, words joined by hyphens.

    >>> slug("Bí thư Tỉnh ủy Bắc Kạn"), slug("Đặng Tuyết")
    ('bi-thu-tinh-uy-bac-kan', 'dang-tuyet')
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()
    return _NON_SLUG.sub("-", ascii_text.lower()).strip("-")[:limit].rstrip("-") or "x"


def short_hash(*parts: str) -> str:
    return long_hash(*parts)[:8]


def long_hash(*parts: str) -> str:
    """For IRIs made of a hash alone (no slug to tell them apart): 64 bits, no collision in
    billions of nodes, where ``short_hash``'s 32 bits collide after ~100,000."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


@memo.cached(131072)
def mint(base: str, kind: str, label: str, *key: str) -> str:
    """``mint(base, "person", "Hoàng Duy Chinh")`` → ``<base>person/hoang-duy-chinh-<hash>``."""
    return f"{base}{kind}/{slug(label)}-{short_hash(label, *key)}"


def participation(base: str, event: str, role: str, agent: str) -> str:
    """The build's node of ``agent`` taking ``role`` in ``event`` over all articles (kg.identity)."""
    return f"{base}participation/{long_hash(event, role, agent)}"


def tenure(base: str, person: str, post: str, former: bool) -> str:
    """The build's node of ``person`` holding ``post``, now or ``former``ly, over all articles (kg.identity)."""
    return f"{base}tenure/{long_hash(person, post, 'former' if former else '')}"


def base_of(iri: str) -> str:
    """The base an IRI minted here was made under (``<base><kind>/<name>``)."""
    return iri.rsplit("/", 2)[0] + "/"


def article_iri(base: str, article_id: str) -> str:
    return f"{base}article/{slug(article_id, 80)}-{short_hash(article_id)}"
