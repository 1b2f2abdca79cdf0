"""Korean text analysis: sentences and morphemes with parts of speech (kiwipiepy, offline).

Reads: a document's text. Writes: `KoSentence` records (character offsets into the text, the
morphemes with their Sejong tags: NNP proper noun, NNG common noun, JKS/JX subject and topic
particles, JKO object, JKB adverbial (에, 에게, 와/과), JKG genitive 의, XSV verb suffix 하,
VV/VX verbs, EP/EF/EC endings, ETM adnominal ending, SF/SP punctuation, SH Hanja, SL Latin).
Kiwi loads once per process (about 1 s) and analyses a news sentence in about 0.6 ms."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True)
class Morph:
    form: str
    tag: str
    start: int  # character offsets in the document text
    end: int


@dataclass(frozen=True)
class KoSentence:
    start: int
    end: int
    text: str
    morphs: tuple[Morph, ...]


@cache
def _kiwi() -> Any:
    from kiwipiepy import Kiwi

    return Kiwi()


def korean_sentences(text: str) -> list[KoSentence]:
    """The sentences of `text` with their morphemes, line by line: a headline without a full
    stop stays a sentence of its own."""
    sentences = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            for sent in _kiwi().split_into_sents(line, return_tokens=True):
                morphs = tuple(Morph(t.form, t.tag, offset + t.start, offset + t.start + t.len)
                               for t in sent.tokens)
                sentences.append(KoSentence(offset + sent.start, offset + sent.end, sent.text,
                                            morphs))
        offset += len(line) + 1
    return sentences
