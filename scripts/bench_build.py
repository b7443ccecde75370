#!/usr/bin/env python3
"""Benchmark `kg build` on synthetic corpora of N articles, stage by stage.

The corpus is made from the bundled sample articles (kg/sample) with varied names, posts,
places and dates, about 6 KB an article, written as JSONL files of 1,000 articles. For
each N it prints articles/s and MB/s for: reading + normalising (the floor), extraction
(a first pass over a sample, then a second one with the parse caches warm, as they are for
most articles of a big build), the N-Quads mapping, extraction alone in the worker pool and the
pool as the build runs it (extraction, mapping, staging); the extraction rate as a fraction
of the floor; then the whole `kg build` in a fresh process (wall time; peak RSS and CPU
seconds of each of its processes; the disk it used at most, sampled, and what it left), its
stages (store load, dumps, views ...) and a no-change rebuild.

    python scripts/bench_build.py 1000 10000 --jobs 2
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg import lexicon, mapping, patterns, pipeline, store, workers  # noqa: E402
from kg.extract import extract  # noqa: E402
from kg.model import Article  # noqa: E402

SAMPLE_PEOPLE = ["Hoàng Duy Chinh", "Phương Thị Thanh", "Nguyễn Đăng Bình", "Cù Ngọc Cường",
                 "Triệu Thị Thu Hoài", "Hoàng Hà Bắc"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
            "Nông", "Triệu", "Lò", "Hà", "Lương", "Đinh", "Mai"]
MIDDLES = ["Văn", "Thị", "Đức", "Ngọc", "Minh", "Quang", "Thanh", "Hữu", "Xuân", "Thu"]
GIVENS = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Khánh", "Lan", "Long", "Mai", "Nam",
          "Nga", "Phong", "Quân", "Sơn", "Thảo", "Trung", "Tuấn", "Vân", "Yến"]
TARGET_BYTES = 6000


def provinces() -> list[str]:
    lex = lexicon.load()
    return sorted({e.canonical for es in lex.places.values() for e in es if e.parent is None and e.level == "tỉnh"})


def synthetic(n: int, folder: Path, seed: int = 7) -> int:
    """Write ``n`` articles as JSONL files under ``folder``; return the bytes of text written.
    A corpus this function wrote there before with the same ``n`` and seed is used again."""
    made = folder.with_name(f"{folder.name}.json")  # beside it: the build reads every file in it
    if made.exists() and (known := json.loads(made.read_text()))["articles"] == n and known["seed"] == seed:
        return int(known["bytes"])
    if folder.exists():
        sys.exit(f"{folder} holds something else than a corpus of {n} articles (seed {seed}): remove it first")
    rng = random.Random(seed)
    samples = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "kg" / "sample").glob("*.txt"))]
    places, total = provinces(), 0
    folder.mkdir(parents=True)
    for start in range(0, n, 1000):
        with open(folder / f"part-{start // 1000:05d}.jsonl", "w", encoding="utf-8") as fh:
            for i in range(start, min(n, start + 1000)):
                record = _article(i, rng, samples, places)
                total += len(record["text"].encode("utf-8"))
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    made.write_text(json.dumps({"articles": n, "seed": seed, "bytes": total}))
    return total


def _article(i: int, rng: random.Random, samples: list[str], places: list[str]) -> dict[str, str]:
    names = {old: f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}" for old in SAMPLE_PEOPLE}
    year, month, day = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
    body = ""
    while len(body.encode("utf-8")) < TARGET_BYTES:
        body += re.sub(r"^date \S+\n", "", rng.choice(samples)) + "\n\n"
    for old, new in names.items():
        body = body.replace(old, new)
    body = body.replace("Bắc Kạn", rng.choice(places))
    body = re.sub(r"\b(\d{1,2})/(\d{1,2})/20\d\d\b", f"{day}/{month}/{year}", body)
    return {"id": f"syn-{i:07d}", "date": f"{year}-{month:02d}-{day:02d}", "text": body}


def timed(label: str, size: int, count: int, action: Callable[[], object]) -> float:
    """Run ``action``; print its wall time and rates, and the CPU seconds it used (this process
    and the worker processes it waited for), which a busy machine inflates less than wall time."""
    cpu, started = _cpu(), time.perf_counter()
    action()
    seconds, used = time.perf_counter() - started, _cpu() - cpu
    _print_rates(label, seconds, used, size, count)
    return seconds


def _print_rates(label: str, seconds: float, cpu: float, size: int, count: int) -> None:
    print(f"  {label:30s} {seconds:8.2f} s  {count / seconds:9.0f} articles/s  {size / seconds / 1e6:7.2f} MB/s"
          f"   cpu {cpu:7.2f} s ({size / max(cpu, 1e-9) / 1e6:.2f} MB per cpu-second)")


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def articles(folder: Path) -> Iterator[Article]:
    return pipeline.articles_of([folder], [])


def _extracted(chunk: list[Article]) -> int:
    """How many persons a chunk's articles name: their facts stay in the worker, as in a build,
    where the worker maps them (handing them back would add pickling the build does not do:
    76 MB of pickles for 27 MB of text, 1.5 CPU-seconds to make and 1.9 to read back)."""
    return sum(len(extract(article).persons) for article in chunk)


def _extract_only(folder: Path, jobs: int, count: int) -> None:
    """Extraction alone in ``jobs`` worker processes, in chunks as the build sends them."""
    patterns.compiled()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for _persons in pool.imap(_extracted, workers.chunks(islice(articles(folder), count))):
            pass


def _extract_all(folder: Path, jobs: int, count: int) -> None:
    pool = workers.Workers(jobs, "https://w3id.org/vnpol/id/")
    try:
        for _ in workers.in_order(islice(articles(folder), count), pool, None, "https://w3id.org/vnpol/id/"):
            pass
    finally:
        pool.close()


WORKER_SAMPLE = 10_000  # articles the separate worker-pool measurement reads (the build reads them all)


def stages(folder: Path, size: int, n: int, jobs: int, scratch: Path) -> None:
    floor = timed("read + normalise (floor)", size, n, lambda: sum(1 for _ in articles(folder)))
    sample = [a for _, a in zip(range(min(n, 2000)), articles(folder), strict=False)]
    sample_size = sum(len(a.text.encode("utf-8")) for a in sample)
    patterns.compiled()  # as each worker does once, before its first article
    timed("extraction, 1 core (sample)", sample_size, len(sample), lambda: [extract(a) for a in sample])
    timed("  again, caches warm", sample_size, len(sample), lambda: [extract(a) for a in sample])
    facts = [extract(a) for a in sample]
    timed("N-Quads mapping (sample)", sample_size, len(sample), lambda: [mapping.article_triples(f) for f in facts])
    count = min(n, WORKER_SAMPLE)
    part = size if count == n else int(size * count / n)
    counted = "" if count == n else f" ({count})"
    alone = timed(f"extraction, {jobs} workers{counted}", part, count, lambda: _extract_only(folder, jobs, count))
    whole = timed(f"extract + map, {jobs} workers{counted}", part, count, lambda: _extract_all(folder, jobs, count))
    print(f"  extraction rate = {floor * count / n / alone:.1%} of the read floor "
          f"({part / alone / 1e6 / jobs:.2f} MB/s per core); with the mapping and staging, as the build "
          f"runs them: {floor * count / n / whole:.1%} ({part / whole / 1e6 / jobs:.2f} MB/s per core)")


def end_to_end(folder: Path, out: Path, size: int, n: int, jobs: int, views: bool = True) -> None:
    command = [sys.executable, "-m", "kg", "build", str(folder), "-o", str(out), "-j", str(jobs)]
    command += [] if views else ["--no-views"]
    shutil.rmtree(out, ignore_errors=True)  # a build kept from an earlier run would make the first one a no-change
    for label in ("whole build, fresh process", "no-change rebuild"):
        tree = Tree(out.parent)
        started = time.perf_counter()
        output = tree.run(command)
        seconds = time.perf_counter() - started
        _print_rates(label, seconds, tree.cpu, size, n)
        stages = [line for line in output.splitlines() if line.startswith(("Stages:", "Up to date"))]
        print(f"  {'':28s} peak RSS {tree.peak / 2**20:7.0f} MiB (largest process: {tree.peak_name}), "
              f"{tree.peak_sum / 2**20:.0f} MiB (all its processes at once, shared pages counted in each)  "
              f"[{seconds:.1f} s]")
        print(f"  {'':28s} by process: " + ", ".join(f"{name} {rss / 2**20:.0f}" for name, rss in tree.largest(8))
              + " MiB")
        print(f"  {'':28s} cpu by process: " + ", ".join(f"{name} {cpu:.1f}" for name, cpu in tree.cpu_by_name())
              + " cpu-s")
        print(f"  {'':28s} disk: {tree.disk_peak / 1e9:.1f} GB used at most during the build, "
              f"{_size(out) / 1e9:.1f} GB in {out.name}/ after it")
        for line in stages:
            print(f"  {'':28s} {line}")
            _stage_rates(line, size, n)
    db = store.Store.open(out / "store")
    print(f"  store: {len(db)} statements; graph.ttl {(out / 'graph.ttl').stat().st_size / 1e6:.0f} MB")


def _stage_rates(line: str, size: int, n: int) -> None:
    """Each stage of the build's "Stages:" line as articles/s and MB/s of the corpus."""
    if not line.startswith("Stages:"):
        return
    for name, seconds in re.findall(r"([a-z +()]+?) (\d+\.\d) s", line.split(":", 1)[1].split(";")[0]):
        rate = float(seconds) or 0.05
        print(f"  {'':28s}   {name.strip(', '):20s} {float(seconds):7.1f} s  {n / rate:9.0f} articles/s"
              f"  {size / rate / 1e6:7.2f} MB/s")


