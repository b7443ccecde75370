"""Build a corpus of every kind of messy input mixed with good articles, and check a build of it.

    python scripts/fuzz_corpus.py DIR [--many 100000] [--check] [--jobs N]

writes ``DIR/corpus/`` and ``DIR/manifest.json``: one entry per input the build must
report, with the status it must get ("built" or "skipped"), a pattern its problem or
notes must match, and, for good articles, the facts (people and their posts) that
article's graph must hold. The good articles are the bundled samples, each written in
every encoding and form ``kg`` reads (UTF-8, BOM, NFD, CRLF, UTF-16, Windows-1258,
TCVN3, VNI, legacy text pasted into UTF-8, HTML pages, JSONL lines), and hostile ones.

With ``--check`` it runs ``kg build DIR/corpus -o DIR/out``, compares report.json and
the store with the manifest, parses the dumps (rdflib, and rapper when installed),
looks for live markup in the views, prints a JSON summary and exits 1 on any mismatch.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import rdflib

from kg import encodings, ids, readers, store
from kg.extract import extract

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "kg" / "sample").glob("*.txt"))
HOSTILE = '<script>alert("x")</script> \\ "quoted" > & \x07\x1b \u2028'
Entry = dict[str, object]


def facts_of(path: Path) -> list[list[str]]:
    """(name, post) pairs the rules find in an article file read the normal way."""
    (item,) = readers.read(path)
    assert item.article is not None, item.problem
    facts = extract(item.article)
    return sorted({(m.name, p.label) for m in facts.persons if m.name for p in m.posts})  # type: ignore[misc]


def page(text: str, charset: str = "utf-8") -> str:
    """An article as a news site serves it: menus, the article, a footer and a script."""
    title, _, body = text.partition("\n")
    paragraphs = "".join(f"<p>{p}</p>\n" for p in body.split("\n") if p.strip())
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title} | Báo Bắc Kạn</title>'
            f'<meta property="og:title" content="{title}">'
            '<meta property="article:published_time" content="2024-03-05T08:00:00+07:00"></head><body>'
            '<nav><a href="/">Trang chủ</a> | <a href="/cs">Chính trị</a></nav>'
            f"<article><h1>{title}</h1>\n{paragraphs}<script>var x = 1;</script></article>"
            "<footer>Bản quyền thuộc về Báo Bắc Kạn</footer></body></html>")


def _mojibake(encoding: str) -> Callable[[str], bytes]:
    return lambda t: encodings.encode_legacy(t, encoding).decode("cp1252", errors="replace").encode("utf-8")


VARIANTS: dict[str, tuple[str, Callable[[str], bytes], str]] = {  # name: (suffix, bytes of the text, note)
    "utf8": (".txt", lambda t: t.encode(), ""),
    "bom": (".txt", lambda t: "\ufeff".encode() + t.encode(), "encoding: utf-8 with a byte-order mark"),
    "nfd": (".md", lambda t: unicodedata.normalize("NFD", t).encode(), "text not in NFC"),
    "crlf": (".txt", lambda t: t.replace("\n", "\r\n").encode(), ""),
    "utf16": (".txt", lambda t: t.encode("utf-16"), "encoding: utf-16-le with a byte-order mark"),
    "utf16le": (".txt", lambda t: t.encode("utf-16-le"), "encoding: utf-16-le without"),
    "utf16be": (".txt", lambda t: t.encode("utf-16-be"), "encoding: utf-16-be without"),
    "cp1258": (".txt", lambda t: encodings.encode_legacy(t, "windows-1258"), "encoding: windows-1258 "),
    "tcvn3": (".txt", lambda t: encodings.encode_legacy(t, "tcvn3"), "encoding: tcvn3 "),
    "vni": (".txt", lambda t: encodings.encode_legacy(t, "vni"), "encoding: vni "),
    "tcvn3-pasted": (".txt", _mojibake("tcvn3"), "encoding: tcvn3 .* inside utf-8"),
    "vni-pasted": (".txt", _mojibake("vni"), "encoding: vni .* inside utf-8"),
    "html": (".html", lambda t: page(t).encode(), "html: article text extracted"),
    "html-cp1258": (".htm", lambda t: encodings.encode_legacy(page(t, "windows-1258"), "windows-1258"),
                    "encoding: cp1258 \\(declared by the page\\)"),
}


class Corpus:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.entries: list[Entry] = []

    def add(self, relative: str, data: bytes | None, status: str, expect: str = "", facts: object = None) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if data is not None:
            path.write_bytes(data)
        self.note(readers.display(path), status, expect, facts, readers.display(Path(path.stem)))
        return path

    def note(self, source: str, status: str, expect: str, facts: object, article_id: str) -> None:
        self.entries.append({"source": source, "status": status, "expect": expect, "facts": facts, "id": article_id})


def good_articles(corpus: Corpus) -> None:
    for sample in SAMPLES:
        text = sample.read_text(encoding="utf-8")
        body = re.sub(r"^\s*date\s+\S+\s+", "", text)  # pages carry the date in their metadata
        facts = facts_of(sample)
        for name, (suffix, encode, note) in VARIANTS.items():
            source = body if suffix in (".html", ".htm") else text
            corpus.add(f"good/{name}/{sample.stem}-{name}{suffix}", encode(source), "built", note, facts)
    hostile = SAMPLES[0].read_text(encoding="utf-8").replace("hội nghị", f"hội nghị {HOSTILE}", 3)
    path = corpus.add("good/hostile.txt", hostile.encode(), "built")
    corpus.entries[-1]["facts"] = facts_of(path)
    weird = Path(os.fsdecode(os.fsencode(corpus.root / "good") + b"/t\xean-b\xe0i.txt"))  # a name that is not UTF-8
    weird.write_bytes(SAMPLES[1].read_bytes())
    corpus.note(readers.display(weird), "built", "", facts_of(SAMPLES[1]), readers.display(Path(weird.stem)))
    corpus.add("good/folder.txt/inner.txt", SAMPLES[2].read_bytes(), "built", "", facts_of(SAMPLES[2]))


def bad_files(corpus: Corpus, rng: random.Random) -> None:
    add = corpus.add
    add("bad/empty.txt", b"", "skipped", "empty article")
    add("bad/blank.md", b" \n\t\r\n", "skipped", "empty article")
    add("bad/nul.txt", "Hội nghị".encode() + b"\x00" * 3, "skipped", "binary data \\(NUL bytes\\)")
    add("bad/image.txt", b"\x89PNG\r\n\x1a\n" + rng.randbytes(500), "skipped", "binary data \\(a PNG image\\)")
    add("bad/report.txt", b"%PDF-1.7\n" + rng.randbytes(500), "skipped", "binary data \\(a PDF document\\)")
    add("bad/controls.txt", bytes(range(1, 9)) * 40, "skipped", "binary data \\(control characters\\)")
    add("bad/random.txt", rng.randbytes(3000), "skipped", "binary data|not UTF-8")
    add("bad/french.txt", "Le café de la crème brûlée à l'école.".encode("cp1252"), "skipped", "not UTF-8")
    add("bad/broken-utf16.txt", b"\xff\xfeH\x00\x00\xd8", "skipped", "broken UTF-16")
    add("bad/long.txt", ("Đồng chí A dự. " * 40_000).encode(), "skipped", "article too long")
    add("bad/menu.html", b"<html><body><nav><a href='/'>Trang ch\xe1\xbb\xa7</a></nav></body></html>", "skipped",
        "an HTML page without article text")
    huge = add("bad/huge.txt", None, "skipped", "file too large \\(50.0 MB")
    with open(huge, "wb") as fh:
        fh.truncate(50_000_000)  # sparse: refused by its size, never read
    os.mkfifo(add("bad/fifo.txt", None, "skipped", "not a regular file \\(a FIFO\\)"))
    os.symlink("loop.txt", add("bad/loop.txt", None, "skipped", "Too many levels of symbolic links"))
    os.symlink("nowhere.txt", add("bad/dangling.txt", None, "skipped", "No such file or directory"))
    os.symlink("..", corpus.root / "bad" / "up")  # a folder loop: not followed, so nothing to report
    locked = add("bad/locked.txt", SAMPLES[3].read_bytes(), "built", "", facts_of(SAMPLES[3]))
    locked.chmod(0o000)
    if not os.access(locked, os.R_OK):  # root reads it anyway
        corpus.entries[-1].update(status="skipped", expect="Permission denied", facts=None)
    add("bad/empty.jsonl", b"\n\n", "skipped", "no articles \\(an empty JSONL file\\)")


def jsonl_lines(corpus: Corpus) -> None:
    """One file of good lines mixed with every kind of bad line, and a UTF-16 one."""
    lines: list[tuple[str, str, str, object]] = []  # (line, status, expect, facts)
    for i, sample in enumerate(SAMPLES):
        text = sample.read_text(encoding="utf-8")
        lines.append((json.dumps({"id": f"j{i}", "url": f"https://baobackan.vn/{i}", "text": text},
                                 ensure_ascii=False), "built", "", facts_of(sample)))
    text0 = SAMPLES[0].read_text(encoding="utf-8")
    lines += [
        ("{not json", "skipped", "malformed JSON", None), (json.dumps({"id": "x"}), "skipped", "'text' must be", None),
        (json.dumps({"text": 5}), "skipped", "a number, not a string", None),
        (json.dumps({"text": "a", "title": ["x"]}), "skipped", "'title' must be a string", None),
        (json.dumps({"text": "a", "id": {"x": 1}}), "skipped", "'id' must be a string", None),
        ("[" * 50_000, "skipped", "RecursionError", None), ("[1, 2]", "skipped", "must be an object", None),
        ('{"text": "a", "n": ' + "9" * 5000 + "}", "skipped", "Exceeds the limit", None),
        (json.dumps({"id": "j0", "text": text0}), "skipped", "duplicate article id", None),
        ('{"text": "' + "a" * 17_000_000 + '"}', "skipped", "line too long", None),
        (json.dumps({"id": "s1", "text": text0 + "\ud800", "title": HOSTILE, "url": "javascript:alert(1)",
                     "date": "hôm qua"}), "built", "lone surrogates.*not an http\\(s\\) IRI", facts_of(SAMPLES[0])),
    ]
    path = corpus.root / "jsonl" / "mixed.jsonl"
    path.parent.mkdir()
    with open(path, "wb") as fh:
        for number, (line, status, expect, facts) in enumerate(lines, start=1):
            fh.write(line.encode("utf-8") + b"\n\n")  # blank lines between: not inputs
            found = re.search(r'"id": "([^"]*)"', line[:40])
            corpus.note(f"{readers.display(path)}:{2 * number - 1}", status, expect, facts,
                        found.group(1) if found else "")
        legacy = json.dumps({"id": "cp", "text": text0}, ensure_ascii=False)
        fh.write(encodings.encode_legacy(legacy, "windows-1258") + b"\n")
        corpus.note(f"{readers.display(path)}:{2 * len(lines) + 1}", "built", "encoding: windows-1258",
                    facts_of(SAMPLES[0]), "cp")
    wide = json.dumps({"id": "w1", "text": SAMPLES[4].read_text(encoding="utf-8")}, ensure_ascii=False) + "\n"
    (corpus.root / "jsonl" / "wide.jsonl").write_bytes(wide.encode("utf-16"))
    corpus.note(f"{readers.display(corpus.root / 'jsonl' / 'wide.jsonl')}:1", "built", "encoding: utf-16-le",
                facts_of(SAMPLES[4]), "w1")


def many_files(corpus: Corpus, count: int) -> None:
    """A folder of ``count`` files, as a scraper leaves them: images and styles, a few empty pages, two articles."""
    folder = corpus.root / "many"
    folder.mkdir()
    for i in range(count - 2):
        name = f"page-{i:06d}.txt" if i % 100 == 0 else f"img-{i:06d}.{'jpg' if i % 3 else 'css'}"
        os.close(os.open(folder / name, os.O_CREAT | os.O_WRONLY, 0o644))
        if i % 100 == 0:
            corpus.note(readers.display(folder / name), "skipped", "empty article", None, "")
    for sample in SAMPLES[4:6]:
        corpus.add(f"many/{sample.stem}-many.txt", sample.read_bytes(), "built", "", facts_of(sample))


def generate(root: Path, many: int, seed: int = 7) -> list[Entry]:
    if root.exists():
        for path in root.rglob("*"):
            if not path.is_symlink():
                path.chmod(0o755)  # the locked file
        shutil.rmtree(root)
    root.mkdir(parents=True)
    corpus = Corpus(root)
    good_articles(corpus)
    bad_files(corpus, random.Random(seed))
    jsonl_lines(corpus)
    many_files(corpus, many)
    return corpus.entries


# --- the check ---------------------------------------------------------------------------


def run_build(root: Path, out: Path, jobs: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", "build", str(root / "corpus"), "-o", str(out), "-j", str(jobs)],
                          capture_output=True, text=True, cwd=ROOT, timeout=1800)


def compare_report(entries: list[Entry], report: dict[str, object]) -> list[str]:
    """Every manifest entry has its status and message; the report has nothing else."""
    rows = {str(r["source"]): r for r in report["inputs"]}  # type: ignore[attr-defined]
    problems = [f"not in the manifest: {s}" for s in sorted(set(rows) - {str(e["source"]) for e in entries})]
    for entry in entries:
        row = rows.get(str(entry["source"]))
        if row is None:
            problems.append(f"not reported: {entry['source']}")
            continue
        said = " | ".join([str(row.get("problem") or ""), *map(str, row.get("notes") or [])])
        if row["status"] != entry["status"] or not re.search(str(entry["expect"]), said):
            problems.append(f"{entry['source']}: {row['status']} ({said}), expected {entry['status']} "
                            f"({entry['expect']})")
    return problems


def compare_facts(entries: list[Entry], out: Path, base: str = ids.DEFAULT_BASE) -> tuple[int, int, list[str]]:
    """Each good article's own graph holds the (person, post) pairs the rules find in its original."""
    db = store.Store.open(out / "store")
    expected = found = 0
    problems = []
    for entry in entries:
        if entry["status"] != "built" or not entry["facts"]:
            continue
        graph = f"{base}graph/{ids.article_iri(base, str(entry['id'])).rsplit('/', 1)[-1]}"
        rows = db.rows(f"""SELECT ?name ?post WHERE {{ GRAPH <{graph}> {{ ?h a vnpol:PostHolding ;
            org:member ?p ; vnpol:post ?node }} ?p rdfs:label ?name . ?node rdfs:label ?post }}""")
        want = {tuple(pair) for pair in entry["facts"]}  # type: ignore[attr-defined]
        have = want & {(str(n), str(p)) for n, p in rows}
        expected, found = expected + len(want), found + len(have)
        problems += [f"{entry['source']}: missing {pair}" for pair in sorted(want - have)]
    del db
    return expected, found, problems


