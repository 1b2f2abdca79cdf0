"""When are two event mentions the same real-world event? The merge rule, free of I/O.

A mention is one stored event row (one sentence of one document). Two mentions can merge only
when they have compatible actors (the same actor key, or one report names no recipient and its
source takes part in the other), the same modality and a compatible code (same CAMEO root),
and their days are at most `window_days` apart. Among such pairs a score weighs the code, the
date and the wording; pairs scoring at least `threshold` merge. Every decision is kept with a
reason string so that `dyadwatch events explain` can show it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# CAMEO 04 (consult: meetings, calls, talks) is reported in either direction ("Yoon called
# Kishida", "Kishida held talks with Yoon"), so its actors are compared as an unordered set.
UNDIRECTED_ROOTS = frozenset({"04"})

_WORD = re.compile(r"[a-z]+")  # "test-fired" gives "test" and "fired"
# Function words and reporting verbs: they say nothing about which event a sentence reports.
_STOPWORD_TEXT = """
a an the and or but of in on at to for from by with as into over after before about than
is are was were be been being has have had do does did will would could should may might
said says say told tells according reported reports report news agency official officials
this that these those its their his her they them it he she we our who which what when where
monday tuesday wednesday thursday friday saturday sunday yesterday today earlier later
also two one first last week day days year month
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@dataclass(frozen=True)
class MergeSettings:
    """Knobs of the merge rule; the defaults are the ones measured in the README."""

    window_days: int = 1  # reports a day apart may still describe one event (time zones, lag)
    threshold: float = 0.6
    w_code: float = 0.35
    w_date: float = 0.35
    w_evidence: float = 0.30
    same_root: float = 0.8  # code credit for a different code of the same CAMEO root
    missing_recipient: float = 0.1  # penalty when one report names no recipient
    # Without any recipient the actors say little ("the U.S. asked", "U.S. officials urged"
    # are often different events on one day), so the wording must overlap this much.
    min_evidence_no_recipient: float = 0.15


@dataclass(frozen=True)
class EventMention:
    """What the merge rule needs to know about one stored event."""

    event_id: str
    doc_key: str
    actor_key: str  # see actor_key()
    modality: str
    cameo: str
    day: date | None  # the event's day, else the publication day; None when neither is known
    date_basis: str  # "text" | "publication" | "none"
    words: frozenset[str]  # content words of the sentence

    @property
    def root(self) -> str:
        return self.cameo[:2]

    @property
    def participants(self) -> frozenset[str]:
        return frozenset(p for p in re.split(r"[>~+]", self.actor_key) if p)

    @property
    def has_recipient(self) -> bool:
        return "~" in self.actor_key or not self.actor_key.endswith(">")


@dataclass(frozen=True)
class Match:
    score: float
    reason: str


def actor_identity(country: str | None, actor_id: str | None, text: str | None) -> str:
    """One actor for comparison: its country, else its knowledge-base id, else its words.
    Sectors are left out on purpose: "President Yoon" (KOR GOV) and "South Korea" (KOR) report
    the same call."""
    if country:
        return country
    if actor_id:
        return f"id:{actor_id}"
    return f"text:{(text or '').strip().lower()}"


def actor_key(sources: list[str], targets: list[str], root: str, reciprocal: bool) -> str:
    """'KOR>JPN' for a directed event, 'JPN~KOR' for a reciprocal or consult event (sorted
    participants), 'PRK>' when nobody is on the receiving end."""
    src, tgt = sorted(set(sources)), sorted(set(targets))
    if (reciprocal or root in UNDIRECTED_ROOTS) and tgt:
        return "~".join(sorted(set(src) | set(tgt)))
    return "+".join(src) + ">" + "+".join(tgt)


def _stem(word: str) -> str:
    """A plural 's' off, so that "missile" and "missiles" agree; nothing cleverer is needed
    to compare two short sentences."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") \
        else word


def content_words(sentence: str | None) -> frozenset[str]:
    return frozenset(_stem(w) for w in _WORD.findall((sentence or "").lower())
                     if w not in _STOPWORDS and len(w) > 2)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def actors_compatible(a: EventMention, b: EventMention) -> bool | None:
    """True for the same actors, False when one report names no recipient but its source takes
    part in the other ('PRK>' and 'PRK>KOR'), None when the actors differ."""
    if a.actor_key == b.actor_key:
        return True
    short, full = (a, b) if not a.has_recipient else (b, a)
    if short.has_recipient or not full.has_recipient:
        return None
    return False if short.participants <= full.participants else None


def match(a: EventMention, b: EventMention, settings: MergeSettings) -> Match | None:
    """The score and reason when `a` and `b` report the same event, else None."""
    if a.modality != b.modality or a.root != b.root:
        return None
    same_actors = actors_compatible(a, b)
    if same_actors is None:
        return None
    if a.day is None or b.day is None:
        # Undated mentions merge only within their document, where they share its context.
        if a.doc_key != b.doc_key:
            return None
        gap = 0
    else:
        gap = abs((a.day - b.day).days)
        if gap > settings.window_days:
            return None
    code = 1.0 if a.cameo == b.cameo else settings.same_root
    when = 1.0 - gap / (settings.window_days + 1)
    words = jaccard(a.words, b.words)
    if not a.has_recipient and not b.has_recipient and a.doc_key != b.doc_key \
            and words < settings.min_evidence_no_recipient:
        return None
    score = settings.w_code * code + settings.w_date * when + settings.w_evidence * words
    if not same_actors:
        score -= settings.missing_recipient
    if score < settings.threshold:
        return None
    codes = a.cameo if a.cameo == b.cameo else f"{a.cameo}/{b.cameo} (root {a.root})"
    days = "undated, same document" if a.day is None or b.day is None else (
        f"{b.day.isoformat()}" + ("" if gap == 0 else f" vs {a.day.isoformat()}")
        + f" ({gap} day{'s' if gap != 1 else ''} apart)")
    actors = f"same actors {a.actor_key}" if same_actors else \
        f"actors {a.actor_key} / {b.actor_key} (one names no recipient)"
    reason = (f"joins {b.event_id}: {actors}, {a.modality}, code {codes}, "
              f"{days}, evidence similarity {words:.2f}; score {score:.2f}")
    return Match(score=round(score, 4), reason=reason)
