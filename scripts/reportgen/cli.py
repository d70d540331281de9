"""Command line: `reportgen new DIR|build|check|generate|schema|pdf SITE_DIR|diff BASE|translations|confirm`.

Data problems are printed one per line and the exit code is 1; nothing is built.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reportgen.cache import write_if_changed
from reportgen.config import PATHS
from reportgen.model.problems import DataError


def _check() -> None:
    from reportgen.model.validate import load_dataset

    dataset = load_dataset(PATHS.data)
    from reportgen.i18n.words import catalogue_problems

    problems = catalogue_problems(dataset.site.languages)
    if problems:
        raise DataError(problems)
    print(
        f"data/ is valid: {len(dataset.indicators)} indicators, {len(dataset.entities)} named items, "
        f"{len(dataset.cities)} cities, {len(dataset.figures)} figures, {len(dataset.tables)} tables"
    )


# The generator pulls in matplotlib (about a second): `check` must stay fast, so
# commands import the stages they need (pydantic too: a `generate` with nothing to
# do answers from build/generate.stamp with the standard library alone).
def _generate() -> None:
    from reportgen.cache import build_lock
    from reportgen.stamp import up_to_date

    with build_lock(PATHS):
        if up_to_date(PATHS):
            print("generated: 0 file(s) rendered (inputs and outputs unchanged since the last run)")
            return
        from reportgen.generate import generate

        result = generate(PATHS)
    stages = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in result.timings.items())
    print(f"generated: {len(result.rendered)} file(s) rendered ({stages})")


def _schema() -> None:
    from reportgen.generate import schema_json
    from reportgen.model.dataset import json_schemas
    from reportgen.model.validate import load_dataset
    from reportgen.render.citations import citation_cff

    for name in json_schemas():
        write_if_changed(PATHS.data / "schema" / name, schema_json(name))
    # The repository's own citation, from data/site.yaml like the site's.
    write_if_changed(PATHS.root / "CITATION.cff", citation_cff(load_dataset(PATHS.data)))
    print("data/schema/ and CITATION.cff are up to date")


def _diff(base: str | None) -> int:
    from reportgen.tools.diff import UnknownRef, diff_markdown

    try:
        sys.stdout.write(diff_markdown(PATHS, base))
    except UnknownRef as err:
        print(err, file=sys.stderr)
        return 1
    return 0


def _pdf(site_dir: str) -> None:
    from reportgen.cache import build_lock
    from reportgen.pdf.step import PdfError, build_pdfs  # only this command needs Typst

    with build_lock(PATHS):
        try:
            build_pdfs(Path(site_dir))
        except PdfError as err:
            print(err, file=sys.stderr)
            sys.exit(1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reportgen", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    new = sub.add_parser("new", help="start a new report in DIR: mkdocs.yml, data/, docs/, workflows, Makefile, README")
    new.add_argument("dir")
    new.add_argument("--languages", default="zh,zh-Hant,en", help="the editions, the original first, of zh, zh-Hant, en, ja (default: zh,zh-Hant,en)")
    new.add_argument("--engine", default=None, help="pip requirement of the engine for requirements.txt (default: where this one came from)")
    build = sub.add_parser("build", help="everything: generate, the site (strict), the PDFs; swapped into site/ when all succeeded")
    build.add_argument("--site-dir", default=None, help="where the finished site goes (default: site/)")
    build.add_argument("--engine", choices=("mkdocs", "properdocs"), default="mkdocs", help="the site generator (default: mkdocs)")
    build.add_argument("--no-pdf", action="store_true", help="the site only, without the PDFs (a quicker check)")
    sub.add_parser("check", help="validate data/ only")
    sub.add_parser("generate", help="validate, then render figures, tables and zh-Hant pages")
    sub.add_parser("schema", help="write the JSON Schemas of data/ to data/schema/, and CITATION.cff")
    pdf = sub.add_parser("pdf", help="typeset one PDF per language from a built site")
    pdf.add_argument("site_dir")
    diff = sub.add_parser("diff", help="Markdown diff of data/ between a git ref and the working tree")
    diff.add_argument("base", nargs="?", default=None, help="git ref to compare with (default: origin/main if it exists, else HEAD)")
    trans = sub.add_parser("translations", help="list English pages and data strings: current, outdated, missing")
    trans.add_argument("--check", action="store_true", help="exit 1 when anything is not current")
    confirm = sub.add_parser("confirm", help="record that English pages / data strings translate the current Chinese")
    confirm.add_argument("targets", nargs="*", help="docs/en/<page>.md or a data key such as indicators[x].label")
    confirm.add_argument("--all", action="store_true", help="confirm every page and data string")
    args = parser.parse_args(argv)
    try:
        if args.command == "new":
            from reportgen.new import NewReportError, new_report

            try:
                print("\n".join(new_report(Path(args.dir), tuple(args.languages.split(",")), args.engine)))
            except NewReportError as err:
                print(err, file=sys.stderr)
                return 1
            return 0
        if args.command == "build":
            from reportgen.build import build

            return build(PATHS, Path(args.site_dir) if args.site_dir else None, args.engine, pdf=not args.no_pdf)
        if args.command == "pdf":
            _pdf(args.site_dir)
        elif args.command == "diff":
            return _diff(args.base)
        elif args.command in ("translations", "confirm"):
            from reportgen.i18n import translations
            from reportgen.model.validate import load_dataset

            dataset = load_dataset(PATHS.data)
            if args.command == "translations":
                return translations.run_report(PATHS, dataset, check=args.check)
            return translations.run_confirm(PATHS, dataset, args.targets, everything=args.all)
        else:
            {"check": _check, "generate": _generate, "schema": _schema}[args.command]()
    except DataError as err:
        print(err, file=sys.stderr)
        print(f"{len(err.problems)} problem(s) in data/; nothing was built.", file=sys.stderr)
        return 1
    return 0
