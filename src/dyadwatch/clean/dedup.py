"""Near-duplicate documents: syndicated copies and updated versions of one story.

Each cleaned text gets a MinHash signature over its word 3-grams; a MinHash LSH index
(datasketch) proposes earlier documents that may be copies, and the estimated Jaccard
similarity of the signatures decides. A copy is linked to the most similar earlier document
(the canonical one); only documents that are not copies count, and both stay stored for
provenance.

Signatures are plain arrays of 32-bit integers so that the store can keep them and a later run
can rebuild the index without re-reading old texts.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import numpy as np

from dyadwatch.records import Document, DuplicateLink, RawDocument

if TYPE_CHECKING:
    from datasketch import MinHash

NUM_PERM = 64  # estimate error about 0.06 at similarity 0.7; twice as fast as 128
SHINGLE_WORDS = 3
# Estimated Jaccard similarity of word 3-grams from which two texts are one story. Syndicated
# copies score above 0.9, updated versions of a wire story 0.7-0.9; below 0.7 formulaic news
# about different actors ("X raises prime rate to 7-3/4 pct") starts to match (see README).
DEFAULT_THRESHOLD = 0.7
_WORD = re.compile(r"\w+")
_SCHEME = "affine32"  # datasketch's 32-bit scheme: values fit the uint32 signatures we store


class NearDuplicateIndex:
    """An in-memory MinHash LSH index over the documents seen so far (and those stored)."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, num_perm: int = NUM_PERM) -> None:
        from datasketch import MinHash, MinHashLSH

        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._signatures: dict[str, np.ndarray] = {}
        # generating the permutations is the costly part of a MinHash: do it once
        self._permutations = MinHash(num_perm=num_perm, scheme=_SCHEME).permutations

    def __len__(self) -> int:
        return len(self._signatures)

    def sketch(self, text: str) -> MinHash:
        """The MinHash of a text's word 3-grams (lower-cased)."""
        from datasketch import MinHash

        minhash = MinHash(num_perm=self.num_perm, hashfunc=zlib.crc32, scheme=_SCHEME,
                          permutations=self._permutations)
        minhash.update_batch(list(shingles(text)))
        return minhash

    def from_signature(self, signature: Iterable[int]) -> MinHash:
        """A stored signature (see `signature`) back as a MinHash."""
        from datasketch import MinHash

        return MinHash(num_perm=self.num_perm, scheme=_SCHEME, permutations=self._permutations,
                       hashvalues=np.asarray(list(signature), dtype=np.uint64))

    def best_match(self, sketch: MinHash) -> tuple[str, float] | None:
        """The most similar indexed document at or above the threshold, with its similarity."""
        values = signature(sketch)
        best: tuple[str, float] | None = None
        for key in self._lsh.query(sketch):
            similarity = round(float(np.mean(self._signatures[key] == values)), 3)
            if similarity >= self.threshold and (best is None or similarity > best[1]):
                best = (key, similarity)
        return best

    def add(self, key: str, sketch: MinHash) -> None:
        if key not in self._signatures:
            self._signatures[key] = signature(sketch)
            self._lsh.insert(key, sketch)


def signature(sketch: MinHash) -> np.ndarray:
    """The sketch's hash values as uint32 (the affine32 scheme keeps them below 2**32)."""
    return sketch.hashvalues.astype(np.uint32)


def shingles(text: str) -> Iterable[bytes]:
    """Word 3-grams of the lower-cased text; a text of fewer words is one shingle."""
    words = _WORD.findall(text.lower())
    if len(words) <= SHINGLE_WORDS:
        return [" ".join(words).encode("utf-8")]
    return {" ".join(words[i:i + SHINGLE_WORDS]).encode("utf-8")
            for i in range(len(words) - SHINGLE_WORDS + 1)}


class StoryLinker:
    """Decides, document by document, whether it repeats one already seen: byte-identical
    content (exact) or the same story in other words (near, by MinHash). Remembers what it saw.
    A near copy is linked to the first version of its story; the similarity is the one to the
    most similar earlier version.

    `seen` maps the content hash of every stored document to its doc_id; `key_of` turns a
    content hash into the store's document key."""

    def __init__(self, index: NearDuplicateIndex, seen: dict[str, str],
                 key_of: Callable[[str], str], copies: dict[str, str] | None = None) -> None:
        self.index = index
        self.seen = seen
        self.key_of = key_of
        self.copies = copies if copies is not None else {}  # copy's key -> its canonical key

    def seen_before(self, raw: RawDocument) -> bool:
        return raw.content_hash in self.seen

    def exact_link(self, raw: RawDocument) -> DuplicateLink | None:
        """For input already seen: a link when it arrives under another id (a copy), None when
        it is the same document read again (a re-run)."""
        first_id = self.seen.get(raw.content_hash)
        if first_id is None or first_id == raw.doc_id:
            return None
        return DuplicateLink(canonical_key=self.key_of(raw.content_hash), kind="exact",
                             similarity=1.0, source=raw.source, doc_id=raw.doc_id)

    def remember(self, raw: RawDocument) -> None:
        self.seen.setdefault(raw.content_hash, raw.doc_id)

    def near_link(self, doc: Document) -> tuple[DuplicateLink | None, np.ndarray]:
        """Index a cleaned document; link it to the most similar earlier one, if any. Returns
        the link and the signature to store."""
        sketch = self.index.sketch(f"{doc.title or ''}\n{doc.text}")
        key = self.key_of(doc.content_hash)
        match = self.index.best_match(sketch)
        self.index.add(key, sketch)
        if match is None or match[0] == key:
            return None, signature(sketch)
        # a copy of a copy belongs to the first version of the story
        canonical = self.copies.get(match[0], match[0])
        self.copies[key] = canonical
        return DuplicateLink(canonical_key=canonical, kind="near", similarity=match[1],
                             source=doc.source, doc_id=doc.doc_id, doc_key=key), signature(sketch)
