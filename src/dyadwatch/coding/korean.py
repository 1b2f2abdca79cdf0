"""Events in Korean sentences, read off particles and predicates (no parser needed: Korean
marks each argument's role with a particle).

Reads: `KoSentence` (nlp/korean.py) and its `KoMention`s (actors/korean.py). Writes:
`KoEvent` records. For each predicate of data/korean_predicates.tsv (a noun + 하다 such as
규탄하다, the noun a light verb carries as in 정상회담을 가졌다 or 발사를 강행했다, a verb stem
such as 만나다, a headline's final noun):
* the source: for the sentence's final predicate the topic (은/는), else the subject (이/가)
  of its own clause ("김정은이 발사를 지도했다고 통신이 보도했다": the launch is 김정은's);
* the target: an actor with 에/에게 or the object's 을/를, else the owner (의) of the object
  ("북한의 미사일 발사를 규탄했다"); for a threat the subject of its condition;
* a partner with 와/과 makes a joint act (talks, agreements, cooperation) in both directions,
  as do the members of a compound subject (한미 정상은 회담했다);
* modality: 않/못/안 negated; ~ㄹ 예정, ~ㄹ 것, ~겠, ~기로 했다 future; ~면, 경우, 가능성,
  검토 hypothetical; ~기로 합의했다 is an asserted agreement.
A speech verb (밝히다, 말하다, 보도하다 ...) is no event: what it reports is."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from dyadwatch.actors.korean import (
    OBJECT,
    OWNER,
    PARTNER,
    SUBJECT,
    TARGET,
    TOPIC,
    KoMention,
    korean_mentions,
)
from dyadwatch.coding.cameo import CameoTable
from dyadwatch.coding.modality import ASSERTED, FUTURE, HYPOTHETICAL, NEGATED
from dyadwatch.nlp.korean import KoSentence, Morph, korean_sentences
from dyadwatch.records import Actor, Event, Sentence, Trigger
from dyadwatch.temporal.dates import resolve_sentence_date

_LIGHT_VERBS = {"가지", "갖", "열", "벌이", "실시", "강행", "단행", "내", "하", "진행", "개최", "부과",
                "감행", "발표", "행사"}
# Nouns a predicate noun may be written before: "비판 성명을 냈다", "규탄 담화를 발표했다".
_STATEMENT_NOUNS = {"성명", "공동성명", "담화", "입장"}
_JOINT_ROOTS = {"03", "04", "06"}
_TARGETLESS_ROOTS = {"14", "15"}
# Acts addressed to the subject of the clause they govern: a warning, an appeal.
_ADDRESSEE_ROOTS = {"10", "11", "12", "13"}  # a launch or a rally has no recipient by CAMEO convention
_CLAUSE_ENDINGS = {"다고", "라고", "고", "면", "으면", "며", "으며", "면서", "어", "아", "아서", "어서",
                   "기", "는데", "지만"}
_HYPOTHETICAL_WORDS = {"경우", "면", "으면", "검토", "가능성", "가능"}
# Nouns after an adnominal ending that make a plan or a possibility of the verb, not a relative
# clause: "가질 예정이다", "할 것이다", "만날 수 있다".
_MODAL_NOUNS = {"예정", "계획", "방침", "것", "수"}


@dataclass(frozen=True)
class KoEvent:
    """One directed event: a compound ("한미") acts once per member country."""

    source: KoMention
    source_country: str
    target: KoMention | None
    target_country: str | None
    cameo: str
    modality: str
    trigger: tuple[int, int]  # character offsets of the predicate
    reciprocal: bool


@cache
def korean_predicates() -> dict[str, str]:
    text = resources.files("dyadwatch.data").joinpath("korean_predicates.tsv").read_text(
        "utf-8")
    rows = csv.DictReader([line for line in text.splitlines() if not line.startswith("#")],
                          delimiter="\t", quoting=csv.QUOTE_NONE)
    return {row["stem"]: row["cameo"] for row in rows}


def code_korean_sentence(sentence: KoSentence, mentions: list[KoMention]) -> list[KoEvent]:
    morphs = sentence.morphs
    topic = next((m for m in mentions if m.role == TOPIC), None) \
        or next((m for m in mentions if m.role == SUBJECT), None)
    # (index, CAMEO code, ends the sentence, own modality) of each predicate
    predicates = [(k, cameo, _ends_sentence(morphs, k), _modality(morphs, k))
                  for k, cameo in _predicates(morphs)]
    final_modality = next((mod for _, _, main, mod in reversed(predicates) if main), ASSERTED)
    events = []
    for k, cameo, main, modality in predicates:
        before = [m for m in mentions if m.after <= k]
        inner = next((m for m in reversed(before) if m.role == SUBJECT), None)
        source = (topic or inner) if main else (inner or topic)
        if source is None and mentions and mentions[0].first == 0 and mentions[0].role is None:
            source = mentions[0]  # a headline's first name: "韓中 외교장관 베이징서 회담"
        if source is None:
            continue
        # "A과 B는 회담했다": the actors joined to the source act with it
        doers = [m for m in mentions if m.role == source.role and m.after == source.after] \
            if source.role is not None else [source]
        target = next((m for m in reversed(before) if m.role == TARGET and m not in doers),
                      None) \
            or next((m for m in reversed(before) if m.role == OBJECT and m not in doers), None) \
            or next((m for m in reversed(before) if m.role == OWNER and m not in doers), None)
        if cameo[:2] in _ADDRESSEE_ROOTS and main and inner is not None and inner not in doers \
                and not any(m.role == TARGET for m in before):
            target = inner  # "북한이 공격하면 ... 경고했다", "중국이 ... 해 달라고 요청했다"
        partner = next((m for m in reversed(before) if m.role == PARTNER and m not in doers),
                       None)
        if not main and modality == ASSERTED and final_modality in (FUTURE, HYPOTHETICAL) \
                and _joins_final_clause(morphs, k):
            modality = final_modality  # "방문해 정상회담을 가질 예정이다": the visit is planned too
        trigger = (morphs[k].start, morphs[k].end)
        if len(doers) > 1 and partner is None and target is None and cameo[:2] in _JOINT_ROOTS:
            events += [KoEvent(a, ca, b, cb, cameo, modality, trigger, True)
                       for a in doers for b in doers if a is not b
                       for ca in a.actor.countries for cb in b.actor.countries if ca != cb]
            continue
        # "이스라엘과 하마스에 촉구했다": the actors joined to the target receive it too
        targets = [m for m in mentions if m.role == target.role and m.after == target.after] \
            if target is not None else [None]
        for doer in doers:
            for each in targets:
                events += _events(doer, each, partner, cameo, modality, trigger)
    return events


def _joins_final_clause(morphs: tuple[Morph, ...], k: int) -> bool:
    """The predicate's clause is joined to the next by 고/어/며 (not reported by 다고, nor a
    condition)."""
    for m in morphs[k + 1:]:
        if m.tag == "EC":
            return m.form in ("고", "어", "아", "며", "으며", "면서", "아서", "어서", "해")
        if m.tag in ("EF", "ETM", "SF"):
            return False
    return False


def _predicates(morphs: tuple[Morph, ...]) -> list[tuple[int, str]]:
    """Morpheme indexes of the predicates and their CAMEO codes."""
    table = korean_predicates()
    found = []
    for k, m in enumerate(morphs):
        form = m.form
        if form == "회담" and k > 0 and morphs[k - 1].form == "정상" \
                and morphs[k - 1].end == m.start:
            form = "정상회담"
        cameo = table.get(form)
        if cameo is None or m.tag not in ("NNG", "VV"):
            continue
        after = morphs[k + 1] if k + 1 < len(morphs) else None
        if after is None or after.tag in ("XSV", "SF", "SP", "SS", "SE", "EC", "EF", "EP", "ETM",
                                          "VCP") or m.tag == "VV":
            found.append((k, cameo))
        elif after.tag == "JKO" and k + 2 < len(morphs) and morphs[k + 2].form in _LIGHT_VERBS:
            found.append((k, cameo))  # 정상회담을 가졌다, 발사를 강행했다
        elif after.form in _STATEMENT_NOUNS:
            found.append((k, cameo))  # 비판 성명을 냈다
    return found


def _ends_sentence(morphs: tuple[Morph, ...], k: int) -> bool:
    """The predicate is the sentence's own (no clause ending before the final one)."""
    rest = morphs[k + 1:]
    for n, m in enumerate(rest):
        if m.tag in ("EF", "SF"):
            return True
        if m.tag == "ETM" and not (n + 1 < len(rest) and rest[n + 1].form in _MODAL_NOUNS):
            return False
        if m.tag == "EC" and m.form in _CLAUSE_ENDINGS:
            return False
    return True


