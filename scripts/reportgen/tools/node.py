"""The Node packages the project runs (Lighthouse for the benchmark, the Nu HTML Checker for the
tests), installed with npm into build/node/ on first use, each at the one version chosen here."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

NODE = Path(__file__).resolve().parents[3] / "build" / "node"
# None: whatever npm offers when it is first installed.
VERSIONS = {"lighthouse": None, "vnu-jar": "26.9.27"}


class NodeToolError(RuntimeError):
    pass


def _installed_version(folder: Path) -> str | None:
    manifest = folder / "package.json"
    return json.loads(manifest.read_text(encoding="utf-8"))["version"] if manifest.is_file() else None


def installed(package: str) -> Path:
    """build/node/node_modules/<package>, installed (or replaced) if it is not there at its version."""
    folder = NODE / "node_modules" / package
    wanted = VERSIONS[package]
    have = _installed_version(folder)
    if have is not None and wanted in (None, have):
        return folder
    if not shutil.which("npm"):
        raise NodeToolError(f"npm not found (install Node.js to get {package})")
    spec = f"{package}@{wanted}" if wanted else package
    NODE.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["npm", "install", "--prefix", str(NODE), "--no-audit", "--no-fund", "--save-exact", spec], capture_output=True, text=True, timeout=600, check=False
    )
    have = _installed_version(folder)
    if done.returncode or have is None or wanted not in (None, have):
        lines = [line for line in (done.stderr + "\n" + done.stdout).splitlines() if line.strip()]
        raise NodeToolError(f"npm install {spec} failed: {lines[-1] if lines else f'exit code {done.returncode}'}")
    return folder
