"""Package data: lexicons and patterns read by the components."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


@cache
def read_jsonl(name: str) -> tuple[dict, ...]:
    """The records of the lexicon file ``name`` (e.g. ``"titles.jsonl"``)."""
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(x) for x in lines if x.strip() and not x.startswith("//"))