class Tree:
    """A command and every process under it, sampled from /proc: the build's stages run in
    processes started by a fork server, which the command's own resource usage does not count."""

    PERIOD = 0.2  # seconds between samples

    def __init__(self, disk: Path) -> None:
        self.peak = self.peak_sum = 0  # bytes
        self.disk, self.free_before = disk, _free(disk)  # the file system the build writes to
        self.disk_peak = 0  # bytes of it used at most during the run (nothing else writing there)
        self.peak_name = ""  # of the process that took ``peak``: kg names its stages' processes
        self.cpu_of: dict[int, tuple[str, float]] = {}  # pid → its name and own CPU seconds, last seen
        self.peak_of: dict[str, int] = {}  # process name → the most any process of that name took

    @property
    def cpu(self) -> float:
        return sum(cpu for _name, cpu in self.cpu_of.values())

    def cpu_by_name(self) -> list[tuple[str, float]]:
        """CPU seconds of the processes of each name (their threads counted), most first."""
        by_name: dict[str, float] = {}
        for name, cpu in self.cpu_of.values():
            by_name[name] = by_name.get(name, 0.0) + cpu
        return sorted(by_name.items(), key=lambda item: -item[1])

    def largest(self, count: int) -> list[tuple[str, int]]:
        """The ``count`` process names whose processes took the most, with that peak."""
        return sorted(self.peak_of.items(), key=lambda item: -item[1])[:count]

    def run(self, command: list[str]) -> str:
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
            read: list[tuple[str, str]] = []
            reader = threading.Thread(target=lambda: read.append(proc.communicate()))
            reader.start()
            while proc.poll() is None:
                self._sample(proc.pid)
                time.sleep(self.PERIOD)
            reader.join()
        ((out, err),) = read
        if proc.returncode:
            raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{err}")
        return out

    def _sample(self, root: int) -> None:
        stats = _stats()
        pids, total = {root}, 0
        while more := {pid for pid, (parent, *_rest) in stats.items() if parent in pids} - pids:
            pids |= more
        for pid in pids & stats.keys():
            _parent, cpu, rss, name = stats[pid]
            self.cpu_of[pid] = (name, cpu)
            self.peak_of[name] = max(self.peak_of.get(name, 0), rss)
            if rss > self.peak:
                self.peak, self.peak_name = rss, name
            total += rss
        self.peak_sum = max(self.peak_sum, total)
        self.disk_peak = max(self.disk_peak, self.free_before - _free(self.disk))


