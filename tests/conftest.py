"""Shared fixtures: the packaged lexicon, a CLI runner, and the ../shared folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import lexicon, patterns

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SCORER = SHARED / "eval" / "score.py"


@pytest.fixture(scope="session")
def lex() -> lexicon.Lexicon:
    return lexicon.load()


@pytest.fixture(scope="session")
def pats() -> patterns.Patterns:
    return patterns.compiled()


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the development articles are not at {SEEDS} (../shared is absent)")
    return SEEDS


def needs_scorer() -> Path:
    if not SCORER.is_file():
        pytest.skip(f"the scorer is not at {SCORER} (../shared is absent)")
    return SCORER


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/*/expected.ttl")


@pytest.fixture()
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
