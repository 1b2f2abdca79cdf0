"""Turn a RawDocument into a Document: main text, title, publication date, outlet, author.

Plain text follows the newspaper convention: headline first, then an optional date line, then
paragraphs; a wire dateline ("SEOUL, Oct. 4, 2022 (Yonhap) --") may open the body. HTML goes
through trafilatura, which drops navigation and footers and reads the page's metadata. Text
scraped from news sites first loses its site furniture (clean.furniture): menus, tip-lines,
sign-offs, copyright lines, comment forms.

Metadata precedence: what the input record says (JSON/CSV fields, feed item), then the page's
own metadata (HTML), then the text (date line, byline, sign-off, copyright line), then the URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from dyadwatch.clean.furniture import (
    byline_author,
    copyright_owner,
    is_copyright,
    remove_furniture,
    strip_section_tag,
)
from dyadwatch.clean.language import detect_language
from dyadwatch.clean.pubdate import AmbiguousDate, find_date, normalise_date, parse_date
from dyadwatch.records import Document, RawDocument

# "Published: 2022-10-04", "October 4, 2022", "Posted October. 04, 2022 08:11 / Updated ..."
_DATE_LINE = re.compile(
    r"^(?:(?:published|posted|updated|date|dated)\s*:?\s*)?[\w.,:/+\- ]{6,80}$", re.IGNORECASE)
# "SEOUL, Oct. 4, 2022 (Yonhap) -- " or "TOKYO, March 16 (AP) — "
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'-]{1,40}(?:,\s+[A-Z][a-z]+(?: [A-Z][a-z]+)?)?),\s+(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)"
    r"\s*(?:\((?P<outlet>[^)]{2,40})\))?\s*(?:--|—|–|-)\s*")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@dataclass
class _Meta:
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    author: str | None = None
    warnings: list[str] = field(default_factory=list)


def clean_document(raw: RawDocument, default_pub_date: str | None = None,
                   date_order: str | None = None) -> Document:
    """Clean one RawDocument. A date found in the document wins over `default_pub_date`;
    `date_order` (DMY or MDY) reads the record's numeric dates such as 03/04/2022."""
    if raw.error:
        return Document(doc_id=raw.doc_id, source=raw.source, content_hash=raw.content_hash,
                        text="", url=raw.url, error=raw.error)
    meta = _Meta(title=strip_section_tag(raw.title) if raw.title else None, outlet=raw.outlet)
    try:
        meta.date = normalise_date(raw.date, date_order)
    except AmbiguousDate as exc:
        meta.warnings.append(f"publication date {exc}")
    if raw.date and meta.date is None and not meta.warnings:
        meta.warnings.append(f"publication date {raw.date!r} is not a date this tool reads "
                             "(YYYY-MM-DD, YYYYMMDD, 4 October 2022, 10/04/2022 ...)")
    if raw.media_type == "text/html":
        from dyadwatch.clean.html import extract_html

        extracted = extract_html(raw.content, raw.url)
        text = extracted.text
        meta.title = meta.title or extracted.title
        meta.date = meta.date or extracted.date
        meta.outlet = meta.outlet or extracted.outlet
        meta.author = extracted.author
        text = _clean_plain_text(text, meta, has_title=False)
    else:
        text = _clean_plain_text(raw.content, meta, has_title=raw.title is None)
    meta.outlet = meta.outlet or outlet_from_url(raw.url)
    if not text.strip():
        return Document(doc_id=raw.doc_id, source=raw.source, content_hash=raw.content_hash,
                        text="", title=meta.title, url=raw.url,
                        error="no article text found after cleaning")
    if meta.date is None:
        if default_pub_date:
            meta.date = normalise_date(default_pub_date)
        elif not raw.date:  # an unreadable given date was named above
            meta.warnings.append("no publication date found in the document; "
                                 "relative dates cannot be resolved (use --pub-date)")
    return Document(
        doc_id=raw.doc_id, source=raw.source, content_hash=raw.content_hash, text=text,
        title=meta.title, date=meta.date, outlet=meta.outlet, author=meta.author, url=raw.url,
        language=detect_language(text), warnings=tuple(meta.warnings),
    )


