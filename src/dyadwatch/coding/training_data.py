"""Training examples for the pair classifier, from three sources:

* plv_train (../shared/data/eval): marked source/target pairs with ZSP PLOVER labels;
* our own labelled sentences (training/pair_sentences.tsv) with {S}/{T} slots, filled with actor
  phrases from ACTOR_PHRASES below (fixed seed);
* the synthetic PLOVER stories (pseudo-labels; the first 500 stories, which `dyadwatch eval`
  scores, are left out): the lead sentence, its first actor as source, the next actor of another
  country as target. These count a quarter as much as human labels.

Each example carries a group (the sentence it came from) so folds split by sentence."""

from __future__ import annotations

import csv
import json
import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from dyadwatch.actors.mentions import MentionFinder
from dyadwatch.actors.spans import MentionSpan
from dyadwatch.coding.cameo import CameoTable
from dyadwatch.coding.candidates import candidate_pairs
from dyadwatch.coding.classifier import NO_EVENT
from dyadwatch.coding.features import pair_features

# ZSP's label set folds CONCEDE and RETREAT into YIELD; we train on PLOVER 0.8 names.
ZSP_TO_PLOVER = {"YIELD": "CONCEDE"}
SYNTHETIC_HELD_OUT = 500  # the stories `dyadwatch eval` scores
SYNTHETIC_WEIGHT = 0.25
# PLOVER 0.8 (and ZSP) code imposing sanctions or an embargo as SANCTION; the 2021 crosswalk
# puts CAMEO 163 under COERCE. The classifier learns the PLOVER 0.8 type.
_PLOVER_08_OVERRIDES = {"163": "SANCTION"}
# Actor phrases for the {S}/{T} slots of our sentences: states, offices, armed and civil groups.
ACTOR_PHRASES = [
    "Japan", "China", "the United States", "Russia", "Ukraine", "India", "Pakistan", "Iran",
    "Israel", "Egypt", "Turkey", "Brazil", "Nigeria", "Kenya", "South Korea", "North Korea",
    "Germany", "France", "the European Union", "the United Nations", "NATO", "Mexico",
    "the Indonesian government", "the Philippine army", "Colombian police", "the Kremlin",
    "Beijing", "Washington", "Tehran", "the Iraqi prime minister", "the Saudi foreign minister",
    "the Ethiopian military", "Sudanese rebels", "the Taliban", "Hamas", "Hezbollah",
    "opposition lawmakers in Venezuela", "Thai protesters", "the Chilean president",
    "the Polish defence ministry", "a Vietnamese delegation", "the Afghan government",
    "the Somali army", "Kurdish fighters", "the Peruvian congress", "the Canadian envoy",
    "Australian officials", "the Malian junta", "striking workers", "the ruling party",
]


@dataclass(frozen=True)
class TrainingExample:
    features: tuple[str, ...]
    label: str  # a PLOVER type or NO_EVENT
    group: str
    weight: float = 1.0
    source: str = ""  # which set it came from


def char_span(doc: Doc, text: str, phrase: str, start_at: int = 0) -> Span | None:
    i = text.find(phrase, start_at) if phrase else -1
    if i < 0:
        return None
    return doc.char_span(i, i + len(phrase), alignment_mode="expand")


def plv_pairs(root: Path) -> list[dict[str, str]]:
    path = root / "plv_train" / "plv_train.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def plv_spans(nlp: Language, records: list[dict[str, str]]
              ) -> Iterator[tuple[dict[str, str], Span | None, Span | None]]:
    """Each plv_train record with its marked source and target as spans of the parsed sentence
    (None for the implicit actors "An actor" / "a recipient", which have no span)."""
    docs = nlp.pipe(r["sentence"] for r in records)
    for r, doc in zip(records, docs):
        yield r, char_span(doc, r["sentence"], r["source"].strip()), \
            char_span(doc, r["sentence"], r["target"].strip())


