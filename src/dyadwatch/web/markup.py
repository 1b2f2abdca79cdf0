"""Cut a text into runs that carry the marks (evidence, trigger, quote, mention) covering them,
so a template can wrap each run in one element. Marks may overlap or nest (a quote inside an
event's evidence); runs never do. The text itself is left as is: the template escapes it."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    css: str                 # class name: evidence, trigger, quote, mention
    anchor: str | None = None  # element id given to the first run of this mark
    title: str | None = None   # tooltip


@dataclass
class Run:
    text: str
    classes: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)


def runs(text: str, marks: Iterable[Mark]) -> list[Run]:
    """`text` as consecutive runs; marks outside the text or empty are dropped."""
    kept = [mk for mk in marks if 0 <= mk.start < mk.end <= len(text)]
    cuts = sorted({0, len(text), *(mk.start for mk in kept), *(mk.end for mk in kept)})
    out: list[Run] = []
    for a, b in itertools.pairwise(cuts):
        run = Run(text[a:b])
        for mk in kept:
            if mk.start <= a and b <= mk.end:
                if mk.css not in run.classes:
                    run.classes.append(mk.css)
                if mk.anchor and mk.start == a:
                    run.anchors.append(mk.anchor)
                if mk.title and mk.title not in run.titles:
                    run.titles.append(mk.title)
        out.append(run)
    return out
