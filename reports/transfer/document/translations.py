"""A document's ``translations``: the report's text in the other languages, keyed by
language code, each laid out like the English it translates (the n-th section's heading
and body, the n-th contents entry …), plus whether it is published.

    "translations": {"ja": {"published": true, "title": "…", "summary": "…",
        "sections": [{"heading": "…", "body": "…"}], "toc": ["…"],
        "faqs": [{"question": "…", "answer": "…"}], "players": ["blurb …"],
        "licences": {"single": "…"}}}

A document states the report whole: a language it does not carry has no text after the
import. A language marked published must translate every text that has English, or the
record is refused naming what is missing (it would otherwise publish English under a
Japanese address).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from reports.models import translation_language_choices

from .reader import Errors, Reader, join_path


@dataclass(frozen=True)
class TranslationDoc:
    language: str
    published: bool = False
    title: str = ""
    headline: str = ""
    summary: str = ""
    sections: list[dict] = field(default_factory=list)
    toc: list[str] = field(default_factory=list)
    faqs: list[dict] = field(default_factory=list)
    players: list[str] = field(default_factory=list)
    licences: dict[str, str] = field(default_factory=dict)


def translation_codes() -> list[str]:
    """Every shipped language a document may carry text in (``ReportLanguage``'s)."""
    return [code for code, _name in translation_language_choices()]


def names_validate(r: Reader, data: dict, path: str, *, max_length: int) -> tuple:
    """``names``: a catalogue name (a segment's, a dimension's) per language, as sorted
    (language, name) pairs (hashable: dimensions key the importer's caches)."""
    raw = data.get("names")
    if raw is None:
        return ()
    p = join_path(path, "names")
    if r.obj(raw, p) is None:
        return ()
    names = []
    for code in raw:
        if code not in translation_codes():
            r.e.add(join_path(p, code), f'"{code}" is not a translation language.')
            continue
        name = r.text(raw, code, p, max_length=max_length)
        if name:
            names.append((code, name))
    return tuple(sorted(names))


def _texts(
    r: Reader, data: dict, key: str, path: str, count: int, noun: str, fields, max_length=None
) -> list:
    """The list ``key`` of ``data``: texts (``fields`` None) or objects of ``fields``
    ((name, max length) pairs), no longer than the ``count`` English ones."""
    items = r.items(data, key, path)
    if len(items) > count:
        r.e.add(join_path(path, key), f"{len(items)} items, but the report has {count} {noun}.")
        return []
    out = []
    for i, item in enumerate(items):
        p = join_path(join_path(path, key), i)
        if fields is None:
            out.append(r.text({key: item}, key, p, max_length=max_length) if item else "")
            continue
        if r.obj(item, p) is None:
            out.append({name: "" for name, _ in fields})
            continue
        out.append(
            {name: r.text(item, name, p, max_length=length) or "" for name, length in fields}
        )
    return out


def translations_validate(
    r: Reader,
    e: Errors,
    data: dict,
    *,
    english: dict,
) -> dict[str, TranslationDoc]:
    """The document's translations. ``english`` holds what they translate: ``title``,
    ``headline``, ``summary``, ``sections`` and ``faqs`` (dicts), ``toc`` (dicts),
    ``players`` (blurbs) and ``licences`` (tier → description)."""
    raw = data.get("translations")
    if raw is None or r.obj(raw, "translations") is None:
        return {}
    found = {}
    for code, item in raw.items():
        path = join_path("translations", code)
        if code not in translation_codes():
            e.add(path, f'"{code}" is not a translation language.')
            continue
        if r.obj(item, path) is None:
            continue
        licences = item.get("licences") or {}
        if r.obj(licences, join_path(path, "licences")) is None:
            licences = {}
        unknown = set(licences) - set(english["licences"])
        if unknown:
            e.add(join_path(path, "licences"), f"No licence of tier {', '.join(sorted(unknown))}.")
        doc = TranslationDoc(
            language=code,
            published=r.boolean(item, "published", path),
            title=r.text(item, "title", path, max_length=200) or "",
            headline=r.text(item, "headline", path, max_length=400) or "",
            summary=r.text(item, "summary", path, max_length=400) or "",
            sections=_texts(
                r,
                item,
                "sections",
                path,
                len(english["sections"]),
                "sections",
                (("heading", 200), ("body", None)),
            ),
            toc=_texts(r, item, "toc", path, len(english["toc"]), "contents entries", None, 300),
            faqs=_texts(
                r,
                item,
                "faqs",
                path,
                len(english["faqs"]),
                "FAQs",
                (("question", 300), ("answer", None)),
            ),
            players=_texts(r, item, "players", path, len(english["players"]), "key players", None),
            licences={
                tier: r.text(licences, tier, join_path(path, "licences")) or ""
                for tier in english["licences"]
            },
        )
        missing = translation_missing(doc, english)
        if doc.published and missing:
            e.add(
                join_path(path, "published"),
                f"{settings.ALL_LANGUAGES[code]} cannot be published: {len(missing)} text(s) "
                f"are not translated ({', '.join(missing[:10])}).",
            )
        found[code] = doc
    return found


def translation_missing(doc: TranslationDoc, english: dict) -> list[str]:
    """The texts with English that ``doc`` leaves empty, named as staff see them."""
    pairs = [
        ("title", english["title"], doc.title),
        ("headline", english["headline"], doc.headline),
        ("summary", english["summary"], doc.summary),
    ]

    def at(items: list, i: int, key: str | None) -> str:
        if i >= len(items):
            return ""
        return items[i] if key is None else items[i].get(key, "")

    for i, section in enumerate(english["sections"]):
        for key in ("heading", "body"):
            pairs.append((f"Section {i + 1}: {key}", section[key], at(doc.sections, i, key)))
    for i, entry in enumerate(english["toc"]):
        pairs.append((f"Contents entry {i + 1}: title", entry["title"], at(doc.toc, i, None)))
    for i, faq in enumerate(english["faqs"]):
        for key in ("question", "answer"):
            pairs.append((f"FAQ {i + 1}: {key}", faq[key], at(doc.faqs, i, key)))
    for i, blurb in enumerate(english["players"]):
        pairs.append((f"Key player {i + 1}: blurb", blurb, at(doc.players, i, None)))
    for tier, description in english["licences"].items():
        pairs.append((f"Licence {tier}: description", description, doc.licences.get(tier, "")))
    return [label for label, source, text in pairs if source.strip() and not text.strip()]
