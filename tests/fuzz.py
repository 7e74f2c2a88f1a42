"""A fuzzer for everything that reads the editor's files: mutated copies of real YAML files must
end in a handbook or in problems with a position, never in a traceback or a hang.

Input: the mini project plus a sample of the default content's regulations and forms. Each case
mutates one file (byte flips, truncation, indentation, tabs, duplicate or deleted keys, wrong
types, long strings, deep nesting, aliases and alias bombs, tags, control and non-UTF-8 bytes,
impossible dates and numbers, empty documents, special files) and loads the project in this
process with a 10 s alarm. Output: per case "ok" or the failure (family, traceback or hang).

`python -m tests.fuzz [CASES] [SEED]` runs CASES cases (`make fuzz`: 10,000) and prints figures.
"""

from __future__ import annotations

import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.errors import HandbookError
from generator.loader import load

REPO = Path(__file__).parent.parent
MINI = Path(__file__).parent / "resources" / "mini"
HANG_SECONDS = 10


def corpus() -> list[Path]:
    """Files to mutate: the mini project's, and some of the default content's."""
    default = sorted(REPO.glob("docs/regulations/*/*.yaml"))[::9] + sorted(REPO.glob("forms/*.yaml"))[::11]
    return default + [REPO / "docs/search.yaml", REPO / "docs/topics.yaml"]


def _lines(text: str, rng: random.Random, fn) -> str:
    lines = text.splitlines(keepends=True)
    if not lines:
        return text
    i = rng.randrange(len(lines))
    lines[i:i + 1] = fn(lines[i])
    return "".join(lines)


def _value(line: str, new: str) -> list[str]:
    if ":" in line:
        key = line.split(":", 1)[0]
        return [f"{key}: {new}\n"]
    return [line]


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)

MUTATORS = {
    "byte flip": lambda b, r: _flip(b, r),
    "truncate": lambda b, r: b[: r.randrange(len(b) + 1)],
    "delete line": lambda b, r: _lines(b.decode("utf-8", "replace"), r, lambda l: []).encode(),
    "duplicate line": lambda b, r: _lines(b.decode("utf-8", "replace"), r, lambda l: [l, l]).encode(),
    "indent": lambda b, r: _lines(b.decode("utf-8", "replace"), r, lambda l: [" " * r.choice([1, 2, 3, 5]) + l]).encode(),
    "dedent": lambda b, r: _lines(b.decode("utf-8", "replace"), r, lambda l: [l.lstrip()]).encode(),
    "tab": lambda b, r: _lines(b.decode("utf-8", "replace"), r, lambda l: ["\t" + l]).encode(),
    "wrong type": lambda b, r: _lines(b.decode("utf-8", "replace"), r, lambda l: _value(l, r.choice(
        ["42", "-7", "3.5", "true", "null", "[]", "{}", "[a, b]", "{x: 1}", "2024-01-01", "''", "~"]))).encode(),
    "odd number": lambda b, r: _lines(b.decode("utf-8", "replace"), r, lambda l: _value(l, r.choice(
        [".nan", ".inf", "-.inf", "1e400", "0x_", "0o9", "1_000", "-0", "99999999999999999999999"]))).encode(),
    "odd date": lambda b, r: _lines(b.decode("utf-8", "replace"), r, lambda l: _value(l, r.choice(
        ["2026-02-30", "2026-13-01", "2026-00-10", "0000-01-01", "2026-1-1", "2026-12-01 25:61:00"]))).encode(),
    "long string": lambda b, r: _lines(b.decode("utf-8", "replace"), r, lambda l: _value(l, "长" * r.choice([500, 5000, 100000]))).encode(),
    "deep nesting": lambda b, r: _lines(b.decode("utf-8", "replace"), r, lambda l: _value(l, "[" * 3000 + "]" * 3000)).encode(),
    "alias": lambda b, r: _lines(b.decode("utf-8", "replace"), r, lambda l: _value(l, r.choice(["&r [a, *r]", "*nowhere", "&a x", "{<<: *a}"]))).encode(),
    "alias bomb": lambda b, r: BOMB.encode(),
    "tag": lambda b, r: _lines(b.decode("utf-8", "replace"), r, lambda l: _value(l, r.choice(
        ["!!python/object:os.system x", "!!python/name:os.system", "!!binary aGk=", "!!set {a}", "!foo x", "!!omap [a: 1]"]))).encode(),
    "control char": lambda b, r: _insert(b, r, r.choice([b"\x00", b"\x01", b"\x0c", b"\x1b", b"\x7f", "\u2028".encode()])),
    "escaped control": lambda b, r: _lines(b.decode("utf-8", "replace"), r, lambda l: _value(l, r.choice(['"\\x01"', '"a\\x1bb"', '"\\u0000"']))).encode(),
    "non-UTF-8": lambda b, r: _insert(b, r, r.choice([b"\xff", b"\xc3\x28", b"\xe4\xb8", b"\xfe\xff"])),
    "empty": lambda b, r: r.choice([b"", b"---\n", b"~\n", b"# only a comment\n", b"---\n---\n", b"\xef\xbb\xbf"]),
    "markup in text": lambda b, r: _lines(b.decode("utf-8", "replace"), r, lambda l: _value(l, r.choice(
        ['"[/red]"', '"[bold]x"', '":smile: :100:"', '"<script>alert(1)</script>"', '"__python_name__:os.system"']))).encode(),
    "duplicate key": lambda b, r: b + b"\n" + b.split(b"\n", 1)[0] + b"\n",
}
SPECIAL = ["dangling link", "link loop", "folder", "fifo"]


