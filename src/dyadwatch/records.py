"""Typed records that flow between pipeline stages.

Stages exchange these frozen dataclasses, never loose dicts; the only dict conversion happens at
the JSON edge (`to_json`), which produces exactly the layout of ../shared/CONTRACT.md (schema 1).
No I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class RawDocument:
    """What an ingest reader produced: the bytes or text of one input document plus metadata
    that the input itself supplied (a JSON record's title/date/outlet, a page's URL)."""

    doc_id: str
    source: str  # file path or URL, for provenance
    media_type: str  # "text/plain" | "text/html"
    content: str
    content_hash: str  # sha256 of the raw content, hex
    title: str | None = None
    date: str | None = None  # publication date supplied by the input record (YYYY-MM-DD)
    url: str | None = None
    outlet: str | None = None
    error: str | None = None  # a reader that could not read the input says why here


@dataclass(frozen=True)
class Document:
    """A cleaned article: body text without boilerplate, plus metadata found in it."""

    doc_id: str
    source: str
    content_hash: str
    text: str
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    language: str = "en"
    warnings: tuple[str, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class DuplicateLink:
    """The document `doc_key` (for a byte-identical copy: the input at `source`) repeats the
    document `canonical_key`: a syndicated copy or an updated version of one story."""

    canonical_key: str
    kind: str  # "exact" (same content) | "near" (same story, estimated by MinHash)
    similarity: float  # estimated Jaccard similarity of the cleaned texts; 1.0 for exact
    source: str
    doc_id: str
    doc_key: str | None = None  # the copy's own stored row; None for an exact copy


@dataclass(frozen=True)
class Sentence:
    """A sentence of a Document, by character offsets into Document.text."""

    index: int
    start: int
    end: int
    text: str
    language: str = "en"  # Korean sentences in English articles are not coded by English rules


@dataclass(frozen=True)
class Actor:
    """Who: a phrase in the text resolved (as far as known) to a country and sector."""

    text: str
    name: str | None = None
    id: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3, or an IGO code (UNO, EUR, IGO, NGO)
    sector: str | None = None  # GOV MIL OPP LEG JUD COP PTY REB BUS MED ...
    start: int | None = None
    end: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "id": self.id,
            "country": self.country,
            "sector": self.sector,
            "start": self.start,
            "end": self.end,
        }


# A Mention is an Actor whose start/end are set; one type keeps the contract's equivalence visible.
Mention = Actor


@dataclass(frozen=True)
class Plover:
    type: str | None
    mode: str | None = None
    context: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "mode": self.mode, "context": list(self.context)}


@dataclass(frozen=True)
class Location:
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon}


@dataclass(frozen=True)
class Trigger:
    """The words that carry the event (verb, or verb + object noun), as evidence."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Event:
    source: tuple[Actor, ...]
    target: tuple[Actor, ...]
    cameo: str
    goldstein: float
    quad_class: int
    plover: Plover
    modality: str  # asserted | negated | hypothetical | future
    sentence: str
    start: int  # evidence span (source .. target) in Document.text
    end: int
    confidence: float
    trigger: Trigger
    sentence_index: int
    reciprocal: bool = False
    date: str | None = None
    date_text: str | None = None
    date_basis: str | None = None  # "text" (resolved from the sentence) | "publication"
    location: Location | None = None
    rule: str | None = None  # which coding rule produced the event, for explanations

    @property
    def root(self) -> str:
        return self.cameo[:2]

    def to_json(self) -> dict[str, Any]:
        return {
            "source": [a.to_json() for a in self.source],
            "target": [a.to_json() for a in self.target],
            "cameo": self.cameo,
            "root": self.root,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "plover": self.plover.to_json(),
            "modality": self.modality,
            "date": self.date,
            "date_text": self.date_text,
            "date_basis": self.date_basis,
            "location": self.location.to_json() if self.location else None,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "confidence": self.confidence,
            "trigger": {"text": self.trigger.text, "start": self.trigger.start,
                        "end": self.trigger.end},
            "sentence_index": self.sentence_index,
            "reciprocal": self.reciprocal,
            "rule": self.rule,
        }


@dataclass(frozen=True)
class Quote:
    text: str
    start: int
    end: int
    language: str
    speaker: Actor | None = None
    speaker_text: str | None = None
    date: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker.to_json() if self.speaker else None,
            "speaker_text": self.speaker_text,
            "date": self.date,
            "language": self.language,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Assessment:
    parties: tuple[Actor, Actor]
    polarity: float
    sentence: str
    start: int
    end: int
    trend: str | None = None
    holder: Actor | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "parties": [p.to_json() for p in self.parties],
            "polarity": self.polarity,
            "trend": self.trend,
            "holder": self.holder.to_json() if self.holder else None,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class CodedDocument:
    """The pipeline's output for one document: the contract's record."""

    document: Document
    mentions: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    sentences: tuple[Sentence, ...] = field(default=(), compare=False)

    def to_json(self) -> dict[str, Any]:
        doc = self.document
        return {
            "schema": SCHEMA_VERSION,
            "id": doc.doc_id,
            "title": doc.title,
            "date": doc.date,
            "outlet": doc.outlet,
            "author": doc.author,
            "language": doc.language,
            "text": doc.text,
            "mentions": [m.to_json() for m in self.mentions],
            "events": [e.to_json() for e in self.events],
            "quotes": [q.to_json() for q in self.quotes],
            "assessments": [a.to_json() for a in self.assessments],
            "error": doc.error,
            "warnings": list(doc.warnings),
            "source": doc.source,
            "url": doc.url,
            "content_hash": doc.content_hash,
        }
