"""Pages → HTML: the jinja2 template, the page code and vis-network; the only pyvis user.

vis-network 9.1.2 and its CSS come from pyvis' package folder (pyvis' own ``cdn_resources``
modes still fetch files from CDNs, so its templates are not used). The CSS rules that only
embed the images of the navigation and editing buttons, which the views do not enable, are
dropped: 13 KB of CSS instead of 220 KB.

Every string that comes from an article reaches the page either HTML-escaped (jinja2
autoescape) or inside JSON with ``<``, ``>``, ``&`` and ``'`` written as ``\\u003c``-style
escapes, and the page code puts hover texts into the DOM with ``textContent``.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO, Any, Final

import jinja2
import pyvis

from kg.views.pages import Page
from kg.views.styles import EDGE_STYLES, FILTER_ROLES, NODE_STYLES

_VIS_DIR: Final = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
_IMAGE_RULE: Final = re.compile(r"""[^{}]+\{[^{}]*url\(\s*["']?data:[^{}]*\}""")
LIB_FILES: Final = ("vis-network.min.js", "vis-network.css")
# Stands for the page's data in the template's output (escaping leaves it as it is; no article
# can hold it: it is drawn anew by each process).
_DATA: Final = f"\u0000kg-data-{secrets.token_hex(16)}\u0000"


@cache
def _package_text(name: str) -> str:
    return resources.files("kg.views").joinpath(name).read_text(encoding="utf-8")


@cache
def library() -> dict[str, str]:
    """vis-network's script and (trimmed) CSS, by file name."""
    js = (_VIS_DIR / LIB_FILES[0]).read_text(encoding="utf-8")
    css = _IMAGE_RULE.sub("", (_VIS_DIR / LIB_FILES[1]).read_text(encoding="utf-8"))
    # Inlined in a <script> element, the library must not contain anything that ends it.
    assert not re.search(r"</script|<!--", js, re.I), "vis-network cannot be inlined as it is"
    return {LIB_FILES[0]: js, LIB_FILES[1]: css}


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env.from_string(_package_text("template.html.j2"))


def _pieces(page: Page, inline: bool) -> Iterator[str]:
    """The page's HTML in pieces; the page's data (``const KG``) in one piece per node or edge."""
    lib = library()
    roles = FILTER_ROLES if page.filters is not None else tuple(EDGE_STYLES)
    for piece in _template().generate(
        page=page, root=page.data["root"], data_json=_DATA, inline=inline,
        vis_js=lib[LIB_FILES[0]], vis_css=lib[LIB_FILES[1]], page_js=_package_text("page.js"),
        node_styles=list(NODE_STYLES.values()),
        edge_styles=[(role, EDGE_STYLES[role]) for role in roles],
    ):
        before, data, after = piece.partition(_DATA)
        yield before
        if data:
            yield from _json_pieces(page.data)
            yield after


def _json_pieces(data: dict[str, Any]) -> Iterator[str]:
    """``data`` as jinja2's ``tojson`` writes it (keys sorted, ``<>&'`` escaped), a list
    item at a time: a big overview's data is 17 MB of JSON, which as one string and its
    escaped copies took 65 MB more."""
    yield "{"
    for n, key in enumerate(sorted(data)):
        yield f"{', ' if n else ''}{_json(key)}: "
        value = data[key]
        if isinstance(value, list):
            yield "["
            for m, item in enumerate(value):
                yield f"{', ' if m else ''}{_json(item)}"
            yield "]"
        else:
            yield _json(value)
    yield "}"


def _json(value: object) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")


def render(page: Page, *, inline: bool) -> str:
    """The HTML of a page; ``inline`` puts vis-network in the page, else it loads ``lib/``."""
    return "".join(_pieces(page, inline))


def write(page: Page, handle: IO[bytes], *, inline: bool) -> None:
    """:func:`render`'s HTML, written to ``handle`` in UTF-8 piece by piece: the page is never
    held whole, as text or as bytes (a big overview's is 18 MB)."""
    for piece in _pieces(page, inline):
        handle.write(piece.encode("utf-8"))
