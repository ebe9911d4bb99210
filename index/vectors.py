"""The vector side of an index: faiss index type and efSearch by size, and search that skips dead rows.

Exact ``IndexFlatIP`` up to ``FLAT_MAX_ROWS`` rows, ``IndexHNSWFlat`` above, both inside an
``IndexIDMap2`` whose ids are sentence ids. ``store.add`` leaves a replaced article's old rows in an
HNSW graph with id -1 (a graph cannot delete); ``Vectors`` never returns them.
"""
from __future__ import annotations

import numpy as np

FLAT_MAX_ROWS = 50_000  # exact search up to here; HNSW above (see docs/SCALING.md)
HNSW_M, HNSW_EF_CONSTRUCTION = 32, 80
EF_SEARCH_BY_ROWS = ((200_000, 256), (None, 512))  # (up to rows, efSearch): see docs/SCALING.md


def ef_search(rows: int) -> int:
    """efSearch for an HNSW index of ``rows`` rows (recall@10 >= 0.95 on the scale benchmark)."""
    return next(ef for limit, ef in EF_SEARCH_BY_ROWS if limit is None or rows <= limit)


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
        """faiss search; one query runs on one OpenMP thread (a query gains nothing from a second thread, and a
        busy core made the 2-thread p95 spike, see docs/SCALING.md); the setting is per calling thread."""
        import faiss

        params = None
        if self.dead:
            params = faiss.SearchParametersHNSW()
            params.sel = faiss.IDSelectorRange(0, self.rows)  # dead rows have id -1
            params.efSearch = self.ef or ef_search(self.rows)
        threads = faiss.omp_get_max_threads()
        if len(q) == 1 and threads > 1:
            faiss.omp_set_num_threads(1)
        try:
            return self.raw.search(q, k, params=params)
        finally:
            faiss.omp_set_num_threads(threads)

    def reconstruct(self, i: int) -> np.ndarray:
        return self.raw.reconstruct(int(i))

    def __getattr__(self, name):  # anything else: the faiss index
        if name == "raw":
            raise AttributeError(name)
        return getattr(self.raw, name)


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