def check_outputs(out: Path) -> list[str]:
    """The dumps parse (rdflib; rapper when installed); no hostile markup is live in the views."""
    problems = []
    for name, syntax in (("graph.ttl", "turtle"), ("graph.trig", "trig")):
        data = (out / name).read_text(encoding="utf-8")
        try:
            (rdflib.Dataset() if syntax == "trig" else rdflib.Graph()).parse(data=data, format=syntax)
        except Exception as exc:  # noqa: BLE001 - any parse error is a finding
            problems.append(f"{name}: rdflib cannot parse it: {exc}")
        if shutil.which("rapper"):
            proc = subprocess.run(["rapper", "-i", syntax, "-c", str(out / name)], capture_output=True, timeout=600)
            if proc.returncode:
                problems.append(f"{name}: rapper cannot parse it: {proc.stderr[-300:]!r}")
    for view in (out / "views").rglob("*.html"):
        text = view.read_text(encoding="utf-8")
        if "<script>alert" in text or "javascript:alert" in text:
            problems.append(f"{view}: hostile markup is live")
    return problems


def check(root: Path, jobs: int) -> dict[str, object]:
    entries: list[Entry] = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    out = root / "out"
    proc = run_build(root, out, jobs)
    crashed = proc.returncode not in (0, 3) or "Traceback" in proc.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8")) if not crashed else {"inputs": []}
    mismatches = compare_report(entries, report) if not crashed else [proc.stderr[-2000:]]
    expected, found, missing = compare_facts(entries, out) if not crashed else (0, 0, [])
    mismatches += missing + (check_outputs(out) if not crashed else [])
    statuses = [str(r["status"]) for r in report["inputs"]]
    return {"inputs": len(statuses), "built": statuses.count("built"), "skipped": statuses.count("skipped"),
            "exit_code": proc.returncode, "crashes": int(crashed),
            "good_articles": sum(1 for e in entries if e["status"] == "built"),
            "bad_inputs": sum(1 for e in entries if e["status"] == "skipped"),
            "facts_expected": expected, "facts_found": found, "mismatches": mismatches}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path, help="where to write corpus/, manifest.json (and out/ with --check)")
    parser.add_argument("--many", type=int, default=100_000, help="files in the big folder (default 100000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--check", action="store_true", help="build the corpus and compare with the manifest")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    entries = generate(args.dir / "corpus", args.many, args.seed)
    (args.dir / "manifest.json").write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(entries)} inputs in {args.dir / 'corpus'}; manifest in {args.dir / 'manifest.json'}")
    if not args.check:
        return 0
    summary = check(args.dir, args.jobs)
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 1 if summary["mismatches"] or summary["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
