"""The HTML reports in a real browser: headless Chromium through Selenium (no network).

Skipped, with the reason, where selenium, chromium or chromedriver is missing. Screenshots go
under pytest's tmp_path, and to test-artifacts/ at the repo root when STARCHECK_ARTIFACTS is set.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from starcheck.batch import grade_file
from starcheck.html import CorpusReport

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
FLAG = "__starcheck_pwned"
ROLES = ("situation", "task", "action", "result")


def _chrome_binary() -> str | None:
    return next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p), None)


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("browser test skipped: selenium is not installed (pip install '.[test]')")
    browser, chromedriver = _chrome_binary(), shutil.which("chromedriver")
    if browser is None or chromedriver is None:
        missing = " and ".join(n for n, p in (("chromium", browser), ("chromedriver", chromedriver)) if p is None)
        pytest.skip(f"browser test skipped: {missing} not installed (Debian: apt-get install chromium chromium-driver)")
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--window-size=1200,1800", f"--user-data-dir={tmp_path_factory.mktemp('chrome-profile')}"):
        options.add_argument(argument)
    options.binary_location = browser
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # an explicit driver path: Selenium Manager is never run (it would try the network)
    chrome = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    chrome.set_page_load_timeout(20)
    yield chrome
    chrome.quit()


def _open(driver, path: Path) -> None:
    driver.get(path.as_uri())
    driver.get_log("browser")  # drop anything from before this page (there should be nothing)
    driver.refresh()


def _severe(driver) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


def _screenshot(driver, tmp_path: Path, name: str) -> None:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1200, min(max(height, 600), 6000))
    driver.execute_script("window.scrollTo(0, 0)")
    assert driver.save_screenshot(str(tmp_path / name))
    if os.environ.get("STARCHECK_ARTIFACTS"):
        folder = ROOT / "test-artifacts"
        folder.mkdir(exist_ok=True)
        shutil.copyfile(tmp_path / name, folder / name)
    driver.set_window_size(1200, 1800)


def _visible(element) -> bool:
    size = element.size
    return element.is_displayed() and size["width"] > 0 and size["height"] > 0


def test_answer_page_in_a_browser(driver, scorer, tmp_path):
    from selenium.webdriver.common.by import By

    text = (EXAMPLES / "checkout-latency.txt").read_text(encoding="utf-8").replace(
        "gave up before paying.", f"gave up before paying <script>window.{FLAG} = 1;</script>.")
    report = scorer.score(text)
    page = tmp_path / "report.html"
    page.write_text(report.to_html(text), encoding="utf-8")
    _open(driver, page)

    assert _severe(driver) == []
    grade = driver.find_element(By.ID, "grade")
    assert _visible(grade) and grade.text == report.grade
    assert driver.find_element(By.ID, "score").text.startswith(f"{report.score:.0f}")

    colours = {}
    for role in ROLES:
        parts = driver.find_elements(By.CSS_SELECTOR, f"#answer .part-{role}")
        assert parts, f"no {role} part on the page"
        assert all(_visible(p) for p in parts), role
        colours[role] = parts[0].value_of_css_property("background-color")
    assert len(set(colours.values())) == len(ROLES), colours
    assert "rgba(0, 0, 0, 0)" not in colours.values()

    # the injected script did not run, and shows as text
    assert driver.execute_script(f"return typeof window.{FLAG}") == "undefined"
    assert driver.find_elements(By.TAG_NAME, "script") == []
    assert f"<script>window.{FLAG} = 1;</script>" in driver.find_element(By.ID, "answer").text

    for mark in driver.find_elements(By.CSS_SELECTOR, "#answer mark.qty")[:3]:
        assert _visible(mark)
    assert driver.find_elements(By.CSS_SELECTOR, "table .bar .fill")
    _screenshot(driver, tmp_path, "report.png")
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_corpus_page_in_a_browser(driver, scorer, tmp_path):
    from selenium.webdriver.common.by import By

    rows = [{"id": path.stem, "answer": path.read_text(encoding="utf-8")} for path in sorted(EXAMPLES.glob("*.txt"))]
    rows.append({"id": "<img src=x>", "answer": f"Hello <script>window.{FLAG} = 2;</script> I like teams."})
    rows.append({"id": "blank", "answer": "  "})
    source = tmp_path / "answers.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    corpus = CorpusReport(lowest=3)
    grade_file(str(source), str(tmp_path / "graded.jsonl"), scorer=scorer, on_row=corpus.add)
    page = tmp_path / "corpus.html"
    page.write_text(corpus.to_html(), encoding="utf-8")
    _open(driver, page)

    assert _severe(driver) == []
    for chart in ("grade-chart", "score-chart"):
        element = driver.find_element(By.ID, chart)
        assert _visible(element), chart
        bars = element.find_elements(By.CSS_SELECTOR, "rect.col")
        assert any(b.size["height"] > 0 for b in bars), chart
    assert driver.execute_script(f"return typeof window.{FLAG}") == "undefined"
    assert driver.find_elements(By.TAG_NAME, "script") == []
    link = driver.find_element(By.CSS_SELECTOR, 'a[href="#answer-1"]')
    assert link.text == "<img src=x>"  # the id is text, not an image
    link.click()
    section = driver.find_element(By.ID, "answer-1")
    assert _visible(section) and _visible(driver.find_element(By.ID, "a1-grade"))
    assert driver.execute_script("return window.scrollY") > 0
    _screenshot(driver, tmp_path, "corpus.png")
