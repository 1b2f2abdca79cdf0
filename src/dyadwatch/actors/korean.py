"""Actors in Korean sentences: the names of data/korean_actors.tsv (countries, short forms such
as 북/미/일, Hanja headline forms such as 尹/北/美, compounds such as 한미 that name several
countries, institutions, people), each extended over the title and body words that follow
("김정은 국무위원장", "한미 양국 국방장관") and given its role by the particle after it.

Reads: `KoSentence` (nlp/korean.py). Writes: `KoMention` records. A one-syllable name counts
only where the analyser tags it a proper noun: 미 in 미사일 or 일 in 16일 is no actor."""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from dyadwatch.nlp.korean import KoSentence, Morph

# Roles by the particle after the phrase.
TOPIC, SUBJECT, OBJECT, TARGET, PARTNER, OWNER = ("topic", "subject", "object", "target",
                                                  "partner", "owner")
CONJUNCT = "conjunct"  # "이스라엘과 하마스에": joined to the next actor, whose role it shares
_NOUN_TAGS = {"NNP", "NNG", "NNB", "SL", "SH", "SN", "XSN", "NR"}
_TARGET_PARTICLES = {"에", "에게", "한테", "에게서", "께"}
_PARTNER_PARTICLES = {"와", "과", "랑", "이랑"}
# Title and body words that continue an actor's phrase, with the sector they give.
_TITLE_SECTORS = {"대통령": "GOV", "총리": "GOV", "장관": "GOV", "국무위원장": "GOV",
                  "위원장": "GOV", "부부장": "GOV", "외무상": "GOV", "대변인": "GOV",
                  "정부": "GOV", "당국": "GOV", "외교장관": "GOV", "국방장관": "MIL",
                  "군": "MIL", "대사": "GOV", "총통": "GOV", "주석": "GOV", "정상": "GOV"}
_MAX_PHRASE_MORPHS = 5


@dataclass(frozen=True)
class KoActor:
    countries: tuple[str, ...]
    sector: str | None
    id: str | None


@dataclass(frozen=True)
class KoMention:
    start: int  # character offsets in the document text
    end: int
    text: str
    actor: KoActor
    role: str | None  # TOPIC, SUBJECT, OBJECT, TARGET, PARTNER, OWNER or None
    first: int  # morpheme indexes in the sentence: the phrase, and the particle after it
    after: int


@cache
def korean_actors() -> dict[str, KoActor]:
    text = resources.files("dyadwatch.data").joinpath("korean_actors.tsv").read_text("utf-8")
    rows = csv.DictReader([line for line in text.splitlines() if not line.startswith("#")],
                          delimiter="\t", quoting=csv.QUOTE_NONE)
    return {row["alias"]: KoActor(tuple(row["countries"].split("|")), row["sector"] or None,
                                  row["id"] or None) for row in rows}


def korean_mentions(sentence: KoSentence, text: str) -> list[KoMention]:
    """The actors of one sentence of `text` (the document), left to right."""
    table = korean_actors()
    morphs = sentence.morphs
    found = []
    i = 0
    while i < len(morphs):
        match = _longest_alias(morphs, i, text, table)
        if match is None:
            i += 1
            continue
        last, actor = match
        end = _through_titles(morphs, last)
        sector = actor.sector
        for m in morphs[last + 1:end + 1]:
            sector = _TITLE_SECTORS.get(m.form, sector)
        start_char, end_char = morphs[i].start, morphs[end].end
        role, after = _role(morphs, end + 1), end + 1
        if role is None:  # "이스라엘인 인질 13명을", "북한 미사일 발사를": the phrase's head decides
            role, after = _role_through_head(morphs, end + 1)
        found.append(KoMention(start_char, end_char, text[start_char:end_char],
                               KoActor(actor.countries, sector, actor.id), role, i, after))
        i = end + 1
    return _share_conjunct_roles(found)


def _share_conjunct_roles(found: list[KoMention]) -> list[KoMention]:
    """"A과 B는": A takes B's role (both are the topic); "A와 회담했다" keeps PARTNER."""
    shared = list(found)
    for n in range(len(shared) - 2, -1, -1):
        if shared[n].role == CONJUNCT:
            shared[n] = replace(shared[n], role=shared[n + 1].role, after=shared[n + 1].after)
    return shared


