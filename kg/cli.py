"""The command line: thin click commands over ``kg.pipeline`` and ``kg.views``."""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import click

from kg import __version__, ids, pipeline, rdf, readers, views
from kg.errors import EXIT_SOME_SKIPPED, KgError
from kg.extract import extract


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """Knowledge graphs of people, posts, bodies and meetings from Vietnamese political news."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Folder for graph.ttl, graph.trig, report.json and views/.")
@click.option("--base", default=ids.DEFAULT_BASE, show_default=True, callback=lambda _c, _p, v: _check_base(v),
              help="Base IRI of the data (absolute, ending in / or #).")
@click.option("--views/--no-views", default=True, show_default=True, help="Write the HTML views.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              show_default="all cores", help="Worker processes for extraction.")
@click.option("--strict", is_flag=True, help="Stop at the first skipped input (exit 1), outputs left as they were.")
def build(inputs: tuple[Path, ...], out: Path, base: str, views: bool, jobs: int, strict: bool) -> None:
    """Build the graph and views of the articles in INPUTS (files or folders).

    Articles are .txt/.md files (UTF-8, UTF-16, Windows-1258, TCVN3 or VNI), .html pages
    or .jsonl (one article per line).
    Exit status: 0 all built; 3 some inputs skipped (see OUT/report.json); 1 error.
    """
    options = pipeline.BuildOptions(out=out, base=base, views=views, jobs=jobs, strict=strict)
    ticker = Ticker("Extracting")
    try:
        report = pipeline.build(inputs, options, progress=ticker.tick)
    except KgError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:  # the disk full, a file too large, a folder not writable, in any stage
        raise click.ClickException(_stopped(out, exc)) from exc
    finally:
        ticker.close()
    _summary(report)
    if report.skipped:
        if strict:
            raise click.ClickException(f"{len(report.skipped)} input(s) skipped (--strict)")
        sys.exit(EXIT_SOME_SKIPPED)


class Ticker:
    """A one-line count of articles done, redrawn on a terminal; silent otherwise."""

    def __init__(self, label: str) -> None:
        self.label, self.done, self.shown = label, 0, 0.0
        self.live = sys.stderr.isatty()

    def tick(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if self.live and now - self.shown > 0.2:
            click.echo(f"\r{self.label}: {self.done} article(s)", nl=False, err=True)
            self.shown = now

    def close(self) -> None:
        if self.live and self.done:
            click.echo(f"\r{self.label}: {self.done} article(s)", err=True)


def _stopped(out: Path, exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    return (f"{out}: the build stopped: {exc.strerror or exc}{where}. Each output there is whole: the last "
            "build's, or this build's where it had already been replaced; the next build starts again.")


def _summary(report: pipeline.BuildReport) -> None:
    click.echo(f"Built {report.articles} article(s) in {report.seconds:.1f} s: {report.persons} people, "
               f"{report.posts} posts, {report.events} events, {report.triples} triples.")
    click.echo(f"Graph: {report.out / 'graph.ttl'} and {report.out / 'graph.trig'}")
    if report.stages:
        click.echo("Stages: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in report.stages)
                   + f"; {report.extracted} article(s) extracted, the others unchanged")
    elif report.articles:
        click.echo("Up to date: nothing changed since the last build.")
    if report.views_index:
        click.echo(f"Views: {report.views_index}")
    for item in report.skipped[:_SHOW_SKIPPED]:
        click.echo(f"Skipped {item.source}: {item.problem}", err=True)
    if len(report.skipped) > _SHOW_SKIPPED:
        click.echo(f"... and {len(report.skipped) - _SHOW_SKIPPED} more skipped", err=True)
    if report.skipped:
        click.echo(f"Skipped {len(report.skipped)} input(s): every input and why is in {report.out / 'report.json'}",
                   err=True)
    if report.notes:
        click.echo(f"{len(report.notes)} input(s) read with notes (encoding converted, fields left out): "
                   f"see {report.out / 'report.json'}", err=True)


_SHOW_SKIPPED = 20  # skipped inputs listed on stderr; report.json has them all
_BASE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f]*[/#]")


def _check_base(value: str) -> str:
    """Every IRI of the build starts with the base: it must be an absolute IRI ending in / or #."""
    if not _BASE_IRI.fullmatch(value):
        raise click.BadParameter(f"{value!r} is not an absolute IRI ending in / or # "
                                 f"(like {ids.DEFAULT_BASE})")
    return value


