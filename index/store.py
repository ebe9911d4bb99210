"""The on-disk index: build, save atomically, load, and check freshness.

An index is a directory::

    manifest.json     format version, model id, dim, metric, rows, corpus fingerprint, versions, created_at
    vectors.faiss     faiss.IndexIDMap2 (ids = sentence ids, cosine on normalized vectors) over IndexFlatIP
                      up to ``flat_max_rows`` rows, over IndexHNSWFlat above (``index_type`` in the manifest)
    sentences.jsonl   one Sentence per row, row i has global id i
    articles.jsonl    one Article per row (full text, so citations are checkable offline)
    aliases.json      per article, the 한글(English) gloss table mined from its text
    lex_tokens.npz    every row's BM25 tokens (vocab + ids + offsets), so ``add`` tokenizes only new articles
    bm25/             bm25s index over kiwipiepy morphemes + normalized number tokens

It is built into a temporary directory beside the target and moved into place,
so a crash mid-build leaves the previous index usable. A lock file keeps two
builds of the same target from clobbering each other. ``add`` segments, tokenizes
and embeds only the given article files (see ``add`` for what happens to the
vector index). An HNSW graph cannot delete, so after ``add`` replaced an article
its old rows stay in the graph with id -1 (``dead_rows`` in the manifest) and
``Vectors.search`` filters them out; the graph is rebuilt when they pass
``COMPACT_FRACTION`` of the rows.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

from . import aliases as alias_mod
from .corpus import Article, Skipped, corpus_files, doc_id_for, fingerprint, load_corpus, read_article
from .errors import IndexFormatError, IndexNotFoundError, ModelMismatchError, NewsQAError, StaleIndexError
from .lexical import lex_tokens_batch, load_bm25
from .segment import Sentence, split_sentences

log = logging.getLogger(__name__)

FORMAT = "newsqa-index"
FORMAT_VERSION = 4  # bump whenever segmentation, alias mining, lexical tokens or the files change (v4: lex_tokens.npz, dead_rows)
FLAT_MAX_ROWS = 50_000  # exact search up to here; HNSW above (see docs/SCALING.md)
HNSW_M, HNSW_EF_CONSTRUCTION = 32, 80
EF_SEARCH_BY_ROWS = ((200_000, 256), (None, 512))  # (up to rows, efSearch): see docs/SCALING.md
COMPACT_FRACTION = 0.1  # rebuild the HNSW graph once replaced articles' dead rows exceed this share of the rows


def ef_search(rows: int) -> int:
    """efSearch for an HNSW index of ``rows`` rows (recall@10 >= 0.95 on the scale benchmark)."""
    return next(ef for limit, ef in EF_SEARCH_BY_ROWS if limit is None or rows <= limit)
FILES = ("manifest.json", "vectors.faiss", "sentences.jsonl", "articles.jsonl", "aliases.json", "lex_tokens.npz", "bm25")


@dataclass
class Index:
    path: Path
    manifest: dict
    vectors: object = field(repr=False)  # faiss index
    sentences: list[Sentence] = field(repr=False)
    articles: dict[str, Article] = field(repr=False)
    aliases: dict[str, dict[str, list[str]]] = field(repr=False, default_factory=dict)
    bm25: object = field(repr=False, default=None)

    def rows_of(self, doc_id: str) -> tuple[int, int]:
        """[first, last+1) sentence ids of one article (they are contiguous)."""
        r = self.manifest["articles"][doc_id]
        return r["first"], r["first"] + r["count"]


class Vectors:
    """The faiss index of the live rows 0..rows-1; rows of replaced articles (id -1) are never returned.

    ``search`` / ``reconstruct`` / ``ntotal`` / ``d`` are what retrieval uses; ``raw`` is the faiss index.
    """

    def __init__(self, raw, rows: int, ef: int | None = None):
        self.raw, self.rows, self.ef = raw, rows, ef
        self.dead = raw.ntotal - rows

    @property
    def ntotal(self) -> int:
        return self.rows

    @property
    def d(self) -> int:
        return self.raw.d

    def search(self, q: np.ndarray, k: int):
        if not self.dead:
            return self.raw.search(q, k)
        import faiss

        params = faiss.SearchParametersHNSW()
        params.sel = faiss.IDSelectorRange(0, self.rows)  # dead rows have id -1
        params.efSearch = self.ef or ef_search(self.rows)
        return self.raw.search(q, k, params=params)

    def reconstruct(self, i: int) -> np.ndarray:
        return self.raw.reconstruct(int(i))

    def __getattr__(self, name):  # anything else: the faiss index
        return getattr(self.raw, name)


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    def v(dist):  # metadata only: importing sentence_transformers would pull in torch
        try:
            return version(dist)
        except PackageNotFoundError:
            return None

    return {"faiss": v("faiss-cpu"), "kiwipiepy": v("kiwipiepy"), "sentence_transformers": v("sentence-transformers"),
            "onnxruntime": v("onnxruntime")}


@contextmanager
def build_lock(out_dir: Path):
    """Exclusive lock next to ``out_dir``; a second concurrent build fails fast."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out_dir.parent / f".{out_dir.name}.lock"
    with open(lock_path, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise NewsQAError(f"another build of {out_dir} is running (lock {lock_path}); wait for it to finish") from None
        yield


def _write_jsonl(path: Path, rows) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(asdict(r), ensure_ascii=False) + "\n")