def _modality(morphs: tuple[Morph, ...], k: int) -> str:
    if k > 0 and morphs[k - 1].tag == "MAG" and morphs[k - 1].form in ("안", "못"):
        return NEGATED
    window = morphs[k + 1:k + 8]
    for n, m in enumerate(window):
        if m.form in ("않", "못") and m.tag in ("VX", "MAG") and n > 0 \
                and window[n - 1].form == "지":  # "발사하지 않았다", "만나지 못했다"
            return NEGATED
        if m.form in ("예정", "계획", "방침") or m.tag == "EP" and m.form == "겠":
            return FUTURE
        if m.form == "것" and n > 0 and window[n - 1].tag == "ETM" \
                and window[n - 1].form in ("ㄹ", "을", "ᆯ"):
            return FUTURE
        if m.form in _HYPOTHETICAL_WORDS:
            return HYPOTHETICAL
        if m.form == "수" and m.tag == "NNB" and n > 0 and window[n - 1].tag == "ETM":
            return HYPOTHETICAL  # "만날 수 있다": a possibility
        if m.form == "기로" and not (n + 1 < len(window) and window[n + 1].form == "합의"):
            return FUTURE
        if m.tag == "EF" or m.tag == "EC" and m.form in _CLAUSE_ENDINGS - {"기"}:
            break
    return ASSERTED


