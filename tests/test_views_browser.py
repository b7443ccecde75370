"""The views in headless Chromium, offline: they draw, load nothing remote, run no injected code.

Debian's chromium is driven by its path (no browser download); the network is off and every
request that is not for a file:// URL is recorded and aborted. Screenshots go to
tests/_artifacts/.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from test_views import sample_graph
from test_views_store import build_sample

from kg import views

pytestmark = pytest.mark.browser

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
PWNED = "<script>window.__pwned=1</script>"
ARTIFACTS = Path(__file__).parent / "_artifacts"
COUNTS = """() => [KG.nodes.length, KG.edges.length,
  kgNetwork.body.nodeIndices.length, kgNetwork.body.edgeIndices.length,
  kgNetwork.body.data.nodes.length, kgNetwork.body.data.edges.length]"""
DRAWN = "() => [kgNetwork.body.nodeIndices.length, kgNetwork.body.edgeIndices.length]"


def find_chromium() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


@dataclass
class Watch:
    """Everything a page did that it should not have."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser")
    return views.write_views(sample_graph(PWNED), out).index.parent


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("sample-build"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium: install the Debian package `chromium` or put it on PATH")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page_and_watch(browser: Any) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_offline(True)
    watch = Watch()

    def route(r: Any) -> None:
        watch.blocked.append(r.request.url)
        r.abort()

    context.route(lambda url: not url.startswith("file://"), route)
    page = context.new_page()
    page.on("console", lambda m: watch.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.page_errors.append(str(e)))
    page.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss()))
    yield page, watch
    context.close()


def _open(page: Any, path: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_function("window.__kgDrawn !== undefined", timeout=20_000)


def _assert_clean(page: Any, watch: Watch, name: str | None) -> None:
    nodes, edges, drawn_nodes, drawn_edges, data_nodes, data_edges = page.evaluate(COUNTS)
    assert nodes > 0 and (edges > 0 or nodes == 1)  # an event may have no participant
    assert (drawn_nodes, drawn_edges) == (nodes, edges) == (data_nodes, data_edges)
    assert page.evaluate("window.__pwned") is None
    assert watch == Watch(), watch
    if name:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _hover_canvas_point(page: Any, js_point: str) -> str:
    """Move the mouse to a canvas point (vis coordinates) and return the tooltip's text."""
    box = page.locator("#kg-network").bounding_box()
    point = page.evaluate(f"() => kgNetwork.canvasToDOM({js_point})")
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert tooltip.locator("img, script").count() == 0
    return str(tooltip.inner_text())


def test_index_draws_offline(site: Path, page_and_watch: tuple[Any, Watch]) -> None:
    page, watch = page_and_watch
    _open(page, site / "index.html")
    _assert_clean(page, watch, "index")
    assert "Hoàng Duy Chinh" in page.inner_text("aside")
    page.fill("#kg-search", "hoang duy")
    assert page.locator("aside li[data-name]:visible").count() == 1


def _filtered(page: Any) -> list[int]:
    """Nodes and edges drawn, checked against what the filters leave in the page's data."""
    drawn = page.evaluate(DRAWN)
    assert drawn == page.evaluate("kgShown")
    return list(drawn)


def test_index_filters_by_body_date_and_role(site: Path, page_and_watch: tuple[Any, Watch]) -> None:
    page, watch = page_and_watch
    _open(page, site / "index.html")
    everything = _filtered(page)
    page.select_option("#kg-body", label=page.locator("#kg-body option", has_text="Hội đồng nhân dân").inner_text())
    # the council, the session it organised, and the people there and holding its posts
    assert _filtered(page)[0] == 1 + 1 + 4
    page.click("button[type=reset]")
    page.wait_for_function(f"kgShown[0] === {everything[0]}")
    page.fill("#kg-from", "2023-07-01")
    page.dispatch_event("#kg-from", "change")
    names = page.evaluate("kgNetwork.body.nodeIndices.map((id) => KG.nodes[id].name)")
    assert "Kỳ họp thứ 10 HĐND tỉnh" in names and "Hội nghị Tỉnh ủy lần thứ 15" not in names
    page.click("button[type=reset]")
    for role in ("organizer", "reporter", "speaker", "attendee", "holds"):
        page.uncheck(f"input[data-role={role}]")
    roles = page.evaluate("kgNetwork.body.edgeIndices.map((id) => KG.edges[id].roles[0])")
    assert _filtered(page)[1] == 2 and set(roles) == {"chair"}
    assert watch == Watch(), watch
    page.screenshot(path=str(ARTIFACTS / "index-filtered.png"))


def test_event_page_draws_offline(site: Path, page_and_watch: tuple[Any, Watch]) -> None:
    page, watch = page_and_watch
    _open(page, next((site / "event").glob("hoi-nghi-tinh-uy-lan-thu-15-*.html")))
    _assert_clean(page, watch, "event")
    assert PWNED in page.inner_text("aside")  # the hostile name is shown as text


def test_body_page_draws_offline(site: Path, page_and_watch: tuple[Any, Watch]) -> None:
    page, watch = page_and_watch
    _open(page, next((site / "body").glob("tinh-uy-bac-kan-*.html")))
    _assert_clean(page, watch, "body")
    assert "Bí thư Tỉnh ủy Bắc Kạn" in page.inner_text("aside")


def test_person_page_shows_hostile_strings_as_text(
    site: Path, page_and_watch: tuple[Any, Watch]
) -> None:
    page, watch = page_and_watch
    _open(page, next((site / "person").glob("script-window-pwned-1-script-*.html")))
    _assert_clean(page, watch, "person-hostile")
    assert PWNED in page.inner_text("h1")
    # hover the middle of the edge from the person (at the centre) to the event
    text = _hover_canvas_point(
        page, "(() => { const p = kgNetwork.getPositions([0, 1]);"
              " return {x: (p[0].x + p[1].x) / 2, y: (p[0].y + p[1].y) / 2}; })()")
    assert "<img src=x onerror=alert(2)>" in text
    assert page.evaluate("window.__pwned") is None and watch.dialogs == []


def test_person_page_is_readable(site: Path, page_and_watch: tuple[Any, Watch]) -> None:
    page, watch = page_and_watch
    _open(page, next((site / "person").glob("hoang-duy-chinh-*.html")))
    _assert_clean(page, watch, "person")
    assert page.locator(".legend").is_visible()
    text = _hover_canvas_point(page, "{x: 0, y: 0}")
    assert "Hoàng Duy Chinh" in text and "Bí thư Tỉnh ủy Bắc Kạn" in text


def _most_drawn(folder: Path) -> Path:
    """The page of a folder with the most nodes (the most telling screenshot)."""
    return max(sorted(folder.glob("*.html")), key=lambda p: p.read_text("utf-8").count('"kind": '))


def test_sample_build_views_work(sample_site: Path, page_and_watch: tuple[Any, Watch]) -> None:
    """Every page of a real `kg build kg/sample` (through the store) draws cleanly offline."""
    page, watch = page_and_watch
    _open(page, sample_site / "index.html")
    _assert_clean(page, watch, "sample-index")
    shots = {_most_drawn(sample_site / kind): f"sample-{kind}" for kind in ("person", "event", "body")}
    for path in sorted(sample_site.glob("*/*.html")):
        _open(page, path)
        _assert_clean(page, watch, shots.get(path))
        assert page.inner_text("h1").strip()
    _open(page, _most_drawn(sample_site / "person"))
    text = _hover_canvas_point(page, "{x: 0, y: 0}")  # the person, at the centre
    assert page.inner_text("h1") in text and "Chức vụ:" in text
