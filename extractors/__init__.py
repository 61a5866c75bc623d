"""NLP for dateline: reading articles and extracting actors, dates and events (no Prefect, no DuckDB).

The names below are the public API; modules are free to change behind them.

Names are loaded on first use (PEP 562, through lazy_loader; the imports are listed once, in
`__init__.pyi`, which type checkers read): `import extractors` costs nothing until a name is used,
so a command that only needs the file reader does not pay for spaCy.
"""
import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
