"""Within-document coreference for actors: references that name no actor themselves.

Four rules, each small and conservative (a wrong actor is worse than none):

* pair references -- "the two leaders", "both sides", "the two countries" -- resolve to the last two
  actors of different countries in the same or the previous sentences;
* "he"/"she" resolve to the most recent person named in the same or the previous sentences;
* "it"/"they" as the subject of a reported clause resolve to the subject of the reporting verb
  ("North Korea said it had fired ...");
* a definite institution without a country -- "the JCS", "the foreign ministry" -- resolves to
  the same institution named earlier with its country, else to that institution of the country
  the document is clearly about (named at least twice as often as any other).

Each rule returns MentionSpans anchored on the referring phrase, carrying the antecedent's entry,
so the event coder reads them like any other mention and the output shows the words of the text.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from dyadwatch.actors.kb import ActorKB
from dyadwatch.actors.spans import MentionSpan

# "the two leaders", "both sides": plural heads that stand for the pair just named.
PAIR_HEADS = {"leader", "leaders", "country", "countries", "side", "sides", "government",
              "governments", "nation", "nations", "minister", "ministers", "neighbor", "neighbors",
              "neighbour", "neighbours", "president", "presidents", "allies", "ally", "delegation",
              "delegations", "counterparts", "men", "women", "states", "state", "capitals",
              "militaries", "chiefs", "heads", "envoys", "diplomats", "officials", "premiers"}
_PAIR_WORDS = {"two", "both"}
# Heads that mean the countries themselves rather than the people named before.
_COUNTRY_HEADS = {"country", "countries", "nation", "nations", "neighbor", "neighbors",
                  "neighbour", "neighbours", "states", "state", "capitals"}
_PERSON_PRONOUNS = {"he", "she"}
# Codes of organisations, not states: a pair reference never takes them.
_NOT_STATES = {"UNO", "EUR", "IGO", "NGO"}
_GROUP_PRONOUNS = {"it", "they"}
_REPORTING_LEMMAS = {"say", "tell", "announce", "claim", "state", "insist", "warn", "add",
                     "declare", "confirm", "deny", "report", "note", "stress", "argue", "vow",
                     "pledge", "threaten", "promise", "explain", "reiterate", "maintain"}
# Institutions of "the country the document is about" when named without a country.
_HOME_SECTORS = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY"}
_LOOKBACK_SENTENCES = 2


def resolve_references(doc: Doc, mentions: list[MentionSpan], kb: ActorKB,
                       sector_spans: list[tuple[int, int, str]]) -> list[MentionSpan]:
    """`mentions` plus the mentions that referring phrases take from their antecedents."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    home = _home_institutions(doc, mentions, kb, sector_spans, taken)
    mentions = mentions + home
    taken |= {i for m in home for i in range(m.start, m.end)}
    found: list[MentionSpan] = []
    for token in doc:
        if token.i in taken:
            continue
        if token.lower_ in PAIR_HEADS and _has_pair_word(token) or _bare_plural_reference(token):
            found.extend(_pair_reference(doc, token, mentions, kb))
        elif token.lower_ in _PERSON_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass"):
            found.extend(_person_pronoun(doc, token, mentions))
        elif token.lower_ in _GROUP_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass"):
            found.extend(_reported_subject(token, mentions))
    return sorted(mentions + found, key=lambda m: (m.start, m.alias_start))


# "the leaders", "the two sides" without "two": a definite plural with nothing else before it
# stands for the states just named (resolved like a pair reference).
BARE_PLURAL_REFERENCES = {"leaders", "countries", "sides", "nations", "governments",
                           "presidents", "premiers", "delegations", "neighbors", "neighbours",
                           "allies", "militaries", "capitals"}


def _bare_plural_reference(head: Token) -> bool:
    lefts = list(head.lefts)
    return head.lower_ in BARE_PLURAL_REFERENCES and len(lefts) == 1 \
        and lefts[0].lower_ == "the" and not any(c.dep_ == "prep" for c in head.rights)


def _has_pair_word(head: Token) -> bool:
    """"the two leaders", "both sides", "both the leaders" (but not "two missiles")."""
    return any(t.lower_ in _PAIR_WORDS for t in head.doc[head.left_edge.i:head.i])


def _window_start(doc: Doc, token: Token) -> int:
    """First token of the sentence `_LOOKBACK_SENTENCES` before the token's own."""
    sent = token.sent
    for _ in range(_LOOKBACK_SENTENCES):
        if sent.start == 0:
            break
        sent = doc[sent.start - 1].sent
    return sent.start


def _before(doc: Doc, token: Token, mentions: list[MentionSpan]) -> list[MentionSpan]:
    """Mentions ending before `token` within the look-back window, nearest first."""
    lo = _window_start(doc, token)
    return sorted((m for m in mentions if lo <= m.start and m.end <= token.i),
                  key=lambda m: -m.start)


def _country(m: MentionSpan) -> str:
    return m.country or m.entry.country


