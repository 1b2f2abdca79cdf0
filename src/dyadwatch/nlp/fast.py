"""Faster drop-in versions of two rule components of the English model, same output.

Profiling put about a third of the spaCy time in the attribute ruler (a general Matcher run over
every token for 179 one-token TAG/LOWER/DEP rules) and the lemmatizer (several Python calls per
token). Both are pure functions of a few token attributes, so we look the result up in a table
keyed by those attributes and fill it on first sight of a key, applying the model's own rules in
the model's own order; rules of other shapes still go through a (much smaller) Matcher.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

_RULE_KEYS = {"TAG", "LOWER", "DEP", "IS_SPACE"}  # all functions of (tag, lower, dep)


def speed_up(nlp: Language) -> Language:
    """Replace the attribute ruler and the lemmatizer of `nlp` by table-driven equivalents."""
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        if isinstance(ruler, AttributeRuler):
            _HANDOFF["attribute_ruler"] = FastAttributeRuler.from_ruler(ruler)
            nlp.replace_pipe("attribute_ruler", "dyadwatch_fast_attributes")
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        if isinstance(lemmatizer, Lemmatizer) and not lemmatizer.overwrite:
            _HANDOFF["lemmatizer"] = FastLemmatizer(lemmatizer)
            nlp.replace_pipe("lemmatizer", "dyadwatch_fast_lemmatizer")
    return nlp


# A one-token rule: (its order in the ruler, tests of attributes besides the tag, attributes to
# set)
_Test = tuple[str, Callable[[Any], bool]]
_Rule = tuple[int, tuple[_Test, ...], dict[Any, Any]]
_ANY_TAG = ""


class FastAttributeRuler:
    """The attribute ruler: its one-token rules indexed by tag, with the rules that apply cached
    per tag and the attributes that tag's rules read; its few multi-token rules ("gon na", "there is") still by a
    Matcher. As in spaCy, every rule is matched against the attributes as the tagger and parser
    left them, then the rules that matched a token apply in the ruler's order."""

    def __init__(self, by_tag: dict[str, list[_Rule]], matcher: Matcher | None,
                 multi: dict[int, tuple[int, dict[Any, Any]]]) -> None:
        self.by_tag = by_tag
        self.matcher = matcher
        self.multi = multi  # rule order -> (token index in the match, attrs)
        # which attributes the rules of a tag read: only those go into the cache key
        self.tested = {tag: {attr for _, tests, _ in rules for attr, _ in tests}
                       for tag, rules in by_tag.items()}
        self._cache: dict[tuple[Any, ...], tuple[tuple[int, dict[Any, Any]], ...]] = {}

    @classmethod
    def from_ruler(cls, ruler: AttributeRuler) -> FastAttributeRuler:
        by_tag: dict[str, list[_Rule]] = {}
        matcher = Matcher(ruler.vocab)
        multi: dict[int, tuple[int, dict[Any, Any]]] = {}
        for order, spec in enumerate(ruler.patterns):
            attrs = ruler.attrs[order]
            one_token = [_one_token_rule(p) for p in spec["patterns"]]
            if all(r is not None for r in one_token) and spec.get("index", 0) in (0, -1):
                for tags, rest in one_token:  # type: ignore[misc]
                    for tag in tags:
                        by_tag.setdefault(tag, []).append((order, rest, attrs))
            else:
                matcher.add(str(order), spec["patterns"])
                multi[order] = (spec.get("index", 0), attrs)
        anywhere = by_tag.pop(_ANY_TAG, [])
        merged = {tag: sorted(rules + anywhere, key=lambda r: r[0])
                  for tag, rules in by_tag.items()}
        merged[_ANY_TAG] = anywhere
        return cls(merged, matcher if multi else None, multi)

    def __call__(self, doc: Doc) -> Doc:
        extra: dict[int, list[tuple[int, dict[Any, Any]]]] = {}
        if self.matcher is not None:
            for match_id, start, end in self.matcher(doc, allow_missing=True):
                order = int(doc.vocab.strings[match_id])
                index, attrs = self.multi[order]
                extra.setdefault(doc[start:end][index].i, []).append((order, attrs))
        for token in doc:
            key = self._key(token)
            found = self._cache.get(key)
            if found is None:
                found = self._cache[key] = self._rules_for(token)
            if token.i in extra:
                found = tuple(sorted(found + tuple(extra[token.i]), key=lambda r: r[0]))
            for _, attrs in found:
                set_token_attrs(token, attrs)
        return doc

    def _key(self, token: Token) -> tuple[Any, ...]:
        tag = token.tag_
        tested = self.tested.get(tag) or self.tested[_ANY_TAG]
        return (tag, token.lower_ if "LOWER" in tested else None,
                token.dep_ if "DEP" in tested else None,
                token.is_space if "IS_SPACE" in tested else None)

    def _rules_for(self, token: Token) -> tuple[tuple[int, dict[Any, Any]], ...]:
        values = {"LOWER": token.lower_, "DEP": token.dep_, "IS_SPACE": token.is_space}
        rules = self.by_tag.get(token.tag_, self.by_tag[_ANY_TAG])
        return tuple((order, attrs) for order, rest, attrs in rules
                     if all(allowed(values[a]) for a, allowed in rest))


