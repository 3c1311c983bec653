from __future__ import annotations

from starcheck.html.spans import Mark, parts_of


def test_parts_cover_the_text_with_sentences_and_gaps():
    parts = parts_of(20, [(2, 8, "situation"), (9, 18, "action")], [])
    assert [(p.start, p.end, p.role) for p in parts] == [
        (0, 2, None), (2, 8, "situation"), (8, 9, None), (9, 18, "action"), (18, 20, None)]
    assert all(p.pieces for p in parts)
    assert [(x.start, x.end) for p in parts for x in p.pieces] == [(0, 2), (2, 8), (8, 9), (9, 18), (18, 20)]


def test_a_mark_crossing_a_sentence_edge_is_cut_into_pieces_that_each_carry_it():
    crossing = Mark("finding", 0, 5, 12)
    inner = Mark("quantity", 0, 6, 7)
    parts = parts_of(20, [(0, 10, "situation"), (10, 20, "result")], [crossing, inner])
    pieces = [x for p in parts for x in p.pieces]
    assert [(x.start, x.end) for x in pieces] == [(0, 5), (5, 6), (6, 7), (7, 10), (10, 12), (12, 20)]
    assert [len(x.marks) for x in pieces] == [0, 1, 2, 1, 1, 0]
    # nesting order: the finding outside the quantity
    assert [m.kind for m in pieces[2].marks] == ["finding", "quantity"]
    # every piece lies in one part
    for part in parts:
        assert all(part.start <= x.start < x.end <= part.end for x in part.pieces)


def test_offsets_are_clamped_and_empty_marks_dropped():
    parts = parts_of(10, [(0, 4, "task"), (3, 15, "action")], [Mark("tradeoff", 0, 8, 30), Mark("finding", 1, 2, 2)])
    assert [(p.start, p.end) for p in parts] == [(0, 4), (4, 10)]
    pieces = [x for p in parts for x in p.pieces]
    assert pieces[-1].end == 10 and [m.kind for m in pieces[-1].marks] == ["tradeoff"]
    assert not any(m.kind == "finding" for x in pieces for m in x.marks)


def test_empty_text():
    assert parts_of(0, [], [Mark("quantity", 0, 0, 3)]) == []
