"""NLP for dateline: reading articles and extracting actors, dates and events (no Prefect, no DuckDB).

The names below are the public API; modules are free to change behind them.
"""
from .actors import find_actors
from .articles import (DEFAULT_MAX_BYTES, Article, IngestError, discover_files, read_articles,
                       read_file)
from .events import find_events
from .model import (ActorMention, ActorType, ArticleActors, DateGranularity, DateInfo, DateSource, Event, Modality,
                    Polarity, Role)
from .nlp import DEFAULT_MODEL, load_pipeline
from .pipeline import EXTRACTOR_VERSION, extract_article, extract_batch, pipeline_version
from .records import (ActorRecord, ArticleRecord, EventActorRecord, EventRecord, Extraction,
                      MentionRecord, TimexRecord)
from .temporal import Timex, find_timexes, normalise, value_range

__all__ = [
                       "DEFAULT_MAX_BYTES",
                       "DEFAULT_MODEL",
                       "EXTRACTOR_VERSION",
                       "ActorMention",
                       "ActorRecord",
                       "ActorType",
                       "Article",
                       "ArticleActors",
                       "ArticleRecord",
                       "DateGranularity",
                       "DateInfo",
                       "DateSource",
                       "Event",
                       "EventActorRecord",
                       "EventRecord",
                       "Extraction",
                       "IngestError",
                       "MentionRecord",
                       "Modality",
                       "Polarity",
                       "Role",
                       "Timex",
                       "TimexRecord",
                       "discover_files",
                       "extract_article",
                       "extract_batch",
                       "find_actors",
                       "find_events",
                       "find_timexes",
                       "load_pipeline",
                       "normalise",
                       "pipeline_version",
                       "read_articles",
                       "read_file",
                       "value_range",
]
