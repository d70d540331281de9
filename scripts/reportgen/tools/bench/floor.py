"""The floor: plain MkDocs on the Markdown our plugin produced, against our MkDocs build and our whole build."""

from __future__ import annotations

import importlib
import json
import re
import shutil
import statistics
from pathlib import Path

import yaml

from reportgen.tools.bench.runs import BENCH, PY, copy_of, run

CAPTURE_HOOK = "capture_hook.py"  # an MkDocs hook, a module of this package


def plain_config_text(text: str) -> str:
    """mkdocs.yml with none of the report's Markdown extensions: each stands in for a stock one
    (its module's STOCK, which gives the same HTML) and is named as that one."""
    return re.sub(r"^(\s*- )(reportgen\.[\w.]+)", lambda m: m[1] + importlib.import_module(m[2]).STOCK, text, flags=re.MULTILINE)


def floor(repo: Path, env: dict[str, str], times: int) -> dict:
    """Our MkDocs build against plain MkDocs on the Markdown our plugin produced."""
    from mkdocs.utils.yaml import yaml_load

    with open(repo / "mkdocs.yml", encoding="utf-8") as f:
        config = yaml_load(f)
    hooks = list(config.get("hooks") or [])
    captured = BENCH / "floor-captured"
    shutil.rmtree(captured, ignore_errors=True)
    capture = {"hooks": [*hooks, str(copy_of(repo, CAPTURE_HOOK))]}
    (repo / "mkdocs.capture.yml").write_text("INHERIT: mkdocs.yml\n" + yaml.safe_dump(capture, allow_unicode=True), encoding="utf-8")
    cap = run(
        [str(PY), "-m", "mkdocs", "build", "--quiet", "-f", "mkdocs.capture.yml", "-d", str(BENCH / "floor-capture-site")],
        repo,
        {**env, "BENCH_CAPTURE": str(captured)},
    )
    if not cap.ok:
        return {"error": f"capture build failed: {cap.why()}"}
    docs = BENCH / "floor-docs"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(repo / config.get("docs_dir", "docs"), docs, ignore=shutil.ignore_patterns("*.md"))
    pages = 0
    for md in captured.rglob("*.md"):  # (the captured config is a .json beside them)
        target = docs / md.relative_to(captured)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(md, target)
        pages += 1
    # The same config without the report plugin, its hooks or its Markdown extensions: plain MkDocs on our Markdown.
    plugins = [p for p in config.get("plugins") or [] if (p if isinstance(p, str) else next(iter(p))) != "report"]
    (repo / "mkdocs.plain.yml").write_text(plain_config_text((repo / "mkdocs.yml").read_text(encoding="utf-8")), encoding="utf-8")
    # What the report plugin sets in the config (theme words, site name and address) comes along.
    floor_config = {"docs_dir": str(docs), "hooks": [], "watch": [], "plugins": plugins, **json.loads((captured / "_config.json").read_text(encoding="utf-8"))}
    (repo / "mkdocs.floor.yml").write_text("INHERIT: mkdocs.plain.yml\n" + yaml.safe_dump(floor_config, allow_unicode=True), encoding="utf-8")
    plain_cmd = [str(PY), "-m", "mkdocs", "build", "--quiet", "--strict", "-f", "mkdocs.floor.yml", "-d", str(BENCH / "floor-site")]
    ours_cmd = [str(PY), "-m", "mkdocs", "build", "--quiet", "--strict", "-d", str(BENCH / "ours-site")]
    gen_cmd = [str(PY), "-m", "reportgen", "generate"]
    probe = run(plain_cmd, repo, env)
    strict = probe.ok
    if not strict:  # a warning plain MkDocs raises on our output should not hide the timing
        plain_cmd.remove("--strict")
    plain, ours, gen = [], [], []
    for _ in range(times):  # interleaved, so a busy moment hits both
        plain.append(run(plain_cmd, repo, env))
        ours.append(run(ours_cmd, repo, env))
        gen.append(run(gen_cmd, repo, env))
    bad = next((r for r in plain + ours + gen if not r.ok), None)
    if bad:
        return {"error": f"{' '.join(bad.cmd[2:5])} failed: {bad.why()}"}

    def med(runs: list) -> float:
        return statistics.median(r.seconds for r in runs)

    return {
        "pages": pages,
        "plain": med(plain),
        "ours_mkdocs": med(ours),
        "generate_cli": med(gen),
        "ours_total": med(ours) + med(gen),
        "plain_strict": strict,
        "plain_why": "" if strict else probe.why(),
    }