def vector_index(vecs: np.ndarray, flat_max_rows: int = FLAT_MAX_ROWS, hnsw_m: int = HNSW_M):
    """(IndexIDMap2 over vecs with ids 0..n-1, manifest fields): exact flat up to ``flat_max_rows``, else HNSW."""
    import faiss

    dim = vecs.shape[1]
    if len(vecs) <= flat_max_rows:
        inner, info = faiss.IndexFlatIP(dim), {"index_type": "flat"}
    else:
        inner = faiss.IndexHNSWFlat(dim, hnsw_m, faiss.METRIC_INNER_PRODUCT)
        inner.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        info = {"index_type": "hnsw", "hnsw": {"M": hnsw_m, "efConstruction": HNSW_EF_CONSTRUCTION,
                                               "efSearch": ef_search(len(vecs))}}
    vindex = faiss.IndexIDMap2(inner)
    vindex.add_with_ids(vecs, np.arange(len(vecs), dtype=np.int64))
    _set_ef(vindex, info)
    return vindex, info


def _set_ef(vindex, manifest: dict) -> None:
    if manifest.get("index_type") == "hnsw":
        import faiss

        faiss.downcast_index(vindex.index).hnsw.efSearch = int(manifest["hnsw"]["efSearch"])


def row_vectors(vindex, lo: int, hi: int) -> np.ndarray:
    """Stored vectors of sentence ids [lo, hi) (``Vectors`` or a faiss IndexIDMap2)."""
    raw = getattr(vindex, "raw", vindex)
    if hi <= lo:
        return np.zeros((0, raw.d), dtype=np.float32)
    return raw.reconstruct_batch(np.arange(lo, hi, dtype=np.int64))


def _segment(kiwi, articles: list[Article], first_id: int = 0) -> tuple[list[Sentence], dict]:
    sentences: list[Sentence] = []
    spans = {}
    for art in articles:
        first = first_id + len(sentences)
        for s in split_sentences(kiwi, art.doc_id, art.text):
            sentences.append(Sentence(s.doc_id, first_id + len(sentences), s.text, s.start, s.end, s.kind,
                                      s.para_start, s.para_end))
        spans[art.doc_id] = {"first": first, "count": first_id + len(sentences) - first, "title": art.title}
    return sentences, spans


def build(corpus_dir: Path, out_dir: Path, encoder, kiwi, progress: bool = False,
          flat_max_rows: int = FLAT_MAX_ROWS) -> Index:
    """Segment, embed and index every article in ``corpus_dir`` into ``out_dir``."""
    corpus_dir, out_dir = Path(corpus_dir), Path(out_dir)
    with build_lock(out_dir):
        fp = fingerprint(corpus_dir)
        articles, skipped = load_corpus(corpus_dir)
        sentences, spans = _segment(kiwi, articles)
        t0 = time.perf_counter()
        vecs = encoder.encode_passages([s.text for s in sentences], progress=progress)
        embed_s = time.perf_counter() - t0
        return _assemble(corpus_dir, out_dir, encoder, kiwi, articles, skipped, sentences, spans, vecs, fp,
                         flat_max_rows, {"embed_seconds": round(embed_s, 3)})


def _assemble(corpus_dir, out_dir, encoder, kiwi, articles, skipped, sentences, spans, vecs, fp, flat_max_rows,
              extra: dict) -> Index:
    """Aliases, BM25, vector index and manifest of a segmented, embedded corpus, written atomically to ``out_dir``."""
    alias_tables = {a.doc_id: alias_mod.table(alias_mod.mine(a.text)) for a in articles}
    tokens = lex_tokens_batch(kiwi, [s.text for s in sentences])
    vindex, info = vector_index(vecs, flat_max_rows)
    return _write(out_dir, _manifest(corpus_dir, encoder, int(vecs.shape[1]), info, sentences, spans, skipped, fp,
                                     extra), vindex, sentences, articles, alias_tables, tokens)