def plv_examples(root: Path, nlp: Language) -> list[TrainingExample]:
    examples = []
    for r, src, tgt in plv_spans(nlp, plv_pairs(root)):
        if src is None:
            continue
        label = ZSP_TO_PLOVER.get(r["gold_root"], r["gold_root"])
        examples.append(TrainingExample(tuple(pair_features(src, tgt)), label,
                                        f"plv:{r['sentence_id']}", 1.0, "plv_train"))
    return examples


def fill_slots(template: str, source: str, target: str
               ) -> tuple[str, tuple[int, int], tuple[int, int] | None]:
    """Put the actor phrases into the {S}/{T} slots; returns the sentence and both char spans."""
    out, spans = "", {}
    for part in re.split(r"(\{S\}|\{T\})", template):
        if part in ("{S}", "{T}"):
            phrase = source if part == "{S}" else target
            spans[part] = (len(out), len(out) + len(phrase))
            out += phrase
        else:
            out += part
    return out[:1].upper() + out[1:], spans["{S}"], spans.get("{T}")


# What a training example carries of a (source, target) pair: the logistic model's feature
# strings (coding/features.py) or the encoder's marked sentence (coding/encoder.py).
Featurize = Callable[[Span, Span | None], Sequence[str]]


def written_examples(path: Path, nlp: Language, cameo: CameoTable, fills: int = 3,
                     seed: int = 4, featurize: Featurize = pair_features
                     ) -> list[TrainingExample]:
    rng = random.Random(seed)
    lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith("#")]
    texts, meta = [], []
    for lineno, row in enumerate(csv.DictReader(lines, delimiter="\t")):
        code = row["cameo"]
        label = NO_EVENT if code == "-" else (_PLOVER_08_OVERRIDES.get(code[:3])
                                              or cameo[code].plover.type or NO_EVENT)
        for _ in range(fills):
            sentence, s_span, t_span = fill_slots(row["sentence"], *rng.sample(ACTOR_PHRASES, 2))
            texts.append(sentence)
            meta.append((label, s_span, t_span, f"written:{path.stem}:{lineno}"))
    examples = []
    for doc, (label, s_span, t_span, group) in zip(nlp.pipe(texts), meta):
        src = doc.char_span(*s_span, alignment_mode="expand")
        tgt = doc.char_span(*t_span, alignment_mode="expand") if t_span else None
        if src is None:
            continue
        examples.append(TrainingExample(tuple(featurize(src, tgt)), label, group, 1.0,
                                        "written"))
        if tgt is not None:  # the other direction: the same joint act, else no event
            examples.append(TrainingExample(
                tuple(featurize(tgt, src)), label if label in JOINT_LABELS else NO_EVENT,
                group, 1.0 if label in JOINT_LABELS else NEGATIVE_WEIGHT, "written"))
    return examples


# Joint acts hold in both directions ("A and B held talks"); for other types the reverse
# direction of a labelled pair is a real negative ("B accused A" is not in "A accused B").
JOINT_LABELS = {"CONSULT", "COOPERATE"}
NEGATIVE_WEIGHT = 1.0


@dataclass(frozen=True)
class LabelledSentence:
    """A sentence with its gold events as character spans (target None: no target)."""

    group: str
    text: str
    events: tuple[tuple[tuple[int, int], tuple[int, int] | None, str], ...]
    date: str | None = None


def _best_mention(mentions: list[MentionSpan], doc: Doc, span: tuple[int, int]
                  ) -> MentionSpan | None:
    """The mention that overlaps the gold phrase most (by characters), if any."""
    def overlap(m: MentionSpan) -> int:
        start, end = doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])
        return min(end, span[1]) - max(start, span[0])
    best = max(mentions, key=overlap, default=None)
    return best if best is not None and overlap(best) > 0 else None


