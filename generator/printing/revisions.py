"""The revision table (修订对照表) for the approver, as a PDF.

Input: the names of the two editions compared, the comparison (`RegulationChange`s from
`generator.editions.compare`, passed in by the caller: the renderers do not import it) and role
names. Output: HTML in the print book's style, and its PDF through the shared `pdf.html_to_pdf`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from ..pdf import html_to_pdf
from ..settings import COMPANY
from .documents import _env, print_css

STATUS_NAMES = {"added": "新增制度", "removed": "废止制度", "changed": "修订"}
KIND_NAMES = {"duty": "职责", "step": "流程步骤", "deadline": "时限", "form": "表单", "penalty": "奖惩"}


def revision_html(title: str, old: str, new: str, changes: Sequence[Any], role_names: dict[str, str], *, past: str = "") -> str:
    """`old`, `new`: how the two editions are named (e.g. "v2025.1（2025-01-01）")."""
    return _env().get_template("revisions.html.j2").render(
        title=title, old=old, new=new, changes=changes, role_names=role_names, company=COMPANY,
        status_names=STATUS_NAMES, kind_names=KIND_NAMES, css=print_css(), past=past,
    )


def revision_pdf(html: str, base: Path, fonts: Path) -> bytes:
    return html_to_pdf(html, base, fonts)