def _manifest(corpus_dir, encoder, dim, info, sentences, spans, skipped, fp, extra) -> dict:
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION, "model_id": encoder.model_id,
        "backend": getattr(encoder, "backend", None),
        "dim": dim, "metric": "inner_product", **info, "rows": len(sentences),
        "corpus_dir": str(Path(corpus_dir).resolve()), "corpus_fingerprint": fp, "articles": spans,
        "skipped": [asdict(s) if not isinstance(s, dict) else s for s in skipped], "versions": _versions(),
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **extra,
    }


def _write(out_dir: Path, manifest, vindex, sentences, articles, alias_tables, tokens) -> Index:
    """Write every file into a temporary directory beside ``out_dir`` and swap it into place."""
    import faiss

    from .lexical import build_bm25, save_bm25, save_tokens

    out_dir = Path(out_dir)
    bm25 = build_bm25(tokens)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        faiss.write_index(vindex, str(tmp / "vectors.faiss"))
        _write_jsonl(tmp / "sentences.jsonl", sentences)
        _write_jsonl(tmp / "articles.jsonl", articles)
        (tmp / "aliases.json").write_text(json.dumps(alias_tables, ensure_ascii=False), encoding="utf-8")
        save_tokens(tokens, tmp / "lex_tokens.npz")
        save_bm25(bm25, tmp / "bm25")
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _swap_into_place(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Index(out_dir, manifest, Vectors(vindex, manifest["rows"], manifest.get("hnsw", {}).get("efSearch")),
                 sentences, {a.doc_id: a for a in articles}, alias_tables, bm25)


def _check_add(old: Index, index_dir: Path, files) -> list[Article]:
    """The given files as Articles; raises unless every other corpus file is unchanged since the index was built."""
    corpus_dir = Path(old.manifest["corpus_dir"])
    given = []
    for f in files:
        f = Path(f).resolve()
        if f.parent != corpus_dir.resolve():
            raise NewsQAError(f"{f} is not in the index's corpus directory {corpus_dir}; copy it there first")
        got = read_article(f)
        if isinstance(got, Skipped):
            raise NewsQAError(f"cannot add {got.path}: {got.reason}")
        given.append(got)
    new_ids = {a.doc_id for a in given}
    if len(new_ids) != len(given):
        raise NewsQAError("two of the given files map to the same doc id; rename one")
    old_skipped = {Path(sk["path"]).name for sk in old.manifest["skipped"]}
    for p in corpus_files(corpus_dir):
        if p.resolve() in {Path(a.path) for a in given}:
            continue
        got = read_article(p)
        if isinstance(got, Skipped) and p.name in old_skipped:
            continue
        kept = old.articles.get(getattr(got, "doc_id", None))
        if isinstance(got, Skipped) or kept is None or kept.text != got.text or got.doc_id in new_ids:
            raise NewsQAError(f"{p} changed since the index was built; add it too, or run: "
                              f"python -m index build {corpus_dir} --out {index_dir}")
    present = {doc_id_for(p) for p in corpus_files(corpus_dir)}
    gone = sorted(set(old.articles) - present)
    if gone:
        raise NewsQAError(f"article(s) {', '.join(gone)} were removed from {corpus_dir}; run: "
                          f"python -m index build {corpus_dir} --out {index_dir}")
    return [replace(a, path=str(corpus_dir / Path(a.path).name)) for a in given]


def add(index_dir: Path, files: list[Path], encoder, kiwi, flat_max_rows: int = FLAT_MAX_ROWS,
        compact_fraction: float = COMPACT_FRACTION) -> Index:
    """Add or replace the articles in ``files`` (inside the index's corpus dir) without re-reading the others.

    Only the given files are segmented, tokenized and embedded. Kept rows keep their order (renumbered past a
    replaced article), their vectors, BM25 tokens and alias tables; new rows go at the end, so the result has
    the same rows in the same order as a fresh build of the corpus would (BM25 is re-indexed from the stored
    tokens). The vector index: new rows are added to it; a replaced article's old rows are removed from a flat
    index (rebuilt from the stored vectors) and left in an HNSW graph as dead rows (id -1, filtered at search)
    until they pass ``compact_fraction`` of the rows, then the graph is rebuilt. Crossing ``flat_max_rows``
    rebuilds the vector index as HNSW. Every other corpus file must be unchanged (else: add it too, or build).
    """
    import faiss

    from .lexical import lex_tokens_batch, load_tokens

    index_dir = Path(index_dir)
    with build_lock(index_dir):
        t_start = time.perf_counter()
        old = load(index_dir, mmap=False)
        check_model(old.manifest, encoder.model_id)
        given = _check_add(old, index_dir, files)
        new_ids = {a.doc_id for a in given}
        old_tokens = load_tokens(index_dir / "lex_tokens.npz")
        if len(old_tokens) != old.manifest["rows"]:
            raise IndexFormatError(f"index at {index_dir} is inconsistent (lex_tokens.npz) — rebuild with: "
                                   f"python -m index build CORPUS_DIR --out {index_dir}")
        read_s = time.perf_counter() - t_start
        keep = sorted((a for a in old.articles.values() if a.doc_id not in new_ids),
                      key=lambda a: old.manifest["articles"][a.doc_id]["first"])
        sentences, spans, tokens = [], {}, []
        old_to_new = np.full(old.manifest["rows"], -1, dtype=np.int64)
        for a in keep:  # renumber kept rows in their old order, reusing everything stored
            lo, hi = old.rows_of(a.doc_id)
            shift = len(sentences) - lo
            old_to_new[lo:hi] = np.arange(lo + shift, hi + shift)
            sentences += old.sentences[lo:hi] if shift == 0 else [replace(s, sent_id=s.sent_id + shift)
                                                                  for s in old.sentences[lo:hi]]
            tokens += old_tokens[lo:hi]
            spans[a.doc_id] = {**old.manifest["articles"][a.doc_id], "first": lo + shift}
        n_kept = len(sentences)
        t0 = time.perf_counter()
        new_sents, new_spans = _segment(kiwi, given, first_id=n_kept)
        tokens += lex_tokens_batch(kiwi, [s.text for s in new_sents])
        alias_tables = {d: t for d, t in old.aliases.items() if d not in new_ids}
        alias_tables.update({a.doc_id: alias_mod.table(alias_mod.mine(a.text)) for a in given})
        tokenize_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        new_vecs = (encoder.encode_passages([s.text for s in new_sents]) if new_sents
                    else np.zeros((0, old.vectors.d), dtype=np.float32))
        embed_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        rows = n_kept + len(new_sents)
        raw = old.vectors.raw
        id_map = faiss.vector_to_array(raw.id_map)
        id_map = np.where(id_map >= 0, old_to_new[np.maximum(id_map, 0)], -1)
        dead = int((id_map < 0).sum())
        hnsw = old.manifest["index_type"] == "hnsw"
        if (rows > flat_max_rows) != hnsw or (dead and not hnsw) or dead > compact_fraction * rows:
            live = np.flatnonzero(old_to_new >= 0)  # old ids of kept rows, in new order
            vecs = np.vstack([raw.reconstruct_batch(live) if len(live) else new_vecs[:0], new_vecs])
            vindex, info = vector_index(np.ascontiguousarray(vecs, dtype=np.float32), flat_max_rows)
            dead, rebuilt = 0, True
        else:
            faiss.copy_array_to_vector(id_map.astype(np.int64), raw.id_map)
            raw.construct_rev_map()
            raw.add_with_ids(np.ascontiguousarray(new_vecs, dtype=np.float32), np.arange(n_kept, rows, dtype=np.int64))
            vindex, rebuilt = raw, False
            info = {k: old.manifest[k] for k in ("index_type", "hnsw") if k in old.manifest}
            if hnsw:
                info["hnsw"] = {**info["hnsw"], "efSearch": ef_search(rows)}
                _set_ef(vindex, info)
        vector_s = time.perf_counter() - t0
        corpus_dir = Path(old.manifest["corpus_dir"])
        skipped = [sk for sk in old.manifest["skipped"] if Path(sk["path"]).name not in
                   {Path(a.path).name for a in given}]
        manifest = _manifest(corpus_dir, encoder, old.manifest["dim"], {**info, "dead_rows": dead},
                             sentences + new_sents, {**spans, **new_spans}, skipped, fingerprint(corpus_dir),
                             {"embed_seconds": round(embed_s, 3), "added": sorted(new_ids),
                              "add_seconds": {"read": round(read_s, 3), "tokenize": round(tokenize_s, 3),
                                              "embed": round(embed_s, 3), "vectors": round(vector_s, 3),
                                              "vectors_rebuilt": rebuilt}})
        return _write(index_dir, manifest, vindex, sentences + new_sents, keep + given, alias_tables, tokens)


def _swap_into_place(tmp: Path, out_dir: Path) -> None:
    old = None
    if out_dir.exists():
        old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}-{time.time_ns()}"
        os.replace(out_dir, old)
    try:
        os.replace(tmp, out_dir)
    except OSError:
        if old is not None:
            os.replace(old, out_dir)  # put the previous index back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def read_manifest(path: Path) -> dict:
    path = Path(path)
    mpath = path / "manifest.json"
    if not mpath.exists():
        raise IndexNotFoundError(f"no index at {path} — run: python -m index build CORPUS_DIR --out {path}")
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise IndexFormatError(f"index manifest {mpath} is corrupt ({e}) — rebuild with: python -m index build CORPUS_DIR --out {path}") from None
    if not isinstance(manifest, dict):
        raise IndexFormatError(f"index manifest {mpath} is not a JSON object — rebuild with: python -m index build CORPUS_DIR --out {path}")
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise IndexFormatError(
            f"index at {path} has format {manifest.get('format')!r} v{manifest.get('format_version')}, "
            f"this version reads {FORMAT!r} v{FORMAT_VERSION} — rebuild with: python -m index build CORPUS_DIR --out {path}"
        )
    return manifest


