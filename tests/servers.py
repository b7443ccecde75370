"""Helpers for the tests that start real servers: a sample build, free ports, bounded waits, SPARQL over HTTP."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from kg import pipeline

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "kg" / "sample"
Rows = list[tuple[str | None, ...]]


def build_sample(out: Path) -> Path:
    pipeline.build([SAMPLE], pipeline.BuildOptions(out=out, views=False))
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(ready: Callable[[], bool], what: str, timeout: float = 60.0, proc: subprocess.Popen[bytes] | None = None,
               ) -> None:
    """Poll ``ready`` every 0.2 s for at most ``timeout`` seconds; fail early if ``proc`` died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"{what}: the process exited with {proc.returncode}")
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{what}: not ready after {timeout:.0f} s")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # it answers, even if not with 200


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server we started, by its PID: terminate, then kill if it lingers."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)


def select(endpoint: str, sparql: str, method: str = "POST") -> Rows:
    """Run a SELECT over the SPARQL protocol; values as plain strings (None when unbound)."""
    data = urllib.parse.urlencode({"query": sparql}).encode()
    url, body = (endpoint, data) if method == "POST" else (f"{endpoint}?{data.decode()}", None)
    request = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        result = json.load(response)
    names = result["head"]["vars"]
    return [tuple(b[n]["value"] if n in b else None for n in names) for b in result["results"]["bindings"]]


def graph_counts(endpoint: str, prefix: str) -> dict[str, int]:
    """Triples per named graph whose IRI starts with ``prefix``."""
    rows = select(endpoint, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                            f'FILTER(STRSTARTS(STR(?g), "{prefix}")) }} GROUP BY ?g')
    return {str(g): int(str(n)) for g, n in rows}
