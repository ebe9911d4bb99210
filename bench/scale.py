"""``python -m bench.scale``: HNSW vs exact search at 100k / 1M rows, encoder throughput, incremental add.

Embedding a million sentences is out of reach on this machine, so the vectors are SYNTHETIC, derived from
real ones: every real sentence of the seed corpus and tests/data/articles is embedded once; each synthetic
row is a normalized random convex combination of 2-3 of those real vectors plus small Gaussian noise
(sigma ``NOISE`` per dimension). Queries are real: the ``q`` fields of tests/data/*.jsonl, encoded as
queries. Recall@10 is HNSW's top 10 against exact inner-product search over the same rows. Sizes whose
projected HNSW build time exceeds ``--max-build-seconds`` are not built; the extrapolation is printed,
labelled as such. Every other number is measured when the command runs.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
NOISE = 0.01
K = 10


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(xs, p):
    return float(np.percentile(np.asarray(xs), p)) if len(xs) else float("nan")


def real_articles():
    from index.corpus import read_article

    files = sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "tests/data/articles").glob("*.txt"))
    return [a for a in map(read_article, files) if hasattr(a, "doc_id")]


def questions(n: int) -> list[str]:
    qs = []
    for f in sorted((ROOT / "tests/data").glob("*.jsonl")):
        qs += [json.loads(line)["q"] for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    return list(dict.fromkeys(qs))[:n]


def synthetic(base: np.ndarray, n: int, rng) -> np.ndarray:
    """n normalized random convex combinations of 2-3 rows of ``base`` plus Gaussian noise."""
    out = np.empty((n, base.shape[1]), dtype=np.float32)
    for lo in range(0, n, 100_000):
        m = min(100_000, n - lo)
        parts = rng.integers(2, 4, size=m)
        idx = rng.integers(0, len(base), size=(m, 3))
        w = rng.dirichlet(np.ones(3), size=m).astype(np.float32)
        w[parts == 2, 2] = 0
        w /= w.sum(1, keepdims=True)
        v = np.einsum("mk,mkd->md", w, base[idx]) + rng.normal(0, NOISE, (m, base.shape[1])).astype(np.float32)
        out[lo:lo + m] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


def time_searches(index, q: np.ndarray, threads: int) -> list[float]:
    import faiss

    faiss.omp_set_num_threads(threads)
    ms = []
    for row in q:
        t0 = time.perf_counter()
        index.search(row.reshape(1, -1), K)
        ms.append((time.perf_counter() - t0) * 1000)
    return ms


def measure_size(n, base, qv, rng, default_threads):
    import faiss

    from index import store

    vecs = synthetic(base, n, rng)
    t0 = time.perf_counter()
    faiss.omp_set_num_threads(default_threads)
    hnsw, info = store.vector_index(vecs, flat_max_rows=0)
    build_s = time.perf_counter() - t0
    rss_after = rss_mib()
    inner = faiss.downcast_index(hnsw.index)
    index_mib = (inner.hnsw.neighbors.size() * 4 + inner.hnsw.levels.size() * 4 + inner.hnsw.offsets.size() * 8
                 + vecs.nbytes) / 2**20
    sims = qv @ vecs.T  # brute-force reference
    exact = np.argpartition(-sims, K, axis=1)[:, :K]
    del sims
    recall = {}
    for ef in (64, 128):
        inner.hnsw.efSearch = ef
        _, got = hnsw.search(qv, K)
        recall[ef] = float(np.mean([len(set(e) & set(g)) / K for e, g in zip(exact, got)]))
    inner.hnsw.efSearch = info["hnsw"]["efSearch"]
    one, dflt = time_searches(hnsw, qv, 1), time_searches(hnsw, qv, default_threads)
    flat = faiss.IndexFlatIP(vecs.shape[1])
    flat.add(vecs)
    flat_ms = time_searches(flat, qv, 1)
    faiss.omp_set_num_threads(default_threads)
    del hnsw, flat
    return {"rows": n, "build_s": build_s, "vec_mib": vecs.nbytes / 2**20, "index_mib": index_mib,
            "rss_mib": rss_after, "recall": recall[64], "recall128": recall[128],
            "p50_1": pct(one, 50), "p95_1": pct(one, 95), "p50_d": pct(dflt, 50), "p95_d": pct(dflt, 95),
            "flat_p50": pct(flat_ms, 50), "flat_p95": pct(flat_ms, 95), "ef": info["hnsw"]["efSearch"]}


def measure_add(rows, articles, kiwi, encoder, base, rng) -> dict:
    """store.add of one real article into a synthetic ``rows``-row index (copies of the real articles)."""
    from index import store
    from index.segment import split_sentences

    work = Path(tempfile.mkdtemp(prefix="newsqa-scale-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        src = [(a, split_sentences(kiwi, a.doc_id, a.text)) for a in articles[:-1]]
        arts, sents, spans, j = [], [], {}, 0
        while len(sents) < rows:
            a, ss = src[j % len(src)]
            doc = f"syn{j:06d}"
            path = corpus / f"{doc}.txt"
            path.write_text(a.text, encoding="utf-8")
            arts.append(type(a)(doc, a.title, str(path), a.text))
            spans[doc] = {"first": len(sents), "count": len(ss), "title": a.title}
            sents += [type(s)(doc, len(sents) + i, s.text, s.start, s.end, s.kind, s.para_start, s.para_end)
                      for i, s in enumerate(ss)]
            j += 1
        vecs = synthetic(base, len(sents), rng)
        t0 = time.perf_counter()
        store._assemble(corpus, work / "idx", encoder, kiwi, arts, [], sents, spans, vecs,
                        store.fingerprint(corpus), store.FLAT_MAX_ROWS, {})
        setup_s = time.perf_counter() - t0
        new = articles[-1]
        shutil.copy(new.path, corpus / Path(new.path).name)
        t0 = time.perf_counter()
        idx = store.add(work / "idx", [corpus / Path(new.path).name], encoder, kiwi)
        return {"rows": idx.manifest["rows"], "type": idx.manifest["index_type"], "add_s": time.perf_counter() - t0,
                "embed_s": idx.manifest["embed_seconds"], "setup_s": setup_s,
                "new_rows": idx.manifest["articles"][new.doc_id]["count"]}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,1000000", help="comma-separated row counts (default 100000,1000000)")
    ap.add_argument("--queries", type=int, default=200, help="real questions used as query vectors (default 200)")
    ap.add_argument("--max-build-seconds", type=float, default=360, help="skip (and extrapolate) sizes projected to build slower")
    ap.add_argument("--add-rows", type=int, default=0, help="also time `store.add` of one article into an index of this many rows")
    ap.add_argument("--cache-dir", default=None, help="model cache (default: $NEWSQA_CACHE_DIR or the user cache)")
    ap.add_argument("--backend", default=None, help="embedding backend (default: $NEWSQA_BACKEND or onnx)")
    ap.add_argument("--no-write", action="store_true", help="print only; do not append to BENCHMARKS.md")
    a = ap.parse_args(argv)
    import faiss

    from index.embed import load_encoder
    from index.segment import make_kiwi, split_sentences
    from index.settings import resolve

    s = resolve(cache_dir=a.cache_dir, backend=a.backend)
    encoder, kiwi = load_encoder(s.model, s.cache_dir, s.backend), make_kiwi()
    articles = real_articles()
    texts = [x.text for art in articles for x in split_sentences(kiwi, art.doc_id, art.text)]
    encoder.encode_passages(texts[:8])  # warm-up
    t0 = time.perf_counter()
    base = encoder.encode_passages(texts)
    rate = len(texts) / (time.perf_counter() - t0)
    qv = encoder.encode_queries(questions(a.queries))
    threads = faiss.omp_get_max_threads()
    rng = np.random.default_rng(0)
    lines = [f"Encoder ({encoder.backend}): {rate:.1f} sentences/s on {len(texts)} real sentences "
             f"⇒ projected {1e5 / rate / 3600:.1f} h for 100k and {1e6 / rate / 3600:.1f} h for 1M sentences "
             f"(one process, this machine).",
             f"Vectors: SYNTHETIC — {len(texts)} real sentence vectors (dim {base.shape[1]}); every row a normalized "
             f"random convex combination of 2–3 of them + Gaussian noise (σ={NOISE} per dimension). Queries: {len(qv)} real "
             f"questions from tests/data/*.jsonl, encoded as queries. HNSW M={32}, efConstruction=80, efSearch=64.",
             "", "| rows | HNSW build s | vectors MiB | HNSW index MiB (vectors + links) | process RSS after build MiB | recall@10 ef=64 / 128 | "
             f"HNSW p50/p95 ms (1 thread) | HNSW p50/p95 ms ({threads} threads) | exact flat p50/p95 ms (1 thread) |",
             "|" + "---:|" * 9]
    done = []
    for n in [int(x) for x in a.sizes.split(",")]:
        if done:  # HNSW build ~ n log n: project from the largest size measured
            m = done[-1]
            proj = m["build_s"] * n / m["rows"] * math.log(n) / math.log(m["rows"])
            if proj > a.max_build_seconds:
                lines.append(f"| {n:,} | *extrapolated* ~{proj:.0f} | {n * base.shape[1] * 4 / 2**20:.0f} | "
                             f"*~{m['index_mib'] * n / m['rows']:.0f}* | not built | | | | |")
                continue
        r = measure_size(n, base, qv, rng, threads)
        done.append(r)
        lines.append(f"| {n:,} | {r['build_s']:.1f} | {r['vec_mib']:.0f} | {r['index_mib']:.0f} | {r['rss_mib']:.0f} | "
                     f"{r['recall']:.3f} / {r['recall128']:.3f} | "
                     f"{r['p50_1']:.2f} / {r['p95_1']:.2f} | {r['p50_d']:.2f} / {r['p95_d']:.2f} | "
                     f"{r['flat_p50']:.1f} / {r['flat_p95']:.1f} |")
        print(lines[-1], flush=True)
    if a.add_rows:
        r = measure_add(a.add_rows, articles, kiwi, encoder, base, rng)
        lines += ["", f"`python -m index add` path (`store.add`) of one real article ({r['new_rows']} sentences) into a "
                      f"synthetic {r['rows'] - r['new_rows']:,}-row index ({r['type']}): {r['add_s']:.1f} s, of which "
                      f"embedding {r['embed_s']:.1f} s; the rest is reading the index, re-tokenizing every row for BM25, "
                      f"rebuilding the vector index and writing. (Writing the synthetic index took {r['setup_s']:.1f} s.)"]
    out = "\n".join(lines)
    print(out)
    if not a.no_write:
        cmd = "python -m bench.scale " + " ".join(shlex.quote(x) for x in (argv if argv is not None else sys.argv[1:]))
        head = (f"\n## Scale\n\nDate: {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}  \n"
                f"Machine: nproc={os.cpu_count()}, {platform.platform()}, faiss {faiss.__version__}, "
                f"load average {os.getloadavg()[0]:.2f}  \nCommand: `{cmd}`\n\n")
        with open(ROOT / "BENCHMARKS.md", "a", encoding="utf-8") as fh:
            fh.write(head + out + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