def load(path: Path, mmap: bool = True) -> Index:
    """Load an index directory (vectors memory-mapped unless ``mmap`` is False); raises IndexNotFoundError / IndexFormatError."""
    import faiss

    path = Path(path)
    manifest = read_manifest(path)
    try:
        try:
            if not mmap:
                raise RuntimeError
            vindex = faiss.read_index(str(path / "vectors.faiss"), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)
        except RuntimeError:
            vindex = faiss.read_index(str(path / "vectors.faiss"))
        _set_ef(vindex, manifest)
        with open(path / "sentences.jsonl", encoding="utf-8") as fh:
            sentences = [Sentence(**json.loads(line)) for line in fh]
        with open(path / "articles.jsonl", encoding="utf-8") as fh:
            articles = {a.doc_id: a for a in (Article(**json.loads(line)) for line in fh)}
        alias_tables = json.loads((path / "aliases.json").read_text(encoding="utf-8"))
        bm25 = load_bm25(path / "bm25")
    except (OSError, RuntimeError, ValueError, TypeError, KeyError, EOFError, AttributeError) as e:
        raise IndexFormatError(f"index at {path} is damaged ({type(e).__name__}) — rebuild with: python -m index build CORPUS_DIR --out {path}") from None
    if not consistent(manifest, vindex, sentences, articles):
        raise IndexFormatError(f"index at {path} is inconsistent (rows, dimension, articles or offsets differ) — "
                               f"rebuild with: python -m index build CORPUS_DIR --out {path}")
    ef = manifest["hnsw"]["efSearch"] if manifest.get("index_type") == "hnsw" else None
    return Index(path, manifest, Vectors(vindex, manifest["rows"], ef), sentences, articles, alias_tables, bm25)


