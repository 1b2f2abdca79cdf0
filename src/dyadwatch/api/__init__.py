"""The REST API (FastAPI) over a dyadwatch database; see `create_app`."""

from dyadwatch.api.app import create_app, open_store

__all__ = ["create_app", "open_store"]
