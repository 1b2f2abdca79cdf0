"""Ingest stage: turn input paths (files, directories, stdin JSON Lines) into RawDocuments.

Readers never raise on a bad document: they yield a RawDocument with `error` set, so that one bad
file never stops a run and the error is recorded next to the good documents.
"""

from dyadwatch.ingest.files import content_hash, iter_inputs, read_jsonl_stream

__all__ = ["content_hash", "iter_inputs", "read_jsonl_stream"]
