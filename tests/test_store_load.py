"""The store is bulk-loaded in slices of lines; what it holds does not depend on where they fall."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import store

ID = "https://w3id.org/vnpol/id/"


def nquads(count: int) -> str:
    """``count`` statements over three graphs, with literals that need escaping."""
    return "".join(f'<{ID}s{i % 7}> <{ID}p{i % 3}> "giá trị \\"{i}\\"\\n"@vi <{ID}graph/g{i % 3}> .\n'
                   for i in range(count))


def held(folder: Path) -> set[str]:
    db = ox.Store.read_only(str(folder))
    return {str(quad) for quad in db}


@pytest.mark.parametrize("lines", [1, 4, 25, 100_000])
def test_a_store_loaded_in_slices_holds_every_statement_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               lines: int) -> None:
    source = tmp_path / "all.nq"
    source.write_text(nquads(25), encoding="utf-8")
    monkeypatch.setattr(store, "_CHUNK_LINES", lines)
    store.build(tmp_path / "store", [source])
    whole = ox.Store()
    whole.load(source.read_bytes(), format=ox.RdfFormat.N_QUADS)
    loaded = held(tmp_path / "store")
    assert loaded == {str(quad) for quad in whole}
    assert len(loaded) == 25


def test_replaced_statements_leave_before_the_rest_comes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "_CHUNK_LINES", 3)
    lines = nquads(10).splitlines(keepends=True)
    first, replaced, rest = tmp_path / "first.nq", tmp_path / "replaced.nq", tmp_path / "rest.nq"
    first.write_text("".join(lines), encoding="utf-8")
    replaced.write_text("".join(lines[2:5]), encoding="utf-8")
    rest.write_text("".join(line.replace("/s", "/t") for line in lines[2:5]), encoding="utf-8")
    folder = tmp_path / "partial"
    store.load_into(folder, [first])
    store.load_into(folder, [rest], replaced)
    store.finish(folder, tmp_path / "store")
    expected = ox.Store()
    expected.load("".join(lines[:2] + lines[5:]).encode() + rest.read_bytes(), format=ox.RdfFormat.N_QUADS)
    assert held(tmp_path / "store") == {str(quad) for quad in expected}
    assert not folder.exists()
