"""The command line: help, exit codes, messages that name the file, a real build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import validate
from kg.cli import cli
from kg.errors import EXIT_SOME_SKIPPED

SAMPLE = Path(__file__).resolve().parents[1] / "kg" / "sample"
COMMANDS = sorted(cli.commands)  # every command, including those added later


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage: cli " + command in result.output


def test_build_sample_writes_the_promised_files(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["build", str(SAMPLE), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    for name in ("graph.ttl", "graph.trig", "report.json", "views/index.html"):
        assert (tmp_path / "out" / name).is_file(), name
    assert "Built 6 article(s)" in result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["articles"] == 6 and report["skipped"] == []
    assert not validate.check(tmp_path / "out")


def test_bad_input_is_skipped_named_and_the_rest_built(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("Hội nghị Tỉnh ủy Cao Bằng\nĐồng chí Hà Văn Lộc, Bí thư Tỉnh ủy chủ trì.",
                                  encoding="utf-8")
    (src / "bad.txt").write_bytes(b"\xff\xfeH\x00\x00\xd8")  # UTF-16 BOM, then a lone surrogate
    (src / "empty.md").write_text("", encoding="utf-8")
    result = runner.invoke(cli, ["build", str(src), "-o", str(tmp_path / "out"), "--no-views"])
    assert result.exit_code == EXIT_SOME_SKIPPED
    assert f"Skipped {src / 'empty.md'}: empty article (no text)" in result.output
    assert str(src / "bad.txt") in result.output
    assert "Built 1 article(s)" in result.output
    graph = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "Hà Văn Lộc" in graph


def test_strict_fails_on_a_skipped_input(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = runner.invoke(cli, ["build", str(tmp_path / "empty.txt"), "-o", str(tmp_path / "out"),
                                 "--no-views", "--strict"])
    assert result.exit_code == 1
    assert "Error: 1 input(s) skipped (--strict)" in result.output


def test_missing_input_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["build", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_extract_prints_json_lines(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["extract", str(SAMPLE / sorted(p.name for p in SAMPLE.glob("*.txt"))[0])])
    assert result.exit_code == 0
    record = json.loads(result.output.splitlines()[0])
    assert record["persons"] and {"name", "posts", "former_posts", "rule"} <= set(record["persons"][0])


def test_view_names_an_unparsable_file(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    result = runner.invoke(cli, ["view", str(bad), "-o", str(tmp_path / "v")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot read {bad}")
