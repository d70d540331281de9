"""The site's own address (canonical links, hreflang, sitemaps, the PDFs' links): SITE_URL when
set (the deploy workflow passes GitHub Pages' base); otherwise the GitHub Pages address of the
git remote; otherwise the local preview address."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

LOCAL = "http://127.0.0.1:8000/"
_GITHUB = re.compile(r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+?)(?:\.git)?/?$")


def pages_url(remote: str) -> str | None:
    """A GitHub remote -> its GitHub Pages address (https://OWNER.github.io/REPO/); else None."""
    match = _GITHUB.match(remote.strip())
    if not match:
        return None
    owner, repo = match["owner"].lower(), match["repo"]
    return f"https://{owner}.github.io/" if repo.lower() == f"{owner}.github.io" else f"https://{owner}.github.io/{repo}/"


def site_url(root: Path, configured: str | None) -> tuple[str, str]:
    """The address to build for, and where it came from (said at build time)."""
    if configured:
        return configured, "SITE_URL"
    try:
        remote = subprocess.run(["git", "-C", str(root), "remote", "get-url", "origin"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        remote = ""
    url = pages_url(remote)
    if url:
        return url, f"git remote origin {remote.strip()}"
    return LOCAL, "no SITE_URL and no GitHub remote: the local preview address"