def _one_token_rule(pattern: list[dict[str, Any]]) -> tuple[list[str], tuple[_Test, ...]] | None:
    """(tags, other tests) of a one-token pattern over TAG, LOWER, DEP and IS_SPACE with a
    plain tag or tag list, else None."""
    if len(pattern) != 1 or not set(pattern[0]) <= _RULE_KEYS:
        return None
    tests = []
    for attr, value in pattern[0].items():
        if attr == "TAG":
            continue
        allowed = _allowed(value)
        if allowed is None:
            return None
        tests.append((attr, allowed))
    tag = pattern[0].get("TAG", _ANY_TAG)
    tags = [tag] if isinstance(tag, str) else list(tag.get("IN", ())) \
        if isinstance(tag, dict) and set(tag) == {"IN"} else None
    return (tags, tuple(tests)) if tags else None


def _allowed(value: Any) -> Callable[[Any], bool] | None:
    """A test for one attribute's value, for the pattern forms the English model uses."""
    if isinstance(value, (str, bool)):
        return value.__eq__
    if isinstance(value, dict) and len(value) == 1:
        (op, values), = value.items()
        if op == "IN":
            return frozenset(values).__contains__
        if op == "NOT_IN":
            return lambda v, excluded=frozenset(values): v not in excluded
    return None


class FastLemmatizer:
    """The model's rule lemmatizer, answers cached by (text, POS, morphology), the key spaCy's
    own rule lemmatizer caches by, and read and written as whole-Doc arrays (no Token object
    per token). A word of a part of speech the rule tables do not cover (PROPN, NUM, PUNCT...)
    never reaches the rules: its lemma is the word (PROPN) or the lower-cased word, as in
    `Lemmatizer.rule_lemmatize`, unless its morphology marks a base form (lower-cased)."""

    MAX_CACHE = 500_000  # keys grow with the vocabulary: start over past this many

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.lemmatize: Callable[[Token], list[str]] = lemmatizer.lemmatize
        self._cache: dict[tuple[int, int, int], int] = {}
        self._base_form: dict[tuple[int, int], bool] = {}
        tables = [lemmatizer.lookups.get_table(name, {})
                  for name in ("lemma_index", "lemma_exc", "lemma_rules")]
        # (a Table is keyed by string hashes: ask it about each universal POS by name)
        self._ruled_pos = {pos for pos in _UNIVERSAL_POS if any(t.get(pos) for t in tables)}
        self._rule_mode = getattr(lemmatizer, "mode", "rule") == "rule"

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        cache, strings = self._cache, doc.vocab.strings
        if len(cache) > self.MAX_CACHE:
            cache.clear()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma != 0:
                continue  # set by the attribute ruler ("'d" -> "would"), as spaCy keeps it
            key = (orth, pos, morph)
            found = cache.get(key)
            if found is None:
                found = cache[key] = strings.add(self._lemma(doc[i]))
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc

    def _lemma(self, token: Token) -> str:
        pos = token.pos_.lower()
        if not self._rule_mode or pos in self._ruled_pos or pos in ("", "eol", "space"):
            return self.lemmatize(token)[0]
        base = self._base_form.get((token.pos, token.morph.key))
        if base is None:
            base = self._base_form[(token.pos, token.morph.key)] = \
                bool(self.lemmatizer.is_base_form(token))
        return token.text if pos == "propn" and not base else token.lower_


_UNIVERSAL_POS = ("adj", "adp", "adv", "aux", "cconj", "conj", "det", "intj", "noun", "num", "part",
                  "pron", "propn", "punct", "sconj", "sym", "verb", "x")

# spaCy configs hold only JSON values, so the built component is handed to its factory here.
_HANDOFF: dict[str, Any] = {}


@Language.factory("dyadwatch_fast_attributes")
def _make_fast_attributes(nlp: Language, name: str) -> FastAttributeRuler:
    return _HANDOFF.pop("attribute_ruler")  # type: ignore[no-any-return]


@Language.factory("dyadwatch_fast_lemmatizer")
def _make_fast_lemmatizer(nlp: Language, name: str) -> FastLemmatizer:
    return _HANDOFF.pop("lemmatizer")  # type: ignore[no-any-return]
