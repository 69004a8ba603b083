"""kg's spaCy components, one a file; importing this package registers their factories.

The components: segmenter, gazetteer_ruler, linker, coref, descriptions, offices,
relations.  The rules they share are plain modules beside them: mentions (which
entities a token stands for), syntax (subjects and agents), modality (polarity,
modality, attribution), event_dates, triggers (the relation rules) and base (how a
component keeps its lexicon and gazetteer).
"""

from . import attributes, coref, descriptions, gazetteer_ruler, linker, offices, relations, segmenter  # noqa: F401
