"""Direct quotes with their speakers.

A quote is text in straight or curly double quotation marks (at least three words); its speaker
is the subject of a speech verb in the same sentence ("..., Yoon said", "Kishida said: ...",
"according to the ministry"). Issue #6 adds broadcast-transcript quotes and cross-sentence
attribution."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from dyadwatch.clean.language import has_hangul

_QUOTE = re.compile(r"“([^”]{3,2000})”|\"([^\"]{3,2000})\"")
SPEECH_VERBS = {"say", "tell", "add", "state", "declare", "announce", "note", "stress",
                "warn", "insist", "argue", "write", "claim", "remark", "emphasize", "emphasise",
                "explain", "ask", "reply", "respond", "comment", "urge", "vow", "pledge"}


@dataclass(frozen=True)
class QuoteSpan:
    start: int  # character offsets of the quoted words (without the marks)
    end: int
    text: str
    language: str
    speaker: Token | None  # head token of the speaker phrase


def find_quotes(doc: Doc) -> list[QuoteSpan]:
    quotes = []
    for m in _QUOTE.finditer(doc.text):
        group = 1 if m.group(1) is not None else 2
        text = m.group(group)
        if len(text.split()) < 3 and not has_hangul(text):
            continue
        start, end = m.start(group), m.end(group)
        quotes.append(QuoteSpan(start, end, text, "ko" if has_hangul(text) else "en",
                                _speaker_for(doc, m.start(), m.end())))
    return quotes


def _speaker_for(doc: Doc, q_start: int, q_end: int) -> Token | None:
    """The subject of the nearest speech verb outside the quote, in the quote's sentence(s)."""
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
    return best[1] if best else None


def _speech_verbs(sent: Span) -> list[Token]:
    return [t for t in sent if t.pos_ == "VERB" and t.lemma_.lower() in SPEECH_VERBS]


def _according_to(sent: Span, q_start: int, q_end: int) -> Token | None:
    for token in sent:
        if token.lower_ == "according" and not q_start <= token.idx < q_end:
            to = next((c for c in token.children if c.lower_ == "to"), None)
            if to is not None:
                return next((c for c in to.children if c.dep_ == "pobj"), None)
    return None
