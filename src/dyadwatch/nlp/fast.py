"""Faster drop-in versions of two rule components of the English model, same output.

Profiling put about a third of the spaCy time in the attribute ruler (a general Matcher run over
every token for 179 one-token TAG/LOWER/DEP rules) and the lemmatizer (several Python calls per
token). Both are pure functions of a few token attributes, so we look the result up in a table
keyed by those attributes and fill it on first sight of a key, applying the model's own rules in
the model's own order; rules of other shapes still go through a (much smaller) Matcher.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs
from thinc.types import Ints2d

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
# The attributes a rule may set that are written back as arrays; a rule setting any other (TAG,
# DEP: one rule each in the English model) is applied to its token directly.
_SET_BY_ARRAY = [POS, MORPH, LEMMA]
_SET_BY_ARRAY_SET = frozenset(_SET_BY_ARRAY)
_COLUMN = {attr: k for k, attr in enumerate(_SET_BY_ARRAY)}


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
        self._cache: dict[tuple[Any, ...], Any] = {}  # key -> (rules, column writes)
        self._tested_by_hash: dict[int, set[str]] = {}
        self.anchors: list[tuple[int, frozenset[int]]] | None = None  # see _may_match

    @classmethod
    def from_ruler(cls, ruler: AttributeRuler) -> FastAttributeRuler:
        by_tag: dict[str, list[_Rule]] = {}
        matcher = Matcher(ruler.vocab)
        multi: dict[int, tuple[int, dict[Any, Any]]] = {}
        anchors: list[tuple[int, frozenset[int]] | None] = []
        for order, spec in enumerate(cast(list[dict[str, Any]], ruler.patterns)):
            attrs = ruler.attrs[order]
            one_token = [_one_token_rule(p) for p in spec["patterns"]]
            if all(r is not None for r in one_token) and spec.get("index", 0) in (0, -1):
                for tags, rest in one_token:  # type: ignore[misc]
                    for tag in tags:
                        by_tag.setdefault(tag, []).append((order, rest, attrs))
            else:
                matcher.add(str(order), spec["patterns"])
                multi[order] = (spec.get("index", 0), attrs)
                for pattern in spec["patterns"]:
                    anchors.append(_anchor(pattern, ruler.vocab))
        anywhere = by_tag.pop(_ANY_TAG, [])
        merged = {tag: sorted(rules + anywhere, key=lambda r: r[0])
                  for tag, rules in by_tag.items()}
        merged[_ANY_TAG] = anywhere
        ruled = cls(merged, matcher if multi else None, multi)
        ruled.anchors = None if None in anchors else anchors  # type: ignore[assignment]
        return ruled

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        # Read and write whole columns: a Token object per token costs more than the rules.
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE])
        extra: dict[int, list[tuple[int, dict[Any, Any]]]] = {}
        if self.matcher is not None and self._may_match(rows):
            for match_id, start, end in self.matcher(doc, allow_missing=True):
                order = int(doc.vocab.strings[match_id])
                index, attrs = self.multi[order]
                extra.setdefault(doc[start:end][index].i, []).append((order, attrs))
        values = doc.to_array(_SET_BY_ARRAY)
        for i, (tag, lower, dep, space) in enumerate(rows.tolist()):
            key = self._key(tag, lower, dep, space, doc)
            found = self._cache.get(key)
            if found is None:
                found = self._cache[key] = self._plan(self._rules_for(doc[i]))
            rules, columns = found
            if columns is not None and i not in extra:
                for column, value in columns:
                    values[i, column] = value
                continue
            token = doc[i]  # multi-token rules, TAG or DEP: spaCy's own setter
            for _, attrs in sorted(rules + tuple(extra.get(i, ())), key=lambda r: r[0]):
                set_token_attrs(token, attrs)
            values[i] = (token.pos, _morph_key(token), token.lemma)
        doc.from_array(_SET_BY_ARRAY, cast(Ints2d, values))
        return doc

    def _may_match(self, rows: Any) -> bool:
        """Can a multi-token rule match? Each needs a token with one of a few words or
        relations (its anchor: "gon", "let", an "expl"...), so most docs skip the Matcher."""
        if self.anchors is None:
            return True
        columns = {LOWER: set(rows[:, 1].tolist()), DEP: set(rows[:, 2].tolist())}
        return any(not values.isdisjoint(columns[attr]) for attr, values in self.anchors)

    @staticmethod
    def _plan(rules: tuple[tuple[int, dict[Any, Any]], ...]
              ) -> tuple[tuple[tuple[int, dict[Any, Any]], ...], tuple[tuple[int, int], ...] | None]:
        """The rules, and the (column, value) writes they amount to when they set only
        array attributes (later rules overwrite earlier ones), else None."""
        writes: dict[int, int] = {}
        for _, attrs in rules:
            if set(attrs) - _SET_BY_ARRAY_SET:
                return rules, None
            for attr, value in attrs.items():
                writes[_COLUMN[attr]] = value
        return rules, tuple(writes.items())

    def _key(self, tag: int, lower: int, dep: int, space: int, doc: Doc) -> tuple[Any, ...]:
        tested = self._tested_by_hash.get(tag)
        if tested is None:
            name = doc.vocab.strings[tag] if tag else ""
            tested = self._tested_by_hash[tag] = self.tested.get(name) or self.tested[_ANY_TAG]
        return (tag, lower if "LOWER" in tested else None, dep if "DEP" in tested else None,
                space if "IS_SPACE" in tested else None)

    def _rules_for(self, token: Token) -> tuple[tuple[int, dict[Any, Any]], ...]:
        values = {"TAG": token.tag_, "LOWER": token.lower_, "DEP": token.dep_,
                  "IS_SPACE": token.is_space}
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
        if attr == "TAG" and not (isinstance(value, dict) and set(value) == {"NOT_IN"}):
            continue  # a plain tag or tag list: the rule is filed under its tags
        allowed = _allowed(value)
        if allowed is None:
            return None
        tests.append((attr, allowed))
    tag = pattern[0].get("TAG", _ANY_TAG)
    tags = [tag] if isinstance(tag, str) else list(tag.get("IN", ())) \
        if isinstance(tag, dict) and set(tag) == {"IN"} else [_ANY_TAG] \
        if isinstance(tag, dict) and set(tag) == {"NOT_IN"} else None
    return (tags, tuple(tests)) if tags else None


def _anchor(pattern: list[dict[str, Any]], vocab: Any) -> tuple[int, frozenset[int]] | None:
    """(LOWER or DEP, the string hashes one of which a match needs) from the first token spec
    of `pattern` that names its word or relation outright, else None (always run the Matcher)."""
    for spec in pattern:
        for name, attr in (("LOWER", LOWER), ("DEP", DEP)):
            value = spec.get(name)
            words = [value] if isinstance(value, str) else value.get("IN") \
                if isinstance(value, dict) and set(value) == {"IN"} else None
            if words:
                return attr, frozenset(vocab.strings.add(w) for w in words)
    return None


def _allowed(value: Any) -> Callable[[Any], bool] | None:
    """A test for one attribute's value, for the pattern forms the English model uses."""
    if isinstance(value, (str, bool)):
        return value.__eq__
    if isinstance(value, dict) and len(value) == 1:
        (op, values), = value.items()
        if op == "IN":
            return frozenset(values).__contains__
        if op == "NOT_IN":
            excluded = frozenset(values)

            def not_in(v: Any) -> bool:
                return v not in excluded
            return not_in
        if op == "REGEX":
            pattern = re.compile(values)

            def matches(v: Any) -> bool:
                return pattern.search(v) is not None
            return matches
    return None


def _morph_key(token: Token) -> int:
    """The hash of the token's morphology (spaCy's type stubs omit MorphAnalysis.key)."""
    return cast(int, cast(Any, token.morph).key)


class FastLemmatizer:
    """The model's rule lemmatizer, answers cached by (text, POS, morphology), the key spaCy's
    own rule lemmatizer caches by, and read and written as whole-Doc arrays (no Token object
    per token). A word of a part of speech the rule tables do not cover (PROPN, NUM, PUNCT...)
    never reaches the rules: its lemma is the word (PROPN) or the lower-cased word, as in
    `Lemmatizer.rule_lemmatize`, unless its morphology marks a base form (lower-cased)."""

    MAX_CACHE = 500_000  # keys grow with the vocabulary: start over past this many

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
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
        doc.from_array([LEMMA], cast(Ints2d, lemmas.reshape(-1, 1)))
        return doc

    def _lemma(self, token: Token) -> str:
        pos = token.pos_.lower()
        if not self._rule_mode or pos in self._ruled_pos or pos in ("", "eol", "space"):
            return self.lemmatizer.lemmatize(token)[0]
        key = (token.pos, _morph_key(token))
        base = self._base_form.get(key)
        if base is None:
            base = self._base_form[key] = \
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
