"""Draw a procedure as a swimlane flowchart in SVG, at build time.

Input: a `Procedure` and a role-name lookup. Output: a self-contained SVG string (no scripts,
no external fonts) that a browser shows as an image and WeasyPrint prints. Each actor gets a
lane; each step is a box in its actor's lane, joined to the next by an arrow. A layout this
regular needs no graph-layout engine, and drawing it here keeps the build fast and offline.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from .handbook import Handbook
from .model import Procedure

LANE_WIDTH = 190  # narrower lanes when there are many actors (see flowchart_svg)
HEADER = 40
BOX_WIDTH = 160
LINE = 17
FONT = 13
PAD = 10
GAP = 26
FONT_FAMILY = "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif"


NO_LINE_START = set("，。、；：！？）》」』”’…%")  # Chinese line breaking: these never begin a line


def _width(char: str) -> float:
    return 0.55 if ord(char) < 0x2E80 else 1.0


def wrap(text: str, em_per_line: float) -> list[str]:
    """Break text into lines that fit `em_per_line` ems (CJK 1 em, Latin about half).

    Chinese may break between any two characters; a run of Latin letters and digits
    (PDCA, 7S, 24h) stays whole.
    """
    tokens = re.findall(r"[A-Za-z0-9.%/:-]+|.", text)
    lines, current, used = [], "", 0.0
    for token in tokens:
        w = sum(_width(c) for c in token)
        if used + w > em_per_line and current and token not in NO_LINE_START:
            lines.append(current)
            current, used = "", 0.0
        current += token
        used += w
    if current:
        lines.append(current)
    return lines or [""]


def flowchart_svg(procedure: Procedure, role_name: dict[str, str]) -> str:
    actors: list[str] = []
    for step in procedure.steps:
        if step.actor not in actors:
            actors.append(step.actor)
    lane_width, box_width = (LANE_WIDTH, BOX_WIDTH) if len(actors) <= 4 else (150, 132)
    em_per_line = (box_width - 2 * PAD) / FONT
    boxes = []
    y = HEADER + GAP
    for number, step in enumerate(procedure.steps, 1):
        lines = wrap(f"{number}. {step.action}", em_per_line)
        extra = wrap(f"时限：{step.deadline}", em_per_line / 0.85) if step.deadline else []
        height = PAD * 2 + LINE * len(lines) + (LINE - 2) * len(extra)
        x = actors.index(step.actor) * lane_width + (lane_width - box_width) / 2
        boxes.append((x, y, height, lines, extra))
        y += height + GAP
    width = lane_width * len(actors)
    total = y
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {total}" width="{width}" height="{total}" '
        f'font-family="{FONT_FAMILY}" font-size="{FONT}" role="img">',
        f"<title>{escape(procedure.title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#455a64"/></marker></defs>',
    ]
    for i, actor in enumerate(actors):
        x = i * lane_width
        fill = "#f5f7fa" if i % 2 == 0 else "#ffffff"
        out.append(f'<rect x="{x}" y="0" width="{lane_width}" height="{total}" fill="{fill}" stroke="#cfd8dc"/>')
        out.append(f'<rect x="{x}" y="0" width="{lane_width}" height="{HEADER}" fill="#37474f"/>')
        label = wrap(role_name.get(actor, actor), (lane_width - 10) / FONT)[0]
        out.append(
            f'<text x="{x + lane_width / 2}" y="{HEADER / 2 + 5}" text-anchor="middle" fill="#ffffff" '
            f'font-weight="bold">{escape(label)}</text>'
        )
    for index, (x, y, height, lines, extra) in enumerate(boxes):
        out.append(
            f'<rect x="{x}" y="{y}" width="{box_width}" height="{height}" rx="6" fill="#ffffff" '
            f'stroke="#1565c0" stroke-width="1.5"/>'
        )
        ty = y + PAD + FONT
        for line in lines:
            out.append(f'<text x="{x + PAD}" y="{ty}" fill="#212121">{escape(line)}</text>')
            ty += LINE
        for line in extra:
            out.append(f'<text x="{x + PAD}" y="{ty - 1}" fill="#c62828" font-size="{FONT * 0.85:.1f}">{escape(line)}</text>')
            ty += LINE - 2
        if index + 1 < len(boxes):
            nx, ny, _, _, _ = boxes[index + 1]
            x1, y1 = x + box_width / 2, y + height
            x2, y2 = nx + box_width / 2, ny
            mid = y1 + GAP / 2
            out.append(
                f'<path d="M{x1},{y1} L{x1},{mid} L{x2},{mid} L{x2},{y2 - 1}" fill="none" stroke="#455a64" '
                f'stroke-width="1.5" marker-end="url(#arrow)"/>'
            )
    out.append("</svg>")
    return "\n".join(out)


def all_flowcharts(book: Handbook) -> dict[tuple[str, str], str]:
    """Every procedure's chart, keyed by (regulation id, procedure id), drawn before any
    template runs."""
    return {
        (reg.id, proc.id): flowchart_svg(proc, book.role_names)
        for reg in book.regulations.values() for proc in reg.procedures
    }