def _pair_reference(doc: Doc, head: Token, mentions: list[MentionSpan],
                    kb: ActorKB) -> list[MentionSpan]:
    """The last two state actors of different countries named before the pair phrase: never an
    organisation or a meeting named in between ("... at the SCO summit. The two leaders")."""
    people_only = head.lower_ in {"leader", "leaders", "president", "presidents", "premiers"}
    pair: list[MentionSpan] = []
    for m in _before(doc, head, mentions):
        if people_only and m.entry.kind != "person" and m.sector != "GOV":
            continue
        if m.entry.kind == "igo" or _country(m) in _NOT_STATES:
            continue
        if _country(m) and all(_country(p) != _country(m) for p in pair):
            pair.append(m)
        if len(pair) == 2:
            break
    if len(pair) < 2:
        return []
    start = head.left_edge.i
    as_countries = head.lower_ in _COUNTRY_HEADS
    result = []
    for m in reversed(pair):
        entry = kb.entries.get(_country(m), m.entry) if as_countries else m.entry
        sector = None if as_countries else m.sector
        result.append(MentionSpan(start, head.i + 1, head.i, start, head.i + 1, entry,
                                  "reference", sector, _country(m)))
    return result


def _person_pronoun(doc: Doc, pronoun: Token, mentions: list[MentionSpan]) -> list[MentionSpan]:
    for m in _before(doc, pronoun, mentions):
        if m.entry.kind == "person":
            return [_anchored(m, pronoun)]
    return []


def _reported_subject(pronoun: Token, mentions: list[MentionSpan]) -> list[MentionSpan]:
    """"North Korea said it had fired ...": the pronoun is the reporting verb's subject."""
    clause = pronoun.head
    reporting = clause.head
    if clause.dep_ not in ("ccomp", "xcomp", "advcl") or reporting.lemma_ not in _REPORTING_LEMMAS:
        return []
    subjects = [c for c in reporting.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return []
    subject = subjects[0]
    heads = {subject.i, *(c.i for c in subject.conjuncts)}
    antecedents = [m for m in mentions if m.head in heads]
    if pronoun.lower_ == "it" and len(antecedents) != 1:
        return []
    return [_anchored(m, pronoun) for m in antecedents]


def _anchored(antecedent: MentionSpan, token: Token) -> MentionSpan:
    return replace(antecedent, start=token.i, end=token.i + 1, head=token.i,
                   alias_start=token.i, alias_end=token.i + 1, form="reference")


def _home_institutions(doc: Doc, mentions: list[MentionSpan], kb: ActorKB,
                       sector_spans: list[tuple[int, int, str]],
                       taken: set[int]) -> list[MentionSpan]:
    """"the JCS", "the foreign ministry": a definite institution of state without a country word.
    It is the same institution named earlier with its country ("South Korea's Joint Chiefs of
    Staff (JCS)"), else that institution of the country the document is clearly about."""
    home = _dominant_country(mentions)
    result = []
    for start, end, sector in sector_spans:
        if sector not in _HOME_SECTORS or any(i in taken for i in range(start, end)):
            continue
        if not _is_bare_definite_institution(doc, start, end, kb):
            continue
        earlier = _named_before(doc, start, end, sector, mentions)
        if earlier is not None:
            entry, country = earlier.entry, _country(earlier)
        elif home is not None and home in kb.entries:
            entry, country = kb.entries[home], home
        else:
            continue
        result.append(MentionSpan(start - 1, end, end - 1, start - 1, end, entry, "reference",
                                  sector, country))
    return result


def _is_bare_definite_institution(doc: Doc, start: int, end: int, kb: ActorKB) -> bool:
    head = doc[end - 1]
    if head.pos_ not in ("NOUN", "PROPN") or head.tag_ in ("NNS", "NNPS"):
        return False
    if kb.sectors.get(doc[start:end].text.lower(), ("", ""))[1] != "noun":
        return False
    if start == 0 or doc[start - 1].lower_ != "the":
        return False
    return head.dep_ not in ("compound", "amod", "poss")  # "the ministry official"


def _named_before(doc: Doc, start: int, end: int, sector: str,
                  mentions: list[MentionSpan]) -> MentionSpan | None:
    """The nearest earlier mention of the same institution: same sector, and the same head
    word or the bare name inside it ("JCS" in "Joint Chiefs of Staff (JCS)")."""
    name = doc[start:end].text.lower()
    head = doc[end - 1].lemma_.lower()
    for m in sorted(mentions, key=lambda m: -m.start):
        if m.end > start or m.sector != sector or not _country(m):
            continue
        phrase = doc[m.start:m.end]
        if doc[m.head].lemma_.lower() == head or name in phrase.text.lower():
            return m
    return None


def _dominant_country(mentions: list[MentionSpan]) -> str | None:
    """The country the document is clearly about: named at least three times and at least twice
    as often as any other. Otherwise None -- an unclear home is not guessed."""
    counts: dict[str, int] = {}
    for m in mentions:
        country = _country(m)
        if m.entry.kind == "igo" or m.form == "reference" or len(country) != 3:
            continue
        counts[country] = counts.get(country, 0) + 1
    ranked = sorted(counts.values(), reverse=True) + [0]
    if ranked[0] < 3 or ranked[0] < 2 * ranked[1]:
        return None
    return max(counts, key=lambda c: counts[c])
