"""The places stage: gazetteer, toponym recognition and resolution.

Example:
    >>> from eventwire.places import lookup_place
    >>> round(lookup_place("Aleppo").lat, 1)
    36.2
"""

from __future__ import annotations

from eventwire.places.gazetteer import Entry, Gazetteer, build_gazetteer, get_gazetteer, load_gazetteer
from eventwire.places.normalise import name_key, skeleton_key
from eventwire.places.recognise import find_places
from eventwire.places.resolve import haversine_km, lookup_place, resolve_toponyms

__all__ = [
    "Entry",
    "Gazetteer",
    "build_gazetteer",
    "find_places",
    "get_gazetteer",
    "haversine_km",
    "load_gazetteer",
    "lookup_place",
    "name_key",
    "resolve_toponyms",
    "skeleton_key",
]
