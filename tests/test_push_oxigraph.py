"""kg push against a real Oxigraph server (pip install oxigraph): counts, idempotence, refusals, faults.

The faults are made by a small real HTTP proxy between kg push and the server: it answers 503
to some requests, or passes a request on and then drops the connection before answering, or
writes only part of a graph and then drops it.
"""

from __future__ import annotations

import http.client
import subprocess
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from servers import answers, build_sample, free_port, graph_counts, select, stop, wait_until

from kg import push, query, server
from kg.cli import cli
from kg.ids import DEFAULT_BASE

DATA = DEFAULT_BASE + "graph/"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("sample"))


def start_oxigraph(location: Path, *mode: str) -> tuple[subprocess.Popen[bytes], str]:
    binary = server.oxigraph_binary()
    if binary is None:
        pytest.skip("the Oxigraph server is not installed (pip install oxigraph; it is in the test extra)")
    port = free_port()
    proc = subprocess.Popen([str(binary), *(mode or ("serve",)), "--location", str(location), "--bind",
                             f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: answers(f"{base}/query?query=ASK%7B%7D"), "oxigraph serve", proc=proc)
    except BaseException:
        stop(proc)
        raise
    return proc, base


@pytest.fixture()
def oxigraph(tmp_path: Path) -> Iterator[str]:
    """A fresh read-write Oxigraph server on a free loopback port; stopped by PID afterwards."""
    proc, base = start_oxigraph(tmp_path / "oxigraph")
    try:
        yield base
    finally:
        stop(proc)


def local_counts(out: Path) -> dict[str, int]:
    db = query.open_store(out)
    return {g: int(db.rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")[0][0] or 0)
            for g in db.graphs()}


def test_push_then_query_over_http(runner: CliRunner, out: Path, oxigraph: str) -> None:
    result = runner.invoke(cli, ["push", "--endpoint", f"{oxigraph}/store", str(out)])
    assert result.exit_code == 0, result.output
    expected = local_counts(out)
    assert f"Pushed {len(expected)} graph(s), {sum(expected.values())} triples" in result.output
    assert graph_counts(f"{oxigraph}/query", DATA) == expected
    question = query.canned()["chaired"]
    sparql = query.bind(question, {"who": "Hoàng Duy Chinh"})
    remote = select(f"{oxigraph}/query", sparql)  # the server's default graph is the union, like the store's
    assert sorted(map(str, remote)) == sorted(map(str, query.run(query.open_store(out), question,
                                                                 {"who": "Hoàng Duy Chinh"}).rows))


def test_a_second_push_changes_nothing_and_replaces_stray_triples(out: Path, oxigraph: str) -> None:
    options = push.PushOptions(f"{oxigraph}/store")
    push.push(out, options)
    graph = next(iter(local_counts(out)))
    stray = f"INSERT DATA {{ GRAPH <{graph}> {{ <urn:x:a> <urn:x:b> <urn:x:c> }} }}"
    urllib.request.urlopen(urllib.request.Request(f"{oxigraph}/update", stray.encode(),
                                                  {"Content-Type": "application/sparql-update"}), timeout=30).close()
    assert graph_counts(f"{oxigraph}/query", DATA)[graph] == local_counts(out)[graph] + 1
    report = push.push(out, options)
    assert graph_counts(f"{oxigraph}/query", DATA) == local_counts(out)
    assert report.graphs == len(local_counts(out))


def test_a_read_only_server_refuses_clearly(runner: CliRunner, out: Path, tmp_path: Path) -> None:
    proc, base = start_oxigraph(out / "store", "serve-read-only")
    try:
        result = runner.invoke(cli, ["push", "--endpoint", f"{base}/store", str(out)])
    finally:
        stop(proc)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {base}/store: HTTP 403 Forbidden on PUT of graph <{DATA}")
    assert "the server refuses writes" in result.output and "The server said:" in result.output


def test_the_query_endpoint_is_not_the_graph_store(runner: CliRunner, out: Path, oxigraph: str) -> None:
    result = runner.invoke(cli, ["push", "--endpoint", f"{oxigraph}/query", str(out)])
    assert result.exit_code == 1 and "HTTP 404" in result.output and "Oxigraph: http://HOST:7878/store" in result.output


def test_no_server_is_reported_without_changes(out: Path) -> None:
    options = push.PushOptions(f"http://127.0.0.1:{free_port()}/store", retries=1, backoff=0.01)
    with pytest.raises(push.PushError, match="cannot reach the server .* after 2 attempt.*was not changed"):
        push.push(out, options)


Policy = Callable[[str, str, bytes, int], str]  # (method, graph, body, nth request of that graph) -> action


class Proxy:
    """A real HTTP proxy to ``upstream`` that misbehaves as ``policy`` says."""

    def __init__(self, upstream: str, policy: Policy) -> None:
        self.upstream = urllib.parse.urlsplit(upstream)
        self.policy = policy
        self.seen: dict[tuple[str, str], int] = {}
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_PUT(self) -> None:  # noqa: N802
                proxy.handle(self)

            do_DELETE = do_PUT  # noqa: N815

        return Handler

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        body = h.rfile.read(int(h.headers.get("Content-Length") or 0))
        graph = urllib.parse.parse_qs(urllib.parse.urlsplit(h.path).query).get("graph", [""])[0]
        nth = self.seen.get((h.command, graph), 0) + 1
        self.seen[(h.command, graph)] = nth
        action = self.policy(h.command, graph, body, nth)
        if action == "503":
            h.send_response(503)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        if action == "partial-then-drop":
            body = body[: body.index(b" .\n") + 3]  # the prefixes and the first statement only
        status, reply = self.forward(h.command, h.path, body, h.headers.get("Content-Type", ""))
        if action in ("forward-then-drop", "partial-then-drop"):
            h.close_connection = True
            h.connection.shutdown(2)  # the server did (part of) the work; the client never hears of it
            return
        h.send_response(status)
        h.send_header("Content-Length", str(len(reply)))
        h.end_headers()
        h.wfile.write(reply)

    def forward(self, method: str, path: str, body: bytes, media: str) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection(self.upstream.hostname or "", self.upstream.port, timeout=30)
        try:
            conn.request(method, f"{self.upstream.path}?{urllib.parse.urlsplit(path).query}", body,
                         {"Content-Type": media} if media else {})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def __enter__(self) -> str:
        self.thread.start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/store"

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_refused_for_a_while_then_accepted(out: Path, oxigraph: str) -> None:
    def policy(method: str, graph: str, body: bytes, nth: int) -> str:
        return "503" if nth <= 2 else "forward"

    waits: list[float] = []
    with Proxy(f"{oxigraph}/store", policy) as endpoint:
        client = push.Client(push.PushOptions(endpoint, retries=3, backoff=0.01), sleep=waits.append)
        db = query.open_store(out)
        for graph in db.graphs():
            data = _turtle(db, graph)
            client.replace(graph, data)
    assert graph_counts(f"{oxigraph}/query", DATA) == local_counts(out)
    assert waits[:2] == [0.01, 0.02]  # exponential backoff


def _turtle(db: object, graph: str) -> bytes:
    import io

    buffer = io.BytesIO()
    db.dump_graph(graph, buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


@pytest.mark.parametrize("fault", ["forward-then-drop", "partial-then-drop"])
def test_a_graph_that_keeps_failing_is_not_left_half_uploaded(out: Path, oxigraph: str, fault: str) -> None:
    graphs = query.open_store(out).graphs()
    victim = graphs[2]

    def policy(method: str, graph: str, body: bytes, nth: int) -> str:
        return fault if method == "PUT" and graph == victim else "forward"

    with Proxy(f"{oxigraph}/store", policy) as endpoint:
        options = push.PushOptions(endpoint, retries=2, backoff=0.01, timeout=10)
        with pytest.raises(push.PushError) as failure:
            push.push(out, options)
    message = str(failure.value)
    assert f"graph <{victim}> failed after 3 attempt(s)" in message
    assert "it was deleted on the server, so no part of it is left" in message
    counts = graph_counts(f"{oxigraph}/query", DATA)
    assert victim not in counts  # absent, not partial
    assert counts == {g: n for g, n in local_counts(out).items() if g in graphs[:2]}  # the ones before: whole


def test_the_bulk_loader_command_of_the_readme(out: Path, tmp_path: Path) -> None:
    """oxigraph load --location DB --file out/graph.trig, then serve it: the same graphs and counts."""
    binary = server.oxigraph_binary()
    if binary is None:
        pytest.skip("the Oxigraph server is not installed (pip install oxigraph; it is in the test extra)")
    loaded = subprocess.run([str(binary), "load", "--location", str(tmp_path / "db"), "--file",
                             str(out / "graph.trig")], capture_output=True, text=True, timeout=300)
    assert loaded.returncode == 0, loaded.stderr
    proc, base = start_oxigraph(tmp_path / "db")
    try:
        assert graph_counts(f"{base}/query", DATA) == local_counts(out)
    finally:
        stop(proc)
