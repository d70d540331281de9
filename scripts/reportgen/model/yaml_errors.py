"""YAML syntax errors told in plain words, at the line where the problem starts.

libyaml reports where it gave up ("expected <block end>, but found '?'"), which is often
lines after the mistake and in the parser's own terms. The usual mistakes are recognised
here and named where they begin; the parser's words follow in brackets.
"""

from __future__ import annotations

import re

import yaml

# libyaml's safe loader where PyYAML was built with it (several times faster), else the pure-Python one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _runaway_quote(text: str, before_line: int) -> yaml.Mark | None:
    """The start of a quoted text that runs past the end of its line, before `before_line`:
    a missing closing quote makes the parser swallow the lines that follow."""
    try:
        for token in yaml.scan(text, Loader=SAFE_LOADER):
            if token.start_mark.line > before_line:
                return None
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") and token.end_mark.line > token.start_mark.line:
                return token.start_mark
    except yaml.MarkedYAMLError as err:
        # The scanner stops inside the quoted text itself when no closing quote follows at all.
        if err.context and "quoted scalar" in err.context and err.context_mark is not None:
            return err.context_mark
    return None


def _indentation(err: yaml.MarkedYAMLError, text: str) -> str | None:
    """A line whose indentation matches no open block."""
    problem = err.problem or ""
    if (
        not (problem.startswith("expected <block end>") or problem.startswith("did not find expected key") or problem.startswith("did not find expected '-'"))
        or err.context_mark is None
    ):
        return None
    what = "list" if "collection" in (err.context or "") else "mapping"
    block, found = err.context_mark, err.problem_mark
    column = block.column + 1
    if found.column < block.column:
        return f"this line is indented less than the {what} it belongs to (which starts at {block.line + 1}:{column}); line it up with column {column}"
    above = [line for line in text.splitlines()[block.line : found.line] if line.strip() and not line.lstrip().startswith("#")]
    indent = len(above[-1]) - len(above[-1].lstrip(" ")) + 1 if above else column
    return (
        f"this line is indented to column {found.column + 1}: less than the line above it (column {indent}), more than the "
        f"{what} it belongs to (which starts at {block.line + 1}:{column}); line it up with one of them"
    )


_PLAIN = (
    ("mapping values are not allowed", "a colon followed by a space starts a new key here; if the colon belongs to the text, put the whole text in quotes"),
    ("duplicate key", None),
)


_FLOW = {
    "expected ',' or ']'": "the [list] opened at {at} is not closed with ']', or an item in it holds a ':' (put that item in quotes)",
    "expected ',' or '}'": "the {{mapping}} opened at {at} is not closed with '}}', or a text in it holds a ',' or ':' (put that text in quotes)",
}


def explain(err: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """(line, col, message) for a YAML error: where the problem starts, in plain words,
    then the parser's detail."""
    mark = err.problem_mark or err.context_mark
    detail = " ".join(f"{err.problem or ''}; {err.context}".split()) if err.context else " ".join((err.problem or "invalid YAML").split())
    if "invalid Unicode character escape code" in detail:  # e.g. "\ud800": half of a pair, no character
        line = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
        escapes = [m for m in re.finditer(r"\\[uU][0-9A-Fa-f]{4,8}", line) if m.start() <= mark.column]
        col, got = (escapes[-1].start(), escapes[-1].group()) if escapes else (mark.column, "an escape")
        plain = f"{got} is not a character (half of a UTF-16 surrogate pair, or out of range); type the character itself"
        return mark.line + 1, col + 1, f"YAML syntax error: {plain} (parser: {detail})"
    if "tag:yaml.org,2002:merge" in detail:  # `<<: *anchor` would copy fields in unseen (and can multiply them)
        line = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
        col = line.find("<<") if "<<" in line else mark.column
        return mark.line + 1, col + 1, "YAML syntax error: a merge key (<<) is not allowed in data/; write the fields out where they are used"
    quote = _runaway_quote(text, mark.line)
    if quote is not None:
        plain = f"the quote opened at {quote.line + 1}:{quote.column + 1} is never closed on its line"
        return quote.line + 1, quote.column + 1, f"YAML syntax error: {plain} (parser: {detail} at {mark.line + 1}:{mark.column + 1})"
    if mark.index < len(text) and text[mark.index] == "\t":
        plain = "a tab character; YAML indents with spaces only"
        return mark.line + 1, mark.column + 1, f"YAML syntax error: {plain} (parser: {detail})"
    flow = _FLOW.get(next((k for k in _FLOW if k in detail), ""))
    if flow and err.context_mark is not None:
        start = err.context_mark
        plain = flow.format(at=f"{start.line + 1}:{start.column + 1}")
        return start.line + 1, start.column + 1, f"YAML syntax error: {plain} (parser: {detail} at {mark.line + 1}:{mark.column + 1})"
    plain = _indentation(err, text)
    for needle, words in _PLAIN:
        if plain is None and needle in detail:
            plain = words or err.problem
    if plain is None or plain == detail:
        return mark.line + 1, mark.column + 1, f"YAML syntax error: {detail}"
    return mark.line + 1, mark.column + 1, f"YAML syntax error: {plain} (parser: {detail})"