@cli.command("extract")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True, path_type=Path))
@click.option("--nquads", is_flag=True, help="Write N-Quads (the build's per-article statements) instead of JSON.")
@click.option("--base", default=ids.DEFAULT_BASE, show_default=True, help="Base IRI of the data (with --nquads).")
def extract_command(inputs: tuple[Path, ...], nquads: bool, base: str) -> None:
    """Print what the rules find in each article of INPUTS ("-": JSON lines on standard input).

    Without options: one JSON line per article (people, events, roles, documents), for
    checking rules. With --nquads: the N-Quads a build would stage for each article, so a
    corpus can be extracted in shards on many machines (GNU parallel, Spark, Dask) and the
    union bulk-loaded into a triplestore. Problems go to standard error.
    """
    for item in _read_inputs(inputs):
        if item.article is None:
            click.echo(f"Skipped {item.source}: {item.problem}", err=True)
        elif nquads:
            quads = pipeline.article_nquads(item.article, base)
            if isinstance(quads, pipeline.Skipped):
                click.echo(f"Skipped {quads.source}: {quads.problem}", err=True)
            else:
                click.echo(quads, nl=False)
        else:
            click.echo(json.dumps(_facts_json(extract(item.article)), ensure_ascii=False))


def _read_inputs(inputs: tuple[Path, ...]) -> Iterator[readers.Read]:
    for path in inputs:
        if str(path) == "-":
            stdin: BinaryIO = sys.stdin.buffer
            yield from readers.read_jsonl_stream(stdin)
        else:
            yield from (item for found in readers.discover([path]) for item in readers.read(found))


def _facts_json(facts: object) -> dict[str, object]:
    from kg.model import ArticleFacts

    assert isinstance(facts, ArticleFacts)
    return {
        "article": facts.article.id,
        "persons": [{"name": p.name, "posts": [x.label for x in p.posts if not x.former],
                     "former_posts": [x.label for x in p.posts if x.former], "rule": p.rule}
                    for p in facts.persons],
        "events": [{"kind": e.kind, "label": e.label, "date": e.date.iso() if e.date else None,
                    "ordinal": e.ordinal, "organizer": e.organizer.label if e.organizer else None,
                    "roles": [[r.role, r.person] for r in e.roles]} for e in facts.events],
        "documents": [d.label for d in facts.documents],
    }


@cli.command("view")
@click.argument("graph_files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write views/ into.")
def view(graph_files: tuple[Path, ...], out: Path) -> None:
    """Write the interactive HTML views of GRAPH_FILES (Turtle or TriG)."""
    try:
        graph = rdf.load(graph_files)
    except Exception as exc:  # noqa: BLE001 - a parse error names the file
        raise click.ClickException(f"cannot read {', '.join(map(str, graph_files))}: {exc}") from exc
    report = views.write_views(graph, out)
    click.echo(f"Views: {report.index}")


@cli.command("query")
@click.argument("question", required=False)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("out"), show_default=True,
              help="The build whose store to ask.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter of the question (repeat for more, or for several values of one).")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="A text table, or the W3C SPARQL results formats.")
