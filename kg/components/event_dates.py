"""When a claimed event happened, from the date phrases of its sentence.

Not a component: the relation extractor's date rule.  :func:`resolve_date_phrase`
resolves a phrase of the text ("on Wednesday", "in June last year") against the
article's date; the article's own date is read from its record by ``kg.ingest``.

>>> from kg.lexicons import load_lexicon
>>> words = load_lexicon().words
>>> resolve_date_phrase("Wednesday", dt.date(2025, 6, 5), words)
'2025-06-04'
>>> resolve_date_phrase("June last year", dt.date(2025, 6, 5), words)
'2024-06'
>>> resolve_date_phrase("2013", None, words)
'2013'
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from spacy.tokens import Span, Token

from ..lexicons import Words
from .syntax import ancestors

__all__ = ["event_date", "resolve_date_phrase"]

WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}


def event_date(trigger: Token, article_date: dt.date | None, words: Words) -> str | None:
    """The date the text gives the event ("on Wednesday", "in June last year"), else None."""
    chain = set(ancestors(trigger))
    for ent in _ents_in(trigger.sent):
        if ent.label_ != "DATE":
            continue
        head = ent.root.head
        attached = ent.root.head in chain or (head.dep_ == "prep" and head.head in chain) or ent.root in chain
        if not attached:
            continue
        value = resolve_date_phrase(ent.text, article_date, words)
        if value:
            return value
    return None


def resolve_date_phrase(text: str, ref: dt.date | None, words: Words) -> str | None:
    """Resolve a date phrase of the text against the article date ``ref``: ISO date, YYYY-MM or YYYY."""
    t = text.lower().strip()
    if m := re.fullmatch(r"(?:early |late |mid-?)?(\d{4})", t):
        return m.group(1)
    if ref is None:
        m = re.search(r"(" + "|".join(MONTHS) + r")\s+(\d{1,2}),?\s+(\d{4})", t)
        return f"{int(m.group(3)):04d}-{MONTHS[m.group(1)]:02d}-{int(m.group(2)):02d}" if m else None
    for day, idx in WEEKDAYS.items():
        if re.fullmatch(rf"(?:last |this |on )?{day}", t):
            back = (ref.weekday() - idx) % 7
            return (ref - dt.timedelta(days=back)).isoformat()
    if t in words.relative_days:
        return (ref + dt.timedelta(days=words.relative_days[t])).isoformat()
    m = re.fullmatch(
        r"(?:in |early |late |mid-?)?(" + "|".join(MONTHS) + r")(?:\s+(\d{1,2}))?(?:,?\s+(\d{4}))?(\s+last year)?", t
    )
    if m:
        month = MONTHS[m.group(1)]
        year = int(m.group(3)) if m.group(3) else ref.year - (1 if m.group(4) else 0)
        if not m.group(3) and not m.group(4) and month > ref.month:
            year -= 1
        if m.group(2):
            try:
                return dt.date(year, month, int(m.group(2))).isoformat()
            except ValueError:
                return None
        return f"{year:04d}-{month:02d}"
    if t in words.relative_years:
        return f"{ref.year + words.relative_years[t]:04d}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t):
        return t
    return None


def _ents_in(span: Span) -> list[Span]:
    """The entities wholly inside ``span``, from its own tokens (``Span.ents`` walks every entity of the doc)."""
    doc, out, i = span.doc, [], span.start
    while i < span.end:
        j = i + 1
        if doc[i].ent_iob == 3:  # B
            while j < len(doc) and doc[j].ent_iob == 1:  # I
                j += 1
            if j <= span.end:
                out.append(Span(doc, i, j, label=doc[i].ent_type))
        i = j
    return out
