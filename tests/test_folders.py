"""Folders replaced in one step: a reader of out/store or out/views never finds neither."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from kg import folders


def _folder(path: Path, text: str) -> Path:
    path.mkdir()
    (path / "file").write_text(text, encoding="utf-8")
    return path


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_two_folders_are_exchanged_in_one_step(tmp_path: Path) -> None:
    a, b = _folder(tmp_path / "a", "new"), _folder(tmp_path / "b", "old")
    assert folders.exchange(a, b)
    assert ((a / "file").read_text(encoding="utf-8"), (b / "file").read_text(encoding="utf-8")) == ("old", "new")


def test_a_folder_replaces_another_and_the_old_one_is_gone(tmp_path: Path) -> None:
    new, dest = _folder(tmp_path / ".store-x1", "new"), _folder(tmp_path / "store", "old")
    folders.replace_dir(new, dest)
    assert (dest / "file").read_text(encoding="utf-8") == "new"
    assert sorted(os.listdir(tmp_path)) == ["store"]


def test_a_folder_moves_in_where_there_was_none(tmp_path: Path) -> None:
    folders.replace_dir(_folder(tmp_path / ".views-x1", "new"), tmp_path / "views")
    assert sorted(os.listdir(tmp_path)) == ["views"]
    assert (tmp_path / "views" / "file").read_text(encoding="utf-8") == "new"


def test_without_an_exchange_the_old_folder_is_renamed_away_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(folders, "exchange", lambda _a, _b: False)
    new, dest = _folder(tmp_path / ".store-x1", "new"), _folder(tmp_path / "store", "old")
    folders.replace_dir(new, dest)
    assert (dest / "file").read_text(encoding="utf-8") == "new"
    assert sorted(os.listdir(tmp_path)) == ["store"]
