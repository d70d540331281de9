"""reportgen.site.address: the site's own address when SITE_URL is unset."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from reportgen.site.address import LOCAL, pages_url, site_url


@pytest.mark.parametrize(("remote", "expected"), [
    ("https://github.com/Acme/new-year-report.git", "https://acme.github.io/new-year-report/"),
    ("https://github.com/acme/new-year-report", "https://acme.github.io/new-year-report/"),
    ("git@github.com:acme/new-year-report.git\n", "https://acme.github.io/new-year-report/"),
    ("ssh://git@github.com/acme/report", "https://acme.github.io/report/"),
    ("https://github.com/acme/Acme.github.io.git", "https://acme.github.io/"),  # a user site is served at the root
    ("https://gitlab.com/acme/report.git", None),
    ("/work/main", None),
    ("", None),
])
def test_a_github_remote_gives_its_pages_address(remote: str, expected: str | None) -> None:
    assert pages_url(remote) == expected


def test_site_url_wins_then_the_remote_then_the_local_address(tmp_path: Path) -> None:
    assert site_url(tmp_path, "https://example.org/r/") == ("https://example.org/r/", "SITE_URL")
    assert site_url(tmp_path, None)[0] == LOCAL  # not a repository
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", "git@github.com:acme/report.git"], check=True)
    assert site_url(tmp_path, None) == ("https://acme.github.io/report/", "git remote origin git@github.com:acme/report.git")
