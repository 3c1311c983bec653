"""Cost ratios, one process, over the labelled corpus's texts (printed as ratios, not times).

- full grading (Scorer.score_many -> Reports) / spacy.blank("en") + sentencizer
- star_roles alone (over already analysed docs) / the pipeline without it (the role model's overhead)

    python bench/cost_ratio.py [--repeat 5] [--copies 3]
"""

from __future__ import annotations

import argparse

import spacy
from _common import best_of, corpus_texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copies", type=int, default=3, help="how many times to repeat the corpus")
    args = parser.parse_args()

    import starcheck
    from starcheck.pipeline import build_pipeline

    texts = corpus_texts() * args.copies
    floor = spacy.blank("en")
    floor.add_pipe("sentencizer")
    scorer = starcheck.Scorer()
    without_roles = build_pipeline(roles=False)

    def run_floor():
        for _ in floor.pipe(texts, batch_size=64):
            pass

    def run_pipeline(nlp):
        def go():
            for _ in nlp.pipe(texts, batch_size=64):
                pass
        return go

    def run_full():
        for _ in scorer.score_many(texts, batch_size=64):
            pass

    roles = scorer.nlp.get_pipe("star_roles")
    analysed = list(without_roles.pipe(texts, batch_size=64))

    def run_roles():
        for _ in roles.pipe(iter(analysed), batch_size=64):
            pass

    run_full()  # warm caches
    t_floor = best_of(args.repeat, run_floor)
    t_no_roles = best_of(args.repeat, run_pipeline(without_roles))
    t_roles = best_of(args.repeat, run_roles)
    t_full = best_of(args.repeat, run_full)
    words = sum(len(t.split()) for t in texts)
    print(f"texts: {len(texts)}  words: {words}  (best of {args.repeat})")
    print(f"pipeline without star_roles / floor     {t_no_roles / t_floor:6.2f}x")
    print(f"star_roles alone / pipeline without it  {t_roles / t_no_roles:6.2f}x   target <= 0.20")
    print(f"full grading (Reports) / floor          {t_full / t_floor:6.2f}x   target <= 1.5, accept <= 2.0")


if __name__ == "__main__":
    main()
