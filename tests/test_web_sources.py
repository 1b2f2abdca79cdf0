"""Pages, feeds and web archives served by a real HTTP server on 127.0.0.1: read, cleaned, with
title/date/author/outlet right and the site furniture gone; fetching is polite and a URL that
fails becomes an error record while the run goes on."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from webserver import Page, Site, serve

from dyadwatch.clean import clean_document
from dyadwatch.ingest import FetchOptions, IngestOptions, iter_inputs
from dyadwatch.ingest.web import PoliteFetcher, read_url
from dyadwatch.records import Document

QUOTE = "[Kim Jong-un / North Korean leader : We will respond to nukes with nukes.]"
PARAGRAPHS = [
    "North Korea fired a short-range ballistic missile toward the East Sea on Wednesday "
    "morning, South Korea's Joint Chiefs of Staff said.",
    "The launch came a day after South Korea and the United States ended their largest "
    "combined air drills, which Pyongyang had condemned as a rehearsal for invasion.",
    QUOTE,
    "Japanese Prime Minister Fumio Kishida said Tokyo had lodged a protest with Pyongyang "
    "through diplomatic channels in Beijing.",
]
TITLE = "N. Korea fires ballistic missile toward East Sea"
FURNITURE = ["Reporter Kim Min-ji reports.", "This is YTN Kim Min-ji.",
             "Copyright ⓒ YTN. All rights reserved.", "Leave a Comment",
             "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
             "[KakaoTalk] Search YTN and add channel", "[Phone] 02-398-8585"]


def article_html(date_meta: str = '<meta property="article:published_time" '
                                  'content="2022-11-09T08:11:00+09:00">') -> str:
    body = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS + FURNITURE)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{TITLE} | YTN</title><meta property="og:title" content="{TITLE}">
<meta property="og:site_name" content="YTN"><meta name="author" content="Kim Min-ji">
{date_meta}</head><body>
<header><a href="#main">Go to contents</a><nav><a href="/">Home</a> <a href="/ko">한국어</a>
<a href="/ja">日本語</a> <a href="/menu">Menu</a></nav></header>
<main id="main"><article><h1>{TITLE}</h1>{body}</article>
<aside><h2>Most read</h2><ul><li><a href="/x">Russia condemned Ukraine in a speech</a></li>
</ul></aside></main><footer><p>Contact us | Privacy</p></footer></body></html>"""


KOREAN_TITLE = "북한, 동해상으로 탄도미사일 발사"
KOREAN_BODY = ("북한이 9일 오전 동해상으로 단거리 탄도미사일을 발사했다고 합동참모본부가 밝혔다. "
               "정부는 국가안전보장회의를 열고 북한의 도발을 강력히 규탄했다.")
KOREAN_HTML = f"""<html><head><meta charset="euc-kr"><title>{KOREAN_TITLE}</title>
<meta property="article:published_time" content="2022-11-09T09:40:00+09:00"></head>
<body><article><h1>{KOREAN_TITLE}</h1><p>{KOREAN_BODY}</p>
<p>김민지 기자 minji@example.co.kr</p><p>ⓒ 예시뉴스, 무단전재 및 재배포 금지</p></article></body></html>"""

FEED = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>YTN English</title><link>https://ytn.example/</link>
<description>News</description>
<item><title>[Politics] {TITLE}</title><link>{{base}}/news/missile.html</link>
<guid>ytn-2022-11-09-001</guid><pubDate>Wed, 09 Nov 2022 08:11:00 +0900</pubDate>
<content:encoded><![CDATA[{"".join(f"<p>{p}</p>" for p in PARAGRAPHS + FURNITURE[:3])}]]>
</content:encoded></item>
<item><title>Seoul and Tokyo hold talks</title><link>{{base}}/news/talks.html</link>
<guid>ytn-2022-11-10-002</guid><pubDate>Thu, 10 Nov 2022 10:00:00 +0900</pubDate>
<description>South Korean and Japanese diplomats held talks in Tokyo on Thursday on the North
Korean threat, the foreign ministry said.</description></item>
</channel></rss>"""


def warc_bytes(article: str, uri: str) -> bytes:
    """A gzipped WARC with a request, the article, an image and a 404 page."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)

    def response(target: str, status: str, ctype: str, body: bytes) -> None:
        http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(target, "response",
                                                      payload=io.BytesIO(body),
                                                      http_headers=http))

    request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "ytn.example")], is_http_request=True)
    writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(b""),
                                                  http_headers=request))
    response(uri, "200 OK", "text/html; charset=utf-8", article.encode("utf-8"))
    response("https://ytn.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n")
    response("https://ytn.example/gone", "404 Not Found", "text/html", b"<p>gone</p>")
    return out.getvalue()


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    site = Site()
    server, _ = serve(site)
    article = article_html()
    site.pages.update({
        "/robots.txt": Page(b"User-agent: *\nDisallow: /private/\n", "text/plain"),
        "/news/missile.html": Page(article.encode("utf-8")),
        "/news/undated.html": Page(article_html(date_meta="").encode("utf-8")),
        "/news/talks.html": Page(b"<html><body><article><p>South Korean and Japanese "
                                 b"diplomats held talks in Tokyo on Thursday on the North "
                                 b"Korean threat and agreed to meet again in Seoul next month, "
                                 b"the foreign ministry said.</p></article></body></html>"),
        "/ko/missile.html": Page(KOREAN_HTML.encode("euc-kr"), "text/html"),
        "/feed.xml": Page(FEED.replace("{base}", site.base).encode("utf-8"),
                          "application/rss+xml"),
        "/archive/crawl.warc.gz": Page(warc_bytes(article, "https://ytn.example/news/1"),
                                       "application/octet-stream"),
        "/private/secret.html": Page(b"<p>never fetched</p>"),
        "/slow.html": Page(b"<p>too late</p>", delay=1.5),
        "/flaky.html": Page(b"busy", "text/plain", status=503),
        "/big.html": Page(b"<p>" + b"x" * 5000 + b"</p>"),
    })
    yield site
    server.shutdown()
    server.server_close()


