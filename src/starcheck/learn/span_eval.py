"""Evaluation of `star_quantities` and `star_tradeoffs` against the labelled corpus.

- Quantities: precision / recall / F1 with *exact* span match (same characters) and with
  *overlap* match (a predicted span and a gold span share at least one character; each span
  is matched at most once, greedily in text order).
- Quantity role accuracy: over the gold quantities that an overlapping prediction found, the
  share whose predicted role (`quantity_role`) equals the gold role.
- Tradeoffs, sentence level: the gold sentences of each answer; a sentence is gold-positive
  when a gold tradeoff span overlaps it and predicted-positive when a cue of a predicted
  tradeoff (or, lacking cues, the predicted span) lies in it.

`evaluate_spans(nlp, answers)` returns all of it as a JSON-ready dict (used by
`starcheck evaluate`); `python -m starcheck.learn.span_eval --split dev --errors` prints the
figures and the disagreements (`--tradeoff-model none`: the tradeoff rules without the
classifier; `--tradeoff-model PATH`: another classifier file).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..components.quantities import quantity_role
from .corpus import CorpusAnswer, load_corpus

QUANTITIES_KEY = "star_quantities"
TRADEOFFS_KEY = "star_tradeoffs"


@dataclass
class PRF:
    """Counts behind precision / recall / F1."""

    true_pos_pred: int = 0  # predictions that matched
    true_pos_gold: int = 0  # gold items that were matched
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_pos_pred / self.n_pred if self.n_pred else 1.0

    @property
    def recall(self) -> float:
        return self.true_pos_gold / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "predicted": self.n_pred,
            "gold": self.n_gold,
        }


@dataclass
class SpanReport:
    exact: PRF = field(default_factory=PRF)
    overlap: PRF = field(default_factory=PRF)
    role_correct: int = 0
    role_total: int = 0
    tradeoff: PRF = field(default_factory=PRF)
    errors: list[dict] = field(default_factory=list)

    def as_dict(self, with_errors: bool = False) -> dict:
        out = {
            "quantities_exact": self.exact.as_dict(),
            "quantities_overlap": self.overlap.as_dict(),
            "quantity_role_accuracy": round(self.role_correct / self.role_total, 4)
            if self.role_total
            else None,
            "quantity_roles_scored": self.role_total,
            "tradeoff_sentences": self.tradeoff.as_dict(),
        }
        if with_errors:
            out["errors"] = self.errors
        return out


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match_overlap(
    pred: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """One-to-one greedy matching of overlapping spans: (pred index, gold index) pairs.

    Exact matches are paired first, then the remaining pairs by largest overlap.
    """
    pairs: list[tuple[int, int]] = []
    used_p: set[int] = set()
    used_g: set[int] = set()
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if j not in used_g and p == g:
                pairs.append((i, j))
                used_p.add(i)
                used_g.add(j)
                break
    candidates = sorted(
        (
            (-(min(p[1], g[1]) - max(p[0], g[0])), i, j)
            for i, p in enumerate(pred)
            if i not in used_p
            for j, g in enumerate(gold)
            if j not in used_g and _overlaps(p, g)
        )
    )
    for _, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        pairs.append((i, j))
        used_p.add(i)
        used_g.add(j)
    return sorted(pairs)


def score_quantities(
    doc: Doc, answer: CorpusAnswer, report: SpanReport, keep_errors: bool = False
) -> None:
    spans: list[Span] = list(doc.spans[QUANTITIES_KEY]) if QUANTITIES_KEY in doc.spans else []
    pred = [(s.start_char, s.end_char) for s in spans]
    gold_spans = answer.quantity_spans()
    gold = [(g.start, g.end) for g in gold_spans]
    exact = set(pred) & set(gold)
    report.exact.n_pred += len(pred)
    report.exact.n_gold += len(gold)
    report.exact.true_pos_pred += sum(1 for p in pred if p in exact)
    report.exact.true_pos_gold += sum(1 for g in gold if g in exact)
    pairs = match_overlap(pred, gold)
    report.overlap.n_pred += len(pred)
    report.overlap.n_gold += len(gold)
    report.overlap.true_pos_pred += len(pairs)
    report.overlap.true_pos_gold += len(pairs)
    text = answer.text
    for i, j in pairs:
        predicted_role = quantity_role(spans[i])
        report.role_total += 1
        ok = predicted_role == gold_spans[j].label
        report.role_correct += ok
        if keep_errors and (not ok or pred[i] != gold[j]):
            report.errors.append({
                "id": answer.id, "type": "role" if not ok else "boundary",
                "gold": text[gold[j][0]:gold[j][1]], "pred": spans[i].text,
                "gold_role": gold_spans[j].label, "pred_role": predicted_role,
                "sentence": spans[i].sent.text,
            })  # fmt: skip
    if keep_errors:
        matched_p = {i for i, _ in pairs}
        matched_g = {j for _, j in pairs}
        for i, s in enumerate(spans):
            if i not in matched_p:
                report.errors.append(
                    {"id": answer.id, "type": "false_positive", "pred": s.text,
                     "sentence": s.sent.text}
                )  # fmt: skip
        for j, g in enumerate(gold):
            if j not in matched_g:
                report.errors.append(
                    {"id": answer.id, "type": "false_negative", "gold": text[g[0]:g[1]],
                     "role": gold_spans[j].label, "sentence": _sentence_of(answer, g)}
                )  # fmt: skip


def _sentence_of(answer: CorpusAnswer, span: tuple[int, int]) -> str:
    text = answer.text
    for s in answer.sentence_spans():
        if s.start <= span[0] < s.end:
            return text[s.start:s.end]
    return ""


def tradeoff_sentences(doc: Doc, answer: CorpusAnswer) -> list[tuple[bool, bool]]:
    """(gold, predicted) for each of the answer's sentences: gold when a gold tradeoff span
    overlaps it, predicted when a cue of a predicted span (the span itself without cues)
    starts in it."""
    gold = [(g.start, g.end) for g in answer.tradeoff_spans()]
    predicted: list[int] = []
    for span in doc.spans.get(TRADEOFFS_KEY, []):
        cues = span._.get("star_tradeoff_cues") if span.has_extension("star_tradeoff_cues") else None
        predicted.extend(c.start_char for c in cues or [span])
    return [(any(_overlaps((s.start, s.end), g) for g in gold), any(s.start <= p < s.end for p in predicted))
            for s in answer.sentence_spans()]


def score_tradeoffs(
    doc: Doc, answer: CorpusAnswer, report: SpanReport, keep_errors: bool = False
) -> None:
    sentences = [(s.start, s.end) for s in answer.sentence_spans()]
    for sent, (is_gold, is_pred) in zip(sentences, tradeoff_sentences(doc, answer), strict=True):
        report.tradeoff.n_gold += is_gold
        report.tradeoff.n_pred += is_pred
        report.tradeoff.true_pos_gold += is_gold and is_pred
        report.tradeoff.true_pos_pred += is_gold and is_pred
        if keep_errors and is_gold != is_pred:
            report.errors.append({
                "id": answer.id, "type": "tradeoff_fn" if is_gold else "tradeoff_fp",
                "sentence": answer.text[sent[0]:sent[1]],
                "label": next((s.label_ for s in doc.spans.get(TRADEOFFS_KEY, [])
                               if _overlaps((s.start_char, s.end_char), sent)), None),
            })  # fmt: skip


def apply_gold_roles(doc: Doc, answer: CorpusAnswer) -> None:
    """Set `sent._.star_role` from the gold sentence roles (diagnostics: an oracle role model).

    Each spaCy sentence gets the gold role that covers most of its characters.
    """
    if not Span.has_extension("star_role"):
        Span.set_extension("star_role", default=None)
    gold = answer.sentence_spans()
    for sent in doc.sents:
        best, best_overlap = None, 0
        for g in gold:
            overlap = min(sent.end_char, g.end) - max(sent.start_char, g.start)
            if overlap > best_overlap:
                best, best_overlap = g.label, overlap
        sent._.star_role = best


def evaluate_span_report(
    nlp: Language,
    answers: Iterable[CorpusAnswer],
    keep_errors: bool = False,
    gold_roles: bool = False,
) -> SpanReport:
    """Score both components on `answers`; `gold_roles` replaces predicted sentence roles."""
    answers = list(answers)
    report = SpanReport()
    for answer, doc in zip(answers, nlp.pipe(a.text for a in answers), strict=True):
        if gold_roles:
            apply_gold_roles(doc, answer)
        score_quantities(doc, answer, report, keep_errors)
        score_tradeoffs(doc, answer, report, keep_errors)
    return report


def evaluate_spans(nlp: Language, answers: Iterable[CorpusAnswer]) -> dict:
    """Quantity P/R/F1 (exact and overlap), role accuracy and tradeoff sentence P/R/F1."""
    return evaluate_span_report(nlp, answers).as_dict()


def quantity_scores(nlp: Language, answers: Iterable[CorpusAnswer]) -> dict:
    report = evaluate_span_report(nlp, answers)
    return {"exact": report.exact.as_dict(), "overlap": report.overlap.as_dict()}


def role_accuracy(nlp: Language, answers: Iterable[CorpusAnswer]) -> float | None:
    report = evaluate_span_report(nlp, answers)
    return report.role_correct / report.role_total if report.role_total else None


def tradeoff_scores(nlp: Language, answers: Iterable[CorpusAnswer]) -> dict:
    return evaluate_span_report(nlp, answers).tradeoff.as_dict()


def default_nlp() -> Language:
    """The shipped pipeline when it can be built, else blank English + our two components."""
    try:
        from ..pipeline import build_pipeline

        return build_pipeline()
    except Exception:
        import spacy

        from ..components import quantities, tradeoffs  # noqa: F401 - registers factories

        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("star_quantities")
        nlp.add_pipe("star_tradeoffs")
        return nlp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data"))
    parser.add_argument("--split", default="dev", choices=["train", "dev", "test", "all"])
    parser.add_argument("--errors", action="store_true", help="print the disagreements")
    parser.add_argument("--gold-roles", action="store_true",
                        help="use the gold sentence roles for quantity roles (an upper bound)")
    parser.add_argument("--minimal", action="store_true",
                        help="blank English + sentencizer + the two components (no roles)")
    parser.add_argument("--tradeoff-model", default=None, metavar="PATH",
                        help="the tradeoff classifier to use (default: models/tradeoffs.npz when "
                             "present); 'none' for the rules alone")
    args = parser.parse_args(argv)
    if args.minimal:
        import spacy

        from ..components import quantities, tradeoffs  # noqa: F401

        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("star_quantities")
        nlp.add_pipe("star_tradeoffs")
    else:
        nlp = default_nlp()
    if args.tradeoff_model is not None:
        from ..components.tradeoffs import load_tradeoff_model_file

        model = None if args.tradeoff_model.lower() == "none" else args.tradeoff_model
        nlp.get_pipe("star_tradeoffs").set_model(load_tradeoff_model_file(model or ""))
    answers = load_corpus(args.data, None if args.split == "all" else args.split)
    report = evaluate_span_report(nlp, answers, keep_errors=args.errors,
                                  gold_roles=args.gold_roles)
    if args.errors:
        for error in report.errors:
            print(json.dumps(error, ensure_ascii=False))
    model = nlp.get_pipe("star_tradeoffs").model
    print(f"split: {args.split} ({len(answers)} answers); pipeline: {', '.join(nlp.pipe_names)}; "
          f"tradeoffs: {'rules + classifier' if model is not None else 'rules alone'}")
    print(json.dumps(report.as_dict(), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
