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

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Final

import jinja2
import pyvis

from kg.views.pages import Page
from kg.views.styles import EDGE_STYLES, FILTER_ROLES, NODE_STYLES

_VIS_DIR: Final = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
_IMAGE_RULE: Final = re.compile(r"""[^{}]+\{[^{}]*url\(\s*["']?data:[^{}]*\}""")
LIB_FILES: Final = ("vis-network.min.js", "vis-network.css")


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
    # tojson escapes < > & ' as \\u003c…, so "</script>" in the data cannot end the script.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env.from_string(_package_text("template.html.j2"))


def render(page: Page, *, inline: bool) -> str:
    """The HTML of a page; ``inline`` puts vis-network in the page, else it loads ``lib/``."""
    lib = library()
    roles = FILTER_ROLES if page.filters is not None else tuple(EDGE_STYLES)
    return _template().render(
        page=page, root=page.data["root"], data=page.data, inline=inline,
        vis_js=lib[LIB_FILES[0]], vis_css=lib[LIB_FILES[1]], page_js=_package_text("page.js"),
        node_styles=list(NODE_STYLES.values()),
        edge_styles=[(role, EDGE_STYLES[role]) for role in roles],
    )
