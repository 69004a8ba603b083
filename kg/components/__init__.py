"""kg's spaCy components, one a file.

Importing this package registers nothing: spaCy finds each factory (``kg_hyphens``,
``kg_segmenter``, ``kg_sentence_limit``, ``kg_gazetteer``, ``kg_focus``, ...) through the
``[project.entry-points.spacy_factories]`` table of ``pyproject.toml`` and imports its
module when a pipeline asks for it.
"""
