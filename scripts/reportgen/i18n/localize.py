"""Per-language rendering of data: texts, numbers and indicator values.

Numbers go through Babel: compact Chinese units (万, 亿, 万亿) and English
million/billion/trillion. Traditional Chinese is the Simplified rendering passed
through OpenCC, so 4.89万亿元 becomes 4.89萬億元 (the mainland usage of source 001)
rather than Taiwan's 兆.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal, format_percent

from reportgen.i18n.hant import converter
from reportgen.i18n.words import section
from reportgen.languages import Language
from reportgen.model.dataset import Dataset
from reportgen.model.schema import Indicator, Text

_QUALIFIER = section("qualifier")
_PERIOD_WORDS = section("period")
_KIND = section("kind")
_PUNCTUATION = section("punctuation")
# Marks that travel with a value wherever it is shown: a forecast, and this report's reading.
_MARKS = section("marks")


def _is_exact(rendered: str, value: float) -> bool:
    """True when the compact rendering loses nothing (its mantissa times a power of ten is the value)."""
    digits = re.search(r"[\d.,]+", rendered)
    if not digits or value == 0:
        return True
    mantissa = Decimal(digits.group().replace(",", ""))
    if not mantissa:
        return False
    ratio = Decimal(repr(float(value))) / mantissa
    return ratio == 10 ** ratio.adjusted() and ratio.adjusted() >= 0


@functools.lru_cache(maxsize=4096)  # pages show the same values in three editions, build after build
def compact(value: float, locale: str, long: bool) -> str:
    """Shortest compact form that keeps every significant digit of the value."""
    kind = "long" if long else "short"
    for digits in range(4):
        text = format_compact_decimal(value, locale=locale, format_type=kind, fraction_digits=digits)
        if _is_exact(text, value):
            return text
    return format_decimal(value, locale=locale)


@dataclass(frozen=True)
class Localizer:
    """Everything language-dependent about turning data into words."""

    lang: Language
    dataset: Dataset

    @property
    def base(self) -> str:
        """The language whose words this one starts from: its own, or the one it is made from (languages.py)."""
        return self.lang.words

    @property
    def cjk(self) -> bool:
        return self.lang.script == "cjk"

    def hant(self, text: str) -> str:
        """`text` through OpenCC, as site.yaml's profile and phrases say."""
        site = self.dataset.site
        return converter(site.opencc_profile, tuple(sorted(site.opencc_phrases.items())))(text)

    def zh_script(self, text: str) -> str:
        """Text of the language this one is made from, in this language (OpenCC); as is for a language written by people."""
        return text if self.lang.written else self.hant(text)

    def text(self, text: Text | None) -> str:
        """A text of data/ in this language: its own, else made from the one it derives from."""
        if text is None:
            return ""
        own = text.get(self.lang.code)
        if own is not None:
            return own
        # Made from another: converted. A glossary term has no rendering in every language: the original's.
        return self.hant(text[self.base]) if not self.lang.written else self.original(text)

    def original(self, text: Text) -> str:
        """The text as the original language writes it, in this language's script (a glossary term cited as it is)."""
        if not self.lang.written and self.lang.code in text.root:
            return text[self.lang.code]  # an override of the conversion
        return self.zh_script(text[self.dataset.site.languages[0].code])

    def punct(self, key: str) -> str:
        """Punctuation of this language: separator, colon, enumeration, aside (words catalogue)."""
        return self.word(_PUNCTUATION, key)

    def quote_marks(self, text: str) -> str:
        """The marks around a quotation of `text` ('“{}”'): the nested form when the quoted words
        hold this language's own marks, so that they never read as closed early."""
        marks = self.punct("quote")
        return self.punct("quote_within") if any(mark in text for mark in marks.replace("{}", "")) else marks

    def word(self, table: dict, key: str) -> str:
        """A word of a catalogue section (words.section) in this language."""
        if self.lang.code in table and key in table[self.lang.code]:
            return table[self.lang.code][key]  # an exception to OpenCC, from zh-Hant.yaml
        return self.zh_script(table[self.base][key])

    def words(self, table: dict) -> dict[str, str]:
        """Every word of a catalogue section in this language."""
        return {key: self.word(table, key) for key in table[self.base]}

    def number(self, value: float, style: str = "counted") -> str:
        """The bare number in this locale, written in a unit's style (model/site.py's NumberStyle): compact
        (5000亿 / 500 billion), counted (Chinese writes ten thousand and more compact: 5万),
        digits, percentage."""
        locale = self.lang.babel
        if style == "percentage":
            return format_percent(value / 100, locale=locale)
        if style == "compact" or (style == "counted" and self.cjk and value >= 10_000):
            return self.zh_script(compact(value, locale, long=not self.cjk))
        return self.decimal(value)

    def decimal(self, value: float) -> str:
        """A plain number in this locale, grouped only from the language's minimum grouping digits on."""
        return format_decimal(value, locale=self.lang.babel, group_separator=abs(value) >= 10 ** (2 + self.lang.grouping))

    def unit(self, ind: Indicator):
        """The indicator's unit as the report declares it (site.yaml's units)."""
        return self.dataset.site.units[ind.unit]

    def value(self, ind: Indicator) -> str:
        """Value with unit, qualifier and the marks that travel with it, e.g. 超5000项 / over 5,000
        achievements / 预计超1万亿元 / over CNY 1 trillion (estimate)."""
        unit = self.unit(ind)
        written = unit.written[self.base]  # the words it starts from: converted once, at the end
        counter = ind.counter[self.base] if ind.counter else ""
        core = written.format(number=self.number(ind.value, unit.numbers), counter=counter).strip()
        text = _QUALIFIER[self.base][ind.qualifier].format(core)
        if ind.kind == "estimate":
            text = _MARKS[self.base]["estimate"].format(text)
        if ind.interpretation is not None and ind.interpretation_of == "value":
            text = _MARKS[self.base]["interpretation"].format(text)
        return self.zh_script(text)

    def when(self, ind: Indicator) -> str:
        """An indicator's period, marked as this report's reading where that is what it reads."""
        text = self.period(ind.period)
        if ind.interpretation is not None and ind.interpretation_of == "period":
            return self.zh_script(_MARKS[self.base]["interpretation"].format(text))
        return text

    def period(self, period: str) -> str:
        """'2026-2030 (annual)' -> 2026—2030年（每年） / 2026–2030 (a year)."""
        match = re.fullmatch(r"(\d{4})(?:-(\d{4}))?( \(annual\))?", period)
        if not match:
            return self.word(_PERIOD_WORDS, period)
        start, end, annual = match.groups()
        words = _PERIOD_WORDS[self.base]
        text = words["years"].format(start, end) if end else words["year"].format(start)
        return self.zh_script(words["rate"].format(text, words["annual"]) if annual else text)

    def date(self, value) -> str:
        """Long date in this language's date locale: 2026年1月4日 / 4 January 2026."""
        return self.zh_script(format_date(value, format="long", locale=self.lang.dates or self.lang.babel))

    def kind(self, kind: str) -> str:
        return self.word(_KIND, kind)


def localizer(code: str, dataset: Dataset) -> Localizer:
    return Localizer(next(lang for lang in dataset.site.languages if lang.code == code), dataset)
