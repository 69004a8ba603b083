"""An article's layout: headline, dateline, headings, bullets, paragraphs and sign-off.

:func:`segment` cuts a text into :class:`~kg.records.Segment` records, one a line, and
reads what a dateline says.  Text wrapped at a fixed width (news wires of the 1980s, plain
text e-mail) has a line break inside every sentence; :func:`unwrap` turns those breaks into
spaces first, so that a paragraph is one line.  It replaces one character by one, so
every offset into the text stays what it was.

>>> para = "    Ministers of Ruritania and Belmonia signed\\na border treaty in Vienna on Monday\\n"
>>> para += "morning after talks.\\n"
>>> text = "Talks End\\n" + para * 2
>>> unwrap(text, skip_first=True).splitlines()[1]
'    Ministers of Ruritania and Belmonia signed a border treaty in Vienna on Monday morning after talks.'
>>> [s.kind for s in segment(unwrap(text, True), headline_first=True)[0]]
['headline', 'body', 'body']
"""

from __future__ import annotations

import calendar
import re
from typing import Any

from .records import Segment

__all__ = ["segment", "unwrap", "hard_wrapped", "first_line_runs_on", "DATELINE", "DATELINE_CAPS", "BULLET", "HEADINGS"]

MONTHS = [m.lower() for m in calendar.month_name if m]
_MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# "Seoul, June 5 (NationPress)" or "PARIS, Jan. 3, 2024 (AFP) -"
DATELINE = re.compile(
    rf"^(?P<place>[A-Z][\w.'’ -]{{1,40}}?),\s+(?P<month>{_MONTH_RE})\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?"
    r"\s*(?:\((?P<source>[^()\n]{2,40})\))?\s*[-–—:]*\s*"
)
# "WASHINGTON (Reuters) -"
DATELINE_CAPS = re.compile(r"^(?P<place>[A-Z][A-Z .'-]{2,30})\s*\((?P<source>[^()\n]{2,30})\)\s*[-–—:]+\s*")
# Wikinews: "Friday, January 4, 2019"
DAY_LINE = re.compile(
    r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+(?P<month>[A-Z][a-z]+)\s+(?P<day>\d{1,2}),\s+(?P<year>\d{4})\s*$"
)
BULLET = re.compile(r"^\s*(?:[-*•–·]|\d{1,2}[.)])\s+")
# The last lines of a wire story: the agency's sign-off ("REUTER", "Reuter") and markup
# left from the feed ("&#3;").
SIGNOFF = re.compile(r"^\s*(?:[A-Z][A-Za-z]{1,11}|&#?\w{1,8};)\s*$")
HEADINGS = {
    "synopsis",
    "key takeaways",
    "takeaways",
    "highlights",
    "summary",
    "background",
    "related",
    "key points",
    "in brief",
    "what to know",
}
# A paragraph starts at a line indented this much ("    The pact ends ...") or by a tab.
INDENT = re.compile(r"^(?: {2,}|\t)\S")
# Widths of the lines of a text wrapped at a fixed column, and the most a wrapped line holds.
WRAP_WIDTHS, WRAP_MAX = range(35, 81), 100
SENTENCE_END = tuple('.!?:;"”’)')


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(i for i, m in enumerate(MONTHS, 1) if m.startswith(name[:3]))


def _is_heading(line: str) -> bool:
    s = line.strip()
    if s.lower().rstrip(":") in HEADINGS:
        return True
    words = s.split()
    return 0 < len(words) <= 6 and s[-1] not in '.!?"”’:;,' and sum(w[:1].isupper() for w in words) == len(words)


def _signoff_from(lines: list[str]) -> int:
    """Index of the first of the trailing sign-off lines of ``lines`` (``len(lines)`` if none)."""
    at = len(lines)
    while at > 1 and (not lines[at - 1].strip() or SIGNOFF.match(lines[at - 1])):
        at -= 1
    while at < len(lines) and not lines[at].strip():
        at += 1
    return at


def _continues(line: str) -> bool:
    """Whether ``line`` may continue the paragraph of the line before it."""
    return bool(line.strip()) and not INDENT.match(line) and not BULLET.match(line)


def _wrapped_lines(lines: list[str], first: int, last: int) -> list[int]:
    """Indexes of the lines in ``lines[first:last]`` whose line break falls inside a paragraph."""
    return [i for i in range(first, last - 1) if lines[i].strip() and _continues(lines[i + 1])]


def hard_wrapped(text: str, skip_first: bool = False) -> bool:
    """Whether ``text`` is wrapped at a fixed width, a line break inside every sentence.

    It is when at least three lines run on into the next (a next line not blank, indented
    or a bullet), at least 80% of them are 35 to 80 characters wide, none is over 100, and
    at least half of them stop without a sentence's final punctuation.  ``skip_first``
    leaves the first line (a headline) out.

    >>> hard_wrapped("The ministers of Ruritania and Belmonia met\\non Monday in Vienna to sign the border\\n"
    ...              "treaty that their foreign ministries had\\nnegotiated for two years, officials said.\\n")
    True
    >>> hard_wrapped("Ruritania and Belmonia signed a border treaty.\\nThe pact ends a dispute of forty years.\\n"
    ...              "Officials of both states met in Vienna.\\nThe talks took two years to conclude.\\n")
    False
    """
    lines = text.split("\n")
    first = next((i for i, x in enumerate(lines) if x.strip()), 0) + (1 if skip_first else 0)
    runs = [lines[i].rstrip() for i in _wrapped_lines(lines, first, _signoff_from(lines))]
    if len(runs) < 3 or any(len(x) > WRAP_MAX for x in runs):
        return False
    fit = sum(len(x) in WRAP_WIDTHS for x in runs)
    open_end = sum(not x.endswith(SENTENCE_END) for x in runs)
    return fit >= 0.8 * len(runs) and open_end >= 0.5 * len(runs)


