"""Editions: published states of the YAML (git tags) and what changed between two of them.

Input: a project folder under git, or two loaded `Handbook`s. Output: the list of editions, a
past edition loaded with the normal loader, and per changed regulation the article and item
changes that make a 修订对照表 (revision table), each classed substantive or editorial.
"""

from .compare import ArticleChange, ItemChange, RegulationChange, compare
from .history import WORKING, Published, compare_revisions, declared_class_warnings, edition_label, in_force_on, published
from .revisions import Edition, EditionError, checkout, editions, load_edition

__all__ = [
    "ArticleChange", "Edition", "EditionError", "ItemChange", "RegulationChange", "compare", "editions",
    "load_edition", "WORKING", "Published", "checkout", "compare_revisions", "declared_class_warnings", "edition_label",
    "in_force_on", "published",
]
