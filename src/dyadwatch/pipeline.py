"""Composes the stages and is the Python API's entry point.

    ingest -> clean -> nlp -> actors -> coding (+ temporal) -> records

Build a Pipeline once (it loads the spaCy model and the tables) and pass it around:

    >>> from dyadwatch import Pipeline
    >>> pipe = Pipeline.create()
    >>> [doc] = pipe.code_documents([{"id": "a", "text": "Seoul criticized Pyongyang.",
    ...                               "date": "2023-01-02"}])
    >>> doc.events[0].cameo
    '111'
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from dyadwatch.actors import ActorKB, MentionFinder, MentionSpan
from dyadwatch.actors.generic import rule_actor
from dyadwatch.actors.mentions import noun_phrase_head
from dyadwatch.actors.resolve import ActorResolver
from dyadwatch.clean import clean_document
from dyadwatch.clean.language import sentence_language
from dyadwatch.coding.cameo import CameoTable
from dyadwatch.coding.classifier import PairModel
from dyadwatch.coding.korean import code_korean_text
from dyadwatch.coding.learned import LearnedCoder
from dyadwatch.coding.lexicon import VerbLexicon
from dyadwatch.coding.modality import FUTURE
from dyadwatch.coding.rules import EventCandidate, RuleCoder, actors_at
from dyadwatch.config import Settings
from dyadwatch.geo import Gazetteer, event_location
from dyadwatch.ingest.files import record_to_raw
from dyadwatch.nlp import load_nlp
from dyadwatch.nlp.load import one_blas_thread
from dyadwatch.nlp.prefilter import SentenceFilter
from dyadwatch.records import (
    Actor,
    CodedDocument,
    Document,
    Event,
    Quote,
    RawDocument,
    Sentence,
    Trigger,
)
from dyadwatch.relations.assessments import find_assessments
from dyadwatch.temporal.attach import date_for_verb
from dyadwatch.temporal.dates import find_dates, reference_date, resolve_sentence_date
from dyadwatch.temporal.quotes import (
    QuoteSpan,
    TranscriptQuote,
    find_quotes,
    find_transcript_quotes,
)
from dyadwatch.temporal.speakers import resolve_speaker

DocumentInput = RawDocument | Document | dict[str, Any] | str


log = logging.getLogger(__name__)

@dataclass
class Pipeline:
    settings: Settings
    nlp: Language
    kb: ActorKB
    finder: MentionFinder
    coder: RuleCoder
    cameo: CameoTable
    gazetteer: Gazetteer = field(default_factory=Gazetteer)  # loads on first use
    pair_model: PairModel | None = None  # None: rules only
    learned: LearnedCoder | None = None
    sentence_filter: SentenceFilter | None = None  # None: parse every sentence

    @classmethod
    def create(cls, settings: Settings | None = None) -> Pipeline:
        settings = settings or Settings()
        started = time.perf_counter()
        nlp = load_nlp(settings.models, numpy_matmul=settings.numpy_matmul)
        kb = ActorKB.load(settings.actor_files)
        pair_model = PairModel.load() if settings.learned_coder else None
        finder = MentionFinder(nlp, kb)
        log.info("pipeline ready in %.1f s: spaCy %s, %s", time.perf_counter() - started,
                 ", ".join(settings.models), "rules + learned pair model" if pair_model
                 else "rules only")
        return cls(settings=settings, nlp=nlp, kb=kb, finder=finder,
                   coder=RuleCoder(VerbLexicon.load()),
                   cameo=CameoTable.load(settings.quad_scheme),
                   gazetteer=Gazetteer(settings.gazetteer_min_population),
                   pair_model=pair_model,
                   learned=LearnedCoder(pair_model) if pair_model is not None else None,
                   sentence_filter=SentenceFilter(nlp, finder) if settings.prefilter else None)

    def warm_up(self) -> None:
        """Load what loads on first use (the gazetteer, the language detector), so worker
        processes forked after this share it instead of each building its own."""
        _ = "Seoul" in self.gazetteer
        sentence_language("El gobierno de la ciudad anunció hoy que las escuelas seguirán "
                          "cerradas durante toda la semana por la tormenta.", "en")
        self.code_text("North Korea fired a missile at Seoul on Monday. \"We condemn it,\" "
                       "Japanese Prime Minister Fumio Kishida said.", pub_date="2022-10-10")

    @property
    def resolver(self) -> ActorResolver:
        """The actor API for phrases outside the parse (transcript speakers)."""
        return ActorResolver(self.nlp, self.finder)

    def code_documents(self, items: Iterable[DocumentInput], pub_date: str | None = None,
                       first_index: int = 0) -> Iterator[CodedDocument]:
        """Code documents lazily, in input order, batching the NLP. Accepts RawDocuments,
        cleaned Documents, contract-style dicts ({"id", "text", ...}) or plain strings.
        `first_index` numbers the items (ids of plain strings) when they are a slice of a
        longer input, as on a worker."""
        default_date = pub_date or self.settings.default_pub_date
        documents = (self._to_document(item, i, default_date)
                     for i, item in enumerate(items, start=first_index))
        for document, doc in self._parse(documents):
            yield self.code_parsed(document, doc)

    def code_text(self, text: str, pub_date: str | None = None, doc_id: str = "text") -> \
            CodedDocument:
        """Code one text; a convenience for notebooks and tests."""
        return next(self.code_documents([{"id": doc_id, "text": text}], pub_date=pub_date))

    def _to_document(self, item: DocumentInput, index: int,
                     default_date: str | None) -> Document:
        if isinstance(item, Document):
            return item
        if isinstance(item, str):
            item = {"id": str(index), "text": item}
        if isinstance(item, dict):
            item = record_to_raw(item, f"<record {index}>")
        return clean_document(item, default_pub_date=default_date,
                              date_order=self.settings.date_order)

    def _parse(self, documents: Iterable[Document]) -> Iterator[tuple[Document, Doc | None]]:
        """Run spaCy over the English documents in batches (only the sentences that may matter,
        see nlp/prefilter.py); others pass through unparsed."""
        pending: list[Document] = []

        def flush() -> Iterator[tuple[Document, Doc | None]]:
            english = [d for d in pending if d.error is None and d.language == "en"]
            failed: dict[int, str] = {}
            try:
                parsed = self._parse_batch(english)
            except Exception:  # noqa: BLE001 - one poison document must not stop the batch
                parsed = {}
                for d in english:
                    try:
                        parsed.update(self._parse_batch([d]))
                    except Exception as exc:  # noqa: BLE001 - becomes the document's error
                        log.warning("%s: could not be parsed (%s)", d.doc_id, exc)
                        failed[id(d)] = f"could not be parsed: {type(exc).__name__}: " \
                                        f"{str(exc).splitlines()[0][:300]}"
            for d in pending:
                if id(d) in failed:
                    yield replace(d, error=failed[id(d)]), None
                else:
                    yield d, parsed.get(id(d))
            pending.clear()

        for document in documents:
            pending.append(document)
            if len(pending) >= self.settings.batch_size:
                yield from flush()
        yield from flush()

    def _parse_batch(self, english: list[Document]) -> dict[int, Doc]:
        texts = [d.text for d in english]
        docs = self.sentence_filter.pipe(texts, self.settings.batch_size) \
            if self.sentence_filter is not None \
            else self.nlp.pipe(texts, batch_size=self.settings.batch_size)
        with one_blas_thread():
            return {id(d): doc for d, doc in zip(english, docs)}

    def code_parsed(self, document: Document, doc: Doc | None) -> CodedDocument:
        reference, warning = reference_date(document.text, document.date)
        if warning:
            document = replace(document, warnings=(*document.warnings, warning))
        transcript = [self._transcript_quote(q, reference)
                      for q in find_transcript_quotes(document.text)] \
            if document.error is None else []
        if doc is None and document.language == "ko" and document.error is None:
            korean = code_korean_text(document.text, self.cameo,
                                      reference if document.date else None)
            return CodedDocument(document=document, mentions=korean.mentions,
                                 events=korean.events, quotes=tuple(transcript),
                                 sentences=korean.sentences)
        if doc is None:
            return CodedDocument(document=document, quotes=tuple(transcript))
        mentions = self.finder.find(doc, document.date)
        by_sentence: dict[int, list[MentionSpan]] = {}
        sentences = list(doc.sents)
        sent_index = {s.start: i for i, s in enumerate(sentences)}
        for m in mentions:
            by_sentence.setdefault(sent_index[doc[m.head].sent.start], []).append(m)
        languages = [sentence_language(s.text, document.language) for s in sentences]
        events: list[Event] = []
        for i, sent in enumerate(sentences):
            if languages[i] != "en":
                continue  # the English verb rules would only misread it
            sentence_mentions = [m for m in by_sentence.get(i, []) if not m.modifies_matter]
            # The lexicon's rules read listed actors and political groups ("police", "rebels");
            # other unlisted actors go to the learned coder alone (actors/generic.py).
            candidates = self.coder.code_sentence(
                sent, [m for m in sentence_mentions if rule_actor(m)])
            if self.learned is not None:
                candidates = self.learned.code_sentence(sent, sentence_mentions, candidates)
            for candidate in candidates:
                events.append(self._to_event(doc, sent, i, candidate, reference,
                                             dated=document.date is not None))
        skip = [(q.start, q.end) for q in transcript]
        quotes = transcript + [self._to_quote(doc, q, mentions, reference)
                               for q in find_quotes(doc, skip)]
        return CodedDocument(
            document=document,
            mentions=tuple(m.to_actor(doc) for m in mentions),
            events=tuple(events),
            quotes=tuple(sorted(quotes, key=lambda q: q.start)),
            assessments=tuple(find_assessments(doc, mentions,
                                               [lang == "en" for lang in languages])),
            sentences=tuple(Sentence(i, s.start_char, s.end_char, s.text, languages[i])
                            for i, s in enumerate(sentences)),
        )

    def _to_event(self, doc: Doc, sent: Span, index: int, candidate: EventCandidate,
                  reference: str | None, dated: bool) -> Event:
        """`reference` resolves the sentence's relative dates; it is the publication date when
        `dated`, else inferred from the text, and then no event is dated by it alone."""
        code = self.cameo[candidate.cameo]
        # A claim of responsibility has no PLOVER type of its own: it carries the act's.
        plover = code.plover if code.plover.type or candidate.claimed is None \
            else self.cameo[candidate.claimed].plover
        sources = tuple(m.to_actor(doc) for m in candidate.sources)
        targets = tuple(m.to_actor(doc) for m in candidate.targets)
        trigger_tokens = [doc[i] for i in candidate.trigger_tokens]
        t_start = min(t.idx for t in trigger_tokens)
        t_end = max(t.idx + len(t.text) for t in trigger_tokens)
        spans = [(a.start, a.end) for a in sources + targets if a.start is not None]
        start = min([t_start] + [s for s, _ in spans])  # type: ignore[type-var]
        end = max([t_end] + [e for _, e in spans])  # type: ignore[type-var]
        verb = doc[candidate.verb]
        when = date_for_verb(sent, verb, reference, future=candidate.modality == FUTURE)
        pub_date = reference if dated else None
        where = event_location(sent, verb, self.gazetteer,
                               prefer=[a.country for a in sources + targets])
        return Event(
            source=sources, target=targets, cameo=code.code, goldstein=code.goldstein,
            quad_class=self.cameo.quad_class(code.code), plover=plover,
            modality=candidate.modality, sentence=sent.text, start=start, end=end,
            confidence=candidate.confidence,
            trigger=Trigger(doc.text[t_start:t_end], t_start, t_end), sentence_index=index,
            reciprocal=candidate.reciprocal,
            date=when.value if when else pub_date,
            date_text=when.text if when else None,
            date_basis="text" if when else ("publication" if pub_date else None),
            location=where,
            rule=candidate.rule,
        )

    def _to_quote(self, doc: Doc, quote: QuoteSpan, mentions: list[MentionSpan],
                  pub_date: str | None) -> Quote:
        speaker: Actor | None = None
        speaker_text: str | None = None
        if quote.speaker is not None:
            head = noun_phrase_head(quote.speaker)
            phrase = doc[head.left_edge.i:head.i + 1]
            speaker_text = phrase.text
            by_head: dict[int, list[MentionSpan]] = {}
            for m in mentions:
                by_head.setdefault(m.head, []).append(m)
            resolved = actors_at(head, mentions, by_head)
            if resolved:
                actor = resolved[0].to_actor(doc)
                speaker = Actor(text=speaker_text, name=actor.name, id=actor.id,
                                country=actor.country, sector=actor.sector,
                                start=phrase.start_char, end=phrase.end_char)
            else:
                speaker = Actor(text=speaker_text, start=phrase.start_char, end=phrase.end_char)
        sent = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        when = resolve_sentence_date(sent[0].sent.text, pub_date) if sent is not None else None
        return Quote(text=quote.text, start=quote.start, end=quote.end, language=quote.language,
                     speaker=speaker, speaker_text=speaker_text,
                     date=when.value if when else pub_date)

    def _transcript_quote(self, quote: TranscriptQuote, reference: str | None) -> Quote:
        """The bracket's date is the quote's; its name (and title) the speaker's."""
        when = find_dates(quote.date_text, reference) if quote.date_text else []
        speaker = resolve_speaker(self.resolver, quote.name, quote.title, reference)
        speaker = replace(speaker, start=quote.name_start,
                          end=quote.name_start + len(quote.name))
        return Quote(text=quote.text, start=quote.start, end=quote.end, language=quote.language,
                     speaker=speaker, speaker_text=quote.name,
                     date=when[0].value if when else reference)
