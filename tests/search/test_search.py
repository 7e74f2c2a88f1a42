"""Search as staff use it, in a real Chromium on the built default site: the relevance set
(top-1, top-3, MRR), the same results from file:// and over http, every query word counted,
only matched words highlighted, results narrowed by kind, nothing fetched from elsewhere."""

from __future__ import annotations

import json
import re

import pytest

from generator.loader import load

from tests.helpers import REPO, read_search_index, search
from tests.search import relevance

TOP1, TOP3 = 0.90, 0.97


@pytest.fixture(scope="module")
def book():
    return load(REPO)


@pytest.fixture(scope="module")
def outcomes_http(default_build, book, browser):
    from tests.helpers import Server

    server = Server(default_build / "site")
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    outcomes, _ = relevance.run(page, book, server.url + "/index.html")
    page.close()
    server.close()
    return outcomes, requests, server.url


@pytest.mark.parametrize("name", [path.stem for path in relevance.QUERY_FILES])
def test_relevance_set_is_answered_first(outcomes_http, name):
    outcomes = [o for o in outcomes_http[0] if o.set == name]
    figures = relevance.summary(outcomes)
    misses = [f"{o.query} → {o.pages[:3]}" for o in outcomes if o.rank != 0]
    assert figures["queries"] >= 60
    assert figures["top1"] >= TOP1, (figures, misses)
    assert figures["top3"] >= TOP3, (figures, misses)


def test_file_and_http_give_the_same_results_and_nothing_leaves_the_origin(outcomes_http, default_build, book, browser):
    outcomes, requests, origin = outcomes_http
    assert requests and [u for u in requests if not u.startswith(origin) and not u.startswith("data:")] == []
    page = browser.new_page()
    from_file, _ = relevance.run(page, book, (default_build / "site/index.html").as_uri())
    page.close()
    assert [(o.pages, o.sections) for o in from_file] == [(o.pages, o.sections) for o in outcomes]


def result_links(page) -> list[str]:
    return page.locator(".md-search-result__item a.md-search-result__link").evaluate_all("els => els.map(e => e.href)")


def test_every_word_of_a_query_counts(default_build, serve_dir, page):
    server = serve_dir(default_build / "site")
    page.goto(server.url + "/index.html")
    search(page, "样品")
    broad = page.locator(".md-search-result__item").count()
    search(page, "样品 出门")
    narrow = page.locator(".md-search-result__item").count()
    assert 0 < narrow < broad
    texts = page.locator(".md-search-result__item").all_inner_texts()
    assert all("样品" in t or "取样" in t or "纱布" in t for t in texts)


def test_only_the_matched_words_are_highlighted(default_build, serve_dir, page):
    server = serve_dir(default_build / "site")
    page.goto(server.url + "/index.html")
    titles = search(page, "保密")
    assert any("保密" in t for t in titles[:2])
    marks = set(page.locator(".md-search-result__item mark").evaluate_all("els => els.map(e => e.textContent)"))
    assert marks and marks <= {"保密", "泄密", "机密"}, marks
    first = page.locator(".md-search-result__item a.md-search-result__link").nth(1)
    assert "h=%E4%BF%9D%E5%AF%86" in first.get_attribute("href")  # ?h=保密 highlights the target page


def test_titles_have_no_zero_width_spaces_and_articles_come_with_their_number(default_build, serve_dir, page):
    server = serve_dir(default_build / "site")
    page.goto(server.url + "/index.html")
    search(page, "客诉 结案")
    titles = page.locator(".md-search-result__item h1, .md-search-result__item h2").all_inner_texts()
    assert not any("\u200b" in t for t in titles)
    assert re.match(r"第[一二三四五六七八九十百]+条 ", titles[1]), titles[:3]


def test_results_can_be_narrowed_by_kind(default_build, serve_dir, page):
    server = serve_dir(default_build / "site")
    page.goto(server.url + "/index.html")
    search(page, "客诉")
    kinds = page.locator(".hb-search-kind").all_inner_texts()
    assert kinds == ["全部", "制度", "表单", "岗位职责", "培训"]
    page.locator(".hb-search-kind", has_text="表单").click()
    page.wait_for_function("() => document.querySelector('input[data-md-component=search-query]').value.startsWith('表单：')")
    page.wait_for_timeout(300)
    links = result_links(page)
    assert links and all("/forms/" in link for link in links)
    assert page.locator(".hb-search-kind[aria-pressed=true]").inner_text() == "表单"
    page.locator(".hb-search-kind", has_text="全部").click()
    page.wait_for_timeout(300)
    assert any("/regulations/" in link for link in result_links(page))


def test_the_index_is_built_from_the_model_and_replaces_materials(default_build, book):
    index = read_search_index(default_build / "site")
    material = json.loads((default_build / "site/search/search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == []  # every page is excluded from Material's own (HTML) index
    locations = {doc[0] for doc in index["docs"]}
    reg = book.regulations["complaint-handling"]
    assert all(f"regulations/{reg.topic}/{reg.id}.html#a-{a.id}" in locations for a in reg.articles())
    text = " ".join(doc[1] + doc[2] for doc in index["docs"])
    notes = [n for r in book.regulations.values() for n in r.editor_notes] + [a.note for a in book.articles.values() if a.note]
    assert notes and not [n for n in notes if n in text]  # editor notes are not searchable
    assert "范围" in index["postings"] and "适用范围" in index["postings"]  # parts of compounds are words too
    size = (default_build / "site/assets/search/index.js").stat().st_size
    assert size < 1_000_000, size
