"""kg's spaCy components, one a file; importing this package registers their factories."""

from . import attributes, coref, gazetteer_ruler, linker, segmenter  # noqa: F401
