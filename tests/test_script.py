"""The 繁體中文 conversion on the real content: OpenCC with protected terms, the settings it reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import HandbookError
from generator.loader import load
from generator.script import Converter, convert_model, converter, protected_terms, script_settings

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def book():
    return load(ROOT)


@pytest.fixture(scope="module")
def conv():
    return converter(ROOT, {}, "zh-Hant")


def _text(reg) -> str:
    return json.dumps(reg.model_dump(mode="json", exclude={"sources"}), ensure_ascii=False)  # sources: editor-only file references


def _find(book, needle):
    """The id of the first regulation whose text (articles, duties, steps…) holds `needle`."""
    for reg in book.regulations.values():
        if needle in _text(reg):
            return reg.id
    raise AssertionError(f"no regulation holds {needle}")


@pytest.mark.parametrize("simplified, traditional", [
    ("客户", "客戶"),
    ("机房里随意穿行", "機房裡隨意穿行"),  # 里 as "inside" → 裡
    ("留长发的", "留長髮的"),  # 发 in 头发/长发 → 髮
    ("报纸分发", "報紙分發"),  # 发 in 分发 → 發
    ("定期发送风险提示", "定期傳送風險提示"),  # s2twp: Taiwan phrasing of 发送
])
def test_real_content_is_converted_in_context(book, conv, simplified, traditional):
    converted = conv.convert(_text(book.regulations[_find(book, simplified)]))
    assert traditional in converted
    assert simplified not in converted


def test_li_as_a_unit_of_length_stays():
    conv = Converter("s2twp")
    assert conv.convert("全程三公里，不在里面停留") == "全程三公里，不在裡面停留"
    assert Converter("s2t").convert("头发与发送") == "頭髮與發送"


def test_protected_terms_stay_as_written(book, conv):
    assert "中国光大银行" in protected_terms(ROOT)
    reg = next(r for r in book.regulations.values() if "中国光大银行" in r.title)
    title = conv.convert(reg.title)
    assert "中国光大银行" in title and title != reg.title  # the rest of the title is converted
    assert Converter("s2twp", ("客户",)).convert("客户与客户经理") == "客户與客户經理"


def test_a_second_pass_is_not_harmless(conv):
    """Why everything is converted exactly once: s2twp on its own output changes words."""
    once = conv.convert("大厦内装修噪音干扰他人办公")
    assert once == "大廈內裝修噪音干擾他人辦公"
    assert conv.convert(once) != once


def test_a_form_keeps_its_ids_and_references(book, conv):
    form = book.forms["customer-info-access-log"]
    converted = convert_model(form, conv.convert)
    assert converted.title == conv.convert(form.title) != form.title
    assert [f.id for f in converted.fields()] == [f.id for f in form.fields()]
    assert [f.label for f in converted.fields()] == [conv.convert(f.label) for f in form.fields()]
    assert (converted.regulation, converted.copies_unit, converted.code) == (form.regulation, form.copies_unit, form.code)


def test_mkdocs_yml_picks_the_conversion():
    assert script_settings({}, "zh-Hant") == {"opencc": "s2twp", "language": "zh-TW"}
    assert script_settings({"extra": {"scripts": {"zh-Hant": {"opencc": "s2hk"}}}}, "zh-Hant")["language"] == "zh-Hant"
    with pytest.raises(HandbookError) as error:
        script_settings({"extra": {"scripts": {"zh-Hant": {"opencc": "t2s"}}}}, "zh-Hant")
    assert "extra.scripts.zh-Hant.opencc: 't2s' is not one of s2twp, s2tw, s2t, s2hk" in str(error.value.problems[0])


def test_a_bad_protected_terms_file_is_reported_with_its_place(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/script.yaml").write_text("protect: 客户\n", encoding="utf-8")
    with pytest.raises(HandbookError) as error:
        protected_terms(tmp_path)
    assert str(error.value.problems[0]) == "docs/script.yaml:1:1: expected 'protect:' with a list of terms kept as written"
    (tmp_path / "docs/script.yaml").write_text("protect: [客户经理]\n", encoding="utf-8")
    assert protected_terms(tmp_path) == ("客户经理",)
