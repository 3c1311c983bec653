"""`starcheck evaluate`: how well the role and kind models do, side by side with baselines.

Four systems on the same sentences:
- `position`: the most frequent training role for the sentence's relative position (5 bins);
- `per-sentence`: the classifier alone, each sentence on its own;
- `decoded`: the classifier with sequence decoding (the first stage);
- `full`: decoding plus the second stage over the first stage's outputs in context (what
  starcheck ships).
For each: per-role P/R/F1 and macro-F1, the confusion matrix, segment F1 and kind accuracy.
A sentence's gold role is the gold role covering most of its characters.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from ..components.roles import content_sentences
from .corpus import ROLES, CorpusAnswer
from .metrics import (
    char_roles,
    confusion,
    f1_from_counts,
    macro_f1,
    merge_runs,
    per_label,
    segment_counts,
)
from .train import gold_roles_for, sentence_char_spans

SYSTEMS = ("position", "per-sentence", "decoded", "full")


@dataclass
class SystemResult:
    name: str
    gold: list[str] = field(default_factory=list)
    predicted: list[str] = field(default_factory=list)
    segments: list[int] = field(default_factory=lambda: [0, 0, 0])
    kinds: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> dict:
        matched, n_pred, n_gold = self.segments
        kind_acc = (sum(g == p for g, p in self.kinds) / len(self.kinds)) if self.kinds else None
        return {
            "system": self.name,
            "sentences": len(self.gold),
            "macro_f1": round(macro_f1(self.gold, self.predicted, ROLES), 4),
            "per_role": {
                s.label: {"precision": round(s.precision, 4), "recall": round(s.recall, 4),
                          "f1": round(s.f1, 4), "support": s.support}
                for s in per_label(self.gold, self.predicted, ROLES)
            },
            "confusion": {"labels": list(ROLES), "matrix": confusion(self.gold, self.predicted, ROLES)},
            "segment_f1": round(f1_from_counts(matched, n_pred, n_gold), 4),
            "kind_accuracy": None if kind_acc is None else round(kind_acc, 4),
        }


def position_baseline(train: Sequence[CorpusAnswer]) -> list[str]:
    """The most frequent gold role in each fifth of an answer (from the training split)."""
    counts = [Counter() for _ in range(5)]
    for answer in train:
        roles = answer.roles()
        for i, role in enumerate(roles):
            counts[_bin(i, len(roles))][role] += 1
    return [c.most_common(1)[0][0] if c else "action" for c in counts]


def _bin(i: int, n: int) -> int:
    return min(int(i / max(n - 1, 1) * 5), 4)


def evaluate_roles(nlp: Language, answers: Sequence[CorpusAnswer],
                   train_answers: Sequence[CorpusAnswer]) -> dict:
    """Run the shipped pipeline over `answers` and score all three systems."""
    labeller = nlp.get_pipe("star_roles")
    tagger = labeller.models.roles
    by_position = position_baseline(train_answers)
    results = {name: SystemResult(name) for name in SYSTEMS}
    for answer, doc in zip(answers, nlp.pipe(a.text for a in answers), strict=True):
        sents = content_sentences(doc)
        spans = sentence_char_spans(sents)
        gold = gold_roles_for(spans, answer)
        X = labeller.featurizer.transform(doc, sents)
        predictions = {
            "position": [by_position[_bin(i, len(sents))] for i in range(len(sents))],
            "per-sentence": tagger.predict(X, decode=False),
            "decoded": tagger.predict(X, context=False),
            "full": [s._.star_role for s in sents],
        }
        gold_segments = merge_runs([(s.start, s.end) for s in answer.sentence_spans()], answer.roles())
        for name, predicted in predictions.items():
            result = results[name]
            result.gold += gold
            result.predicted += predicted
            counts = segment_counts(gold_segments, merge_runs(spans, predicted))
            result.segments = [a + b for a, b in zip(result.segments, counts, strict=True)]
        results["full"].kinds.append((answer.kind, doc._.star_kind))
    return {name: r.summary() for name, r in results.items()}


def evaluate_real_answers(nlp: Language, path: Path) -> dict:
    """Character-level part accuracy on third-party answers with author-marked parts.

    Where the author marked situation and task together (`situation_task`), a character
    predicted as either counts as right.
    """
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    groups: dict[str, list[int]] = {"all": [0, 0], "human": [0, 0], "generated": [0, 0]}
    per_source: dict[str, list[int]] = {}
    for record, doc in zip(records, nlp.pipe(r["text"] for r in records), strict=True):
        sents = content_sentences(doc)
        predicted = char_roles(record["text"], sentence_char_spans(sents), [s._.star_role for s in sents])
        right = total = 0
        for part in record["parts"]:
            allowed = {"situation", "task"} if part["role"] == "situation_task" else {part["role"]}
            for i in range(part["start"], part["end"]):
                if predicted[i] is None:
                    continue
                total += 1
                right += predicted[i] in allowed
        group = "generated" if record.get("generated") else "human"
        for key in ("all", group):
            groups[key][0] += right
            groups[key][1] += total
        source = per_source.setdefault(record["source_repo"], [0, 0])
        source[0] += right
        source[1] += total
    def ratio(pair: list[int]) -> float | None:
        return round(pair[0] / pair[1], 4) if pair[1] else None
    return {
        "answers": len(records),
        "char_accuracy": {k: ratio(v) for k, v in groups.items()},
        "by_source": {k: ratio(v) for k, v in sorted(per_source.items())},
    }


def format_roles_table(results: dict) -> str:
    """A plain-text side-by-side table of the systems (P / R / F1 per role)."""
    lines = [f"{'':14}" + "".join(f"{name:>22}" for name in SYSTEMS),
             f"{'':14}" + "".join(f"{'P     R     F1':>22}" for _ in SYSTEMS)]
    for role in ROLES:
        cells = []
        for name in SYSTEMS:
            r = results[name]["per_role"][role]
            cells.append(f"{r['precision']:.3f} {r['recall']:.3f} {r['f1']:.3f}".rjust(22))
        lines.append(f"{role:<14}" + "".join(cells))
    for key, label in (("macro_f1", "macro-F1"), ("segment_f1", "segment F1")):
        lines.append(f"{label:<14}" + "".join(f"{results[name][key]:>22.3f}" for name in SYSTEMS))
    kind = results["full"]["kind_accuracy"]
    lines.append(f"{'kind accuracy':<14}" + f"{'-':>22}" * (len(SYSTEMS) - 1)
                 + f"{kind if kind is not None else '-':>22}")
    lines.append("")
    lines.append("confusion (full model; rows gold, columns predicted): " + " ".join(ROLES))
    for role, row in zip(ROLES, results["full"]["confusion"]["matrix"], strict=True):
        lines.append(f"  {role:<10}" + "".join(f"{v:>7}" for v in row))
    return "\n".join(lines)
