"""Shared helpers of the HTML report tests: a strict well-formedness check and made-up reports.

A plain module (not a conftest.py): `from conftest import ...` elsewhere in the suite must keep
finding tests/conftest.py.
"""

from __future__ import annotations

from html.parser import HTMLParser

from starcheck.report import Report

VOID = {"meta", "br", "img", "hr", "input", "link", "source", "wbr"}


class TreeCheck(HTMLParser):
    """Fails on a mismatched or unclosed tag; records ids, the tags seen, and the answer's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.tags: list[str] = []
        self.answer_text: list[str] = []
        self.mark_text: dict[str, list[str]] = {}  # class of a mark/span -> texts inside it

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        self.tags.append(tag)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag not in VOID:
            self.stack.append((tag, attributes))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def _inside(self, predicate) -> bool:
        return any(predicate(tag, attrs) for tag, attrs in self.stack)

    def handle_data(self, data: str) -> None:
        in_answer = self._inside(lambda t, a: "answer-text" in a.get("class", "").split())
        skipped = self._inside(lambda t, a: t == "sup" or "tag" in a.get("class", "").split())
        if in_answer and not skipped:
            self.answer_text.append(data)
            for _tag, attrs in self.stack:
                for cls in attrs.get("class", "").split():
                    if cls in ("qty", "tradeoff", "finding"):
                        self.mark_text.setdefault(cls, []).append(data)


def check_tree(page: str) -> TreeCheck:
    checker = TreeCheck()
    checker.feed(page)
    checker.close()
    assert not checker.errors, checker.errors[:5]
    assert not checker.stack, f"unclosed: {[t for t, _ in checker.stack]}"
    assert len(checker.ids) == len(set(checker.ids)), "duplicate ids"
    return checker


def make_report(text: str, sentences: list[tuple[str, str]], *, quantities=(), tradeoffs=(), findings=(),
                grade: str = "C", score: float = 55.0) -> Report:
    """A Report over `text` from quoted pieces: each span is given by its words, found in the text."""

    def span(words: str, after: int = 0) -> tuple[int, int]:
        start = text.index(words, after)
        return start, start + len(words)

    sents, cursor = [], 0
    for words, role in sentences:
        start, end = span(words, cursor)
        cursor = end
        sents.append({"start": start, "end": end, "text": words, "role": role, "confidence": 0.9})
    quants = [{"start": s, "end": e, "text": w, "kind": "duration", "role": "result", "value": 8.0, "unit": "min"}
              for w in quantities for s, e in [span(w)]]
    trades = [{"start": s, "end": e, "text": w, "kind": "alternative"} for w in tradeoffs for s, e in [span(w)]]
    finds = [{"rule": rule, "severity": sev, "message": f"about {w!r}", "start": s, "end": e}
             for rule, sev, w in findings for s, e in [span(w)]]
    return Report.model_validate({
        "score": score, "grade": grade, "kind": "story", "kind_confidence": 0.8, "sentences": sents,
        "segments": [], "quantities": quants, "tradeoffs": trades,
        "criteria": [{"id": "structure", "name": "Structure", "score": 6.5, "max": 10, "weight": 1.0,
                      "feedback": "Some <b>parts</b> & more."}],
        "findings": finds, "word_count": len(text.split()),
    })


def overlapping_report() -> tuple[str, Report]:
    """Spans that cross: a tradeoff over a sentence edge and into a quantity, a finding across both."""
    text = ("Our build took forty minutes.\n\nI cached the layers instead of buying runners, so it fell "
            "from 40 to 8 minutes. The team was pleased.")
    report = make_report(
        text,
        [("Our build took forty minutes.", "situation"),
         ("I cached the layers instead of buying runners, so it fell from 40 to 8 minutes.", "action"),
         ("The team was pleased.", "result")],
        quantities=["forty minutes", "from 40 to 8 minutes"],
        tradeoffs=["instead of buying runners, so it fell from 40"],
        findings=[("STAR201", "warning", "minutes.\n\nI cached"), ("STAR603", "info", "runners, so it fell from"),
                  ("STAR702", "warning", text)],
    )
    return text, report
