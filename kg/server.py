"""``kg serve``: a read-only SPARQL endpoint over a build's store, on loopback by default.

Two engines answer the SPARQL 1.1 Protocol at ``http://HOST:PORT/query``:

- ``oxigraph``: the Oxigraph server from PyPI (``pip install oxigraph``), run in its
  read-only mode over ``OUT/store`` with the union of the graphs as the default graph::

      oxigraph serve-read-only --location OUT/store --bind HOST:PORT --union-default-graph

  ``kg serve`` becomes that process (exec), so stopping ``kg serve`` stops the server.
- ``python``: a small layer of ``http.server`` over pyoxigraph (through ``kg.store``):
  GET and POST queries (``query=`` or an ``application/sparql-query`` body),
  ``default-graph-uri`` and ``named-graph-uri``, results in the format the ``Accept``
  header asks for (SPARQL JSON by default, XML, CSV, TSV; Turtle, N-Triples ... for graphs).
  Updates are refused with 403.

``auto`` picks ``oxigraph`` when its binary is installed and has the same minor version as
pyoxigraph (the two must read the same storage format), else ``python``. Both open the store
read-only; restart the server after a new ``kg build`` to see it.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import subprocess
import sys
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata
from pathlib import Path

from kg import store
from kg.errors import KgError, OutputError

ENGINES = ("auto", "oxigraph", "python")
PATHS = ("/query", "/sparql")
_MAX_BODY = 16 * 1024 * 1024
_FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True, slots=True)
class ServeOptions:
    out: Path
    host: str = "127.0.0.1"
    port: int = 7878
    engine: str = "auto"


def oxigraph_binary() -> Path | None:
    """The ``oxigraph`` command of the PyPI package: beside this Python first, then on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    found = shutil.which("oxigraph")
    return Path(found) if found else None


def _minor(version: str) -> tuple[str, ...]:
    return tuple(version.split()[-1].split(".")[:2])


def binary_matches(binary: Path) -> bool:
    """Whether the Oxigraph server reads the store format that pyoxigraph wrote (same minor version)."""
    try:
        shown = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    return bool(shown.strip()) and _minor(shown.strip()) == _minor(metadata.version("pyoxigraph"))


def choose_engine(engine: str) -> tuple[str, Path | None]:
    """The engine to run and, for ``oxigraph``, its binary."""
    if engine not in ENGINES:
        raise KgError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    binary = oxigraph_binary() if engine != "python" else None
    if engine == "oxigraph" and binary is None:
        raise KgError("the oxigraph server is not installed: pip install oxigraph (or use --engine python)")
    if engine == "auto" and (binary is None or not binary_matches(binary)):
        return "python", None
    return ("oxigraph", binary) if binary else ("python", None)


def oxigraph_command(binary: Path, location: Path, host: str, port: int) -> list[str]:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return [str(binary), "serve-read-only", "--location", str(location), "--bind", bind, "--union-default-graph"]


def endpoint_url(host: str, port: int) -> str:
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/query"


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def serve(options: ServeOptions, announce: Callable[[str], None]) -> None:
    """Run the endpoint until interrupted (the oxigraph engine replaces this process)."""
    location = options.out / "store"
    if not location.is_dir():
        raise OutputError(f"{location}: no store here (run kg build first)")
    engine, binary = choose_engine(options.engine)
    url = endpoint_url(options.host, options.port)
    if engine == "oxigraph" and binary is not None:
        announce(f"SPARQL endpoint (read-only, Oxigraph server): {url}")
        sys.stdout.flush()
        sys.stderr.flush()
        command = oxigraph_command(binary, location, options.host, options.port)
        os.execv(command[0], command)
    server = make_server(store.Store.open(location), options.host, options.port)
    announce(f"SPARQL endpoint (read-only, pyoxigraph): {url}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def make_server(db: store.Store, host: str, port: int) -> ThreadingHTTPServer:
    """The python engine, bound but not yet serving (``serve_forever`` runs it)."""
    handler = type("BoundHandler", (Handler,), {"db": db})
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise KgError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); pick another --port") from exc
    server.daemon_threads = True
    return server


@dataclass(frozen=True, slots=True)
class Request:
    """A SPARQL protocol request: the query, or an update (refused), and the dataset."""

    query: str | None
    update: bool
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]


def parse_request(method: str, url: str, content_type: str, body: bytes) -> Request:
    """Read GET and POST requests (form-encoded, or a ``application/sparql-query`` body)."""
    fields = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query, keep_blank_values=True)
    media = content_type.split(";")[0].strip().lower()
    query: list[str] = fields.get("query", [])
    if method == "POST" and media == _FORM:
        form = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True)
        fields = {k: fields.get(k, []) + form.get(k, []) for k in {*fields, *form}}
        query = fields.get("query", [])
    elif method == "POST" and media == "application/sparql-query":
        query = [body.decode("utf-8")]
    update = "update" in fields or media == "application/sparql-update"
    if len(query) > 1:
        raise ValueError("give one query, not several")
    return Request(query[0] if query else None, update, tuple(fields.get("default-graph-uri", [])),
                   tuple(fields.get("named-graph-uri", [])))


def accepted(header: str | None) -> list[str]:
    """Media types of an Accept header, the preferred first (by q, then by order)."""
    ranked: list[tuple[float, int, str]] = []
    for index, item in enumerate((header or "").split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        q = next((p[2:] for p in params if p.startswith("q=")), "1")
        try:
            weight = float(q)
        except ValueError:
            weight = 0.0
        if media and weight > 0:
            ranked.append((-weight, index, media.lower()))
    return [media for _w, _i, media in sorted(ranked)]


class Handler(BaseHTTPRequestHandler):
    """SPARQL 1.1 Protocol, query operation only, over the store in ``db``."""

    db: store.Store
    server_version = "kg-sparql"

    def do_GET(self) -> None:  # noqa: N802 - the http.server names
        self._answer("GET", b"")

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, b"the request is too large\n")
            return
        self._answer("POST", self.rfile.read(length))

    def do_PUT(self) -> None:  # noqa: N802
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"this endpoint is read-only\n", allow="GET, POST")

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    def _answer(self, method: str, body: bytes) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path == "/":
            self._send(HTTPStatus.OK, f"SPARQL endpoint (read-only): {PATHS[0]}?query=...\n".encode())
            return
        if path not in PATHS:
            self._send(HTTPStatus.NOT_FOUND, f"no such page; the SPARQL endpoint is {PATHS[0]}\n".encode())
            return
        try:
            request = parse_request(method, self.path, self.headers.get("Content-Type", ""), body)
        except (ValueError, UnicodeDecodeError) as exc:
            self._send(HTTPStatus.BAD_REQUEST, f"bad request: {exc}\n".encode())
            return
        if request.update:
            self._send(HTTPStatus.FORBIDDEN, b"this endpoint is read-only: updates are refused\n")
        elif request.query is None:
            self._send(HTTPStatus.BAD_REQUEST, b"no query: pass query=... (GET or POST)\n")
        else:
            self._run(request)

    def _run(self, request: Request) -> None:
        assert request.query is not None
        try:
            data, media = store.respond(self.db, request.query, accepted(self.headers.get("Accept")),
                                        request.default_graphs, request.named_graphs)
        except store.QueryError as exc:
            self._send(HTTPStatus.BAD_REQUEST, f"{exc}\n".encode())
            return
        self._send(HTTPStatus.OK, data, media)

    def _send(self, status: HTTPStatus, data: bytes, media: str = "text/plain; charset=utf-8", allow: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(data)))
        if allow:
            self.send_header("Allow", allow)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
