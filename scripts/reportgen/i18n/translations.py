"""Translations that stay honest: which English text translates which Chinese original.

Pages: every `docs/en/<page>.md` records in its front matter the hash of the
`docs/zh/<page>.md` it translates (`translates: <sha256 prefix>`). The key is written by
`python -m reportgen confirm` (`make confirm-translation PAGE=...`), never by hand.
When the Chinese page changes, the English page is *outdated*: the build logs it and the
page shows a banner linking to the Chinese original.

Data: every Text ({zh, en}) in data/ and every glossary term is keyed by collection,
entry id and field path (`indicators[<id>].label`, `lists[<id>].items[<item id>].name`);
`data/translations.lock.json` maps each key to the hash of the `zh` its `en` was confirmed
against. A changed `zh` makes the string outdated; a key not in the lock is missing.

States: current, outdated (the original changed since confirmation), missing (no English
page, or no confirmation recorded).

The glossary check (`glossary_problems`) flags English text that renders a glossary term
differently from data/glossary.yaml.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from markupsafe import escape
from pydantic import BaseModel

from reportgen.cache import write_if_changed
from reportgen.config import Paths
from reportgen.i18n.words import section
from reportgen.model.dataset import Dataset
from reportgen.model.schema import Term, Text
from reportgen.stamp import source_files

if TYPE_CHECKING:
    from reportgen.i18n.localize import Localizer

STATES = ("current", "outdated", "missing")
FRONT_MATTER_KEY = "translates"
HASH_LENGTH = 12
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.DOTALL)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def lock_path(paths: Paths) -> Path:
    return paths.data / "translations.lock.json"


# Pages -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageState:
    page: str  # relative to the language folder, e.g. "index.md"
    state: str  # current | outdated | missing
    recorded: str | None  # hash in the English front matter
    expected: str  # hash of the Chinese page now

    @property
    def en_path(self) -> str:
        return f"docs/en/{self.page}"


def front_matter(text: str) -> dict:
    match = _FRONT_MATTER.match(text)
    return dict(_front_matter_block(match.group(1))) if match and match.group(1) else {}


@functools.lru_cache(maxsize=256)  # the status page and every English page read the same blocks, build after build
def _front_matter_block(block: str) -> dict:
    data = yaml.load(block, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data if isinstance(data, dict) else {}


def source_pages(paths: Paths) -> list[str]:
    base = paths.lang_docs("zh")
    return [p.relative_to(base).as_posix() for p in source_files(base, "*.md")]


def page_state(paths: Paths, page: str, recorded: str | None = None, read_english: bool = True) -> PageState:
    """State of docs/en/<page>; `recorded` overrides reading the English front matter (the hook passes page.meta)."""
    expected = digest((paths.lang_docs("zh") / page).read_text(encoding="utf-8"))
    en = paths.lang_docs("en") / page
    if read_english:
        if not en.exists():
            return PageState(page, "missing", None, expected)
        recorded = front_matter(en.read_text(encoding="utf-8")).get(FRONT_MATTER_KEY)
    recorded = None if recorded is None else str(recorded)
    if not recorded:
        return PageState(page, "missing", None, expected)
    return PageState(page, "current" if recorded == expected else "outdated", recorded, expected)


def page_states(paths: Paths) -> list[PageState]:
    return [page_state(paths, page) for page in source_pages(paths)]


def set_front_matter_key(text: str, key: str, value: str) -> str:
    """Set `key: value` in a page's front matter, leaving every other line as it is."""
    line = f"{key}: {value}\n"
    match = _FRONT_MATTER.match(text)
    if not match:
        return f"---\n{line}---\n\n{text}"
    body = match.group(1) or ""
    pattern = re.compile(rf"^{re.escape(key)}:.*\n", re.MULTILINE)
    body = pattern.sub(line, body, count=1) if pattern.search(body) else body + line
    return f"---\n{body}---\n" + text[match.end() :]


def _page_name(paths: Paths, page: str) -> str:
    """'docs/en/x.md', 'en/x.md', 'docs/zh/x.md' or 'x.md' -> 'x.md'."""
    rel = page.replace("\\", "/")
    for prefix in ("docs/en/", "docs/zh/", "en/", "zh/"):
        if rel.startswith(prefix):
            return rel[len(prefix) :]
    candidate = Path(page)
    for lang in ("en", "zh"):
        base = paths.lang_docs(lang).resolve()
        if candidate.is_absolute() and candidate.resolve().is_relative_to(base):
            return candidate.resolve().relative_to(base).as_posix()
    return rel


