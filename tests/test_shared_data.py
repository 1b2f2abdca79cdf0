"""Checks against ../shared/data (beside the repository). A fresh clone without it skips these."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from itertools import islice
from typing import Any

import pytest
from conftest import SHARED
from contract import assert_contract_record

from dyadwatch.clean.pubdate import normalise_date
from dyadwatch.ingest import read_jsonl_stream

CORPUS = SHARED / "data" / "corpus" / "news_docs.jsonl"
EVAL = SHARED / "data" / "eval"

needs_corpus = pytest.mark.skipif(not CORPUS.is_file(),
                                  reason=f"shared news corpus not present at {CORPUS}")
needs_eval = pytest.mark.skipif(not (EVAL / "cameo_codebook_examples").is_dir(),
                                reason=f"shared evaluation sets not present at {EVAL}")


@pytest.fixture(scope="module")
def first_100() -> list[str]:
    with CORPUS.open(encoding="utf-8") as fh:
        return list(islice(fh, 100))


@needs_corpus
def test_first_100_corpus_documents_give_contract_records(pipeline: Any,
                                                          first_100: list[str]) -> None:
    inputs = [json.loads(line) for line in first_100]
    raws = read_jsonl_stream(first_100, str(CORPUS))
    records = [json.loads(json.dumps(c.to_json())) for c in pipeline.code_documents(raws)]
    assert len(records) == 100
    assert [r["id"] for r in records] == [i["id"] for i in inputs]
    for rec, item in zip(records, inputs):
        assert_contract_record(rec)
        assert rec["error"] is None, (rec["id"], rec["error"])
        # The record's own date and title are kept ("26-FEB-1987 15:01:01.79" -> 1987-02-26).
        assert rec["date"] == normalise_date(item.get("date"))
        if (item.get("title") or "").strip():
            assert rec["title"] == item["title"].strip()
        assert rec["text"].strip()
    assert records[0]["date"] == "1987-02-26"
    assert sum(len(r["mentions"]) for r in records) > 0


@needs_eval
def test_eval_on_cameo_codebook_examples(
        run_cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    result = run_cli("eval", "--data", str(EVAL), "--set", "cameo_codebook_examples",
                     "--no-confusion")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    scores = summary["eval"]["cameo_codebook_examples"]
    assert scores["sentences"] == 35
    for key, value in scores.items():
        if key.endswith("accuracy"):
            assert 0.0 <= value <= 1.0, (key, value)


@pytest.mark.skipif(not (EVAL / "event_location").is_dir(),
                    reason=f"shared event_location set not present at {EVAL / 'event_location'}")
def test_event_location_set_loads_with_token_offsets() -> None:
    from dyadwatch.eval.datasets import event_location_examples

    examples = event_location_examples(EVAL)
    assert (len(examples), sum(x.relabelled for x in examples),
            sum(bool(x.gold) for x in examples)) == (10180, 494, 5834)
    for x in examples:
        assert x.sentence[x.verb[0]:x.verb[1]].strip()
        for start, end, text in x.gold:
            assert x.sentence[start:end] == text and text.strip()
