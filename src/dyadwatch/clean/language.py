"""Language of a document and of each sentence: a script check first (Hangul, kana, Han,
Cyrillic, Arabic ...), then for Latin-script text a cheap English function-word test, and
lingua only where that test is unsure. Korean sentences and inline Korean quotes are thus told
apart from English ones without running a model on every sentence.

Codes are ISO 639-1 ("en", "ko", "ja", "zh", ...); "und" when nothing can be said (no letters).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_SCRIPTS = {  # letters of scripts whose language the script itself gives
    "ru": re.compile(r"[\u0400-\u04ff]"),
    "ar": re.compile(r"[\u0600-\u06ff]"),
    "hi": re.compile(r"[\u0900-\u097f]"),
    "th": re.compile(r"[\u0e00-\u0e7f]"),
}
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’|「[^」]*」")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD = re.compile(r"[A-Za-z']+")
# The commonest English function words: in English prose they are a third of the tokens; in
# other Latin-script languages only a few (a, in, on, ...) coincide.
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in a is that for it on was with as by at from he his its be are were has "
    "have had not this which or but an they their will would said been who after than also "
    "over into about more".split())
_ENGLISH_SHARE = 0.12  # at least this share of function words: English without asking lingua
_MIN_LINGUA_CONFIDENCE = 0.9
_MIN_LETTER_SHARE = 0.8  # below this a text is mostly figures (market tables, results)
_SAMPLE_CHARS = 1500
_LINGUA_SAMPLE_CHARS = 400  # enough for a confident answer; lingua is the costly step


def detect_language(text: str) -> str:
    """The document's language: its dominant script, else English when English function words
    are frequent, else lingua's answer when confident, else "en" (the model we run)."""
    sample = text[:_SAMPLE_CHARS]
    by_script = script_language(sample)
    if by_script is not None:
        return by_script
    return _latin_language(sample, default="en")


def sentence_language(text: str, document_language: str = "en") -> str:
    """A sentence's language, judged on its own words outside quotation marks, so that an
    English sentence quoting Korean words is English (the quote itself is Korean). Short
    Latin-script sentences take the document's language when it is a Latin one, since one
    clause is too little for a statistical guess."""
    frame = _QUOTED.sub(" ", text)
    if script_language(frame) != "und":  # something is left outside the quotes
        text = frame
    by_script = script_language(text)
    if by_script is not None:
        return by_script
    default = document_language if document_language not in _NON_LATIN else "en"
    if len(_WORD.findall(text)) < 8:
        return default
    return _latin_language(text, default=default)


def script_language(text: str) -> str | None:
    """"ko", "ja", "zh", ... when a non-Latin script has most of the letters; "und" for text
    without letters; None for Latin-script text (its language needs a closer look)."""
    if text.isascii():  # the common case, decided without counting
        return None if _LATIN.search(text) else "und"
    latin = len(_LATIN.findall(text))
    if latin > 2 * len(_NON_ASCII.findall(text)):
        return None
    hangul = len(_HANGUL.findall(text))
    kana = len(_KANA.findall(text))
    han = len(_HAN.findall(text))
    counts = {"ko": hangul, "ja": kana + (han if kana else 0), "zh": 0 if kana else han}
    counts.update({code: len(pattern.findall(text)) for code, pattern in _SCRIPTS.items()})
    best = max(counts, key=lambda code: counts[code])
    if counts[best] > latin:
        return best
    return "und" if latin == 0 else None


def has_hangul(text: str) -> bool:
    return bool(_HANGUL.search(text))


_NON_LATIN = {"ko", "ja", "zh", "ru", "ar", "hi", "th", "und"}


def _latin_language(text: str, default: str) -> str:
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return default
    share = sum(w in _ENGLISH_FUNCTION_WORDS for w in words) / len(words)
    if share >= _ENGLISH_SHARE:
        return "en"
    if len(words) < 10 or _letter_share(text) < _MIN_LETTER_SHARE:
        return default  # too short, or tables of figures: no statistical guess
    confidences = _detector().compute_language_confidence_values(text[:_LINGUA_SAMPLE_CHARS])
    if confidences and confidences[0].value >= _MIN_LINGUA_CONFIDENCE:
        return str(confidences[0].language.iso_code_639_1.name).lower()
    return default


def _letter_share(text: str) -> float:
    visible = [ch for ch in text[:_LINGUA_SAMPLE_CHARS] if not ch.isspace()]
    return sum(ch.isalpha() for ch in visible) / len(visible) if visible else 0.0


@lru_cache(maxsize=1)
def _detector() -> Any:
    """lingua over the Latin-script languages news reaches us in (other scripts are told by
    the script check); built on first use."""
    from lingua import Language, LanguageDetectorBuilder

    languages = [Language.ENGLISH, Language.SPANISH, Language.FRENCH, Language.GERMAN,
                 Language.PORTUGUESE, Language.ITALIAN, Language.DUTCH, Language.INDONESIAN,
                 Language.TAGALOG, Language.VIETNAMESE, Language.TURKISH]
    return LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models() \
        .build()
