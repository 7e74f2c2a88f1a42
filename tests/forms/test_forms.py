"""Form PDFs as a user meets them: real fields, copies, Chinese values in every viewer,
prefill, flatten and read-back."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageFilter, ImageStat
from pypdf import PdfReader

from generator.cache import OutputCache
from generator.errors import Problems
from generator.forms import render_all, render_form_pdf
from generator.forms.fill import check_values, comparable
from generator.loader import load
from generator.yamlsource import Positions

from tests.helpers import RESOURCES, edit, run_handbook

FILL = """\
form_no: "241103"
complaint_no: "241103"
customer: 华东精密机械有限公司（堃）
received: 2024-11-03
defect_qty: 36
severity: major
content: |-
  客户反映第三批纱线强力偏低，织造时断头率上升。
  附样品两只，请尽快检验。
channels: [phone, letter]
urgent: true
items:
  - {product: 精梳棉纱40支, qty: 12}
  - {product: 涤棉混纺纱, qty: 24}
approve: {sign: 李质量, date: 2024-11-05}
"""

EXPECTED_FIELDS = [
    "form_no", "complaint_no", "customer", "received", "defect_qty", "severity", "content",
    "channels__phone", "channels__visit", "channels__letter", "urgent",
    "items_r1_product", "items_r1_qty", "items_r2_product", "items_r2_qty", "items_r3_product", "items_r3_qty",
    "approve_sign", "approve_date",
]


@pytest.fixture(scope="module")
def book():
    return load(RESOURCES / "mini")


@pytest.fixture(scope="module")
def blank(book, tmp_path_factory) -> bytes:
    return render_form_pdf(book, book.forms["complaint-sheet"], tmp_path_factory.mktemp("fonts"))


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("fill")
    (tmp / "data.yaml").write_text(FILL, encoding="utf-8")
    out = tmp / "filled.pdf"
    result = run_handbook("fill", "complaint-sheet", tmp / "data.yaml", "-o", out, "--root", RESOURCES / "mini")
    assert result.returncode == 0, result.stderr
    return out


def test_fields_are_real_acroform_fields_named_from_yaml(blank):
    reader = PdfReader(io.BytesIO(blank))
    fields = reader.get_fields()
    assert list(fields) == EXPECTED_FIELDS  # layout order, ASCII names, no "severity.severity"
    assert fields["customer"]["/FT"] == "/Tx"
    assert fields["customer"]["/TU"] == "客户名称"
    assert fields["severity"]["/FT"] == "/Btn"
    with pikepdf.open(io.BytesIO(blank)) as pdf:
        by_name = {str(f.T): f for f in pdf.Root.AcroForm.Fields}
        assert int(by_name["complaint_no"].Ff) & 2 and int(by_name["customer"].Ff) & 2  # required
        assert not int(by_name["received"].Ff) & 2
        assert int(by_name["content"].Ff) & 4096  # multiline
        radio = by_name["severity"]
        assert int(radio.Ff) & (1 << 15)
        states = [set(k.AP.N.keys()) for k in radio.Kids]
        assert states == [{"/minor", "/Off"}, {"/major", "/Off"}]
        assert all("/T" not in k for k in radio.Kids)
        assert set(by_name["urgent"].Kids[0].AP.N.keys()) == {"/Yes", "/Off"}
        assert "/STSong" in str(by_name["customer"].DA)
        assert pdf.Root.AcroForm.NeedAppearances


def test_qpdf_check_passes_without_warnings(blank, tmp_path):
    path = tmp_path / "blank.pdf"
    path.write_bytes(blank)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_labels_use_small_embedded_cjk_subsets(blank):
    assert len(blank) < 300_000
    with pikepdf.open(io.BytesIO(blank)) as pdf:
        embedded = [str(o.FontName) for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/FontDescriptor" and any(k.startswith("/FontFile") for k in o.keys())]
    assert any("HandbookCJK" in name or "Noto" in name for name in embedded)
    text = subprocess.run(["pdftotext", "-", "-"], input=blank, capture_output=True).stdout.decode()
    for label in ("客户抱怨处理表", "客诉编号", "不良明细", "国内客诉十五天内结案", "T-QR-001"):
        assert label in text


def test_copies_are_separate_pages_with_their_label_and_shared_fields(book, tmp_path):
    data = render_form_pdf(book, book.forms["complaint-sheet"], tmp_path, copies=True)
    pages = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-", "-"], input=data, capture_output=True).stdout.decode() for n in (1, 2)]
    assert "第一联：业务部门" in pages[0] and "第二联" not in pages[0]
    assert "第二联：质量管理部" in pages[1]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 2
        customer = next(f for f in pdf.Root.AcroForm.Fields if str(f.T) == "customer")
        assert len(customer.Kids) == 2  # typed once, printed on both copies


def _render_poppler(pdf: Path, dpi: int = 100) -> Image.Image:
    out = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", str(pdf)], capture_output=True)
    assert out.returncode == 0
    assert b"Missing language pack" not in out.stderr and b"Couldn't find" not in out.stderr
    return Image.open(io.BytesIO(out.stdout)).convert("L")


def _render_pdfium(pdf: Path, dpi: int = 100) -> Image.Image:
    doc = pdfium.PdfDocument(str(pdf))
    doc.init_forms()
    return doc[0].render(scale=dpi / 72, may_draw_forms=True).to_pil().convert("L")


def _field_boxes(pdf: Path, names: list[str], dpi: int = 100):
    with pikepdf.open(pdf) as doc:
        height = float(doc.pages[0].MediaBox[3])
        page0 = doc.pages[0].obj
        for field in doc.Root.AcroForm.Fields:
            if str(field.T) in names:
                for kid in field.Kids:
                    if kid.get("/P") == page0 or kid.objgen in [a.objgen for a in page0.Annots]:
                        x1, y1, x2, y2 = (float(v) for v in kid.Rect)
                        s = dpi / 72
                        yield str(field.T), (int(x1 * s), int((height - y2) * s), int(x2 * s), int((height - y1) * s))


def test_chinese_values_show_in_poppler_and_pdfium(filled, blank, tmp_path):
    """Every filled Chinese value is drawn with real glyphs: the embedded subset has each
    character, and poppler and pdfium draw the same ink in each field (a box or mojibake in
    one viewer would differ)."""
    with pikepdf.open(filled) as pdf:
        fonts = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/BaseFont") == "/HBAAAA+NotoSansCJKsc-Regular" and o.get("/Subtype") == "/Type0"]
        assert len(fonts) == 1
        cmap = fonts[0].ToUnicode.read_bytes().decode()
        for char in "华东精密机械堃李质量纱线":
            assert f"<{ord(char):04X}>" in cmap
        assert not pdf.Root.AcroForm.NeedAppearances
    blank_path = tmp_path / "blank.pdf"
    blank_path.write_bytes(blank)
    poppler, pdfium_img, empty = _render_poppler(filled), _render_pdfium(filled), _render_poppler(blank_path)
    boxes = dict(_field_boxes(filled, ["customer", "content", "items_r1_product", "approve_sign"]))
    assert len(boxes) == 4
    for name, box in boxes.items():
        ink = ImageStat.Stat(ImageChops.difference(poppler.crop(box), empty.crop(box))).mean[0]
        assert ink > 3, f"{name}: nothing drawn in poppler"
        soft = lambda img: img.crop(box).filter(ImageFilter.GaussianBlur(2))  # tolerate 1px offsets
        diff = ImageStat.Stat(ImageChops.difference(soft(poppler), soft(pdfium_img))).mean[0]
        assert diff < ink / 2, f"{name}: poppler and pdfium draw different things"


def _render_pdfjs(page, serve_dir, tmp_path: Path, pdf: Path, dpi: int = 100, name: str = "doc") -> Image.Image:
    """pdf.js (Debian's libjs-pdf, the engine of Firefox's viewer) draws page 1 on a canvas."""
    root = tmp_path / "pdfjs-site"
    if not root.exists():
        root.mkdir()
        (root / "pdfjs").symlink_to("/usr/share/javascript/pdf")
        (root / "render.html").write_text((RESOURCES / "pdfjs/render.html").read_text(encoding="utf-8"), encoding="utf-8")
    (root / f"{name}.pdf").write_bytes(pdf.read_bytes())
    server = serve_dir(root)
    page.goto(f"{server.url}/render.html?file=/{name}.pdf&scale={dpi / 72}")
    page.wait_for_function("document.title !== ''", timeout=30000)
    assert page.title() == "rendered"
    data = page.locator("#page").screenshot()
    return Image.open(io.BytesIO(data)).convert("L")


def test_pdfjs_draws_labels_and_filled_chinese_values(filled, blank, tmp_path, serve_dir, page):
    """pdf.js (Firefox's engine) draws the labels (embedded subset font) and the filled values
    (their own appearance streams) as poppler does."""
    blank_pdf = tmp_path / "blank.pdf"
    blank_pdf.write_bytes(blank)
    pdfjs_img = _render_pdfjs(page, serve_dir, tmp_path, filled)
    pdfjs_blank = _render_pdfjs(page, serve_dir, tmp_path, blank_pdf, name="blank")
    poppler = _render_poppler(filled)
    soft = lambda img, box: img.crop(box).filter(ImageFilter.GaussianBlur(2))
    title = (0, 40, poppler.width, 110)  # the form title and header, drawn from the label font
    assert ImageStat.Stat(ImageChops.invert(pdfjs_img.crop(title))).mean[0] > 5  # not blank
    assert ImageStat.Stat(ImageChops.difference(soft(pdfjs_img, title), soft(poppler, title))).mean[0] < 6
    for name, box in dict(_field_boxes(filled, ["customer", "content"])).items():
        ink = ImageStat.Stat(ImageChops.difference(soft(pdfjs_img, box), soft(pdfjs_blank, box))).mean[0]
        assert ink > 3, f"{name}: pdf.js drew no value"
        same = ImageStat.Stat(ImageChops.difference(soft(pdfjs_img, box), soft(poppler, box))).mean[0]
        assert same < ink / 2, f"{name}: pdf.js and poppler draw different things"


def test_pdfjs_viewer_shows_chinese_typed_into_a_blank_form(blank, tmp_path, serve_dir, page):
    """A value typed in a viewer has no appearance stream; Firefox's viewer shows fields as
    HTML inputs, so the Chinese value must reach them intact."""
    with pikepdf.open(io.BytesIO(blank)) as doc:
        for field in doc.Root.AcroForm.Fields:
            if str(field.T) in ("customer", "content"):
                field.V = pikepdf.String("华东精密机械堃")
        doc.save(tmp_path / "typed.pdf")
    root = tmp_path / "viewer-site"
    root.mkdir()
    (root / "pdfjs").symlink_to("/usr/share/javascript/pdf")
    (root / "typed.pdf").write_bytes((tmp_path / "typed.pdf").read_bytes())
    server = serve_dir(root)
    page.goto(f"{server.url}/pdfjs/web/viewer.html?file=/typed.pdf")
    page.wait_for_selector(".annotationLayer input", timeout=30000)
    customer = page.locator('.annotationLayer input[name="customer"]')
    assert customer.input_value() == "华东精密机械堃"
    assert page.locator('.annotationLayer textarea[name="content"]').input_value() == "华东精密机械堃"
    page.screenshot(path=str(tmp_path / "pdfjs-viewer.png"))


def test_fill_then_extract_gives_the_same_values(filled, book):
    result = run_handbook("extract", filled, "--root", RESOURCES / "mini")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["form"] == "complaint-sheet"
    import yaml

    data = yaml.safe_load(FILL)
    values = check_values(book.forms["complaint-sheet"], data, Positions(Path("x")), Problems())
    assert record["values"] == comparable(book.forms["complaint-sheet"], values)
    assert record["values"]["customer"] == "华东精密机械有限公司（堃）"
    assert record["values"]["defect_qty"] == 36
    assert record["values"]["items"] == [{"product": "精梳棉纱40支", "qty": "12"}, {"product": "涤棉混纺纱", "qty": "24"}]
    assert record["values"]["channels"] == ["phone", "letter"]


def test_extract_many_files_gives_csv(filled, tmp_path):
    second = tmp_path / "second.pdf"
    second.write_bytes(filled.read_bytes())
    result = run_handbook("extract", filled, second, "--root", RESOURCES / "mini")
    assert result.returncode == 0, result.stderr
    import csv

    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 2
    assert rows[0]["form"] == "complaint-sheet" and rows[1]["file"] == str(second)
    assert rows[0]["customer"] == "华东精密机械有限公司（堃）"
    assert json.loads(rows[0]["items"])[1] == {"product": "涤棉混纺纱", "qty": "24"}


def test_flatten_prints_values_as_page_text(tmp_path):
    (tmp_path / "data.yaml").write_text(FILL, encoding="utf-8")
    out = tmp_path / "flat.pdf"
    result = run_handbook("fill", "complaint-sheet", tmp_path / "data.yaml", "-o", out, "--flatten", "--root", RESOURCES / "mini")
    assert result.returncode == 0, result.stderr
    assert PdfReader(out).get_fields() in (None, {})
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    for value in ("华东精密机械有限公司（堃）", "36", "精梳棉纱40支", "李质量", "2024-11-05"):
        assert value in text


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("customer: 华东", "custmer: 华东", "unknown field 'custmer' (did you mean 'customer'?) in form 'complaint-sheet'"),
        ("defect_qty: 36", "defect_qty: 三十六", "defect_qty: expected a number, got '三十六'"),
        ("severity: major", "severity: huge", "severity: 'huge' is not an option of 'severity'; options: minor, major"),
        ("received: 2024-11-03", "received: 昨天", "received: expected a date like 2024-05-01, got '昨天'"),
        ("qty: 24}", "qyt: 24}", "unknown column 'qyt' (did you mean 'qty'?) in table 'items'"),
    ],
)
def test_bad_fill_data_is_an_error_and_writes_nothing(tmp_path, old, new, message):
    data = tmp_path / "data.yaml"
    data.write_text(FILL.replace(old, new), encoding="utf-8")
    line = next(i for i, l in enumerate(data.read_text(encoding="utf-8").splitlines(), 1) if new.split(":")[0].strip() in l)
    out = tmp_path / "out.pdf"
    result = run_handbook("fill", "complaint-sheet", data, "-o", out, "--root", RESOURCES / "mini")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{data}:{line}:" in result.stderr and message in result.stderr
    assert not out.exists()


def test_qr_code_carries_code_and_version(blank, tmp_path):
    path = tmp_path / "blank.pdf"
    path.write_bytes(blank)
    png = _render_poppler(path, dpi=200)
    png.save(tmp_path / "page.png")
    result = subprocess.run(["zbarimg", "--raw", "-q", str(tmp_path / "page.png")], capture_output=True, text=True)
    assert result.stdout.strip() == "T-QR-001 v1.0 complaint-sheet"


def test_render_all_skips_unchanged_forms(mini):
    book = load(mini)
    out = mini / "build/forms"

    def cache():
        return OutputCache(mini / "build/.cache")

    first = render_all(book, out, cache(), copies=True, jobs=1)
    assert [r.rendered for r in first] == [True]
    assert first[0].copies_pdf.exists() and first[0].preview.exists()
    second = render_all(load(mini), out, cache(), copies=True, jobs=1)
    assert [r.rendered for r in second] == [False]
    edit(mini / "forms/complaint-sheet.yaml", "title: 客户抱怨处理表", "title: 客户抱怨处理单")
    third = render_all(load(mini), out, cache(), copies=True, jobs=1)
    assert [r.rendered for r in third] == [True]
    assert "客户抱怨处理单" in subprocess.run(["pdftotext", str(third[0].pdf), "-"], capture_output=True, text=True).stdout


def test_preview_is_page_one_in_a_small_palette(mini):
    """The site shows the preview at its own size (50 dpi): a palette PNG, a third of full
    colour's weight, every pixel within a few levels of what poppler draws, the asterisks of
    the required fields still red."""
    [result] = render_all(load(mini), mini / "build/forms", OutputCache(mini / "build/.cache"), copies=False, jobs=1)
    preview = Image.open(result.preview)
    assert preview.mode == "P" and len(preview.getcolors()) <= 128
    drawn = subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(result.pdf)], capture_output=True).stdout
    full = Image.open(io.BytesIO(drawn)).convert("RGB")
    assert preview.size == full.size
    difference = ImageChops.difference(full, preview.convert("RGB"))
    assert max(high for _, high in difference.getextrema()) <= 8
    assert result.preview.stat().st_size < 0.6 * len(drawn)
    _, (red, green, _) = max(full.getcolors(1 << 16), key=lambda item: item[1][0] - item[1][1])
    assert red - green > 80  # the required fields' asterisks: kept within the few levels above


SECOND_FORM = """\
id: visit-note
code: T-QR-009
title: 回访记录
regulation: complaint-handling
sections:
  - fields:
      - {id: customer, label: 客户}
"""


def test_a_changed_shared_helper_re_renders_exactly_the_forms_it_shows_in(mini, monkeypatch):
    """No list of source files decides what is stale: the form's own rendered HTML does."""
    (mini / "forms/visit-note.yaml").write_text(SECOND_FORM, encoding="utf-8")
    out = mini / "build/forms"
    first = render_all(load(mini), out, OutputCache(mini / "build/.cache"), copies=True, jobs=1)
    assert {r.form_id: r.rendered for r in first} == {"complaint-sheet": True, "visit-note": True}
    # 一式N联 is spelled by a numeral helper outside the forms package; only the form with copies prints it
    monkeypatch.setattr("generator.model.copies_count", lambda n: "许多")
    second = render_all(load(mini), out, OutputCache(mini / "build/.cache"), copies=True, jobs=1)
    assert {r.form_id: r.rendered for r in second} == {"complaint-sheet": True, "visit-note": False}
    text = subprocess.run(["pdftotext", str(out / "complaint-sheet.pdf"), "-"], capture_output=True, text=True).stdout
    assert "一式许多联" in text
