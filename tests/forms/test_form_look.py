"""How the shipped forms print: every row of a section's grid is whole (no half-drawn lines where
the next field did not fit), no box repeats its section's title as its label, and a title's Latin
word (QC, 7S) is not spaced out letter by letter."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from generator.forms.html import form_html
from generator.loader import load
from tests.helpers import REPO


@pytest.fixture(scope="module")
def shipped():
    book = load(REPO)
    return {form_id: BeautifulSoup(form_html(book, form), "html.parser") for form_id, form in book.forms.items()}


def _span(cell) -> int:
    return next(int(c.split("-")[1]) for c in cell["class"] if c.startswith("span-"))


def test_every_grid_row_is_whole(shipped):
    broken = []
    for form_id, soup in shipped.items():
        for number, grid in enumerate(soup.select(".section .grid"), 1):
            used = 0
            for cell in grid.find_all("div", class_="cell", recursive=False):
                span = _span(cell)
                if used + span > 12:  # the grid puts this cell on the next row: the last one was short
                    broken.append(f"{form_id} section {number}: a row of {used}/12 before {cell.get_text(' ', strip=True)[:10]}")
                    used = 0
                used = (used + span) % 12
            if used:
                broken.append(f"{form_id} section {number}: last row {used}/12")
    assert broken == []


def test_no_box_repeats_its_section_title(shipped):
    repeats = []
    for form_id, soup in shipped.items():
        for section in soup.select(".section"):
            title = section.select_one(".section-title")
            labels = [label.get_text(strip=True) for label in section.select(".cell > label")]
            if title and title.get_text(strip=True) in labels:
                repeats.append(f"{form_id}: {title.get_text(strip=True)}")
    assert repeats == []
    repair = shipped["repair-order"].get_text(" ", strip=True)
    assert repair.count("维修情况") == 1


def test_a_latin_word_in_a_title_stays_one_word(shipped):
    heading = shipped["qc-activity-record"].select_one("h1")
    assert heading.get_text() == "QC小组活动记录表"
    assert [span.get_text() for span in heading.select(".latin")] == ["QC"]
