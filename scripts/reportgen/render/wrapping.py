"""Line breaks for figure text that never split a word: Chinese is cut between words
(jieba's segmentation, taught the report's own terms), never inside a short quoted term;
English between words and at hyphens."""

from __future__ import annotations

import re
import textwrap
from functools import cache


@cache
def segmenter():
    """jieba, loaded on first use (its dictionary takes a moment) and silenced.

    jieba reads its dictionary cache with `marshal.load(file)`, which reads the file one
    object at a time: 1.3 s here, against 0.6 s for `marshal.loads` on the whole file, the
    same objects. Every process that wraps Chinese pays this, so jieba is given the second."""
    import logging
    import marshal
    import types

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.marshal = types.SimpleNamespace(load=lambda file: marshal.loads(file.read()), dump=marshal.dump)
    jieba.initialize()
    return jieba


_QUOTED = re.compile(r"“[^”]{1,10}”|《[^》]{1,12}》")


@cache
def _taught(terms: tuple[str, ...]):
    """jieba, taught the report's terms once (not on every label)."""
    jieba = segmenter()
    for term in terms:
        jieba.add_word(term)
    return jieba


def _cjk_words(text: str, terms: tuple[str, ...], after_number: str) -> list[str]:
    """Words of `text`; a short quoted term (“甲+乙”) or a term of the report stays whole."""
    jieba = _taught(terms)
    tokens: list[str] = []
    for piece in re.split(f"({_QUOTED.pattern})", text):
        tokens += [piece] if _QUOTED.fullmatch(piece) else jieba.lcut(piece)
    return _merge_punctuation(tokens, after_number)


_CLOSING, _OPENING = "，。、；：）》」』”！？)", "（《「『“("
# Chinese words a number keeps on its line; a report's units add theirs (wrap_words' after_number).
_AFTER_NUMBER, _BEFORE_NUMBER = "年月日号個个家项項人亿億万萬%倍", "超第"


def _joins(previous: str, word: str, after_number: str) -> bool:
    """Whether `word` belongs on the line of `previous`: closing punctuation with the word
    before it, opening punctuation with the word after it, a number with its unit (2025年, 超300)."""
    return (
        (len(word) == 1 and word in _CLOSING)
        or (len(previous) == 1 and previous in _OPENING)
        or (previous[-1:].isdigit() and word[:1] in _AFTER_NUMBER + after_number)
        or (word[:1].isdigit() and previous[-1:] in _BEFORE_NUMBER)
    )


def _merge_punctuation(tokens: list[str], after_number: str) -> list[str]:
    words: list[str] = []
    for word in tokens:
        if words and _joins(words[-1], word, after_number):
            words[-1] += word
        else:
            words.append(word)
    return words


def wrap_words(text: str, width: int, cjk: bool, terms: tuple[str, ...] = (), after_number: str = "") -> str:
    """`text` broken into lines of at most about `width` characters, only between words
    (a word longer than a line keeps its own line; a number keeps the characters of
    `after_number`, a report's units, on its line)."""
    if len(text) <= width:
        return text
    if not cjk:
        return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=True))
    lines, line = [], ""
    for word in _cjk_words(text, terms, after_number):
        if line and len(line) + len(word.rstrip()) > width:
            lines.append(line.rstrip())
            line = word.lstrip()
        else:
            line += word
    lines.append(line.rstrip())
    return "\n".join(lines)
