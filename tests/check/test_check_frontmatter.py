"""Front matter parsing: YAML and TOML, offsets into the file, and errors that name file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from starcheck.check.errors import CheckInputError
from starcheck.check.frontmatter import has_front_matter, parse_answer, read_answer_file

PATH = Path("answers/example.md")
BODY = "First line of the answer.\n\nSecond paragraph, with more words.\n"


def test_yaml_front_matter_and_body():
    text = "---\nquestion: Why?\nmin_grade: b\nexpect:\n  fires: STAR104\n  absent: [star101]\n---\n\n" + BODY
    answer = parse_answer(text, PATH)
    assert answer.meta.question == "Why?"
    assert answer.meta.min_grade == "B"  # case-insensitive
    assert answer.meta.expect.fires == ["STAR104"] and answer.meta.expect.absent == ["STAR101"]
    assert answer.answer == BODY.strip()
    assert answer.key_line("min_grade") == 3 and answer.key_line("expect") == 4
    assert answer.key_line("rubric") == 1  # absent key: the top of the file


def test_toml_front_matter():
    text = '+++\nquestion = "Why?"\nmin_score = 60\n\n[expect]\nkind = "story"\n+++\n' + BODY
    answer = parse_answer(text, PATH)
    assert answer.meta.min_score == 60 and answer.meta.expect.kind == "story"
    assert answer.key_line("expect") == 5


@pytest.mark.parametrize("opener", ["---", "+++"])
def test_offsets_map_onto_the_file(opener):
    meta = "question: Why?" if opener == "---" else 'question = "Why?"'
    text = f"{opener}\n{meta}\n{opener}\n\n  {BODY}"
    answer = parse_answer(text, PATH)
    lines = text.split("\n")
    for offset, char in enumerate(answer.answer):
        line, col = answer.position(offset)
        assert (lines[line - 1] + "\n")[col - 1] == char
    assert answer.position(0) == (5, 3)
    second = answer.answer.index("Second")
    assert answer.position(second) == (7, 1)


def test_has_front_matter():
    assert has_front_matter("---\nquestion: x\n---\n")
    assert has_front_matter("\ufeff+++  \n")
    assert not has_front_matter("# A README\n---\n")


@pytest.mark.parametrize(("text", "expected"), [
    ("no front matter at all\n", "no front matter"),
    ("---\nquestion: x\n", "never closed"),
    ("---\nquestion: [unclosed\n---\nbody\n", "not valid YAML"),
    ("+++\nquestion = \n+++\nbody\n", "not valid TOML"),
    ("---\n- a\n- b\n---\nbody\n", "must be a mapping"),
    ("---\nmin_grade: B\n---\nbody\n", "key 'question': required"),
    ("---\nquestion: x\nmin_grde: B\n---\nbody\n", "did you mean 'min_grade'"),
    ("---\nquestion: x\nmin_grade: G\n---\nbody\n", "key 'min_grade'"),
    ("---\nquestion: x\nmin_score: 120\n---\nbody\n", "key 'min_score'"),
    ("---\nquestion: x\nexpect: {fires: [STAR999]}\n---\nbody\n", "unknown rule 'STAR999'"),
    ("---\nquestion: x\nexpect: {fires: [E501]}\n---\nbody\n", "key 'expect.fires'"),
    ("---\nquestion: x\nexpect: {fire: [STAR104]}\n---\nbody\n", "did you mean 'fires'"),
    ("---\nquestion: x\n---\n\n   \n", "the answer is empty"),
])
def test_bad_files_name_the_file_and_the_problem(text, expected):
    with pytest.raises(CheckInputError) as caught:
        parse_answer(text, PATH)
    message = str(caught.value)
    assert message.startswith(str(PATH))
    assert expected in message


def test_yaml_error_gives_the_file_line(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\nquestion: x\nmin_grade: [B\n---\nbody\n", encoding="utf-8")
    with pytest.raises(CheckInputError, match=r"a\.md: front matter is not valid YAML \(line \d\)"):
        read_answer_file(path)


def test_read_missing_and_binary_files(tmp_path):
    with pytest.raises(CheckInputError, match="no such file"):
        read_answer_file(tmp_path / "nope.md")
    (tmp_path / "bin.md").write_bytes(b"---\n\xff\xfe\n---\n")
    with pytest.raises(CheckInputError, match="not UTF-8"):
        read_answer_file(tmp_path / "bin.md")


def test_yaml_uses_safe_load():
    text = "---\nquestion: !!python/object/apply:os.system ['echo hi']\n---\nbody\n"
    with pytest.raises(CheckInputError, match="not valid YAML"):
        parse_answer(text, PATH)
