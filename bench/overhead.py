"""``python -m bench.overhead``: what the answer-quality pipeline costs over plain dense retrieval.

In one process, over the gold questions of the given sets, alternating per question:
- dense only: encode the question, FAISS top-40 (what "dense-only retrieval" does, nothing else);
- full: ``engine.ask`` (alias/glossary expansion, the bridged second embedding, BM25, features, spans,
  abstention).
Prints p50/p95 of both and of the difference, per set. Each number is a real run on this machine.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

SETS = [("tests/data/seed_ko.jsonl", "corpus"), ("tests/data/battery_ko.jsonl", "tests/data/articles"),
        ("tests/data/ecb_en.jsonl", "tests/data/articles"),
        ("tests/data/heldout/heldout_ko.jsonl", "tests/data/heldout/articles")]


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * (len(xs) - 1))))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.overhead", description=__doc__.splitlines()[0])
    ap.add_argument("--cache-dir", type=Path, default=Path(os.environ.get("NEWSQA_CACHE_DIR", ".cache")))
    ap.add_argument("--backend", default=os.environ.get("NEWSQA_BACKEND", "onnx"))
    ap.add_argument("--rounds", type=int, default=3, help="passes over each set (default 3)")
    ap.add_argument("--no-write", action="store_true", help="print only; do not update BENCHMARKS.md")
    a = ap.parse_args(argv)

    from index.embed import set_default_backend
    from index.settings import default_index_dir
    from qa.engine import Engine
    from qa.retrieve import dense_search

    set_default_backend(a.backend)
    start_load = os.getloadavg()[0]
    print(f"load average at start: {start_load:.2f}; backend {a.backend}; {a.rounds} rounds")
    print(f"{'set':<28} {'n':>4} {'dense p50':>10} {'dense p95':>10} {'full p50':>9} {'full p95':>9} {'Δp50 ms':>8}")
    rows_md = []
    for path, corpus in SETS:
        corpus = Path(corpus)
        engine = Engine.open(default_index_dir(a.cache_dir, corpus), None, a.cache_dir, corpus=corpus, rebuild_stale=True)
        rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
        qs = [r["q"] for r in rows if not r.get("history")]
        for q in qs[:3]:  # warm-up
            engine.ask(q)
        dense, full = [], []
        for _ in range(a.rounds):
            for q in qs:
                t = time.perf_counter()
                vec = engine.encoder.encode_queries([q])[0]
                dense_search(engine.index, vec, 40)
                dense.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                engine.ask(q)
                full.append((time.perf_counter() - t) * 1000)
        d50, f50 = statistics.median(dense), statistics.median(full)
        print(f"{Path(path).stem:<28} {len(qs):>4} {d50:>10.1f} {pct(dense, 95):>10.1f} {f50:>9.1f} "
              f"{pct(full, 95):>9.1f} {f50 - d50:>8.1f}")
        rows_md.append(f"| {Path(path).stem} | {len(qs)} | {d50:.1f} / {pct(dense, 95):.1f} | {f50:.1f} / {pct(full, 95):.1f} "
                       f"| {f50 - d50:.1f} |")
    end_load = os.getloadavg()[0]
    print(f"load average at end: {end_load:.2f}")
    if not a.no_write:
        from bench.scale import write_section

        section = (f"\n## Answer pipeline overhead\n\nDate: {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}  \n"
                   f"Command: `python -m bench.overhead --rounds {a.rounds}` (backend {a.backend}; load average "
                   f"{start_load:.2f} at start, {end_load:.2f} at end)\n\n"
                   "Per question, same process, alternating: *dense only* = encode + FAISS top-40; *full* = `engine.ask` "
                   "(expansion, bridged second embedding, BM25, features, spans, abstention). Target (issue 3): the "
                   "median grows by at most 10 ms.\n\n"
                   "| set | questions | dense only p50 / p95 ms | full p50 / p95 ms | Δ p50 ms |\n|---|---:|---:|---:|---:|\n"
                   + "\n".join(rows_md) + "\n")
        write_section(Path(__file__).resolve().parent.parent / "BENCHMARKS.md", section, "## Answer pipeline overhead")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
