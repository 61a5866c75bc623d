"""Deterministic identifiers: the same input always yields the same IDs, so reruns are idempotent."""
from __future__ import annotations

import hashlib


def stable_id(*parts: object) -> str:
    """A 16-hex-digit id from the parts; a unit separator keeps ("ab","c") apart from ("a","bc")."""
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def sha256_text(text: str) -> str:
    """Content hash of an article body, used to skip unchanged articles on reruns."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
