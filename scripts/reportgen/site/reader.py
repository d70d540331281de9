"""What readers get besides the pages themselves: search in their own language, a 404 page
and a sitemap per language, absolute hreflang links. Called from the report plugin (site/plugin/).

mkdocs-static-i18n (folder mode) builds the default language to the site root, then
rebuilds every other language into `<locale>/`, and finally writes ONE search index
(all languages mixed), ONE 404.html (whichever language was built last) and ONE sitemap.
This module, run once after the last language is built:

* splits `search/search_index.json` into one index per language (`<locale>/search/...`),
  each with its own lunr settings (Chinese segmentation for zh / zh-Hant, English stemming
  for en), and points Material's JS at the reader's language root (`__config.base`, which
  Material only uses to find the index and resolve result links);
* writes the 404 page rendered for each language to `<locale>/404.html`;
* writes `<locale>/sitemap.xml` (+ .gz) for every non-default language;
* makes `<link rel="alternate" hreflang>` absolute (from `site_url`) and adds x-default;
* builds a jieba user dictionary of Traditional forms, so zh-Hant text is segmented into
  words rather than single characters (jieba's dictionary is Simplified).
"""

from __future__ import annotations

import gzip
import json
import posixpath
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlparse

from reportgen.cache import write_if_changed
from reportgen.config import DEFAULT_LANG, LANG_BY_CODE, Paths, lang_dir

BUNDLE_SELECTOR = '"link[rel=alternate]"'
# A selector no element matches: see patch_bundle().
BUNDLE_SELECTOR_OFF = '"link[rel=alternate][data-md-fetch-sitemap]"'

# Per-language search settings (Material's worker builds the lunr index in the browser from
# these). zh/zh-Hant keep Material's Chinese defaults; en gets stop words and the stemmer
# ("computing" finds "compute") -- both break when lunr mixes languages in one index.
SEARCH_CONFIG = {
    "zh": {"lang": ["zh"], "separator": "[\\s\\u200b\\u3000\\-、。，．？！；]+", "pipeline": ["stemmer"]},
    "en": {"lang": ["en"], "separator": "[\\s\\u200b\\u3000\\-]+", "pipeline": ["stopWordFilter", "stemmer"]},
}
SEARCH_CONFIG["zh-Hant"] = SEARCH_CONFIG["zh"]


# --- jieba user dictionary -------------------------------------------------------------

_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")


def _substrings(text: str, longest: int = 8) -> set[str]:
    found: set[str] = set()
    for run in _HAN_RUN.findall(text):
        for i in range(len(run)):
            for j in range(i + 2, min(len(run), i + longest) + 1):
                found.add(run[i:j])
    return found


@lru_cache(maxsize=4)
def _user_dict_text(corpus: str, glossary: tuple[str, ...], profile: str, phrases: tuple[tuple[str, str], ...]) -> str:
    import jieba  # imported here: only the site build needs it

    from reportgen.i18n.hant import converter

    convert = converter(profile, phrases)
    source = Path(jieba.__file__).with_name("dict.txt").read_text(encoding="utf-8")
    words_hant = _substrings(convert(corpus))
    lines: dict[str, str] = {}
    # jieba's own entries in Traditional form, kept when the report uses the word.
    for simplified, traditional in zip(source.splitlines(), convert(source).splitlines(), strict=False):
        word = traditional.split(" ", 1)[0]
        if traditional != simplified and word in words_hant:
            lines[word] = traditional
    # The report's own terms stay whole in both scripts (a glossary term in either script).
    for term in glossary:
        for form in (term, convert(term)):
            if len(form) >= 2 and _HAN_RUN.fullmatch(form):
                lines.setdefault(form, f"{form} 2000 n")
    return "".join(f"{lines[w]}\n" for w in sorted(lines))


def jieba_user_dict(paths: Paths, dataset) -> Path:
    """Write build/jieba/user.dict (only when it changes) and return its path."""
    parts = [p.read_text(encoding="utf-8") for p in sorted(paths.lang_docs("zh").rglob("*.md"))]
    parts += [p.read_text(encoding="utf-8") for p in sorted(paths.data.glob("*.yaml"))]
    glossary = tuple(sorted(g.zh.split("（")[0] for g in dataset.glossary))
    site = dataset.site
    args = ("\n".join(parts), glossary, site.opencc_profile, tuple(sorted(site.opencc_phrases.items())))
    target = paths.build / "jieba" / "user.dict"
    # Converting jieba's dictionary takes most of a second: skip it when nothing it reads changed.
    key_file = target.with_name("user.dict.key")
    key = _user_dict_key(args)
    if target.exists() and key_file.exists() and key_file.read_text(encoding="utf-8") == key:
        return target
    write_if_changed(target, _user_dict_text(*args))
    key_file.write_text(key, encoding="utf-8")
    return target


def _user_dict_key(args: tuple) -> str:
    import jieba
    import opencc

    from reportgen.cache import code_digest, digest
    from reportgen.i18n import hant

    dictionary = Path(jieba.__file__).with_name("dict.txt").stat()
    return digest(args, code_digest(hant), Path(__file__).read_text(encoding="utf-8"), getattr(jieba, "__version__", ""),
                  getattr(opencc, "__version__", ""), dictionary.st_size, dictionary.st_mtime_ns)


# --- per page ----------------------------------------------------------------------------

