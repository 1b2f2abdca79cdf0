"""Check our written training sentences (training/pair_sentences.tsv, training/written/*.tsv).

    python scripts/check_training_sentences.py [FILE ...] [--data ../shared/data/eval]

Fails (exit 1) on: an unknown CAMEO code, a sentence without exactly one {S} or with more than one
{T}, a sentence written twice (across all files), and a sentence too close to one of an
evaluation set (plv_train, the CAMEO codebook examples, the PETRARCH-2 validation sentences,
plover_gsr_cameo): those are benchmarks or manual examples, and our training text must be our own.
Prints how many sentences each CAMEO code has, and the codes with fewer than --min."""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CAMEO_TABLE = REPO / "src" / "dyadwatch" / "data" / "cameo.tsv"
EVAL_SETS = {  # file under the eval folder -> the field holding the sentence
    "plv_train/plv_train.jsonl": "sentence",
    "cameo_codebook_examples/cameo_codebook_examples.jsonl": "sentence",
    "petrarch_validation/petr2_gsr_validation.jsonl": "sentence",
    "plover_gsr_cameo/plover_gsr_cameo.jsonl": "sentence",
}
TOO_CLOSE = 0.75  # difflib ratio on lower-cased words, actor slots removed


def training_files() -> list[Path]:
    return [REPO / "training" / "pair_sentences.tsv",
            *sorted((REPO / "training" / "written").glob("*.tsv"))]


def read_rows(path: Path) -> list[tuple[int, str, str]]:
    lines = [(n, line) for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
             if line.strip() and not line.startswith("#")]
    header = lines[0][1].split("\t")
    if header != ["cameo", "sentence"]:
        raise SystemExit(f"{path}:{lines[0][0]}: header must be 'cameo<TAB>sentence', got {header}")
    rows = []
    for n, line in lines[1:]:
        parts = line.split("\t")
        if len(parts) != 2:
            rows.append((n, "?", line))
        else:
            rows.append((n, parts[0].strip(), parts[1].strip()))
    return rows


def words(text: str) -> str:
    text = re.sub(r"\{[ST]\}", " ", text.lower())
    return " ".join(re.findall(r"[a-z0-9']+", text))


def eval_sentences(data: Path) -> list[str]:
    out = []
    for name, field in EVAL_SETS.items():
        path = data / name
        if not path.exists():
            continue
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                out.append(words(json.loads(line).get(field) or ""))
    return out


def closest(sentence: str, candidates: list[str]) -> tuple[float, str]:
    best, best_text = 0.0, ""
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(sentence)
    for cand in candidates:
        matcher.set_seq1(cand)
        if matcher.real_quick_ratio() < TOO_CLOSE or matcher.quick_ratio() < TOO_CLOSE:
            continue
        ratio = matcher.ratio()
        if ratio > best:
            best, best_text = ratio, cand
    return best, best_text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="default: all training files")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "eval")
    parser.add_argument("--min", type=int, default=10, help="report codes with fewer sentences")
    parser.add_argument("--roots", default="01-20", help="report thin codes of these roots (01-03)")
    args = parser.parse_args()
    codes = {row["code"] for row in csv.DictReader(CAMEO_TABLE.open(encoding="utf-8"),
                                                   delimiter="\t")}
    checked = [p.resolve() for p in (args.files or training_files())]
    per_code: Counter[str] = Counter()  # over all files: the thin-code report is of the whole set
    gold = eval_sentences(args.data)
    seen: dict[str, str] = {}
    for path in training_files():  # duplicates are checked against every file
        if path.exists() and path.resolve() not in checked:
            for n, code, sentence in read_rows(path):
                seen.setdefault(words(sentence), f"{path.name}:{n}")
                per_code[code] += 1
    problems = []
    for path in checked:
        for n, code, sentence in read_rows(path):
            where = f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}:{n}"
            if code != "-" and code not in codes:
                problems.append(f"{where}: unknown CAMEO code {code!r}")
            if sentence.count("{S}") != 1 or sentence.count("{T}") > 1:
                problems.append(f"{where}: needs exactly one {{S}} and at most one {{T}}")
            key = words(sentence)
            if key in seen and seen[key] != where:
                problems.append(f"{where}: same sentence as {seen[key]}")
            seen.setdefault(key, where)
            ratio, text = closest(key, gold)
            if ratio >= TOO_CLOSE:
                problems.append(f"{where}: {ratio:.2f} close to an evaluation sentence: {text!r}")
            per_code[code] += 1
    for problem in problems:
        print(problem)
    first, _, last = args.roots.partition("-")
    thin = sorted(c for c in codes if per_code[c] < args.min and c[:2].isdigit()
                  and first <= c[:2] <= (last or first))
    print(f"{sum(per_code.values())} sentences, {len(per_code)} codes; "
          f"{len(thin)} codes with fewer than {args.min}: {' '.join(thin[:60])}"
          f"{' ...' if len(thin) > 60 else ''}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
