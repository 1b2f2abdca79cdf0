"""Dashboard pages, rendered on the server from the same queries and models as the API.

Jinja2 autoescaping is on for every template, so text from documents (titles, sentences,
quotes, whole bodies) always reaches the browser as text. Forms are plain GET forms validated
with the API's query models; an invalid value gives the page back with a 400 and the problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

import duckdb
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel, ValidationError

from dyadwatch.analytics import dyads as analytics
from dyadwatch.api import models as m
from dyadwatch.api.routes import cursor, event_filter
from dyadwatch.coding.cameo import CameoTable
from dyadwatch.data import country_names
from dyadwatch.store import queries
from dyadwatch.web.markup import Mark, runs

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Con = Annotated[duckdb.DuckDBPyConnection, Depends(cursor)]
Q = TypeVar("Q", bound=BaseModel)


def _make_templates() -> Jinja2Templates:
    env = Environment(loader=PackageLoader("dyadwatch.web", "templates"),
                      autoescape=select_autoescape(["html"], default=True),
                      trim_blocks=True, lstrip_blocks=True)
    cameo = CameoTable.load()
    names = country_names()
    env.globals.update(
        country_name=lambda code: names.get(code or "", code or ""),
        cameo_name=lambda code: cameo[code].name if code in cameo else "",
        sentence_runs=sentence_runs, qs=qs)
    return Jinja2Templates(env=env)


def qs(params: Mapping[str, Any], **changes: Any) -> str:
    """A query string from `params` with `changes` applied; empty values are dropped."""
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "", False)})


def sentence_runs(event: m.EventOut) -> list[Any]:
    """The event's sentence cut into runs with the evidence and the trigger marked."""
    marks = []
    if event.evidence_in_sentence:
        marks.append(Mark(event.evidence_in_sentence.start, event.evidence_in_sentence.end,
                          "evidence"))
    if event.trigger_in_sentence:
        marks.append(Mark(event.trigger_in_sentence.start, event.trigger_in_sentence.end,
                          "trigger"))
    return runs((event.sentence or "").rstrip(), marks)


templates = _make_templates()


def _validate(model: type[Q], request: Request) -> tuple[Q, list[str]]:
    """The page's query parameters as `model`; on invalid input the defaults and the problems.
    Empty form fields count as absent."""
    raw = {k: v for k, v in request.query_params.items() if v.strip()}
    try:
        return model.model_validate(raw), []
    except ValidationError as exc:
        problems = [f"{'.'.join(str(p) for p in e['loc']) or 'form'}: {e['msg']}"
                    for e in exc.errors()]
        return model(), problems


def _page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("problems", [])
    if context["problems"]:
        status = 400
    return templates.TemplateResponse(request, name, {"db_name": request.app.state.db_name,
                                                      **context}, status_code=status)


def _not_found(request: Request, what: str) -> HTMLResponse:
    return _page(request, "error.html", status=404, message=f"{what} is not in this database.")


@router.get("/")
def overview_page(request: Request, con: Con) -> HTMLResponse:
    return _page(request, "overview.html", counts=queries.counts(con),
                 dyads=[m.DyadOut(**d) for d in queries.list_dyads(con, limit=10).items],
                 events=[m.EventOut.from_row(e) for e in queries.latest_events(con, 10)])


@router.get("/dyads")
def dyads_page(request: Request, con: Con) -> HTMLResponse:
    q, problems = _validate(m.DyadQuery, request)
    page = queries.list_dyads(con, q.country, q.limit, q.offset)
    return _page(request, "dyads.html", q=q, page=page, problems=problems,
                 params=q.model_dump(exclude_defaults=True),
                 dyads=[m.DyadOut(**d) for d in page.items])


@router.get("/dyads/{source}/{target}")
def dyad_page(request: Request, con: Con, source: str, target: str) -> HTMLResponse:
    summary = queries.dyad_summary(con, source, target)
    if summary is None:
        return _not_found(request, f"The dyad {source} → {target}")
    reverse = queries.dyad_summary(con, target, source)
    return _page(request, "dyad.html", dyad=m.DyadOut(**summary),
                 reverse=m.DyadOut(**reverse) if reverse else None,
                 assessments=[m.AssessmentOut(**a)
                              for a in analytics.dyad_assessments(con, source, target)])


