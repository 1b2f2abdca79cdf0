"""The CAMEO codebook as data: names, Goldstein values, QuadClass and the PLOVER crosswalk.

The table (data/cameo.tsv) is ours, written from the published GDELT CAMEO list, GDELT's Goldstein
table and PLOVER's CAMEO2PLOVER crosswalk (see data/README.md)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources

from dyadwatch.errors import DataTableError
from dyadwatch.records import Plover

# GDELT's QuadClass by CAMEO root (the default) and Schrodt's PentaClass as an alternative.
QUAD_SCHEMES: dict[str, dict[str, int]] = {
    "gdelt": {f"{r:02d}": (1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4)
              for r in range(1, 21)},
    "penta": {f"{r:02d}": (0 if r <= 2 else 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4)
              for r in range(1, 21)},
}


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    plover: Plover

    @property
    def root(self) -> str:
        return self.code[:2]


class CameoTable:
    """Lookup of CAMEO codes; built once and passed to the coder."""

    def __init__(self, codes: dict[str, CameoCode], quad_scheme: str = "gdelt") -> None:
        if quad_scheme not in QUAD_SCHEMES:
            raise DataTableError(f"unknown QuadClass scheme {quad_scheme!r}; "
                                 f"choose one of {', '.join(QUAD_SCHEMES)}")
        self._codes = codes
        self._quad = QUAD_SCHEMES[quad_scheme]

    @classmethod
    def load(cls, quad_scheme: str = "gdelt") -> CameoTable:
        text = resources.files("dyadwatch.data").joinpath("cameo.tsv").read_text("utf-8")
        codes: dict[str, CameoCode] = {}
        for row in csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE):
            context = tuple(c for c in (row.get("plover_context") or "").split(";") if c)
            codes[row["code"]] = CameoCode(
                code=row["code"],
                name=row["name"],
                goldstein=float(row["goldstein"]),
                plover=Plover(type=row.get("plover_type") or None,
                              mode=row.get("plover_mode") or None, context=context),
            )
        if len(codes) < 300:
            raise DataTableError(f"cameo.tsv has only {len(codes)} codes; the table is damaged")
        return cls(codes, quad_scheme)

    def __contains__(self, code: str) -> bool:
        return code in self._codes

    def __getitem__(self, code: str) -> CameoCode:
        try:
            return self._codes[code]
        except KeyError:
            raise DataTableError(f"unknown CAMEO code {code!r}") from None

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._codes.values())

    def quad_class(self, code: str) -> int:
        return self._quad[code[:2]]
