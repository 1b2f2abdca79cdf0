"""Clean: RawDocument -> Document (body text, title, publication date, outlet, author)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyadwatch.clean import clean_document
from dyadwatch.clean.pubdate import AmbiguousDate, find_date, normalise_date, parse_date
from dyadwatch.ingest import iter_inputs
from dyadwatch.ingest.records import record_to_raw
from dyadwatch.records import Document

NO_DATE_WARNING = ("no publication date found in the document; relative dates cannot be "
                   "resolved (use --pub-date)")
HEADLINE = "Tokyo and Beijing agree to resume maritime talks"
BODY = ("Japan and China agreed on Tuesday to resume talks on maritime safety.\n\n"
        "Officials from both sides said the first round would take place in Dalian.")
CLEAN_BODY = BODY  # what the cleaner should leave of BODY


def clean_file(tmp_path: Path, text: str, name: str = "doc.txt",
               pub_date: str | None = None) -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [raw] = iter_inputs([path])
    return clean_document(raw, default_pub_date=pub_date)


@pytest.mark.parametrize(("date_line", "iso"), [
    ("Published: 2021-03-09", "2021-03-09"),
    ("March 9, 2021", "2021-03-09"),
    ("Posted March. 09, 2021 10:15 / Updated March. 09, 2021 12:40", "2021-03-09"),
    ("Posted November. 13, 2022 19:42 / Updated November. 14, 2022 08:01", "2022-11-13"),
    ("Updated: 2021-03-09 10:00 KST", "2021-03-09"),
    ("9 March 2021", "2021-03-09"),
    ("2021.03.09", "2021-03-09"),
])
def test_date_line_under_headline_becomes_date(tmp_path: Path, date_line: str, iso: str) -> None:
    doc = clean_file(tmp_path, f"{HEADLINE}\n{date_line}\n\n{BODY}\n")
    assert (doc.title, doc.date, doc.text, doc.warnings, doc.error) == (
        HEADLINE, iso, CLEAN_BODY, (), None)


@pytest.mark.parametrize(("dateline", "iso", "outlet"), [
    ("SEOUL, Oct. 4, 2022 (ENA) -- ", "2022-10-04", "ENA"),
    ("TOKYO, March 9, 2021 (Harbor Wire) -- ", "2021-03-09", "Harbor Wire"),
    ("BEIJING, Dec. 1, 2020 — ", "2020-12-01", None),
    ("WASHINGTON, Sept. 30, 2019 (XNA) – ", "2019-09-30", "XNA"),
])
def test_wire_dateline_is_read_and_removed(tmp_path: Path, dateline: str, iso: str,
                                           outlet: str | None) -> None:
    doc = clean_file(tmp_path, f"{HEADLINE}\n\n{dateline}{BODY}\n")
    assert (doc.title, doc.date, doc.outlet) == (HEADLINE, iso, outlet)
    assert doc.text == CLEAN_BODY


def test_dateline_without_year_gives_outlet_but_no_date(tmp_path: Path) -> None:
    doc = clean_file(tmp_path, f"{HEADLINE}\n\nSEOUL, Oct. 4 (ENA) -- {BODY}\n")
    assert (doc.date, doc.outlet, doc.text) == (None, "ENA", CLEAN_BODY)
    assert doc.warnings == (NO_DATE_WARNING,)


@pytest.mark.parametrize("byline", [
    "By Jane Doe (jane.doe@example.org)",
    "By Jane Doe jane.doe@example.org",
    "By Jane Doe",
])
def test_trailing_byline_becomes_author_and_email_leaves_text(tmp_path: Path,
                                                              byline: str) -> None:
    doc = clean_file(tmp_path, f"{HEADLINE}\nPublished: 2021-03-09\n\n{BODY}\n\n{byline}\n")
    assert (doc.author, doc.text) == ("Jane Doe", CLEAN_BODY)
    assert "@" not in doc.text


def test_byline_with_hyphenated_names_and_email_on_its_own_line(tmp_path: Path) -> None:
    doc = clean_file(tmp_path, f"{HEADLINE}\n\n{BODY}\n\nBy Kim Min-ji\n\nminji@example.com\n")
    assert (doc.author, doc.text) == ("Kim Min-ji", CLEAN_BODY)


def test_byline_under_headline_becomes_author(tmp_path: Path) -> None:
    """Regression: a byline under the headline used to stay in the text, e-mail included."""
    doc = clean_file(tmp_path, f"{HEADLINE}\nBy Jane Doe (jane.doe@example.org)\n"
                               f"Published: 2021-03-09\n\n{BODY}\n")
    assert (doc.author, doc.date, doc.text) == ("Jane Doe", "2021-03-09", CLEAN_BODY)


@pytest.mark.parametrize("line", [
    "(c) 2021 Harbor Press. All rights reserved.",
    "(C) Harbor Press",
    "© 2021 Harbor Press",
    "Copyright 2021 Harbor Press",
    "Copyright © 2021 Harbor Press. All rights reserved.",
    "© Harbor Press 2021. All rights reserved.",
])
def test_copyright_line_becomes_outlet_and_leaves_text(tmp_path: Path, line: str) -> None:
    doc = clean_file(tmp_path, f"{HEADLINE}\nPublished: 2021-03-09\n\n{BODY}\n\n{line}\n")
    assert (doc.outlet, doc.text) == ("Harbor Press", CLEAN_BODY)


def test_byline_and_copyright_together(tmp_path: Path) -> None:
    doc = clean_file(tmp_path, f"{HEADLINE}\nMarch 9, 2021\n\n{BODY}\n\n"
                               "By Jane Doe (jane.doe@example.org)\n\n"
                               "(c) 2021 Harbor Press. All rights reserved.\n")
    assert (doc.title, doc.date, doc.author, doc.outlet, doc.text) == (
        HEADLINE, "2021-03-09", "Jane Doe", "Harbor Press", CLEAN_BODY)


def test_email_inside_a_body_sentence_is_kept(tmp_path: Path) -> None:
    body = "Japan met China in Tokyo. Readers may write to desk@example.org with tips."
    doc = clean_file(tmp_path, f"{HEADLINE}\n\n{body}\n")
    assert doc.text == body


def test_repeated_headline_is_dropped(tmp_path: Path) -> None:
    doc = clean_file(tmp_path, f"{HEADLINE}\nPublished: 2021-03-09\n\n{HEADLINE}\n\n{BODY}\n")
    assert (doc.title, doc.text) == (HEADLINE, CLEAN_BODY)
    # ... also after a short kicker such as "WORLD".
    doc = clean_file(tmp_path, f"{HEADLINE}\n\nDIPLOMACY\n\n{HEADLINE}\n\n{BODY}\n")
    assert (doc.title, doc.text) == (HEADLINE, CLEAN_BODY)


def test_document_without_date_gets_null_and_warning_never_today(tmp_path: Path) -> None:
    doc = clean_file(tmp_path, f"{HEADLINE}\n\n{BODY}\n")
    assert (doc.date, doc.warnings, doc.error) == (None, (NO_DATE_WARNING,), None)


def test_pub_date_is_used_only_when_document_has_none(tmp_path: Path) -> None:
    undated = clean_file(tmp_path, f"{HEADLINE}\n\n{BODY}\n", pub_date="2020-01-31")
    assert (undated.date, undated.warnings) == ("2020-01-31", ())
    dated = clean_file(tmp_path, f"{HEADLINE}\nPublished: 2021-03-09\n\n{BODY}\n",
                       pub_date="2020-01-31")
    assert (dated.date, dated.warnings) == ("2021-03-09", ())
    # A JSON record's own "date" also wins over the default.
    [raw] = iter_inputs(["-"], stdin=iter([('{"id": "j", "text": "Japan met China.", '
                                           '"date": "2019-05-06"}\n')]))
    assert clean_document(raw, default_pub_date="2020-01-31").date == "2019-05-06"


def test_crlf_line_endings_and_single_newlines_inside_paragraphs(tmp_path: Path) -> None:
    text = (f"{HEADLINE}\r\nPublished: 2021-03-09\r\n\r\n"
            "Japan and China agreed on Tuesday\r\nto resume talks on maritime safety.\r\n")
    doc = clean_file(tmp_path, text)
    assert (doc.title, doc.date, doc.text) == (
        HEADLINE, "2021-03-09", ("Japan and China agreed on Tuesday to resume talks on maritime "
                                "safety."))


def test_date_inside_a_sentence_is_not_a_date_line(tmp_path: Path) -> None:
    body = "Japan met China on March 9, 2021, in Tokyo."
    doc = clean_file(tmp_path, f"{HEADLINE}\n\n{body}\n")
    assert (doc.date, doc.text) == (None, body)


def test_error_document_passes_through(tmp_path: Path) -> None:
    [raw] = iter_inputs([tmp_path / "absent.txt"])
    doc = clean_document(raw)
    assert (doc.text, doc.error, doc.date) == ("", "no such file or directory", None)


def test_document_with_only_furniture_is_an_error(tmp_path: Path) -> None:
    doc = clean_file(tmp_path, "(c) 2021 Harbor Press. All rights reserved.\n")
    assert (doc.text, doc.error) == ("", "no article text found after cleaning")


HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Tokyo and Beijing resume talks | Harbor Times</title>
<meta property="og:title" content="Tokyo and Beijing resume talks">
<meta property="og:site_name" content="Harbor Times">
<meta name="author" content="Mina Park">
{date_meta}
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/korea">North Korea</a></nav>
</header>
<main><article>
<h1>Tokyo and Beijing resume talks</h1>
<p>Japanese Foreign Minister Taro Sato and Chinese Foreign Minister Li Wen held talks in Beijing on
Monday, the first such meeting in two years.</p>
<p>The two ministers discussed maritime disputes and trade, officials said after the meeting ended
late in the evening.</p>
<p>Japan also protested to China over a recent incursion by coast guard vessels near disputed
islands in the East China Sea.</p>
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Russia condemned Ukraine in a fiery speech</a></li>
<li><a href="/b">India criticized Pakistan over border shelling</a></li></ul></aside>
</main>
<footer><p>Contact us | Privacy | Terms</p><p>(c) 2021 Harbor Times</p></footer>
</body></html>
"""


