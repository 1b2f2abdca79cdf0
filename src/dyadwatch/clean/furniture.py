"""Site furniture in scraped article text: lines that are not the article and must never become
events, quotes or actors.

Works line by line on the raw text (before paragraphs are joined), because scrapers glue
menus, tip-lines and comment forms to the article with single line breaks. Metadata hiding in
furniture is kept: the author of a byline or sign-off, the outlet of a sign-off or copyright line.

Strong furniture (skip links, tip-lines, comment forms, copyright, sign-offs, e-mail bylines)
goes wherever it is. Weak menu words ("Menu", "Search", "Home", a language name) go only next to
other furniture or when they stand alone, so that a hard-wrapped body line reading "top" stays.
Bracketed broadcast quotations "[Name / Title : words]" are never furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# -- names and addresses -----------------------------------------------------------------------
_NAME = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
_KO_NAME = r"[가-힣]{2,4}"
# Cloudflare replaces e-mail addresses by "[email protected]" in scraped pages.
EMAIL_PLACEHOLDER = re.compile(r"\[\s*email(?:\s|&#160;|&nbsp;|\u00a0)+protected\s*\]",
                               re.IGNORECASE)
_EMAIL = r"(?:[\w.+-]+@[\w-]+\.[\w.-]+|\[\s*email(?:\s|&#160;|&nbsp;|\u00a0)+protected\s*\])"

# -- bylines -----------------------------------------------------------------------------------
_BYLINE_BY = re.compile(
    rf"^By\s+(?P<author>{_NAME})(?:,\s*[\w ]{{2,30}})?\s*(?:\(?{_EMAIL}\)?)?\s*$")
_BYLINE_EMAIL = re.compile(  # "Kim Min-ji minji@yna.co.kr", "Reporter Kim Min-ji ([email ...])"
    rf"^(?:(?:Reporter|Correspondent|Staff [Ww]riter|Written by)\s+)?(?P<author>{_NAME})"
    rf"(?:,\s*[\w ]{{2,30}})?\s*[(<]?{_EMAIL}[)>]?\s*$")
_BYLINE_KO = re.compile(rf"^(?P<author>{_KO_NAME})\s*(?:기자|특파원)\s*(?:[(<]?{_EMAIL}[)>]?)?\s*$")

# -- broadcast sign-offs -----------------------------------------------------------------------
_SIGN_OFF_REPORTS = re.compile(
    rf"^(?:Reporter|Correspondent)\s+(?P<author>{_NAME}),?\s+(?:reports|reporting)"
    rf"(?:\s+(?:from|for|in)\s+[A-Z][\w ]{{1,40}})?\s*\.?$")
_SIGN_OFF_THIS_IS = re.compile(r"^This is (?P<rest>[^.!?]{3,80}?)(?:,?\s+reporting)?\s*\.?$")
_SIGN_OFF_KO = re.compile(rf"^(?P<outlet>[A-Za-z0-9가-힣]{{2,12}}?)(?:\s?뉴스)?\s+"
                          rf"(?P<author>{_KO_NAME})(?:\s?기자)?입니다\.?$")
_OUTLET_WORDS = {"news", "radio", "tv", "television", "world", "network", "broadcasting",
                 "channel", "international", "service", "press", "agency", "daily", "times"}

# -- copyright ---------------------------------------------------------------------------------
_COPYRIGHT_MARK = re.compile(
    r"^[\s<\[(※]*(?:ⓒ|©|\(c\)|copyright\s*(?:ⓒ|©|\(c\)|(?:19|20)\d\d)|저작권자)",
    re.IGNORECASE)
_COPYRIGHT_ANYWHERE = re.compile(
    r"all rights reserved|무단\s*전재|재배포\s*금지|unauthorized reproduction", re.IGNORECASE)
_COPYRIGHT_OWNER = re.compile(
    r"^[\s<\[(※]*(?:copyright\b\s*)?(?:ⓒ|©|\(c\)|저작권자)?\s*(?:\(c\)|ⓒ|©)?\s*"
    r"(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s*)?"
    r"(?P<owner>[^.,|<>\[\]()©ⓒ]{2,60}?)\s*(?:(?:19|20)\d\d)?\s*(?:[.,|<>\[\]()]|all rights|무단|$)",
    re.IGNORECASE)

# -- tip-lines and social blocks ---------------------------------------------------------------
_TIP_LINE = re.compile(
    r"kakao\s*talk|카카오톡|카톡|your (?:reports?|tips?) (?:becomes?|make) (?:the )?news|"
    r"당신의 제보가 뉴스|제보하기|^\W*(?:send|share) (?:us )?(?:your )?(?:news )?tips?\b",
    re.IGNORECASE)
# a labelled number, or an unlabelled one in hyphenated phone form (not a table row of figures)
_PHONE_LINE = re.compile(
    r"^\W*(?:\[?\s*(?:phone|tel|telephone|fax|call|hotline|전화|팩스|☎)\s*\]?\s*[:：]?\s*"
    r"\+?\(?\d[\d\s().-]{6,}\d|\+?(?:\d{1,3}-)?\d{2,4}-\d{3,4}-\d{4}|\d{4}-\d{4})\W*$",
    re.IGNORECASE)
_EMAIL_LINE = re.compile(rf"^\W*\[?\s*(?:e-?mail|메일|이메일)\s*\]?\s*[:：]?\s*{_EMAIL}\s*$",
                         re.IGNORECASE)
_SOCIAL = re.compile(r"\b(?:facebook|twitter|instagram|youtube|telegram|linkedin|whatsapp|"
                     r"kakaostory|naver blog|line friends)\b", re.IGNORECASE)

# -- comment forms and spam-filter notices -----------------------------------------------------
_COMMENT_FORM = re.compile(
    r"^(?:leave a (?:comment|reply)\b.{0,60}|cancel reply|"
    r"your email address will not be published\b.*|required fields are marked\b.*|"
    r"(?:comment|name|e-?mail|website|message)\s*\*?\s*:?|"
    r"save my name, email, and website in this browser\b.*|(?:post|submit) (?:a )?comment|"
    r"this site uses akismet to reduce spam\b.*|learn how your comment data is processed\.?|"
    r"you must be logged in to post a comment\.?|\d+\s+comments?|comments?|"
    r"notify me of (?:follow-up comments|new posts)\b.*)$",
    re.IGNORECASE)

# -- menus, skip links, language switches ------------------------------------------------------
_STRONG_MENU = ["go to contents", "go to content", "skip to content", "skip to main content",
                "skip navigation", "skip to navigation", "toggle navigation", "main menu",
                "all menu", "본문 바로가기", "주메뉴 바로가기", "전체메뉴", "back to top",
                "font size"]
_WEAK_MENU = ["menu", "search", "close", "home", "login", "log in", "sign in", "sign up",
              "register", "subscribe", "print", "share", "top", "more", "sitemap", "site map",
              "rss", "previous", "next", "listen", "news", "sections", "메뉴", "검색", "로그인",
              "닫기", "english", "한국어", "日本語", "中文", "简体中文", "繁體中文", "español",
              "français", "deutsch", "русский", "العربية", "tiếng việt", "bahasa indonesia",
              "ภาษาไทย", "korean", "japanese", "chinese", "kor", "eng", "jpn", "chn", "en",
              "ko", "ja", "zh"]
_SEPARATORS = r"[\s|·•/›»,\u00b7\u2022]*"


def _phrases(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MENU_LINE = re.compile(rf"^{_SEPARATORS}(?:(?:{_phrases(_STRONG_MENU + _WEAK_MENU)})"
                        rf"{_SEPARATORS})+$", re.IGNORECASE)
_STRONG_MENU_RE = re.compile(_phrases(_STRONG_MENU), re.IGNORECASE)

# -- section tags ------------------------------------------------------------------------------
# "[정치]", "[Politics]", "[Anchor]" -- but never "[Kim Jong-un / leader : words]"
SECTION_TAG = re.compile(r"^\s*[\[【〔]\s*(?P<tag>[^\[\]【】〔〕:/：]{1,20}?)\s*[\]】〕]\s*")


@dataclass
class Furniture:
    """What the furniture said about the article."""

    author: str | None = None
    outlet: str | None = None
    removed: list[str] = field(default_factory=list)  # the kinds removed, in order


def remove_furniture(content: str) -> tuple[str, Furniture]:
    """The text without furniture lines (blank-line paragraph breaks kept) and what they held."""
    found = Furniture()
    lines = content.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kinds = [_strong_kind(line, found) for line in lines]
    for i, line in enumerate(lines):
        if kinds[i] is None and _MENU_LINE.match(line.strip()) and _weak_menu_stands_out(
                lines, kinds, i):
            kinds[i] = "menu"
    kept = []
    for line, kind in zip(lines, kinds):
        if kind is None:
            # a placeholder inside prose is not an address anyone can use: drop it
            kept.append(_SPACES.sub(" ", EMAIL_PLACEHOLDER.sub("", line)) if "protected" in line
                        else line)
        else:
            found.removed.append(kind)
    return "\n".join(kept), found


_SPACES = re.compile(r"(?<=\S)[ \t]{2,}")


def _strong_kind(line: str, found: Furniture) -> str | None:
    """The kind of strong furniture `line` is, recording its metadata; None for content."""
    text = line.strip()
    if not text or len(text) > 250:
        return None
    if _STRONG_MENU_RE.fullmatch(text) or (_MENU_LINE.match(text) and _STRONG_MENU_RE.search(text)):
        return "menu"
    if SECTION_TAG.fullmatch(text):
        return "section tag"
    if _COMMENT_FORM.match(text) and len(text) < 160:
        return "comment form"
    if is_copyright(text):
        found.outlet = found.outlet or copyright_owner(text)
        return "copyright"
    author = byline_author(text, require_email=True)
    if author:
        found.author = found.author or author
        return "byline"
    if _sign_off(text, found):
        return "sign-off"
    if len(text) <= 120 and (_TIP_LINE.search(text) or _PHONE_LINE.match(text)
                             or _EMAIL_LINE.match(text)):
        return "tip-line"
    if len(text) <= 60 and len(text.split()) <= 8 and _SOCIAL.search(text) \
            and not text.endswith((".", '"', "”")):
        return "social"
    if EMAIL_PLACEHOLDER.fullmatch(text):
        return "e-mail placeholder"
    return None


def _weak_menu_stands_out(lines: list[str], kinds: list[str | None], i: int) -> bool:
    """A weak menu word is furniture when a neighbouring line is furniture or blank, or when it
    is the first or last line of the text."""
    for j in (i - 1, i + 1):
        if j < 0 or j >= len(lines) or not lines[j].strip() or kinds[j] is not None \
                or _MENU_LINE.match(lines[j].strip()):
            return True
    return False


def is_copyright(text: str) -> bool:
    return len(text) < 200 and bool(_COPYRIGHT_MARK.match(text) or
                                    _COPYRIGHT_ANYWHERE.search(text))


def copyright_owner(text: str) -> str | None:
    """"Copyright ⓒ YTN. All rights reserved." -> "YTN"; "<저작권자(c) 연합뉴스, 무단 전재>" ->
    "연합뉴스"; None when the line names no owner."""
    if not _COPYRIGHT_MARK.match(text):
        return None
    m = _COPYRIGHT_OWNER.match(text)
    if not m:
        return None
    owner = m.group("owner").strip(" .,-–:")
    if not owner or re.search(r"rights|reserved|무단|금지|copyright", owner, re.IGNORECASE):
        return None
    return owner


def byline_author(text: str, require_email: bool = False) -> str | None:
    """The author of a byline ("By Jane Doe", "Kim Min-ji minji@yna.co.kr", "김민지 기자")."""
    has_email = bool(re.search(_EMAIL, text))
    if require_email and not has_email:
        m = _BYLINE_KO.match(text)
        return m.group("author") if m and text.rstrip().endswith(("기자", "특파원")) else None
    for pattern in (_BYLINE_BY, _BYLINE_EMAIL, _BYLINE_KO):
        m = pattern.match(text)
        if m:
            return m.group("author").strip()
    return None


def _sign_off(text: str, found: Furniture) -> bool:
    """Broadcast sign-offs: "Reporter Kim Min-ji reports.", "This is YTN Kim Min-ji.",
    "KBS 뉴스 김민지입니다." The outlet and the reporter's name become metadata."""
    m = _SIGN_OFF_REPORTS.match(text)
    if m:
        found.author = found.author or m.group("author")
        return True
    m = _SIGN_OFF_KO.match(text)
    if m:
        found.outlet = found.outlet or m.group("outlet").strip()
        found.author = found.author or m.group("author")
        return True
    m = _SIGN_OFF_THIS_IS.match(text)
    if m:
        split = _split_outlet_and_name(m.group("rest"))
        if split:
            found.outlet = found.outlet or split[0]
            found.author = found.author or split[1]
            return True
    return False


_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def _split_outlet_and_name(rest: str) -> tuple[str, str] | None:
    """"YTN Kim Min-ji" -> ("YTN", "Kim Min-ji"); "Arirang News' Kim Ji-yeon" ->
    ("Arirang News", "Kim Ji-yeon"). The outlet ends at an acronym, an outlet word or a
    possessive; the name is the 1-4 capitalised words after it."""
    words = rest.split()
    cut = None
    for i, word in enumerate(words[:-1]):
        bare = _POSSESSIVE.sub("", word)
        if (bare.isupper() and len(bare) >= 2) or bare.lower() in _OUTLET_WORDS or bare != word:
            cut = i + 1
    if cut is None:
        return None
    outlet = _POSSESSIVE.sub("", " ".join(words[:cut]))
    name = words[cut:]
    if not 1 <= len(name) <= 4 or not all(w[:1].isupper() for w in name):
        return None
    return outlet, " ".join(name)


def strip_section_tag(text: str) -> str:
    """"[Politics] N. Korea fires missile" -> "N. Korea fires missile"."""
    m = SECTION_TAG.match(text)
    return text[m.end():] if m and text[m.end():].strip() else text