# A country's name written together with what it is: 러시아군 (its forces), 일본인 (its people).
_SUFFIX_SECTORS = {"군": "MIL", "인": "CVL", "측": None, "정부": "GOV", "당국": "GOV"}


def _longest_alias(morphs: tuple[Morph, ...], i: int, text: str,
                   table: dict[str, KoActor]) -> tuple[int, KoActor] | None:
    """The longest alias that starts at morpheme i and ends at a morpheme's end (or one
    morpheme that is a country's name and a suffix: 러시아군, 일본인)."""
    form = morphs[i].form
    for suffix, sector in _SUFFIX_SECTORS.items():
        stem = form[:-len(suffix)]
        # 미군 and 북측 are names; 미인 or 중인 are not: a one-syllable stem takes 군/측 only
        if not form.endswith(suffix) or not stem or len(stem) == 1 and suffix not in ("군", "측"):
            continue
        base = table.get(stem)
        if base is not None and morphs[i].tag in ("NNP", "NNG"):
            return i, KoActor(base.countries, sector or base.sector, None)
    for j in range(min(len(morphs), i + 4) - 1, i - 1, -1):
        alias = text[morphs[i].start:morphs[j].end]
        actor = table.get(alias)
        if actor is None:
            continue
        if j == i and len(alias) == 1 and morphs[i].tag not in ("NNP", "SH"):
            continue  # 미 in 미사일, 일 in 16일, 중 in 회의 중
        return j, actor
    return None


def _through_titles(morphs: tuple[Morph, ...], last: int) -> int:
    """The phrase runs on over the title or body word that follows ("국무위원장", "양국
    국방장관", "외무성"), word by word: a word (nouns written together) joins when it ends in
    a title or a body's name."""
    end = last
    while end + 1 < len(morphs) and end + 1 - last <= _MAX_PHRASE_MORPHS:
        word_end = end + 1
        if morphs[word_end].tag not in _NOUN_TAGS or morphs[word_end].start - morphs[end].end > 1:
            break
        while word_end + 1 < len(morphs) and morphs[word_end + 1].tag in _NOUN_TAGS \
                and morphs[word_end + 1].start == morphs[word_end].end:
            word_end += 1
        final = morphs[word_end]
        if not (final.form in _TITLE_SECTORS or final.tag == "NNB" or _body_word(final.form)):
            break
        end = word_end
    return end


def _body_word(form: str) -> bool:
    """Words that end a body's name ("외무성", "국방부", "양국", "3국", "측")."""
    return form.endswith(("성", "부", "국", "청", "처", "원", "측", "당", "군", "대", "장"))


# Heads that are people: a country's name before them stands for them ("일본인 직원을 구금").
_PEOPLE_HEADS = {"인질", "직원", "기자", "주민", "시민", "근로자", "선원", "병사", "군인", "관리",
                 "대표단", "수감자", "포로", "탈북민", "조합원", "외교관", "국민", "어민", "선박"}


def _role_through_head(morphs: tuple[Morph, ...], k: int) -> tuple[str | None, int]:
    """The role of a country that modifies the noun phrase after it: the phrase's role when
    its head is people, else OWNER when the phrase is an object or a target."""
    end = k
    while end < len(morphs) and end - k < 6 and morphs[end].tag in _NOUN_TAGS:
        end += 1
    if end == k:
        return None, k
    role = _role(morphs, end)
    if any(m.form in _PEOPLE_HEADS for m in morphs[k:end]):
        return role, end
    return (OWNER, end) if role in (OBJECT, TARGET) else (None, k)


def _role(morphs: tuple[Morph, ...], k: int) -> str | None:
    if k >= len(morphs):
        return None
    m = morphs[k]
    if m.tag == "JX" and m.form in ("은", "는", "도"):
        return TOPIC
    if m.tag == "JKS":
        return SUBJECT
    if m.tag == "JKO":
        return OBJECT
    if m.tag == "JKG":
        return OWNER
    if m.form in _PARTNER_PARTICLES and m.tag == "JC":
        return CONJUNCT
    if m.form in _PARTNER_PARTICLES and m.tag == "JKB":
        return PARTNER
    if m.tag == "JKB" and m.form in _TARGET_PARTICLES:
        return TARGET
    if m.tag == "SP" and m.form == ",":
        return TOPIC  # a headline: "尹, 기시다와 정상회담"
    return None