def test_html_page_main_text_and_metadata(tmp_path: Path) -> None:
    meta = '<meta property="article:published_time" content="2021-06-15T09:30:00+09:00">'
    doc = clean_file(tmp_path, HTML_PAGE.format(date_meta=meta), name="page.html")
    assert (doc.title, doc.date, doc.outlet, doc.author, doc.warnings) == (
        "Tokyo and Beijing resume talks", "2021-06-15", "Harbor Times", "Mina Park", ())
    paragraphs = doc.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Japanese Foreign Minister Taro Sato")
    assert paragraphs[2].endswith("in the East China Sea.")
    for boilerplate in ("Most read", "Russia condemned", "Pakistan", "Privacy", "Home",
                        "(c) 2021"):
        assert boilerplate not in doc.text


def test_html_page_without_date_gets_null_never_today(tmp_path: Path) -> None:
    doc = clean_file(tmp_path, HTML_PAGE.format(date_meta=""), name="page.html")
    assert (doc.date, doc.warnings) == (None, (NO_DATE_WARNING,))
    assert doc.text.startswith("Japanese Foreign Minister Taro Sato")


def test_korean_text_is_marked_ko(tmp_path: Path) -> None:
    path = tmp_path / "ko.txt"
    path.write_bytes("북한 미사일 발사\n2023년 3월 16일\n\n북한이 탄도미사일을 발사했다.\n"
                     .encode("euc-kr"))
    [raw] = iter_inputs([path])
    doc = clean_document(raw)
    assert (doc.title, doc.date, doc.language, doc.text) == (
        "북한 미사일 발사", "2023-03-16", "ko", "북한이 탄도미사일을 발사했다.")


