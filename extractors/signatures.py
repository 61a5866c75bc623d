"""Article signatures: the MinHash of an article's content words, which clustering compares.

The signature is datasketch 2's MinHash (its default "affine32" scheme: SHA-1's first 32 bits of
each word, MurmurHash3's 32-bit finaliser, then `NUM_PERM` affine permutations a·h + b mod 2^32
with odd a; the minimum over the words), computed here in numpy with datasketch's permutations
for `MINHASH_SEED`, value for value (tests/test_signatures.py compares the two on real articles). Written here rather than imported
because `import datasketch` costs 0.7 s of SciPy (its LSH tuning, which dateline does not use) in
every command that clusters; the 20 lines below cost nothing to import. A signature is fixed once
computed, so stored signatures of old articles stay comparable with new ones.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

NUM_PERM = 64          # MinHash permutations per article signature
MINHASH_SEED = 20190823
_MAX_HASH = (1 << 32) - 1
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)  # MurmurHash3's finaliser: shift, multiply, shift, multiply, shift

_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]")
# spaCy's English stop words (the model's own list), and the reporting verbs every story has
_STOP = STOP_WORDS | {"said", "says", "say", "told"}


def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in (m.group().lower() for m in _WORD.finditer(text)) if w not in _STOP and len(w) > 2)


@lru_cache(maxsize=100_000)
def content_words(text: str) -> frozenset[str]:
    """Lower-cased words of a text without function words: what two reports of a story share.
    Cached for sentences, which clustering compares many times; article_signature is not."""
    return _content_words(text)


@cache
def _permutations() -> tuple[Any, Any]:
    """datasketch's (a, b) for MINHASH_SEED: odd a, then b, drawn from numpy's legacy RandomState."""
    gen = np.random.RandomState(MINHASH_SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def article_signature(text: str) -> tuple[int, ...]:
    """MinHash signature (NUM_PERM values) of an article's content words; deterministic."""
    words = sorted(_content_words(text))  # uncached: a worker's cache must not keep every article
    if not words:
        return (_MAX_HASH,) * NUM_PERM  # what an empty MinHash holds
    h = np.array([int.from_bytes(hashlib.sha1(w.encode("utf-8")).digest()[:4], "little") for w in words],
                 dtype=np.uint32)[:, None]
    s1, m1, s2, m2, s3 = (np.uint32(v) for v in _FMIX32)
    a, b = _permutations()
    with np.errstate(over="ignore"):  # multiplication wraps modulo 2^32: the intended arithmetic
        h = h ^ (h >> s1)
        h = h * m1
        h = h ^ (h >> s2)
        h = h * m2
        h = h ^ (h >> s3)
        permuted = h * a + b
    return tuple(int(v) for v in permuted.min(axis=0))


def signature_similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two articles' content words (share of equal MinHash values)."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b)) / len(a)
