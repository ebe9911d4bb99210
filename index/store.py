"""The on-disk index: build, save atomically, load, and check freshness.

An index is a directory::

    manifest.json     format version, model id, dim, metric, rows, corpus fingerprint, versions, created_at
    vectors.faiss     faiss.IndexIDMap2 (ids = sentence ids, cosine on normalized vectors) over IndexFlatIP
                      up to ``flat_max_rows`` rows, over IndexHNSWFlat above (``index_type`` in the manifest)
    sentences.jsonl   one Sentence per row, row i has global id i
    articles.jsonl    one Article per row (full text, so citations are checkable offline)
    aliases.json      per article, the 한글(English) gloss table mined from its text
    bm25/             bm25s index over kiwipiepy morphemes + normalized number tokens

It is built into a temporary directory beside the target and moved into place,
so a crash mid-build leaves the previous index usable. A lock file keeps two
builds of the same target from clobbering each other. ``add`` re-segments and
embeds only the given article files and reuses every other row's stored vector.
Inner ids equal sentence ids in both index types (rows are added in id order),
so an article's vectors are one ``reconstruct_n`` range.
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
from .lexical import build_bm25, lex_tokens_batch, load_bm25, save_bm25
from .segment import Sentence, split_sentences

log = logging.getLogger(__name__)

FORMAT = "newsqa-index"
FORMAT_VERSION = 3  # bump whenever segmentation, alias mining or lexical tokens change what is stored
FLAT_MAX_ROWS = 50_000  # exact search up to here; HNSW above (see docs/SCALING.md)
HNSW_M, HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH = 32, 80, 128  # efSearch 128: recall@10 0.88 at 1M synthetic rows (64: 0.77)
FILES = ("manifest.json", "vectors.faiss", "sentences.jsonl", "articles.jsonl", "aliases.json", "bm25")


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


def vector_index(vecs: np.ndarray, flat_max_rows: int = FLAT_MAX_ROWS):
    """(IndexIDMap2 over vecs with ids 0..n-1, manifest fields): exact flat up to ``flat_max_rows``, else HNSW."""
    import faiss

    dim = vecs.shape[1]
    if len(vecs) <= flat_max_rows:
        inner, info = faiss.IndexFlatIP(dim), {"index_type": "flat"}
    else:
        inner = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        inner.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        info = {"index_type": "hnsw", "hnsw": {"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION,
                                               "efSearch": HNSW_EF_SEARCH}}
    vindex = faiss.IndexIDMap2(inner)
    vindex.add_with_ids(vecs, np.arange(len(vecs), dtype=np.int64))
    _set_ef(vindex, info)
    return vindex, info


def _set_ef(vindex, manifest: dict) -> None:
    if manifest.get("index_type") == "hnsw":
        import faiss

        faiss.downcast_index(vindex.index).hnsw.efSearch = int(manifest["hnsw"]["efSearch"])


def row_vectors(vindex, lo: int, hi: int) -> np.ndarray:
    """Stored vectors of sentence ids [lo, hi) (inner ids equal sentence ids, see the module docstring)."""
    import faiss

    if hi <= lo:
        return np.zeros((0, vindex.d), dtype=np.float32)
    return faiss.downcast_index(vindex.index).reconstruct_n(lo, hi - lo)


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
    import faiss

    alias_tables = {a.doc_id: alias_mod.table(alias_mod.mine(a.text)) for a in articles}
    bm25 = build_bm25(lex_tokens_batch(kiwi, [s.text for s in sentences]))
    vindex, info = vector_index(vecs, flat_max_rows)
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "model_id": encoder.model_id,
        "backend": getattr(encoder, "backend", None),
        "dim": int(vecs.shape[1]), "metric": "inner_product", **info, "rows": len(sentences),
        "corpus_dir": str(Path(corpus_dir).resolve()), "corpus_fingerprint": fp, "articles": spans,
        "skipped": [asdict(s) for s in skipped], "versions": _versions(),
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **extra,
    }
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        faiss.write_index(vindex, str(tmp / "vectors.faiss"))
        _write_jsonl(tmp / "sentences.jsonl", sentences)
        _write_jsonl(tmp / "articles.jsonl", articles)
        (tmp / "aliases.json").write_text(json.dumps(alias_tables, ensure_ascii=False), encoding="utf-8")
        save_bm25(bm25, tmp / "bm25")
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _swap_into_place(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Index(out_dir, manifest, vindex, sentences, {a.doc_id: a for a in articles}, alias_tables, bm25)


def add(index_dir: Path, files: list[Path], encoder, kiwi, flat_max_rows: int = FLAT_MAX_ROWS) -> Index:
    """Add or replace the articles in ``files`` (inside the index's corpus dir); other rows keep their vectors.

    Only the given files are segmented and embedded; aliases and BM25 are rebuilt over all rows.
    Every other corpus file must be unchanged since the index was built (else: add it too, or build).
    """
    index_dir = Path(index_dir)
    with build_lock(index_dir):
        old = load(index_dir)
        check_model(old.manifest, encoder.model_id)
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
        keep = [a for a in old.articles.values() if a.doc_id not in new_ids]
        keep.sort(key=lambda a: old.manifest["articles"][a.doc_id]["first"])
        sentences, spans, parts = [], {}, []
        for a in keep:  # renumber kept rows in their old order, reusing their vectors
            lo, hi = old.rows_of(a.doc_id)
            shift = len(sentences) - lo
            sentences += [replace(s, sent_id=s.sent_id + shift) for s in old.sentences[lo:hi]]
            spans[a.doc_id] = {**old.manifest["articles"][a.doc_id], "first": lo + shift}
            parts.append(row_vectors(old.vectors, lo, hi))
        given = [replace(a, path=str(corpus_dir / Path(a.path).name)) for a in given]
        new_sents, new_spans = _segment(kiwi, given, first_id=len(sentences))
        t0 = time.perf_counter()
        if new_sents:
            parts.append(encoder.encode_passages([s.text for s in new_sents]))
        embed_s = time.perf_counter() - t0
        vecs = np.ascontiguousarray(np.vstack(parts), dtype=np.float32)
        articles = keep + given
        skipped = [Skipped(**sk) for sk in old.manifest["skipped"] if Path(sk["path"]).name not in
                   {Path(a.path).name for a in given}]
        return _assemble(corpus_dir, index_dir, encoder, kiwi, articles, skipped, sentences + new_sents,
                         {**spans, **new_spans}, vecs, fingerprint(corpus_dir), flat_max_rows,
                         {"embed_seconds": round(embed_s, 3), "added": sorted(new_ids)})


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


def load(path: Path) -> Index:
    """Load an index directory; raises IndexNotFoundError / IndexFormatError."""
    import faiss

    path = Path(path)
    manifest = read_manifest(path)
    try:
        try:
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
    return Index(path, manifest, vindex, sentences, articles, alias_tables, bm25)


def consistent(manifest, vindex, sentences, articles) -> bool:
    """Rows, dimension, article ranges and every sentence offset agree with the manifest and the texts."""
    try:
        rows, dim, spans = manifest["rows"], manifest["dim"], manifest["articles"]
        if vindex.ntotal != rows or len(sentences) != rows or vindex.d != dim or set(spans) != set(articles):
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
