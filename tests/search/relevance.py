"""The search relevance set run in a real browser, measured like a search engine.

Input: a built site (over http or file://), the queries in queries.yaml with their right
answers. Output: per query the rank of the first right result (pages in the order Material's
search box shows them), top-1, top-3, MRR, and key-up → results latencies.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from generator.handbook import Handbook
from generator.site.links import form_path, regulation_path

# queries.yaml: written with the engine; holdout.yaml: written separately, without seeing the
# engine or the synonym list (its figures before tuning are in the closing note of issue 10)
QUERY_FILES = [Path(__file__).parent / "queries.yaml", Path(__file__).parent / "holdout.yaml"]

# Types a query into Material's search box and resolves when the result list has changed:
# the time is from the key-up event to the first change of the list (the results drawn).
_RUN = """
async (queries) => {
  const input = document.querySelector("input[data-md-component=search-query]")
  const list = document.querySelector(".md-search-result__list")
  const meta = document.querySelector(".md-search-result__meta")
  const out = []
  for (const q of queries) {
    const done = new Promise(resolve => {
      const observer = new MutationObserver(() => { observer.disconnect(); resolve(performance.now()) })
      observer.observe(meta, { childList: true, characterData: true, subtree: true })
      observer.observe(list, { childList: true })
      setTimeout(() => { observer.disconnect(); resolve(NaN) }, 5000)
    })
    input.value = q
    const start = performance.now()
    input.dispatchEvent(new KeyboardEvent("keyup", { key: "End", bubbles: true }))
    const end = await done
    await new Promise(r => setTimeout(r, 0))
    const items = [...list.querySelectorAll(".md-search-result__item")].map(li =>
      [...li.querySelectorAll("a.md-search-result__link")].map(a => a.getAttribute("href")))
    out.push({ query: q, ms: end - start, items })
  }
  return out
}
"""


def answer_url(book: Handbook, answer: str) -> str:
    """'reg#art' → regulations/topic/reg.html#a-art; 'form:id' → forms/id.html."""
    if answer.startswith("form:"):
        return form_path(answer[5:])[:-3] + ".html"
    reg_id, _, art = answer.partition("#")
    page = regulation_path(book.regulations[reg_id])[:-3] + ".html"
    return f"{page}#a-{art}" if art else page


def site_path(href: str, base: str) -> str:
    """A result link as a path from the site root, without the ?h= highlight parameter."""
    link, root = urlsplit(href), urlsplit(base)
    path = unquote(link.path).removeprefix(unquote(root.path))
    return path + (f"#{link.fragment}" if link.fragment else "")


@dataclass
class Outcome:
    query: str
    kind: str
    answers: list[str]
    pages: list[str]  # result pages, in order
    sections: list[str]  # the best part of each result page ('' when the page itself)
    ms: float
    set: str = ""
    rank: int | None = field(init=False)  # 0-based rank of the first right page

    def __post_init__(self) -> None:
        wanted = {a.split("#")[0] for a in self.answers}
        self.rank = next((i for i, p in enumerate(self.pages) if p in wanted), None)


def load_queries() -> list[dict]:
    """Every query of every set, each with `set` (the file's name)."""
    queries = []
    for path in QUERY_FILES:
        for spec in yaml.safe_load(path.read_text(encoding="utf-8")):
            queries.append({**spec, "set": path.stem})
    return queries


def run(page, book: Handbook, url: str, queries: list[dict] | None = None) -> tuple[list[Outcome], float]:
    """Open `url` (the site's home page), run every query (each different from the one before);
    return outcomes and the time of the first query after the page loaded."""
    queries = queries or load_queries()
    page.goto(url)
    base = url.rsplit("/", 1)[0] + "/"
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.length > 0")
    raw = page.evaluate(_RUN, [q["query"] for q in queries])
    first = raw[0]["ms"]  # the first query after the page loaded
    outcomes = []
    for spec, result in zip(queries, raw):
        pages, sections = [], []
        for links in result["items"]:
            paths = [site_path(h, base) for h in links]
            page_path = next((p for p in paths if "#" not in p), paths[0].split("#")[0])
            pages.append(page_path)
            sections.append(next((p for p in paths if "#" in p), ""))
        answers = [answer_url(book, a) for a in spec["answers"]]
        outcomes.append(Outcome(spec["query"], spec.get("kind", ""), answers, pages, sections, result["ms"], spec.get("set", "")))
    return outcomes, first


def summary(outcomes: list[Outcome]) -> dict[str, float]:
    n = len(outcomes)
    ranks = [o.rank for o in outcomes]
    article_hits = [
        o for o in outcomes if o.rank is not None and any("#" in a for a in o.answers)
        and o.sections[o.rank] in o.answers
    ]
    with_articles = [o for o in outcomes if o.rank is not None and any("#" in a for a in o.answers)]
    return {
        "queries": n,
        "top1": sum(r == 0 for r in ranks) / n,
        "top3": sum(r is not None and r < 3 for r in ranks) / n,
        "mrr": sum(1 / (r + 1) for r in ranks if r is not None) / n,
        "article": len(article_hits) / max(1, len(with_articles)),
        "median_ms": statistics.median(o.ms for o in outcomes),
    }