def confirm_page(paths: Paths, page: str) -> PageState:
    """Record in docs/en/<page> that it translates the current docs/zh/<page>."""
    name = _page_name(paths, page)
    zh, en = paths.lang_docs("zh") / name, paths.lang_docs("en") / name
    if not zh.exists():
        raise FileNotFoundError(f"no Chinese original docs/zh/{name}")
    if not en.exists():
        raise FileNotFoundError(f"no English page docs/en/{name} to confirm")
    text = en.read_text(encoding="utf-8")
    # Quoted: an all-digit hash must stay a string in YAML.
    updated = set_front_matter_key(text, FRONT_MATTER_KEY, f'"{digest(zh.read_text(encoding="utf-8"))}"')
    if updated != text:
        en.write_text(updated, encoding="utf-8")
    return page_state(paths, name)


# Data strings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DataState:
    key: str  # e.g. indicators[<id>].label
    state: str
    zh: str
    en: str

    @property
    def collection(self) -> str:
        return re.split(r"[\[.]", self.key, maxsplit=1)[0]


def _walk(value, path: str) -> Iterator[tuple[str, str, str]]:
    if isinstance(value, Text):
        yield path, value.zh, value.en
    elif isinstance(value, Term):
        yield f"{path}.term", value.zh, value.en
        yield from _walk(value.explanation, f"{path}.explanation")
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            ident = getattr(item, "id", None)
            yield from _walk(item, f"{path}[{ident if ident is not None else index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}[{key}]")


def data_texts(dataset: Dataset) -> dict[str, tuple[str, str]]:
    """Every translatable string in the dataset: key -> (zh, en)."""
    return {key: (zh, en) for key, zh, en in _walk(dataset, "")}


def read_lock(paths: Paths) -> dict[str, str]:
    path = lock_path(paths)
    if not path.exists():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")).get("data", {}))


def write_lock(paths: Paths, entries: dict[str, str]) -> None:
    body = {
        "comment": "Written by `make translations-confirm`; never edit by hand. "
        "Data string key -> sha256 prefix of the Simplified Chinese its English was confirmed against.",
        "data": dict(sorted(entries.items())),
    }
    write_if_changed(lock_path(paths), json.dumps(body, ensure_ascii=False, indent=1) + "\n")


def data_states(paths: Paths, dataset: Dataset) -> list[DataState]:
    lock = read_lock(paths)
    out = []
    for key, (zh, en) in data_texts(dataset).items():
        recorded = lock.get(key)
        state = "missing" if recorded is None else "current" if recorded == digest(zh) else "outdated"
        out.append(DataState(key, state, zh, en))
    return out


def confirm_data(paths: Paths, dataset: Dataset, keys: list[str] | None = None) -> list[str]:
    """Record the current zh of the given keys (all when None); drop keys no longer in data/."""
    texts = data_texts(dataset)
    unknown = [k for k in keys or [] if k not in texts]
    if unknown:
        raise KeyError(f"unknown data string(s): {', '.join(unknown)}")
    lock = {k: v for k, v in read_lock(paths).items() if k in texts}
    chosen = list(texts) if keys is None else keys
    for key in chosen:
        lock[key] = digest(texts[key][0])
    write_lock(paths, lock)
    return chosen


# Reports --------------------------------------------------------------------------------


def data_drift_lines(paths: Paths, dataset: Dataset, limit: int = 20) -> list[str]:
    """What the build prints about data strings whose English is not confirmed against the current Chinese."""
    stale = [d for d in data_states(paths, dataset) if d.state != "current"]
    lines = [
        f"translations: data string {d.key} is {d.state}"
        + (" (its Chinese changed since the English was confirmed)" if d.state == "outdated" else " (never confirmed)")
        for d in stale[:limit]
    ]
    if len(stale) > limit:
        lines.append(f"translations: ... and {len(stale) - limit} more data string(s)")
    if stale:
        lines.append("translations: see `make translations`; after updating the English, `make translations-confirm`")
    return lines


def report_lines(pages: list[PageState], strings: list[DataState], verbose: bool = True) -> list[str]:
    """`make translations`: every page with its state, then data strings not current."""
    lines = ["Pages (docs/en/ against docs/zh/):"]
    for p in pages:
        lines.append(f"  {p.state:<9} {p.en_path}")
    counts = {s: sum(d.state == s for d in strings) for s in STATES}
    lines.append("Data strings: " + ", ".join(f"{counts[s]} {s}" for s in STATES))
    if verbose:
        for d in strings:
            if d.state != "current":
                lines.append(f"  {d.state:<9} {d.key}")
    return lines


_WORDS = section("translation_status")


def _page_title(path: Path) -> str | None:
    """The page's `title:` or a plain H1 (not a template expression), if any."""
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    title = front_matter(text).get("title")
    if title and "{" not in str(title):
        return str(title)
    match = re.search(r"^# (.+)$", _FRONT_MATTER.sub("", text, count=1), re.MULTILINE)
    if match and "{" not in match.group(1):
        return match.group(1).strip()
    return None


