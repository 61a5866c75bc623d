"""The warehouse: schema (schema.sql), Parquet parts, the DuckDB load and every SQL statement.

Names are loaded on first use (PEP 562, through lazy_loader; the imports are listed once, in
`__init__.pyi`, which type checkers read): `import warehouse` costs nothing until a name is used,
so a command that only needs the manifest does not pay for pyarrow.
"""
import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
