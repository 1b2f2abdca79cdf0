"""The verb lexicon (data/verbs.tsv): which verb + object + preposition means which CAMEO code."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from dyadwatch.errors import DataTableError

ANY = "*"


@dataclass(frozen=True)
class VerbPattern:
    verbs: frozenset[str]
    particle: str | None
    objects: frozenset[str] | None  # None: any object or none
    preps: frozenset[str] | None  # None: the default target prepositions
    cameo: str
    solo: str | None  # code when only one party takes part (a drill held alone)
    reciprocal: bool
    line: int  # row in verbs.tsv, to explain a coding

    @property
    def specificity(self) -> int:
        return (2 if self.objects else 0) + (1 if self.particle else 0) + (1 if self.preps else 0)


class VerbLexicon:
    def __init__(self, patterns: list[VerbPattern]) -> None:
        self._by_verb: dict[str, list[VerbPattern]] = {}
        for pattern in patterns:
            for verb in pattern.verbs:
                self._by_verb.setdefault(verb, []).append(pattern)
        for candidates in self._by_verb.values():
            candidates.sort(key=lambda p: -p.specificity)

    @classmethod
    def load(cls) -> VerbLexicon:
        text = resources.files("dyadwatch.data").joinpath("verbs.tsv").read_text("utf-8")
        rows = [(i, line) for i, line in enumerate(text.splitlines(), start=1)
                if line.strip() and not line.startswith("#")]
        header = rows[0][1].split("\t")
        patterns = []
        for lineno, line in rows[1:]:
            fields = line.split("\t")
            if len(fields) != len(header):
                raise DataTableError(f"verbs.tsv line {lineno}: expected {len(header)} columns")
            row = dict(zip(header, fields))
            patterns.append(VerbPattern(
                verbs=frozenset(row["verb"].lower().split("|")),
                particle=None if row["particle"] == ANY else row["particle"],
                objects=None if row["object"] == ANY else frozenset(row["object"].lower().split("|")),
                preps=None if row["prep"] == ANY else frozenset(row["prep"].split("|")),
                cameo=row["cameo"],
                solo=None if row["solo"] == ANY else row["solo"],
                reciprocal=row["reciprocal"] == "yes",
                line=lineno,
            ))
        return cls(patterns)

    def candidates(self, lemma: str) -> list[VerbPattern]:
        return self._by_verb.get(lemma.lower(), [])

    def candidates_for(self, lemma: str, form: str) -> list[VerbPattern]:
        """Patterns for a verb token; falls back to simple de-inflection of the word form when
        the lemmatizer errs (spaCy's small model lemmatizes "staged" as "stag")."""
        found = self.candidates(lemma)
        if found:
            return found
        form = form.lower()
        for stem in (form[:-1], form[:-2], form[:-3], form[:-3] + "e"):
            if form.endswith(("d", "s", "ing")) and stem in self._by_verb:
                return self._by_verb[stem]
        return []

    @property
    def verbs(self) -> set[str]:
        return set(self._by_verb)
