"""Direct quotes with their speakers.

Two kinds:
* quotes in straight or curly double quotation marks (at least three words, or Korean text);
  the speaker is the subject of the nearest speech verb outside the quote in the quote's
  sentence(s) ("..., Yoon said", "Kishida said: ...", "said the ministry"), the object of
  "according to", or the phrase a colon introduces ("Kishida: ...", "Kishida was blunt: ...");
* broadcast-transcript quotes, "[Name / Title : words]" and "[Name / Title (date) : words]", in
  Korean or English: the name and title belong to the speaker, the date in brackets to the quote.
  These are read from the text alone, so they are found in documents that are not parsed too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from dyadwatch.clean.language import has_hangul

_QUOTE = re.compile(r"“([^”]{3,2000})”|\"([^\"]{3,2000})\"")
_TRANSCRIPT = re.compile(
    r"\[\s*(?P<name>[^\[\]/:()\n]{1,60}?)\s*/\s*(?P<title>[^\[\]/:()\n]{1,120}?)\s*"
    r"(?:\(\s*(?P<date>[^()\[\]\n]{1,40}?)\s*\)\s*)?:\s*(?P<words>[^\[\]]{2,5000}?)\s*\]")
SPEECH_VERBS = {"say", "tell", "add", "state", "declare", "announce", "note", "stress",
                "warn", "insist", "argue", "write", "claim", "remark", "emphasize", "emphasise",
                "explain", "ask", "reply", "respond", "comment", "urge", "vow", "pledge"}
_NOUNS = {"NOUN", "PROPN", "PRON"}


def quote_language(text: str) -> str:
    return "ko" if has_hangul(text) else "en"


@dataclass(frozen=True)
class QuoteSpan:
    start: int  # character offsets of the quoted words (without the marks)
    end: int
    text: str
    language: str
    speaker: Token | None  # head token of the speaker phrase


@dataclass(frozen=True)
class TranscriptQuote:
    """A bracketed transcript quote, by character offsets into the document text."""

    start: int
    end: int
    text: str
    language: str
    name: str
    name_start: int
    title: str
    date_text: str | None


def find_transcript_quotes(text: str) -> list[TranscriptQuote]:
    return [TranscriptQuote(m.start("words"), m.end("words"), m.group("words"),
                            quote_language(m.group("words")), m.group("name"), m.start("name"),
                            m.group("title"), m.group("date"))
            for m in _TRANSCRIPT.finditer(text)]


def find_quotes(doc: Doc, skip: list[tuple[int, int]] | None = None) -> list[QuoteSpan]:
    """Quotes in quotation marks, outside the character ranges in `skip` (transcript quotes)."""
    skip = skip or []
    quotes = []
    for m in _QUOTE.finditer(doc.text):
        group = 1 if m.group(1) is not None else 2
        text = m.group(group)
        if len(text.split()) < 3 and not has_hangul(text):
            continue
        if any(s <= m.start() < e for s, e in skip):
            continue
        start, end = m.start(group), m.end(group)
        quotes.append(QuoteSpan(start, end, text, quote_language(text),
                                _speaker_for(doc, m.start(), m.end())))
    return quotes


def _speaker_for(doc: Doc, q_start: int, q_end: int) -> Token | None:
    """The subject of the nearest speech verb outside the quote, in the quote's sentence(s);
    else the object of "according to"; else the phrase a colon introduces."""
    span = doc.char_span(q_start, q_end, alignment_mode="expand")
    if span is None:
        return None
    sentences = {span[0].sent.start: span[0].sent, span[-1].sent.start: span[-1].sent}
    best: tuple[int, Token] | None = None
    for sent in sentences.values():
        for token in _speech_verbs(sent):
            if q_start <= token.idx < q_end:
                continue
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None:
                continue
            distance = min(abs(token.idx - q_start), abs(token.idx - q_end))
            if best is None or distance < best[0]:
                best = (distance, subject)
        according = _according_to(sent, q_start, q_end)
        if according is not None and best is None:
            best = (0, according)
    if best is None:
        return _colon_introducer(doc, span)
    return best[1]


def _speech_verbs(sent: Span) -> list[Token]:
    return [t for t in sent if t.pos_ == "VERB" and t.lemma_.lower() in SPEECH_VERBS]


def _according_to(sent: Span, q_start: int, q_end: int) -> Token | None:
    for token in sent:
        if token.lower_ == "according" and not q_start <= token.idx < q_end:
            to = next((c for c in token.children if c.lower_ == "to"), None)
            if to is not None:
                return next((c for c in to.children if c.dep_ == "pobj"), None)
    return None


def _colon_introducer(doc: Doc, quote: Span) -> Token | None:
    """'Kishida: "..."' names the speaker before the colon; 'Kishida was blunt: "..."' names
    the subject of the clause before it."""
    before = [t for t in _tokens_before(doc, quote.start) if not t.is_space]
    if len(before) < 2 or before[0].text != ":":
        return None
    previous = before[1]
    if previous.pos_ in _NOUNS:
        return previous
    clause = previous if previous.pos_ in ("VERB", "AUX") else previous.head
    return next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _tokens_before(doc: Doc, index: int) -> Iterator[Token]:
    """Tokens before `index`, nearest first, skipping the opening quotation mark."""
    for i in range(index - 1, -1, -1):
        if doc[i].text in ('"', "“"):
            continue
        yield doc[i]
