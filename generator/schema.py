"""Export JSON Schemas from the pydantic models, one per kind of YAML file (`model.FILE_KINDS`).

Input: the models. Output: `schema/<kind>.schema.json` files and the editor settings that map them.
"""

from __future__ import annotations

import json
from pathlib import Path

from .model import FILE_KINDS


def schemas() -> dict[str, dict]:
    """kind → JSON Schema of its files."""
    return {name: model.model_json_schema() for name, (model, _) in FILE_KINDS.items()}


def editor_settings() -> dict[str, str]:
    """The `yaml.schemas` mapping of .vscode/settings.json: schema file → the files it checks."""
    return {f"./schema/{name}.schema.json": pattern for name, (_, pattern) in FILE_KINDS.items()}


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / f"{name}.schema.json"
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
