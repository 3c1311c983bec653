"""Sentence features for the role model, computed with numpy over a whole Doc at once.

Two blocks:
- hashed lemma n-grams (unigrams and bigrams of lower-cased lookup lemmas, numbers folded to
  one token, a sentence-start marker so the first word is a feature of its own);
- named dense features: cue categories from `star_cues` in this sentence and its neighbours,
  position in the answer, shape (length, digits, a final question mark, a bullet...), and the
  presence of quantities and tradeoff spans.

Per-token Python work is kept to one pass over the *distinct* words of a Doc (a cache), because
grading must stay within a small multiple of what spaCy's tokenizer costs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, LIKE_NUM, LOWER
from spacy.tokens import Doc, Span

N_HASH_BITS = 20
_MASK = np.uint64((1 << N_HASH_BITS) - 1)
_BOS = np.uint64(0x9E3779B97F4A7C15)
_NUM = np.uint64(0x51ED2701F3A5C7B1)
_MIX = np.uint64(0xBF58476D1CE4E5B9)

POSITION_FEATURES = (
    "pos:first", "pos:second", "pos:last", "pos:only",
    "relpos:0", "relpos:1", "relpos:2", "relpos:3", "relpos:4",
    "nsent:1", "nsent:2-3", "nsent:4-6", "nsent:7+",
)
SHAPE_FEATURES = (
    "len:<6", "len:6-15", "len:16-30", "len:>30",
    "has_digit", "has_percent", "has_currency", "question", "no_final_punct", "starts_lower",
    "starts_bullet", "starts_ed", "starts_ing", "past_ed", "has_quantity", "has_change",
    "has_tradeoff", "colon_head",
)
CURRENCY = frozenset("$€£¥")


def dense_feature_names(cue_categories: Sequence[str]) -> list[str]:
    cues = [f"cue:{c}" for c in cue_categories]
    neighbours = [f"{side}:cue:{c}" for side in ("prev", "next") for c in cue_categories]
    neighbours += ["prev:none", "next:none"]
    return [*cues, *neighbours, *POSITION_FEATURES, *SHAPE_FEATURES]


class SentenceFeaturizer:
    """Doc + its sentences -> a CSR matrix [hashed n-grams | dense named features]."""

    def __init__(self, cue_categories: Sequence[str], cues_key: str = "star_cues") -> None:
        self.cue_categories = list(cue_categories)
        self.cues_key = cues_key
        self.dense_names = dense_feature_names(self.cue_categories)
        self._cue_index = {c: i for i, c in enumerate(self.cue_categories)}
        self._dense_index = {n: i for i, n in enumerate(self.dense_names)}
        self._word_cache: dict[int, tuple[np.uint64, bool]] = {}

    @property
    def n_features(self) -> int:
        return (1 << N_HASH_BITS) + len(self.dense_names)

    # -- hashed block ---------------------------------------------------------------
    def _word_info(self, doc: Doc, lemma_ids: np.ndarray, lower_ids: np.ndarray):
        """Per-token (feature hash, ends-in-'ed' past form), via a cache of distinct words."""
        cache = self._word_cache
        if len(cache) > 500_000:  # bounded, for long-running processes
            cache.clear()
        strings = doc.vocab.strings
        keys = lemma_ids ^ (lower_ids * _MIX)
        unique, inverse = np.unique(keys, return_inverse=True)
        hashes = np.empty(len(unique), dtype=np.uint64)
        past = np.zeros(len(unique), dtype=bool)
        first_of = np.zeros(len(unique), dtype=np.int64)
        first_of[inverse] = np.arange(len(keys))  # any occurrence of each distinct word
        for j, key in enumerate(unique.tolist()):
            info = cache.get(key)
            if info is None:
                i = first_of[j]
                lemma = strings[int(lemma_ids[i])] if lemma_ids[i] else ""
                lower = strings[int(lower_ids[i])]
                lemma = (lemma or lower).lower()
                info = (
                    np.uint64(int.from_bytes(_stable_digest(lemma), "little")),
                    lower.endswith("ed") and lemma != lower and len(lower) > 3,
                )
                cache[key] = info
            hashes[j], past[j] = info
        return hashes[inverse], past[inverse]

    def transform(self, doc: Doc, sents: Sequence[Span]) -> sparse.csr_matrix:
        n = len(sents)
        dense = np.zeros((n, len(self.dense_names)), dtype=np.float32)
        if n == 0:
            return sparse.csr_matrix((0, self.n_features), dtype=np.float32)
        arr = doc.to_array([LEMMA, LOWER, LIKE_NUM, IS_PUNCT, IS_SPACE])
        starts = np.array([s.start for s in sents], dtype=np.int64)
        ends = np.array([s.end for s in sents], dtype=np.int64)
        token_sent = np.full(len(doc), -1, dtype=np.int64)
        for i, (s, e) in enumerate(zip(starts, ends, strict=True)):
            token_sent[s:e] = i
        keep = (arr[:, 4] == 0) & (token_sent >= 0)
        idx = np.nonzero(keep)[0]
        word_hash, past = self._word_info(doc, arr[idx, 0], arr[idx, 1])
        word_hash = np.where(arr[idx, 2] == 1, _NUM, word_hash)
        sent_of = token_sent[idx]
        # bigrams within a sentence, with a start marker before each sentence's first word
        prev = np.empty_like(word_hash)
        prev[1:] = word_hash[:-1]
        new_sent = np.ones(len(idx), dtype=bool)
        new_sent[1:] = sent_of[1:] != sent_of[:-1]
        prev[new_sent] = _BOS
        bigram = (prev * _MIX) ^ (word_hash + np.uint64(0x2545F4914F6CDD1D))
        rows = np.concatenate([sent_of, sent_of])
        cols = np.concatenate([word_hash & _MASK, bigram & _MASK]).astype(np.int64)
        hashed = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, 1 << N_HASH_BITS)
        )
        hashed.data = np.minimum(hashed.data, 1.0)  # presence, not counts
        self._fill_dense(doc, sents, dense, token_sent, arr, idx, past, sent_of)
        return sparse.hstack([hashed, sparse.csr_matrix(dense)], format="csr")

    # -- dense block ----------------------------------------------------------------
    def _fill_dense(self, doc, sents, dense, token_sent, arr, idx, past, sent_of) -> None:
        d = self._dense_index
        n = len(sents)
        n_cues = len(self.cue_categories)
        cues = np.zeros((n, n_cues), dtype=np.float32)
        if self.cues_key in doc.spans:
            for span in doc.spans[self.cues_key]:
                column = self._cue_index.get(span.label_)
                row = token_sent[span.start]
                if column is not None and row >= 0:
                    cues[row, column] = 1.0
        dense[:, :n_cues] = cues
        dense[1:, n_cues : 2 * n_cues] = cues[:-1]
        dense[:-1, 2 * n_cues : 3 * n_cues] = cues[1:]
        dense[0, d["prev:none"]] = 1.0
        dense[-1, d["next:none"]] = 1.0
        # position
        dense[0, d["pos:first"]] = 1.0
        dense[-1, d["pos:last"]] = 1.0
        if n == 1:
            dense[0, d["pos:only"]] = 1.0
        if n > 1:
            dense[1, d["pos:second"]] = 1.0
        rel = np.minimum((np.arange(n) / max(n - 1, 1) * 5).astype(int), 4)
        for bin_ in range(5):
            dense[rel == bin_, d[f"relpos:{bin_}"]] = 1.0
        size = "1" if n == 1 else "2-3" if n <= 3 else "4-6" if n <= 6 else "7+"
        dense[:, d[f"nsent:{size}"]] = 1.0
        # shape
        words = np.bincount(sent_of, weights=(arr[idx, 3] == 0), minlength=n)
        dense[:, d["len:<6"]] = words < 6
        dense[:, d["len:6-15"]] = (words >= 6) & (words <= 15)
        dense[:, d["len:16-30"]] = (words > 15) & (words <= 30)
        dense[:, d["len:>30"]] = words > 30
        dense[:, d["past_ed"]] = np.bincount(sent_of, weights=past, minlength=n) > 0
        for i, sent in enumerate(sents):
            text = sent.text.strip()
            if not text:
                continue
            body = text.lstrip("-*•·> \t0123456789.)")
            dense[i, d["has_digit"]] = any(ch.isdigit() for ch in text)
            dense[i, d["has_percent"]] = "%" in text or "percent" in text.lower()
            dense[i, d["has_currency"]] = any(ch in CURRENCY for ch in text)
            dense[i, d["question"]] = text.endswith("?")
            dense[i, d["no_final_punct"]] = text[-1] not in ".!?:;\"')"
            dense[i, d["starts_lower"]] = text[0].islower()
            dense[i, d["starts_bullet"]] = text[0] in "-*•·>" or body != text.lstrip("-*•·> \t")
            first = body.split(maxsplit=1)[0].lower() if body.split() else ""
            dense[i, d["starts_ed"]] = first.endswith("ed") and len(first) > 4
            dense[i, d["starts_ing"]] = first.endswith("ing") and len(first) > 5
            dense[i, d["colon_head"]] = ":" in text[:25]
        for key, name in (("star_quantities", "has_quantity"), ("star_tradeoffs", "has_tradeoff")):
            if key in doc.spans:
                for span in doc.spans[key]:
                    row = token_sent[span.start]
                    if row >= 0:
                        dense[row, d[name]] = 1.0
                        change = getattr(getattr(span._, "star_quantity", None), "change", None)
                        if name == "has_quantity" and change is not None:
                            dense[row, d["has_change"]] = 1.0


def _stable_digest(text: str) -> bytes:
    """An 8-byte hash that is the same in every process and Python version."""
    import hashlib

    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
