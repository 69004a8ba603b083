"""The base of kg's components that read the lexicon or the gazetteer.

Such a component keeps its data the way spaCy's ``SpanRuler`` keeps its patterns: its
factory makes it empty, :meth:`DataComponent.initialize` loads the shipped lexicon files
and gazetteer (plus the files its config names), ``to_disk``/``to_bytes`` write them with
the pipeline and ``from_disk``/``from_bytes`` read them back, so a saved pipeline carries
its data and reloads in a fresh process.  A component used before it is initialized or
loaded initializes itself from its config.  The lexicon and the gazetteer are parsed once
per content and shared by every component that reads them.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> coref = nlp.add_pipe("kg_coref")
>>> coref.initialize(nlp=nlp)
>>> "nations" in coref.lexicon.words.pair_states
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

import srsly
from spacy import util
from spacy.language import Language
from spacy.util import SimpleFrozenList

from ..gazetteer import Gazetteer, gazetteer_from_text, load_gazetteer, read_gazetteer
from ..lexicons import Lexicon, load_lexicon

__all__ = ["DataComponent"]


class DataComponent:
    """A pipeline component whose rules read a :class:`~kg.lexicons.Lexicon` and, if
    :attr:`uses_gazetteer`, a :class:`~kg.gazetteer.Gazetteer`.

    Subclasses build what their rules need from the two in :meth:`setup` and call
    :meth:`ready` before they read it.
    """

    uses_gazetteer: ClassVar[bool] = True

    def __init__(
        self, nlp: Language, name: str, *, lexicons: Sequence[str] = (), extra_gazetteers: Sequence[str] = ()
    ) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.cfg: dict[str, list[str]] = {
            "lexicons": [str(p) for p in lexicons],
            "extra_gazetteers": [str(p) for p in extra_gazetteers],
        }
        self._lexicon: Lexicon | None = None
        self._gazetteer: Gazetteer | None = None

    # -- data --------------------------------------------------------------------------------
    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        lexicon: Lexicon | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        """Load the data: ``lexicon`` and ``gazetteer`` if given, else the shipped files and
        those of the component's config (``lexicons``, ``extra_gazetteers``)."""
        self._lexicon = lexicon or load_lexicon(self.cfg["lexicons"])
        if self.uses_gazetteer:
            self._gazetteer = gazetteer or load_gazetteer(self.cfg["extra_gazetteers"])
        self.setup()

    def setup(self) -> None:
        """Build what the rules read from :attr:`lexicon` and :attr:`gazetteer` (subclasses)."""

    def ready(self) -> None:
        """Initialize from the config if nothing was loaded yet."""
        if self._lexicon is None:
            self.initialize()

    @property
    def lexicon(self) -> Lexicon:
        self.ready()
        assert self._lexicon is not None
        return self._lexicon

    @property
    def gazetteer(self) -> Gazetteer:
        self.ready()
        if self._gazetteer is None:
            raise AttributeError(f"{type(self).__name__} reads no gazetteer")
        return self._gazetteer

    # -- serialization ---------------------------------------------------------------------
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        """Write the lexicon files (``lexicon/``) and the gazetteer (``gazetteer.jsonl``) into ``path``."""
        serializers: dict[str, Callable[[Path], None]] = {"lexicon": self.lexicon.to_disk}
        if self.uses_gazetteer:
            serializers["gazetteer.jsonl"] = self.gazetteer.to_disk
        util.to_disk(path, serializers, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> DataComponent:
        """Read what :meth:`to_disk` wrote; a part excluded or missing comes from the config."""
        parts: dict[str, Any] = {}
        readers: dict[str, Callable[[Path], None]] = {
            "lexicon": lambda p: parts.update(lexicon=Lexicon.from_disk(p)) if p.exists() else None,
        }
        if self.uses_gazetteer:
            readers["gazetteer.jsonl"] = lambda p: parts.update(gazetteer=read_gazetteer(p)) if p.exists() else None
        util.from_disk(path, readers, exclude)
        self.initialize(**parts)
        return self

    def to_bytes(self, *, exclude: Iterable[str] = SimpleFrozenList()) -> bytes:
        """The lexicon files and the gazetteer as bytes."""
        serializers: dict[str, Callable[[], bytes]] = {"lexicon": lambda: srsly.json_dumps(self.lexicon.files)}
        if self.uses_gazetteer:
            serializers["gazetteer"] = lambda: self.gazetteer.source.encode("utf-8")
        return util.to_bytes(serializers, exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = SimpleFrozenList()) -> DataComponent:
        """Read what :meth:`to_bytes` wrote."""
        parts: dict[str, Any] = {}
        readers: dict[str, Callable[[bytes], None]] = {
            "lexicon": lambda b: parts.update(lexicon=Lexicon.of(srsly.json_loads(b))),
        }
        if self.uses_gazetteer:
            readers["gazetteer"] = lambda b: parts.update(gazetteer=gazetteer_from_text(b.decode("utf-8")))
        util.from_bytes(data, readers, exclude)
        self.initialize(**parts)
        return self
