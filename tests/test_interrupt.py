"""A build killed at any moment leaves the previous out/ whole and readable; the next build cleans up.

A real build of a synthetic corpus runs in its own process group and is killed (SIGKILL,
workers included) at several moments: while it reads, while the store loads, while each
dump, the views and the report are written. After each kill every output must be whole:
either the previous build's or the new one's, never a mix inside one file.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import rdflib

from kg import outputs, pipeline, store
from kg.errors import OutputError

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "kg" / "sample"
ARTICLES = 80  # more than pipeline._PARALLEL_FROM: worker processes are killed too
# (what to wait for in out/ before killing, a glob, or seconds after the start); the store is
# loaded in the build's folder, then exchanged with out/store in one step
MOMENTS: list[str | float] = [0.3, ".build-*", ".build-*/store", ".graph.ttl.*", ".graph.trig.*", ".views-*",
                              ".report.json.*"]
# rdflib's own TriG parser calls its deprecated Dataset API internally.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
OUTPUTS = {".lock", ".cache", "build.ttl", "graph.ttl", "graph.trig", "report.json", "store", "views"}


def big_corpus(folder: Path) -> Path:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.glob("*.txt"))]
    folder.mkdir()
    with open(folder / "big.jsonl", "w", encoding="utf-8") as fh:
        for i in range(ARTICLES):
            text = texts[i % len(texts)].replace("Bắc Kạn", f"Bắc Kạn {i // len(texts)}")
            fh.write(json.dumps({"id": f"a{i}", "text": text}, ensure_ascii=False) + "\n")
    return folder


def start(corpus: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "-j", "2"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def kill_at(proc: subprocess.Popen[bytes], out: Path, moment: str | float) -> bool:
    """SIGKILL the build's whole process group at ``moment``; False when it finished first."""
    started = time.monotonic()
    while proc.poll() is None:
        seen = isinstance(moment, str) and next(out.glob(moment), None) is not None
        if seen or (isinstance(moment, float) and time.monotonic() - started >= moment):
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.002)
    return False


def counts(out: Path) -> tuple[int, int, int, int]:
    """Triples in graph.ttl, quads in graph.trig, articles in report.json, statements in the store."""
    ttl = rdflib.Graph().parse(data=(out / "graph.ttl").read_text(encoding="utf-8"), format="turtle")
    trig = rdflib.Dataset().parse(data=(out / "graph.trig").read_text(encoding="utf-8"), format="trig")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    db = store.Store.open(out / "store")
    try:
        return len(ttl), len(list(trig.quads())), report["articles"], len(db)
    finally:
        del db


def test_killed_builds_leave_the_previous_outputs_whole(tmp_path: Path) -> None:
    corpus = big_corpus(tmp_path / "corpus")
    subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(tmp_path / "ref"), "-j", "2"],
                   cwd=ROOT, check=True, capture_output=True)
    new = counts(tmp_path / "ref")
    out = tmp_path / "out"
    pipeline.build([SAMPLE], pipeline.BuildOptions(out=out))
    old = counts(out)
    assert old != new
    killed = []
    for moment in MOMENTS:
        if kill_at(start(corpus, out), out, moment):
            killed.append(moment)
        now = counts(out)
        for i, value in enumerate(now):  # each output is the old build's or the new one's
            assert value in (old[i], new[i]), (moment, i, now, old, new)
        assert (out / "views" / "index.html").is_file(), moment
    assert len(killed) >= 4, killed  # most moments were caught mid-build
    pipeline.build([SAMPLE], pipeline.BuildOptions(out=out))
    assert counts(out) == old
    assert set(os.listdir(out)) == OUTPUTS  # nothing the killed builds left behind


def test_a_store_or_views_caught_mid_swap_is_put_back(tmp_path: Path) -> None:
    out = tmp_path / "out"
    pipeline.build([SAMPLE], pipeline.BuildOptions(out=out))
    before = counts(out)
    (out / "store").rename(out / ".store-old-4242")  # killed between the two renames of a swap
    (out / "views").rename(out / ".views-old-4242")
    for leftover in (".build-x1", ".store-x2", ".views-x3"):
        (out / leftover).mkdir()
    (out / ".graph.ttl.abc").write_text("half", encoding="utf-8")
    outputs.clean_stale(out)
    assert set(os.listdir(out)) == OUTPUTS
    assert counts(out) == before


def test_two_builds_into_one_folder_do_not_run_at_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    held = outputs.lock(out)
    try:
        with pytest.raises(OutputError, match="another kg build is writing there"):
            pipeline.build([SAMPLE], pipeline.BuildOptions(out=out, views=False))
    finally:
        held.close()
    pipeline.build([SAMPLE], pipeline.BuildOptions(out=out, views=False))  # the lock went with its holder


def _files_at_most(size: int) -> None:
    """In a child before it runs: a write past ``size`` bytes fails with EFBIG, as a full disk
    fails with ENOSPC (the signal that would kill the process ignored)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


@pytest.mark.parametrize("limit", [20_000, 300_000])  # staging the articles; writing the views
def test_a_build_that_cannot_write_stops_with_a_clear_error_and_the_outputs_whole(tmp_path: Path,
                                                                                 limit: int) -> None:
    corpus, out = big_corpus(tmp_path / "corpus"), tmp_path / "out"
    pipeline.build([SAMPLE], pipeline.BuildOptions(out=out))
    old = counts(out)
    failed = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "-j", "2"],
                            cwd=ROOT, capture_output=True, text=True, preexec_fn=lambda: _files_at_most(limit))
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    assert failed.stderr.startswith(f"Error: {out}: the build stopped: File too large"), failed.stderr
    now = counts(out)
    assert now[2:] == old[2:]  # the report and the store are the last build's
    assert set(os.listdir(out)) == OUTPUTS  # its folders gone
    pipeline.build([corpus], pipeline.BuildOptions(out=out, jobs=2))  # and the next build runs
    assert counts(out)[2] == ARTICLES
