"""Check our labelled Korean sentences (training/korean/sentences_*.jsonl, guideline
training/korean/ANNOTATION.md) and write their dev/test split to training/korean/split.tsv.

The split is a fixed function of the sentence id (the first byte of its SHA-256, even: dev, odd:
test), so adding sentences never moves old ones between parts. The test part is never read
while building the Korean coder and never trained on.

    python scripts/split_korean_set.py
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

KOREAN_DIR = Path(__file__).resolve().parents[1] / "training" / "korean"
MODALITIES = {"asserted", "negated", "future", "hypothetical"}
FIELDS = {"source", "source_country", "target", "target_country", "cameo_root", "modality"}


def split_of(sentence_id: str) -> str:
    return "dev" if hashlib.sha256(sentence_id.encode()).digest()[0] % 2 == 0 else "test"


def problems_of(record: dict[str, object]) -> list[str]:
    """What breaks the guideline in one record (empty when it is well formed)."""
    found = []
    sentence = record.get("sentence")
    events = record.get("events")
    if not isinstance(sentence, str) or not sentence.strip():
        return ["no sentence"]
    if not isinstance(events, list):
        return ["events is not a list"]
    for n, event in enumerate(events, 1):
        if not isinstance(event, dict) or set(event) != FIELDS:
            found.append(f"event {n}: fields must be {sorted(FIELDS)}")
            continue
        if event["source"] not in sentence:
            found.append(f"event {n}: source {event['source']!r} is not in the sentence")
        if event["target"] is not None and event["target"] not in sentence:
            found.append(f"event {n}: target {event['target']!r} is not in the sentence")
        root = event["cameo_root"]
        if not (isinstance(root, str) and len(root) == 2 and root.isdigit()
                and 1 <= int(root) <= 20):
            found.append(f"event {n}: cameo_root {root!r} is not 01-20")
        if event["modality"] not in MODALITIES:
            found.append(f"event {n}: modality {event['modality']!r}")
        for side in ("source_country", "target_country"):
            code = event[side]
            if code is not None and not (isinstance(code, str) and len(code) == 3
                                         and code.isupper()):
                found.append(f"event {n}: {side} {code!r} is not a 3-letter code or null")
    return found


def read_records(directory: Path = KOREAN_DIR) -> list[dict[str, object]]:
    records = []
    for path in sorted(directory.glob("sentences_*.jsonl")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                records.append({**json.loads(line), "_where": f"{path.name}:{lineno}"})
    return records


def main() -> int:
    records = read_records()
    bad = [f"{r['_where']}: {p}" for r in records for p in problems_of(r)]
    ids = Counter(str(r["id"]) for r in records)
    bad += [f"id {i} appears {n} times" for i, n in ids.items() if n > 1]
    if bad:
        print("\n".join(bad), file=sys.stderr)
        return 1
    rows = sorted((str(r["id"]), split_of(str(r["id"]))) for r in records)
    (KOREAN_DIR / "split.tsv").write_text(
        "id\tsplit\n" + "".join(f"{i}\t{s}\n" for i, s in rows), encoding="utf-8")
    by_split = Counter(s for _, s in rows)
    events = Counter((split_of(str(r["id"])), e["modality"])  # type: ignore[index]
                     for r in records for e in r["events"])  # type: ignore[attr-defined]
    print(f"{len(records)} sentences: {dict(by_split)}; events by (split, modality): "
          f"{dict(sorted(events.items()))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