@router.get("/events")
def events_page(request: Request, con: Con) -> HTMLResponse:
    q, problems = _validate(m.EventQuery, request)
    page = queries.list_events(con, event_filter(q), q.limit, q.offset, q.order)
    return _page(request, "events.html", q=q, page=page, problems=problems,
                 params=q.model_dump(exclude_defaults=True),
                 events=[m.EventOut.from_row(e) for e in page.items],
                 outlets=queries.outlets(con), plover_types=queries.plover_types(con))


@router.get("/actors")
def actors_page(request: Request, con: Con) -> HTMLResponse:
    q, problems = _validate(m.ActorQuery, request)
    page = queries.list_actors(con, q.q, q.limit, q.offset)
    return _page(request, "actors.html", q=q, page=page, problems=problems,
                 params=q.model_dump(exclude_defaults=True),
                 actors=[m.ActorListItem(**a) for a in page.items])


@router.get("/actors/{key}")
def actor_page(request: Request, con: Con, key: str) -> HTMLResponse:
    profile = queries.actor_profile(con, key)
    if profile is None:
        return _not_found(request, f"The actor {key}")
    side = {"actor": key} if profile["kind"] == "actor" else {"country": key}
    events = queries.list_events(con, queries.EventFilter.from_mapping(side), limit=20)
    quotes = queries.list_quotes(con, speaker=key, limit=20)
    return _page(request, "actor.html", actor=m.ActorProfile(**profile), side=side,
                 events=[m.EventOut.from_row(e) for e in events.items], n_events=events.total,
                 quotes=[m.QuoteOut(**x) for x in quotes.items], n_quotes=quotes.total)


@router.get("/quotes")
def quotes_page(request: Request, con: Con) -> HTMLResponse:
    q, problems = _validate(m.QuoteQuery, request)
    page = queries.list_quotes(con, q.speaker, q.language, q.q, None, q.limit, q.offset)
    return _page(request, "quotes.html", q=q, page=page, problems=problems,
                 params=q.model_dump(exclude_defaults=True),
                 quotes=[m.QuoteOut(**x) for x in page.items])


@router.get("/documents")
def documents_page(request: Request, con: Con) -> HTMLResponse:
    q, problems = _validate(m.DocumentQuery, request)
    page = queries.list_documents(con, q.q, q.outlet, q.limit, q.offset)
    return _page(request, "documents.html", q=q, page=page, problems=problems,
                 params=q.model_dump(exclude_defaults=True), outlets=queries.outlets(con),
                 documents=[m.DocumentSummary(**d) for d in page.items])


@router.get("/documents/{doc_key}")
def document_page(request: Request, con: Con, doc_key: str) -> HTMLResponse:
    row = queries.get_document(con, doc_key)
    if row is None:
        return _not_found(request, f"The document {doc_key}")
    doc = m.DocumentOut.from_row(row)
    return _page(request, "document.html", doc=doc, text_runs=runs(doc.text or "",
                                                                    document_marks(doc)))


def document_marks(doc: m.DocumentOut) -> list[Mark]:
    """Events' evidence spans, their triggers, quotes and actor mentions in the document."""
    marks: list[Mark] = []
    for e in doc.events:
        if e.start_char is not None and e.end_char is not None:
            marks.append(Mark(e.start_char, e.end_char, "evidence", anchor=f"ev-{e.event_idx}",
                              title=f"event {e.event_idx}: {e.cameo} {e.plover_type or ''}"))
    for qt in doc.quotes:
        if qt.start_char is not None and qt.end_char is not None:
            marks.append(Mark(qt.start_char, qt.end_char, "quote", anchor=f"q-{qt.quote_idx}",
                              title=f"quote {qt.quote_idx}"))
    for mn in doc.mentions:
        if mn.start_char is not None and mn.end_char is not None:
            label = " ".join(x for x in (mn.country, mn.sector) if x) or "unresolved"
            marks.append(Mark(mn.start_char, mn.end_char, "mention", title=label))
    return marks


@router.get("/api/docs")
def api_docs(request: Request) -> HTMLResponse:
    """Swagger UI, served from the package (no CDN)."""
    return _page(request, "apidocs.html")
