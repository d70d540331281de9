"""The engine knows nothing of this report: no city, source, title or id of data/ appears in
scripts/ or the Makefile (comments included). What is specific to a report lives in data/ and docs/."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml
from reportgen.config import PATHS
from reportgen.model.validate import load_dataset

ROOT = Path(__file__).resolve().parents[1]


def report_names() -> set[str]:
    data = load_dataset(PATHS.data)
    names = {data.site.title["zh"], data.site.title["en"]}
    for city in data.cities:
        names |= {city.id, city.name["zh"], city.name["en"]}
    for source in data.sources:
        names |= {source.id, source.publisher["zh"], source.publisher["en"]}
    names |= {i.id for i in data.indicators} | {e.id for e in data.entities} | {t.zh for t in data.glossary}
    return {n for n in names if len(n) >= 2}


def test_no_name_of_this_report_in_the_engine() -> None:
    names = report_names()
    found = []
    for path in [*sorted((ROOT / "scripts").rglob("*.py")), ROOT / "Makefile"]:
        text = path.read_text(encoding="utf-8")
        # A substring test first (one regex of 200 alternatives over every line took 2 s); an
        # ASCII name must also stand as a word (`nj` inside `inject` is not one).
        for name in sorted(n for n in names if n in text):
            word = re.compile(rf"\b{re.escape(name)}\b" if name.isascii() else re.escape(name))
            found += [f"{path.relative_to(ROOT)}:{number}: {name}" for number, line in enumerate(text.splitlines(), 1) if word.search(line)]
    assert found == []


def test_the_readme_module_map_names_every_module() -> None:
    """The README's map of scripts/reportgen/ stays true: every module is named in it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    modules = [p for p in (ROOT / "scripts" / "reportgen").rglob("*.py") if p.stem not in ("__init__", "__main__")]
    assert len(modules) > 30
    assert [str(p.relative_to(ROOT)) for p in sorted(modules) if f"`{p.stem}`" not in readme] == []


# The pipeline's layers, lowest first: a module imports only from its own layer or lower ones.
# tools/ stand apart (only the command line imports them).
LAYERS = [
    ("config", "cache", "stamp", "node"),
    ("model",),
    ("query",),
    ("i18n",),
    ("render",),
    ("generate",),
    ("site",),
    ("pdf",),
    ("build",),
    ("cli", "__main__", "tools"),
]


def test_the_pipeline_imports_only_downward() -> None:
    """model -> query -> render -> site -> PDF, the orchestration above them: no import upward
    (computed from every module's imports, at any depth of its code)."""
    from reportgen.cache import PACKAGE, _imports

    rank = {name: n for n, names in enumerate(LAYERS) for name in names}
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        if here == "__init__":
            continue
        st = path.stat()
        for name in _imports(path, (st.st_size, st.st_mtime_ns)):
            there = name.split(".")[1] if "." in name else None
            if there in rank and rank[there] > rank[here] and not (here == "cli" and there == "tools"):
                upward.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not upward, upward


def _code_strings(tree: ast.AST) -> list[ast.Constant]:
    """The string constants of a module's code: not its docstrings, nor the `description=` of a
    field (which may give a report's unit as an example)."""
    skipped = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            skipped.add(id(body[0].value))
        if isinstance(node, ast.keyword) and node.arg == "description":
            skipped |= {id(n) for n in ast.walk(node.value)}
    return [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skipped]


def test_the_engine_names_no_unit_or_currency_of_a_report() -> None:
    """Units are a report's (site.yaml's units): no engine module compares a value with a unit a
    report declares (this one, the second report, the scaffold's), and no string of its code
    holds the words of a currency (a unit written with compact numbers: 元, CNY)."""
    units = {}
    for folder in (PATHS.data, ROOT / "tests" / "fixtures" / "second-report" / "data", ROOT / "scripts" / "reportgen" / "scaffold" / "data"):
        units |= yaml.safe_load((folder / "site.yaml").read_text(encoding="utf-8"))["site"]["units"]
    ids = set(units)
    money = set()
    for spec in (spec for spec in units.values() if spec.get("numbers") == "compact"):
        words = [*spec["written"].values(), *spec["name"].values()]
        money |= {w for text in words for w in re.findall(r"[A-Z]{2,}|[^\x00-\x7f]+", text.replace("{number}", ""))}
    assert ids >= {"yuan", "count"} and money >= {"元", "CNY"}
    found = []
    for path in sorted((ROOT / "scripts" / "reportgen").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare):
                for side in (node.left, *node.comparators):
                    if isinstance(side, ast.Constant) and side.value in ids:
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: compares with the unit {side.value!r}")
        found += [f"{path.relative_to(ROOT)}:{n.lineno}: {n.value!r}" for n in _code_strings(tree) if any(w in n.value for w in money)]
    assert found == []


def _declared_languages() -> set[str]:
    """Every language code a report declares: this one, the second report, those `reportgen new` offers."""
    folders = (PATHS.data, ROOT / "tests" / "fixtures" / "second-report" / "data")
    codes = {lang["code"] for folder in folders for lang in yaml.safe_load((folder / "site.yaml").read_text(encoding="utf-8"))["site"]["languages"]}
    return codes | set(yaml.safe_load((ROOT / "scripts" / "reportgen" / "scaffold" / "languages.yaml").read_text(encoding="utf-8")))


def test_the_engine_branches_on_no_language_a_report_declares() -> None:
    """A language is the report's (site.yaml's languages): no engine module compares with the
    code of one, looks one up or loops over codes, and no template or the PDF's does either; what
    differs between languages comes from their declaration and their word catalogues."""
    codes = _declared_languages()
    assert {"zh", "zh-Hant", "en", "ja"} <= codes
    found = []
    for path in sorted((ROOT / "scripts" / "reportgen").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            sides = (
                [*node.comparators, node.left]
                if isinstance(node, ast.Compare)
                else [node.slice]
                if isinstance(node, ast.Subscript)
                else [node.iter]
                if isinstance(node, ast.For | ast.comprehension)
                else []
            )
            values = [e for side in sides for e in (side.elts if isinstance(side, ast.Tuple | ast.List | ast.Set) else [side])]
            if any(isinstance(v, ast.Constant) and v.value in codes for v in values):
                found.append(f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', node.iter.lineno if hasattr(node, 'iter') else 0)}: {ast.unparse(node)}")
    quoted = "|".join(re.escape(code) for code in sorted(codes))
    compare = re.compile(rf"""(==|!=|\bin\b|startswith\()\s*\(?["']({quoted})["']|["']({quoted})["']\s*(==|!=)""")
    for path in sorted([*(ROOT / "scripts" / "reportgen" / "site" / "theme").rglob("*.html"), ROOT / "scripts" / "reportgen" / "pdf" / "report.typ"]):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if compare.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
