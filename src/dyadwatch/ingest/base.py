"""What every reader shares: options, content hashes, error records and byte decoding.

Readers never raise on a bad document: they yield a RawDocument whose `error` names the
problem, so one bad input never stops a run and the error is stored next to the good documents.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field

from dyadwatch.records import RawDocument

MAX_BYTES = 20 * 1024 * 1024
DEFAULT_USER_AGENT = "dyadwatch/0.1 (+https://github.com/dyadwatch/dyadwatch; research crawler)"

# A declared charset in an HTML <meta> tag or an XML declaration, read from the first bytes.
_DECLARED_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""",
                               re.IGNORECASE)
# Legacy Korean pages declare EUC-KR but use CP949's extra syllables; CP949 is the superset.
_CHARSET_ALIASES = {"euc-kr": "cp949", "euc_kr": "cp949", "ks_c_5601-1987": "cp949",
                    "x-windows-949": "cp949", "ks_c_5601": "cp949"}


@dataclass(frozen=True)
class FieldMap:
    """Which fields of a JSON Lines or CSV record hold the document's parts."""

    id: str = "id"
    text: str = "text"
    title: str = "title"
    date: str = "date"
    url: str = "url"
    outlet: str = "outlet"
    html: str = "html"

    @classmethod
    def from_pairs(cls, pairs: list[str] | tuple[str, ...]) -> FieldMap:
        """Build from "part=field" strings such as ("text=body", "date=published_at")."""
        known = set(cls.__dataclass_fields__)
        mapping: dict[str, str] = {}
        for pair in pairs:
            part, sep, name = pair.partition("=")
            part, name = part.strip(), name.strip()
            if not sep or not name or part not in known:
                raise ValueError(f"bad field mapping {pair!r}: use PART=FIELD with PART one of "
                                 f"{', '.join(sorted(known))}, e.g. text=body")
            mapping[part] = name
        return cls(**mapping)


@dataclass(frozen=True)
class FetchOptions:
    """How URLs are fetched: politely, and never for ever."""

    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 20.0  # seconds per request (connect, read, write, pool each)
    retries: int = 2  # extra attempts after a timeout, a connection error, 429 or 5xx
    delay: float = 1.0  # minimum seconds between two requests to the same host
    respect_robots: bool = True
    follow_feed_links: bool = False  # fetch each feed item's page instead of its summary


@dataclass(frozen=True)
class IngestOptions:
    max_bytes: int = MAX_BYTES  # per file, per fetched URL, per JSON/CSV record, per WARC record
    fields: FieldMap = field(default_factory=FieldMap)
    fetch: FetchOptions = field(default_factory=FetchOptions)
    date_order: str | None = None  # DMY or MDY: how records' numeric dates (03/04/2022) read


def content_hash(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def error_doc(source: str, problem: str, doc_id: str | None = None,
              url: str | None = None) -> RawDocument:
    """The record a reader yields for input it cannot read."""
    return RawDocument(doc_id=doc_id or source, source=source, media_type="text/plain",
                       content="", content_hash=content_hash(f"error:{source}:{problem}"),
                       url=url, error=problem)


# Byte-order marks, UTF-32 first (its little-endian mark begins with UTF-16's).
_UNICODE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                 (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """Decode a document's bytes: UTF-8, else the declared charset (HTTP header, <meta>,
    XML declaration), else a detected legacy encoding (EUC-KR/CP949 ...).

    Returns (text, problem); problem is set for empty, binary or undecodable input."""
    if not data.strip():
        return "", "file is empty"
    for bom, codec in _UNICODE_BOMS:  # UTF-16/32 text is full of NUL bytes, yet text
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), None
            except UnicodeDecodeError as exc:
                return "", f"starts with a {codec} byte-order mark but is not {codec} ({exc})"
    if b"\x00" in data[:4096]:
        return "", "file looks binary (contains NUL bytes), not text or HTML"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    for charset in (declared, declared_charset(data)):
        text = _decode_as(data, charset)
        if text is not None:
            return text, None
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return "", "cannot detect the text encoding (not UTF-8 and no legacy encoding fits)"
    return str(best), None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 2 KB, if any."""
    m = _DECLARED_CHARSET.search(data[:2048])
    return m.group(1).decode("ascii", "ignore") if m else None


def _decode_as(data: bytes, charset: str | None) -> str | None:
    if not charset:
        return None
    name = _CHARSET_ALIASES.get(charset.lower(), charset)
    try:
        text = data.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None
    return text.removeprefix("\ufeff")
