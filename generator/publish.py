"""Several editions in one build: the default script edition in `<out>/site/`, each script edition
(zh-Hant) built beside it in `<out>/<script>/` and published inside it as `<out>/site/<script>/`,
with Material's language switch between them.

Input: a project folder, the audience edition, the script editions asked for. Output: the site
folders, the default one first. Only what is asked for is built: `handbook build` alone builds
the default edition as before.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Callable

from .build import Summary, build_all, default_out
from .fileio import replace_folder
from .script import SCRIPTS


def publish(site: Path, target: Path) -> None:
    """Put a built site at `target` (hard links: no second copy on disk), replacing what was there."""
    staging = target.with_name(f".{target.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(site, staging, copy_function=os.link)
    replace_folder(staging, target)


def build_editions(
    root: Path | str, out: Path | str | None = None, *, edition: str = "staff", scripts: tuple[str, ...] = (),
    on_summary: Callable[[Summary], None] | None = None, forms: bool = True, prints: bool = True,
    as_of: dt.date | None = None,
) -> list[Path]:
    """Build the edition in each script asked for; return the published site folders."""
    unknown = [s for s in scripts if s not in SCRIPTS]
    if unknown:
        raise ValueError(f"unknown script {unknown[0]!r}")
    root = Path(root).resolve()
    out = Path(out).resolve() if out else root / "build" / f"as-of-{as_of}" if as_of else default_out(root, edition)
    main = build_all(root, out, on_summary=on_summary, edition=edition, scripts=scripts, forms=forms, prints=prints, as_of=as_of)
    sites = [main]
    for script in scripts:
        site = build_all(root, out / script, edition=edition, script=script, scripts=scripts, forms=forms, prints=prints,
                         as_of=as_of)
        publish(site, main / script)
        sites.append(main / script)
    return sites