def first_line_runs_on(text: str) -> bool:
    """Whether the first line of a hard-wrapped ``text`` is the start of a paragraph, not a headline.

    It is when it runs on into the next line, is about as wide as the other wrapped lines,
    and is not in title case or capitals, as a headline would be.

    >>> first_line_runs_on("The foreign ministers of Ruritania and\\nBelmonia met in Vienna on Monday and the\\n"
    ...                    "two governments signed a border treaty in\\nthe old palace after a day of talks there.\\n")
    True
    >>> first_line_runs_on("Ruritania And Belmonia Sign Border Treaty\\nThe foreign ministers of Ruritania and\\n"
    ...                    "Belmonia met in Vienna on Monday and the\\ntwo governments signed a border treaty in\\n"
    ...                    "the old palace after a day of talks there.\\n")
    False
    """
    lines = text.split("\n")
    first = next((i for i, x in enumerate(lines) if x.strip()), 0)
    if not hard_wrapped(text) or first not in _wrapped_lines(lines, first, _signoff_from(lines)):
        return False
    line = lines[first].strip()
    words = [w for w in line.split() if w[:1].isalpha()]
    if line.isupper() or sum(w[:1].isupper() for w in words) > 0.6 * len(words):
        return False
    widths = sorted(len(lines[i].rstrip()) for i in _wrapped_lines(lines, first + 1, _signoff_from(lines)))
    return bool(widths) and len(line) >= 0.75 * widths[len(widths) // 2]


def unwrap(text: str, skip_first: bool = False) -> str:
    """``text`` with each line break inside a paragraph of a hard-wrapped text made a space.

    Nothing changes unless :func:`hard_wrapped` says so.  A blank line, an indented line or a
    bullet starts a new paragraph, and a trailing sign-off stays on its own line.  One
    character is replaced by one, so offsets stay valid.

    >>> unwrap("x")
    'x'
    """
    if not hard_wrapped(text, skip_first):
        return text
    lines = text.split("\n")
    first = next((i for i, x in enumerate(lines) if x.strip()), 0) + (1 if skip_first else 0)
    joined = set(_wrapped_lines(lines, first, _signoff_from(lines)))
    return "".join(x + (" " if i in joined else "\n") for i, x in enumerate(lines))[:-1]


def segment(text: str, headline_first: bool) -> tuple[tuple[Segment, ...], dict[str, Any]]:
    """Split ``text`` into segments, one a line, and read what its dateline says.

    Returns the segments and a dict with any ``place``, ``source``, ``date`` (a
    ``(year|None, month, day)`` tuple) found in a dateline.  The agency sign-off that
    ends a wire story is a ``signoff`` segment.

    >>> segs, found = segment("Talks Resume\\nThe two Koreas met in Panmunjom.\\n Reuter\\n&#3;", True)
    >>> [s.kind for s in segs]
    ['headline', 'body', 'signoff', 'signoff']
    """
    segs: list[Segment] = []
    found: dict[str, Any] = {}
    pos, first = 0, True
    raws = text.splitlines(keepends=True)
    signoff = _signoff_from([r.rstrip("\r\n") for r in raws])
    for n, raw in enumerate(raws):
        start, line = pos, raw.rstrip("\r\n")
        pos += len(raw)
        if not line.strip():
            continue
        lead = len(line) - len(line.lstrip())
        s, e = start + lead, start + len(line.rstrip())
        if first and headline_first:
            segs.append(Segment("headline", s, e))
        elif n >= signoff:
            segs.append(Segment("signoff", s, e))
        elif (m := DAY_LINE.match(line.strip())) and not found.get("date"):
            segs.append(Segment("dateline", s, e))
            found["date"] = (int(m["year"]), _month(m["month"]), int(m["day"]))
        elif BULLET.match(line):
            segs.append(Segment("bullet", s, e))
        elif _is_heading(line):
            segs.append(Segment("heading", s, e))
        else:
            m = DATELINE.match(line.lstrip()) or DATELINE_CAPS.match(line.lstrip())
            if m and "dateline" not in found:
                found["dateline"] = True
                found["place"] = m["place"].strip().title() if m["place"].isupper() else m["place"].strip()
                if m["source"]:
                    found["source"] = m["source"].strip()
                if "month" in m.groupdict() and m["month"]:
                    year = int(m["year"]) if m["year"] else None
                    found["date"] = (year, _month(m["month"]), int(m["day"]))
                segs.append(Segment("dateline", s, s + len(m.group(0).rstrip())))
                s = s + len(m.group(0))
            if s < e:
                segs.append(Segment("body", s, e))
        first = False
    return tuple(segs), found
