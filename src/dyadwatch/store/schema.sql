-- dyadwatch database schema (DuckDB). Every table can be queried with plain SQL; see README.
-- One row per stored document. doc_key is derived from the content hash, so the same text
-- arriving twice (same file, or a syndicated copy) is stored once.
CREATE TABLE IF NOT EXISTS documents (
    doc_key       VARCHAR PRIMARY KEY,   -- first 16 hex digits of content_hash
    content_hash  VARCHAR NOT NULL UNIQUE,
    doc_id        VARCHAR NOT NULL,      -- the input's own id (file name stem, JSON "id")
    source        VARCHAR,               -- file path (with :line for JSON Lines) or URL
    url           VARCHAR,
    title         VARCHAR,
    pub_date      DATE,                  -- publication date; NULL when not found
    outlet        VARCHAR,
    author        VARCHAR,
    language      VARCHAR,
    text          VARCHAR,               -- cleaned body; all offsets below index this text
    warnings      VARCHAR[],
    n_events      INTEGER,
    coded_at      TIMESTAMP,
    coder_version VARCHAR
);

-- Every actor mention found in a document.
CREATE TABLE IF NOT EXISTS mentions (
    doc_key     VARCHAR NOT NULL,
    mention_idx INTEGER NOT NULL,
    text        VARCHAR,
    name        VARCHAR,
    actor_id    VARCHAR,
    country     VARCHAR,                 -- ISO 3166-1 alpha-3, or UNO / EUR / IGO / NGO
    sector      VARCHAR,
    start_char  INTEGER,
    end_char    INTEGER,
    PRIMARY KEY (doc_key, mention_idx)
);

-- One row per coded event. source_*/target_* repeat the first actor of each side for easy
-- filtering; all actors of multi-party events are in event_actors.
CREATE TABLE IF NOT EXISTS events (
    event_id        VARCHAR PRIMARY KEY, -- doc_key || '-' || event_idx
    doc_key         VARCHAR NOT NULL,
    event_idx       INTEGER NOT NULL,
    sentence_index  INTEGER,
    source_text     VARCHAR,
    source_country  VARCHAR,
    source_sector   VARCHAR,
    source_id       VARCHAR,
    target_text     VARCHAR,
    target_country  VARCHAR,
    target_sector   VARCHAR,
    target_id       VARCHAR,
    cameo           VARCHAR NOT NULL,    -- CAMEO code as a string (leading zeros kept)
    root            VARCHAR NOT NULL,
    goldstein       DOUBLE,
    quad_class      INTEGER,
    plover_type     VARCHAR,
    plover_mode     VARCHAR,
    plover_context  VARCHAR[],
    modality        VARCHAR NOT NULL,    -- asserted | negated | hypothetical | future
    reciprocal      BOOLEAN,
    event_date      VARCHAR,             -- YYYY-MM-DD, YYYY-MM or YYYY
    date_precision  VARCHAR,             -- day | month | year
    date_text       VARCHAR,
    date_basis      VARCHAR,             -- text | publication
    location_name   VARCHAR,
    location_country VARCHAR,
    lat             DOUBLE,
    lon             DOUBLE,
    sentence        VARCHAR,
    start_char      INTEGER,             -- evidence span in documents.text
    end_char        INTEGER,
    trigger_text    VARCHAR,
    confidence      DOUBLE,
    rule            VARCHAR
);

CREATE TABLE IF NOT EXISTS event_actors (
    event_id   VARCHAR NOT NULL,
    role       VARCHAR NOT NULL,         -- source | target
    position   INTEGER NOT NULL,
    text       VARCHAR,
    name       VARCHAR,
    actor_id   VARCHAR,
    country    VARCHAR,
    sector     VARCHAR,
    start_char INTEGER,
    end_char   INTEGER,
    PRIMARY KEY (event_id, role, position)
);

CREATE TABLE IF NOT EXISTS quotes (
    doc_key         VARCHAR NOT NULL,
    quote_idx       INTEGER NOT NULL,
    text            VARCHAR,
    speaker_text    VARCHAR,
    speaker_name    VARCHAR,
    speaker_id      VARCHAR,
    speaker_country VARCHAR,
    speaker_sector  VARCHAR,
    quote_date      VARCHAR,
    language        VARCHAR,
    start_char      INTEGER,
    end_char        INTEGER,
    PRIMARY KEY (doc_key, quote_idx)
);

-- Inputs that could not be read or coded: the run goes on and records why here.
CREATE TABLE IF NOT EXISTS errors (
    content_hash VARCHAR PRIMARY KEY,
    source       VARCHAR,
    doc_id       VARCHAR,
    problem      VARCHAR,
    recorded_at  TIMESTAMP
);

