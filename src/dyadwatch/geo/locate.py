"""The place where an event happened: a place name attached to the event's verb.

Not every place in the sentence: "Seoul protested to Beijing" names two capitals and no location,
"talks with Japan in Tokyo" has one. A place counts when its noun phrase is the object of a
locative preposition ("in Seoul", "off the coast of the Korean Peninsula", "near Kharkiv") or the
object of a verb that acts on a place ("shelled Kharkiv", "captured Bakwa"), and the preposition
hangs on the event's clause (the verb, its subject or its object; `temporal.attach` measures
that). Names are looked up in the gazetteer, preferring the event's countries; a proper noun in
that position that the gazetteer lacks ("in the Aziziyah district") is kept without coordinates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from dyadwatch.geo.gazetteer import KIND_RANK, Gazetteer, Place
from dyadwatch.records import Location
from dyadwatch.temporal.attach import attachment_cost
from dyadwatch.temporal.english import WEEKDAYS

# "to", "toward", "on" and "against" name the target far more often than the place ("protested
# to Beijing", "sanctions on Moscow"), so they are not here.
LOCATIVE_PREPS = {"in", "at", "near", "off", "outside", "inside", "across", "along", "around",
                  "within", "into", "over", "throughout", "from", "through", "beyond"}
# Prepositions that name a place only loosely (origin, direction): used when nothing better.
_WEAK_PREPS = {"from", "into", "beyond", "over"}
PLACE_VERBS = {"visit", "tour", "enter", "invade", "attack", "bomb", "shell", "strike", "raid",
               "capture", "seize", "liberate", "overrun", "occupy", "storm", "besiege", "hit",
               "recapture", "retake", "take", "control", "surround", "reach", "leave", "flee",
               "patrol", "bombard", "target", "ambush", "cross", "blockade", "evacuate"}
# Head nouns of phrases that name a place even when the gazetteer lacks the name.
LOCATIVE_HEADS = {"city", "town", "village", "district", "province", "area", "region", "camp",
                  "county", "state", "governorate", "suburb", "neighbourhood", "neighborhood",
                  "street", "streets", "square", "island", "port", "border", "outskirts",
                  "municipality", "locality", "prefecture", "capital", "base", "hub", "sea",
                  "river", "valley", "mountain", "mountains", "desert", "coast", "strait",
                  "township", "quarter", "enclave", "settlement"}
# An event verb in a participle or conjoined clause shares the place of the clause it hangs on:
# "a bomb ripped through a market in Kabul, killing four" happened in Kabul.
_CLAUSE_CHAIN_DEPS = {"advcl", "conj", "xcomp"}
# Inside the place's noun phrase: "the city of Aleppo", "the Kurdish-majority Aziziyah district".
_NP_DEPS = {"compound", "amod", "nmod", "appos", "flat", "poss", "nummod", "det"}
_NOT_PLACES = {m.capitalize() for m in WEEKDAYS} | {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Sunday", "Monday"}
_MAX_NAME_TOKENS = 4


@dataclass(frozen=True)
class PlaceSpan:
    start: int  # token offsets in the Doc
    end: int
    text: str
    place: Place | None  # None: a proper noun the gazetteer does not know


def event_location(sent: Span, verb: Token, gazetteer: Gazetteer,
                   prefer: Iterable[str | None] = ()) -> Location | None:
    """The location of the event whose verb is `verb`, or None when no place is attached."""
    span = attached_place(sent, verb, gazetteer, prefer)
    if span is None:
        return None
    if span.place is None:
        return Location(name=span.text)
    return Location(name=span.text, country=span.place.country, lat=span.place.lat,
                    lon=span.place.lon)


def attached_place(sent: Span, verb: Token, gazetteer: Gazetteer,
                   prefer: Iterable[str | None] = ()) -> PlaceSpan | None:
    """The place name best attached to `verb` (see the module docstring), with its tokens."""
    best: tuple[tuple[int, ...], PlaceSpan] | None = None
    for span in place_spans(sent, gazetteer, tuple(prefer)):
        key = _attachment_key(span, verb)
        if key is not None and (best is None or key < best[0]):
            best = (key, span)
    return best[1] if best else None


def place_spans(sent: Span, gazetteer: Gazetteer, prefer: tuple[str | None, ...] = ()) \
        -> list[PlaceSpan]:
    """Place names in the sentence, longest match first, left to right; capitalised words in a
    locative position that the gazetteer does not know become unresolved places."""
    doc = sent.doc
    found: list[PlaceSpan] = []
    i = sent.start
    while i < sent.end:
        match = _longest_name(sent, i, gazetteer)
        if match is not None:
            end, text = match
            # "Bali, Indonesia": the country that follows decides which Bali.
            context = _following_country(sent, end, gazetteer)
            found.append(PlaceSpan(i, end, text, gazetteer.best(text, prefer, within=context)))
            i = end
            continue
        if _unknown_proper_noun(doc[i]):
            # The whole name: "Kyongpo Bay", not "Kyongpo" and then a town called "Bay".
            end = i + 1
            while end < sent.end and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() \
                    and doc[end - 1].dep_ == "compound" and doc[end - 1].head.i >= end:
                end += 1
            found.append(PlaceSpan(i, end, doc[i:end].text, None))
            i = end
            continue
        i += 1
    return found


def _longest_name(sent: Span, i: int, gazetteer: Gazetteer) -> tuple[int, str] | None:
    doc = sent.doc
    if not (doc[i].text[:1].isupper() or not doc[i].text.isascii()):
        return None
    for end in range(min(sent.end, i + _MAX_NAME_TOKENS), i, -1):
        text = doc[i:end].text
        if text in gazetteer and text not in _NOT_PLACES:
            return end, text
    return None


def _following_country(sent: Span, end: int, gazetteer: Gazetteer) -> str | None:
    doc = sent.doc
    if end + 1 >= sent.end or doc[end].text != ",":
        return None
    match = _longest_name(sent, end + 1, gazetteer)
    if match is None:
        return None
    place = gazetteer.best(match[1])
    return place.country if place is not None and place.kind in ("country", "state") else None


def _unknown_proper_noun(token: Token) -> bool:
    """A capitalised proper noun, not an acronym ("GMT"), not a month or weekday."""
    return token.pos_ == "PROPN" and token.text[:1].isupper() and token.is_alpha \
        and not token.is_upper and token.text not in _NOT_PLACES and token.i > token.sent.start


def _attachment_key(span: PlaceSpan, verb: Token) -> tuple[int, ...] | None:
    """How well the place hangs on the verb or, one step worse each, on the clauses the verb's
    own clause hangs on; None when it is not in a locative position there."""
    hops, clause = 0, verb
    while True:
        key = _attachment_to_clause(span, clause)
        if key is not None:
            return (hops, *key)
        if clause.dep_ not in _CLAUSE_CHAIN_DEPS or hops >= 2 or clause.head.i == clause.i:
            return None
        hops, clause = hops + 1, clause.head


def _attachment_to_clause(span: PlaceSpan, verb: Token) -> tuple[int, ...] | None:
    doc = verb.doc
    head = doc[span.start:span.end].root
    anchor = _phrase_anchor(head)
    if anchor.dep_ == "pobj" and anchor.head.lower_ in LOCATIVE_PREPS:
        attach_to = anchor.head
        weak = anchor.head.lower_ in _WEAK_PREPS
    elif anchor.dep_ in ("dobj", "obj") and anchor.head.i == verb.i \
            and verb.lemma_.lower() in PLACE_VERBS:
        attach_to, weak = anchor, False
    else:
        return None
    if span.place is None and not _plausible_unknown_place(anchor, head):
        return None
    crossed, steps = attachment_cost(attach_to, verb)
    if crossed:
        return None
    kind = span.place.kind if span.place else "city"
    return (int(weak), KIND_RANK.get(kind, 9) < 1, steps, span.place is None,
            abs(head.i - verb.i))


def _phrase_anchor(token: Token) -> Token:
    """Climb from a place name to the noun phrase that carries it: "Nablus" in "the West Bank
    city of Nablus" -> "city"; "Aziziyah" in "the Aziziyah district" -> "district"."""
    current = token
    for _ in range(6):
        if current.dep_ in _NP_DEPS and current.head.pos_ in ("NOUN", "PROPN"):
            current = current.head
        elif current.dep_ == "pobj" and current.head.lower_ == "of" \
                and current.head.head.pos_ in ("NOUN", "PROPN"):
            current = current.head.head
        else:
            break
    return current


def _plausible_unknown_place(anchor: Token, name: Token) -> bool:
    """A name the gazetteer lacks is taken as a place when it is the phrase itself ("in
    Reshimbagh") or names a place noun ("the Aziziyah district", "the village of Garubula"), after
    a preposition of place or as the object of a verb that acts on places."""
    if anchor.dep_ == "pobj" and anchor.head.lower_ not in ("in", "at", "near", "off", "outside",
                                                              "inside", "around", "across"):
        return False
    return anchor.i == name.i or anchor.lemma_.lower() in LOCATIVE_HEADS \
        or anchor.lower_ in LOCATIVE_HEADS
