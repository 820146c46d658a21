"""Near-duplicate articles (syndicated wire copies, small edits) by MinHash over word shingles.

A signature is 128 MinHash values (datasketch) of the article's 5-word shingles; the store keeps it
with 32 locality-sensitive bands of 4 values each, so a later run finds candidates by band without
comparing every pair. A candidate counts as a copy when the estimated Jaccard similarity of the
shingle sets is at least ``THRESHOLD``: a copy with a new first sentence and a cut last paragraph
stays above it, while two outlets' own write-ups of one event share few 5-word runs and stay far
below.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS  # 32 bands of 4: pairs at Jaccard 0.7 are candidates with p > 0.999
SHINGLE_WORDS = 5
THRESHOLD = 0.7
SEED = 1  # fixed: signatures must be comparable across runs and machines

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Signature:
    values: np.ndarray  # uint64, NUM_PERM long

    def to_bytes(self) -> bytes:
        return self.values.astype("<u8").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        return cls(np.frombuffer(data, dtype="<u8"))

    def bands(self) -> list[str]:
        """One key per band: the band number and a hash of its values (what the store indexes)."""
        raw = self.values.astype("<u8")
        return [
            f"{band:02d}:{hashlib.blake2b(raw[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=8).hexdigest()}"
            for band in range(BANDS)
        ]

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        return float(np.mean(self.values == other.values))


def shingles(text: str) -> set[bytes]:
    """Lower-cased 5-word shingles; a text shorter than that is one shingle."""
    words = [word.casefold() for word in _WORD.findall(text)]
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)}


def signature(text: str) -> Signature:
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch(list(shingles(text)))
    return Signature(minhash.hashvalues.copy())