def candidate_examples(nlp: Language, finder: MentionFinder, items: list[LabelledSentence],
                       source: str, negative_weight: float = NEGATIVE_WEIGHT,
                       featurize: Featurize = pair_features) -> list[TrainingExample]:
    """Every candidate (coding/candidates.py) of the labelled sentences as an example: the
    candidate that carries a gold event gets its type, every other one NONE. A gold event whose
    actors the mention finder misses is learned from the gold phrases themselves."""
    examples = []
    for item, doc in zip(items, nlp.pipe(x.text for x in items)):
        mentions = finder.find(doc, item.date)
        labels: dict[tuple[int, int, int, int], str] = {}
        for src_span, tgt_span, label in item.events:
            src = _best_mention(mentions, doc, src_span)
            tgt = _best_mention(mentions, doc, tgt_span) if tgt_span is not None else None
            same_sentence = src is not None and (tgt is None or doc[src.head].sent.start
                                                 == doc[tgt.head].sent.start)
            if src is None or tgt_span is not None and tgt is None or not same_sentence \
                    or src is tgt:
                gold_src = doc.char_span(*src_span, alignment_mode="expand")
                gold_tgt = doc.char_span(*tgt_span, alignment_mode="expand") \
                    if tgt_span is not None else None
                if gold_src is not None:
                    examples.append(TrainingExample(tuple(featurize(gold_src, gold_tgt)),
                                                    label, item.group, 1.0, source))
                continue
            key = (src.start, src.end, *((tgt.start, tgt.end) if tgt else (-1, -1)))
            labels[key] = label
            if tgt is not None and label in JOINT_LABELS:
                labels[(tgt.start, tgt.end, src.start, src.end)] = label
        for sent in doc.sents:
            here = [m for m in mentions if sent.start <= m.head < sent.end
                    and not m.modifies_matter]
            for c in candidate_pairs(doc, here):
                t = c.target
                key = (c.source.start, c.source.end, *((t.start, t.end) if t else (-1, -1)))
                label = labels.get(key, NO_EVENT)
                if label == NO_EVENT and t is None and any(k[:2] == key[:2] for k in labels):
                    continue  # the source's event has a target; alone it is neither
                target = doc[t.start:t.end] if t is not None else None
                examples.append(TrainingExample(
                    tuple(featurize(doc[c.source.start:c.source.end], target)), label,
                    item.group, 1.0 if label != NO_EVENT else negative_weight, source))
    return examples


def plv_labelled(records: list[dict[str, str]]) -> list[LabelledSentence]:
    """plv_train as labelled sentences (the pairs of one sentence together)."""
    by_sentence: dict[str, list[dict[str, str]]] = {}
    for r in records:
        by_sentence.setdefault(r["sentence_id"], []).append(r)
    items = []
    for sentence_id, rows in by_sentence.items():
        text = rows[0]["sentence"]
        events = []
        for r in rows:
            i = text.find(r["source"].strip())
            if i < 0 or not r["source"].strip():
                continue
            j = text.find(r["target"].strip()) if r["target"].strip() else -1
            label = ZSP_TO_PLOVER.get(r["gold_root"], r["gold_root"])
            events.append(((i, i + len(r["source"].strip())),
                           (j, j + len(r["target"].strip())) if j >= 0 else None, label))
        items.append(LabelledSentence(f"plv:{sentence_id}", text, tuple(events)))
    return items


def synthetic_examples(root: Path, nlp: Language, finder: MentionFinder,
                       limit: int | None = None) -> list[TrainingExample]:
    path = root / "ngec_synthetic_plover" / "ngec_synthetic_plover.SYNTHETIC.jsonl"
    with path.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()][SYNTHETIC_HELD_OUT:]
    records = records[:limit] if limit else records
    leads = [r["text"].strip().split("\n")[0][:600] for r in records]
    examples = []
    for r, doc in zip(records, nlp.pipe(leads)):
        sent = next(iter(doc.sents), None)
        if sent is None:
            continue
        mentions = [m for m in finder.find(doc) if m.head < sent.end]
        if not mentions:
            continue
        first = mentions[0]
        other = next((m for m in mentions[1:]
                      if (m.country or m.entry.country) != (first.country or first.entry.country)),
                     None)
        src = doc[first.start:first.end]
        tgt = doc[other.start:other.end] if other is not None else None
        examples.append(TrainingExample(tuple(pair_features(src, tgt)), r["pseudo_event"],
                                        f"synthetic:{r['id']}", SYNTHETIC_WEIGHT, "synthetic"))
    return examples
