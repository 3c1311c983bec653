"""Sentence features for the role model, computed with numpy over a whole Doc at once.

Two blocks:
- hashed lemma n-grams (unigrams and bigrams of lower-cased lookup lemmas, numbers folded to
  one token, a sentence-start marker so the first word is a feature of its own);
- named dense features: cue categories from `star_cues` in this sentence and its neighbours,
  position in the answer, shape (length, digits, a final question mark, a bullet...), and the
  presence of quantities and tradeoff spans.

Per-token Python work is kept to the words never seen before (a cache of distinct words), because
grading must stay within a small multiple of what spaCy's tokenizer costs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from spacy.attrs import LEMMA, ORTH, SENT_START
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

N_HASH_BITS = 20
WORD_CACHE_LIMIT = 50_000  # distinct words remembered (1.2 MB); cleared when full, so memory stays flat
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
BULLETS = frozenset("-*•·>")
FINAL_PUNCT = frozenset(".!?:;\"')")

# One `Doc.to_array` call of three attributes gives what the role labeller reads per token;
# everything else about a token (punctuation, space, number-like, case) is a property of its
# word and comes from the word cache (see SentenceFeaturizer.word_info), because each attribute
# `to_array` reads costs as much as a lookup in that cache.
TOKEN_ATTRS = (ORTH, LEMMA, SENT_START)
COL_ORTH, COL_LEMMA, COL_SENT_START = 0, 1, 2


def token_array(doc: Doc) -> np.ndarray:
    """(len(doc), len(TOKEN_ATTRS)) array of the attributes in TOKEN_ATTRS."""
    return doc.to_array(list(TOKEN_ATTRS)).reshape(len(doc), len(TOKEN_ATTRS))


# per-word flags, computed once per distinct word (see SentenceFeaturizer.word_info)
PAST_ED, DIGIT, PERCENT, MONEY, FINAL, BULLET, ED, ING, COLON, QUESTION = (1 << b for b in range(10))
SPACE, PUNCT, NUMBER, LOWERCASE = (1 << b for b in range(10, 14))  # spaCy's lexeme flags


@dataclass
class SentenceFeatures:
    """The features of the sentences of one or more answers: hashed n-gram presence + the
    dense block. Answer `a` owns sentences `doc_starts[a]` to `doc_starts[a + 1]`."""

    n: int
    rows: np.ndarray  # sentence of each active hashed feature, ascending
    cols: np.ndarray  # its column (unique per row)
    dense: np.ndarray  # (n, len(dense_names))
    doc_starts: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.doc_starts is None:
            self.doc_starts = np.array([0, self.n], dtype=np.int64)

    @property
    def lengths(self) -> np.ndarray:
        return np.diff(self.doc_starts)

    def to_csr(self) -> sparse.csr_matrix:
        """The full feature matrix [hashed | dense], as training needs it."""
        hashed = sparse.csr_matrix(
            (np.ones(len(self.rows)), (self.rows, self.cols)), shape=(self.n, 1 << N_HASH_BITS)
        )
        return sparse.hstack([hashed, sparse.csr_matrix(self.dense)], format="csr")


def dense_feature_names(cue_categories: Sequence[str]) -> list[str]:
    cues = [f"cue:{c}" for c in cue_categories]
    neighbours = [f"{side}:cue:{c}" for side in ("prev", "next") for c in cue_categories]
    neighbours += ["prev:none", "next:none"]
    answer = [f"answer:cue:{c}" for c in cue_categories]
    return [*cues, *neighbours, *answer, *POSITION_FEATURES, *SHAPE_FEATURES]


class SentenceFeaturizer:
    """Doc + its sentences -> SentenceFeatures."""

    def __init__(self, cue_categories: Sequence[str], cues_key: str = "star_cues") -> None:
        self.cue_categories = list(cue_categories)
        self.cues_key = cues_key
        self.dense_names = dense_feature_names(self.cue_categories)
        self._cue_index = {c: i for i, c in enumerate(self.cue_categories)}
        self._dense_index = {n: i for i, n in enumerate(self.dense_names)}
        self._cache_keys = np.zeros(0, dtype=np.uint64)  # see _word_info
        self._cache_hashes = np.zeros(0, dtype=np.uint64)
        self._cache_flags = np.zeros(0, dtype=np.int64)

    @property
    def n_features(self) -> int:
        return (1 << N_HASH_BITS) + len(self.dense_names)

    def word_info(self, vocab: Vocab, arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per token of `arr` (rows of `token_array`): its lemma feature hash and word flags.

        From a cache of the distinct (word, lemma) pairs seen: three aligned arrays sorted by
        key, so a whole batch is looked up with one `searchsorted`; only pairs never seen
        before cost Python work (`_learn_words`).
        """
        orth_ids, lemma_ids = arr[:, COL_ORTH], arr[:, COL_LEMMA]
        keys = lemma_ids ^ (orth_ids * _MIX)
        slots = self._cached_slots(keys)
        if (slots < 0).any():
            self._learn_words(vocab, keys, lemma_ids, orth_ids, slots < 0)
            slots = self._cached_slots(keys)
        return self._cache_hashes[slots], self._cache_flags[slots]

    def _cached_slots(self, keys: np.ndarray) -> np.ndarray:
        if len(self._cache_keys) == 0:
            return np.full(len(keys), -1, dtype=np.int64)
        slots = np.minimum(np.searchsorted(self._cache_keys, keys), len(self._cache_keys) - 1)
        return np.where(self._cache_keys[slots] == keys, slots, -1)

    def _learn_words(self, vocab: Vocab, keys, lemma_ids, orth_ids, missing) -> None:
        new_keys, first = np.unique(keys[missing], return_index=True)
        where = np.flatnonzero(missing)[first]
        hashes, flags = [], []
        for i in where.tolist():
            word = vocab[int(orth_ids[i])]
            lower = word.lower_
            lemma = ((vocab.strings[int(lemma_ids[i])] if lemma_ids[i] else "") or lower).lower()
            hashes.append(int.from_bytes(_stable_digest(lemma), "little"))
            flags.append(_word_flags(lower, lemma) | _lexeme_flags(word))
        old = len(self._cache_keys) + len(new_keys) <= WORD_CACHE_LIMIT  # else start afresh
        all_keys = np.concatenate([self._cache_keys if old else self._cache_keys[:0], new_keys])
        all_hashes = np.concatenate([self._cache_hashes if old else self._cache_hashes[:0],
                                     np.array(hashes, dtype=np.uint64)])
        all_flags = np.concatenate([self._cache_flags if old else self._cache_flags[:0],
                                    np.array(flags, dtype=np.int64)])
        order = np.argsort(all_keys, kind="stable")
        self._cache_keys, self._cache_hashes, self._cache_flags = (
            all_keys[order], all_hashes[order], all_flags[order])

    def transform(self, doc: Doc, sents: Sequence[Span]) -> SentenceFeatures:
        """Features of one answer's sentences (each must hold a non-space token)."""
        return self.transform_batch([doc], [sents])

    def transform_batch(self, docs: Sequence[Doc], sents: Sequence[Sequence[Span]],
                        arrays: Sequence[np.ndarray] | None = None,
                        words: tuple[np.ndarray, np.ndarray] | None = None) -> SentenceFeatures:
        """Features of many answers at once: the numpy work is shared by the whole batch.
        `arrays` (each doc's `token_array`) and `words` (`word_info` of all of them, one doc
        after another): when the caller already has them."""
        lengths = np.array([len(s) for s in sents], dtype=np.int64)
        doc_starts = np.concatenate([[0], np.cumsum(lengths)])
        n = int(doc_starts[-1])
        dense = np.zeros((n, len(self.dense_names)))
        if n == 0:
            return SentenceFeatures(0, np.zeros(0, np.int64), np.zeros(0, np.int64), dense, doc_starts)
        if arrays is None:
            arrays = [token_array(doc) for doc in docs]
        word_hash, flags = words if words is not None else self.word_info(docs[0].vocab, np.concatenate(arrays))
        token_sent = _sentence_of_token(docs, sents)
        doc_tokens = np.cumsum([0, *(len(doc) for doc in docs)])
        token_sents = [token_sent[a:b] for a, b in zip(doc_tokens[:-1], doc_tokens[1:], strict=True)]
        idx = np.nonzero(((flags & SPACE) == 0) & (token_sent >= 0))[0]
        word_hash, flags = word_hash[idx], flags[idx]
        word_hash = np.where((flags & NUMBER) > 0, _NUM, word_hash)
        sent_of = token_sent[idx]
        new_sent = np.ones(len(idx), dtype=bool)
        new_sent[1:] = sent_of[1:] != sent_of[:-1]
        # bigrams within a sentence, with a start marker before each sentence's first word
        prev = np.empty_like(word_hash)
        prev[1:] = word_hash[:-1]
        prev[new_sent] = _BOS
        bigram = (prev * _MIX) ^ (word_hash + np.uint64(0x2545F4914F6CDD1D))
        rows = np.concatenate([sent_of, sent_of])
        cols = np.concatenate([word_hash & _MASK, bigram & _MASK]).astype(np.int64)
        pairs = _distinct(rows << N_HASH_BITS | cols)  # presence, not counts
        segments = np.nonzero(new_sent)[0]
        self._fill_spans(docs, dense, token_sents, doc_starts)
        self._fill_position(dense, lengths)
        self._fill_shape(dense, flags, sent_of, segments)
        return SentenceFeatures(n, pairs >> N_HASH_BITS, pairs & int(_MASK), dense, doc_starts)

    # -- dense block ----------------------------------------------------------------
    def _fill_spans(self, docs, dense, token_sents, doc_starts) -> None:
        """Cue categories (this, previous and next sentence; the answer's mean), quantities
        and tradeoffs, from the span groups the earlier components wrote."""
        d = self._dense_index
        n, n_cues = dense.shape[0], len(self.cue_categories)
        cue_rows: list[int] = []
        cue_cols: list[int] = []
        has_quantity, has_change, has_tradeoff = [], [], []
        quantity_values = Span.has_extension("star_quantity")
        cue_arrays = Doc.has_extension("star_cue_matches") and self.cues_key == "star_cues"
        quantity_arrays = Doc.has_extension("star_quantity_marks")
        for doc, token_sent in zip(docs, token_sents, strict=True):
            matches = doc._.star_cue_matches if cue_arrays else None
            if matches is not None:
                # fast path: star_cues' array (its categories are ours, checked at load)
                rows = token_sent[matches[:, 1]]
                cue_rows.extend(rows[rows >= 0].tolist())
                cue_cols.extend(matches[rows >= 0, 0].tolist())
            else:
                for span in doc.spans.get(self.cues_key, ()):
                    column = self._cue_index.get(span.label_)
                    row = token_sent[span.start]
                    if column is not None and row >= 0:
                        cue_rows.append(row)
                        cue_cols.append(column)
            marks = doc._.star_quantity_marks if quantity_arrays else None
            if marks is not None:  # fast path: star_quantities' array of (start, has change)
                rows = token_sent[marks[:, 0]]
                has_quantity.extend(rows[rows >= 0].tolist())
                has_change.extend(rows[(rows >= 0) & (marks[:, 1] == 1)].tolist())
            else:
                for span in doc.spans.get("star_quantities", ()):
                    row = token_sent[span.start]
                    if row >= 0:
                        has_quantity.append(row)
                        value = span._.star_quantity if quantity_values else None
                        if value is not None and value.change is not None:
                            has_change.append(row)
            for span in doc.spans.get("star_tradeoffs", ()):
                row = token_sent[span.start]
                if row >= 0:
                    has_tradeoff.append(row)
        cues = np.zeros((n, n_cues))
        cues[cue_rows, cue_cols] = 1.0
        dense[has_quantity, d["has_quantity"]] = 1.0
        dense[has_change, d["has_change"]] = 1.0
        dense[has_tradeoff, d["has_tradeoff"]] = 1.0
        lengths = np.diff(doc_starts)
        first = np.zeros(n, dtype=bool)
        first[doc_starts[:-1][lengths > 0]] = True
        last = np.zeros(n, dtype=bool)
        last[doc_starts[1:][lengths > 0] - 1] = True
        dense[:, :n_cues] = cues
        dense[1:, n_cues : 2 * n_cues] = cues[:-1]
        dense[first, n_cues : 2 * n_cues] = 0.0  # no previous sentence across answers
        dense[:-1, 2 * n_cues : 3 * n_cues] = cues[1:]
        dense[last, 2 * n_cues : 3 * n_cues] = 0.0
        dense[first, d["prev:none"]] = 1.0
        dense[last, d["next:none"]] = 1.0
        starts = doc_starts[:-1][lengths > 0]
        means = np.add.reduceat(cues, starts, axis=0) / lengths[lengths > 0][:, None]
        first_answer = d[f"answer:cue:{self.cue_categories[0]}"]
        dense[:, first_answer : first_answer + n_cues] = np.repeat(means, lengths[lengths > 0], axis=0)

    def _fill_position(self, dense, lengths) -> None:
        d = self._dense_index
        size = np.repeat(lengths, lengths)
        index = np.arange(len(size)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        dense[:, d["pos:first"]] = index == 0
        dense[:, d["pos:second"]] = index == 1
        dense[:, d["pos:last"]] = index == size - 1
        dense[:, d["pos:only"]] = size == 1
        rel = np.minimum((index / np.maximum(size - 1, 1) * 5).astype(int), 4)
        dense[np.arange(len(size)), d["relpos:0"] + rel] = 1.0
        dense[:, d["nsent:1"]] = size == 1
        dense[:, d["nsent:2-3"]] = (size >= 2) & (size <= 3)
        dense[:, d["nsent:4-6"]] = (size >= 4) & (size <= 6)
        dense[:, d["nsent:7+"]] = size >= 7

    def _fill_shape(self, dense, flags, sent_of, segments) -> None:
        """Length and per-word flags; "any word in the sentence" via reduceat over its run."""
        d = self._dense_index
        n = dense.shape[0]
        not_punct = (flags & PUNCT) == 0
        words = np.bincount(sent_of, weights=not_punct, minlength=n)
        dense[:, d["len:<6"]] = words < 6
        dense[:, d["len:6-15"]] = (words >= 6) & (words <= 15)
        dense[:, d["len:16-30"]] = (words > 15) & (words <= 30)
        dense[:, d["len:>30"]] = words > 30
        for name, bit in (("past_ed", PAST_ED), ("has_digit", DIGIT), ("has_percent", PERCENT),
                          ("has_currency", MONEY)):
            dense[:, d[name]] = np.maximum.reduceat((flags & bit) > 0, segments)
        position = np.arange(len(sent_of)) - np.repeat(segments, np.diff(np.append(segments, len(sent_of))))
        dense[:, d["colon_head"]] = np.maximum.reduceat(((flags & COLON) > 0) & (position < 6), segments)
        first_flags = flags[segments]
        last_flags = flags[np.append(segments[1:], len(flags)) - 1]
        dense[:, d["question"]] = (last_flags & QUESTION) > 0
        dense[:, d["no_final_punct"]] = (last_flags & FINAL) == 0
        dense[:, d["starts_lower"]] = (first_flags & LOWERCASE) > 0
        dense[:, d["starts_bullet"]] = (first_flags & BULLET) > 0
        # the first word that is not punctuation ("- Reduced ..." starts with "Reduced")
        word_pos = np.where(not_punct, position, 1 << 30)
        first_word = np.minimum.reduceat(word_pos, segments)
        has_word = first_word < (1 << 30)
        word_flags = np.zeros(n, dtype=np.int64)
        word_flags[has_word] = flags[segments[has_word] + first_word[has_word]]
        dense[:, d["starts_ed"]] = (word_flags & ED) > 0
        dense[:, d["starts_ing"]] = (word_flags & ING) > 0


def _sentence_of_token(docs: Sequence[Doc], sents: Sequence[Sequence[Span]]) -> np.ndarray:
    """For the tokens of all docs, one after another: the index of their sentence in the
    batch, -1 outside every sentence. Sentence i adds i + 1 at its start and takes it away at
    its end; a running sum then holds i + 1 inside it."""
    offsets = np.cumsum([0, *(len(doc) for doc in docs)]).tolist()
    starts = [offset + s.start for offset, doc_sents in zip(offsets, sents, strict=False) for s in doc_sents]
    ends = [offset + s.end for offset, doc_sents in zip(offsets, sents, strict=False) for s in doc_sents]
    marks = np.arange(1, len(starts) + 1)
    size = offsets[-1] + 1
    delta = np.bincount(starts, marks, minlength=size) - np.bincount(ends, marks, minlength=size)
    return np.cumsum(delta)[:-1].astype(np.int64) - 1


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values: `np.unique` without its hash path, which is ~4x slower on
    int64 arrays of this size (numpy 2.4)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate([[True], ordered[1:] != ordered[:-1]])]


def _lexeme_flags(word) -> int:
    return ((SPACE if word.is_space else 0) | (PUNCT if word.is_punct else 0)
            | (NUMBER if word.like_num else 0) | (LOWERCASE if word.is_lower else 0))


def _word_flags(lower: str, lemma: str) -> int:
    flags = 0
    if lower.endswith("ed") and lemma != lower and len(lower) > 3:
        flags |= PAST_ED
    if any(ch.isdigit() for ch in lower):
        flags |= DIGIT
    if lower in ("%", "percent", "pct") or lower.endswith("%"):
        flags |= PERCENT
    if lower and (lower[0] in CURRENCY or lower[-1] in CURRENCY):
        flags |= MONEY
    if lower and lower[-1] in FINAL_PUNCT:
        flags |= FINAL
    if lower in BULLETS or (lower[:-1].isdigit() and lower[-1:] in ".)"):
        flags |= BULLET
    if lower.endswith("ed") and len(lower) > 4:
        flags |= ED
    if lower.endswith("ing") and len(lower) > 5:
        flags |= ING
    if lower == ":":
        flags |= COLON
    if lower == "?":
        flags |= QUESTION
    return flags


def _stable_digest(text: str) -> bytes:
    """An 8-byte hash that is the same in every process and Python version."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
