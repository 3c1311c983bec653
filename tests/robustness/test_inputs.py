"""Hostile and odd inputs: every str gets a Report or a clear InputError, never nonsense."""

from __future__ import annotations

import json

import pytest

import starcheck
from starcheck.errors import InputError
from starcheck.scorer import MAX_WORD_CHARS, check_text

STORY = ("Our support queue had grown to 400 open tickets and customers waited a week for a reply. "
         "I was asked to get the wait under two days. I sorted the tickets by cause, wrote answers "
         "for the five commonest questions, and set up a rota so that someone triaged every morning. "
         "I chose to leave the rare cases slow rather than hire, because the budget was frozen. "
         "Within three weeks the queue fell to 120 and the average wait dropped to 30 hours.")

ODD_INPUTS = {
    "punctuation": "?!... ,,, --- ;;",
    "emoji": "😀🎉🚀 🔥🔥 👍",
    "control characters": "I fixed it.\x01\x07\x1b[31m It worked\x0b well.\x7f",
    "nul bytes": "I fixed\x00 the build.\x00 It got 20% faster.",
    "only nul bytes": "\x00\x00\x00",
    "numbers": "12 34 56 78.9 100 200 3000 4% 5x",
    "mixed scripts": "I fixed the Datenbank 数据库 база данных; latency fell 40%.",
    "html": "<div><p>Our <b>queue</b> had 400 tickets.</p><p>I set up a rota.</p>"
            "<p>It fell to 150.</p></div><script>alert(1)</script>",
    "markdown": "# Situation\n**Our queue** had 400 tickets.\n\n- I set up a *rota*.\n- It fell to [150](http://x.test).",
    "zero width and bidi": "I\u200b fixed\u200d the\u202e build\u2066. It worked.",
    "combining marks": "Ì̴ f̷i̶x̵e̸d̷ t̶h̸e̵ b̷u̸i̴l̵d̶.",
    "one long sentence": " ".join(["and then I changed the config"] * 700) + ".",
    "no spaces": "x" * MAX_WORD_CHARS,
    "long punctuation run": "I fixed it. " + "=" * MAX_WORD_CHARS + " It worked.",
    "repeated text": "I fixed the build. " * 1500,
    "carriage returns": "Our queue was long.\rI set up a rota.\r\nIt fell to 150.",
    "tabs and form feeds": "Our queue was long.\t\fI set up a rota.\vIt fell to 150.",
}


@pytest.mark.parametrize("name", sorted(ODD_INPUTS))
def test_odd_inputs_get_a_valid_report_with_consistent_offsets(scorer, name):
    text = ODD_INPUTS[name]
    report = scorer.score(text)
    assert report.kind in {"story", "approach", "not_an_answer"}
    assert 0 <= report.score <= 100 and report.grade in "ABCDF"
    for span in [*report.sentences, *report.segments, *report.quantities, *report.tradeoffs,
                 *(e for c in report.criteria for e in c.evidence)]:
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start:span.end] == span.text
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
    json.loads(report.model_dump_json())


@pytest.mark.parametrize("name", ["punctuation", "emoji", "only nul bytes", "numbers", "no spaces"])
def test_text_with_no_words_is_not_an_answer_and_fails(scorer, name):
    report = scorer.score(ODD_INPUTS[name])
    assert report.kind == "not_an_answer"
    assert report.grade == "F"


def test_markup_does_not_earn_a_good_grade(scorer):
    for name in ("html", "markdown"):
        assert scorer.score(ODD_INPUTS[name]).grade not in {"A", "B"}


def test_repeating_a_sentence_does_not_earn_a_good_grade(scorer):
    assert scorer.score(ODD_INPUTS["repeated text"]).grade in {"D", "F"}


@pytest.mark.parametrize("text", ["", " ", "\n\t  \r\n", "\u3000\u00a0 \u2003"])
def test_empty_or_whitespace_is_an_input_error(scorer, text):
    with pytest.raises(InputError, match="empty"):
        scorer.score(text)


@pytest.mark.parametrize("text", ["I fixed the build \ud800 and it worked.", json.loads('"ok \\udfff"')])
def test_a_lone_surrogate_is_an_input_error_naming_where(scorer, text):
    with pytest.raises(InputError, match=r"lone surrogate .* at character \d+"):
        scorer.score(text)


