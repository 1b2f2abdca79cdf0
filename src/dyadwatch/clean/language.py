"""Document language by script (issue 5 adds lingua per sentence)."""

from __future__ import annotations

import re

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> str:
    """'ko' when Hangul letters outnumber Latin ones, else 'en' (the only other model we run)."""
    sample = text[:5000]
    hangul = len(_HANGUL.findall(sample))
    latin = len(_LATIN.findall(sample))
    return "ko" if hangul > latin else "en"


def has_hangul(text: str) -> bool:
    return bool(_HANGUL.search(text))
