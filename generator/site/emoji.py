"""Emoji shortcodes in the generated pages: the theme's own icons, which the templates use
(`:material-account-tie:`), are inlined as SVG; any other shortcode (`:smile:` typed into a
regulation) stays the text it was, so no page ever loads an emoji image from a CDN.

Input: what pymdownx.emoji passes to a generator. Output: an element, or stashed text.
"""

from __future__ import annotations

from html import escape

from material.extensions.emoji import to_svg


def icons_only(index, shortname, alias, uc, alt, title, category, options, md):
    if not uc:  # the theme's icons have no Unicode code point
        return to_svg(index, shortname, alias, uc, alt, title, category, options, md)
    return md.htmlStash.store(escape(alias or shortname))
