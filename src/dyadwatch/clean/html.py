"""Main text and metadata from an HTML page, with trafilatura."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from dyadwatch.clean.pubdate import normalise_date


@dataclass(frozen=True)
class ExtractedPage:
    text: str
    title: str | None
    date: str | None
    outlet: str | None
    author: str | None


def extract_html(html: str, url: str | None = None) -> ExtractedPage:
    import trafilatura

    result = trafilatura.bare_extraction(
        html, url=url, include_comments=False, include_tables=False, favor_precision=True,
        with_metadata=True,
    )
    if result is None:
        return ExtractedPage("", None, None, None, None)
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = data.get("text") or ""
    # trafilatura separates paragraphs with single newlines; the cleaner expects blank lines.
    text = "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
    return ExtractedPage(
        text=text,
        title=data.get("title") or None,
        date=normalise_date(data.get("date")) if _page_states_date(html) else None,
        outlet=_declared_sitename(data.get("sitename"), url),
        author=data.get("author") or None,
    )


def _declared_sitename(sitename: str | None, url: str | None) -> str | None:
    """trafilatura falls back to the URL's host for the site name; a host is the weakest
    outlet evidence (a sign-off or copyright line in the text says more), so drop it here."""
    if not sitename:
        return None
    try:
        host = urlsplit(url).netloc.lower() if url else ""  # with the port, as trafilatura has
    except ValueError:  # a malformed URL ("http://[oops/x") names no host
        host = ""
    if host and sitename.lower().removeprefix("www.") in host:
        return None
    return sitename


def _page_states_date(html: str) -> bool:
    """trafilatura may guess a date from a URL or fall back to defaults; only trust it when the
    page has a date-like meta tag or a <time> element, never invent today's date."""
    lowered = html.lower()
    return any(marker in lowered for marker in (
        "published_time", "datepublished", "<time", 'name="date"', "pubdate", "dc.date",
        "article:modified_time", "datemodified",
    ))
