"""NLP for dateline: reading articles and extracting actors, dates and events (no Prefect, no DuckDB).

The names below are the public API; modules are free to change behind them.
"""
from .actors import find_actors
from .articles import (DEFAULT_MAX_BYTES, Article, ArticleIds, IngestError, discover_files, file_uri,
                       read_articles, read_file)
from .errors import DatelineError
from .events import find_events
from .model import (ActorMention, ActorType, ArticleActors, DateGranularity, DateInfo, DateSource, Event, Modality,
                    Polarity, Role)
from .nlp import DEFAULT_MODEL, load_pipeline, model_name
from .published import PLAUSIBLE_YEARS
from .pipeline import EXTRACTOR_VERSION, extract_article, extract_batch, pipeline_version
from .records import (ActorRecord, ArticleRecord, EventActorRecord, EventRecord, Extraction,
                      MentionRecord, TimexRecord)
from .temporal import Timex, find_timexes, normalise, value_range

__all__ = [
                       "DEFAULT_MAX_BYTES",
                       "DEFAULT_MODEL",
                       "EXTRACTOR_VERSION",
                       "PLAUSIBLE_YEARS",
                       "ActorMention",
                       "ActorRecord",
                       "ActorType",
                       "Article",
                       "ArticleActors",
                       "ArticleIds",
                       "ArticleRecord",
                       "DateGranularity",
                       "DateInfo",
                       "DateSource",
                       "DatelineError",
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
                       "file_uri",
                       "find_actors",
                       "find_events",
                       "find_timexes",
                       "load_pipeline",
                       "model_name",
                       "normalise",
                       "pipeline_version",
                       "read_articles",
                       "read_file",
                       "value_range",
]
