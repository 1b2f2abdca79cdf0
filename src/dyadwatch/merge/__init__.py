"""Event merging (issue 9): mentions of one real-world event across sentences, documents and
outlets become one merged event. rules.py decides pairs, cluster.py places mentions
incrementally, store.py reads and writes the DuckDB tables, evaluate.py scores the hand-clustered
set."""

from dyadwatch.merge.rules import EventMention, MergeSettings
from dyadwatch.merge.store import MergeStats, merge_events

__all__ = ["EventMention", "MergeSettings", "MergeStats", "merge_events"]
