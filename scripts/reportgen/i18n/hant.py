"""Simplified -> Traditional Chinese with OpenCC, plus the project's phrase dictionary.

OpenCC converts character by character and phrase by phrase; proper names it gets
wrong are listed in data/site.yaml (`opencc_phrases`) and protected here: the text
is split on those phrases, the rest goes through OpenCC, the phrases are replaced
by their fixed Traditional form.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc


class HantConverter:
    def __init__(self, profile: str = "s2t", phrases: dict[str, str] | None = None):
        self._opencc = opencc.OpenCC(f"{profile}.json" if not profile.endswith(".json") else profile)
        self._phrases = dict(phrases or {})
        longest_first = sorted(self._phrases, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, longest_first))) if longest_first else None

    def __call__(self, text: str) -> str:
        if not self._pattern:
            return self._opencc.convert(text)
        out, last = [], 0
        for match in self._pattern.finditer(text):
            out.append(self._opencc.convert(text[last : match.start()]))
            out.append(self._phrases[match.group()])
            last = match.end()
        out.append(self._opencc.convert(text[last:]))
        return "".join(out)


@lru_cache(maxsize=8)
def converter(profile: str, phrases: tuple[tuple[str, str], ...]) -> HantConverter:
    return HantConverter(profile, dict(phrases))
