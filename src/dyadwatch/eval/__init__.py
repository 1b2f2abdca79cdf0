"""Evaluation against the labelled sets in ../shared/data/eval (see that folder's README)."""

from dyadwatch.eval.runner import evaluate

__all__ = ["evaluate"]
