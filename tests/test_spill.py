"""Records filed in parts by a key's hash and read back one part at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import spill
from kg.spill import Parts


def test_each_part_holds_the_records_of_its_keys_in_the_order_filed(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spill, "_BATCH", 3)  # most records go to files, the last few wait in memory
    table: Parts[tuple[str, int]] = Parts(tmp_path / "t", "rows", 5)
    records = [(f"key{n % 13}", n) for n in range(200)]
    for key, n in records:
        table.add(key, (key, n))
    read = [list(part) for part in table.parts()]
    assert sorted(r for part in read for r in part) == sorted(records)
    for n, part in enumerate(read):
        assert {table.part_of(key) for key, _ in part} <= {n}
        assert part == [r for r in records if table.part_of(r[0]) == n]
    assert sum(1 for part in read if part) > 1
    table.remove()
    assert not any((tmp_path / "t").iterdir())
    assert [list(part) for part in table.parts()] == [[]] * 5


def test_a_table_has_a_part_at_least(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least one part"):
        Parts(tmp_path, "rows", 0)


def test_the_records_waiting_in_memory_are_bounded_however_many_parts(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Many parts, each under its batch: all are written once the parts hold ``_WAITING_MAX`` in all."""
    monkeypatch.setattr(spill, "_BATCH", 50)
    monkeypatch.setattr(spill, "_WAITING_MAX", 40)
    table: Parts[tuple[str, int]] = Parts(tmp_path / "t", "rows", 16)
    records = [(f"key{n % 97}", n) for n in range(1000)]
    most = 0
    for key, n in records:
        table.add(key, (key, n))
        most = max(most, sum(len(waiting) for waiting in table._waiting))
    assert most == 39  # the 40th record of all the parts wrote them
    read = [list(part) for part in table.parts()]
    for n, part in enumerate(read):
        assert part == [r for r in records if table.part_of(r[0]) == n]
