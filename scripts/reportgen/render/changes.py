"""The Changes page and the Atom feeds: what changed between editions (query/history), in each
language, old → new with its reason. Nothing here is written by hand: an edition's entry is its
date, its summary and the changes computed from the data at its tag and the tag before."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from markupsafe import Markup

from reportgen.i18n.localize import Localizer
from reportgen.i18n.words import section
from reportgen.model.schema import PLACEHOLDER, Text
from reportgen.query.history import VALUE_FIELDS, Change, EditionChanges, History, fields, history, top
from reportgen.render.safe import md

_WORDS = section("changes")
_FIELDS = section("changed_fields")
ATOM = "http://www.w3.org/2005/Atom"


def edition_anchor(edition) -> str:
    return f"edition-{edition.date.isoformat()}"


def change_anchor(edition, change: Change) -> str:
    """The id of a change's heading on the Changes page (revised marks link to it)."""
    return f"change-{edition.date.isoformat()}-{change.anchor}"


def _name(entry: Any, loc: Localizer) -> str:
    for attribute in ("label", "name", "title", "term", "statement"):
        text = getattr(entry, attribute, None)
        if isinstance(text, Text):
            return loc.text(text)
    if isinstance(getattr(entry, "term_text", None), Text):  # a glossary term is its own name
        return loc.text(entry.term_text)
    return ""


def _shown(value: Any, loc: Localizer) -> str:
    if isinstance(value, list):
        value = loc.punct("enumeration").join(map(str, value))
    return loc.word(_WORDS, "none_value") if value is None or value == "" else str(value)


def _field(key: str, loc: Localizer) -> str:
    """A changed field as readers call it ('Name'), the data's own key beside it when it is nested."""
    word = loc.words(_FIELDS).get(top(key))
    if word is None:
        return f"`{key}`"
    return md(word) if key == top(key) else f"{md(word)} (`{key}`)"


def _field_lines(change: Change, loc: Localizer) -> list[str]:
    """Each changed field once, in this language: texts in {zh, en} show this language's form."""
    w, arrow = (lambda key: loc.word(_WORDS, key)), loc.word(_WORDS, "arrow")
    lines = []
    if change.value_changed:
        lines.append(f"- {md(w('value'))}{loc.punct('colon')}{md(loc.value(change.before))}{arrow}{md(loc.value(change.after))}")
    seen: set[str] = set()
    for key, _, _ in change.fields:
        if change.value_changed and top(key) in VALUE_FIELDS:
            continue
        parent, _, last = key.rpartition(".")
        if last in {lang.code for lang in loc.dataset.site.languages} and parent:  # a text field's keys: label.zh, label.en…
            if parent in seen:
                continue
            seen.add(parent)
            was, now = (_in_language(change, side, parent, loc) for side in ("before", "after"))
            if was == now:
                continue  # changed in another language only: this edition's reader sees no change
            label = parent
        else:
            was, now, label = _pair(change, key)
        lines.append(f"- {_field(label, loc)}{loc.punct('colon')}{md(_shown(was, loc))}{arrow}{md(_shown(now, loc))}")
    return lines


def _pair(change: Change, key: str) -> tuple[Any, Any, str]:
    for k, was, now in change.fields:
        if k == key:
            return was, now, key
    return None, None, key


def _in_language(change: Change, side: str, parent: str, loc: Localizer) -> str | None:
    """The text at `parent` ('label', 'cite[0].reason') of one side, in this language."""
    entry = getattr(change, side)
    flat = fields(entry) if entry is not None else {}
    texts = {key.removeprefix(f"{parent}."): value for key, value in flat.items() if key.startswith(f"{parent}.") and "." not in key.removeprefix(f"{parent}.")}
    return loc.text(Text.model_construct(texts)) if texts else None


def _change_markdown(edition_changes: EditionChanges, change: Change, loc: Localizer) -> list[str]:
    w = lambda key: loc.word(_WORDS, key)  # noqa: E731
    entry = change.after or change.before
    name = _name(entry, loc)
    title = f"{w(change.collection)}{loc.punct('colon') + md(name) if name else ''} `{change.id}` · {w(change.kind)}"
    lines = [f"### {title} {{ #{change_anchor(edition_changes.edition, change)} }}", ""]
    lines += _field_lines(change, loc)
    if change.reason is not None:  # the others share the edition's reason, said once above them
        lines += ["", f"{w('reason')}{loc.punct('colon')}{md(loc.text(change.reason))}"]
    return [*lines, ""]


def _files(item: EditionChanges, loc: Localizer, root_up: str, pdf: bool) -> str:
    """Links to the edition's files at /editions/<date>/<lang>/ (raw HTML: they are not pages)."""
    folder = f"{root_up}editions/{item.edition.date.isoformat()}/{loc.lang.code}/"
    links = [f'<a href="{folder}datapackage.json">{md(loc.word(_WORDS, "package"))}</a>']
    if pdf:
        links.append(f'<a href="{folder}report-{loc.lang.code}.pdf" type="application/pdf">PDF</a>')
    return loc.word(_WORDS, "files").format(loc.punct("separator").join(links))


