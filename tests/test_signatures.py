"""extractors/signatures.py computes datasketch's MinHash value for value (stored signatures stay
comparable whichever computed them), without importing datasketch (and SciPy) at run time."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.signatures import MINHASH_SEED, NUM_PERM, article_signature, content_words, signature_similarity

datasketch = pytest.importorskip("datasketch", reason="datasketch (a dev dependency) is the reference")
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def reference(text: str) -> tuple[int, ...]:
    sketch = datasketch.MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED)
    sketch.update_batch([w.encode("utf-8") for w in sorted(content_words(text))])
    return tuple(int(v) for v in sketch.hashvalues)


def seed_texts() -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted(SEEDS.rglob("*.txt"))]
    assert len(texts) >= 30, "the bundled seeds are the test articles"
    return texts


def test_equal_to_datasketch_on_the_seed_articles() -> None:
    for text in seed_texts():
        assert article_signature(text) == reference(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_equal_to_datasketch_on_any_text(text: str) -> None:
    assert article_signature(text) == reference(text)


def test_empty_text_is_an_empty_minhash() -> None:
    assert article_signature("the of and") == reference("the of and") == (2**32 - 1,) * NUM_PERM


def test_similarity_estimates_jaccard() -> None:
    texts = seed_texts()
    a, b = texts[0], texts[0] + " Ankara Damascus ceasefire observers"
    assert signature_similarity(article_signature(a), article_signature(a)) == 1.0
    assert signature_similarity(article_signature(a), article_signature(b)) > 0.8
    assert signature_similarity(article_signature(texts[0]), article_signature(texts[-1])) < 0.2


def test_no_datasketch_or_scipy_at_run_time() -> None:
    code = ("import sys, extractors.signatures as s, warehouse.clusters; s.article_signature('Erdogan visits Moscow'); "
            "print(sorted(m for m in ('datasketch', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "[]"
