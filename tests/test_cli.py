"""The command line as users meet it: help for every command, schemas, warnings, serve."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.cli import app
from generator.schema import editor_settings, schemas

from tests.helpers import REPO, edit, run_handbook

COMMANDS = sorted(command.name or command.callback.__name__ for command in app.registered_commands)


def test_every_command_is_listed_and_has_help():
    assert COMMANDS == ["build", "check", "compare", "extract", "fill", "forms", "import", "schema", "serve"]
    for name in COMMANDS:
        result = run_handbook(name, "--help")
        assert result.returncode == 0, result.stderr
        assert "Usage:" in result.stdout and len(result.stdout.splitlines()) > 4


def as_editor_sees(path: Path):
    """YAML as an editor's schema check sees it: dates are strings."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def test_schema_accepts_the_shipped_files_and_rejects_a_bad_one(tmp_path):
    result = run_handbook("schema", "--out", tmp_path)
    assert result.returncode == 0
    schemas = {p.name.split(".")[0]: json.loads(p.read_text()) for p in tmp_path.glob("*.schema.json")}
    assert set(schemas) == {"regulation", "roles", "glossary", "topics", "form", "track", "search"}
    checks = {
        "regulation": sorted(REPO.glob("docs/regulations/*/*.yaml"))[:10],
        "form": sorted(REPO.glob("forms/*.yaml"))[:10],
        "track": sorted(REPO.glob("docs/training/*.yaml")),
        "roles": sorted(REPO.glob("docs/roles/*.yaml")),
    }
    for kind, files in checks.items():
        assert files
        for path in files:
            jsonschema.validate(as_editor_sees(path), schemas[kind])
    bad = as_editor_sees(REPO / "docs/regulations/quality/qc-group.yaml")
    bad["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schemas["regulation"])
    settings = json.loads((REPO / ".vscode/settings.json").read_text())
    assert set(Path(p).name for p in settings["yaml.schemas"]) == {f"{k}.schema.json" for k in schemas}


def test_editor_settings_map_each_schema_to_the_files_the_loader_reads():
    """.vscode/settings.json is the one copy of the file-kind table outside the code."""
    settings = json.loads((REPO / ".vscode/settings.json").read_text())
    assert settings["yaml.schemas"] == editor_settings()


def test_warnings_are_shown_and_fatal_with_strict(mini):
    roles = mini / "docs/roles/roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8") + "  - id: night-shift\n    name: 夜班\n", encoding="utf-8")
    result = run_handbook("check", "--root", mini)
    assert result.returncode == 0
    assert "docs/roles/roles.yaml:12:9: role 'night-shift' is not used by any regulation or track (warning)" in result.stderr
    assert "1 warning(s)" in result.stdout
    strict = run_handbook("check", "--strict", "--root", mini)
    assert strict.returncode == 2 and "night-shift" in strict.stderr
    # build says them too, also when nothing changed and it loads nothing (what the last build said)
    for _ in range(2):
        build = run_handbook("build", "--root", mini)
        assert build.returncode == 0 and "role 'night-shift' is not used by any regulation or track (warning)" in build.stderr
        assert "Built 2 regulations, 1 forms, 1 training tracks" in build.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _pdf_text(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        data = response.read()
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode("utf-8")


def _wait_for(predicate, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("timed out")


def test_serve_regenerates_on_yaml_edit(mini):
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--root", str(mini), "--port", str(port)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}/regulations/complaints/complaint-handling.html"
    try:
        first = _wait_for(lambda: _get(url), timeout=120)
        assert "客诉处理办法" in first and "livereload" in first
        edit(mini / "docs/regulations/complaint-handling.yaml", "title: 客诉处理办法", "title: 客诉处理规程")
        _wait_for(lambda: "客诉处理规程" in _get(url), timeout=60)
        status = f"http://127.0.0.1:{port}/assets/preview-status.js"
        edit(mini / "docs/regulations/complaint-handling.yaml", "topic: complaints", "topic: nowhere")
        _wait_for(lambda: "预览未更新" in _get(status), timeout=60)  # every page now says it is stale
        assert "客诉处理规程" in _get(url)  # a broken edit keeps the last good page up
        edit(mini / "docs/regulations/complaint-handling.yaml", "topic: nowhere", "topic: complaints")
        edit(mini / "docs/regulations/complaint-handling.yaml", "effective: 2024-03-01", "effective: 2024-02-30")
        time.sleep(3)
        assert process.poll() is None  # an impossible date does not end the preview
        edit(mini / "docs/regulations/complaint-handling.yaml", "effective: 2024-02-30", "effective: 2024-03-01")
        edit(mini / "docs/regulations/complaint-handling.yaml", "title: 客诉处理规程", "title: 客诉处理细则")
        _wait_for(lambda: "客诉处理细则" in _get(url), timeout=60)  # the watcher survived and picks up the fix
        _wait_for(lambda: "预览未更新" not in _get(status), timeout=30)
        # the pages come first; the PDFs follow in the background, and then no page calls them stale
        book = f"http://127.0.0.1:{port}/print/book.pdf"
        _wait_for(lambda: "客诉处理细则" in _pdf_text(book), timeout=180)
        _wait_for(lambda: "PDF 正在更新" not in _get(status), timeout=30)
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
    assert "unknown topic 'nowhere'" in output and "effective: '2024-02-30' is not a valid date" in output
    assert "Traceback" not in output


def test_committed_schemas_match_the_models():
    """schema/*.json is what editors load: it must be the export of the current models."""
    for name, schema in schemas().items():
        committed = json.loads((REPO / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert committed == schema, f"schema/{name}.schema.json is stale: run `make schema`"


def test_check_for_publication_names_what_a_regulation_does_not_give(mini):
    edit(mini / "docs/regulations/qc.yaml", "code: ", "# code: ")
    plain = run_handbook("check", "--root", mini)
    assert plain.returncode == 0 and "does not give" not in plain.stderr
    result = run_handbook("check", "--publication", "--strict", "--root", mini)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "docs/regulations/qc.yaml:" in result.stderr and "regulation 'qc' is in force but does not give: code" in result.stderr


def test_an_unchanged_rebuild_renders_nothing_and_an_edit_rebuilds(mini):
    from generator.build import build_all

    site = build_all(mini)
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    again = build_all(mini)
    assert again == site and {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()} == before
    edit(mini / "docs/regulations/complaint-handling.yaml", "title: 客诉处理办法", "title: 客诉处理规程")
    build_all(mini)
    assert "客诉处理规程" in (site / "regulations/complaints/complaint-handling.html").read_text(encoding="utf-8")
