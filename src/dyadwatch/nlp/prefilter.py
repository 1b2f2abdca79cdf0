"""Parse only the sentences where the coder can find something.

The tagger and parser are most of the time spent per document, yet most sentences of a news
article name no actor, and a sentence without an actor gives no event, no mention and no
speaker. So each document is first tokenized and split into sentences by punctuation (cheap),
and only the runs of sentences that may matter go through the full pipeline:

* a sentence where an actor alias begins (what `MentionFinder.find` would match; the learned
  pair coder also needs two actors, and the rules at least one);
* a sentence within the coreference look-back after one ("he", "the two leaders" take their
  actor from up to two sentences before);
* a sentence with a state institution word ("the foreign ministry") in a document that names
  an actor (coref gives it the country the document is about);
* a sentence in or right after a quotation (the speaker comes from the parse).

The runs are parsed as Docs of their own (from the same tokens) and their annotation copied
back; the rest gets a flat stand-in parse (one tree per sentence, relation "dep", no tags), so
the Doc keeps one text and one sentence list, and the later stages read it as they read any
Doc: without tags or relations there is no verb, actor phrase or speaker in it.
Not a verb list: the learned coder may code any verb that links two actors, and the lexicon
(data/verbs.tsv) changes; the actor test alone removes most of the parsing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import cast

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span
from thinc.types import Ints2d

from dyadwatch.actors.coref import _HOME_SECTORS, _LOOKBACK_SENTENCES, BARE_PLURAL_REFERENCES
from dyadwatch.actors.mentions import MentionFinder
from dyadwatch.nlp.load import paragraph_breaks

_QUOTE = re.compile(r"[\"“”]")  # the quotation marks temporal/quotes.py reads


# Consecutive sentences are parsed together up to this many characters: a book-length document
# is parsed in pieces of bounded memory (the parser reads one sentence at a time anyway).
MAX_RUN_CHARS = 50_000
_PARSE_ATTRS = [TAG, POS, MORPH, LEMMA, HEAD, DEP, ENT_IOB, ENT_TYPE]


class SentenceFilter:
    def __init__(self, nlp: Language, finder: MentionFinder) -> None:
        self.nlp = nlp
        self.finder = finder
        self.sentencizer = Sentencizer()
        self._dep = nlp.vocab.strings.add("dep")
        self._root = nlp.vocab.strings.add("ROOT")

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
        """Like `nlp.pipe(texts)`, parsing only the sentences that may matter."""
        plans = [self._plan(text) for text in texts]
        runs = [doc[start:end] for doc, spans in plans for start, end in spans]
        parsed = iter(self.nlp.pipe((_fresh_copy(run) for run in runs), batch_size=batch_size))
        for doc, spans in plans:
            yield self._fill(doc, [(start, next(parsed)) for start, _ in spans])

    def _plan(self, text: str) -> tuple[Doc, list[tuple[int, int]]]:
        """The tokenized text, split into sentences, and the runs of sentences to parse as
        (first token, end token)."""
        # The tokenizer alone reads the whole text (spaCy's length limit guards the parser's
        # memory, and the parser only ever sees runs of at most MAX_RUN_CHARS).
        doc = self._split(self.nlp.tokenizer(text))
        sentences = list(doc.sents)
        runs: list[tuple[int, int]] = []
        for sent, wanted in zip(sentences, self.candidates(doc, sentences)):
            if not wanted:
                continue
            if runs and runs[-1][1] == sent.start and \
                    sent.end_char - doc[runs[-1][0]].idx <= MAX_RUN_CHARS:
                runs[-1] = (runs[-1][0], sent.end)
            else:
                runs.append((sent.start, sent.end))
        return doc, runs

    def _fill(self, doc: Doc, parsed: list[tuple[int, Doc]]) -> Doc:
        """`doc` with the parsed runs' annotation and a flat tree per other sentence."""
        array = np.zeros((len(doc), len(_PARSE_ATTRS)), dtype="uint64")
        head, dep = _PARSE_ATTRS.index(HEAD), _PARSE_ATTRS.index(DEP)
        for sent in doc.sents:  # flat trees: every token under the sentence's first one
            offsets = sent.start - np.arange(sent.start, sent.end, dtype="int64")
            array[sent.start:sent.end, head] = offsets.astype("uint64")
            array[sent.start:sent.end, dep] = self._dep
            array[sent.start, dep] = self._root
        for start, run in parsed:
            array[start:start + len(run)] = run.to_array(_PARSE_ATTRS)
        doc.from_array(_PARSE_ATTRS, cast(Ints2d, array))
        return doc

    def candidates(self, doc: Doc, sentences: list) -> list[bool]:  # type: ignore[type-arg]
        """Per sentence: may it give an event, a mention or a quote's speaker?"""
        starts = sorted(self.finder.alias_starts(doc))
        sector_spans = self.finder.sector_spans(doc)
        if self.finder.generic:  # "police", "rebels", "Governor": actors the KB does not list
            starts = sorted(set(starts) | {s for s, _, _ in sector_spans})
        actor = [any(s.start <= i < s.end for i in starts) for s in sentences]
        if not any(actor):
            return actor
        institution = {doc[s].sent.start for s, _, sector in sector_spans
                       if sector in _HOME_SECTORS}
        quoted = [bool(_QUOTE.search(s.text)) for s in sentences]
        wanted = []
        for k, sent in enumerate(sentences):
            recent = any(actor[max(0, k - _LOOKBACK_SENTENCES):k + 1])
            wanted.append(actor[k] or recent and sent.start in institution
                          or recent and _has_reference_word(sent)
                          or quoted[k] or k > 0 and quoted[k - 1])
        return wanted

    def _split(self, doc: Doc) -> Doc:
        """Sentences by punctuation and blank lines; whitespace ends the sentence before it,
        as the parser attaches it."""
        doc = self.sentencizer(doc)
        for token in doc[1:]:
            if token.is_space and token.is_sent_start:
                token.is_sent_start = False
                if token.i + 1 < len(doc):
                    doc[token.i + 1].is_sent_start = True
        return paragraph_breaks(doc)


def _fresh_copy(span: Span) -> Doc:
    """The span's tokens as a new Doc without annotation (the parser must not be bound by the
    punctuation split inside a run)."""
    return Doc(span.doc.vocab, words=[t.text for t in span],
               spaces=[bool(t.whitespace_) for t in span])


_REFERENCE_WORDS = {"he", "she", "two", "both"} | BARE_PLURAL_REFERENCES


def _has_reference_word(sent) -> bool:  # type: ignore[no-untyped-def]
    return any(t.lower_ in _REFERENCE_WORDS for t in sent)
