-- dateline warehouse schema: the single source of truth for every table and view.
-- Offsets are 0-based, end-exclusive character offsets (Python str indices) into articles.text.
-- IDs are deterministic hashes: the same input always yields the same IDs.

CREATE TABLE IF NOT EXISTS articles (
    article_id        VARCHAR PRIMARY KEY,  -- hash of the article's own id, else of its file path (+ line for JSONL)
    source_uri        VARCHAR NOT NULL,     -- file path (file://...), with #L<line> for JSONL
    title             VARCHAR,              -- front matter / JSONL title, else the body's first line if at most 200 chars; NULL otherwise
    published         DATE,                 -- anchor for relative dates; NULL when unknown
    published_source  VARCHAR,              -- 'field' | 'reference-date' | 'dateline' | NULL
    url               VARCHAR,              -- from front matter / JSONL; NULL when absent
    source            VARCHAR,              -- publisher, from front matter / JSONL
    text              VARCHAR NOT NULL,     -- article body, exactly as in the file
    content_sha256    VARCHAR NOT NULL,     -- sha256 (hex) of text as UTF-8; a change re-extracts the article
    n_chars           INTEGER NOT NULL,     -- length of text in characters (Python str length)
    pipeline_version  VARCHAR NOT NULL,     -- extractor version + spaCy model; a change re-extracts
    ingested_at       TIMESTAMPTZ NOT NULL, -- when the run that loaded this version finished (runs.finished_at)
    run_id            VARCHAR NOT NULL      -- run that last (re)loaded the article, runs.run_id
);

CREATE TABLE IF NOT EXISTS actors (
    actor_id        VARCHAR PRIMARY KEY,    -- hash of (actor_type, canonical_name)
    canonical_name  VARCHAR NOT NULL,       -- the name every mention of the actor resolves to
    actor_type      VARCHAR NOT NULL,       -- person | organisation | product | country | city | region | location | group | facility
    country_code    VARCHAR,                -- ISO 3166-1 alpha-3 where known
    n_mentions      INTEGER NOT NULL,       -- mentions rows naming this actor, recomputed at every load
    n_articles      INTEGER NOT NULL        -- distinct articles with a mention of this actor
);

CREATE TABLE IF NOT EXISTS actor_aliases (
    actor_id  VARCHAR NOT NULL,    -- actors.actor_id
    alias     VARCHAR NOT NULL,    -- a surface form of the actor's mentions, whitespace collapsed; resolved pronouns excluded
    n_mentions INTEGER NOT NULL,   -- mentions of the actor written this way
    PRIMARY KEY (actor_id, alias)
);

CREATE TABLE IF NOT EXISTS mentions (
    mention_id      VARCHAR PRIMARY KEY,    -- hash of (article_id, start_char, end_char, label)
    article_id      VARCHAR NOT NULL,       -- articles.article_id
    sentence_index  INTEGER NOT NULL,       -- 0-based index of the spaCy sentence holding start_char
    start_char      INTEGER NOT NULL,       -- char offset of the mention in the article body, 0-based
    end_char        INTEGER NOT NULL,       -- char offset just past the mention (end-exclusive)
    text            VARCHAR NOT NULL,       -- the mention as written: articles.text[start_char:end_char]
    label           VARCHAR NOT NULL,       -- spaCy entity label (PERSON, ORG, GPE, NORP, LOC, FAC, PRODUCT), TITLE for 'the president', PRON for a resolved 'he'/'her'
    actor_id        VARCHAR NOT NULL        -- actors.actor_id the mention resolves to
);

CREATE TABLE IF NOT EXISTS timexes (
    timex_id        VARCHAR PRIMARY KEY,    -- hash of (article_id, start_char, end_char)
    article_id      VARCHAR NOT NULL,       -- articles.article_id
    sentence_index  INTEGER NOT NULL,       -- 0-based index of the spaCy sentence holding start_char
    start_char      INTEGER NOT NULL,       -- char offset of the expression in the article body, 0-based
    end_char        INTEGER NOT NULL,       -- char offset just past the expression (end-exclusive)
    text            VARCHAR NOT NULL,       -- the expression as written: articles.text[start_char:end_char]
    type            VARCHAR NOT NULL,       -- DATE | TIME | DURATION | SET
    value           VARCHAR NOT NULL,       -- TIMEX3 value, X for unresolved parts
    mod             VARCHAR                 -- TIMEX3 mod (EARLY, LATE, APPROX, ...) or NULL
);

CREATE TABLE IF NOT EXISTS events (
    event_id          VARCHAR PRIMARY KEY,  -- hash of (article_id, trigger_start)
    article_id        VARCHAR NOT NULL,     -- articles.article_id
    sentence_index    INTEGER NOT NULL,     -- 0-based index of the spaCy sentence holding the trigger
    sentence_text     VARCHAR NOT NULL,     -- that sentence's text, surrounding whitespace stripped
    trigger_text      VARCHAR NOT NULL,     -- the trigger as written: articles.text[trigger_start:trigger_end]
    trigger_lemma     VARCHAR NOT NULL,     -- spaCy lemma of the trigger, casefolded
    trigger_start     INTEGER NOT NULL,     -- char offset of the trigger in the article body, 0-based
    trigger_end       INTEGER NOT NULL,     -- char offset just past the trigger (end-exclusive)
    trigger_pos       VARCHAR NOT NULL,     -- VERB | NOUN
    event_class       VARCHAR,              -- CAMEO-compatible root class, see extractors/data/event_classes.tsv
    modality          VARCHAR NOT NULL,     -- asserted | reported | planned | hypothetical
    polarity          VARCHAR NOT NULL,     -- positive | negative
    date_value        VARCHAR,              -- TIMEX3 value, NULL when undated
    date_start        DATE,                 -- inclusive day range covered by date_value
    date_end          DATE,                 -- last day of that range; NULL when date_start is
    date_granularity  VARCHAR,              -- time | day | weekend | week | month | season | quarter | half | year | decade | century
    date_source       VARCHAR,              -- 'timex' | 'coreference' | 'narrative' | 'publication' | 'cluster' | NULL (see extractors/dating.py; 'cluster': taken from its event cluster)
    timex_id          VARCHAR,              -- timexes.timex_id the date came from (directly or via another event); NULL otherwise
    patient_text      VARCHAR,              -- the patient as text when it is no named actor ("observation post")
    cluster_id        VARCHAR               -- event_clusters.cluster_id: mentions of one real-world event share it; NULL until the run's clustering step
);
-- Warehouses made before patient_text and cluster_id existed get the columns (a rerun fills them).
ALTER TABLE events ADD COLUMN IF NOT EXISTS patient_text VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS cluster_id VARCHAR;

-- One row per real-world event: its mentions (events rows) within and across articles, see
-- extractors/clusters.py for the rules and warehouse/clusters.py for the incremental update.
CREATE TABLE IF NOT EXISTS event_clusters (
    cluster_id               VARCHAR PRIMARY KEY,  -- the smallest events.event_id among its members
    trigger_lemma            VARCHAR NOT NULL,     -- the members' most frequent trigger lemma (ties: alphabetical)
    event_class              VARCHAR,              -- the members' most frequent event class; NULL when none has one
    date_value               VARCHAR,              -- the most specific date the members support without contradiction; NULL when none is dated
    date_start               DATE,                 -- first day of date_value's range
    date_end                 DATE,                 -- last day of date_value's range
    date_granularity         VARCHAR,              -- granularity of date_value (as events.date_granularity)
    date_source              VARCHAR,              -- date_source of the member whose date was chosen
    n_events                 INTEGER NOT NULL,     -- member events (reports of this event)
    n_articles               INTEGER NOT NULL,     -- distinct articles among the members
    n_sources                INTEGER NOT NULL,     -- distinct publishers (articles.source; an article without one counts alone)
    first_published          DATE,                 -- earliest publication date among the members' articles
    last_published           DATE,                 -- latest publication date among the members' articles
    representative_event_id  VARCHAR NOT NULL      -- a member to show: one with an agent and its own date first, then the earliest published
);

-- Actors of a cluster's members by role, counted over the members.
CREATE TABLE IF NOT EXISTS cluster_actors (
    cluster_id  VARCHAR NOT NULL,   -- event_clusters.cluster_id
    actor_id    VARCHAR NOT NULL,   -- actors.actor_id
    role        VARCHAR NOT NULL,   -- agent | patient | recipient | location | other
    n_events    INTEGER NOT NULL,   -- members that give the actor this role
    PRIMARY KEY (cluster_id, actor_id, role)
);

-- MinHash signature of each article's content words (extractors/signatures.py): the text similarity
-- clustering compares across articles, kept so that a run never re-reads old articles. Written by
-- the load with the article; the clustering step adds any missing (warehouses made before).
CREATE TABLE IF NOT EXISTS article_signatures (
    article_id      VARCHAR PRIMARY KEY,  -- articles.article_id
    content_sha256  VARCHAR NOT NULL,     -- articles.content_sha256 the signature was computed from
    signature       UINTEGER[] NOT NULL   -- NUM_PERM MinHash values (datasketch's MinHash)
);

CREATE TABLE IF NOT EXISTS event_actors (
    event_id    VARCHAR NOT NULL,           -- events.event_id
    actor_id    VARCHAR NOT NULL,           -- actors.actor_id of the mention
    mention_id  VARCHAR NOT NULL,           -- mentions.mention_id that fills the role
    role        VARCHAR NOT NULL,           -- agent | patient | recipient | location | other
    PRIMARY KEY (event_id, mention_id, role)
);

-- One row per run that changed the warehouse; a no-op rerun (nothing new, changed, dropped or
-- rejected) writes no row, so rerunning unchanged input leaves every table as it was.
CREATE TABLE IF NOT EXISTS runs (
    run_id        VARCHAR PRIMARY KEY,      -- UTC start time + random suffix, e.g. 20190823T101500Z-1a2b3c4d
    flow_run_id   VARCHAR,                  -- Prefect flow run id; NULL when there was none
    started_at    TIMESTAMPTZ NOT NULL,     -- when the run started
    finished_at   TIMESTAMPTZ,              -- when reading and extraction ended, just before the load
    status        VARCHAR NOT NULL,         -- completed | completed_with_errors | failed
    n_files       INTEGER NOT NULL,         -- article files found, read or skipped as unchanged
    n_articles    INTEGER NOT NULL,         -- articles read in this run
    n_extracted   INTEGER NOT NULL,         -- new or changed articles (re)extracted
    n_unchanged   INTEGER NOT NULL,         -- skipped: same content and pipeline version
    n_errors      INTEGER NOT NULL          -- ingest_errors rows of this run
);

CREATE TABLE IF NOT EXISTS ingest_errors (
    run_id      VARCHAR NOT NULL,  -- runs.run_id of the run that met the error
    source_uri  VARCHAR NOT NULL,  -- path of the file or folder, as in articles.source_uri
    line        INTEGER,           -- 1-based line in the file where known (JSONL line, front-matter line), else NULL
    error_type  VARCHAR NOT NULL,  -- short code, e.g. encoding, jsonl, too_large, not_found, duplicate_id
    message     VARCHAR NOT NULL   -- what is wrong and how to fix it, for a person
);

-- Incremental runs: what each article file looked like when its articles were last loaded.
-- A rerun skips a file whose size and mtime are unchanged without reading it, and hashes it only
-- when they changed. Files that had read or extraction errors are not recorded (they are retried).
CREATE TABLE IF NOT EXISTS source_files (
    path              VARCHAR PRIMARY KEY,  -- absolute file path, as in articles.source_uri (without #L<line>)
    size_bytes        BIGINT NOT NULL,      -- file size in bytes when last read or verified
    mtime_ns          BIGINT NOT NULL,      -- st_mtime_ns when last read or verified
    content_sha256    VARCHAR NOT NULL,     -- sha256 of the file's bytes
    pipeline_version  VARCHAR NOT NULL,     -- a different pipeline version re-reads the file
    n_articles        INTEGER NOT NULL,     -- articles the file held
    run_id            VARCHAR NOT NULL      -- run that last read or verified it
);

-- One row per event mention with its actors by role. `patients` are the named patients, else the
-- patient's text (events.patient_text). A mention without an agent of its own is shown with its
-- cluster's agents (`agents_from_cluster`); its event_actors rows stay what the sentence says.
-- Count events with cluster_timeline: two rows here may be one event (same cluster_id).
CREATE OR REPLACE VIEW event_timeline AS
WITH own AS (
    SELECT
        e.event_id,
        e.article_id,
        a.title AS article_title,
        e.date_value,
        e.date_start,
        e.date_end,
        e.date_granularity,
        e.trigger_lemma,
        e.event_class,
        e.modality,
        e.polarity,
        e.date_source,
        e.patient_text,
        string_agg(DISTINCT CASE WHEN ea.role = 'agent' THEN ac.canonical_name END, '; ') AS agents,
        coalesce(string_agg(DISTINCT CASE WHEN ea.role = 'patient' THEN ac.canonical_name END, '; '),
                 any_value(e.patient_text)) AS patients,
        string_agg(DISTINCT CASE WHEN ea.role = 'recipient' THEN ac.canonical_name END, '; ') AS recipients,
        string_agg(DISTINCT CASE WHEN ea.role = 'location' THEN ac.canonical_name END, '; ') AS locations,
        e.sentence_text,
        e.cluster_id
    FROM events e
    JOIN articles a USING (article_id)
    LEFT JOIN event_actors ea USING (event_id)
    LEFT JOIN actors ac USING (actor_id)
    GROUP BY ALL
),
cluster_agents AS (
    SELECT ca.cluster_id, string_agg(DISTINCT ac.canonical_name, '; ') AS agents
    FROM cluster_actors ca JOIN actors ac USING (actor_id)
    WHERE ca.role = 'agent'
    GROUP BY ca.cluster_id
)
SELECT
    o.event_id, o.article_id, o.article_title, o.date_value, o.date_start, o.date_end, o.date_granularity,
    o.trigger_lemma, o.event_class, o.modality, o.polarity, o.date_source, o.patient_text,
    coalesce(o.agents, c.agents) AS agents,
    o.agents IS NULL AND c.agents IS NOT NULL AS agents_from_cluster,
    o.patients, o.recipients, o.locations, o.sentence_text, o.cluster_id
FROM own o
LEFT JOIN cluster_agents c USING (cluster_id);

-- One row per real-world event (event cluster): what analysts count when they mean events, not
-- reports. Actors are the cluster's (cluster_actors): a member without an agent of its own is shown
-- with its cluster's. `n_reports` = member mentions; `sentence` = the representative member's.
CREATE OR REPLACE VIEW cluster_timeline AS
SELECT
    c.cluster_id,
    c.date_value,
    c.date_start,
    c.date_end,
    c.date_granularity,
    c.trigger_lemma,
    c.event_class,
    string_agg(DISTINCT CASE WHEN ca.role = 'agent' THEN ac.canonical_name END, '; ') AS agents,
    string_agg(DISTINCT CASE WHEN ca.role = 'patient' THEN ac.canonical_name END, '; ') AS patients,
    string_agg(DISTINCT CASE WHEN ca.role = 'recipient' THEN ac.canonical_name END, '; ') AS recipients,
    string_agg(DISTINCT CASE WHEN ca.role = 'location' THEN ac.canonical_name END, '; ') AS locations,
    list(DISTINCT ac.country_code) FILTER (WHERE ac.country_code IS NOT NULL) AS countries,
    c.n_events AS n_reports,
    c.n_articles,
    c.n_sources,
    c.first_published,
    c.last_published,
    any_value(r.sentence_text) AS sentence,
    c.representative_event_id
FROM event_clusters c
JOIN events r ON r.event_id = c.representative_event_id
LEFT JOIN cluster_actors ca ON ca.cluster_id = c.cluster_id
LEFT JOIN actors ac USING (actor_id)
GROUP BY ALL;