@click.option("--list", "list_questions", is_flag=True, help="List the canned questions and their parameters.")
def query_command(question: str | None, out: Path, params: tuple[str, ...], fmt: str, list_questions: bool) -> None:
    """Ask the build's store QUESTION: a canned question's name, a .rq file, or SPARQL text.

    The default graph is the union of the build's graphs; the usual prefixes (vnpol, org,
    schema, prov, skos, rdfs, xsd, time) are declared. Example:

        kg query chaired -p who="Hoàng Duy Chinh"
    """
    from kg import query

    if list_questions:
        click.echo(query.describe())
        return
    if question is None:
        raise click.UsageError("give a QUESTION (see kg query --list), a .rq file or SPARQL")
    values: dict[str, list[str]] = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="-p/--param")
        values.setdefault(name.strip(), []).append(value)
    try:
        data = query.output(query.open_store(out), question, values, fmt)
    except KgError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(data, nl=False)


@cli.command("serve")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("out"), show_default=True,
              help="The build whose store to serve.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True)
@click.option("--engine", type=click.Choice(["auto", "oxigraph", "python"]), default="auto", show_default=True,
              help="oxigraph: the Oxigraph server (pip install oxigraph); python: pyoxigraph behind http.server.")
def serve_command(out: Path, host: str, port: int, engine: str) -> None:
    """Serve the build's store as a read-only SPARQL endpoint at http://HOST:PORT/query.

    The default graph is the union of the build's graphs. Stop it with Ctrl-C.
    """
    from kg import server

    if not server.is_loopback(host):
        click.echo(f"Warning: {host} is not a loopback address: others on the network can query the store.",
                   err=True)
    try:
        server.serve(server.ServeOptions(out, host, port, engine), click.echo)
    except KgError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command("push")
@click.argument("out", required=False, type=click.Path(file_okay=False, path_type=Path), default=Path("out"))
@click.option("--endpoint", required=True, metavar="GSP_URL",
              help="The Graph Store Protocol URL, e.g. http://localhost:7878/store (Oxigraph), "
                   "http://localhost:3030/ds/data (Fuseki).")
@click.option("--user", help="User name for basic or digest authentication.")
@click.option("--password", envvar="KG_PUSH_PASSWORD", show_envvar=True, help="Password (better from the environment).")
@click.option("--retries", type=click.IntRange(min=0), default=4, show_default=True,
              help="Retries of a failed request.")
@click.option("--timeout", type=click.FloatRange(min=1), default=120.0, show_default=True, help="Seconds per request.")
@click.option("--graph-param", default="graph", show_default=True, help="Query parameter naming the graph.")
def push_command(out: Path, endpoint: str, user: str | None, password: str | None, retries: int, timeout: float,
                 graph_param: str) -> None:
    """Upload each named graph of the build in OUT (default out/) to a triplestore.

    Each graph is replaced whole with one PUT, so pushing again is harmless; a graph that
    fails after the retries is deleted on the server rather than left partial.
    """
    from kg import push

    options = push.PushOptions(endpoint, retries=retries, timeout=timeout, user=user, password=password,
                               graph_param=graph_param)
    try:
        report = push.push(out, options)
    except KgError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Pushed {report.graphs} graph(s), {report.triples} triples, to {report.endpoint} "
               f"in {report.seconds:.1f} s.")


@cli.command("validate")
@click.argument("targets", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--ontology", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder holding shapes.ttl and vnpol.ttl  [default: the ontology/ folder of this checkout]")
def validate_command(targets: tuple[Path, ...], ontology: Path | None) -> None:
    """Check a build against ontology/shapes.ttl (SHACL, with pySHACL).

    TARGETS is a build folder (its graph.ttl is read; default out/) or .ttl/.trig files.
    Prints "conforms", or each violation: the node and its label, the property, the value
    and what to fix. Exit status: 0 conforms; 1 violations, or the files cannot be read.
    """
    from kg import validate
    from kg.errors import EXIT_ERROR

    try:
        report = validate.validate(targets or (Path("out"),), ontology)
    except KgError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(report.explain())
    if not report.conforms:
        sys.exit(EXIT_ERROR)