-- Syndicated copies and updated versions of one story (clean/dedup.py). A near copy has its
-- own documents row (doc_key) and is left out of the counts; an exact copy (same content, other
-- id) is stored once, so only its source and id are kept here.
CREATE TABLE IF NOT EXISTS duplicates (
    source        VARCHAR NOT NULL,      -- where the copy came from (file, file:line, URL)
    doc_id        VARCHAR,               -- the copy's own id
    doc_key       VARCHAR,               -- the copy's documents row; NULL for an exact copy
    canonical_key VARCHAR NOT NULL,      -- the document it repeats, which counts
    kind          VARCHAR NOT NULL,      -- exact | near
    similarity    DOUBLE,                -- estimated Jaccard similarity of word 3-grams
    recorded_at   TIMESTAMP,
    PRIMARY KEY (source, canonical_key)
);

-- MinHash signature of each stored document, so that a later run finds copies of old ones.
CREATE TABLE IF NOT EXISTS doc_signatures (
    doc_key   VARCHAR PRIMARY KEY,
    signature UINTEGER[]
);

-- Relationship assessments (relations/assessments.py): a sentence saying how the relationship
-- of two parties stands or moves. Parties are unordered; party1 comes first in the sentence.
CREATE TABLE IF NOT EXISTS assessments (
    doc_key        VARCHAR NOT NULL,
    assessment_idx INTEGER NOT NULL,
    party1_text    VARCHAR,
    party1_name    VARCHAR,
    party1_id      VARCHAR,
    party1_country VARCHAR,
    party1_sector  VARCHAR,
    party2_text    VARCHAR,
    party2_name    VARCHAR,
    party2_id      VARCHAR,
    party2_country VARCHAR,
    party2_sector  VARCHAR,
    polarity       DOUBLE,               -- -1 hostile .. +1 close
    trend          VARCHAR,              -- improving | worsening | stable | NULL
    holder_text    VARCHAR,              -- whose view, when stated
    holder_id      VARCHAR,
    holder_country VARCHAR,
    sentence       VARCHAR,
    start_char     INTEGER,              -- span in documents.text
    end_char       INTEGER,
    PRIMARY KEY (doc_key, assessment_idx)
);

-- Event merging (issue 9, src/dyadwatch/merge/): every stored event row is one *mention*; the
-- mentions of one real-world event across sentences, documents and outlets share a merged_id.
CREATE TABLE IF NOT EXISTS event_merges (
    event_id   VARCHAR PRIMARY KEY,      -- events.event_id
    merged_id  VARCHAR NOT NULL,         -- merged_events.merged_id ('m-' || founding event_id)
    reason     VARCHAR,                  -- why it joined (or 'first mention of this event')
    score      DOUBLE,                   -- merge score against its closest member; NULL for founders
    actor_key  VARCHAR,                  -- 'KOR>JPN' directed, 'JPN~KOR' reciprocal/consult
    merged_at  TIMESTAMP
);

-- One row per merged event: the best mention's fields plus counts over all its mentions.
CREATE TABLE IF NOT EXISTS merged_events (
    merged_id        VARCHAR PRIMARY KEY,
    actor_key        VARCHAR,
    event_date       VARCHAR,            -- of the best mention: YYYY-MM-DD, YYYY-MM or YYYY
    date_precision   VARCHAR,
    source_text      VARCHAR,
    source_country   VARCHAR,
    source_sector    VARCHAR,
    source_id        VARCHAR,
    target_text      VARCHAR,
    target_country   VARCHAR,
    target_sector    VARCHAR,
    target_id        VARCHAR,
    cameo            VARCHAR,
    root             VARCHAR,
    goldstein        DOUBLE,
    quad_class       INTEGER,
    plover_type      VARCHAR,
    plover_mode      VARCHAR,
    plover_context   VARCHAR[],
    modality         VARCHAR,
    reciprocal       BOOLEAN,
    location_name    VARCHAR,
    location_country VARCHAR,
    lat              DOUBLE,
    lon              DOUBLE,
    n_mentions       INTEGER,            -- event rows (sentences) reporting it
    n_sources        INTEGER,            -- distinct outlets (a document without outlet counts alone)
    n_articles       INTEGER,            -- distinct documents
    first_seen       DATE,               -- earliest publication date of a reporting document
    last_seen        DATE,
    outlets          VARCHAR[],
    best_event_id    VARCHAR,            -- the best evidence: most confident mention
    best_doc_key     VARCHAR,
    best_sentence    VARCHAR,
    best_start_char  INTEGER,
    best_end_char    INTEGER,
    updated_at       TIMESTAMP
);

-- Documented views for `dyadwatch sql` (see the README, "Merged events, exports and SQL").
-- v_events: one row per merged event (what to count), with the document of its best evidence.
CREATE OR REPLACE VIEW v_events AS
SELECT m.*, d.title AS best_title, d.url AS best_url, d.outlet AS best_outlet,
       d.pub_date AS best_pub_date
