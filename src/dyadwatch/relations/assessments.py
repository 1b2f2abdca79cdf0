"""Relationship assessments: sentences that say how a relationship stands or moves.

"Relations between Seoul and Tokyo are under recovery", "the alliance has grown into a
comprehensive alliance", "ties hit a new low". Such a sentence names a relationship noun
(relations, ties, alliance, ...) and a state or trend phrase (ours, in data/assessments.tsv).
The two parties are the actor mentions attached to the noun (its subtree: "Seoul-Tokyo
relations", "relations between X and Y", "Japan's ties with Korea"), completed from the
sentence when only one is attached ("Seoul said its alliance with Washington ..."). The holder
is the subject of a speech or opinion verb ("officials in Tokyo said", "according to X").

A sentence about an event ("Seoul criticized Tokyo") has no relationship noun and yields
nothing; a relationship noun without a state phrase ("talks on relations") yields nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from dyadwatch.actors.spans import MentionSpan
from dyadwatch.records import Assessment

# Nouns (lemmas) that name a relationship between two parties.
RELATION_NOUNS = frozenset({
    "relation", "relations", "relationship", "tie", "ties", "alliance", "partnership",
    "rapprochement", "friendship", "detente", "détente", "rift", "rivalry", "feud", "dispute",
    "bond", "bonds", "entente",
})
# Verbs whose subject holds the view stated in the clause.
OPINION_VERBS = frozenset({
    "say", "believe", "describe", "call", "note", "tell", "state", "argue", "insist", "warn",
    "see", "consider", "think", "assess", "claim", "stress", "add", "write", "declare",
})
TRENDS = ("improving", "worsening", "stable")


@dataclass(frozen=True)
class Phrase:
    """One row of the state/trend table: a regular expression over the lower-cased sentence,
    the polarity it expresses (-1 hostile .. +1 close) and the movement, if any."""

    pattern: re.Pattern[str]
    polarity: float
    trend: str | None


@lru_cache(maxsize=1)
def load_phrases() -> tuple[Phrase, ...]:
    """Read data/assessments.tsv: pattern, polarity, trend (or '-')."""
    text = resources.files("dyadwatch.data").joinpath("assessments.tsv").read_text("utf-8")
    phrases = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[2] not in (*TRENDS, "-"):
            raise ValueError(f"data/assessments.tsv line {n}: want pattern<TAB>polarity<TAB>trend")
        phrases.append(Phrase(re.compile(rf"\b{parts[0]}"), float(parts[1]),
                              None if parts[2] == "-" else parts[2]))
    return tuple(phrases)


def find_assessments(doc: Doc, mentions: list[MentionSpan],
                     sentence_ok: list[bool] | None = None) -> list[Assessment]:
    """Assessments in a parsed document, at most one per sentence. `mentions` are the
    pipeline's actor mentions; `sentence_ok[i]` False skips sentence i (not English)."""
    found = []
    for i, sent in enumerate(doc.sents):
        if sentence_ok is not None and not sentence_ok[i]:
            continue
        inside = [m for m in mentions if sent.start <= m.head < sent.end]
        assessment = assess_sentence(doc, sent, inside)
        if assessment is not None:
            found.append(assessment)
    return found


def assess_sentence(doc: Doc, sent: Span, mentions: list[MentionSpan]) -> Assessment | None:
    nouns = [t for t in sent if t.pos_ in ("NOUN", "PROPN") and
             (t.lower_ in RELATION_NOUNS or t.lemma_.lower() in RELATION_NOUNS)]
    if not nouns or len(mentions) < 2:
        return None
    phrase = _state_phrase(sent)
    if phrase is None:
        return None
    holder = _holder(sent, mentions)
    for noun in nouns:
        parties = _parties(noun, mentions, holder)
        if parties is None:
            continue
        polarity, trend = phrase.polarity, phrase.trend
        if _negated(sent):
            polarity, trend = -polarity, _opposite(trend)
        return Assessment(
            parties=(parties[0].to_actor(doc), parties[1].to_actor(doc)),
            polarity=round(polarity, 2), trend=trend,
            holder=holder.to_actor(doc) if holder else None,
            sentence=sent.text, start=sent.start_char, end=sent.end_char)
    return None


def _state_phrase(sent: Span) -> Phrase | None:
    """The sentence's state: polarity of its strongest phrase (largest |polarity|), trend of
    the strongest phrase that states one ("has grown into a comprehensive alliance")."""
    text = sent.text.lower()
    hits = [p for p in load_phrases() if p.pattern.search(text)]
    if not hits:
        return None
    strongest = max(hits, key=lambda p: abs(p.polarity))
    moving = [p for p in hits if p.trend is not None]
    trend = max(moving, key=lambda p: abs(p.polarity)).trend if moving else None
    return Phrase(strongest.pattern, strongest.polarity, trend)


