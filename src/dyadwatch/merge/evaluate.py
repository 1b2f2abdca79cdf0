"""Merge quality on the hand-clustered set `data/eval/merge_clusters.jsonl` (our own short
news sentences from fictitious outlets, each labelled with the real-world event it reports).

The set goes through the whole system (`run_into_store`: coding, then merging) into a real
DuckDB file. Each document is represented by its first asserted event; a document without one
stays alone in its own predicted cluster, so coding misses cost recall. Scores are B-cubed
(per document, averaged) and pairwise (over document pairs) precision, recall and F1.

    python -m dyadwatch.merge.evaluate          prints the figures as JSON
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from dyadwatch.merge.rules import MergeSettings

EVAL_SET = "merge_clusters.jsonl"


def eval_set_path() -> Path:
    return Path(str(resources.files("dyadwatch.data").joinpath("eval", EVAL_SET)))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _groups(labels: Mapping[str, str]) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for item, label in labels.items():
        groups[label].add(item)
    return groups


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    """B-cubed precision/recall/F1 of a clustering; both map every item to a cluster label."""
    pred_groups, gold_groups = _groups(predicted), _groups(gold)
    p = r = 0.0
    for item in gold:
        same = pred_groups[predicted[item]] & gold_groups[gold[item]]
        p += len(same) / len(pred_groups[predicted[item]])
        r += len(same) / len(gold_groups[gold[item]])
    p, r = p / len(gold), r / len(gold)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(_f1(p, r), 4)}


def pairwise(predicted: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    """Precision/recall/F1 over item pairs put together (predicted) or belonging together."""
    items = sorted(gold)
    tp = fp = fn = 0
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            same_pred, same_gold = predicted[a] == predicted[b], gold[a] == gold[b]
            tp += same_pred and same_gold
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(_f1(p, r), 4)}


def load_gold(path: Path) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The documents (JSON Lines records for `dyadwatch run`) and doc id -> gold cluster."""
    docs, gold = [], {}
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                gold[rec["id"]] = rec["cluster"]
            except (json.JSONDecodeError, KeyError) as exc:
                raise ValueError(f"{path}:{n}: not a labelled record ({exc})") from None
            docs.append({k: rec[k] for k in ("id", "text", "date", "outlet")})
    return docs, gold


def predicted_clusters(con: Any, doc_ids: list[str]) -> dict[str, str]:
    """doc id -> merged id of its first asserted event (or a cluster of its own)."""
    rows = con.execute(
        "SELECT d.doc_id, arg_min(em.merged_id, e.event_idx) FROM documents d "
        "JOIN events e USING (doc_key) JOIN event_merges em USING (event_id) "
        "WHERE e.modality = 'asserted' GROUP BY d.doc_id").fetchall()
    found = dict(rows)
    return {doc_id: found.get(doc_id, f"alone:{doc_id}") for doc_id in doc_ids}


def evaluate_merging(pipeline: Any, path: Path | None = None,
                     settings: MergeSettings | None = None,
                     db_path: Path | None = None) -> dict[str, Any]:
    """Code and merge the hand-clustered set into a fresh DuckDB file and score the clusters."""
    from dyadwatch.merge.store import merge_events
    from dyadwatch.runner import run_into_store
    from dyadwatch.store import Store

    docs, gold = load_gold(path or eval_set_path())
    with tempfile.TemporaryDirectory() as tmp:
        db = db_path or Path(tmp) / "merge_eval.duckdb"
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", dir=tmp, delete=False,
                                         encoding="utf-8") as fh:
            fh.write("".join(json.dumps(d) + "\n" for d in docs))
        with Store(db) as store:
            run_into_store([fh.name], store, pipeline)
            if settings is not None:
                merge_events(store.con, settings, rebuild=True)
            predicted = predicted_clusters(store.con, list(gold))
    coded = [d for d, v in predicted.items() if not v.startswith("alone:")]
    return {"documents": len(gold), "gold_events": len(set(gold.values())),
            "predicted_events": len(set(predicted.values())),
            "documents_without_event": len(gold) - len(coded),
            "bcubed": bcubed(predicted, gold), "pairwise": pairwise(predicted, gold),
            # The merge step alone: only documents the coder found an event in.
            "bcubed_coded": bcubed({d: predicted[d] for d in coded}, {d: gold[d] for d in coded}),
            "predicted": predicted, "gold": gold}


def main() -> None:
    from dyadwatch.pipeline import Pipeline

    result = evaluate_merging(Pipeline.create())
    print(json.dumps({k: v for k, v in result.items() if k not in ("predicted", "gold")}))
    gold_groups = _groups(result["gold"])
    for merged, members in sorted(_groups(result["predicted"]).items()):
        labels = {result["gold"][m] for m in members}
        if len(labels) > 1:
            print("over-merged:", merged, sorted(members))
    for label, members in sorted(gold_groups.items()):
        if len({result["predicted"][m] for m in members}) > 1:
            print("split:", label, {m: result["predicted"][m] for m in sorted(members)})


if __name__ == "__main__":
    main()
