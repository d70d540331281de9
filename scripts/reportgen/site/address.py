"""The site's own address (canonical links, hreflang, sitemaps, the PDFs' links): SITE_URL when
set (the deploy workflow passes GitHub Pages' base); otherwise the GitHub Pages address of the
git remote; otherwise the local preview address."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from reportgen.config import PATHS

LOCAL = "http://127.0.0.1:8000/"
# A site address as pages print it (links, canonical, sitemaps, JSON-LD, share cards): absolute
# http(s), a host, a path of plain URL characters; nothing a page or a feed would have to escape.
_ADDRESS = re.compile(r"^https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~!$()*+,;=:@%/-]*)?$")


class AddressError(ValueError):
    """The site's address is not one pages may print: one plain line naming where it came from."""


def checked(url: str, source: str) -> str:
    """`url` if it is an absolute http(s) address with a host and nothing to escape, else AddressError."""
    if not _ADDRESS.match(url):
        raise AddressError(
            f"site address from {source}: not a site address (expected an absolute http(s) URL with a host "
            f"and plain URL characters, e.g. https://owner.github.io/report/; got {url!r})"
        )
    return url


_GITHUB = re.compile(r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+?)(?:\.git)?/?$")


def pages_url(remote: str) -> str | None:
    """A GitHub remote -> its GitHub Pages address (https://OWNER.github.io/REPO/); else None."""
    match = _GITHUB.match(remote.strip())
    if not match:
        return None
    owner, repo = match["owner"].lower(), match["repo"]
    return f"https://{owner}.github.io/" if repo.lower() == f"{owner}.github.io" else f"https://{owner}.github.io/{repo}/"


def environment_problems(env) -> list[str]:
    """What else a build reads from its environment, checked: the one edition to build
    (REPORT_ONLY) and the build's date (SOURCE_DATE_EPOCH, which sitemaps print)."""
    problems = []
    only = env.get("REPORT_ONLY")
    codes = [lang.code for lang in PATHS.languages]
    if only and only not in codes:
        problems.append(f"REPORT_ONLY: not an edition (expected one of {', '.join(codes)}, got {only!r})")
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch and not epoch.isdigit():
        problems.append(f"SOURCE_DATE_EPOCH: not a time (expected whole seconds since 1970, e.g. 1767484800, got {epoch!r})")
    return problems


def site_url(root: Path, configured: str | None) -> tuple[str, str]:
    """The address to build for, and where it came from (said at build time)."""
    if configured:
        return checked(configured, "SITE_URL"), "SITE_URL"
    try:
        remote = subprocess.run(["git", "-C", str(root), "remote", "get-url", "origin"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        remote = ""
    url = pages_url(remote)
    if url:
        return checked(url, f"git remote origin {remote.strip()}"), f"git remote origin {remote.strip()}"
    return LOCAL, "no SITE_URL and no GitHub remote: the local preview address"