def _events(source: KoMention, target: KoMention | None, partner: KoMention | None,
            cameo: str, modality: str, trigger: tuple[int, int]) -> list[KoEvent]:
    root = cameo[:2]

    def event(a: KoMention, a_country: str, b: KoMention | None, b_country: str | None,
              reciprocal: bool) -> KoEvent:
        return KoEvent(a, a_country, b, b_country, cameo, modality, trigger, reciprocal)

    sources = source.actor.countries
    if partner is not None and root not in _JOINT_ROOTS:  # "미국은 영국과 함께 공습했다"
        return [e for doer in (source, partner)
                for e in _events(doer, target, None, cameo, modality, trigger)]
    if partner is not None and root in _JOINT_ROOTS:  # both ways, as the English coder does
        return [e for s in sources for p in partner.actor.countries if s != p
                for e in (event(source, s, partner, p, True), event(partner, p, source, s, True))]
    if len(sources) > 1 and root in _JOINT_ROOTS and target is None:  # 한미 정상은 회담했다
        return [event(source, a, source, b, True) for a in sources for b in sources if a != b]
    if target is not None and root not in _TARGETLESS_ROOTS:
        return [event(source, s, target, t, False) for s in sources
                for t in target.actor.countries]
    return [event(source, s, None, None, False) for s in sources]


@dataclass(frozen=True)
class KoreanCoding:
    """What the Korean path gives a document: its sentences, actor mentions and events."""

    sentences: tuple[Sentence, ...]
    mentions: tuple[Actor, ...]
    events: tuple[Event, ...]


def code_korean_text(text: str, cameo: CameoTable, pub_date: str | None) -> KoreanCoding:
    """Sentences, mentions and events of a Korean document; an event is dated by the date its
    sentence gives (16일, 이날, 지난달), else by the publication date."""
    sentences, mentions, events = [], [], []
    for index, sentence in enumerate(korean_sentences(text)):
        found = korean_mentions(sentence, text)
        sentences.append(Sentence(index, sentence.start, sentence.end, sentence.text, "ko"))
        mentions += [_actor(m, country) for m in found for country in m.actor.countries]
        events += [_event_record(e, sentence, index, text, cameo, pub_date)
                   for e in code_korean_sentence(sentence, found)]
    return KoreanCoding(tuple(sentences), tuple(mentions), tuple(events))


def _actor(mention: KoMention, country: str | None) -> Actor:
    return Actor(text=mention.text, name=None, id=mention.actor.id, country=country,
                 sector=mention.actor.sector, start=mention.start, end=mention.end)


def _event_record(event: KoEvent, sentence: KoSentence, index: int, text: str,
                  cameo: CameoTable, pub_date: str | None) -> Event:
    code = cameo[event.cameo]
    # "16일", "이날", "지난 7일", "지난달": the date nearest the predicate, read against the
    # publication date (temporal/dates.py); without one the event is not dated by the text.
    when = resolve_sentence_date(sentence.text, pub_date, event.trigger[0] - sentence.start,
                                 future=event.modality == FUTURE) if pub_date else None
    parties = [event.source] + ([event.target] if event.target is not None else [])
    start = min([event.trigger[0]] + [m.start for m in parties])
    end = max([event.trigger[1]] + [m.end for m in parties])
    target = (_actor(event.target, event.target_country),) if event.target is not None else ()
    return Event(
        source=(_actor(event.source, event.source_country),), target=target, cameo=code.code,
        goldstein=code.goldstein, quad_class=cameo.quad_class(code.code), plover=code.plover,
        modality=event.modality, sentence=sentence.text, start=start, end=end,
        confidence=0.7, trigger=Trigger(text[event.trigger[0]:event.trigger[1]],
                                        *event.trigger),
        sentence_index=index, reciprocal=event.reciprocal,
        date=when.value if when else pub_date, date_text=when.text if when else None,
        date_basis="text" if when else ("publication" if pub_date else None),
        rule=f"korean:{code.code}")
