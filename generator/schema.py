"""Export JSON Schemas from the pydantic models, one per kind of YAML file."""

from __future__ import annotations

import json
from pathlib import Path

from .model import Form, GlossaryFile, Regulation, RolesFile, TopicsFile, Track

SCHEMAS = {
    "regulation": (Regulation, "docs/regulations/**/*.yaml"),
    "roles": (RolesFile, "docs/roles/*.yaml"),
    "glossary": (GlossaryFile, "docs/glossary/*.yaml"),
    "topics": (TopicsFile, "docs/topics.yaml"),
    "form": (Form, "forms/*.yaml"),
    "track": (Track, "docs/training/*.yaml"),
}


def schemas() -> dict[str, dict]:
    return {name: model.model_json_schema() for name, (model, _) in SCHEMAS.items()}


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / f"{name}.schema.json"
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
