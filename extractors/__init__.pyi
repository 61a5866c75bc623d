"""Public names of `extractors`, read by `__init__.py` (lazily loaded) and by type checkers.

Each name is imported `as` itself: an explicit re-export for type checkers."""
from .actors import find_actors as find_actors
from .articles import (DEFAULT_MAX_BYTES as DEFAULT_MAX_BYTES, Article as Article, ArticleIds as ArticleIds,
                       IngestError as IngestError, discover_files as discover_files, file_uri as file_uri,
                       read_articles as read_articles, read_file as read_file)
from .errors import DatelineError as DatelineError
from .events import find_events as find_events
from .model import (ActorMention as ActorMention, ActorType as ActorType, ArticleActors as ArticleActors,
                    DateGranularity as DateGranularity, DateInfo as DateInfo, DateSource as DateSource,
                    Event as Event, Modality as Modality, Polarity as Polarity, Role as Role)
from .nlp import load_pipeline as load_pipeline
from .published import PLAUSIBLE_YEARS as PLAUSIBLE_YEARS
from .pipeline import (extract_article as extract_article, extract_batch as extract_batch,
                       pipeline_version as pipeline_version)
from .records import (ActorRecord as ActorRecord, ArticleRecord as ArticleRecord,
                      EventActorRecord as EventActorRecord, EventRecord as EventRecord, Extraction as Extraction,
                      MentionRecord as MentionRecord, TimexRecord as TimexRecord)
from .temporal import Timex as Timex, find_timexes as find_timexes, normalise as normalise, value_range as value_range
from .versions import (DEFAULT_MODEL as DEFAULT_MODEL, EXTRACTOR_VERSION as EXTRACTOR_VERSION,
                       installed_pipeline_version as installed_pipeline_version, model_name as model_name)
