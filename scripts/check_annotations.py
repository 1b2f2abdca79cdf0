"""Check the label files of our annotated real-news set against training/ANNOTATION.md:
known ids, one record per id, known types and modalities, country codes of three capital
letters or null, source phrases (and target phrases) found in the sentence.

    python3 scripts/check_annotations.py training/annotated/labels_a.jsonl ..."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = ROOT / "training" / "annotated" / "sentences.jsonl"
TYPES = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "CONCEDE",
         "RETREAT"}
MODALITIES = {"asserted", "negated", "future", "hypothetical"}
_CODE = re.compile(r"^[A-Z]{3}$")


def problems(path: Path, sentences: dict[str, str]) -> list[str]:
    found: list[str] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{n}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            found.append(f"{where}: not JSON ({exc})")
            continue
        rid = record.get("id")
        if rid not in sentences:
            found.append(f"{where}: unknown id {rid!r}")
            continue
        if rid in seen:
            found.append(f"{where}: {rid} labelled twice")
        seen.add(rid)
        events = record.get("events")
        if not isinstance(events, list):
            found.append(f"{where}: {rid} has no events list")
            continue
        for e in events:
            if e.get("type") not in TYPES:
                found.append(f"{where}: {rid} type {e.get('type')!r}")
            if e.get("modality") not in MODALITIES:
                found.append(f"{where}: {rid} modality {e.get('modality')!r}")
            for role in ("source", "target"):
                phrase, code = e.get(role), e.get(f"{role}_country")
                if code is not None and not _CODE.match(str(code)):
                    found.append(f"{where}: {rid} {role}_country {code!r}")
                if role == "source" and not phrase:
                    found.append(f"{where}: {rid} event without a source")
                if phrase and phrase not in sentences[rid]:
                    found.append(f"{where}: {rid} {role} {phrase!r} is not in the sentence")
    return found


def main() -> int:
    sentences = {}
    for line in SENTENCES.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        sentences[row["id"]] = row["sentence"]
    all_problems = [p for arg in sys.argv[1:] for p in problems(Path(arg), sentences)]
    print("\n".join(all_problems) or "ok")
    return 1 if all_problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
