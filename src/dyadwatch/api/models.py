"""Pydantic models of the REST API: validated query parameters in, response bodies out.

Query models are the single place where user input is checked (patterns, ranges, date order);
the HTML pages validate their forms with the same models. Response models are built from the
rows `dyadwatch.store.queries` returns.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# A country code (ISO 3166-1 alpha-3 or UNO/EUR/IGO/NGO) or a knowledge-base actor id such as
# "p:yoon-suk-yeol" or "Q6279".
ACTOR_KEY = r"^[A-Za-z0-9][A-Za-z0-9:_.\-]{0,63}$"
COUNTRY = r"^[A-Z]{3}$"
CAMEO = r"^[0-9]{2,4}$"
PLOVER = r"^[A-Z_]{2,40}$"
# YYYY, YYYY-MM or YYYY-MM-DD with real months and days. Filters compare dates as text at the
# given precision, so an impossible leap day (2023-02-29) still bounds a range correctly.
PARTIAL_DATE = (r"^[1-9][0-9]{3}(-(0[1-9]|1[0-2])|-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-9])"
                r"|-(0[13-9]|1[0-2])-30|-(0[13578]|1[02])-31)?$")
DOC_KEY = r"^[0-9a-f]{16}$"
EVENT_ID = r"^[0-9a-f]{16}-[0-9]{1,6}$"
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000

Modality = Literal["asserted", "negated", "hypothetical", "future"]
Order = Literal["newest", "oldest", "goldstein"]
Granularity = Literal["year", "month", "day"]


def check_partial_date(value: str | None) -> str | None:
    """Reject dates that match the pattern but do not exist ('2022-13', '2023-02-30')."""
    if value is None:
        return None
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a date ({exc}); use YYYY, YYYY-MM or YYYY-MM-DD")
    return value


class PageQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="Items per page.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")


class EventQuery(PageQuery):
    """Event filters; set filters are combined with AND."""

    source: str | None = Field(None, pattern=ACTOR_KEY,
                               description="Country code or actor id of a source actor.")
    target: str | None = Field(None, pattern=ACTOR_KEY,
                               description="Country code or actor id of a target actor.")
    both_directions: bool = Field(False, description="Also match source and target swapped.")
    country: str | None = Field(None, pattern=COUNTRY, description="Country on either side.")
    actor: str | None = Field(None, pattern=ACTOR_KEY, description="Actor id on either side.")
    cameo: str | None = Field(None, pattern=CAMEO, description="CAMEO code or prefix ('19').")
    plover: str | None = Field(None, pattern=PLOVER, description="PLOVER type, e.g. ASSAULT.")
    quad_class: int | None = Field(None, ge=1, le=4, description="1-4, GDELT's QuadClass.")
    modality: Modality | None = None
    date_from: str | None = Field(None, pattern=PARTIAL_DATE,
                                  description="Earliest event date, inclusive (YYYY[-MM[-DD]]).")
    date_to: str | None = Field(None, pattern=PARTIAL_DATE,
                                description="Latest event date, inclusive (YYYY[-MM[-DD]]).")
    outlet: str | None = Field(None, min_length=1, max_length=200)
    q: str | None = Field(None, min_length=1, max_length=200,
                          description="Text in the sentence or the document title.")
    order: Order = "newest"

    @model_validator(mode="after")
    def _dates_in_order(self) -> EventQuery:
        if self.date_from and self.date_to and \
                self.date_from[:len(self.date_to)] > self.date_to:
            raise ValueError(f"date_from {self.date_from} is after date_to {self.date_to}")
        return self


class DyadQuery(PageQuery):
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    country: str | None = Field(None, pattern=COUNTRY, description="Country on either side.")


class ActorQuery(PageQuery):
    q: str | None = Field(None, min_length=1, max_length=200, description="Name or key text.")


class QuoteQuery(PageQuery):
    speaker: str | None = Field(None, pattern=ACTOR_KEY,
                                description="Speaker's country code or actor id.")
    language: str | None = Field(None, pattern=r"^[a-z]{2,3}$")
    q: str | None = Field(None, min_length=1, max_length=200)


class DocumentQuery(PageQuery):
    q: str | None = Field(None, min_length=1, max_length=200, description="Title or id text.")
    outlet: str | None = Field(None, min_length=1, max_length=200)


# -- responses -------------------------------------------------------------------------------

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    total: int = Field(description="Items matching the filters, over all pages.")
    limit: int
    offset: int
    items: list[T]


class Error(BaseModel):
    detail: str


class Span(BaseModel):
    start: int
    end: int


class ActorOut(BaseModel):
    text: str | None
    name: str | None
    id: str | None
    country: str | None
    sector: str | None
    start_char: int | None
    end_char: int | None


class EventOut(BaseModel):
    event_id: str
    doc_key: str
    event_idx: int
    doc_id: str
    title: str | None
    pub_date: dt.date | None
    outlet: str | None
    event_date: str | None
    date_precision: str | None
    date_text: str | None
    source: list[ActorOut]
    target: list[ActorOut]
    cameo: str
    root: str
    goldstein: float | None
    quad_class: int | None
    plover_type: str | None
    plover_mode: str | None
    modality: str
    reciprocal: bool | None
    sentence: str | None
    start_char: int | None = Field(description="Evidence span in the document text.")
    end_char: int | None
    evidence: str | None
    evidence_in_sentence: Span | None = Field(description="Where the evidence lies in sentence.")
    trigger_text: str | None
    trigger_in_sentence: Span | None
    confidence: float | None
    location_name: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> EventOut:
        sentence = row.get("sentence") or ""
        evidence = _find(sentence, row.get("evidence"), 0)
        trigger = _find(sentence, row.get("trigger_text"), evidence.start if evidence else 0)
        return cls(**row, evidence_in_sentence=evidence, trigger_in_sentence=trigger)


def _find(text: str, part: str | None, start: int) -> Span | None:
    """Where `part` occurs in `text` at or after `start` (the stored sentence and evidence
    are both cut from the document text, so an exact match is expected)."""
    if not part:
        return None
    at = text.find(part, start)
    return Span(start=at, end=at + len(part)) if at >= 0 else None


class DyadOut(BaseModel):
    source_country: str
    target_country: str
    n_events: int
    mean_goldstein: float | None
    n_cooperation: int
    n_conflict: int
    first_date: str | None
    last_date: str | None


class SeriesPoint(BaseModel):
    period: str = Field(description="'2022', '2022-10' or '2022-10-04' by granularity.")
    n_events: int
    mean_goldstein: float | None
    sum_goldstein: float | None
    n_cooperation: int = Field(description="QuadClass 1-2 events.")
    n_conflict: int = Field(description="QuadClass 3-4 events.")


class AssessmentOut(BaseModel):
    """A sentence saying how the relationship of two parties stands or moves."""

    date: str | None = Field(description="Publication date of the document.")
    party1_text: str | None
    party1_country: str | None
    party1_sector: str | None
    party2_text: str | None
    party2_country: str | None
    party2_sector: str | None
    polarity: float = Field(description="-1 hostile .. +1 close.")
    trend: str | None = Field(description="improving | worsening | stable | null.")
    holder_text: str | None = Field(description="Whose view, when stated.")
    holder_country: str | None
    sentence: str
    start_char: int
    end_char: int
    doc_key: str
    doc_id: str
    title: str | None
    outlet: str | None


class DyadSeries(BaseModel):
    source: str
    target: str
    granularity: Granularity
    points: list[SeriesPoint]
    n_undated: int = Field(description="Events dated too coarsely (or not at all) to place.")
    summary: DyadOut | None


class Overview(BaseModel):
    counts: dict[str, int]
    top_dyads: list[DyadOut]
    latest_events: list[EventOut]


class ActorListItem(BaseModel):
    key: str
    kind: Literal["actor", "country"]
    name: str | None
    country: str | None
    n_events: int


class RoleRow(BaseModel):
    period: str
    role: Literal["source", "target"]
    country: str | None
    sector: str | None
    n_events: int
    mean_goldstein: float | None


class ActorProfile(BaseModel):
    key: str
    kind: Literal["actor", "country"]
    names: list[str]
    granularity: Granularity
    n_as_source: int
    n_as_target: int
    first_date: str | None
    last_date: str | None
    roles: list[RoleRow] = Field(description="Events per period, role, country and sector.")


class QuoteOut(BaseModel):
    doc_key: str
    quote_idx: int
    text: str | None
    speaker_text: str | None
    speaker_name: str | None
    speaker_id: str | None
    speaker_country: str | None
    speaker_sector: str | None
    quote_date: str | None
    language: str | None
    start_char: int | None
    end_char: int | None
    title: str | None
    pub_date: dt.date | None
    outlet: str | None


class MentionOut(ActorOut):
    mention_idx: int


class DocumentSummary(BaseModel):
    doc_key: str
    doc_id: str
    source: str | None
    url: str | None
    title: str | None
    pub_date: dt.date | None
    outlet: str | None
    author: str | None
    language: str | None
    n_events: int | None
    warnings: list[str] | None


class DocumentOut(DocumentSummary):
    text: str | None = Field(description="Cleaned body; all offsets index this text.")
    events: list[EventOut]
    quotes: list[QuoteOut]
    mentions: list[MentionOut]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> DocumentOut:
        return cls(**{**row, "events": [EventOut.from_row(e) for e in row["events"]]})


class DocumentIn(BaseModel):
    """A document to code and store (only when the server runs with --writable)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=500)
    text: str = Field(min_length=1, max_length=2_000_000)
    title: str | None = Field(None, max_length=1000)
    date: str | None = Field(None, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    url: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=200)

    _date = field_validator("date")(check_partial_date)


class StoreResult(BaseModel):
    seen: int
    stored: int
    skipped: int = Field(description="Already in the database (same content).")
    errors: int
    events: int
