"""JSON endpoints under /api, one per dashboard view. Read-only except `POST /api/documents`,
which exists only when the server was started with --writable."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from typing import Annotated, Any

import duckdb
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request

from dyadwatch.analytics import dyads as analytics
from dyadwatch.api import models as m
from dyadwatch.store import queries

router = APIRouter(tags=["read"])
write_router = APIRouter(tags=["write"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": m.Error, "description": "No such item."}}


def cursor(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB cursor of its own for each request: a connection object must not be shared
    between the threads FastAPI runs sync endpoints in."""
    cur = request.app.state.store.con.cursor()
    try:
        yield cur
    finally:
        cur.close()


Con = Annotated[duckdb.DuckDBPyConnection, Depends(cursor)]
CountryPath = Annotated[str, Path(pattern=m.COUNTRY, description="Country code, e.g. KOR.")]


def page_of(model: type[Any], page: queries.Page, convert: Any = None) -> Any:
    """A `Page[model]` response from a query page; `convert` builds an item (default:
    `model(**row)`)."""
    build = convert or (lambda row: model(**row))
    page_model = m.Page[model]  # type: ignore[valid-type]
    return page_model(total=page.total, limit=page.limit, offset=page.offset,
                      items=[build(row) for row in page.items])


def event_filter(q: m.EventQuery) -> queries.EventFilter:
    return queries.EventFilter.from_mapping(q.model_dump())


@router.get("/overview", response_model=m.Overview, summary="Counts, top dyads, latest events")
def overview(con: Con, top: Annotated[int, Query(ge=1, le=100)] = 10) -> m.Overview:
    return m.Overview(
        counts=queries.counts(con),
        top_dyads=[m.DyadOut(**d) for d in queries.list_dyads(con, limit=top).items],
        latest_events=[m.EventOut.from_row(e) for e in queries.latest_events(con, top)])


@router.get("/dyads", response_model=m.Page[m.DyadOut], summary="Directed country dyads")
def dyads(con: Con, q: Annotated[m.DyadQuery, Query()]) -> m.Page[m.DyadOut]:
    page = queries.list_dyads(con, q.country, q.limit, q.offset)
    return page_of(m.DyadOut, page)


@router.get("/dyads/{source}/{target}/series", response_model=m.DyadSeries, responses=NOT_FOUND,
            summary="Cooperation-conflict time series of a dyad")
def dyad_series(con: Con, source: CountryPath, target: CountryPath,
                granularity: m.Granularity = "month") -> m.DyadSeries:
    """Asserted events from SOURCE to TARGET per period: counts, mean and summed Goldstein.
    List a point's events with `GET /api/events?source=..&target=..&modality=asserted&date_from=
    PERIOD&date_to=PERIOD`."""
    summary = queries.dyad_summary(con, source, target)
    if summary is None:
        raise HTTPException(404, f"no asserted events from {source} to {target}")
    series = queries.dyad_series(con, source, target, granularity)
    return m.DyadSeries(**series, summary=m.DyadOut(**summary))


@router.get("/dyads/{source}/{target}/assessments", response_model=list[m.AssessmentOut],
            summary="Relationship assessments about two countries")
def dyad_assessments(con: Con, source: CountryPath,
                     target: CountryPath) -> list[m.AssessmentOut]:
    """Sentences saying how the relationship of SOURCE and TARGET stands or moves, in either
    order (a relationship has no direction), oldest first."""
    return [m.AssessmentOut(**a) for a in analytics.dyad_assessments(con, source, target)]


@router.get("/events", response_model=m.Page[m.EventOut], summary="Events, filtered")
def events(con: Con, q: Annotated[m.EventQuery, Query()]) -> m.Page[m.EventOut]:
    page = queries.list_events(con, event_filter(q), q.limit, q.offset, q.order)
    return page_of(m.EventOut, page, m.EventOut.from_row)


@router.get("/events/{event_id}", response_model=m.EventOut, responses=NOT_FOUND,
            summary="One event")
def event(con: Con, event_id: Annotated[str, Path(pattern=m.EVENT_ID)]) -> m.EventOut:
    row = queries.get_event(con, event_id)
    if row is None:
        raise HTTPException(404, f"no event {event_id}")
    return m.EventOut.from_row(row)


@router.get("/actors", response_model=m.Page[m.ActorListItem], summary="Actors and countries")
def actors(con: Con, q: Annotated[m.ActorQuery, Query()]) -> m.Page[m.ActorListItem]:
    page = queries.list_actors(con, q.q, q.limit, q.offset)
    return page_of(m.ActorListItem, page)


@router.get("/actors/{key}", response_model=m.ActorProfile, responses=NOT_FOUND,
            summary="An actor's names and roles over time")
def actor(con: Con, key: Annotated[str, Path(pattern=m.ACTOR_KEY)],
          granularity: m.Granularity = "month") -> m.ActorProfile:
    """KEY is a knowledge-base actor id (`p:yoon-suk-yeol`) or a country code (`KOR`). Its
    events: `GET /api/events?actor=KEY` (or `country=KEY`); its quotes: `GET /api/quotes?
    speaker=KEY`."""
    profile = queries.actor_profile(con, key, granularity)
    if profile is None:
        raise HTTPException(404, f"no actor or country {key} in any event or quote")
    return m.ActorProfile(**profile)


@router.get("/quotes", response_model=m.Page[m.QuoteOut], summary="Direct quotes")
def quotes(con: Con, q: Annotated[m.QuoteQuery, Query()]) -> m.Page[m.QuoteOut]:
    page = queries.list_quotes(con, q.speaker, q.language, q.q, None, q.limit, q.offset)
    return page_of(m.QuoteOut, page)


@router.get("/documents", response_model=m.Page[m.DocumentSummary], summary="Documents")
def documents(con: Con, q: Annotated[m.DocumentQuery, Query()]) -> m.Page[m.DocumentSummary]:
    page = queries.list_documents(con, q.q, q.outlet, q.limit, q.offset)
    return page_of(m.DocumentSummary, page)


@router.get("/documents/{doc_key}", response_model=m.DocumentOut, responses=NOT_FOUND,
            summary="A document with its events, quotes and mentions")
def document(con: Con, doc_key: Annotated[str, Path(pattern=m.DOC_KEY)]) -> m.DocumentOut:
    row = queries.get_document(con, doc_key)
    if row is None:
        raise HTTPException(404, f"no document {doc_key}")
    return m.DocumentOut.from_row(row)


write_lock = threading.Lock()


@write_router.post("/documents", response_model=m.StoreResult, summary="Code and store documents")
def add_documents(request: Request, docs: list[m.DocumentIn]) -> m.StoreResult:
    """Code the posted documents and store them; documents already stored are skipped. The
    spaCy pipeline loads on the first call."""
    from dyadwatch.api.watch import store_inputs

    lines = "".join(json.dumps(d.model_dump(exclude_none=True), ensure_ascii=False) + "\n"
                    for d in docs)
    stats = store_inputs(request.app.state, write_lock, ["-"], stdin=io.StringIO(lines))
    return m.StoreResult(seen=stats.seen, stored=stats.stored, skipped=stats.skipped,
                         errors=stats.errors, events=stats.events)