_TICK, _PAGE = os.sysconf("SC_CLK_TCK"), os.sysconf("SC_PAGE_SIZE")


def _free(folder: Path) -> int:
    found = os.statvfs(folder)
    return found.f_bavail * found.f_frsize


def _size(folder: Path) -> int:
    return sum(entry.stat().st_size for entry in folder.rglob("*") if entry.is_file())


def _stats() -> dict[int, tuple[int, float, int, str]]:
    """pid → (parent pid, own CPU seconds, resident bytes, name) of every process now."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as fh:
                name, rest = fh.read().split(" (", 1)[1].rsplit(")", 1)
        except (OSError, ValueError):
            continue  # gone meanwhile
        fields = rest.split()
        found[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK, int(fields[21]) * _PAGE,
                                  name)
    return found


def _reference() -> float:
    """CPU seconds of a fixed loop of Python additions: this machine's speed changes from hour to
    hour (a shared host), so runs far apart are compared with this figure beside them."""
    started, total = _cpu(), 0
    for i in range(20_000_000):
        total += i
    return _cpu() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", type=Path, help="keep the corpora and builds in this folder")
    parser.add_argument("--no-views", dest="views", action="store_false", help="build without the views stage")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; jobs={args.jobs}"
          f"{'' if args.views else '; views not built (--no-views)'}; load average {os.getloadavg()[0]:.1f}; "
          f"reference loop {_reference():.2f} cpu-s")
    try:
        for n in args.sizes:
            folder = base / f"corpus-{n}"
            size = synthetic(n, folder)
            print(f"\nN = {n} articles, {size / 1e6:.1f} MB of text")
            stages(folder, size, n, args.jobs, base)
            end_to_end(folder, base / f"out-{n}", size, n, args.jobs, args.views)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
