"""kg's spaCy components, one a file; importing this package registers their factories."""

from . import attributes, coref, descriptions, gazetteer_ruler, linker, offices, relations, segmenter  # noqa: F401