def _key(m: MentionSpan) -> tuple[str | None, str | None]:
    return (m.country or m.entry.country or None, m.sector)


# Dependency labels on the way from a party up to the relationship noun: "Seoul-Tokyo
# relations", "relations between X and Y", "Japan's ties with Korea". A clause in between
# ("ties strained by disputes over Japan's rule") means the mention is not a party.
_PARTY_PATH = frozenset({"compound", "poss", "amod", "prep", "pobj", "conj", "cc", "nmod",
                         "appos", "npadvmod", "case", "punct", "det", "nummod", "quantmod"})


_PARTY_PREPOSITIONS = frozenset({"between", "with", "among", "of", "across", "to"})


def _attached(m: MentionSpan, noun: Token) -> bool:
    """True when the mention hangs from the noun through noun-phrase links only, and through
    no verb ("ties strained by disputes over Japan's rule")."""
    token = noun.doc[m.head]
    while token.i != noun.i:
        if token.dep_ not in _PARTY_PATH or token.head.i == token.i:
            return False
        if token.dep_ == "prep" and token.lower_ not in _PARTY_PREPOSITIONS:
            return False
        token = token.head
        if token.i != noun.i and token.pos_ in ("VERB", "AUX"):
            return False
    return True


def _parties(noun: Token, mentions: list[MentionSpan],
             holder: MentionSpan | None) -> tuple[MentionSpan, MentionSpan] | None:
    """Two mentions of different countries: those attached to the noun first, then subjects
    elsewhere in the sentence ("Seoul said its alliance with Washington ..."), nearest first,
    the holder last."""
    attached = [m for m in mentions if _attached(m, noun)]
    if not attached:
        return None  # the noun names no party: "relations" alone is not about this dyad
    if _names_unknown_partner(noun, attached):
        return None  # "ties between China and Latin America": the partner is no actor we know
    doc = noun.doc
    rest = sorted((m for m in mentions if m not in attached and m is not holder
                   and doc[m.head].dep_ in ("nsubj", "nsubjpass")),
                  key=lambda m: abs(m.head - noun.i))
    order = attached + rest + ([holder] if holder is not None and holder not in attached else [])
    first = order[0]
    for other in order[1:]:
        if _key(other)[0] and _key(first)[0] and _key(other)[0] != _key(first)[0]:
            return first, other
    return None


def _names_unknown_partner(noun: Token, attached: list[MentionSpan]) -> bool:
    """True when the noun's "with/between" phrase names a partner, but no attached mention of
    a second country: then the sentence's other actors are not the partner."""
    countries = {_key(m)[0] for m in attached if _key(m)[0]}
    if len(countries) >= 2:
        return False
    heads = {m.head for m in attached}
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("with", "between", "among"):
            objects = [t for t in prep.subtree if t.dep_ in ("pobj", "conj") and t.pos_ in
                       ("NOUN", "PROPN")]
            if any(t.i not in heads for t in objects):
                return True
    return False


def _holder(sent: Span, mentions: list[MentionSpan]) -> MentionSpan | None:
    """The subject of an opinion verb, or the object of 'according to'."""
    by_head = {m.head: m for m in mentions}
    for t in sent:
        if t.lemma_.lower() in OPINION_VERBS and t.pos_ in ("VERB", "AUX"):
            for child in t.children:
                if child.dep_ == "nsubj":  # not nsubjpass: "relations are seen as ..."
                    return _mention_in(child, by_head)
                if child.dep_ == "agent":  # "are seen by Tokyo as ..."
                    return _mention_in(child, by_head)
        if t.lower_ == "according" and t.i + 1 < sent.end and t.doc[t.i + 1].lower_ == "to":
            for obj in t.doc[t.i + 1].children:
                if obj.dep_ == "pobj":
                    return _mention_in(obj, by_head)
    return None


def _mention_in(token: Token, by_head: dict[int, MentionSpan]) -> MentionSpan | None:
    for t in token.subtree:
        if t.i in by_head:
            return by_head[t.i]
    return None


def _negated(sent: Span) -> bool:
    """'Relations are not improving': a negation flips the statement, unless it negates the
    opinion verb ('did not say')."""
    return any(t.dep_ == "neg" and t.head.lemma_.lower() not in OPINION_VERBS for t in sent)


def _opposite(trend: str | None) -> str | None:
    return {"improving": "worsening", "worsening": "improving"}.get(trend or "", trend)

