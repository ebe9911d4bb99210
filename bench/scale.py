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


def measure_size(n, base, qv, rng, default_threads, ms, efs):
    """Build HNSW at each M over the same n synthetic rows; recall@10 and latency at each efSearch."""
    import faiss

    from index import store

    vecs = synthetic(base, n, rng)
    sims = qv @ vecs.T  # brute-force reference
    exact = np.argpartition(-sims, K, axis=1)[:, :K]
    del sims
    flat = faiss.IndexFlatIP(vecs.shape[1])
    flat.add(vecs)
    flat_ms = time_searches(flat, qv, 1)
    del flat
    rows = []
    for m in ms:
        faiss.omp_set_num_threads(default_threads)
        t0 = time.perf_counter()
        hnsw, info = store.vector_index(vecs, flat_max_rows=0, hnsw_m=m)
        build_s = time.perf_counter() - t0
        rss_after = rss_mib()
        inner = faiss.downcast_index(hnsw.index)
        index_mib = (inner.hnsw.neighbors.size() * 4 + inner.hnsw.levels.size() * 4 + inner.hnsw.offsets.size() * 8
                     + vecs.nbytes) / 2**20
        for ef in efs:
            inner.hnsw.efSearch = ef
            faiss.omp_set_num_threads(default_threads)
            _, got = hnsw.search(qv, K)
            recall = float(np.mean([len(set(e) & set(g)) / K for e, g in zip(exact, got)]))
            one, dflt = time_searches(hnsw, qv, 1), time_searches(store.Vectors(hnsw, n, ef), qv, default_threads)
            rows.append({"rows": n, "M": m, "ef": ef, "build_s": build_s, "vec_mib": vecs.nbytes / 2**20,
                         "index_mib": index_mib, "rss_mib": rss_after, "recall": recall,
                         "p50_1": pct(one, 50), "p95_1": pct(one, 95), "p50_d": pct(dflt, 50), "p95_d": pct(dflt, 95),
                         "flat_p50": pct(flat_ms, 50), "flat_p95": pct(flat_ms, 95),
                         "chosen": m == store.HNSW_M and ef == store.ef_search(n)})
            print(f"  n={n} M={m} ef={ef} recall={recall:.3f} p95(1t)={rows[-1]['p95_1']:.2f} ms "
                  f"build={build_s:.1f}s", flush=True)
        faiss.omp_set_num_threads(default_threads)
        del hnsw
    return rows


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
        mem = load_memory(work / "idx")
        out = {"setup_s": setup_s, "mem": mem, "base_rows": len(sents)}
        new = articles[-1]
        shutil.copy(new.path, corpus / Path(new.path).name)
        mid = arts[len(arts) // 2]
        for what, path in (("new", corpus / Path(new.path).name), ("replace", Path(mid.path))):
            if what == "replace":  # the same article with one more sentence
                path.write_text(mid.text + "\n추가된 문장이다.\n", encoding="utf-8")
            t0 = time.perf_counter()
            idx = store.add(work / "idx", [path], encoder, kiwi)
            m = idx.manifest
            out[what] = {"rows": m["rows"], "type": m["index_type"], "add_s": time.perf_counter() - t0,
                         "dead": m["dead_rows"], "doc_rows": m["articles"][path.stem]["count"], **m["add_seconds"]}
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure_build(articles, kiwi, encoder, n_sentences: int) -> dict:
    """``store.build`` over distinct article files made from the real ones vs raw ``encode_passages`` on its sentences."""
    from index import store
    from index.corpus import load_corpus

    work = Path(tempfile.mkdtemp(prefix="newsqa-build-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        from index.segment import split_sentences

        pools = [[x.text for x in split_sentences(kiwi, a.doc_id, a.text) if x.kind == "body"] for a in articles]
        rng = np.random.default_rng(1)
        total, i = 0, 0
        while total < n_sentences:  # article i: a real title + 10 paragraphs of 3 real body sentences of that article
            j = i % len(articles)
            paras = [" ".join(rng.choice(pools[j], 3)) for _ in range(10)]
            text = f"{articles[j].title} ({i})\n\n" + "\n\n".join(paras) + "\n"
            (corpus / f"build{i:05d}.txt").write_text(text, encoding="utf-8")
            total += 31
            i += 1
        arts, _ = load_corpus(corpus)
        texts = [s.text for s in store._segment(kiwi, arts)[0]]
        raw, builds = [], []
        for _ in range(2):  # alternate, best of each: the machine is shared
            t0 = time.perf_counter()
            encoder.encode_passages(texts)
            raw.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            idx = store.build(corpus, work / "idx", encoder, kiwi)
            builds.append((time.perf_counter() - t0, idx.manifest["embed_seconds"]))
            assert idx.manifest["rows"] == len(texts)
        build_s, embed_s = min(builds)
        return {"articles": len(arts), "rows": len(texts), "raw_s": min(raw), "raw_all": raw, "build_s": build_s,
                "build_all": [b for b, _ in builds], "embed_s": embed_s, "ratio": build_s / min(raw)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def load_memory(index_dir: Path) -> dict:
    """RSS of a fresh process before and after ``store.load`` (index + sentence records + BM25), and file sizes."""
    import subprocess

    code = ("import sys, faiss, bm25s, numpy; from bench.scale import rss_mib; from index import store; "
            "a = rss_mib(); i = store.load(sys.argv[1]); b = rss_mib(); "
            "i.vectors.search(numpy.zeros((1, i.vectors.d), 'float32'), 10); print(a, b, rss_mib())")
    out = subprocess.run([sys.executable, "-c", code, str(index_dir)], capture_output=True, text=True, cwd=ROOT,
                         check=True).stdout.split()
    sizes = {p.name: sum(f.stat().st_size for f in ([p] if p.is_file() else p.rglob("*"))) / 2**20
             for p in Path(index_dir).iterdir()}
    return {"before": float(out[0]), "after": float(out[1]), "after_search": float(out[2]), "files_mib": sizes}


def write_section(path: Path, section: str, heading: str = "## Scale") -> None:
    """Replace the ``heading`` section of ``path`` (up to the next ``## `` heading), or append it."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    start = text.find(f"\n{heading}\n")
    if start < 0:
        text = text.rstrip("\n") + "\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end:] if end >= 0 else "")
    path.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,1000000", help="comma-separated row counts (default 100000,1000000)")
    ap.add_argument("--queries", type=int, default=200, help="real questions used as query vectors (default 200)")
    ap.add_argument("--max-build-seconds", type=float, default=360, help="skip (and extrapolate) sizes projected to build slower")
    ap.add_argument("--hnsw-m", default=str(32), help="comma-separated HNSW M values to build (default 32)")
    ap.add_argument("--ef", default="64,128,256,512,1024", help="comma-separated efSearch values to measure")
    ap.add_argument("--build-sentences", type=int, default=0,
                    help="also time store.build vs raw encode_passages over about this many real sentences")
    ap.add_argument("--add-rows", type=int, default=0, help="also time `store.add` of one article into an index of this many rows")
    ap.add_argument("--cache-dir", default=None, help="model cache (default: $NEWSQA_CACHE_DIR or the user cache)")
    ap.add_argument("--backend", default=None, help="embedding backend (default: $NEWSQA_BACKEND or onnx)")
    ap.add_argument("--no-write", action="store_true", help="print only; do not append to BENCHMARKS.md")
    a = ap.parse_args(argv)
    import faiss

    from index import store
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
    ms = [int(x) for x in a.hnsw_m.split(",")]
    efs = [int(x) for x in a.ef.split(",")]
    lines = [f"Encoder ({encoder.backend}): {rate:.1f} sentences/s on {len(texts)} real sentences "
             f"⇒ projected {1e5 / rate / 3600:.1f} h for 100k and {1e6 / rate / 3600:.1f} h for 1M sentences "
             f"(one process, this machine).",
             f"Vectors: SYNTHETIC — {len(texts)} real sentence vectors (dim {base.shape[1]}); every row a normalized "
             f"random convex combination of 2–3 of them + Gaussian noise (σ={NOISE} per dimension). Queries: {len(qv)} real "
             f"questions from tests/data/*.jsonl, encoded as queries. HNSW efConstruction={store.HNSW_EF_CONSTRUCTION}; "
             f"**bold** = the setting `store` picks for that size (M={store.HNSW_M}, efSearch by rows {store.EF_SEARCH_BY_ROWS}).",
             "", "| rows | M | efSearch | HNSW build s | vectors MiB | HNSW index MiB (vectors + links) | process RSS after build MiB | "
             f"recall@10 | HNSW p50/p95 ms (1 thread) | p50/p95 ms via `store.Vectors.search` (serving path, process has {threads} threads) | exact flat p50/p95 ms (1 thread) |",
             "|" + "---:|" * 11]
    done = []
    for n in [int(x) for x in a.sizes.split(",") if x]:
        if done:  # HNSW build ~ n log n: project from the largest size measured
            m = done[-1]
            proj = m["build_s"] * n / m["rows"] * math.log(n) / math.log(m["rows"])
            if proj > a.max_build_seconds * len(ms):
                lines.append(f"| {n:,} | | | *extrapolated* ~{proj:.0f} | {n * base.shape[1] * 4 / 2**20:.0f} | "
                             f"*~{m['index_mib'] * n / m['rows']:.0f}* | not built | | | | |")
                continue
        for r in measure_size(n, base, qv, rng, threads, ms, efs):
            done.append(r)
            b = "**" if r["chosen"] else ""
            lines.append(f"| {n:,} | {r['M']} | {b}{r['ef']}{b} | {r['build_s']:.1f} | {r['vec_mib']:.0f} | "
                         f"{r['index_mib']:.0f} | {r['rss_mib']:.0f} | {b}{r['recall']:.3f}{b} | "
                         f"{r['p50_1']:.2f} / {r['p95_1']:.2f} | {r['p50_d']:.2f} / {r['p95_d']:.2f} | "
                         f"{r['flat_p50']:.1f} / {r['flat_p95']:.1f} |")
        print("\n".join(lines[-len(ms) * len(efs):]), flush=True)
    if a.build_sentences:
        r = measure_build(articles, kiwi, encoder, a.build_sentences)
        lines += ["", f"Build throughput: `store.build` of {r['articles']} article files ({r['rows']:,} sentences: each file a "
                      f"real title + 10 paragraphs of 3 random real body sentences of the same article, so every "
                      f"paragraph is distinct) took {r['build_s']:.1f} s "
                      f"(best of {', '.join(f'{x:.1f}' for x in r['build_all'])} s; {r['rows'] / r['build_s']:.1f} "
                      f"sentences/s; embedding inside it {r['embed_s']:.1f} s, everything else "
                      f"{r['build_s'] - r['embed_s']:.1f} s); raw `encode_passages` on the same sentences {r['raw_s']:.1f} s "
                      f"(best of {', '.join(f'{x:.1f}' for x in r['raw_all'])} s, alternating with the builds) ⇒ "
                      f"**build / raw encoder = {r['ratio']:.3f}×**."]
    if a.add_rows:
        r = measure_add(a.add_rows, articles, kiwi, encoder, base, rng)
        mem = r["mem"]
        lines += ["", f"Incremental add (`store.add`, what `python -m index add` runs) into a synthetic "
                      f"{r['base_rows']:,}-row index (copies of real articles, synthetic vectors; writing it took "
                      f"{r['setup_s']:.1f} s):", "",
                  "| add | index type | rows after | add s total | read + check | segment + tokenize new | embed new | "
                  "vector index | write (rest) | dead rows | vector index rebuilt |", "|---|---|" + "---:|" * 9]
        for what, label in (("new", "one new article"), ("replace", "replace one article (+1 sentence)")):
            x = r[what]
            rest = x["add_s"] - x["read"] - x["tokenize"] - x["embed"] - x["vectors"]
            lines.append(f"| {label} ({x['doc_rows']} sentences) | {x['type']} | {x['rows']:,} | {x['add_s']:.1f} | "
                         f"{x['read']:.1f} | {x['tokenize']:.2f} | {x['embed']:.2f} | {x['vectors']:.2f} | {rest:.1f} | "
                         f"{x['dead']} | {'yes' if x['vectors_rebuilt'] else 'no'} |")
        f = mem["files_mib"]
        per_m = 1e6 / r["base_rows"]
        lines += ["", f"Memory of that {r['base_rows']:,}-row index in a fresh process (`store.load`): RSS "
                      f"{mem['before']:.0f} MiB after imports → {mem['after']:.0f} MiB loaded → "
                      f"{mem['after_search']:.0f} MiB after one search. "
                      f"Files: " + ", ".join(f"{k} {v:.1f} MiB" for k, v in sorted(f.items())) + ". "
                      f"Per million sentences, scaled ×{per_m:.0f} from this index: records + BM25 + aliases ≈ "
                      f"{(mem['after'] - mem['before']) * per_m / 1024:.2f} GiB of RSS (load delta, vectors included: faiss 1.15 reads vectors.faiss whole even with IO_FLAG_MMAP — same RSS both ways on a 100k HNSW file), "
                      f"files {sum(f.values()) * per_m / 1024:.2f} GiB on disk."]
    out = "\n".join(lines)
    print(out)
    if not a.no_write:
        cmd = "python -m bench.scale " + " ".join(shlex.quote(x) for x in (argv if argv is not None else sys.argv[1:]))
        head = (f"\n## Scale\n\nDate: {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}  \n"
                f"Machine: nproc={os.cpu_count()}, {platform.platform()}, faiss {faiss.__version__}, "
                f"load average {os.getloadavg()[0]:.2f}  \nCommand: `{cmd}`\n\n")
        write_section(ROOT / "BENCHMARKS.md", head + out + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
