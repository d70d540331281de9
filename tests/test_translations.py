"""Translations that stay honest: drift of English pages and data strings against the
Chinese original, the status page, the glossary check and Traditional proper names."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, build_env, copy_repo, warm_copy
from reportgen.config import PATHS, Paths
from reportgen.i18n import translations
from reportgen.i18n.hant import HantConverter
from reportgen.model.validate import load_dataset

BANNER = "The original of this page has changed since this translation was last checked"


def _reportgen(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reportgen", *args], cwd=root, env=build_env(root), capture_output=True, text=True, check=False)


def _confirmed(root: Path) -> Path:
    result = _reportgen(root, "confirm", "--all")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """A repository copy whose pages and data strings are all confirmed."""
    return _confirmed(copy_repo(tmp_path_factory.mktemp("translations")))


@pytest.fixture
def built_scratch(built_site, tmp_path) -> Path:
    """The same, copied from the shared build with its caches: its build redoes only what the test changes."""
    return _confirmed(warm_copy(built_site, tmp_path / "translations"))


def test_edited_chinese_page_flags_and_banners_english_page_until_confirmed(built_scratch: Path) -> None:
    paths = Paths(built_scratch)
    assert translations.page_state(paths, "nanjing.md").state == "current"
    zh = paths.lang_docs("zh") / "nanjing.md"
    zh.write_text(zh.read_text(encoding="utf-8") + "\n南京另有新进展。\n", encoding="utf-8")

    assert translations.page_state(paths, "nanjing.md").state == "outdated"
    listing = _reportgen(built_scratch, "translations")
    assert "outdated  docs/en/nanjing.md" in listing.stdout
    assert _reportgen(built_scratch, "translations", "--check").returncode == 1

    # The build reports the page but --strict still passes; the English page carries the banner.
    site = built_scratch / "site"
    build = subprocess.run(
        [sys.executable, "-m", "reportgen", "build", "--no-pdf", "--site-dir", str(site)],
        cwd=built_scratch,
        env=build_env(built_scratch),
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    assert "docs/en/nanjing.md is outdated" in build.stderr
    html = (site / "en" / "nanjing" / "index.html").read_text(encoding="utf-8")
    assert BANNER in html
    assert 'href="../../nanjing/" hreflang="zh-Hans"' in html  # the Chinese original, relative
    assert (site / "nanjing" / "index.html").exists()
    assert BANNER not in (site / "en" / "suzhou" / "index.html").read_text(encoding="utf-8")
    assert BANNER not in (site / "nanjing" / "index.html").read_text(encoding="utf-8")
    assert "outdated" in (site / "en" / "status" / "index.html").read_text(encoding="utf-8")

    confirmed = _reportgen(built_scratch, "confirm", "docs/en/nanjing.md")
    assert confirmed.returncode == 0, confirmed.stdout + confirmed.stderr
    state = translations.page_state(paths, "nanjing.md")
    assert state.state == "current"
    front = translations.front_matter((paths.lang_docs("en") / "nanjing.md").read_text(encoding="utf-8"))
    assert front["translates"] == translations.digest(zh.read_text(encoding="utf-8")) == state.expected
    assert front["description"]  # the rest of the front matter is kept


def test_data_string_drift_detected_and_cleared(scratch: Path) -> None:
    paths = Paths(scratch)
    key = "indicators[sz-datasets].label"
    states = {d.key: d.state for d in translations.data_states(paths, load_dataset(paths.data))}
    assert states[key] == "current"

    indicators = paths.data / "indicators.yaml"
    text = indicators.read_text(encoding="utf-8")
    old_zh = load_dataset(paths.data)
    label = next(i for i in old_zh.indicators if i.id == "sz-datasets").label["zh"]
    assert text.count(f"zh: {label}\n") == 1
    indicators.write_text(text.replace(f"zh: {label}\n", f"zh: {label}（修订）\n"), encoding="utf-8")

    states = {d.key: d.state for d in translations.data_states(paths, load_dataset(paths.data))}
    assert states[key] == "outdated"
    assert sum(s != "current" for s in states.values()) == 1
    listing = _reportgen(scratch, "translations")
    assert f"outdated  {key}" in listing.stdout

    confirmed = _reportgen(scratch, "confirm", key)
    assert confirmed.returncode == 0, confirmed.stdout + confirmed.stderr
    states = {d.key: d.state for d in translations.data_states(paths, load_dataset(paths.data))}
    assert states[key] == "current"
    lock = json.loads(translations.lock_path(paths).read_text(encoding="utf-8"))["languages"]["en"]
    assert lock[key] == translations.digest(f"{label}（修订）")


def test_data_keys_use_ids_not_positions() -> None:
    dataset = load_dataset(PATHS.data)
    keys = translations.data_texts(dataset)
    assert "indicators[sz-datasets].label" in keys
    assert any(k.startswith("lists[sz-eight-actions].items[") and k.endswith("].name") for k in keys)
    assert "glossary[jiebang-guashuai].term" in keys
    reordered = dataset.model_copy(update={"indicators": list(reversed(dataset.indicators))})
    assert set(translations.data_texts(reordered)) == set(keys)


def test_missing_english_page_and_unconfirmed_strings(tmp_path: Path) -> None:
    paths = Paths(tmp_path)
    (tmp_path / "docs" / "zh").mkdir(parents=True)
    (tmp_path / "docs" / "en").mkdir(parents=True)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "site.yaml").write_text((PATHS.data / "site.yaml").read_text(encoding="utf-8"), encoding="utf-8")  # its languages
    (tmp_path / "docs" / "zh" / "a.md").write_text("# 甲\n", encoding="utf-8")
    (tmp_path / "docs" / "zh" / "b.md").write_text("# 乙\n", encoding="utf-8")
    (tmp_path / "docs" / "en" / "b.md").write_text("# B\n", encoding="utf-8")
    assert [(p.page, p.state) for p in translations.page_states(paths)] == [("a.md", "missing"), ("b.md", "missing")]
    translations.confirm_page(paths, "docs/en/b.md")
    assert (tmp_path / "docs" / "en" / "b.md").read_text(encoding="utf-8").startswith('---\ntranslates: "')
    assert translations.page_state(paths, "b.md").state == "current"
    dataset = load_dataset(PATHS.data)
    assert {d.state for d in translations.data_states(paths, dataset)} == {"missing"}


@pytest.mark.parametrize("prefix", ["", "zh-Hant/", "en/"])
def test_status_page_in_every_language(built_site, prefix: str) -> None:
    html = (built_site.site / prefix / "status" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r"<table[\s>]", html)) >= 2  # pages, then data strings
    words = {"": ["最新", "数据字符串"], "zh-Hant/": ["最新", "數據字符串"], "en/": ["current", "Data strings"]}[prefix]
    for word in words:
        assert word in html
    assert "indicators" in html


def test_glossary_used_consistently_in_real_content() -> None:
    problems = translations.glossary_problems(PATHS, load_dataset(PATHS.data))
    assert not problems, "\n".join(problems)


def test_glossary_check_flags_other_renderings(tmp_path: Path) -> None:
    dataset = load_dataset(PATHS.data)
    paths = Paths(tmp_path)
    for lang in ("zh", "en"):
        (tmp_path / "docs" / lang).mkdir(parents=True)
    (tmp_path / "docs" / "zh" / "x.md").write_text("苏州推进新型工业化，用好算力券。\n", encoding="utf-8")
    (tmp_path / "docs" / "en" / "x.md").write_text('Suzhou pushes new industrialisation with {{ term("suanli-quan") }}s.\n', encoding="utf-8")
    assert translations.glossary_problems(paths, dataset) == []
    (tmp_path / "docs" / "en" / "x.md").write_text("Suzhou pushes new-type industrialization with compute coupons.\n", encoding="utf-8")
    problems = translations.glossary_problems(paths, dataset)
    assert len(problems) == 2 and all(p.startswith("docs/en/x.md") for p in problems)
    assert any("算力券" in p for p in problems) and any("新型工业化" in p for p in problems)


# zh-Hant: every proper name in the report, as source 001 spells it where it does, else standard Traditional.
PROPER_NAMES = {
    "宁科荟": "寧科薈",  # source 001
    "苏博特新材料股份有限公司": "蘇博特新材料股份有限公司",
    "紫金山实验室": "紫金山實驗室",  # source 001
    "紫金山国际科创基金街区": "紫金山國際科創基金街區",  # source 001
    "周红波": "周紅波",  # source 001
    "南京市委书记": "南京市委書記",  # source 001
    "在会上发布“求贤帖”": "在會上發布“求賢帖”",  # 發布 as in source 001
    "何友": "何友",
    "沈抖": "沈抖",
    # 群, Taiwan's standard form (OpenCC s2tw), not OpenCC's own 羣.
    "百度集团执行副总裁、百度智能云事业群总裁": "百度集團執行副總裁、百度智能雲事業群總裁",
    "常宝": "常寶",
    "西太湖人工智能产业技术研究院": "西太湖人工智能產業技術研究院",
    "中国人工智能学会西太湖创新基地": "中國人工智能學會西太湖創新基地",
    # 硅 is itself a Traditional character (矽 is Taiwan's word, not a conversion); s2t keeps it.
    "中科硅纪南京机器人有限公司": "中科硅紀南京機器人有限公司",
    "常州硅基智能OPC社区": "常州硅基智能OPC社區",
    "国家制造业单项冠军企业": "國家製造業單項冠軍企業",
    "南京制造业“新百亿”“新五十亿”企业名单": "南京製造業“新百億”“新五十億”企業名單",
    "南京大学": "南京大學",
    "东南大学": "東南大學",
    "南京航空航天大学": "南京航空航天大學",
    "南京理工大学": "南京理工大學",
    "南京鼓楼医院": "南京鼓樓醫院",
    "南京钢铁股份有限公司": "南京鋼鐵股份有限公司",
    "江苏省产业技术研究院南京事务部": "江蘇省產業技術研究院南京事務部",
    "国家第三代半导体技术创新中心（南京）": "國家第三代半導體技術創新中心（南京）",
    "常州国创决策智能技术研究所": "常州國創決策智能技術研究所",
    "理想工业智能科技（江苏）有限公司": "理想工業智能科技（江蘇）有限公司",
    "连山多智能体协作Agent": "連山多智能體協作Agent",
    "高德时空智能体": "高德時空智能體",
    "卓驭智能辅助驾驶智能体": "卓馭智能輔助駕駛智能體",
    "中国工程院": "中國工程院",
    "中国移动（常州）OPC社区": "中國移動（常州）OPC社區",
    "模态空间": "模態空間",
    "苏州日报": "蘇州日報",
    "现代快报/现代+": "現代快報/現代+",
    "创客公社产研组": "創客公社產研組",  # source 001
    "网易号": "網易號",
    "史童歌、刘赞、顾闻": "史童歌、劉贊、顧聞",
    "高达": "高達",
    "葛小林": "葛小林",
    "宁科贷": "寧科貸",  # source 001
    "南京市贯通式科技成果转化平台": "南京市貫通式科技成果轉化平臺",
    "苏州市公共算力服务平台": "蘇州市公共算力服務平臺",
    "中国常州城市可信数据空间": "中國常州城市可信數據空間",
}


@pytest.fixture(scope="module")
def to_traditional() -> HantConverter:
    """The report's converter (data/site.yaml's profile and phrases), loaded once for the names below."""
    site = load_dataset(PATHS.data).site
    return HantConverter(site.opencc_profile, site.opencc_phrases)


@pytest.mark.parametrize(("simplified", "traditional"), PROPER_NAMES.items())
def test_proper_names_in_traditional(to_traditional: HantConverter, simplified: str, traditional: str) -> None:
    assert to_traditional(simplified) == traditional


def test_opencc_exceptions_live_in_site_yaml_only() -> None:
    """One dictionary: no second phrase file beside data/site.yaml."""
    assert not PATHS.phrases.exists()
    assert not list((ROOT / "data").glob("*opencc*"))


def test_proper_names_are_in_the_data() -> None:
    """The list above names what the report really says (a renamed entity updates the test)."""
    dataset = load_dataset(PATHS.data)
    corpus = "\n".join(text["zh"] for text in translations.data_texts(dataset).values())
    corpus += "\n".join(p.read_text(encoding="utf-8") for p in PATHS.lang_docs("zh").glob("*.md"))
    missing = [name for name in PROPER_NAMES if name not in corpus]
    assert not missing, missing


def test_confirm_requires_a_target(tmp_path: Path) -> None:
    assert translations.run_confirm(Paths(tmp_path), load_dataset(PATHS.data), []) == 2
    assert not translations.lock_path(Paths(tmp_path)).exists()