@pytest.mark.parametrize("value", [None, b"I fixed it.", 42, ["I fixed it."]])
def test_non_str_is_a_type_error_naming_the_type(scorer, value):
    with pytest.raises(TypeError, match=type(value).__name__):
        scorer.score(value)


def test_max_chars_is_a_clear_input_error_and_configurable():
    scorer = starcheck.Scorer(max_chars=500)
    at_limit = (STORY + " " + STORY)[:500]
    assert len(at_limit) == 500
    scorer.score(at_limit)  # at the limit: graded
    with pytest.raises(InputError, match=r"501 characters long, over the limit of 500.*max_chars"):
        scorer.score(at_limit + "x")
    with pytest.raises(InputError, match="over the limit of 100,000"):
        check_text("ab " * 33_334)
    assert check_text(("ab " * 33_334)[:100_000])


@pytest.mark.parametrize("run", ["=" * (MAX_WORD_CHARS + 1), "x" * 50_000, "a!" * 600, "😀" * 1200])
def test_a_run_without_spaces_over_the_limit_is_an_input_error(scorer, run):
    """spaCy's tokenizer is quadratic on such runs (16,000 "=" took ~20 s): refused, and quickly."""
    with pytest.raises(InputError, match=rf"run of {len(run):,} characters without a space at character 12"):
        scorer.score("I fixed it. " + run + " It worked.")


def test_a_one_megabyte_answer_is_refused_quickly(scorer):
    with pytest.raises(InputError, match="1,048,576 characters long"):
        scorer.score(("word " * (2**20 // 5 + 1))[:2**20])


def test_a_large_answer_under_the_limit_is_graded(scorer):
    text = " ".join([STORY] * (95_000 // (len(STORY) + 1)))
    report = scorer.score(text)
    assert report.sentences[-1].end <= len(text) and report.word_count > 10_000


# -- English only ----------------------------------------------------------------------------

NON_ENGLISH = {
    "german": "Unser Team hatte ein großes Problem mit der Datenbank, die jeden Abend abstürzte. "
              "Ich habe die Abfragen umgeschrieben und die Ladezeit um 40 Prozent gesenkt.",
    "spanish": "Nuestro equipo tenía un problema grave con la base de datos, que fallaba cada noche. "
               "Yo reescribí las consultas y el tiempo de carga bajó un 40 por ciento.",
    "chinese": "我们的团队遇到了严重的数据库问题，每天晚上都会崩溃。我重写了查询，加载时间减少了百分之四十。",
    "russian": "У нашей команды была серьёзная проблема с базой данных, которая падала каждую ночь. "
               "Я переписал запросы, и время загрузки сократилось на 40 процентов.",
    "emoji only": "😀🎉🚀 🔥🔥 👍 💯💯",
}


@pytest.mark.parametrize("language", sorted(NON_ENGLISH))
def test_non_english_text_gets_a_low_grade(scorer, language):
    report = scorer.score(NON_ENGLISH[language])
    assert report.grade in {"D", "F"}, (report.kind, report.score)


def test_english_looks_english(scorer):
    assert scorer.score(STORY).looks_english is True


@pytest.mark.parametrize("language", sorted(NON_ENGLISH))
def test_non_english_text_is_flagged(scorer, language):
    assert scorer.score(NON_ENGLISH[language]).looks_english is False


# -- keyword stuffing --------------------------------------------------------------------------

STUFFED = {
    "bare keywords": "situation task action result 100% 4x tradeoff",
    "labels and numbers": "Situation: problem. Task: fix. Action: fixed. Result: 100% better, 4x, tradeoff.",
    "keyword lines": "Situation task action result.\nSituation task action result.\n"
                     "100% 4x 50% 10x $1M 99.9% tradeoff trade-off tradeoffs.",
    "long stuffed": ("Situation task action result. I led, owned, drove and delivered. 100% 4x 50% 3x. "
                     "Tradeoff considered, trade-off weighed, lessons learned. ") * 4,
}


@pytest.mark.parametrize("name", sorted(STUFFED))
def test_keyword_stuffing_does_not_get_a_good_grade(scorer, name):
    report = scorer.score(STUFFED[name])
    assert report.grade in {"D", "F"}, (report.score, report.kind, [f.rule for f in report.findings])
