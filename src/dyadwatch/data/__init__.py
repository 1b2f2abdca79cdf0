"""Built-in data tables (see README.md in this folder)."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("dyadwatch.data").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def country_names() -> dict[str, str]:
    """ISO alpha-3 code -> English short name, from the built-in countries table."""
    return {row["iso3"]: row["name"] for row in _rows("countries.tsv")}


@cache
def actor_country_codes() -> dict[str, str]:
    """Every code an actor's country may hold -> its name: the countries, then the codes of
    intergovernmental and non-governmental bodies (UNO, EUR, IGO, NGO)."""
    return {**country_names(), "UNO": "the United Nations and its bodies",
            "EUR": "the European Union and its bodies",
            "IGO": "other intergovernmental organisations",
            "NGO": "non-governmental organisations"}
