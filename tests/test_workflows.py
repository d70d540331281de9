"""Static checks of the GitHub Actions workflows.

Runs the two linters (zizmor, actionlint) over ``.github/workflows/``, and over the workflows
``reportgen new`` writes into a new report (``reportgen/scaffold/github/workflows/``), and fails
on any finding, and checks the repository's own workflow policy:

* every remote ``uses:`` is pinned to a full 40-hex commit SHA followed by a
  ``# vX.Y.Z`` comment;
* top-level ``permissions`` is exactly ``contents: read``;
* only the ``deploy`` job may hold ``pages: write`` / ``id-token: write``;
* no ``pull_request_target`` trigger, and every checkout sets
  ``persist-credentials: false``.

The linters are installed from the lock into the project venv (``make site``);
a missing tool is a failure, not a skip, because CI installs everything.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS_DIR = ROOT / ".github" / "workflows"
SCAFFOLD_DIR = ROOT / "scripts" / "reportgen" / "scaffold" / "github" / "workflows"
WORKFLOW_FILES = sorted([*WORKFLOWS_DIR.glob("*.yml"), *WORKFLOWS_DIR.glob("*.yaml")])
CHECKED_FILES = [*WORKFLOW_FILES, *sorted(SCAFFOLD_DIR.glob("*.yml"))]

SHA_RE = re.compile(r"^[0-9a-f]{40}$")
# `uses: owner/repo[/path]@<40-hex> # vX.Y.Z` (Dependabot keeps the comment in sync)
USES_LINE_RE = re.compile(
    r"""^\s*(?:-\s*)?uses:\s*["']?(?P<ref>[^\s"'#]+)["']?"""
    r"""(?:\s*#\s*(?P<version>v\d+\.\d+\.\d+)\b)?"""
)
WRITE_SCOPES_ONLY_FOR_DEPLOY = ("pages", "id-token")
DEPLOY_JOB = "deploy"


def _find_tool(name: str) -> str:
    """Return the path to *name*, preferring the interpreter's own bin dir (the venv)."""
    bin_dir = Path(sys.executable).parent
    for candidate in (bin_dir / name, bin_dir / f"{name}.exe"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    pytest.fail(
        f"`{name}` not found next to {sys.executable} or on PATH. "
        "Install the locked dependencies (run `make site`, or "
        "`.venv/bin/pip install -r requirements.lock`); CI installs it too.",
        pytrace=False,
    )


def _run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env, check=False, timeout=300)


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict), f"{path.name}: not a YAML mapping"
    return data


def _triggers(workflow: dict) -> object:
    # PyYAML (YAML 1.1) reads the bare key `on` as boolean True.
    return workflow.get("on", workflow.get(True))


def _uses_values(workflow: dict) -> list[str]:
    values = []
    for job in (workflow.get("jobs") or {}).values():
        if "uses" in job:  # reusable workflow call
            values.append(job["uses"])
        for step in job.get("steps") or []:
            if "uses" in step:
                values.append(step["uses"])
    return values


def _is_remote(uses: str) -> bool:
    return not uses.startswith(("./", "docker://"))


def test_workflows_exist() -> None:
    names = {p.name for p in WORKFLOW_FILES}
    assert {"pr.yml", "deploy.yml"} <= names, f"workflows found: {sorted(names)}"


def test_zizmor_reports_no_findings() -> None:
    zizmor = _find_tool("zizmor")
    result = _run(
        [
            zizmor,
            "--offline",
            "--no-progress",
            "--color=never",
            *(str(p.relative_to(ROOT)) for p in CHECKED_FILES),  # files: given a folder, it looks for .github/ only
        ]
    )
    assert result.returncode == 0, f"zizmor exited {result.returncode}:\n{result.stdout}\n{result.stderr}"


def test_actionlint_reports_no_findings() -> None:
    actionlint = _find_tool("actionlint")
    files = [str(p.relative_to(ROOT)) for p in CHECKED_FILES]
    result = _run([actionlint, "-no-color", *files])
    assert result.returncode == 0, f"actionlint exited {result.returncode}:\n{result.stdout}\n{result.stderr}"