_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="([^"]*)" hreflang="([^"]+)">\n?')
_CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">\{.*?"base": ")([^"]*)(")', re.DOTALL)


def _language_base(output: str, lang: str) -> str:
    """Material's JS loads `<base>/search/search_index.json`: make base the language root."""
    if lang == DEFAULT_LANG:
        return output
    return _CONFIG_BASE.sub(lambda m: f"{m.group(1)}{m.group(2).rstrip('/')}/{lang}/{m.group(3)}", output, count=1)


_SWITCHER = re.compile(r'(<a href=")(/[^"]*)(" hreflang="[^"]+" class="md-select__link">)')


def _relative_switcher(output: str, page_url: str, site_url: str) -> str:
    """On home pages static-i18n writes the switcher's links as absolute paths from `site_url`
    (/<repository>/en/), which break wherever the site is served from another
    path (a fork, a preview): make them relative like on every other page."""
    root = urlparse(site_url).path or "/"
    here = posixpath.join(root, page_url)

    def relative(match: re.Match) -> str:
        target = match.group(2)
        if not target.startswith(root):
            return match.group(0)
        rel = posixpath.relpath(target, here) + ("/" if target.endswith("/") else "")
        return f"{match.group(1)}{'./' if rel in ('./', '/') else rel}{match.group(3)}"

    return _SWITCHER.sub(relative, output)


def post_page(output: str, page_url: str, lang: str, site_url: str) -> str:
    """Absolute hreflang alternates (plus x-default), relative switcher links and the
    per-language search base."""
    output = _relative_switcher(output, page_url, site_url)
    here = urljoin(site_url, page_url)
    links = _ALTERNATE.findall(output)
    if links:
        absolute = [(urljoin(here, href), hreflang) for href, hreflang in links]
        default = next((href for href, hreflang in absolute if hreflang == DEFAULT_LANG), None)
        if default:
            absolute.append((default, "x-default"))
        block = "".join(f'<link rel="alternate" href="{href}" hreflang="{hreflang}">\n' for href, hreflang in absolute)
        first = _ALTERNATE.search(output)
        output = output[: first.start()] + block + _ALTERNATE.sub("", output[first.start():])
    return _language_base(output, lang)


def not_found_page(output: str, lang: str) -> str:
    """The 404 page carries another page's alternates (a static-i18n leftover): drop them."""
    return _language_base(_ALTERNATE.sub("", output), lang)


# --- after the last language is built ----------------------------------------------------


def split_search_index(site: Path, langs: list[str]) -> None:
    path = site / "search" / "search_index.json"
    if not path.exists():
        return {}
    index = json.loads(path.read_text(encoding="utf-8"))
    others = [lang for lang in langs if lang != DEFAULT_LANG]
    buckets: dict[str, list] = {lang: [] for lang in langs}
    for doc in index["docs"]:
        lang = next((lg for lg in others if doc["location"].startswith(f"{lg}/") or doc["location"] == lg), DEFAULT_LANG)
        doc = dict(doc, location=doc["location"][len(lang_dir(lang)):])
        buckets[lang].append(doc)
    for lang, docs in buckets.items():
        config = dict(index["config"], **SEARCH_CONFIG.get(lang, {}))
        target = site / lang_dir(lang) / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({"config": config, "docs": docs}, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def language_sitemaps(site: Path, langs: list[str], site_url: str) -> None:
    """`<locale>/sitemap.xml`: the root sitemap's entries whose <loc> lies in that language."""
    root = site / "sitemap.xml"
    if not root.exists():
        return
    text = root.read_text(encoding="utf-8")
    head, _, _rest = text.partition("<url>")
    entries = re.findall(r"<url>.*?</url>", text, re.DOTALL)
    for lang in langs:
        if lang == DEFAULT_LANG:
            continue
        prefix = urljoin(site_url, lang_dir(lang))
        mine = [e for e in entries if re.search(rf"<loc>{re.escape(prefix)}", e)]
        body = head + "\n    ".join(mine) + "\n</urlset>\n"
        target = site / lang / "sitemap.xml"
        target.write_text(body, encoding="utf-8")
        with gzip.GzipFile(site / lang / "sitemap.xml.gz", "wb", mtime=0) as gz:
            gz.write(body.encode("utf-8"))


def patch_bundle(site: Path) -> None:
    """Material 9.8's JS fetches `sitemap.xml` beside every `<link rel=alternate>` to remap
    language-switcher clicks. It expects the links to be language roots; on page-level
    (here: absolute) alternates each fetch is a 404 or a request to another host. The
    switcher's links already lead to the same page (static-i18n), so the lookup is turned off.
    Fails loudly if a Material upgrade changes the code, so this is looked at again."""
    bundles = sorted((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    for bundle in bundles:
        text = bundle.read_text(encoding="utf-8")
        if BUNDLE_SELECTOR_OFF in text:
            continue
        if text.count(BUNDLE_SELECTOR) != 1:
            raise RuntimeError(f"{bundle.name}: Material's alternate-link lookup changed; review reportgen/site/reader.py")
        bundle.write_text(text.replace(BUNDLE_SELECTOR, BUNDLE_SELECTOR_OFF), encoding="utf-8")


def finish_site(site: Path, langs: list[str], site_url: str, not_found: dict[str, str]) -> None:
    split_search_index(site, langs)
    for lang, html in not_found.items():
        target = site / lang_dir(lang) / "404.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    language_sitemaps(site, langs, site_url)
    patch_bundle(site)


assert set(SEARCH_CONFIG) == set(LANG_BY_CODE)
