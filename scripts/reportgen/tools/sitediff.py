"""Two builds of the site compared byte for byte, file by file: what a MkDocs build and a
ProperDocs build (its maintained fork) publish must be the same, except the theme's
`generator` meta tag, which names the tool and its version.

    python -m reportgen.tools.sitediff site build/site-properdocs
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def _comparable(path: Path) -> bytes:
    data = path.read_bytes()
    return GENERATOR.sub(b'<meta name="generator">', data) if path.suffix == ".html" else data


def differences(a: Path, b: Path) -> list[str]:
    """One line per file that only one side has or whose bytes differ (the generator tag aside)."""
    left, right = _files(a), _files(b)
    out = [f"only in {a}: {name}" for name in left.keys() - right.keys()]
    out += [f"only in {b}: {name}" for name in right.keys() - left.keys()]
    out += [f"differs: {name}" for name in left.keys() & right.keys() if _comparable(left[name]) != _comparable(right[name])]
    return sorted(out)


def main(argv: list[str] | None = None) -> int:
    a, b = map(Path, (argv or sys.argv[1:])[:2])
    found = differences(a, b)
    for line in found:
        print(line)
    print(f"{a} and {b}: {'the same' if not found else f'{len(found)} difference(s)'} (the generator tag aside)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
