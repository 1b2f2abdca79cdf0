"""Clean stage: RawDocument -> Document (body text without boilerplate, plus metadata)."""

from dyadwatch.clean.article import clean_document

__all__ = ["clean_document"]
