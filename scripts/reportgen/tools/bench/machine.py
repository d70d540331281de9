"""The machine the bench ran on: CPU, memory, package and tool versions, load average; the
CPU-seconds of the whole machine, and of one command in a cgroup of its own."""

from __future__ import annotations

import contextlib
import os
import platform
import re
import subprocess
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

from reportgen.tools.bench.lighthouse import chrome_path
from reportgen.tools.bench.tables import fmt_bytes

PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "mkdocs-static-i18n",
    "pydantic",
    "PyYAML",
    "nh3",
    "Jinja2",
    "Babel",
    "OpenCC",
    "matplotlib",
    "typst",
    "Markdown",
    "pymdown-extensions",
)


def machine() -> dict:
    info = {
        "nproc": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = re.search(r"model name\s*:\s*(.*)", cpuinfo).group(1).strip()
        mem = re.search(r"MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text()).group(1)
        info["memory"] = fmt_bytes(int(mem) * 1024)
    except (OSError, AttributeError):
        pass
    info["packages"] = {}
    for name in PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            info["packages"][name] = metadata.version(name)
    for tool, cmd in (("node", ["node", "--version"]), ("chromium", [chrome_path() or "chromium", "--version"])):
        try:
            info[tool] = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            info[tool] = "not found"
    return info


def load_average() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def cpu_seconds() -> tuple[float, float] | None:
    """(busy, idle) seconds summed over every CPU since boot, from /proc/stat; None elsewhere.
    Two readings around a command tell whether it had the CPUs to itself or waited for them."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:8]]
    except (OSError, ValueError):
        return None
    user, nice, system, idle, iowait, irq, softirq = fields
    hz = os.sysconf("SC_CLK_TCK")
    return (user + nice + system + irq + softirq) / hz, (idle + iowait) / hz


class CpuGroup:
    """A control group (cgroup v2) of a command's own: the CPU-seconds of the command and of every
    process it starts (Chromium's included, even once re-parented), and of nothing else running
    on the machine, which the busy seconds of /proc/stat count too."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def join(self) -> None:
        """Move the calling process in (run in the command's process, before it starts)."""
        (self.folder / "cgroup.procs").write_text("0")

    def seconds(self) -> float | None:
        with contextlib.suppress(OSError, ValueError):
            for line in (self.folder / "cpu.stat").read_text().splitlines():
                name, _, value = line.partition(" ")
                if name == "usage_usec":
                    return int(value) / 1e6
        return None


def _own_group() -> Path | None:
    """The cgroup v2 folder this process is in, or None (no cgroup v2, or not mounted here)."""
    try:
        path = next(line[3:] for line in Path("/proc/self/cgroup").read_text().splitlines() if line.startswith("0::"))
        mounts = [line.split(" - ")[0].split()[4] for line in Path("/proc/self/mountinfo").read_text().splitlines() if " - cgroup2 " in line]
    except (OSError, StopIteration, IndexError):
        return None
    return next((Path(mount + path) for mount in mounts if Path(mount + path).is_dir()), None)


def _new_group(name: str) -> Path | None:
    """A new cgroup folder inside this process's, or None where this machine allows none."""
    own = _own_group()
    if own is None:
        return None
    folder = own / f"{name}-{os.getpid()}"
    try:
        folder.mkdir()
    except OSError:  # no right to
        return None
    return folder


@contextlib.contextmanager
def cpu_group(name: str) -> Iterator[CpuGroup | None]:
    """A fresh CpuGroup inside this process's, removed afterwards; None where this machine does
    not let the bench make one (no cgroup v2, or no right to): the busy seconds remain."""
    folder = _new_group(name)
    try:
        yield CpuGroup(folder) if folder else None
    finally:
        if folder:
            with contextlib.suppress(OSError):
                folder.rmdir()