def _clean_plain_text(content: str, meta: _Meta, has_title: bool) -> str:
    content, furniture = remove_furniture(content)
    lines = _header_lines_apart(content)
    paragraphs = _paragraphs(lines)
    if paragraphs:
        paragraphs[0] = strip_section_tag(paragraphs[0])
    if has_title and len(paragraphs) > 1 and _looks_like_headline(paragraphs[0]):
        meta.title = paragraphs.pop(0)
    paragraphs = _take_date_lines(paragraphs, meta)
    paragraphs = _drop_repeated_title(paragraphs, meta.title)
    paragraphs = _take_trailing_furniture(paragraphs, meta)
    if paragraphs:
        paragraphs[0] = _take_dateline(paragraphs[0], meta)
    meta.author = meta.author or furniture.author
    meta.outlet = meta.outlet or furniture.outlet
    return "\n\n".join(p for p in paragraphs if p)


def outlet_from_url(url: str | None) -> str | None:
    """The site's host name without "www.", e.g. "en.yna.co.kr"."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _header_lines_apart(content: str) -> str:
    """The first lines of a file (headline, date line, byline) are separate items even when no
    blank line separates them; body paragraphs further down keep their own line wrapping."""
    content = content.replace("\r\n", "\n").replace("\r", "\n").lstrip("\n")
    head, sep, rest = content.partition("\n\n")
    head_lines = [line for line in head.split("\n") if line.strip()]
    if len(head_lines) > 1 and all(len(line) <= 200 for line in head_lines[:-1]):
        head = "\n\n".join(head_lines)
    return head + sep + rest


def _drop_repeated_title(paragraphs: list[str], title: str | None) -> list[str]:
    """Pages repeat the headline at the top of the body, two or three times, sometimes after a
    one-word kicker or with a section tag."""
    if not title:
        return paragraphs
    norm = _normalise(title)
    repeats = [i for i, para in enumerate(paragraphs[:6])
               if _normalise(strip_section_tag(para)) == norm]
    if not repeats:
        return paragraphs
    kickers = [p for i, p in enumerate(paragraphs[:repeats[-1]]) if i not in repeats]
    if all(len(k.split()) <= 3 and not k.endswith(".") for k in kickers):
        return paragraphs[repeats[-1] + 1:]
    return [p for i, p in enumerate(paragraphs) if i not in repeats]


def _normalise(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _paragraphs(content: str) -> list[str]:
    """Split on blank lines; single line breaks inside a paragraph become spaces."""
    blocks = re.split(r"\n\s*\n", content)
    paragraphs = [re.sub(r"[ \t]*\n[ \t]*", " ", b).strip() for b in blocks]
    return [re.sub(r"[ \t\u00a0]+", " ", p) for p in paragraphs if p.strip()]


def _looks_like_headline(line: str) -> bool:
    return len(line) <= 200 and "\n" not in line and not line.rstrip().endswith((".", '"', "”"))


def _take_date_lines(paragraphs: list[str], meta: _Meta) -> list[str]:
    """Date lines near the top ("Published: ...", "Posted ... / Updated ...") become metadata."""
    kept = []
    for i, para in enumerate(paragraphs):
        found = find_date(para) if i < 3 and len(para) <= 120 else None
        if found and _is_date_line(para, found):
            meta.date = meta.date or found[0]
            continue
        author = byline_author(para) if i < 3 and len(para) < 120 else None
        if author:  # a byline under the headline
            meta.author = meta.author or author
            continue
        kept.append(para)
    return kept


def _is_date_line(para: str, found: tuple[str, int, int]) -> bool:
    rest = (para[: found[1]] + para[found[2]:]).strip()
    rest = re.sub(r"(?i)\b(published|posted|updated|date[d]?|last|modified|on|at|am|pm|kst|"
                  r"gmt|utc|edited)\b|입력|수정|기사입력|최종수정|승인|등록|[\d:/|.,\-+()]", " ", rest)
    rest = re.sub(r"(?i)" + r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", " ", rest)
    return not rest.strip()


def _take_trailing_furniture(paragraphs: list[str], meta: _Meta) -> list[str]:
    """Bylines with e-mail and copyright lines at the end become author/outlet metadata."""
    while paragraphs:
        last = paragraphs[-1]
        author = byline_author(last) if len(last) < 120 else None
        if author:
            meta.author = meta.author or author
        elif is_copyright(last):
            meta.outlet = meta.outlet or copyright_owner(last)
        elif _EMAIL.fullmatch(last.strip()):
            pass
        else:
            break
        paragraphs.pop()
    return paragraphs


def _take_dateline(first: str, meta: _Meta) -> str:
    m = _DATELINE.match(first)
    if not m:
        return first
    if m.group("outlet"):
        meta.outlet = meta.outlet or m.group("outlet").strip()
    if meta.date is None:
        meta.date = parse_date(m.group("date"))
    return first[m.end():]


__all__ = ["clean_document"]
