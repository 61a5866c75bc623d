"""Raw spaCy as a command: load the pipeline and `nlp.pipe` the bodies of a folder's .txt files.

The ceiling `bench_scale.py` holds `dateline run` against, measured the way a user would time a
script that does nothing but parse: a fresh interpreter, imports and the model load included.

    python bench/raw_spacy.py FOLDER --processes 2
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def body(path: Path) -> str:
    """The text after the front matter, as `dateline run` extracts it."""
    text = path.read_text("utf-8")
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[end + 5:]
    return text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--processes", type=int, default=1)
    args = ap.parse_args()
    from extractors.nlp import load_pipeline

    nlp = load_pipeline()
    texts = [body(p) for p in sorted(args.folder.glob("*.txt"))]
    n = sum(1 for _ in nlp.pipe(texts, batch_size=32, n_process=args.processes))
    print(f"parsed {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
