"""The machine the bench ran on: CPU, memory, package and tool versions, load average."""

from __future__ import annotations

import contextlib
import os
import platform
import re
import subprocess
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
