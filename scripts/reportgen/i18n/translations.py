"""Translations that stay honest: which translated text translates which original.

A language that `translates` another (site.yaml's languages: en translates zh) tracks it.
Pages: every `docs/<lang>/<page>.md` records in its front matter the hash of the original
`docs/<original>/<page>.md` it translates (`translates: <sha256 prefix>`). The key is written
by `reportgen confirm` (`make confirm-translation PAGE=...`), never by hand. When the original
changes, the translation is *outdated*: the build logs it and the page shows a banner linking
to the original.

Data: every text in data/ and every glossary term is keyed by collection, entry id and field
path (`indicators[<id>].label`, `lists[<id>].items[<item id>].name`);
`data/translations.lock.json` maps, per translated language, each key to the hash of the
original its translation was confirmed against. A changed original makes the string
outdated; a key not in the lock is missing.

States: current, outdated (the original changed since confirmation), missing (no translated
page, or no confirmation recorded).

The glossary check (`glossary_problems`) flags translated text that renders a glossary term
differently from data/glossary.yaml.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel

from reportgen.cache import write_if_changed
from reportgen.config import Paths
from reportgen.languages import Language, translated
from reportgen.model.dataset import Dataset
from reportgen.model.schema import Term, Text
from reportgen.model.yaml_errors import SAFE_LOADER
from reportgen.stamp import source_files

if TYPE_CHECKING:
    pass

STATES = ("current", "outdated", "missing")
FRONT_MATTER_KEY = "translates"
HASH_LENGTH = 12
FRONT_MATTER_BLOCK = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.DOTALL)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def lock_path(paths: Paths) -> Path:
    return paths.data / "translations.lock.json"


# Pages -----------------------------------------------------------------------------------


def _translation(paths: Paths, lang: str | None) -> Language:
    """The translated language `lang`, or the first one."""
    return next(t for t in translated(paths.languages) if lang in (None, t.code))


@dataclass(frozen=True)
class PageState:
    page: str  # relative to the language folder, e.g. "index.md"
    state: str  # current | outdated | missing
    recorded: str | None  # hash in the translation's front matter
    expected: str  # hash of the original page now
    lang: str = ""  # the translation's language
    original: str = ""  # the language it translates

    @property
    def path(self) -> str:
        return f"docs/{self.lang}/{self.page}"


def front_matter(text: str) -> dict:
    match = FRONT_MATTER_BLOCK.match(text)
    return dict(_front_matter_block(match.group(1))) if match and match.group(1) else {}


@functools.lru_cache(maxsize=256)  # the status page and every translated page read the same blocks, build after build
def _front_matter_block(block: str) -> dict:
    data = yaml.load(block, Loader=SAFE_LOADER)
    return data if isinstance(data, dict) else {}


def source_pages(paths: Paths, lang: str | None = None) -> list[str]:
    """The pages people write in `lang` (default: the original)."""
    base = paths.lang_docs(lang or paths.default_lang)
    return [p.relative_to(base).as_posix() for p in source_files(base, "*.md")]


def page_state(paths: Paths, page: str, recorded: str | None = None, read_translation: bool = True, lang: str | None = None) -> PageState:
    """State of docs/<lang>/<page> (default: the first translated language); `recorded` overrides
    reading its front matter (the plugin passes page.meta)."""
    language = _translation(paths, lang)
    expected = digest((paths.lang_docs(language.translates) / page).read_text(encoding="utf-8"))
    translation = paths.lang_docs(language.code) / page
    if read_translation:
        if not translation.exists():
            return PageState(page, "missing", None, expected, language.code, language.translates)
        recorded = front_matter(translation.read_text(encoding="utf-8")).get(FRONT_MATTER_KEY)
    recorded = None if recorded is None else str(recorded)
    if not recorded:
        return PageState(page, "missing", None, expected, language.code, language.translates)
    return PageState(page, "current" if recorded == expected else "outdated", recorded, expected, language.code, language.translates)


def page_states(paths: Paths) -> list[PageState]:
    """Every page of every translated language."""
    return [page_state(paths, page, lang=t.code) for t in translated(paths.languages) for page in source_pages(paths, t.translates)]


def set_front_matter_key(text: str, key: str, value: str) -> str:
    """Set `key: value` in a page's front matter, leaving every other line as it is."""
    line = f"{key}: {value}\n"
    match = FRONT_MATTER_BLOCK.match(text)
    if not match:
        return f"---\n{line}---\n\n{text}"
    body = match.group(1) or ""
    pattern = re.compile(rf"^{re.escape(key)}:.*\n", re.MULTILINE)
    body = pattern.sub(line, body, count=1) if pattern.search(body) else body + line
    return f"---\n{body}---\n" + text[match.end() :]


