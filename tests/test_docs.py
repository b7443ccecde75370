"""The README stays true: every command is documented, the quick start names real files."""

from __future__ import annotations

from pathlib import Path

from kg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    for name in cli.commands:
        assert f"`kg {name}" in README, f"kg {name} is not documented in README.md"


def test_quick_start_commands_exist() -> None:
    assert "bash scripts/run build" in README and "bash scripts/run test" in README
    assert (ROOT / "scripts" / "run").is_file()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/run test" in ci


def test_lexicon_readme_lists_every_table() -> None:
    folder = ROOT / "kg" / "lexicons" / "vi"
    text = (folder / "README.md").read_text(encoding="utf-8")
    for table in folder.glob("*.tsv"):
        assert f"`{table.name}`" in text, table.name
