"""What every kg page shares: the template filler, script-safe JSON, the inlined vis-network
files, atomic writes and the notebook frame.

A page is one of ``kg/templates/*.html`` with ``{{NAME}}`` placeholders filled in one pass,
so text arriving through a value is never scanned for placeholders itself.  Data reaches a
page only as JSON inside ``<script type="application/json">`` (see :func:`script_json`) and
the page's own script puts it in the DOM with ``textContent``.

>>> fill("<p>{{A}} {{B}}</p>", {"A": "{{B}}", "B": "x"})
'<p>{{B}} x</p>'
"""

from __future__ import annotations

import html
import json
import re
import secrets
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .. import __version__
from ..files import replace_file

__all__ = ["NotebookView", "fill", "page", "script_json", "vis_asset", "write_page"]


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` survives.

    >>> script_json({"t": "</script>&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def vis_asset(name: str) -> str:
    """A file of the vis-network release that pyvis ships (``vis-network.min.js``, ``.css``)."""
    import pyvis

    path = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / name
    text = path.read_text(encoding="utf-8")
    closing = "</script" if name.endswith(".js") else "</style"
    if closing in text.lower():  # cannot happen with the shipped file; refuse rather than break the page
        raise ValueError(f"{path} contains {closing!r} and cannot be inlined")
    return text


def fill(template: str, values: dict[str, str]) -> str:
    """``template`` with each ``{{NAME}}`` replaced by ``values[NAME]``, in one pass."""
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m[1]], template)


def page(template: str, title: str, data: Any, **values: str) -> str:
    """A page from ``kg/templates/<template>``: a fresh script nonce, the escaped title, the
    data as script-safe JSON, and any other (already safe) values.

    >>> "<title>a &amp; b</title>" in page("dyad.html", "a & b", {}, CHART="")
    True
    """
    text = (resources.files("kg") / "templates" / template).read_text(encoding="utf-8")
    base = {
        "NONCE": secrets.token_urlsafe(18),
        "VERSION": html.escape(__version__),
        "TITLE": html.escape(title),
        "DATA": script_json(data),
    }
    return fill(text, {**base, **values})


def write_page(text: str, path: str | Path) -> Path:
    """Write a page atomically (:func:`kg.files.replace_file`); folders are created."""
    path = Path(path)
    with replace_file(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path


@dataclass(frozen=True)
class NotebookView:
    """A page for Jupyter: an ``<iframe srcdoc>`` that carries the whole page, so a saved
    notebook shows it without any other file."""

    html: str
    height: int = 650

    def __repr__(self) -> str:  # the page itself is megabytes of text
        return f"NotebookView(<page of {len(self.html):,} characters>, height={self.height})"

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #d9dee4;border-radius:6px" '
            f'title="kg view"></iframe>'
        )