def status_markdown(paths: Paths, loc: Localizer) -> str:
    """The status page's tables in the localizer's language. Every text is HTML-escaped."""
    words = loc.words(_WORDS)
    lines = [f"## {escape(words['pages_heading'])}", "", f"| {escape(words['page'])} | {escape(words['state'])} |", "| --- | --- |"]
    for p in page_states(paths):
        title = _page_title(paths.lang_docs(loc.lang.code) / p.page) or p.page
        lines.append(f"| [{escape(title)}]({p.page}) | {escape(words[p.state])} |")
    strings = data_states(paths, loc.dataset)
    collections = list(dict.fromkeys(d.collection for d in strings))
    lines += [
        "",
        f"## {escape(words['data_heading'])}",
        "",
        f"| {escape(words['collection'])} | " + " | ".join(escape(words[s]) for s in STATES) + " |",
        "| --- | " + " | ".join("---:" for _ in STATES) + " |",
    ]
    tally = Counter((d.collection, d.state) for d in strings)
    for coll in collections:
        counts = [loc.number(tally[coll, s]) for s in STATES]
        lines.append(f"| `{escape(coll)}` | " + " | ".join(map(str, counts)) + " |")
    pending = [d for d in strings if d.state != "current"]
    listed = ", ".join(f"`{escape(d.key)}` ({escape(words[d.state])})" for d in pending) if pending else escape(words["none"])
    lines += ["", f"**{escape(words['strings'])}:** " + listed]
    return "\n".join(lines) + "\n"


# Glossary -------------------------------------------------------------------------------


def _norm(text: str) -> str:
    """Case, hyphens and apostrophes do not count: 'Open-competition' matches 'open competition'."""
    return re.sub(r"[\s\-–—]+", " ", text.replace("’", "'")).lower()


def _uses_term(text: str, term: Term) -> bool:
    return f'term("{term.id}")' in text or f"term('{term.id}')" in text


def _renders_term(text: str, term: Term) -> bool:
    norm = _norm(text)
    return any(_norm(form) in norm for form in (term.en, *term.en_forms))


def glossary_problems(paths: Paths, dataset: Dataset) -> list[str]:
    """English pages and data strings that render a glossary term otherwise than the glossary.

    A term counts as used when the Chinese text contains it (or calls term("<id>"));
    the English counterpart must then contain the glossary rendering or call term("<id>").
    """
    problems = []
    for page in source_pages(paths):
        en = paths.lang_docs("en") / page
        if not en.exists():
            continue
        zh_text, en_text = (paths.lang_docs("zh") / page).read_text(encoding="utf-8"), en.read_text(encoding="utf-8")
        for term in dataset.glossary:
            if (term.zh in zh_text or _uses_term(zh_text, term)) and not (_uses_term(en_text, term) or _renders_term(en_text, term)):
                problems.append(f'docs/en/{page}: docs/zh/{page} uses {term.zh} but the English page neither says “{term.en}” nor calls term("{term.id}")')
    for key, (zh, en) in data_texts(dataset).items():
        if key.startswith("glossary["):
            continue
        for term in dataset.glossary:
            if term.zh in zh and not _renders_term(en, term):
                problems.append(f"data: {key}: zh uses {term.zh} but en does not say “{term.en}”: {en}")
    return problems


# Command line (`python -m reportgen translations|confirm`) ---------------------------------


def run_report(paths: Paths, dataset: Dataset, check: bool = False) -> int:
    """Print every page's state, data strings not current and glossary problems.
    With `check`, exit code 1 when anything is not current (the default only reports)."""
    pages, strings = page_states(paths), data_states(paths, dataset)
    for line in report_lines(pages, strings):
        print(line)
    glossary = glossary_problems(paths, dataset)
    print(f"Glossary: {len(glossary)} problem(s)")
    for line in glossary:
        print(f"  {line}")
    stale = [p for p in pages if p.state != "current"] + [d for d in strings if d.state != "current"]
    if stale:
        print("Update the English, then confirm: make confirm-translation PAGE=docs/en/<page>.md (or make translations-confirm for everything).")
    return 1 if check and (stale or glossary) else 0


def run_confirm(paths: Paths, dataset: Dataset, targets: list[str], everything: bool = False) -> int:
    """Confirm pages (docs/en/x.md) and data strings (keys such as indicators[x].label);
    with `everything`, every page and every data string."""
    if not targets and not everything:
        print("nothing to confirm: name pages (docs/en/x.md) or data keys, or pass --all")
        return 2
    pages = source_pages(paths) if everything else [t for t in targets if t.endswith(".md")]
    keys = None if everything else [t for t in targets if not t.endswith(".md")]
    try:
        for page in pages:
            state = confirm_page(paths, page)
            print(f"confirmed {state.en_path} (translates {state.expected})")
        if keys is None or keys:
            done = confirm_data(paths, dataset, keys)
            print(f"confirmed {len(done)} data string(s) in {lock_path(paths).relative_to(paths.root).as_posix()}")
    except (FileNotFoundError, KeyError) as err:
        print(f"error: {err.args[0] if err.args else err}")
        return 1
    return 0
