"""Running and timing commands (wall time, peak memory, a time limit) and the scratch copy they run in."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from reportgen.tools.bench.tables import fmt_seconds

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
BENCH = ROOT / "build" / "bench"
PY = Path(sys.executable)


@dataclass
class Run:
    cmd: list[str]
    seconds: float
    rss_kb: int  # peak resident set of the largest process (the command or a child it waited for)
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def why(self) -> str:
        if self.returncode < 0:
            return f"stopped by signal {-self.returncode} after {fmt_seconds(self.seconds)} (time limit)"
        lines = [ln for ln in (self.stderr + "\n" + self.stdout).splitlines() if ln.strip()]
        return (lines[-1] if lines else f"exit code {self.returncode}")[:160]


def child_env(root: Path | None = None, **extra: str) -> dict[str, str]:
    """The environment of a build of the project at `root` (its code, its data)."""
    env = dict(os.environ)
    # A developer's Python writes bytecode; without it every run recompiles our modules.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("REPORT_ROOT", None)
    env.setdefault("SOURCE_DATE_EPOCH", "1767484800")
    env["NO_MKDOCS_2_WARNING"] = "1"
    if root is not None:
        env.update(REPORT_ROOT=str(root), PYTHONPATH=str(root / "scripts"))
    env.update(extra)
    return env


def run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 1800, group=None) -> Run:
    """Run and time a command; peak RSS from wait4. Killed (its whole group) after `timeout`.
    With a `group` (machine.CpuGroup), the command and everything it starts run in it."""
    out_path, err_path = BENCH / f".out.{os.getpid()}", BENCH / f".err.{os.getpid()}"
    BENCH.mkdir(parents=True, exist_ok=True)
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True, preexec_fn=group.join if group else None)
        timer = threading.Timer(timeout, lambda: _kill_group(proc.pid))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    result = Run(cmd, seconds, usage.ru_maxrss, proc.returncode, out_path.read_text(errors="replace"), err_path.read_text(errors="replace"))
    out_path.unlink(), err_path.unlink()
    return result


def _kill_group(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)


def median_run(cmd: list[str], cwd: Path, env: dict[str, str], times: int) -> tuple[float, Run]:
    runs = [run(cmd, cwd, env) for _ in range(times)]
    return statistics.median(r.seconds for r in runs), runs[-1]


# ----------------------------------------------------------------------------- the scratch copy


def copy_tree(dest: Path) -> Path:
    """The working tree as a developer has it (tracked and new files, not ignored ones)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    try:
        names = (
            subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, check=True, capture_output=True)
            .stdout.decode()
            .split("\0")
        )
        files = [n for n in names if n and (ROOT / n).is_file()]
    except (OSError, subprocess.CalledProcessError):
        skip = {".git", ".venv", "build", "site", "__pycache__", "node_modules"}
        files = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file() and not skip & set(p.relative_to(ROOT).parts)]
    for name in files:
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    (dest / ".venv").symlink_to(ROOT / ".venv")
    return dest


def copy_of(repo: Path, name: str) -> Path:
    """This package's file `name` in the scratch copy `repo` (a program the bench runs there)."""
    return repo / HERE.relative_to(ROOT) / name
