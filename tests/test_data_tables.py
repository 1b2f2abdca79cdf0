"""The built-in data tables: CAMEO codebook, countries, IGOs, sectors and the verb lexicon."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, SHARED

from dyadwatch.actors import ActorKB
from dyadwatch.coding.cameo import CameoTable
from dyadwatch.coding.lexicon import VerbLexicon
from dyadwatch.coding.rules import CLAIM_OF_RESPONSIBILITY
from dyadwatch.errors import DataTableError

PLOVER_16 = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
             "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
             "ASSAULT"}
# CAMEO actor-type codes used for sectors (CAMEO codebook ch. 4 plus the GDELT additions).
SECTORS = {"GOV", "MIL", "OPP", "LEG", "JUD", "COP", "PTY", "REB", "BUS", "MED", "CVL", "EDU",
           "ELI", "HLH", "LAB", "AGR", "REL", "REF", "SPY", "CRM", "NGO", "UAF", "PRE", "PRM",
           "SOC", "IGO", "MNC", "ENV", "HRI", "INS", "MOD", "RAD", "SEP", "DEV", "JEW"}


def rows(name: str) -> list[dict[str, str]]:
    text = resources.files("dyadwatch.data").joinpath(name).read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def quad(root: str) -> int:
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4


# -- cameo.tsv ------------------------------------------------------------------------------------

def test_cameo_table_loads_with_all_codes() -> None:
    table = CameoTable.load()
    codes = list(table)
    assert len(codes) >= 311
    raw = [r["code"] for r in rows("cameo.tsv")]
    assert len(raw) == len(set(raw)), "duplicate codes in cameo.tsv"
    assert {c.code for c in codes} == set(raw)
    assert {f"{r:02d}" for r in range(1, 21)} <= set(raw)
    for sample in ("010", "041", "0211", "112", "150", "1823", "204"):
        assert sample in table


def test_every_code_has_quad_class_of_its_root_and_valid_fields() -> None:
    table = CameoTable.load()
    for code in table:
        assert code.code.isdigit() and 2 <= len(code.code) <= 4
        assert code.root == code.code[:2] and 1 <= int(code.root) <= 20
        assert table.quad_class(code.code) == quad(code.root), code.code
        assert -10.0 <= code.goldstein <= 10.0
        assert code.plover.type is None or code.plover.type in PLOVER_16, code
        assert code.name.strip()
        # Every sub-code sits under an existing parent code.
        if len(code.code) > 2:
            assert code.code[:-1] in table or code.code[:2] in table


def test_cameo_known_values() -> None:
    table = CameoTable.load()
    assert (table["041"].goldstein, table["041"].plover.type, table["041"].plover.mode) == (
        1.0, "CONSULT", "phone")
    assert (table["150"].goldstein, table.quad_class("150")) == (-7.2, 4)
    assert table["190"].plover.type == "ASSAULT"
    assert table["04"].plover.type == "CONSULT"
    with pytest.raises(DataTableError, match="unknown CAMEO code '999'"):
        table["999"]


def test_penta_scheme_and_unknown_scheme() -> None:
    penta = CameoTable.load("penta")
    assert [penta.quad_class(c) for c in ("010", "040", "060", "112", "190")] == [0, 1, 2, 3, 4]
    with pytest.raises(DataTableError, match="unknown QuadClass scheme"):
        CameoTable.load("hexa")


@pytest.mark.skipif(not (SHARED / "reference").is_dir(),
                    reason="../shared/reference (CAMEO reference files) is not present")
def test_cameo_table_matches_shared_reference() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "check_cameo_table.py"),
         "--reference", str(SHARED / "reference")],
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: 0 mismatch(es)" in result.stdout


# -- countries.tsv / igos.tsv ---------------------------------------------------------------------

def test_countries_have_unique_iso3_and_key_countries() -> None:
    countries = rows("countries.tsv")
    iso = [r["iso3"] for r in countries]
    assert len(iso) == len(set(iso)), [k for k, n in Counter(iso).items() if n > 1]
    assert all(len(c) == 3 and c.isupper() and c.isalpha() for c in iso)
    by_iso = {r["iso3"]: r for r in countries}
    assert {"KOR", "PRK", "USA", "JPN", "CHN", "RUS"} <= set(by_iso)
    assert by_iso["KOR"]["name"] == "South Korea" and "Seoul" in by_iso["KOR"]["capitals"]
    assert by_iso["PRK"]["name"] == "North Korea" and "Pyongyang" in by_iso["PRK"]["capitals"]
    assert len(countries) >= 190


def test_no_alias_names_two_entries() -> None:
    owner: dict[str, set[str]] = {}
    for r in rows("countries.tsv"):
        for col in ("name", "aliases", "demonyms", "capitals"):
            for alias in filter(None, (a.strip() for a in r[col].split("|"))):
                owner.setdefault(alias, set()).add(r["iso3"])
    for r in rows("igos.tsv"):
        for alias in filter(None, (a.strip() for a in [r["name"], r["id"],
                                                       *r["aliases"].split("|")])):
            owner.setdefault(alias, set()).add(r["id"])
    assert {a: ids for a, ids in owner.items() if len(ids) > 1} == {}


def test_igos_map_to_their_codes() -> None:
    igos = rows("igos.tsv")
    ids = [r["id"] for r in igos]
    assert len(ids) == len(set(ids))
    assert {r["code"] for r in igos} <= {"UNO", "EUR", "IGO", "NGO"}
    by_alias = {}
    for r in igos:
        for alias in [r["name"], r["id"], *r["aliases"].split("|")]:
            by_alias[alias] = r["code"]
    assert by_alias["UN Security Council"] == "UNO"
    assert by_alias["United Nations"] == "UNO"
    assert by_alias["EU"] == "EUR"
    assert by_alias["European Union"] == "EUR"
    assert by_alias["NATO"] == "IGO"
    assert by_alias["G20"] == "IGO"
    assert all(r["sector"] in SECTORS | {""} for r in igos)


def test_sectors_table() -> None:
    sectors = rows("sectors.tsv")
    assert {r["kind"] for r in sectors} <= {"noun", "title", "group"}
    assert {r["sector"] for r in sectors} <= SECTORS
    phrases = [r["phrase"].lower() for r in sectors]
    assert [p for p, n in Counter(phrases).items() if n > 1] == []


def test_actor_kb_loads() -> None:
    kb = ActorKB.load()
    assert kb.entries["KOR"].country == "KOR"
    assert kb.entries["UNSC"].country == "UNO"
    assert kb.sector_of("Foreign Ministry") == "GOV"
    assert kb.sector_of("lawmakers") == "LEG"
    assert kb.sector_of("zorblax") is None


# -- regions*.tsv ---------------------------------------------------------------------------------

def region_rows() -> list[dict[str, str]]:
    names = sorted(f.name for f in resources.files("dyadwatch.data").iterdir()
                   if f.name == "regions.tsv" or (f.name.startswith("regions_")
                                                  and f.name.endswith(".tsv")))
    return [r for name in names for r in rows(name)]


def test_regions_have_unique_ids_known_countries_and_no_country_aliases() -> None:
    regions = region_rows()
    assert len(regions) > 500
    ids = [r["id"] for r in regions]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    countries = rows("countries.tsv")
    iso = {r["iso3"] for r in countries}
    country_strings = {a.strip() for r in countries
                       for col in ("name", "aliases", "demonyms", "capitals")
                       for a in r[col].split("|") if a.strip()}
    owner: dict[str, set[str]] = {}
    for r in regions:
        assert r["id"].startswith(f"reg:{r['country']}:"), r["id"]
        assert r["country"] in iso, r["id"]
        aliases = [a.strip() for a in [r["name"], *r["aliases"].split("|")] if a.strip()]
        assert not set(aliases) & country_strings, (r["id"], set(aliases) & country_strings)
        for alias in aliases:
            owner.setdefault(alias, set()).add(r["id"])
    # A name shared by two regions (Punjab) is given to neither.
    assert {a: i for a, i in owner.items() if len(i) > 1} == {}
    by_alias = {a: next(iter(i)) for a, i in owner.items()}
    assert by_alias["Rakhine"] == "reg:MMR:rakhine"
    assert "Punjab" not in by_alias


# -- verbs.tsv ------------------------------------------------------------------------------------

def test_verb_lexicon_codes_exist_in_cameo_table() -> None:
    table = CameoTable.load()
    lexicon = VerbLexicon.load()
    patterns = {id(p): p for verb in lexicon.verbs for p in lexicon.candidates(verb)}.values()
    assert len(patterns) > 50
    for p in patterns:
        assert p.cameo in table, (p.line, p.cameo)
        assert p.solo is None or p.solo in table, (p.line, p.solo)
        # A pattern's events must carry a PLOVER type (the contract's plover.type is a str); a
        # claim of responsibility takes the type of the act claimed, so its row may have none.
        if p.cameo != CLAIM_OF_RESPONSIBILITY:
            assert table[p.cameo].plover.type is not None, (p.line, p.cameo)
    for verb in ("meet", "fire", "condemn", "criticize", "summon", "visit", "sanction"):
        assert lexicon.candidates(verb), verb


def test_our_korean_sentences_follow_the_guideline_and_keep_their_split() -> None:
    """training/korean/: every record well formed (sources and targets copied from the
    sentence, roots 01-20, the four modalities), and split.tsv is what the script writes."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("split_korean_set",
                                                  REPO / "scripts" / "split_korean_set.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    records = script.read_records()
    assert len(records) >= 250
    assert [p for r in records for p in script.problems_of(r)] == []
    split = dict(line.split("\t") for line in
                 (script.KOREAN_DIR / "split.tsv").read_text("utf-8").splitlines()[1:])
    assert split == {str(r["id"]): script.split_of(str(r["id"])) for r in records}
    assert {"dev", "test"} == set(split.values())
    bad = {"sentence": "북한은 미사일을 발사했다.", "events": [
        {"source": "남한", "source_country": "KOR", "target": None, "target_country": None,
         "cameo_root": "21", "modality": "planned"}]}
    assert len(script.problems_of(bad)) == 3


