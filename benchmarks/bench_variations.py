"""The variation benchmark of issue 14: thousands of generated report files (tests/variations),
each through one to three variations of one half, analysed by the project's real loader
(`etl.extract.analyse`) and scored against the truth they were rendered from.

    .venv/bin/python benchmarks/bench_variations.py [--files 3000] [--seed 14] [--details]

Prints a Markdown report and writes it to benchmarks/results/variations.md: right / wrong /
missing values and refused / asked files for `tune` and `held_out` separately, per category and variation
for `tune`; `held_out` shows totals and per category only (the loader must not be tuned on its
variations) unless `--details`.
Wrong must be 0. A file counts in every category of its variations."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from variations.catalogue import CATEGORIES  # noqa: E402
from variations.corpus import make_case  # noqa: E402
from variations.phrasebook import HALVES  # noqa: E402
from variations.scorer import Report, Score, run  # noqa: E402

HALF_VI = {"tune": "tune (dùng để chỉnh bộ nạp)", "held_out": "held_out (giữ riêng, không dùng để chỉnh)"}


def pct(x: float) -> str:
    return f"{100 * x:.1f}".replace(".", ",") + " %"


def vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def row(name: str, s: Score) -> str:
    return (
        f"| {name} | {vn(s.files)} | {vn(s.values)} | {vn(s.right)} | **{vn(s.wrong)}** | {vn(s.missing)} "
        f"| {pct(s.right_share)} | {vn(s.refused)} | {vn(s.asked)} |"
    )


HEAD = (
    "| | tệp | giá trị | đúng | sai | thiếu | tỉ lệ đúng | tệp bị từ chối | tệp có câu hỏi |\n"
    "|---|---|---|---|---|---|---|---|---|"
)


def markdown(rep: Report, args, seconds: float) -> str:
    out = [
        "# Bộ biến thể: kết quả bộ nạp",
        "",
        f"{vn(args.files)} tệp sinh từ hạt giống {args.seed} ({dt.date.today():%d/%m/%Y}), mỗi tệp qua 1–3 biến thể "
        f"của một nửa; {seconds:.0f} s trên máy này ({os.cpu_count()} lõi). Giá trị *sai*: nạp khác sự thật, "
        "hoặc nạp cho năm/đơn vị/chỉ tiêu tệp không có — phải bằng 0. *Thiếu*: sự thật có mà không nạp "
        "(tệp bị từ chối, có câu hỏi `ask.`, hoặc không đọc được). Tỉ lệ đúng = đúng / (đúng + thiếu).",
        "",
        "## Theo nửa",
        "",
        HEAD,
    ]
    out += [row(HALF_VI[h], rep.halves[h]) for h in HALVES if h in rep.halves]
    refusals = {h: rep.halves[h] for h in HALVES if h in rep.halves}
    out += [
        "",
        "Tệp phải bị từ chối (đặt mật khẩu) và bị từ chối đúng lý do: "
        + "; ".join(
            f"{h} {vn(s.expected_refusals)}/{vn(s.expected_refusals + s.refusals_failed)}" for h, s in refusals.items()
        )
        + ".",
    ]
    for half in HALVES:
        # held_out by category only (which category to grow the tune half in); its variations
        # stay unread unless --details
        out += ["", f"## Theo nhóm biến thể — {half}", "", HEAD]
        out += [row(c, rep.categories[(half, c)]) for c in CATEGORIES if (half, c) in rep.categories]
        if half != "tune" and not args.details:
            continue
        out += ["", f"### Theo biến thể — {half}", "", HEAD]
        out += [row(n, s) for (h, n), s in sorted(rep.variations.items()) if h == half]
    for half in HALVES if args.details else ("tune",):
        examples = rep.examples_of(half)
        if examples:
            out += ["", f"## Ví dụ giá trị sai ({half}): một tệp cho mỗi biến thể, tệp ít biến thể nhất", ""]
            out += [f"- {e}" for e in dict.fromkeys(examples)]
    return "\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--details", action="store_true", help="held_out per category and every variation too")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "variations.md")
    args = ap.parse_args()
    rep = Report()
    t0 = time.perf_counter()
    for i in range(args.files):
        half = HALVES[i % 2]
        case = make_case(args.seed * 1_000_003 + i, half, n_variations=3)
        s = run(case)
        s.wrong_examples = s.wrong_examples[:1]  # one line per file keeps the examples varied
        rep.add(case, s)
        if (i + 1) % 500 == 0:
            print(f"… {i + 1} tệp, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    text = markdown(rep, args, time.perf_counter() - t0)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
