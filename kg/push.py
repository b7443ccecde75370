"""``kg push``: upload a build's named graphs to a triplestore (SPARQL 1.1 Graph Store Protocol).

Each named graph of ``OUT/store`` (one per article, and the merged graph) is sent as Turtle::

    PUT ENDPOINT?graph=<graph IRI>      Content-Type: text/turtle

What is guaranteed:

- **Idempotent.** A PUT replaces the graph whole, so pushing a build again leaves the
  server as the first push did. Graphs on the server that the build does not have are
  left alone.
- **One graph, one request.** Oxigraph, Fuseki, GraphDB and Virtuoso apply a PUT in one
  transaction: the server holds the old graph or the new one, never a mix.
- **Retries.** No connection, a timeout, a dropped connection, HTTP 408, 429 and 5xx are
  retried with exponential backoff (``Retry-After`` is honoured).
- **No half-uploaded graph.** If a graph still fails after the retries, and the server may
  have received part of it, ``kg push`` deletes that graph on the server before it stops,
  so the graph is absent rather than partial; the error says so. The graphs sent before
  it stay (each is whole): run ``kg push`` again to finish.
- **Refusals stop at once** (401, 403, 404, 405, 413, 415 ...), with the endpoint, the
  graph, the status, what to check and what the server said.
"""

from __future__ import annotations

import http.client
import io
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg import store
from kg.errors import KgError

RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
_ENDPOINTS = ("Oxigraph: http://HOST:7878/store; Fuseki: http://HOST:3030/DATASET/data; "
              "GraphDB: http://HOST:7200/repositories/REPO/rdf-graphs/service; "
              "Virtuoso: http://HOST:8890/sparql-graph-crud-auth")
_HINTS = {
    401: "the server wants credentials: pass --user and set KG_PUSH_PASSWORD",
    403: "the server refuses writes: is it read-only, or does this user lack write rights?",
    404: f"no Graph Store endpoint at this address ({_ENDPOINTS})",
    405: f"this address does not take PUT: give the Graph Store endpoint, not the query one ({_ENDPOINTS})",
    413: "the graph is larger than the server accepts in one request: raise its request size limit",
    415: "the server does not accept text/turtle here",
}


class PushError(KgError):
    """A graph could not be uploaded: the message names the endpoint, the graph and the status."""


@dataclass(frozen=True, slots=True)
class PushOptions:
    endpoint: str
    retries: int = 4  # attempts after the first
    backoff: float = 0.5  # seconds before the first retry, doubled each time
    timeout: float = 120.0  # seconds for one request
    user: str | None = None
    password: str | None = None
    graph_param: str = "graph"  # the Graph Store Protocol's name for the graph IRI


@dataclass(frozen=True, slots=True)
class PushReport:
    endpoint: str
    graphs: int
    triples: int
    seconds: float


class _Retryable(Exception):
    def __init__(self, problem: str, sent: bool) -> None:
        super().__init__(problem)
        self.sent = sent  # whether the server may have received (part of) the request
        self.retry_after: float | None = None


def push(out: Path, options: PushOptions, progress: Callable[[str], None] | None = None) -> PushReport:
    """Upload every named graph of the build in ``out``; raise PushError when one cannot be."""
    started = time.monotonic()
    db = store.Store.open(out / "store")
    client = Client(options)
    graphs = db.graphs()
    for graph in graphs:
        data = io.BytesIO()
        db.dump_graph(graph, data)
        client.replace(graph, data.getvalue())
        if progress:
            progress(graph)
    return PushReport(options.endpoint, len(graphs), len(db), round(time.monotonic() - started, 3))


def graph_url(endpoint: str, graph: str, param: str = "graph") -> str:
    """``endpoint?graph=IRI`` (``&`` when the endpoint already has a query string)."""
    joiner = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return f"{endpoint}{joiner}{urllib.parse.urlencode({param: graph})}"


class Client:
    """Graph Store Protocol requests with retries, through urllib (basic or digest auth)."""

    def __init__(self, options: PushOptions, sleep: Callable[[float], None] = time.sleep) -> None:
        self.options = options
        self.sleep = sleep
        handlers: list[urllib.request.BaseHandler] = []
        if options.user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, options.endpoint, options.user, options.password or "")
            handlers += [urllib.request.HTTPBasicAuthHandler(passwords),
                         urllib.request.HTTPDigestAuthHandler(passwords)]
        self.opener = urllib.request.build_opener(*handlers)

    def replace(self, graph: str, turtle: bytes) -> None:
        """PUT the graph; after a failure that may have left part of it, DELETE it and raise."""
        url = graph_url(self.options.endpoint, graph, self.options.graph_param)
        try:
            self.request("PUT", url, graph, turtle)
        except _Retryable as exc:
            attempts = self.options.retries + 1
            if not exc.sent:
                raise PushError(f"{self.options.endpoint}: cannot reach the server ({exc}) after {attempts} "
                                f"attempt(s); graph <{graph}> was not changed") from None
            outcome = self._delete(url, graph)
            raise PushError(f"{self.options.endpoint}: graph <{graph}> failed after {attempts} attempt(s) "
                            f"({exc}); {outcome}. Run kg push again to finish.") from None

    def _delete(self, url: str, graph: str) -> str:
        try:
            self.request("DELETE", url, graph, None, missing_ok=True)
        except (_Retryable, PushError) as exc:
            return f"deleting it failed too ({exc}): the server may hold part of it"
        return "it was deleted on the server, so no part of it is left"

    def request(self, method: str, url: str, graph: str, body: bytes | None, missing_ok: bool = False) -> int:
        """Send one request, retrying what may be retried; the HTTP status on success."""
        delay = self.options.backoff
        for attempt in range(self.options.retries + 1):
            try:
                return self._send(method, url, graph, body, missing_ok)
            except _Retryable as exc:
                if attempt == self.options.retries:
                    raise
                self.sleep(min(exc.retry_after, 60.0) if exc.retry_after is not None else delay)
                delay *= 2
        raise AssertionError("unreachable")

    def _send(self, method: str, url: str, graph: str, body: bytes | None, missing_ok: bool) -> int:
        headers = {"Content-Type": "text/turtle; charset=utf-8"} if body is not None else {}
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=self.options.timeout) as response:
                response.read()
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return self._status(exc, method, graph, missing_ok)
        except urllib.error.URLError as exc:
            unsent = isinstance(exc.reason, ConnectionRefusedError | socket.gaierror)  # nothing reached the server
            raise _Retryable(str(exc.reason), sent=not unsent) from None
        except (TimeoutError, ConnectionError, http.client.HTTPException) as exc:
            raise _Retryable(f"{type(exc).__name__}: {exc}".rstrip(": "), sent=True) from None

    def _status(self, exc: urllib.error.HTTPError, method: str, graph: str, missing_ok: bool) -> int:
        said = " ".join(exc.read(400).decode("utf-8", "replace").split())
        if missing_ok and exc.code == 404:
            return exc.code
        if exc.code in RETRY_STATUS:
            problem = _Retryable(f"HTTP {exc.code} {exc.reason}", sent=True)
            after = exc.headers.get("Retry-After", "")
            problem.retry_after = float(after) if after.strip().isdigit() else None
            raise problem
        hint = _HINTS.get(exc.code, "the server refused the request")
        hint += "" if hint.endswith(("?", ".")) else "."
        raise PushError(f"{self.options.endpoint}: HTTP {exc.code} {exc.reason} on {method} of graph <{graph}>: "
                        f"{hint}" + (f" The server said: {said}" if said else ""))
