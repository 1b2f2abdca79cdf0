"""dyadwatch: political event data from news, traceable to the sentence it came from.

Python API (the CLI is a thin wrapper over it):

    >>> import dyadwatch
    >>> pipe = dyadwatch.Pipeline.create()          # loads the model and tables once
    >>> for record in pipe.code_documents([{"id": "a", "text": "...", "date": "2022-10-10"}]):
    ...     print(record.to_json()["events"])

`dyadwatch.code_documents(items)` does the same with a pipeline built on first use.
"""

from __future__ import annotations

__version__ = "0.1.0"

from collections.abc import Iterable, Iterator  # noqa: E402
from functools import lru_cache  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

if TYPE_CHECKING:
    from dyadwatch.pipeline import DocumentInput, Pipeline
    from dyadwatch.records import CodedDocument


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The pipeline with default settings, built once per process on first use."""
    from dyadwatch.pipeline import Pipeline

    return Pipeline.create()


def code_documents(items: Iterable[DocumentInput], pub_date: str | None = None,
                   pipeline: Pipeline | None = None) -> Iterator[CodedDocument]:
    """Code documents ({"id", "text", ...} dicts, RawDocuments or strings) into records."""
    return (pipeline or default_pipeline()).code_documents(items, pub_date=pub_date)


def __getattr__(name: str) -> object:
    if name == "Pipeline":
        from dyadwatch.pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)
