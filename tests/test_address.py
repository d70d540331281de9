"""reportgen.site.address: the site's own address when SITE_URL is unset."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from reportgen.site.address import LOCAL, pages_url, site_url


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("https://github.com/Acme/new-year-report.git", "https://acme.github.io/new-year-report/"),
        ("https://github.com/acme/new-year-report", "https://acme.github.io/new-year-report/"),
        ("git@github.com:acme/new-year-report.git\n", "https://acme.github.io/new-year-report/"),
        ("ssh://git@github.com/acme/report", "https://acme.github.io/report/"),
        ("https://github.com/acme/Acme.github.io.git", "https://acme.github.io/"),  # a user site is served at the root
        ("https://gitlab.com/acme/report.git", None),
        ("/work/main", None),
        ("", None),
    ],
)
def test_a_github_remote_gives_its_pages_address(remote: str, expected: str | None) -> None:
    assert pages_url(remote) == expected


def test_site_url_wins_then_the_remote_then_the_local_address(tmp_path: Path) -> None:
    assert site_url(tmp_path, "https://example.org/r/") == ("https://example.org/r/", "SITE_URL")
    assert site_url(tmp_path, None)[0] == LOCAL  # not a repository
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", "git@github.com:acme/report.git"], check=True)
    assert site_url(tmp_path, None) == ("https://acme.github.io/report/", "git remote origin git@github.com:acme/report.git")


@pytest.mark.parametrize(
    "hostile",
    [
        "javascript://example.com/%0Aalert(document.domain)//",
        'https://example.com/r"><script>alert("SU")</script>/',
        "https://example.com/r /",
        "ftp://example.com/",
        "https:///no-host/",
        "//example.com/",
        "https://example.com/r?q=1",
        "https://exa mple.com/",
    ],
)
def test_a_site_address_that_pages_would_have_to_escape_stops_the_build(tmp_path: Path, hostile: str) -> None:
    from reportgen.site.address import AddressError

    with pytest.raises(AddressError) as err:
        site_url(tmp_path, hostile)
    assert str(err.value) == (
        "site address from SITE_URL: not a site address (expected an absolute http(s) URL with a host and plain URL "
        f"characters, e.g. https://owner.github.io/report/; got {hostile!r})"
    )


@pytest.mark.parametrize("fine", ["https://owner.github.io/report/", "http://127.0.0.1:8000/", "https://example.org", "https://a.b/c-d_e~f/"])
def test_an_ordinary_site_address_passes(tmp_path: Path, fine: str) -> None:
    assert site_url(tmp_path, fine) == (fine, "SITE_URL")


def test_what_else_the_environment_passes_is_checked() -> None:
    from reportgen.site.address import environment_problems

    assert environment_problems({"REPORT_ONLY": "en", "SOURCE_DATE_EPOCH": "1767484800"}) == []
    assert environment_problems({"REPORT_ONLY": "fr", "SOURCE_DATE_EPOCH": "yesterday"}) == [
        "REPORT_ONLY: not an edition (expected one of zh, zh-Hant, en, got 'fr')",
        "SOURCE_DATE_EPOCH: not a time (expected whole seconds since 1970, e.g. 1767484800, got 'yesterday')",
    ]
