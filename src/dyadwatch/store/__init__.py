"""Store stage: coded documents into an embedded DuckDB database."""

from dyadwatch.store.db import Store

__all__ = ["Store"]
