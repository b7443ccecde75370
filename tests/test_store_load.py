"""The store is bulk-loaded in slices of lines; what it holds does not depend on where they fall."""

from __future__ import annotations

import shutil
import subprocess
import sys
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


_REMOVE_IN_A_FRESH_PROCESS = """
import sys, threading, time
from pathlib import Path
import pyoxigraph as ox
from kg import store

def anonymous():  # KiB of the process's own memory (not files mapped)
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("RssAnon"))

most = [0]
def sample():
    while True:
        most[0] = max(most[0], anonymous())
        time.sleep(0.005)

store._CHUNK_LINES = int(sys.argv[3])
db = ox.Store(sys.argv[1])
opened = anonymous()
threading.Thread(target=sample, daemon=True).start()
store._remove(db, Path(sys.argv[2]))
time.sleep(0.02)
print(most[0] - opened, len(db))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the process's memory from /proc")
def test_removals_are_flushed_as_they_go_not_held_until_the_load_ends(tmp_path: Path) -> None:
    """A removal waits in memory until the store flushes it: 100,000 statements removed in
    slices, each flushed, took 9 MiB here; all at once, 66 (see ``store._remove``)."""
    source = tmp_path / "all.nq"
    source.write_text("".join(f'<{ID}s{i}> <{ID}p{i % 3}> "giá trị {i}"@vi <{ID}graph/g{i % 50}> .\n'
                              for i in range(100_000)), encoding="utf-8")
    store.load_into(tmp_path / "store", [source])

    def grown_by(slice_lines: int) -> int:
        shutil.copytree(tmp_path / "store", tmp_path / "copy", dirs_exist_ok=False)
        try:
            run = subprocess.run([sys.executable, "-c", _REMOVE_IN_A_FRESH_PROCESS, str(tmp_path / "copy"),
                                  str(source), str(slice_lines)], capture_output=True, text=True, check=True)
        finally:
            shutil.rmtree(tmp_path / "copy")
        grown_kib, left = map(int, run.stdout.split())
        assert left == 0
        return grown_kib // 1024

    sliced, whole = grown_by(5_000), grown_by(1_000_000)
    assert sliced < 25 < whole, (sliced, whole)


def test_an_iri_read_in_many_rows_is_one_string(tmp_path: Path) -> None:
    """The views keep what they read in sets and tuples: an IRI named by many rows is held once."""
    db = store.Store.in_memory(nquads(25))
    rows = db.rows("SELECT ?s ?o WHERE { ?s ?p ?o }")
    subjects = [s for s, _o in rows if s == f"{ID}s1"]
    assert len(subjects) > 1 and all(s is subjects[0] for s in subjects)
    assert all(isinstance(o, str) for _s, o in rows)


def max_open_files(folder: Path) -> int:
    """What RocksDB wrote in the newest OPTIONS file of the store in ``folder`` when it opened it."""
    newest = max(folder.glob("OPTIONS-*"), key=lambda path: int(path.name.split("-")[1]))
    for line in newest.read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("max_open_files="):
            return int(line.split("=")[1])
    raise AssertionError(f"{newest}: no max_open_files")


needs_rlimit = pytest.mark.skipif(sys.platform == "win32", reason="no limit on open files to lower on Windows")


@needs_rlimit
def test_a_store_being_loaded_keeps_few_of_its_files_open_and_the_limit_is_put_back(tmp_path: Path) -> None:
    import resource

    before = resource.getrlimit(resource.RLIMIT_NOFILE)
    if 0 <= before[0] <= store._TABLES_OPEN + store._OXIGRAPH_OWN_FILES:
        pytest.skip(f"the limit on open files is {before[0]} already")
    source = tmp_path / "all.nq"
    source.write_text(nquads(25), encoding="utf-8")
    store.load_into(tmp_path / "store", [source])
    assert max_open_files(tmp_path / "store") == store._TABLES_OPEN  # 20,000 less 48 on this machine without
    assert resource.getrlimit(resource.RLIMIT_NOFILE) == before
    store.finish(tmp_path / "store", tmp_path / "done")
    assert max_open_files(tmp_path / "done") == store._TABLES_OPEN
    assert len(held(tmp_path / "done")) == 25


@needs_rlimit
def test_the_limit_on_open_files_is_left_alone_when_the_process_has_many_open(tmp_path: Path) -> None:
    import resource

    before = resource.getrlimit(resource.RLIMIT_NOFILE)
    if 0 <= before[0] <= 200:
        pytest.skip(f"the limit on open files is {before[0]}")
    source = tmp_path / "all.nq"
    source.write_text(nquads(25), encoding="utf-8")
    handles = [open(source, "rb") for _ in range(store._TABLES_OPEN)]  # noqa: SIM115 - held open on purpose
    try:
        store.load_into(tmp_path / "store", [source])
    finally:
        for handle in handles:
            handle.close()
    assert max_open_files(tmp_path / "store") == before[0] - store._OXIGRAPH_OWN_FILES
    assert len(held(tmp_path / "store")) == 25
