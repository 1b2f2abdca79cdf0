"""The encoder pair classifier's input (coding/encoder.py): the sentence with its actors marked,
and the token each opening marker becomes. No model is needed: these are the parts that must
agree between training (scripts/train_pair_encoder.py) and coding."""

from __future__ import annotations

from typing import Any

from dyadwatch.coding.encoder import MarkedPair, mark_pair, marked_features, marker_token


def _span(doc: Any, phrase: str) -> Any:
    start = doc.text.index(phrase)
    return doc.char_span(start, start + len(phrase))


def test_source_and_target_are_marked_where_they_stand(pipeline: Any) -> None:
    doc = pipeline.nlp("North Korea fired a missile toward Japan on Sunday.")
    pair = mark_pair(_span(doc, "North Korea"), _span(doc, "Japan"))
    assert pair.text == "@ North Korea @ fired a missile toward # Japan # on Sunday."
    assert pair.text[pair.source_at] == "@" and pair.text[pair.target_at] == "#"
    reverse = mark_pair(_span(doc, "Japan"), _span(doc, "North Korea"))
    assert reverse.text == "# North Korea # fired a missile toward @ Japan @ on Sunday."
    alone = mark_pair(_span(doc, "North Korea"), None)
    assert alone.target_at == -1 and "#" not in alone.text
    assert MarkedPair.from_features(marked_features(_span(doc, "North Korea"),
                                                    _span(doc, "Japan"))) == pair


def test_only_the_pairs_sentence_is_read(pipeline: Any) -> None:
    doc = pipeline.nlp("Talks stalled. Seoul accused Tokyo of bad faith. Markets fell.")
    pair = mark_pair(_span(doc, "Seoul"), _span(doc, "Tokyo"))
    assert pair.text == "@ Seoul @ accused # Tokyo # of bad faith."


def test_marker_token_is_the_token_starting_at_the_marker() -> None:
    offsets = [(0, 0), (0, 1), (2, 7), (8, 15), (16, 17), (18, 23), (23, 24), (0, 0)]
    assert marker_token(offsets, 0) == 1
    assert marker_token(offsets, 16) == 4
    assert marker_token(offsets, -1) == 0  # no target: the [CLS] state
    assert marker_token(offsets, 99) == 0  # truncated away