def test_the_korean_scorer_counts_triples_end_to_end(tmp_path: Path, pipeline: Any) -> None:
    """`dyadwatch eval --set korean` codes each sentence as a document and counts asserted
    (source, target, root) triples; a gold plan coded as asserted is counted apart."""
    from dyadwatch.eval.korean import score_korean

    def event(src: str, sc: str, tgt: str | None, tc: str | None, root: str,
              modality: str = "asserted") -> dict[str, Any]:
        return {"source": src, "source_country": sc, "target": tgt, "target_country": tc,
                "cameo_root": root, "modality": modality}

    records = [
        {"id": "t1", "sentence": "Japan condemned North Korea on Monday.",
         "events": [event("Japan", "JPN", "North Korea", "PRK", "11")]},
        {"id": "t2", "sentence": "North Korea will launch a satellite next week.",
         "events": [event("North Korea", "PRK", None, None, "15", "future")]},
        {"id": "t3", "sentence": "북한은 16일 탄도미사일을 발사했다.",
         "events": [event("북한", "PRK", None, None, "15")]},
        {"id": "d1", "sentence": "The weather was calm.", "events": []}]
    (tmp_path / "sentences_x.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    (tmp_path / "split.tsv").write_text("id\tsplit\nt1\ttest\nt2\ttest\nt3\ttest\nd1\tdev\n",
                                        encoding="utf-8")
    result = score_korean(pipeline, tmp_path)
    test = result["test"]
    assert (test["sentences"], test["sentences_with_event"]) == (3, 2)
    assert test["tp"] == 2 and test["fn"] == 0  # the condemnation and the launch found
    assert test["gold_not_asserted_coded_asserted"] == 0  # "will launch" stays a plan
    assert result["dev"]["sentences"] == 1 and result["dev"]["fp"] == 0