def fast(**fetch: object) -> IngestOptions:
    """Options for tests: no politeness delay between requests to 127.0.0.1."""
    return IngestOptions(fetch=FetchOptions(**{"delay": 0.0, "timeout": 5.0, **fetch}))


def read(urls: list[str], options: IngestOptions | None = None) -> list[Document]:
    return [clean_document(raw) for raw in iter_inputs(urls, options=options or fast())]


def assert_article(doc: Document) -> None:
    assert doc.error is None
    assert doc.text.split("\n\n") == PARAGRAPHS
    for line in FURNITURE + ["Go to contents", "Menu", "Most read", "Russia", "Privacy"]:
        assert line not in doc.text


def test_html_page_over_http(site: Site) -> None:
    [doc] = read([site.url("/news/missile.html")])
    assert_article(doc)
    assert (doc.title, doc.date, doc.author, doc.outlet, doc.language) == (
        TITLE, "2022-11-09", "Kim Min-ji", "YTN", "en")
    assert (doc.source, doc.url) == (site.url("/news/missile.html"),) * 2


def test_undated_page_says_so_never_today(site: Site) -> None:
    [doc] = read([site.url("/news/undated.html")])
    assert doc.date is None
    assert any("no publication date" in w for w in doc.warnings)


def test_euc_kr_page_over_http_without_charset_header(site: Site) -> None:
    [doc] = read([site.url("/ko/missile.html")])
    assert (doc.error, doc.title, doc.date, doc.language) == (None, KOREAN_TITLE, "2022-11-09",
                                                              "ko")
    assert doc.text == KOREAN_BODY
    assert (doc.author, doc.outlet) == ("김민지", "예시뉴스")


def test_feed_items_become_documents_with_feed_metadata(site: Site) -> None:
    missile, talks = read([site.url("/feed.xml")])
    assert_article(missile)
    # the feed's own date in its own time zone (09 Nov +0900), not the UTC day before
    assert (missile.doc_id, missile.title, missile.date, missile.outlet, missile.author) == (
        "ytn-2022-11-09-001", TITLE, "2022-11-09", "YTN English", "Kim Min-ji")
    assert missile.url == site.url("/news/missile.html")
    assert (talks.title, talks.date, talks.error) == ("Seoul and Tokyo hold talks",
                                                      "2022-11-10", None)
    assert talks.text.startswith("South Korean and Japanese diplomats held talks in Tokyo")
    assert "next month" not in talks.text  # the summary, not the page


def test_feed_links_can_be_followed_to_the_pages(site: Site) -> None:
    missile, talks = read([site.url("/feed.xml")], fast(follow_feed_links=True))
    assert_article(missile)
    assert "agreed to meet again in Seoul next month" in talks.text
    assert (talks.doc_id, talks.date, talks.outlet) == ("ytn-2022-11-10-002", "2022-11-10",
                                                        "YTN English")


def test_warc_archive_over_http_yields_only_the_article(site: Site) -> None:
    [doc] = read([site.url("/archive/crawl.warc.gz")])
    assert_article(doc)
    assert (doc.url, doc.title, doc.date, doc.outlet) == (
        "https://ytn.example/news/1", TITLE, "2022-11-09", "YTN")
    assert doc.source.startswith(site.url("/archive/crawl.warc.gz") + "@")