@pytest.mark.parametrize(("text", "iso"), [
    ("2022-10-04", "2022-10-04"),
    ("2022/10/4 08:11", "2022-10-04"),
    ("October 4, 2022", "2022-10-04"),
    ("Oct. 4, 2022", "2022-10-04"),
    ("Sept. 30, 2019", "2019-09-30"),
    ("4 October 2022", "2022-10-04"),
    ("26-FEB-1987 15:01:01.79", "1987-02-26"),
    ("2022년 10월 4일", "2022-10-04"),
    ("2021-02-30", None),
    ("yesterday", None),
    ("October 4", None),
    (None, None),
    ("20221010", "2022-10-10"),  # GDELT's SQLDATE
    ("20221010143000", "2022-10-10"),  # GDELT's DATEADDED
    ("20221310", None),
    ("25/12/2022", "2022-12-25"),  # only day-first makes it a date
    ("12/25/2022", "2022-12-25"),  # only month-first does
    ("31.12.2022", "2022-12-31"),
    ("10/10/2022", "2022-10-10"),  # both orders agree
    ("31/31/2022", None),
])
def test_normalise_date(text: str | None, iso: str | None) -> None:
    assert normalise_date(text) == iso


@pytest.mark.parametrize(("order", "iso"), [("DMY", "2022-04-03"), ("MDY", "2022-03-04")])
def test_numeric_dates_follow_the_date_order(order: str, iso: str) -> None:
    assert normalise_date("03/04/2022", order) == iso
    with pytest.raises(AmbiguousDate, match="--date-order"):
        normalise_date("03/04/2022")


def test_record_with_an_ambiguous_or_unreadable_date_says_so() -> None:
    def warnings(date: str, order: str | None = None) -> tuple[str | None, tuple[str, ...]]:
        raw = record_to_raw({"id": "x", "text": "Chile criticized Peru.", "date": date}, "r")
        doc = clean_document(raw, date_order=order)
        return doc.date, doc.warnings

    date, said = warnings("03/04/2022")
    assert date is None and "could be 2022-04-03 or 2022-03-04" in said[0]
    assert warnings("03/04/2022", "DMY") == ("2022-04-03", ())
    date, said = warnings("next Tuesday")
    assert date is None and len(said) == 1 and "'next Tuesday' is not a date" in said[0]


def test_find_date_returns_earliest_with_offsets() -> None:
    line = "Posted October. 04, 2022 08:11 / Updated 2022-10-05"
    assert find_date(line) == ("2022-10-04", 7, 24)
    assert parse_date("no date here") is None
