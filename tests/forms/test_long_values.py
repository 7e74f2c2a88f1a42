"""Long values and form slips: `handbook fill` wraps a value in its box at a readable size and
never clips it; what still does not fit continues on a 续页 (and stdout says so), while the
field keeps the whole value for `extract`. The shipped forms print each number, copies note and
date once."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup

from generator.forms import render_form_pdf
from generator.forms.layout import MARKERS, MIN_SIZE
from generator.loader import load
from tests.helpers import REPO, RESOURCES, run_handbook

NARROW = """\
id: narrow-boxes
code: T-QR-010
title: 窄格测试表
regulation: complaint-handling
sections:
  - title: 明细
    fields:
      - id: rows
        label: 不良明细
        type: table
        rows: 2
        columns:
          - {id: product, label: 品名, width: 8}
          - {id: lot, label: 批号, width: 1}
      - {id: check, label: 质量管理部签核, type: signature, span: 4}
      - {id: note, label: 说明, span: 8}
"""

WRAPS = "华东精密机械样品"  # too wide for one line of the 批号 cell, fits on two at a readable size
LONG = "华东精密机械有限公司第三批次追加样品，客户要求另行包装并注明批号与检验日期"
DATA = f"""\
rows:
  - {{product: 精梳棉纱40支, lot: {WRAPS}}}
  - {{product: 涤棉混纺纱, lot: {LONG}}}
