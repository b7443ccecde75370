"""Rebuilds redo only what changed: content-hash cache, no-change fast path, removed articles."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from kg import cache, pipeline, readers, validate

SAMPLE = Path(__file__).resolve().parents[1] / "kg" / "sample"


def build(src: Path, out: Path) -> dict[str, object]:
    pipeline.build([src], pipeline.BuildOptions(out=out, views=False))
    assert not validate.check(out)
    report: dict[str, object] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return report


def test_an_edited_article_is_the_only_one_extracted_again(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(SAMPLE, src)
    assert build(src, out)["extracted"] == 6
    first = (out / "graph.ttl").read_bytes()
    assert build(src, out)["extracted"] == 0  # nothing changed
    assert (out / "graph.ttl").read_bytes() == first
    edited = sorted(src.glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("Cù Ngọc Cường", "Lý Văn Khang"), encoding="utf-8")
    assert build(src, out)["extracted"] == 1
    graph = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "Lý Văn Khang" in graph


def test_other_code_under_the_same_version_builds_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A checkout whose code changed but not its version number does not reuse what the code
    before extracted and wrote (a development checkout once kept views of the old code)."""
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(SAMPLE, src)
    assert build(src, out)["extracted"] == 6
    assert build(src, out)["extracted"] == 0
    monkeypatch.setattr(cache, "code_version", lambda: "other code")
    monkeypatch.setattr(pipeline, "code_version", lambda: "other code")
    assert build(src, out)["extracted"] == 6


def test_a_removed_article_leaves_no_graph(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(SAMPLE, src)
    build(src, out)
    gone = sorted(src.glob("*.txt"))[-1]
    identifier = gone.stem
    gone.unlink()
    report = build(src, out)
    assert report["articles"] == 5 and report["extracted"] == 0
    assert f'"{identifier}"' not in (out / "graph.trig").read_text(encoding="utf-8")


def test_the_entries_of_removed_articles_leave_the_cache(tmp_path: Path) -> None:
    """The cache keeps the entries the last build used, and a rebuild of the same articles
    (their files touched, so read again) is found up to date from the keys it used."""
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(SAMPLE, src)
    build(src, out)
    for gone in sorted(src.glob("*.txt"))[-2:]:
        gone.unlink()
    assert build(src, out)["extracted"] == 0
    entries = cache.Cache(out / ".cache")
    (count,) = entries.db.execute("SELECT COUNT(*) FROM articles").fetchone()
    entries.close()
    assert count == 4
    manifest = (out / ".cache" / "manifest").read_text(encoding="utf-8")
    written = (out / "graph.ttl").stat().st_mtime_ns
    for kept in src.glob("*.txt"):
        os.utime(kept, (1_000_000_000, 1_000_000_000))
    assert build(src, out)["extracted"] == 0
    assert (out / ".cache" / "manifest").read_text(encoding="utf-8") == manifest
    assert (out / "graph.ttl").stat().st_mtime_ns == written  # up to date: no output made again


def test_a_moved_corpus_is_not_extracted_again(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE, tmp_path / "a")
    build(tmp_path / "a", tmp_path / "out")
    (tmp_path / "a").rename(tmp_path / "b")
    report = build(tmp_path / "b", tmp_path / "out")
    assert report["extracted"] == 0
    assert all(str(source).startswith(str(tmp_path / "b")) for source in report["built"])  # type: ignore[union-attr]


def test_an_untouched_corpus_is_not_even_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(SAMPLE, src)
    first = sorted(SAMPLE.glob("*.txt"))[0]
    (src / "utf16.txt").write_bytes(first.read_text(encoding="utf-8").encode("utf-16"))  # read with a note
    before = build(src, out)
    graph = (out / "graph.ttl").read_bytes()

    def unread(path: Path) -> None:
        raise AssertionError(f"{path} was read")

    with monkeypatch.context() as patch:
        patch.setattr(readers, "read", unread)
        report = build(src, out)
    assert report["extracted"] == 0 and report["articles"] == 7 and len(report["inputs"]) == 7  # type: ignore[arg-type]
    assert report == before | {"extracted": 0}  # read from the last report a piece at a time, and written back
    assert [row["notes"] for row in report["inputs"] if row["notes"]]  # type: ignore[index, union-attr]
    assert (out / "graph.ttl").read_bytes() == graph
    touched = sorted(src.glob("*.txt"))[0]
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    with monkeypatch.context() as patch:  # a file that looks changed is read, and found the same
        patch.setattr(readers, "read", unread)
        with pytest.raises(AssertionError, match="was read"):
            build(src, out)
    assert build(src, out)["extracted"] == 0


def test_cache_entries_are_committed_as_they_come(tmp_path: Path) -> None:
    from kg.cache import _COMMIT_EVERY, Cache
    writing = Cache(tmp_path / "c")
    for i in range(_COMMIT_EVERY + 10):
        writing.put(f"k{i}", b"x")
    reading = Cache(tmp_path / "c")  # another connection: what a build after a killed one would see
    (count,) = reading.db.execute("SELECT COUNT(*) FROM articles").fetchone()
    assert count == _COMMIT_EVERY
    reading.close()
    writing.close()


def test_builds_agree_whatever_the_jobs_and_what_ran_before(tmp_path: Path) -> None:
    """The workers leave out merged statements they staged already: per build, never across
    builds of one process, and the graph is the same with one process or a pool."""
    src = tmp_path / "src"
    src.mkdir()
    for copy in range(12):  # 72 articles: enough for a pool of workers to start
        for path in sorted(SAMPLE.glob("*.txt")):
            shutil.copy(path, src / f"{path.stem}-{copy}.txt")
    graphs = []
    for name, jobs in (("one", 1), ("pool", 2), ("again", 1)):
        pipeline.build([src], pipeline.BuildOptions(out=tmp_path / name, views=False, jobs=jobs))
        graphs.append((tmp_path / name / "graph.trig").read_bytes())
    assert graphs[0] == graphs[1] == graphs[2]
