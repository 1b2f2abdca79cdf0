"""Column layouts of other event datasets, written out here from their published codebooks
(the files themselves are not copied), and the SQL that fills them from `merged_events`."""

from __future__ import annotations

# GDELT 2.0 event table: 61 tab-separated columns, in file order (GDELT 2.0 event codebook).
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{field}" for n in (1, 2) for field in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
        "Religion2Code", "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{geo}_{field}" for geo in ("Actor1Geo", "Actor2Geo", "ActionGeo") for field in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)

# POLECAT weekly files (PLOVER-coded, tab-separated), in file order. Older weekly files call
# "Event Intensity" just "Intensity".
POLECAT_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code",
    "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors",
    "Actor Title", "Actor Name Raw", "Wikipedia Actor ID",
    "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector",
    "Recipient Sectors", "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID",
    "Placename", "City", "District", "Province", "Country", "Latitude", "Longitude",
    "GeoNames ID", "Raw Placename", "Feature Type",
    "Source", "Publication Date", "Story People", "Story Organizations", "Story Locations",
    "Language", "Version",
    "Modality",  # ours: asserted | negated | future | hypothetical (POLECAT has no such column)
)

# Each merged event with its best mention, that mention's document and the actors of each side
# (names and countries joined with ';' for multi-party events).
_SIDES = """
WITH sides AS (
    SELECT event_id, role,
           string_agg(coalesce(name, text), ';' ORDER BY position) AS names,
           string_agg(text, ';' ORDER BY position) AS raw,
           string_agg(country, ';' ORDER BY position) AS countries,
           string_agg(sector, ';' ORDER BY position) AS sectors,
           first(coalesce(name, text) ORDER BY position) AS first_name
    FROM event_actors GROUP BY event_id, role
)
"""
_FROM = """
FROM merged_events m
JOIN events be ON be.event_id = m.best_event_id
JOIN documents d ON d.doc_key = m.best_doc_key
LEFT JOIN sides src ON src.event_id = m.best_event_id AND src.role = 'source'
LEFT JOIN sides tgt ON tgt.event_id = m.best_event_id AND tgt.role = 'target'
"""

# The day GDELT's date columns need: the event's day, the first of its month or year when it
# is only known that precisely, else the day it was first reported.
_DAY = ("coalesce(CAST(CASE length(m.event_date) WHEN 10 THEN m.event_date "
        "WHEN 7 THEN m.event_date || '-01' WHEN 4 THEN m.event_date || '-01-01' END AS DATE), "
        "m.first_seen)")


def _actor(n: int, side: str, alias: str) -> list[str]:
    """GDELT Actor{n}* columns from merged_events' {side}_* fields."""
    return [
        f"nullif(coalesce(m.{side}_country, '') || coalesce(m.{side}_sector, ''), '')",
        f"upper({alias}.first_name)", f"m.{side}_country",
        *["NULL"] * 4,  # known group, ethnic, religion 1 and 2: not coded
        f"m.{side}_sector", "NULL", "NULL",
    ]


def modality_filter(modalities: tuple[str, ...] | None, column: str = "m.modality") -> str:
    """A WHERE clause keeping the events of these modalities (None: every event)."""
    if modalities is None:
        return ""
    quoted = ", ".join("'" + m.replace("'", "''") + "'" for m in modalities)
    return f"WHERE {column} IN ({quoted})\n"


def gdelt_select(modalities: tuple[str, ...] | None = ("asserted",)) -> str:
    """One GDELT 2.0 row per merged event. GLOBALEVENTID is a stable 52-bit number derived
    from the merged id; country codes are ISO 3166-1 alpha-3 (GDELT's ActionGeo uses FIPS);
    AvgTone and the actor geography are not coded (empty)."""
    values = [
        "CAST(('0x' || left(md5(m.merged_id), 13)) AS BIGINT)",
        f"CAST(strftime({_DAY}, '%Y%m%d') AS INTEGER)",
        f"CAST(strftime({_DAY}, '%Y%m') AS INTEGER)",
        f"year({_DAY})",
        f"round(year({_DAY}) + dayofyear({_DAY}) / 365.0, 4)",
        *_actor(1, "source", "src"), *_actor(2, "target", "tgt"),
        # The root event: the first event of the document's lead sentence (GDELT marks its
        # lead's events as roots, a proxy for what the story is about).
        "CASE WHEN be.sentence_index = 0 AND be.event_idx = (SELECT min(x.event_idx) FROM "
        "events x WHERE x.doc_key = be.doc_key AND x.sentence_index = 0) THEN 1 ELSE 0 END",
        "m.cameo", "left(m.cameo, 3)", "m.root", "m.quad_class", "m.goldstein",
        "m.n_mentions", "m.n_sources", "m.n_articles", "NULL::DOUBLE",
        *["NULL"] * 16,  # Actor1Geo_*, Actor2Geo_*
        "CASE WHEN m.lat IS NOT NULL THEN 4 WHEN m.location_country IS NOT NULL THEN 1 END",
        "m.location_name", "m.location_country", "NULL", "NULL", "m.lat", "m.lon", "NULL",
        "CAST(strftime(m.updated_at, '%Y%m%d%H%M%S') AS BIGINT)",
        "coalesce(d.url, d.source)",
    ]
    assert len(values) == len(GDELT_COLUMNS)
    cols = ",\n    ".join(f'{v} AS "{c}"' for v, c in zip(values, GDELT_COLUMNS))
    return f"{_SIDES}SELECT\n    {cols}\n{_FROM}{modality_filter(modalities)}ORDER BY 2, 1"


def polecat_select(version: str, modalities: tuple[str, ...] | None = ("asserted",)) -> str:
    """One POLECAT row per merged event. Actor and Recipient hold every actor of each side,
    ';'-separated; COW codes, titles, Wikipedia ids and story entities are not coded (empty);
    Event Intensity is the Goldstein value and Quad Code the GDELT QuadClass (1-4)."""
    values = [
        "m.merged_id", "m.event_date", "m.plover_type", "m.plover_mode", "m.goldstein",
        "m.quad_class", "array_to_string(m.plover_context, ';')",
        "src.names", "src.countries", "NULL", "m.source_sector", "src.sectors", "NULL",
        "src.raw", "NULL",
        "tgt.names", "tgt.countries", "NULL", "m.target_sector", "tgt.sectors", "NULL",
        "tgt.raw", "NULL",
        "m.location_name", "NULL", "NULL", "NULL", "m.location_country", "m.lat", "m.lon",
        "NULL", "m.location_name", "NULL",
        "array_to_string(m.outlets, ';')", "m.first_seen", "NULL", "NULL", "NULL",
        "d.language", f"'dyadwatch {version}'", "m.modality",
    ]
    assert len(values) == len(POLECAT_COLUMNS)
    cols = ",\n    ".join(f'{v} AS "{c}"' for v, c in zip(values, POLECAT_COLUMNS))
    return (f"{_SIDES}SELECT\n    {cols}\n{_FROM}{modality_filter(modalities)}"
            "ORDER BY 2 NULLS LAST, 1")
