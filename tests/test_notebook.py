"""scripts/explore.ipynb runs top to bottom (nbclient, a real kernel) on the sample build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from servers import ROOT, build_sample

NOTEBOOK = ROOT / "scripts" / "explore.ipynb"


def test_the_notebook_runs_on_the_sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = pytest.importorskip("nbformat", reason="pip install -e '.[test]' (nbformat, nbclient, ipykernel)")
    nbclient = pytest.importorskip("nbclient", reason="pip install -e '.[test]' (nbformat, nbclient, ipykernel)")
    pytest.importorskip("ipykernel", reason="pip install -e '.[test]' (ipykernel)")
    pytest.importorskip("matplotlib", reason="pip install -e '.[test]' (matplotlib)")
    out = build_sample(tmp_path / "out")
    monkeypatch.setenv("KG_OUT", str(out))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError, with the cell and the traceback, if a cell fails
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert html.count("<table>") >= len(json.loads((ROOT / "scripts" / "explore.ipynb").read_text())["cells"]) // 2
    assert "Hoàng Duy Chinh" in html
    assert any("image/png" in o.get("data", {}) for o in outputs), "the networkx drawing is missing"
    text = "".join(o.get("text", "") for o in outputs)
    assert f"{out}: " in text and " nodes, " in text


def test_the_notebook_is_committed_without_outputs() -> None:
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert all(not cell.get("outputs") for cell in notebook["cells"] if cell["cell_type"] == "code")