def _page_target(paths: Paths, page: str) -> tuple[str | None, str]:
    """'docs/en/x.md', 'en/x.md', an absolute path or 'x.md' -> (its language if it names one, 'x.md')."""
    rel = page.replace("\\", "/")
    for lang in paths.languages:
        for prefix in (f"docs/{lang.code}/", f"{lang.code}/"):
            if rel.startswith(prefix):
                return lang.code, rel[len(prefix) :]
    candidate = Path(page)
    for lang in paths.languages:
        base = paths.lang_docs(lang.code).resolve()
        if candidate.is_absolute() and candidate.resolve().is_relative_to(base):
            return lang.code, candidate.resolve().relative_to(base).as_posix()
    return None, rel


def confirm_page(paths: Paths, page: str) -> list[PageState]:
    """Record in docs/<lang>/<page> that it translates the current original; a page of no
    translated language (docs/zh/x.md, x.md) confirms it in every translated language."""
    lang, name = _page_target(paths, page)
    chosen = [t for t in translated(paths.languages) if lang in (None, t.code, t.translates)]
    if not chosen and lang is not None:
        raise FileNotFoundError(f"no translated language in {page}")
    for language in chosen:
        original, translation = paths.lang_docs(language.translates) / name, paths.lang_docs(language.code) / name
        if not original.exists():
            raise FileNotFoundError(f"no original docs/{language.translates}/{name}")
        if not translation.exists():
            raise FileNotFoundError(f"no translation docs/{language.code}/{name} to confirm")
        text = translation.read_text(encoding="utf-8")
        # Quoted: an all-digit hash must stay a string in YAML.
        updated = set_front_matter_key(text, FRONT_MATTER_KEY, f'"{digest(original.read_text(encoding="utf-8"))}"')
        if updated != text:
            translation.write_text(updated, encoding="utf-8")
    return [page_state(paths, name, lang=language.code) for language in chosen]


# Data strings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DataState:
    key: str  # e.g. indicators[<id>].label
    state: str
    original: str
    translation: str
    lang: str = ""

    @property
    def collection(self) -> str:
        return re.split(r"[\[.]", self.key, maxsplit=1)[0]