@pytest.mark.parametrize("path", CHECKED_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_actions_pinned_to_sha_with_version_comment(path: Path) -> None:
    workflow = _load(path)
    remote = [u for u in _uses_values(workflow) if _is_remote(u)]
    assert remote, f"{path.name}: no `uses:` found"

    problems = []
    for uses in remote:
        _, _, ref = uses.partition("@")
        if not SHA_RE.fullmatch(ref):
            problems.append(f"{uses}: ref is not a full 40-hex commit SHA")

    # Comments are lost by the YAML parser, so check them on the raw lines.
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = USES_LINE_RE.match(line)
        if m and _is_remote(m["ref"]) and not m["version"]:
            problems.append(f"line {lineno}: missing `# vX.Y.Z` comment: {line.strip()}")

    assert not problems, f"{path.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", CHECKED_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_top_level_permissions_read_only(path: Path) -> None:
    workflow = _load(path)
    assert workflow.get("permissions") == {"contents": "read"}, (
        f"{path.name}: top-level permissions must be exactly `contents: read`, got {workflow.get('permissions')!r}"
    )


@pytest.mark.parametrize("path", CHECKED_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_only_deploy_job_gets_pages_or_id_token_write(path: Path) -> None:
    workflow = _load(path)
    offenders = []
    for name, job in (workflow.get("jobs") or {}).items():
        perms = job.get("permissions")
        if name == DEPLOY_JOB:
            continue
        if perms in ("write-all",):
            offenders.append(f"{name}: permissions: write-all")
        elif isinstance(perms, dict):
            offenders += [f"{name}: {scope}: write" for scope in WRITE_SCOPES_ONLY_FOR_DEPLOY if perms.get(scope) == "write"]
    assert not offenders, f"{path.name}: only the `{DEPLOY_JOB}` job may have these:\n" + "\n".join(offenders)


@pytest.mark.parametrize("path", CHECKED_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_pull_request_target(path: Path) -> None:
    triggers = _triggers(_load(path))
    names = (
        {triggers} if isinstance(triggers, str) else set(triggers or ())  # list or mapping of event names
    )
    assert "pull_request_target" not in names, f"{path.name}: uses pull_request_target"


@pytest.mark.parametrize("path", CHECKED_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_checkout_does_not_persist_credentials(path: Path) -> None:
    workflow = _load(path)
    bad = []
    for name, job in (workflow.get("jobs") or {}).items():
        for step in job.get("steps") or []:
            is_checkout = str(step.get("uses", "")).startswith("actions/checkout@")
            persist = (step.get("with") or {}).get("persist-credentials")
            if is_checkout and persist is not False:
                bad.append(f"{name}: {step.get('name', step['uses'])}")
    assert not bad, f"{path.name}: checkout without `persist-credentials: false`:\n" + "\n".join(bad)


def test_deploy_workflow_shape() -> None:
    workflow = _load(WORKFLOWS_DIR / "deploy.yml")
    deploy = workflow["jobs"][DEPLOY_JOB]
    assert deploy.get("permissions") == {"pages": "write", "id-token": "write"}
    env = deploy.get("environment")
    env_name = env.get("name") if isinstance(env, dict) else env
    assert env_name == "github-pages"
    assert workflow.get("concurrency") == {
        "group": "pages",
        "cancel-in-progress": False,
    }


def test_pull_requests_reuse_the_content_cache_and_report_their_times() -> None:
    """A second PR build is warm: the generator's content cache is restored, keyed on its
    inputs (an older one is still valid: outputs are keyed by the hash of what they read)."""
    steps = yaml.safe_load((WORKFLOWS_DIR / "pr.yml").read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    cache = next(s for s in steps if s.get("name") == "Cache generated content")["with"]
    kept = {"build/cache", "build/tables", "docs/*/figures", "docs/*/downloads", "docs/zh-Hant"}
    assert kept <= set(cache["path"].split())
    assert "hashFiles(" in cache["key"] and "'data/**'" in cache["key"] and cache["restore-keys"].strip()
    summary = next(s for s in steps if s.get("name") == "Times in the job summary")
    assert summary["if"] == "always()" and "GITHUB_STEP_SUMMARY" in summary["run"]
    assert set(summary["env"]) == {"TEST_SECONDS", "BUILD_SECONDS"}
    deploy = (WORKFLOWS_DIR / "deploy.yml").read_text(encoding="utf-8")
    assert "build/cache" not in deploy  # what is published is built from scratch
