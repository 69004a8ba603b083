"""kg's spaCy components, one a file.

The components: hyphens, segmenter, gazetteer_ruler, names (mends NER spans), focus (the
focused parse), linker, coref, holders (office descriptions), descriptions, offices,
relations.  The rules they share are plain modules beside
them: mentions (which entities a token stands for), syntax (subjects and agents), modality
(polarity, modality, attribution), event_dates, triggers (the relation rules),
cached_ruler (the attribute ruler's cache) and base (how a component keeps its lexicon
and gazetteer).

Importing this package registers nothing: spaCy finds each factory (``kg_hyphens``,
``kg_segmenter``, ``kg_sentence_limit``, ``kg_gazetteer``, ``kg_focus``, ...) through the
``[project.entry-points.spacy_factories]`` table of ``pyproject.toml`` and imports its
module when a pipeline asks for it.
"""
