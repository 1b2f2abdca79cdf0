"""Issue 8: the table-driven attribute ruler and lemmatizer give the stock components' token
attributes, and the sentence pre-filter parses the sentences that matter (and no others)
without changing the events of the examples."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest

from dyadwatch.clean import clean_document
from dyadwatch.config import Settings
from dyadwatch.ingest import iter_inputs
from dyadwatch.nlp import load_nlp
from dyadwatch.pipeline import Pipeline

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
# The English model's multi-token and special rules: "ai n't", "gon na", "got ta", "let 's",
# "'d", existential "there is", reflexives, indefinite pronouns, "but" as an adverb.
ODD_FORMS = ("I ain't gonna go, and you gotta see it. Let's go! She'd said there is nothing "
             "they could do themselves; everybody knew, but they waited.\n\nC'mon, y'all.")


def token_view(doc: Any) -> list[tuple[Any, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i,
             t.is_sent_start) for t in doc]


@pytest.fixture(scope="module")
def stock_and_fast() -> tuple[Any, Any]:
    return load_nlp(Settings().models, fast_rules=False), load_nlp(Settings().models)


def test_fast_components_replace_the_stock_ones(stock_and_fast: tuple[Any, Any]) -> None:
    stock, fast = stock_and_fast
    assert type(stock.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"
    assert type(fast.get_pipe("attribute_ruler")).__name__ == "FastAttributeRuler"
    assert type(fast.get_pipe("lemmatizer")).__name__ == "FastLemmatizer"
    assert fast.pipe_names == stock.pipe_names


def test_fast_components_give_the_same_token_attributes(stock_and_fast: tuple[Any, Any]) -> None:
    stock, fast = stock_and_fast
    texts = [ODD_FORMS] + [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    assert len(texts) > 15
    for _ in range(2):  # the second pass reads the caches
        for a, b in zip(stock.pipe(texts), fast.pipe(texts)):
            assert token_view(a) == token_view(b)
    odd = fast(ODD_FORMS)
    assert [t.lemma_ for t in odd if t.lower_ in ("ai", "gon", "'d")] == ["be", "go", "would"]


@pytest.fixture(scope="module")
def full_parse() -> Pipeline:
    return Pipeline.create(Settings(prefilter=False))


def test_prefilter_parses_only_sentences_that_may_matter(pipeline: Pipeline) -> None:
    text = ("Rice prices rose two percent in March. The harvest was poor.\n\n"
            "North Korea fired a ballistic missile on Monday. He said nothing.\n\n"
            "Later, South Korean President Yoon Suk-yeol spoke. He condemned the launch.\n\n"
            "Shares closed higher. Trading was thin. Bonds were flat.")
    assert pipeline.sentence_filter is not None
    [doc] = list(pipeline.sentence_filter.pipe([text]))
    assert doc.text == text
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "Rice prices rose two percent in March."
    assert sents[-1] == "Bonds were flat." and len(sents) == 9
    tagged = {s.text.strip(): any(t.pos_ for t in s) for s in doc.sents}
    assert not tagged["Rice prices rose two percent in March."]
    assert not tagged["Shares closed higher."]
    assert tagged["North Korea fired a ballistic missile on Monday."]
    assert tagged["He condemned the launch."]  # "he" after a named person: coreference


def test_prefilter_keeps_the_events_of_the_examples(pipeline: Pipeline,
                                                    full_parse: Pipeline) -> None:
    docs = list(iter_inputs([str(EXAMPLES)]))

    def events(pipe: Pipeline) -> list[tuple[Any, ...]]:
        return [(c.document.doc_id, e.cameo, e.start, e.end, e.modality, e.date,
                 tuple(a.country for a in e.source), tuple(a.country for a in e.target))
                for c in pipe.code_documents(docs) for e in c.events]

    filtered, full = events(pipeline), events(full_parse)
    assert len(full) > 100
    assert filtered == full


def test_numpy_matmul_gives_the_blis_annotation() -> None:
    """The models' matrix products moved from BLIS to numpy: every layer uses numpy, and the
    examples get the same tags, lemmas and parse as with BLIS."""
    from thinc.api import NumpyOps

    blis, numpy = (load_nlp(Settings().models, numpy_matmul=flag) for flag in (False, True))
    layers = [node for _, c in numpy.pipeline if hasattr(c, "model") for node in c.model.walk()]
    assert layers and all(isinstance(n.ops, NumpyOps) and not n.ops.use_blis for n in layers)
    assert any(getattr(n.ops, "use_blis", False) for _, c in blis.pipeline
               if hasattr(c, "model") for n in c.model.walk())
    texts = [clean_document(raw).text for raw in iter_inputs([str(EXAMPLES)])][:40]
    with_blis = [token_view(doc) for doc in blis.pipe(texts)]
    with_numpy = [token_view(doc) for doc in numpy.pipe(texts)]
    assert sum(len(d) for d in with_numpy) > 5_000
    assert with_numpy == with_blis


def test_parsing_holds_numpy_to_one_blas_thread(pipeline: Pipeline) -> None:
    """Workers are the parallelism: numpy's BLAS runs one thread while a batch is parsed, and
    the caller's thread setting is back afterwards."""
    from threadpoolctl import threadpool_info

    from dyadwatch.nlp import load as nlp_load

    def blas_threads() -> list[int]:
        return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]

    pipeline.code_text("Seoul met Tokyo.")  # the pipeline has parsed before ...
    with contextlib.suppress(ImportError):  # ... another BLAS is loaded (scipy's, as in CI)
        import scipy.linalg  # noqa: F401
    before = blas_threads()
    seen: list[list[int]] = []
    original = nlp_load.one_blas_thread

    def spy() -> Any:
        limiter = original()
        seen.append(blas_threads())
        return limiter

    import dyadwatch.pipeline as pipeline_module
    pipeline_module.one_blas_thread = spy  # type: ignore[assignment]
    try:
        pipeline.code_text("North Korea fired a missile on Monday.", pub_date="2023-01-02")
    finally:
        pipeline_module.one_blas_thread = original  # type: ignore[assignment]
    assert seen and all(n == 1 for threads in seen for n in threads)
    assert blas_threads() == before
