"""Fast tests of the pure functions: numerals, flowchart text wrapping, Markdown escaping,
the mkdocs.yml merge, the output cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cache import OutputCache, code_digest, digest
from generator.flowchart import wrap
from generator.numerals import article_label, chapter_label, chinese_number, clause_label, copies_count
from generator.site.markdown import front_title, md, nav_title
from generator.site.mkdocs_config import GENERATOR_CSS, GENERATOR_JS, IFRAME_WORKER, merge


@pytest.mark.parametrize(
    "n, text",
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (15, "十五"), (20, "二十"), (21, "二十一"), (99, "九十九"),
     (100, "一百"), (101, "一百零一"), (105, "一百零五"), (110, "一百一十"), (1000, "一千"), (1001, "一千零一"),
     (1010, "一千零一十"), (2024, "二千零二十四"), (9999, "九千九百九十九")],
)
def test_chinese_numbers(n, text):
    assert chinese_number(n) == text


def test_labels_and_copies():
    assert (article_label(15), chapter_label(2), clause_label(3)) == ("第十五条", "第二章", "（三）")
    assert [copies_count(n) for n in (1, 2, 3, 5)] == ["一", "两", "三", "五"]
    with pytest.raises(ValueError):
        chinese_number(0)


def test_wrap_breaks_chinese_anywhere_and_keeps_latin_runs_whole():
    assert wrap("客户抱怨处理流程", 3) == ["客户抱", "怨处理", "流程"]
    lines = wrap("开展PDCA循环", 4)
    assert "PDCA" in "".join(lines) and any("PDCA" in line for line in lines)
    assert all(sum(0.55 if ord(c) < 0x2E80 else 1 for c in line) <= 4 for line in lines if "PDCA" not in line)
    assert wrap("", 5) == [""]


def test_md_escapes_html_and_markdown_punctuation():
    assert str(md("<script>alert(1)</script>")) == "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"
    assert str(md("**粗体** [链接](x) #1 a|b")) == "\\*\\*粗体\\*\\* \\[链接\\]\\(x\\) \\#1 a\\|b"
    assert str(md("两行\n文字")) == "两行 文字"
    assert str(front_title('标题 "引号" <b>')) == '"标题 &#34;引号&#34; &lt;b&gt;"'
    assert nav_title("A & B") == "A &amp; B"


def test_merge_keeps_user_settings_and_owns_the_generator_keys(tmp_path):
    user = {
        "site_name": "某某客服中心手册", "theme": {"palette": {"primary": "teal"}},
        "extra_css": ["assets/mine.css"], "plugins": [{"search": {"lang": "zh"}}, "offline"],
    }
    config = merge(user, [{"首页": "index.md"}], tmp_path / "site")
    assert config["site_name"] == "某某客服中心手册"
    assert config["theme"]["name"] == "material" and config["theme"]["palette"] == {"primary": "teal"}
    assert config["theme"]["font"] is False  # no Google Fonts unless the user asks
    assert config["extra_css"] == GENERATOR_CSS + ["assets/mine.css"]
    assert config["extra_javascript"] == GENERATOR_JS
    assert config["nav"] == [{"首页": "index.md"}] and config["use_directory_urls"] is False
    assert config["site_dir"] == str(tmp_path / "site")
    assert IFRAME_WORKER in config["extra"]["polyfills"]  # offline search from file://
    assert "polyfills" not in merge({}, [], tmp_path).get("extra", {})


def test_digest_separates_its_parts():
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("x") == digest(b"x")


def test_code_digest_sees_any_file_change(tmp_path):
    (tmp_path / "a.py").write_text("x = 1")
    before = code_digest(tmp_path)
    (tmp_path / "t.css").write_text("p {}")
    assert code_digest(tmp_path) != before


def test_cache_is_fresh_only_for_the_same_key_and_existing_outputs(tmp_path):
    out = tmp_path / "out.pdf"
    cache = OutputCache(tmp_path / "cache")
    assert not cache.fresh("form:a", "k1", [out])
    out.write_bytes(b"%PDF")
    cache.record("form:a", "k1")
    cache.record("form:gone", "k0")
    cache.keep_only("form:", {"form:a"})
    cache.save()
    again = OutputCache(tmp_path / "cache")
    assert again.fresh("form:a", "k1", [out]) and not again.fresh("form:a", "k2", [out])
    assert "form:gone" not in again.entries
    out.unlink()
    assert not again.fresh("form:a", "k1", [out])
    assert OutputCache(tmp_path / "cache", force=True).entries == {}
    (tmp_path / "cache/manifest.json").write_text("{broken")
    assert OutputCache(tmp_path / "cache").entries == {}


def test_wrap_never_starts_a_line_with_closing_punctuation():
    for width in range(2, 9):
        for line in wrap("客户抱怨，处理表。第一联、第二联；结案（逾期）》说明", width)[1:]:
            assert line[0] not in "，。、；：！？）》", (width, line)
