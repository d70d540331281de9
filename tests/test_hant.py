"""Traditional Chinese from OpenCC, with the project's phrase dictionary winning."""

from __future__ import annotations

from reportgen.config import PATHS
from reportgen.i18n.hant import HantConverter
from reportgen.model.validate import load_dataset


def test_s2t_converts_characters_only() -> None:
    convert = HantConverter("s2t")
    assert convert("软件和信息服务 规上工业 揭榜挂帅") == "軟件和信息服務 規上工業 揭榜掛帥"


def test_phrase_dictionary_overrides_opencc() -> None:
    convert = HantConverter("s2t", {"苏州": "SUZHOU-FIXED"})
    assert convert("苏州和南京") == "SUZHOU-FIXED和南京"


def test_longest_phrase_wins() -> None:
    convert = HantConverter("s2t", {"宁科": "A", "宁科荟": "寧科薈"})
    assert convert("宁科荟平台") == "寧科薈平臺"


def test_taiwan_profile_gives_standard_forms() -> None:
    """s2tw: 為, 群, 線 (Taiwan's standard), not OpenCC's own 爲, 羣, 綫."""
    assert HantConverter("s2tw")("为产业集群划线") == "為產業集群劃線"


def test_every_phrase_fix_changes_the_edition() -> None:
    """Each entry of data/site.yaml's opencc_phrases corrects something OpenCC gets wrong in the
    report's own Chinese (pages and data): without it the Traditional text would differ, so none
    is dead weight."""
    dataset = load_dataset(PATHS.data)
    site = dataset.site
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(PATHS.lang_docs("zh").glob("*.md"))) + dataset.model_dump_json()
    full = HantConverter(site.opencc_profile, site.opencc_phrases)(text)
    assert site.opencc_phrases
    for simplified in site.opencc_phrases:
        others = {k: v for k, v in site.opencc_phrases.items() if k != simplified}
        assert HantConverter(site.opencc_profile, others)(text) != full, f"{simplified}: OpenCC already gets it right in this report"
    assert HantConverter(site.opencc_profile, site.opencc_phrases)("并集中签约") == "並集中簽約"
