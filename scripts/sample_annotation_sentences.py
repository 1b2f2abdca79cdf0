"""Draw the sentences of our annotated real-news set (training/ANNOTATION.md) from
../shared/data/corpus/news_docs.jsonl: one sentence per document, taken as it is, from the
politically rich sources, with a fixed seed; every other document goes to the dev part and
the rest to the test part (so no document is in both).

    python3 scripts/sample_annotation_sentences.py            # writes training/annotated/sentences.jsonl
    python3 scripts/sample_annotation_sentences.py --train 600  # appends 600 training-only rows

Only the sentence text, its document id, corpus and date are written; the labels are added by
the annotators (training/annotated/labels_*.jsonl)."""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "news_docs.jsonl"
OUT = ROOT / "training" / "annotated" / "sentences.jsonl"
SEED = 15
# How many sentences from each source (mixed case first; BBC is lower-cased, MUC-4 upper-cased).
QUOTA = {"conflibert_samples": 100, "reuters2020_fjty": 80, "glocon_sample": 70,
         "insightcrime": 80, "guardian_sdf": 60, "satp_relevant": 30, "bbc_news": 30,
         "muc4": 30}
# A sentence ends at . ! ? (optionally followed by a closing quote) before whitespace and a
# capital or an opening quote; abbreviations such as "U.S." or "Jan." rarely meet both.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’]?\s+(?=[\"“A-Z])")
_ABBREVIATION_END = re.compile(r"\b(?:[A-Z]\.|Mr|Mrs|Ms|Dr|Gen|Col|Sen|Rep|Gov|Lt|St|No|Jan|Feb|"
                               r"Aug|Sept?|Oct|Nov|Dec)\.$")


def sentences(text: str, lower_case: bool) -> list[str]:
    text = re.sub(r"\s+", " ", text).strip()
    if lower_case:  # BBC texts have no capitals to split on: cut at ". "
        return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    parts: list[str] = []
    for piece in _SENTENCE_END.split(text):
        if parts and _ABBREVIATION_END.search(parts[-1]):
            parts[-1] += " " + piece
        else:
            parts.append(piece)
    return [p.strip() for p in parts if p.strip()]


def usable(sentence: str) -> bool:
    """A whole sentence of news prose: 8-60 words, ends like a sentence, no list or table."""
    words = sentence.split()
    return 8 <= len(words) <= 60 and sentence[-1] in ".!?\"”'" and sentence.count("|") == 0 \
        and sum(w.isdigit() for w in words) < len(words) / 4


def documents_by_corpus(corpus: Path, used: set[str]) -> dict[str, list[dict[str, str]]]:
    """The corpus's documents of the sources in QUOTA, by source, leaving out `used` ids."""
    by_corpus: dict[str, list[dict[str, str]]] = {c: [] for c in QUOTA}
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            if doc["corpus"] in QUOTA and doc["id"] not in used:
                by_corpus[doc["corpus"]].append(doc)
    return by_corpus


def draw(by_corpus: dict[str, list[dict[str, str]]], quota: dict[str, int],
         rng: random.Random) -> list[dict[str, str]]:
    """`quota[source]` documents of each source in a seeded order, one usable sentence each
    (documents without one are skipped); the rows shuffled."""
    rows: list[dict[str, str]] = []
    for name, n in quota.items():
        docs = sorted(by_corpus[name], key=lambda d: d["id"])
        rng.shuffle(docs)
        for doc in docs:
            if sum(r["corpus"] == name for r in rows) >= n:
                break
            candidates = [s for s in sentences(doc["text"], doc["case"] == "lower") if usable(s)]
            if candidates:
                rows.append({"doc_id": doc["id"], "corpus": name, "date": doc.get("date"),
                             "sentence": rng.choice(candidates)})
    rng.shuffle(rows)
    return rows


def append_training_rows(corpus: Path, out: Path, count: int) -> None:
    """More sentences to label for training: same sources in the same proportions, other
    documents, a seed of its own; ids continue after the last one."""
    existing = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    used = {row["doc_id"] for row in existing}
    rng = random.Random(SEED + len(existing))
    total = sum(QUOTA.values())
    quota = {c: round(q * count / total) for c, q in QUOTA.items()}
    rows = draw(documents_by_corpus(corpus, used), quota, rng)
    with out.open("a", encoding="utf-8") as fh:
        for i, row in enumerate(rows, start=len(existing)):
            fh.write(json.dumps({"id": f"rn-{i:04d}", "split": "train", **row},
                                ensure_ascii=False) + "\n")
    print(f"{len(rows)} training sentences appended to {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--train", type=int, default=0,
                        help="append this many rows of split 'train' (for training only) from "
                             "documents not drawn yet, instead of drawing the dev/test set")
    args = parser.parse_args()
    if args.train:
        append_training_rows(args.corpus, args.out, args.train)
        return
    rows = draw(documents_by_corpus(args.corpus, set()), QUOTA, random.Random(SEED))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for i, row in enumerate(rows):
            row = {"id": f"rn-{i:04d}", "split": "dev" if i % 2 == 0 else "test", **row}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} sentences -> {args.out}")


if __name__ == "__main__":
    main()