def _flip(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    i = rng.randrange(len(data))
    return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1:]


def _insert(data: bytes, rng: random.Random, piece: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    return data[:i] + piece + data[i:]


@dataclass
class Outcome:
    family: str
    source: str
    failure: str = ""  # "" when the case ended in a handbook or in problems with a position
    seconds: float = 0.0


class _Hang(BaseException):  # not caught by any `except Exception` of the code under test
    pass


def _alarm(signum, frame):
    raise _Hang


def run_case(work: Path, files: list[Path], rng: random.Random) -> Outcome:
    """Reset `work` to the mini project, put one mutated file in, load it."""
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(MINI, work, symlinks=True)
    source = rng.choice(files)
    family = rng.choice(list(MUTATORS) + SPECIAL)
    if source.is_relative_to(MINI):
        target = work / source.relative_to(MINI)
    elif "regulations" in source.parts:
        target = work / "docs/regulations" / f"fuzz-{source.name}"
    elif source.name in ("search.yaml", "topics.yaml"):
        target = work / "docs" / source.name
    else:
        target = work / "forms" / f"fuzz-{source.name}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if family in SPECIAL:
        target.unlink(missing_ok=True)
        if family == "dangling link":
            target.symlink_to(work / "nowhere.yaml")
        elif family == "link loop":
            target.symlink_to(target)
        elif family == "folder":
            target.mkdir()
        else:
            import os

            os.mkfifo(target)
    else:
        target.write_bytes(MUTATORS[family](source.read_bytes(), rng))
    started = time.perf_counter()
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG_SECONDS)
    try:
        load(work)
        failure = ""
    except HandbookError as error:
        failure = _bad_positions(error, work)
    except _Hang:
        failure = f"hang (> {HANG_SECONDS} s)"
    except Exception:  # the point of the fuzzer: anything else is a defect
        failure = "traceback: " + traceback.format_exc(limit=-3).strip().splitlines()[-1]
    finally:
        signal.alarm(0)
    return Outcome(family, str(source.relative_to(REPO)), failure, time.perf_counter() - started)


def _bad_positions(error: HandbookError, work: Path) -> str:
    """Every problem names a file of the project and a line and column from 1."""
    for problem in error.problems:
        if not problem.path or problem.path in (".", str(work)) or problem.line < 1 or problem.col < 1:
            return f"problem without a position: {problem}"
    return ""


def fuzz(cases: int, seed: int = 0, seconds: float | None = None) -> list[Outcome]:
    """Run up to `cases` cases (or until `seconds` have passed); the same seed gives the same cases."""
    rng = random.Random(seed)
    files = [p for p in MINI.rglob("*.yaml")] + corpus()
    outcomes = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "proj"
        for _ in range(cases):
            if seconds is not None and time.perf_counter() - started > seconds:
                break
            outcomes.append(run_case(work, files, rng))
    return outcomes


def main() -> None:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    started = time.perf_counter()
    outcomes = fuzz(cases, seed)
    failed = [o for o in outcomes if o.failure]
    print(f"{len(outcomes)} cases in {time.perf_counter() - started:.0f} s (seed {seed}): {len(failed)} failures, "
          f"slowest case {max(o.seconds for o in outcomes):.2f} s")
    by_family = Counter(o.family for o in outcomes)
    bad_family = Counter(o.family for o in failed)
    for family in sorted(by_family):
        print(f"  {family:>16}: {by_family[family]:>5} cases, {bad_family[family]} failures")
    for failure, count in Counter(f"{o.family}: {o.failure}" for o in failed).most_common(30):
        print(f"  {count:>4} × {failure}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
