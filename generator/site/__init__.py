"""The handbook site: the model rendered as a plain MkDocs project, built by MkDocs Material.

Input: a linked `Handbook` and the user's settings. Output: a Markdown project
(`generate_project`: pages from `renderer` with per-page `links`, `mkdocs_config`'s merged
settings, assets and PDFs) and its HTML (`run_mkdocs`), whose pages the build then minifies
(`minify_site`: the same page on screen, less whitespace). Templates and assets sit beside the code.
"""

from .minify import minify_site
from .project import generate_project, layout_digest, run_mkdocs

__all__ = ["generate_project", "layout_digest", "minify_site", "run_mkdocs"]
