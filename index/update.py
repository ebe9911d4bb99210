"""``python -m index add``: add or replace articles in an index without re-reading the others (see ``add``)."""
from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from . import aliases as alias_mod
from . import store
from .corpus import Article, Skipped, corpus_files, doc_id_for, fingerprint, read_article
from .errors import IndexFormatError, NewsQAError
from .store import Index, build_lock, check_model, load
from .vectors import FLAT_MAX_ROWS, _set_ef, ef_search, vector_index

COMPACT_FRACTION = 0.1  # rebuild the HNSW graph once replaced articles' dead rows exceed this share of the rows


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

    from .lexical import load_tokens

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
        new_sents, new_spans, new_tokens = store._segment(kiwi, given, first_id=n_kept)
        tokens += new_tokens
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
        timing = {"read": round(read_s, 3), "tokenize": round(tokenize_s, 3), "embed": round(embed_s, 3),
                  "vectors": round(vector_s, 3), "vectors_rebuilt": rebuilt}
        manifest = store._manifest(corpus_dir, encoder, old.manifest["dim"], {**info, "dead_rows": dead},
                                   sentences + new_sents, {**spans, **new_spans}, skipped, fingerprint(corpus_dir),
                                   {"embed_seconds": round(embed_s, 3), "added": sorted(new_ids), "add_seconds": timing})
        return store._write(index_dir, manifest, vindex, sentences + new_sents, keep + given, alias_tables, tokens)