FROM merged_events m LEFT JOIN documents d ON d.doc_key = m.best_doc_key;

-- v_mentions: one row per stored event row (a sentence reporting an event), with its document,
-- its merged event and why it was merged there.
CREATE OR REPLACE VIEW v_mentions AS
SELECT em.merged_id, e.event_id, e.doc_key, d.doc_id, d.outlet, d.pub_date, d.title, d.url,
       e.event_date, e.date_basis, e.source_country, e.target_country, e.cameo, e.root,
       e.goldstein, e.quad_class, e.plover_type, e.modality, e.sentence, e.start_char,
       e.end_char, substr(d.text, e.start_char + 1, e.end_char - e.start_char) AS evidence,
       e.confidence, em.score AS merge_score, em.reason AS merge_reason
FROM events e JOIN documents d USING (doc_key) LEFT JOIN event_merges em USING (event_id);

-- v_actors: one row per actor (knowledge-base id, else country + sector, else its words) with
-- the merged events and mentions it takes part in.
CREATE OR REPLACE VIEW v_actors AS
SELECT coalesce(a.actor_id, a.country || coalesce('-' || a.sector, ''), lower(a.text)) AS actor,
       any_value(a.name) AS name, any_value(a.country) AS country, any_value(a.sector) AS sector,
       count(DISTINCT em.merged_id) AS n_events, count(DISTINCT a.event_id) AS n_mentions,
       count(DISTINCT a.event_id) FILTER (WHERE a.role = 'source') AS n_as_source,
       count(DISTINCT a.event_id) FILTER (WHERE a.role = 'target') AS n_as_target,
       min(e.event_date) AS first_date, max(e.event_date) AS last_date
FROM event_actors a JOIN events e USING (event_id) LEFT JOIN event_merges em USING (event_id)
GROUP BY 1;

-- dyad_units: what a dyad count counts, defined once. The unit is the real-world event (a
-- merged event; an event row not yet merged counts alone); it belongs to a directed country
-- pair when one of its asserted reports has that source and target country (reports in
-- near-duplicate copies of a stored story aside). Its date is its most precise report's, its
-- Goldstein the mean of its reports', n_mentions how many reports it has. The `dyads` command's
-- series (analytics/dyads.py) counts the same units.
CREATE OR REPLACE VIEW dyad_units AS
WITH reports AS (
    SELECT DISTINCT coalesce(em.merged_id, e.event_id) AS unit, e.event_id,
           s.country AS source_country, t.country AS target_country,
           e.goldstein, e.quad_class, e.event_date
    FROM events e
    JOIN event_actors s ON s.event_id = e.event_id AND s.role = 'source'
    JOIN event_actors t ON t.event_id = e.event_id AND t.role = 'target'
    LEFT JOIN event_merges em ON em.event_id = e.event_id
    WHERE e.modality = 'asserted' AND s.country IS NOT NULL AND t.country IS NOT NULL
      AND e.doc_key NOT IN (SELECT doc_key FROM duplicates WHERE doc_key IS NOT NULL)
)
-- Reports of one unit share its CAMEO root (merging requires it), so its QuadClass; a unit's
-- rows are distinct reports (event_id is in the DISTINCT): count(*) counts them.
SELECT unit, source_country, target_country, avg(goldstein) AS goldstein,
       min(quad_class) AS quad_class, count(*) AS n_mentions,
       coalesce(min(event_date) FILTER (WHERE length(event_date) = 10),
                min(event_date) FILTER (WHERE length(event_date) = 7),
                min(event_date)) AS event_date
FROM reports GROUP BY unit, source_country, target_country;

-- v_dyads: directed country pairs, their real-world events (dyad_units) counted once each.
CREATE OR REPLACE VIEW v_dyads AS
SELECT source_country, target_country, count(*) AS n_events, sum(n_mentions) AS n_mentions,
       round(avg(goldstein), 2) AS mean_goldstein,
       count(*) FILTER (WHERE quad_class IN (1, 2)) AS n_cooperation,
       count(*) FILTER (WHERE quad_class IN (3, 4)) AS n_conflict,
       min(event_date) AS first_date, max(event_date) AS last_date
FROM dyad_units GROUP BY source_country, target_country;

-- dyads: the one dyad count that `dyadwatch stats`, the dashboard, the API and `dyads` cite: a
-- directed country pair's asserted real-world events (merged events, each counted once however
-- many sentences, articles and outlets report it; n_mentions counts those reports).
CREATE OR REPLACE VIEW dyads AS
SELECT source_country, target_country, n_events, mean_goldstein, n_cooperation, n_conflict,
       first_date, last_date, n_mentions
FROM v_dyads;
