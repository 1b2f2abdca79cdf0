"""NLP stage: the spaCy pipeline, loaded once per process and run in batches."""

from dyadwatch.nlp.load import load_nlp

__all__ = ["load_nlp"]