def changes_markdown(history: History, loc: Localizer, archived: set = frozenset(), root_up: str = "", pdfs: set = frozenset()) -> Markup:
    """The body of the Changes page: newest edition first, each with its changes and reasons, and
    links to the `archived` editions' files (`root_up`: from the page's address to the site root;
    `pdfs`: the earlier editions whose PDF the build keeps)."""
    w = lambda key: loc.word(_WORDS, key)  # noqa: E731
    lines = [f"*{w('no_history')}*", ""] if history.missing else []
    for index, item in enumerate(history.editions):
        heading = w("edition").format(loc.date(item.edition.date))
        lines += [f"## {md(heading)} {{ #{edition_anchor(item.edition)} }}", "", md(loc.text(item.edition.summary)), ""]
        if item.edition.date in archived:
            lines += [_files(item, loc, root_up, pdf=index == 0 or item.edition.date in pdfs), ""]
        if item.first:
            lines += [w("first"), ""]
        elif not history.missing:
            lines += [w("count").format(len(item.changes)) if item.changes else w("none"), ""]
            if item.message and any(change.reason is None for change in item.changes):
                lines += [f"{md(w('shared_reason'))}{loc.punct('colon')}{md(item.message)}", ""]
            for change in item.changes:
                lines += _change_markdown(item, change, loc)
    return Markup("\n".join(lines))


def atom_feed(history: History, loc: Localizer, home: str, title: str, author: str) -> bytes:
    """An Atom 1.0 feed of the editions (newest first) and of each correction they made, each entry
    linking its place on the Changes page."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": loc.lang.code})
    w = lambda key: loc.word(_WORDS, key)  # noqa: E731

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
        return element

    latest = history.editions[0].edition.date.isoformat() if history.editions else "1970-01-01"
    sub(feed, "id", f"{home}feed.xml")
    sub(feed, "title", title)
    sub(feed, "updated", f"{latest}T00:00:00Z")
    sub(feed, "link", rel="self", href=f"{home}feed.xml", type="application/atom+xml")
    sub(feed, "link", rel="alternate", href=home, type="text/html")
    sub(sub(feed, "author"), "name", author)
    for item in history.editions:
        link = f"{home}changes/#{edition_anchor(item.edition)}"
        entry = sub(feed, "entry")
        sub(entry, "id", link)
        sub(entry, "title", w("edition").format(loc.date(item.edition.date)))
        sub(entry, "updated", f"{item.edition.date.isoformat()}T00:00:00Z")
        sub(entry, "link", rel="alternate", href=link, type="text/html")
        said = [loc.text(item.edition.summary)]
        if item.first:
            said.append(w("first"))
        elif not history.missing:
            said.append(w("count").format(len(item.changes)) if item.changes else w("none"))
            said += [f"{w(c.collection)} {c.id}: {w(c.kind)}" for c in item.changes]
        sub(entry, "content", "\n".join(said), type="text")
        for change in () if item.first or history.missing else item.changes:  # each correction, announced on its own
            link = f"{home}changes/#{change_anchor(item.edition, change)}"
            entry = sub(feed, "entry")
            sub(entry, "id", link)
            sub(entry, "title", f"{w(change.collection)} {change.id}: {w(change.kind)}")
            sub(entry, "updated", f"{item.edition.date.isoformat()}T00:00:00Z")
            sub(entry, "link", rel="alternate", href=link, type="text/html")
            reason = loc.text(change.reason) if change.reason is not None else item.message
            sub(entry, "content", f"{w('reason')}{loc.punct('colon')}{reason}" if reason else w(change.kind), type="text")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False) + b"\n"


def feeds(history: History, dataset, site_url: str, langs: list[str]) -> dict[str, bytes]:
    """feed.xml beside each language's home (the first of `langs` is the default, at the root)."""
    from reportgen.i18n.localize import localizer

    out = {}
    for lang in langs:
        folder = "" if lang == langs[0] else f"{lang}/"
        loc = localizer(lang, dataset)
        out[f"{folder}feed.xml"] = atom_feed(history, loc, f"{site_url.rstrip('/')}/{folder}", loc.text(dataset.site.title), loc.text(dataset.site.author))
    return out


def _shown_history(paths, dataset) -> History | None:
    """The build's history when the report shows it: editions declared and a Changes page written."""
    if not dataset.editions or not (paths.lang_docs(paths.default_lang) / "changes.md").exists():
        return None
    return history(paths.root, dataset)


def mark_revised(paths, dataset, loc: Localizer, markdown: str, up: str) -> str:
    """Each citation of a value changed since the previous edition (`[^id]`: in the text, a
    table's cell, a figure's Table view) followed by a small link to its entry on the Changes
    page (`up`: from the page to its language folder); nothing when the report has no such page."""
    past = _shown_history(paths, dataset)
    revised = past.revised() if past else {}
    if not revised:
        return markdown
    word, title = md(loc.word(_WORDS, "revised")), md(loc.word(_WORDS, "revised_title"))

    def mark(match: re.Match) -> str:
        change = revised[match.group(1)]
        return f'{match.group(0)} <sup>[{word}]({up}changes.md#{change_anchor(past.editions[0].edition, change)} "{title}")</sup>'

    ids = "|".join(re.escape(i) for i in sorted(revised, key=len, reverse=True))
    return re.sub(rf"\[\^({ids})\](?!:)", mark, markdown)


def removed_notes(paths, dataset, loc: Localizer, collection: str, up: str) -> list[tuple[int, Markup]]:
    """(place, note) for each record of `collection` removed in the latest edition: the note stands
    where the record stood, for one edition, and links to its entry on the Changes page."""
    past = _shown_history(paths, dataset)
    if past is None:
        return []
    notes = []
    old = {i.id: i for i in (past.editions[0].previous or {}).get("indicators") or []}
    for place, change in past.removed(collection):
        text = getattr(change.before, "text", None)
        said = loc.text(text) if text is not None else _name(change.before, loc) or change.id
        parts = re.split(PLACEHOLDER, said)
        said = "".join((loc.value(old[part]) if part in old else part) if n % 2 else part for n, part in enumerate(parts))
        link = f"[{md(loc.word(_WORDS, 'see'))}]({up}changes.md#{change_anchor(past.editions[0].edition, change)})"
        notes.append((place, Markup(loc.word(_WORDS, "removed_note").format(md(said), link))))
    return notes