def test_warc_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes(article_html(), "https://ytn.example/news/1"))
    [doc] = [clean_document(r) for r in iter_inputs([path])]
    assert_article(doc)
    # cut inside the first record: what is left is no page; the archive is an error record
    truncated = tmp_path / "cut.warc.gz"
    truncated.write_bytes(path.read_bytes()[:300])
    [raw] = iter_inputs([truncated])
    assert (raw.error or "").startswith("truncated or damaged WARC archive")
    not_warc = tmp_path / "fake.warc"
    not_warc.write_bytes(b"<html><p>Just a page named .warc</p></html>")
    [raw] = iter_inputs([not_warc])
    assert (raw.error or "").startswith("not a WARC archive")


def test_user_agent_is_sent_and_robots_txt_is_respected(site: Site) -> None:
    before = len(site.requests)
    [raw] = iter_inputs([site.url("/private/secret.html")], options=fast())
    assert raw.error == (f"cannot fetch URL: robots.txt of {site.base} disallows this URL for "
                         "our User-Agent")
    paths = site.requests[before:]
    assert [p for p, _ in paths] == ["/robots.txt"]
    assert all(agent.startswith("dyadwatch/") for _, agent in paths)


def test_timeout_is_an_error_and_the_next_url_is_read(site: Site) -> None:
    raws = list(iter_inputs([site.url("/slow.html"), site.url("/news/missile.html")],
                            options=fast(timeout=0.3, retries=0)))
    assert raws[0].error == "cannot fetch URL: timed out after 0.3 s"
    assert raws[1].error is None


def test_server_errors_are_retried_then_recorded(site: Site) -> None:
    before = len(site.requests)
    [raw] = iter_inputs([site.url("/flaky.html")], options=fast(retries=2))
    assert raw.error == "cannot fetch URL: HTTP 503 (3 attempts)"
    assert [p for p, _ in site.requests[before:]].count("/flaky.html") == 3


def test_missing_page_and_size_limit(site: Site) -> None:
    missing, big = iter_inputs([site.url("/nope.html"), site.url("/big.html")],
                               options=IngestOptions(max_bytes=1000,
                                                     fetch=FetchOptions(delay=0.0)))
    assert missing.error == "cannot fetch URL: HTTP 404"
    assert big.error == "cannot fetch URL: response is 5,007 bytes, over the 1,000-byte limit"


def test_requests_to_one_host_are_spaced_by_the_delay(site: Site) -> None:
    now = [100.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    options = IngestOptions(fetch=FetchOptions(delay=2.5))
    with PoliteFetcher(options, clock=lambda: now[0], sleep=sleep) as fetcher:
        for path in ("/news/missile.html", "/news/talks.html"):
            assert [r.error for r in read_url(site.url(path), fetcher)] == [None]
    assert sleeps == [2.5, 2.5]  # robots.txt, then each page, 2.5 s apart


def test_url_list_file(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "today.urls"
    path.write_text(f"# morning crawl\n{site.url('/news/missile.html')}\n\nftp://old.example/x\n"
                    f"{site.url('/feed.xml')}\n", encoding="utf-8")
    raws = list(iter_inputs([path], options=fast()))
    assert [(r.error or "ok")[:22] for r in raws] == [
        "ok", "not an http(s) URL: 'f", "ok", "ok"]
    assert raws[1].source == f"{path}:4"


def test_dyadwatch_run_over_http_records_errors_and_goes_on(site: Site, tmp_path: Path,
                                                            run_cli: Any) -> None:
    db = tmp_path / "web.duckdb"
    urls = [site.url(p) for p in ("/feed.xml", "/slow.html", "/archive/crawl.warc.gz",
                                  "/ko/missile.html")]
    done = run_cli("run", *urls, "--db", str(db), "--delay", "0", "--timeout", "0.5",
                   "--quiet")
    assert done.returncode == 0, done.stderr
    con = duckdb.connect(str(db), read_only=True)
    docs = dict(con.execute("SELECT doc_id, pub_date::VARCHAR FROM documents").fetchall())
    errors = con.execute("SELECT source, problem FROM errors").fetchall()
    links = con.execute("SELECT kind, doc_key IS NOT NULL FROM duplicates").fetchall()
    con.close()
    assert docs == {"ytn-2022-11-09-001": "2022-11-09", "ytn-2022-11-10-002": "2022-11-10",
                    "https://ytn.example/news/1": "2022-11-09",
                    site.url("/ko/missile.html"): "2022-11-09"}
    assert errors == [(site.url("/slow.html"), "cannot fetch URL: timed out after 0.5 s "
                                               "(3 attempts)")]
    assert links == [("near", True)]  # the archived page is the feed's story again
