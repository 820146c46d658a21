"""The REST API and the workbench page, served by ``eventwire serve``.

Example:
    >>> from fastapi.testclient import TestClient
    >>> from eventwire.api import create_app
    >>> client = TestClient(create_app("sqlite://"))
    >>> client.get("/api/events").json()["total"]
    0
"""

from eventwire.api.app import create_app

__all__ = ["create_app"]