def consistent(manifest, vindex, sentences, articles) -> bool:
    """Rows, dimension, article ranges and every sentence offset agree with the manifest and the texts."""
    try:
        rows, dim, spans = manifest["rows"], manifest["dim"], manifest["articles"]
        dead = manifest.get("dead_rows", 0)
        if dead and manifest.get("index_type") != "hnsw":
            return False
        if vindex.ntotal != rows + dead or len(sentences) != rows or vindex.d != dim or set(spans) != set(articles):
            return False
        for doc_id, r in spans.items():
            text = articles[doc_id].text
            for s in sentences[r["first"]:r["first"] + r["count"]]:
                if s.doc_id != doc_id or text[s.start:s.end] != s.text:
                    return False
        return sum(r["count"] for r in spans.values()) == rows
    except (KeyError, TypeError, AttributeError):
        return False


def check_model(manifest: dict, model_id: str) -> None:
    if manifest["model_id"] != model_id:
        raise ModelMismatchError(
            f"index was built with model {manifest['model_id']!r} but {model_id!r} was asked for — "
            f"rebuild with: python -m index build --model {model_id}, or drop --model"
        )


def is_stale(manifest: dict, corpus_dir: Path) -> bool:
    return fingerprint(Path(corpus_dir)) != manifest["corpus_fingerprint"]


def check_fresh(manifest: dict, corpus_dir: Path, index_dir: Path) -> None:
    if is_stale(manifest, corpus_dir):
        raise StaleIndexError(
            f"corpus {corpus_dir} changed since the index was built — run: python -m index build {corpus_dir} --out {index_dir}"
        )