check: {{sign: 欧阳春晓, date: 2024-11-05}}
note: 另附样品两只
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("long") / "proj"
    shutil.copytree(RESOURCES / "mini", root)
    (root / "forms/narrow-boxes.yaml").write_text(NARROW, encoding="utf-8")
    (root / "data.yaml").write_text(DATA, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def filled(project) -> tuple[Path, str]:
    out = project / "filled.pdf"
    result = run_handbook("fill", "narrow-boxes", project / "data.yaml", "-o", out, "--root", project)
    assert result.returncode == 0, result.stderr
    return out, result.stdout


def _sizes(pdf: Path) -> dict[str, list[float]]:
    """Font size of every appearance drawn, by field name."""
    with pikepdf.open(pdf) as doc:
        return {
            str(f.T): [float(m) for kid in f.Kids if "/AP" in kid for m in re.findall(rb"/HBFill ([\d.]+) Tf", kid.AP.N.read_bytes())]
            for f in doc.Root.AcroForm.Fields if f.FT == pikepdf.Name.Tx
        }


def _words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """pdftotext's words on a page with their boxes (points, origin top left)."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [(w.get_text(), float(w["xmin"]), float(w["ymin"]), float(w["xmax"]), float(w["ymax"])) for w in BeautifulSoup(html, "html.parser").select("word")]


def _drawn_in_box(pdf: Path, name: str) -> str:
    """The text drawn inside a field's box on page 1; fails if any of its words runs outside it
    (a clipped value)."""
    with pikepdf.open(pdf) as doc:
        height = float(doc.pages[0].MediaBox[3])
        field = next(f for f in doc.Root.AcroForm.Fields if str(f.T) == name)
        x1, y1, x2, y2 = (float(v) for v in field.Kids[0].Rect)
    top, bottom = height - y2, height - y1
    inside = []
    for text, wx1, wy1, wx2, wy2 in _words(pdf, 1):
        cx, cy = (wx1 + wx2) / 2, (wy1 + wy2) / 2
        if x1 <= cx <= x2 and top <= cy <= bottom:
            slack = 0.2 * (wy2 - wy1)  # pdftotext's word box uses the font's ascent (1.16 em), above the CJK em box
            assert wx1 >= x1 - 0.5 and wx2 <= x2 + 0.5 and wy1 >= top - slack and wy2 <= bottom + slack, f"{name}: '{text}' runs out of its box"
            inside.append(text)
    return "".join(inside)


def test_long_values_wrap_at_a_readable_size_and_are_never_clipped(filled):
    pdf, _ = filled
    sizes = _sizes(pdf)
    for name in ("rows_r1_lot", "rows_r2_lot", "check_sign", "check_date", "rows_r1_product"):
        assert min(sizes[name]) >= MIN_SIZE, (name, sizes[name])  # was shrunk to 5 pt before
    assert sizes["check_date"] == [9] and sizes["rows_r1_product"] == [9]  # room enough: the normal size
    assert _drawn_in_box(pdf, "rows_r1_lot") == WRAPS  # two lines in a one-line table cell, all of it
    assert _drawn_in_box(pdf, "check_date") == "2024-11-05"  # the signature's date box holds a date
    assert _drawn_in_box(pdf, "check_sign") == "欧阳春晓"


def test_what_does_not_fit_continues_on_a_continuation_page(filled, project):
    pdf, stdout = filled
    assert "rows_r2_lot: too long for its box; continued on the 续页" in stdout
    assert stdout.count("continued on the 续页") == 1  # only the value that does not fit
    shown = _drawn_in_box(pdf, "rows_r2_lot")
    marker = next(m for m in MARKERS if shown.endswith(m))
    start = shown[: -len(marker)]
    assert len(start) >= 2 and LONG.startswith(start)  # the box shows the start and says where the rest is
    with pikepdf.open(pdf) as doc:
        assert len(doc.pages) == 2
    page2 = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", page2)
    assert "窄格测试表（续页）" in flat and "不良明细第2行批号" in flat and "rows_r2_lot" in flat
    assert LONG in flat  # the whole value, readable on paper
    assert "第2页/共2页" in flat
    everything = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    for value in (WRAPS, LONG, "2024-11-05", "欧阳春晓"):
        assert value in everything
    result = run_handbook("extract", pdf, "--root", project)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)["values"]
    assert values["rows"] == [{"product": "精梳棉纱40支", "lot": WRAPS}, {"product": "涤棉混纺纱", "lot": LONG}]
    assert values["check"] == {"sign": "欧阳春晓", "date": "2024-11-05"}


def test_a_value_that_fits_adds_no_continuation_page(project, tmp_path):
    data = tmp_path / "short.yaml"
    data.write_text("rows: [{product: 精梳棉纱, lot: A7}]\ncheck: {date: 2024-11-05}\n", encoding="utf-8")
    out = tmp_path / "short.pdf"
    result = run_handbook("fill", "narrow-boxes", data, "-o", out, "--root", project)
    assert result.returncode == 0 and "续页" not in result.stdout
    with pikepdf.open(out) as doc:
        assert len(doc.pages) == 1


def test_flattened_long_values_wrap_inside_their_cells(project, tmp_path):
    out = tmp_path / "flat.pdf"
    result = run_handbook("fill", "narrow-boxes", project / "data.yaml", "-o", out, "--flatten", "--root", project)
    assert result.returncode == 0, result.stderr
    words = _words(out, 1)
    text = "".join(w[0] for w in words)
    for value in (WRAPS, LONG, "2024-11-05", "欧阳春晓"):
        assert value in text
    label_top = min(w[2] for w in words if w[0].startswith("质量管理部签核"))
    long_words = [w for w in words if len(w[0]) >= 4 and w[0] in LONG]  # its lines (not a label like 日期)
    assert long_words
    right = 595.28 - 12 * 72 / 25.4
    for _, x1, y1, x2, y2 in long_words:
        assert y2 <= label_top and x2 <= right + 0.5  # stays in its cell: no overflow into the next section


def _text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


@pytest.fixture(scope="module")
def shipped():
    return load(REPO)


def test_the_complaint_sheet_prints_its_number_copies_and_dates_once(shipped, tmp_path):
    form = shipped.forms["complaint-sheet"]
    pdf = render_form_pdf(shipped, form, tmp_path)
    text = re.sub(r"\s+", "", _text(pdf))
    assert text.count("客诉编号") == 1  # in the numbering rule only; the 编号 box is the one number box
    assert text.count("一式五联") == 1 and "五联的去向" not in text  # the copies note, not a note repeating it
    assert "生效日期" not in text and "表单编号" not in text  # not given: no empty line for them
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        labels = {str(f.T): str(f.TU) for f in doc.Root.AcroForm.Fields}
    assert [name for name, label in labels.items() if label.endswith("编号") and "订单" not in label] == ["form_no"]
    assert "日期" not in labels.values()  # a signature carries its own date box


def test_no_shipped_form_repeats_a_number_a_copies_note_or_a_date(shipped):
    """The kinds of slip the complaint sheet had, looked for in every shipped form."""
    slips = []
    for form in shipped.forms.values():
        fields = form.fields()
        if form.numbering:
            slips += [f"{form.id}: {f.id} repeats the 编号 box" for f in fields if f.label.endswith("编号") and f.article == "numbering"]
        if form.copies:
            slips += [f"{form.id}: note repeats the copies: {n}" for n in form.notes if re.search(r"一式|共[一二两三四五六七八九十]+[联份]|[一二两三四五六七八九十]+联的去向", n)]
        for section in form.sections:
            if any(f.type == "signature" for f in section.fields):
                slips += [f"{form.id}: {f.id} is a spare 日期 beside a signature" for f in section.fields if f.type == "date" and f.label == "日期"]
        for f in fields:
            slips += [f"{form.id}: {f.id} has a second 序号 column" for c in f.columns if c.label == "序号"]
    assert slips == []


def test_each_copy_has_its_own_continuation_page(tmp_path):
    """Copies (联) go to different departments: each carries the 续页 for its own boxes."""
    data = tmp_path / "data.yaml"
    data.write_text(f"customer: {LONG * 3}\n", encoding="utf-8")
    out = tmp_path / "copies.pdf"
    result = run_handbook("fill", "complaint-sheet", data, "-o", out, "--copies", "--root", RESOURCES / "mini")
    assert result.returncode == 0, result.stderr
    assert "customer: too long for its box; continued on the 续页" in result.stdout
    pages = [re.sub(r"\s+", "", subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(out), "-"], capture_output=True, text=True, check=True).stdout) for n in (1, 2, 3, 4)]
    assert ["（续页）" in p for p in pages] == [False, True, False, True]
    assert "第一联" in pages[1] and "第二联" in pages[3] and all(LONG * 3 in p for p in (pages[1], pages[3]))
