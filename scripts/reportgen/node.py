"""The Node packages the project runs (Pagefind for the search index, the Nu HTML Checker and
axe-core for the tests, Lighthouse for the benchmark), installed with npm on first use, each at the one version
chosen here, into one folder per user (like pip's cache): every checkout and every test copy of
the repository shares it. One install at a time (a lock): parallel builds may ask at once."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from pathlib import Path

NODE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reportgen" / "node"
# None: whatever npm offers when it is first installed. Pagefind 1.6 segments Chinese with
# ICU4X: a Traditional query finds what its Simplified form finds in the Simplified edition.
# axe-core 4.14 checks a page in half the time of the 4.12 that axe-playwright-python bundles.
VERSIONS = {"pagefind": "1.6.0", "vnu-jar": "26.9.27", "axe-core": "4.14.1", "lighthouse": None}


class NodeToolError(RuntimeError):
    pass


def _installed_version(folder: Path) -> str | None:
    manifest = folder / "package.json"
    return json.loads(manifest.read_text(encoding="utf-8"))["version"] if manifest.is_file() else None


def installed(package: str) -> Path:
    """NODE/node_modules/<package>, installed (or replaced) if it is not there at its version."""
    folder = NODE / "node_modules" / package
    wanted = VERSIONS[package]
    have = _installed_version(folder)
    if have is not None and wanted in (None, have):
        return folder
    if not shutil.which("npm"):
        raise NodeToolError(f"npm not found (install Node.js to get {package})")
    spec = f"{package}@{wanted}" if wanted else package
    NODE.mkdir(parents=True, exist_ok=True)
    with (NODE / ".install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        have = _installed_version(folder)  # another build may have installed it meanwhile
        if have is None or wanted not in (None, have):
            done = subprocess.run(
                ["npm", "install", "--prefix", str(NODE), "--no-audit", "--no-fund", "--save-exact", spec],
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            have = _installed_version(folder)
            if done.returncode or have is None or wanted not in (None, have):
                lines = [line for line in (done.stderr + "\n" + done.stdout).splitlines() if line.strip()]
                raise NodeToolError(f"npm install {spec} failed: {lines[-1] if lines else f'exit code {done.returncode}'}")
    return folder