def _walk(value, path: str) -> Iterator[tuple[str, Text]]:
    if isinstance(value, Text):
        yield path, value
    elif isinstance(value, Term):
        yield f"{path}.term", value.term_text
        yield from _walk(value.explanation, f"{path}.explanation")
    elif isinstance(value, BaseModel):
        for name in [*type(value).model_fields, *(value.__pydantic_extra__ or {})]:  # a city's declared attributes too
            yield from _walk(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            ident = getattr(item, "id", None)
            yield from _walk(item, f"{path}[{ident if ident is not None else index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}[{key}]")


def data_texts(dataset: Dataset) -> dict[str, Text]:
    """Every translatable string in the dataset: key -> its text in each language."""
    return dict(_walk(dataset, ""))


def read_lock(paths: Paths) -> dict[str, dict[str, str]]:
    """{translated language: {data key: hash of the original it was confirmed against}}."""
    path = lock_path(paths)
    if not path.exists():
        return {}
    return {lang: dict(keys) for lang, keys in json.loads(path.read_text(encoding="utf-8")).get("languages", {}).items()}


def write_lock(paths: Paths, entries: dict[str, dict[str, str]]) -> None:
    body = {
        "comment": "Written by `make translations-confirm`; never edit by hand. For each translated language, "
        "data string key -> sha256 prefix of the original text its translation was confirmed against.",
        "languages": {lang: dict(sorted(keys.items())) for lang, keys in sorted(entries.items())},
    }
    write_if_changed(lock_path(paths), json.dumps(body, ensure_ascii=False, indent=1) + "\n")


def data_states(paths: Paths, dataset: Dataset) -> list[DataState]:
    """Every data string in every translated language."""
    lock = read_lock(paths)
    texts = data_texts(dataset)
    out = []
    for language in translated(dataset.site.languages):
        confirmed = lock.get(language.code, {})
        for key, text in texts.items():
            original, translation = text.get(language.translates, ""), text.get(language.code, "")
            recorded = confirmed.get(key)
            state = "missing" if recorded is None else "current" if recorded == digest(original) else "outdated"
            out.append(DataState(key, state, original, translation, language.code))
    return out


def confirm_data(paths: Paths, dataset: Dataset, keys: list[str] | None = None) -> list[str]:
    """Record the current original of the given keys (all when None) for every translated
    language; drop keys no longer in data/."""
    texts = data_texts(dataset)
    unknown = [k for k in keys or [] if k not in texts]
    if unknown:
        raise KeyError(f"unknown data string(s): {', '.join(unknown)}")
    lock = read_lock(paths)
    chosen = list(texts) if keys is None else keys
    languages = translated(dataset.site.languages)
    for language in languages:
        confirmed = {k: v for k, v in lock.get(language.code, {}).items() if k in texts}
        for key in chosen:
            confirmed[key] = digest(texts[key].get(language.translates, ""))
        lock[language.code] = confirmed
    write_lock(paths, {lang: keys for lang, keys in lock.items() if lang in {t.code for t in languages}})
    return chosen


# Reports --------------------------------------------------------------------------------


def data_drift_lines(paths: Paths, dataset: Dataset, limit: int = 20) -> list[str]:
    """What the build prints about data strings whose translation is not confirmed against the current original."""
    stale = [d for d in data_states(paths, dataset) if d.state != "current"]
    lines = [
        f"translations: data string {d.key} ({d.lang}) is {d.state}"
        + (" (its original changed since the translation was confirmed)" if d.state == "outdated" else " (never confirmed)")
        for d in stale[:limit]
    ]
    if len(stale) > limit:
        lines.append(f"translations: ... and {len(stale) - limit} more data string(s)")
    if stale:
        lines.append("translations: see `make translations`; after updating the translation, `make translations-confirm`")
    return lines


def report_lines(pages: list[PageState], strings: list[DataState], verbose: bool = True) -> list[str]:
    """`make translations`: every page with its state, then data strings not current."""
    lines = []
    for lang, original in dict.fromkeys((p.lang, p.original) for p in pages):
        lines.append(f"Pages (docs/{lang}/ against docs/{original}/):")
        lines += [f"  {p.state:<9} {p.path}" for p in pages if p.lang == lang]
    counts = {s: sum(d.state == s for d in strings) for s in STATES}
    lines.append("Data strings: " + ", ".join(f"{counts[s]} {s}" for s in STATES))
    if verbose:
        for d in strings:
            if d.state != "current":
                lines.append(f"  {d.state:<9} {d.key} ({d.lang})")
    return lines


# Glossary -------------------------------------------------------------------------------


def _norm(text: str) -> str:
    """Case, hyphens and apostrophes do not count: 'Open-competition' matches 'open competition'."""
    return re.sub(r"[\s\-–—]+", " ", text.replace("’", "'")).lower()


def _uses_term(text: str, term: Term) -> bool:
    return f'term("{term.id}")' in text or f"term('{term.id}')" in text


def _renders_term(text: str, term: Term, lang: str) -> bool:
    norm = _norm(text)
    return any(_norm(form) in norm for form in (term.term_text[lang], *term.forms(lang)))


def glossary_problems(paths: Paths, dataset: Dataset) -> list[str]:
    """Translated pages and data strings that render a glossary term otherwise than the glossary,
    in each translated language the glossary gives renderings in.

    A term counts as used when the original contains it (or calls term("<id>")); the
    translation must then contain the glossary's rendering or call term("<id>").
    """
    problems = []
    for language in translated(dataset.site.languages):
        lang, original = language.code, language.translates
        terms = [t for t in dataset.glossary if t.term_text.get(lang) and t.term_text.get(original)]
        for page in source_pages(paths, original):
            translation = paths.lang_docs(lang) / page
            if not translation.exists():
                continue
            source, text = (paths.lang_docs(original) / page).read_text(encoding="utf-8"), translation.read_text(encoding="utf-8")
            for term in terms:
                name, rendering = term.term_text[original], term.term_text[lang]
                if (name in source or _uses_term(source, term)) and not (_uses_term(text, term) or _renders_term(text, term, lang)):
                    problems.append(
                        f'docs/{lang}/{page}: docs/{original}/{page} uses {name} but the page neither says “{rendering}” nor calls term("{term.id}")'
                    )
        for key, text in data_texts(dataset).items():
            if key.startswith("glossary["):
                continue
            for term in terms:
                name, rendering = term.term_text[original], term.term_text[lang]
                if name in text.get(original, "") and not _renders_term(text.get(lang, ""), term, lang):
                    problems.append(f"data: {key}: {original} uses {name} but {lang} does not say “{rendering}”: {text.get(lang, '')}")
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
        print("Update the translation, then confirm: make confirm-translation PAGE=docs/<language>/<page>.md (or make translations-confirm for everything).")
    return 1 if check and (stale or glossary) else 0


def run_confirm(paths: Paths, dataset: Dataset, targets: list[str], everything: bool = False) -> int:
    """Confirm pages (docs/<language>/x.md) and data strings (keys such as indicators[x].label);
    with `everything`, every page and every data string."""
    if not targets and not everything:
        print("nothing to confirm: name pages (docs/<language>/x.md) or data keys, or pass --all")
        return 2
    pages = source_pages(paths) if everything else [t for t in targets if t.endswith(".md")]
    keys = None if everything else [t for t in targets if not t.endswith(".md")]
    try:
        for page in pages:
            for state in confirm_page(paths, page):
                print(f"confirmed {state.path} (translates {state.expected})")
        if keys is None or keys:
            done = confirm_data(paths, dataset, keys)
            print(f"confirmed {len(done)} data string(s) in {lock_path(paths).relative_to(paths.root).as_posix()}")
    except (FileNotFoundError, KeyError) as err:
        print(f"error: {err.args[0] if err.args else err}")
        return 1
    return 0
