"""What a pull request changes that readers see beyond the data diff: the figures whose drawing
changed and the pages whose text changed, between the base branch's site and the PR's.

    python -m reportgen.tools.review BASE_SITE HEAD_SITE [--images DIR] [--link URL]

A job summary cannot show an image that is not at a URL, so `--images` copies each changed
drawing, before and after, into DIR (put it in the preview artifact), and the Markdown on stdout
lists them by their path in the artifact, linked to it (`--link`, the artifact's address).
"""

from __future__ import annotations

import argparse
import difflib
import html
import re
import shutil
import sys
from pathlib import Path

MAX_LINES = 12  # changed lines shown per page
_TAG = re.compile(r"<[^>]+>")
_ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL)
# Not the page's text: code, drawings, permalinks, and the "Cite this" block (it names the edition: every page would differ).
_SKIP = re.compile(r'<(script|style|svg)\b.*?</\1>|<a class="headerlink".*?</a>|<details class="cite-this">.*?</details>', re.DOTALL)


def drawings(site: Path) -> dict[str, Path]:
    """Every figure's drawing by its path in the site (figures/x.svg, en/figures/x.narrow.svg...)."""
    return {p.relative_to(site).as_posix(): p for p in sorted(site.glob("**/figures/*.svg")) if p.relative_to(site).parts[0] != "editions"}


def page_text(path: Path) -> list[str]:
    """A page's text as readers read it: the article's words, one line per block, tags dropped."""
    found = _ARTICLE.search(path.read_text(encoding="utf-8"))
    body = _SKIP.sub("", found.group(0) if found else "")
    body = re.sub(r"</(p|li|h[1-6]|tr|td|th|figcaption|dt|dd)>|<br\s*/?>", "\n", body)
    lines = (html.unescape(_TAG.sub("", line)).strip() for line in body.split("\n"))
    return [line for line in lines if line]


def pages(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.glob("**/*.html")) if p.name != "404.html"}


def changed_figures(base: Path, head: Path) -> list[tuple[str, Path | None, Path | None]]:
    before, after = drawings(base), drawings(head)
    names = sorted(before.keys() | after.keys())
    return [(n, before.get(n), after.get(n)) for n in names if n not in before or n not in after or before[n].read_bytes() != after[n].read_bytes()]


def changed_pages(base: Path, head: Path) -> list[tuple[str, list[str]]]:
    """(page, its changed lines as a unified diff) for each page whose text differs or that only one side has."""
    before, after = pages(base), pages(head)
    out = []
    for name in sorted(before.keys() | after.keys()):
        old = page_text(before[name]) if name in before else []
        new = page_text(after[name]) if name in after else []
        if old != new:
            diff = [line for line in difflib.unified_diff(old, new, lineterm="", n=0) if not line.startswith(("---", "+++", "@@"))]
            out.append((name, diff))
    return out


def copy_images(figures: list[tuple[str, Path | None, Path | None]], out: Path, copy: bool = True) -> dict[str, tuple[str | None, str | None]]:
    """Each changed drawing's before and after, copied into `out` (not when `copy` is false):
    name -> (before, after) as paths from the folder that holds `out` (the artifact's root)."""
    placed = {}
    for name, old, new in figures:
        sides: list[str | None] = []
        for side, path in (("before", old), ("after", new)):
            target = out / f"{name.removesuffix('.svg')}.{side}.svg"
            if path is not None and copy:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
            sides.append(None if path is None else target.relative_to(out.parent).as_posix())
        placed[name] = (sides[0], sides[1])
    return placed


def markdown(figures, texts, placed: dict, link: str | None) -> str:
    def ref(path: str | None) -> str:
        if path is None:
            return "(none)"
        return f"[`{path}`]({link})" if link else f"`{path}`"

    lines = ["## Figures whose drawing changed", ""]
    if not figures:
        lines.append("None.")
    else:
        lines.append("Before and after, as SVG in the site preview artifact" + (f" ([download]({link}))" if link else "") + ":")
        lines.append("")
        lines += [f"- `{name}`: before {ref(placed.get(name, (None, None))[0])}, after {ref(placed.get(name, (None, None))[1])}" for name, _, _ in figures]
    lines += ["", "## Pages whose text changed", ""]
    if not texts:
        lines.append("None.")
    for name, diff in texts:
        shown = "\n".join(diff[:MAX_LINES]) + (f"\n… {len(diff) - MAX_LINES} more line(s)" if len(diff) > MAX_LINES else "")
        lines += [f"<details><summary><code>{html.escape(name)}</code>: {len(diff)} line(s)</summary>", "", "```diff", shown, "```", "", "</details>"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reportgen.tools.review", description=__doc__.split("\n\n")[0])
    parser.add_argument("base", type=Path)
    parser.add_argument("head", type=Path)
    parser.add_argument("--images", type=Path, help="folder to copy each changed drawing into, before and after (default: listed as in review/)")
    parser.add_argument("--link", help="the address of the artifact holding the images")
    args = parser.parse_args(argv)
    figures, texts = changed_figures(args.base, args.head), changed_pages(args.base, args.head)
    placed = copy_images(figures, args.images or Path("review"), copy=args.images is not None)
    sys.stdout.write(markdown(figures, texts, placed, args.link))
    return 0


if __name__ == "__main__":
    sys.exit(main())
