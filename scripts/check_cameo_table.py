#!/usr/bin/env python3
"""Check src/dyadwatch/data/cameo.tsv against the shared CAMEO reference files.

Checks that every code of the GDELT CAMEO list is in the table, that each Goldstein value equals
GDELT's, and that PLOVER type, mode and context equal the CAMEO2PLOVER crosswalk for every code the
crosswalk maps. Root codes (``04``) must carry the type of their crosswalk block; a root with two
blocks (``08``) may carry either. The 01x/02x rows, which the crosswalk leaves out, are checked
against the project's documented choice (see src/dyadwatch/data/README.md).

Standard library only. Exit status: 0 all checks pass, 1 a mismatch, 2 a file is missing or unreadable.

Example:
    python scripts/check_cameo_table.py --reference ../shared/reference
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_TABLE = REPO / "src" / "dyadwatch" / "data" / "cameo.tsv"
DEFAULT_REFERENCE = REPO.parent / "shared" / "reference"

COLUMNS = ["code", "name", "goldstein", "plover_type", "plover_mode", "plover_context"]
PLOVER_TYPES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}
# Documented project choice for codes the crosswalk does not cover (01x statements, 02x appeals):
# 02x -> REQUEST; 01x -> no PLOVER event except these three.
STATEMENT_TYPES = {"016": "REJECT", "018": "SUPPORT", "019": "SUPPORT"}
MAX_NAME = 60

Mapping = tuple[str, str, str]  # (type, mode, context joined by ";")


def read_gdelt_tsv(path: Path) -> dict[str, str]:
    """Read a two-column GDELT table with a header line; return {code: value}, both stripped."""
    out: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        if not line.strip():
            continue
        code, _, value = line.partition("\t")
        out[code.strip()] = value.strip()
    return out


def read_crosswalk(path: Path) -> tuple[dict[str, Mapping], dict[str, list[str]], list[str]]:
    """Parse CAMEO2PLOVER: `CODE: TYPE, mode, context # comment`, roots as `04: CONSULT`.

    Returns (code -> mapping, root -> block types in file order, notes on duplicate lines).
    """
    codes: dict[str, Mapping] = {}
    roots: dict[str, list[str]] = defaultdict(list)
    notes: list[str] = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if raw.startswith("~"):  # end marker
            break
        body = raw.split("#", 1)[0].strip()
        if not body:
            continue
        match = re.fullmatch(r"(\d{2,4})\s*:\s*(.*)", body)
        if match is None:
            raise ValueError(f"{path.name}:{lineno}: cannot parse {raw!r}")
        code, rest = match.groups()
        fields = [f.strip() for f in rest.split(",")]
        if len(code) == 2:
            roots[code].append(fields[0])
            continue
        if len(fields) != 3:
            raise ValueError(f"{path.name}:{lineno}: expected 3 fields, got {raw!r}")
        context = ";".join(c.strip() for c in fields[2].split(";") if c.strip())
        mapping = (fields[0], fields[1], context)
        if code in codes:
            same = "same" if codes[code] == mapping else "DIFFERENT"
            notes.append(f"crosswalk line {lineno}: code {code} repeated ({same} mapping)")
        codes[code] = mapping
    return codes, dict(roots), notes


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    header = lines[0].split("\t") if lines else []
    return header, [line.split("\t") for line in lines[1:]]


def check(table_path: Path, ref: Path) -> tuple[list[str], list[str]]:
    """Return (errors, summary lines)."""
    names = read_gdelt_tsv(ref / "CAMEO.eventcodes.txt")
    gold = read_gdelt_tsv(ref / "CAMEO.goldsteinscale.txt")
    xwalk, roots, notes = read_crosswalk(ref / "CAMEO2PLOVER-2021.txt")
    header, rows = read_table(table_path)

    errors: list[str] = []
    if header != COLUMNS:
        errors.append(f"header is {header}, expected {COLUMNS}")
    table: dict[str, list[str]] = {}
    for i, row in enumerate(rows, 2):
        if len(row) != len(COLUMNS):
            errors.append(f"line {i}: {len(row)} fields, expected {len(COLUMNS)}")
            continue
        if row[0] in table:
            errors.append(f"line {i}: duplicate code {row[0]}")
        table[row[0]] = row
    order = [r[0] for r in rows]
    if order != sorted(order):
        errors.append("rows are not sorted by code (as strings)")

    expected_codes = set(names) | set(xwalk)
    for code in sorted(expected_codes - set(table)):
        errors.append(f"{code}: missing from table")
    for code in sorted(set(table) - expected_codes):
        errors.append(f"{code}: not in the GDELT list nor the crosswalk")
    if set(names) != set(gold):
        notes.append("GDELT name and Goldstein lists hold different codes")

    for code, row in sorted(table.items()):
        _, name, goldstein, ptype, mode, context = row
        if not re.fullmatch(r"\d{2,4}", code):
            errors.append(f"{code!r}: code is not 2-4 digits")
            continue
        if not name or len(name) > MAX_NAME or "specified" in name.lower():
            errors.append(f"{code}: bad name {name!r}")
        # Goldstein: GDELT's value; codes only in the crosswalk take their 3-digit parent's.
        ref_code = code if code in gold else code[:3]
        try:
            if ref_code not in gold or float(goldstein) != float(gold[ref_code]):
                errors.append(f"{code}: goldstein {goldstein}, GDELT {gold.get(ref_code)}")
        except ValueError:
            errors.append(f"{code}: goldstein {goldstein!r} is not a number")
        if ptype and ptype not in PLOVER_TYPES:
            errors.append(f"{code}: unknown PLOVER type {ptype!r}")
        if context != context.strip() or "; " in context or " ;" in context:
            errors.append(f"{code}: context {context!r} has stray spaces")

        got = (ptype, mode, context)
        if code.startswith("01"):
            want_type = STATEMENT_TYPES.get(code, "")
            if ptype != want_type:
                errors.append(f"{code}: type {ptype!r}, documented choice {want_type!r}")
        elif code.startswith("02"):
            if ptype != "REQUEST":
                errors.append(f"{code}: type {ptype!r}, documented choice 'REQUEST'")
        elif len(code) == 2:
            if ptype not in roots.get(code, []):
                errors.append(f"{code}: root type {ptype!r}, crosswalk blocks {roots.get(code)}")
        elif code in xwalk:
            if got != xwalk[code]:
                errors.append(f"{code}: PLOVER {got}, crosswalk {xwalk[code]}")
        else:
            parent = code[:3]
            if parent in xwalk and got != xwalk[parent]:
                errors.append(f"{code}: no crosswalk row; PLOVER {got}, parent {xwalk[parent]}")
            notes.append(f"{code}: no crosswalk row, parent {parent} used")

    for root, types in sorted(roots.items()):
        if len(types) > 1:
            notes.append(f"crosswalk root {root} heads {len(types)} blocks: {', '.join(types)}")

    counts = Counter(r[3] or "(none)" for r in table.values())
    summary = [
        f"table: {table_path}",
        f"reference: {ref}",
        (
            f"rows: {len(table)} (GDELT codes {len(names)}, crosswalk codes {len(xwalk)}, "
            f"crosswalk-only {len(set(xwalk) - set(names))})"
        ),
        "plover_type: " + ", ".join(f"{t} {n}" for t, n in counts.most_common()),
        *(f"note: {n}" for n in notes),
    ]
    return errors, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--reference",
        type=Path,
        default=DEFAULT_REFERENCE,
        help="directory with the CAMEO reference files (default: %(default)s)",
    )
    parser.add_argument(
        "--table", type=Path, default=DEFAULT_TABLE, help="table to check (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    try:
        errors, summary = check(args.table, args.reference)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print("\n".join(summary))
    for err in errors:
        print(f"MISMATCH {err}")
    print(f"{'FAIL' if errors else 'OK'}: {len(errors)} mismatch(es)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
