"""Writing a dyad series: rich table, CSV, JSON and a matplotlib PNG."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

COLUMNS = ("period", "n_events", "q1", "q2", "q3", "q4", "goldstein_sum", "goldstein_mean",
           "index", "trend", "change_point", "n_assessments", "assessment_polarity")


def to_csv(result: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(result["points"])
    return out.getvalue()


def to_json(result: dict[str, Any]) -> str:
    return json.dumps(result, ensure_ascii=False, indent=1, default=str) + "\n"


def print_table(result: dict[str, Any], console: Any) -> None:
    """The series as a table, then the relationship assessments (what an analyst reads
    first) and the trend line."""
    from rich import box
    from rich.table import Table

    arrow = "<->" if result["undirected"] else "->"
    table = Table(title=f"{result['source']} {arrow} {result['target']} by {result['by']} "
                        f"({result['modality']} {result['unit']})", box=box.SIMPLE_HEAD,
                  padding=(0, 1), pad_edge=False)
    # Q1 verbal cooperation, Q2 material cooperation, Q3 verbal conflict, Q4 material conflict
    heads = ("period", "n", "Q1", "Q2", "Q3", "Q4", "G sum", "G mean", "index", "trend",
             "chg", "assessed")
    rows = [(p["period"], str(p["n_events"]), str(p["q1"]), str(p["q2"]), str(p["q3"]),
             str(p["q4"]), f"{p['goldstein_sum']:+.1f}", _num(p["goldstein_mean"]),
             _num(p["index"]), p["trend"] or "", "yes" if p["change_point"] else "",
             f"{p['n_assessments']} ({p['assessment_polarity']:+.2f})" if p["n_assessments"]
             else "") for p in result["points"]]
    for i, h in enumerate(heads):  # wide enough for every cell: never truncate a number
        width = max([len(h)] + [len(r[i]) for r in rows])
        table.add_column(h, justify="left" if h in ("period", "trend", "chg") else "right",
                         no_wrap=True, min_width=width)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    console.print("Q1 verbal cooperation, Q2 material cooperation, Q3 verbal conflict, "
                  "Q4 material conflict; G = Goldstein; index = (Q1+2Q2-Q3-2Q4)/(2n)")
    trend = result["trend"]
    console.print(f"trend: {trend['direction'] or 'n/a'} (slope {_num(trend['slope'])} per "
                  f"{result['by']}); change points: {', '.join(trend['change_points']) or 'none'}"
                  f"; {result['n_undated']} events dated too coarsely for the {result['by']}")
    if result["assessments"]:
        console.print("Relationship assessments:", style="bold")
        for a in result["assessments"]:
            holder = f" [{a['holder_text']}]" if a["holder_text"] else ""
            console.print(f"  {a['date'] or '?'} {a['party1_country']}-{a['party2_country']} "
                          f"{a['polarity']:+.2f} {a['trend'] or ''}{holder}: "
                          f"{a['sentence'].strip()}", markup=False, highlight=False)


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:+.2f}"


def plot(result: dict[str, Any], path: str | Path) -> None:
    """Two panels sharing the time axis: stacked event counts by QuadClass above, the
    cooperation-conflict index (and assessment polarity) below, change points marked."""
    import matplotlib

    matplotlib.use("Agg")  # files only; never a display
    import matplotlib.pyplot as plt

    points = result["points"]
    labels = [p["period"] for p in points]
    xs = list(range(len(points)))
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(max(8, 0.45 * len(points) + 3), 7),
                                      sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    arrow = "\u2194" if result["undirected"] else "\u2192"
    fig.suptitle(f"{result['source']} {arrow} {result['target']}: {result['modality']} "
                 f"{result['unit']} by {result['by']}", fontsize=13)
    bottoms = [0] * len(points)
    quads = (("q1", "verbal cooperation", "#7fbf7b"), ("q2", "material cooperation", "#1b7837"),
             ("q3", "verbal conflict", "#f4a582"), ("q4", "material conflict", "#b2182b"))
    for key, name, colour in quads:
        values = [p[key] for p in points]
        top.bar(xs, values, bottom=bottoms, color=colour, label=name, width=0.8)
        bottoms = [b + v for b, v in zip(bottoms, values)]
    top.set_ylabel("events")
    top.set_ylim(0, max(bottoms + [1]) * 1.3)  # headroom for the legend
    top.legend(loc="upper left", fontsize=8, ncol=2, frameon=False)
    top.grid(axis="y", alpha=0.3)
    top.yaxis.get_major_locator().set_params(integer=True)

    idx = [(x, p["index"]) for x, p in zip(xs, points) if p["index"] is not None]
    if idx:
        bottom.plot([x for x, _ in idx], [v for _, v in idx], "o-", color="#2166ac",
                    label="cooperation-conflict index")
    pol = [(x, p["assessment_polarity"]) for x, p in zip(xs, points)
           if p["assessment_polarity"] is not None]
    if pol:
        bottom.scatter([x for x, _ in pol], [v for _, v in pol], marker="D", color="#762a83",
                       zorder=3, label="assessment polarity (news says)")
    for x, p in zip(xs, points):
        if p["change_point"]:
            bottom.axvline(x, color="grey", linestyle="--", alpha=0.7)
    if any(p["change_point"] for p in points):
        bottom.plot([], [], color="grey", linestyle="--", label="change point")
    bottom.axhline(0, color="black", linewidth=0.8)
    bottom.set_ylim(-1.1, 1.1)
    bottom.set_ylabel("index (-1 conflict .. +1 coop.)")
    bottom.set_xlabel(result["by"])
    bottom.grid(alpha=0.3)
    bottom.legend(loc="lower left", fontsize=8, frameon=False)
    step = max(1, len(points) // 24)  # at most ~24 date labels
    bottom.set_xticks(xs[::step], labels[::step], rotation=45, ha="right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
