"""Storage of articles, events and rejected inputs: SQLite by default, PostgreSQL when shared.

Example:
    >>> from eventwire.store import open_store
    >>> with open_store("sqlite://") as store:  # in memory; a path gives a file
    ...     store.count_events()
    0
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL

from eventwire.errors import StoreError
from eventwire.store.base import Store
from eventwire.store.sql import SCHEMA_VERSION, SqlStore

__all__ = ["SCHEMA_VERSION", "SqlStore", "Store", "open_store", "store_url"]


def store_url(url_or_path: str | Path) -> URL | str:
    """The SQLAlchemy URL for a path or URL, as :func:`open_store` reads it.

    A plain path (or ``Path``) is an SQLite file (its folder is created if missing); ``:memory:``
    an in-memory SQLite database; ``sqlite:///...`` is taken as is; ``postgresql://`` and
    ``postgres://`` use the psycopg 3 driver (``postgresql+psycopg://``).
    """
    text = str(url_or_path)
    if isinstance(url_or_path, Path) or "://" not in text:
        if text == ":memory:":
            return "sqlite://"
        path = Path(text).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"sqlite ({path})", f"cannot create the folder {path.parent}: {exc.strerror or exc}") from exc
        return URL.create("sqlite", database=str(path))
    scheme, rest = text.split("://", 1)
    scheme = scheme.lower()
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    if scheme.startswith(("postgresql+", "sqlite")):
        return text
    raise StoreError(scheme, "unsupported database URL; use a file path, sqlite:///PATH or postgresql://USER@HOST/DB")


def open_store(url_or_path: str | Path) -> Store:
    """Open (creating or migrating as needed) the store at a path or URL.

    Raises:
        StoreError: the database cannot be opened; the message names the backend and the URL
            with any password masked.
    """
    return SqlStore(store_url(url_or_path))
