"""Scraped-page text: the site furniture goes (and never becomes text, events, quotes or actors),
the real paragraphs and bracketed broadcast quotations stay, metadata comes out right."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dyadwatch.clean import clean_document
from dyadwatch.clean.furniture import copyright_owner, remove_furniture
from dyadwatch.ingest import iter_inputs
from dyadwatch.records import Document

DATA = Path(__file__).parent / "data"
TITLE = "N. Korea fires ballistic missile toward East Sea"
QUOTES = ["[Kim Jong-un / North Korean leader : We will respond to nukes with nukes and to "
          "all-out confrontation with all-out confrontation.]",
          "[윤석열 / 대통령 : 북한의 어떠한 도발에도 단호하게 대응하겠습니다.]"]
FURNITURE_WORDS = ["Go to contents", "Menu", "Search", "한국어", "日本語", "[Politics]",
                   "Posted", "Reporter", "This is YTN", "@", "email protected", "KakaoTalk",
                   "02-398-8585", "Your report", "Facebook", "Copyright", "무단전재",
                   "All rights reserved", "Leave a Comment", "Akismet", "Required fields",
                   "Save my name"]
BASE = ("Seoul and Tokyo agree to resume shuttle diplomacy\nMarch 16, 2023\n\n"
        "South Korean President Yoon Suk-yeol and Japanese Prime Minister Fumio Kishida agreed "
        "on Thursday to resume regular visits between their leaders.\n\n"
        "The two leaders also discussed North Korea's missile launches, officials said.\n")


def clean_text(tmp_path: Path, text: str, name: str = "page.txt") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [raw] = iter_inputs([path])
    return clean_document(raw)


def test_scraped_page_loses_all_furniture_and_keeps_article() -> None:
    [raw] = iter_inputs([DATA / "scraped_ytn_style.txt"])
    doc = clean_document(raw)
    assert (doc.title, doc.date, doc.author, doc.outlet, doc.language, doc.warnings) == (
        TITLE, "2022-11-09", "Kim Min-ji", "YTN", "en", ())
    paragraphs = doc.text.split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("North Korea fired a short-range ballistic missile")
    assert paragraphs[2:4] == QUOTES
    assert paragraphs[4].startswith("Japanese Prime Minister Fumio Kishida said")
    for word in FURNITURE_WORDS + [TITLE]:
        assert word not in doc.text, word


def test_scraped_page_furniture_becomes_no_event_quote_or_actor(code_text: Any) -> None:
    text = (DATA / "scraped_ytn_style.txt").read_text(encoding="utf-8")
    rec = code_text(text)
    assert rec["text"].startswith("North Korea fired")
    evidence = [e["sentence"] for e in rec["events"]] + [q["text"] for q in rec["quotes"]] + [
        m["text"] for m in rec["mentions"]]
    for word in FURNITURE_WORDS:
        assert not any(word in piece for piece in evidence), word
    assert "PRK" in {m["country"] for m in rec["mentions"]}
    # the Korean quotation is a Korean sentence: no English rule codes it
    assert not any("윤석열" in e["sentence"] for e in rec["events"])


@pytest.mark.parametrize("furniture", [
    "Go to contents\nMenu\nSearch\n한국어\n日本語\n中文\n",
    "Skip to main content\nEnglish | 한국어 | 日本語\n",
    "[정치]\n",
])
def test_furniture_above_the_headline(tmp_path: Path, furniture: str) -> None:
    doc = clean_text(tmp_path, furniture + BASE)
    assert (doc.title, doc.date) == ("Seoul and Tokyo agree to resume shuttle diplomacy",
                                     "2023-03-16")
    assert doc.text == clean_text(tmp_path, BASE).text


@pytest.mark.parametrize(("footer", "author", "outlet"), [
    ("Reporter Lee Ji-hoon reports.", "Lee Ji-hoon", None),
    ("This is KBS News Lee Ji-hoon.", "Lee Ji-hoon", "KBS News"),
    ("This is Arirang News' Lee Ji-hoon.", "Lee Ji-hoon", "Arirang News"),
    ("KBS 뉴스 이지훈입니다.", "이지훈", "KBS"),
    ("Lee Ji-hoon [email protected]", "Lee Ji-hoon", None),
    ("By Lee Ji-hoon ([email protected])", "Lee Ji-hoon", None),
    ("이지훈 기자 jihoon@example.co.kr", "이지훈", None),
    ("※ Your report becomes news\n[KakaoTalk] Search KBS and add channel\n"
     "[Phone] 02-781-1234\n[Email] tips@kbs.example", None, None),
    ("Follow us on Twitter and Facebook", None, None),
    ("<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>", None, "연합뉴스"),
    ("Copyright ⓒ KBS. All rights reserved.", None, "KBS"),
    ("Leave a Reply\nCancel reply\nYour email address will not be published. Required fields "
     "are marked *\nComment *\nName *\nEmail *\nWebsite\nPost Comment\nThis site uses Akismet "
     "to reduce spam. Learn how your comment data is processed.", None, None),
])
def test_furniture_below_the_article(tmp_path: Path, footer: str, author: str | None,
                                     outlet: str | None) -> None:
    doc = clean_text(tmp_path, BASE + "\n" + footer + "\n")
    assert doc.text == clean_text(tmp_path, BASE).text
    assert (doc.author, doc.outlet) == (author, outlet)


def test_headline_repeated_three_times_with_stamp(tmp_path: Path) -> None:
    title, _, rest = BASE.partition("\n")
    text = (f"[Diplomacy] {title}\n{title}\nPosted March. 16, 2023 08:11 / Updated March. 16, "
            f"2023 09:40\n{title}\n\n" + rest.split("\n\n", 1)[1])
    doc = clean_text(tmp_path, text)
    assert (doc.title, doc.date) == (title, "2023-03-16")
    assert doc.text == clean_text(tmp_path, BASE).text


def test_email_placeholder_inside_prose_is_dropped(tmp_path: Path) -> None:
    doc = clean_text(tmp_path, BASE + "\nReaders can send tips to [email protected] at any "
                                      "time, the ministry said.\n")
    assert doc.text.endswith("Readers can send tips to at any time, the ministry said.")


@pytest.mark.parametrize("line", [
    "The Times reports.",
    "This is North Korea's fifth launch this year.",
    "Copyright laws were changed in 1987 after long talks.",
    "Home prices rose 3 pct in the year to March.",
    "Menu prices at state restaurants doubled.",
    "1987 1986 1985",
    "[Kim Jong-un / North Korean leader : We will respond to nukes with nukes.]",
    "[Anchor / KBS : North Korea fired a missile this morning.]",
])
def test_real_content_is_not_furniture(line: str) -> None:
    text, found = remove_furniture(f"Japan met China.\n{line}\nChina met Japan.")
    assert line in text.split("\n")
    assert (found.author, found.outlet, found.removed) == (None, None, [])


def test_weak_menu_word_inside_wrapped_prose_stays() -> None:
    text = "prices rose sharply at the\ntop\nof the market, traders said."
    assert remove_furniture(text)[0] == text
    assert remove_furniture("Menu\nSearch\nJapan met China.")[0] == "Japan met China."


def test_copyright_owner() -> None:
    assert copyright_owner("ⓒ 한국경제신문, 무단전재 및 재배포 금지") == "한국경제신문"
    assert copyright_owner("All rights reserved.") is None
