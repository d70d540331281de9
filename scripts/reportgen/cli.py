"""Command line: `python -m reportgen check|generate|schema|pdf SITE_DIR|diff BASE`.

Data problems are printed one per line and the exit code is 1; nothing is built.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cache import write_if_changed
from .config import PATHS
from .generate import generate, schema_json
from .problems import DataError
from .schema import json_schemas
from .validate import load_dataset


def _check() -> None:
    dataset = load_dataset(PATHS.data)
    print(f"data/ is valid: {len(dataset.indicators)} indicators, {len(dataset.entities)} named items, "
          f"{len(dataset.cities)} cities, {len(dataset.figures)} figures, {len(dataset.tables)} tables")


def _generate() -> None:
    result = generate(PATHS)
    print(f"generated: {len(result.rendered)} file(s) rendered")


def _schema() -> None:
    for name in json_schemas():
        write_if_changed(PATHS.data / "schema" / name, schema_json(name))
    print("data/schema/ is up to date")


def _pdf(site_dir: str) -> None:
    from .pdf import build_pdfs  # WeasyPrint is slow to import; only this command needs it

    build_pdfs(Path(site_dir))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reportgen", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate data/ only")
    sub.add_parser("generate", help="validate, then render figures, tables and zh-Hant pages")
    sub.add_parser("schema", help="write the JSON Schemas of data/ to data/schema/")
    pdf = sub.add_parser("pdf", help="typeset one PDF per language from a built site")
    pdf.add_argument("site_dir")
    args = parser.parse_args(argv)
    try:
        if args.command == "pdf":
            _pdf(args.site_dir)
        else:
            {"check": _check, "generate": _generate, "schema": _schema}[args.command]()
    except DataError as err:
        print(err, file=sys.stderr)
        print(f"{len(err.problems)} problem(s) in data/; nothing was built.", file=sys.stderr)
        return 1
    return 0
