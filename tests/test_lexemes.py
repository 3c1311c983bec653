from __future__ import annotations

import spacy

from starcheck.lexemes import LexemeKeeper


def test_words_met_in_a_zone_are_kept_after_it_up_to_the_limit():
    nlp = spacy.blank("en")
    keeper = LexemeKeeper(limit=3)
    with nlp.memory_zone():
        docs = [nlp("zyzzyva quokka 4,312"), nlp("quokka numbat.")]
        words = keeper.new_words(docs)
    assert sorted(words) == ["numbat", "quokka", "zyzzyva"]
    assert "zyzzyva" not in nlp.vocab.strings  # the zone freed it
    keeper.keep(nlp.vocab, words)
    assert {"zyzzyva", "quokka", "numbat"} <= set(nlp.vocab.strings)
    with nlp.memory_zone():
        assert keeper.new_words([nlp("quokka wombat")]) == []  # full: nothing more is kept
    assert len(keeper) == 3 and "wombat" not in nlp.vocab.strings


def test_kept_words_are_not_returned_again():
    nlp = spacy.blank("en")
    keeper = LexemeKeeper()
    with nlp.memory_zone():
        words = keeper.new_words([nlp("one two")])
    keeper.keep(nlp.vocab, words)
    with nlp.memory_zone():
        assert keeper.new_words([nlp("two three"), nlp("")]) == ["three"]


def test_a_scorer_keeps_words_and_grades_the_same_before_and_after(scorer):
    text = ("Our nightly Zorblatt job kept timing out, so I rewrote the slowest query and "
            "split the job into hourly chunks. Runtime fell from 3 hours to 20 minutes.")
    first = scorer.score(text).model_dump_json()
    assert "Zorblatt" in scorer.nlp.vocab.strings  # kept after the zone
    assert scorer.score(text).model_dump_json() == first
