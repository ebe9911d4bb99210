import json

import pytest

from index import store
from index.errors import IndexFormatError, IndexNotFoundError, ModelMismatchError, StaleIndexError


def test_round_trip(tiny_corpus, tmp_path, fake_encoder, kiwi):
    built = store.build(tiny_corpus, tmp_path / "idx", fake_encoder, kiwi)
    loaded = store.load(tmp_path / "idx")
    assert loaded.manifest == built.manifest
    assert loaded.sentences == built.sentences
    assert loaded.vectors.ntotal == len(built.sentences) == built.manifest["rows"]
    m = loaded.manifest
    assert m["model_id"] == "fake/bigram-64" and m["dim"] == 64 and m["metric"] == "inner_product"
    assert set(m["versions"]) >= {"faiss", "kiwipiepy", "sentence_transformers"}
    for s in loaded.sentences:
        assert loaded.articles[s.doc_id].text[s.start:s.end] == s.text
    lo, hi = loaded.rows_of("bravo")
    assert {s.doc_id for s in loaded.sentences[lo:hi]} == {"bravo"}


def test_search_returns_the_same_sentence_after_reload(tiny_corpus, tmp_path, fake_encoder, kiwi):
    from qa.retrieve import dense_search

    built = store.build(tiny_corpus, tmp_path / "idx", fake_encoder, kiwi)
    loaded = store.load(tmp_path / "idx")
    target = next(s for s in built.sentences if "battery plant" in s.text)
    q = fake_encoder.encode_queries([target.text])[0]
    assert dense_search(loaded, q, 3)[0][0] == target.sent_id
    only_alpha = dense_search(loaded, q, 3, doc_id="alpha")
    assert only_alpha and all(loaded.sentences[i].doc_id == "alpha" for i, _ in only_alpha)


def test_stale_fingerprint_is_detected(tiny_corpus, tmp_path, fake_encoder, kiwi):
    idx = store.build(tiny_corpus, tmp_path / "idx", fake_encoder, kiwi)
    assert not store.is_stale(idx.manifest, tiny_corpus)
    (tiny_corpus / "charlie.txt").write_text("새 기사\n\n내용이다.\n", encoding="utf-8")
    assert store.is_stale(idx.manifest, tiny_corpus)
    with pytest.raises(StaleIndexError, match="python -m index build"):
        store.check_fresh(idx.manifest, tiny_corpus, tmp_path / "idx")


def test_missing_corrupt_and_foreign_indexes_are_clear_errors(tiny_corpus, tmp_path, fake_encoder, kiwi):
    with pytest.raises(IndexNotFoundError, match="python -m index build"):
        store.load(tmp_path / "nothing")
    idx = store.build(tiny_corpus, tmp_path / "idx", fake_encoder, kiwi)
    with pytest.raises(ModelMismatchError, match="fake/bigram-64"):
        store.check_model(idx.manifest, "intfloat/multilingual-e5-small")
    mpath = tmp_path / "idx" / "manifest.json"
    m = json.loads(mpath.read_text())
    mpath.write_text(json.dumps({**m, "format_version": 99}))
    with pytest.raises(IndexFormatError, match="v99"):
        store.load(tmp_path / "idx")
    mpath.write_text(json.dumps(m))
    (tmp_path / "idx" / "vectors.faiss").write_bytes(b"garbage")
    with pytest.raises(IndexFormatError, match="damaged"):
        store.load(tmp_path / "idx")


def test_failed_build_keeps_previous_index(tiny_corpus, tmp_path, fake_encoder, kiwi):
    store.build(tiny_corpus, tmp_path / "idx", fake_encoder, kiwi)

    class Boom(type(fake_encoder)):
        def encode_passages(self, texts, batch_size=32, progress=False):
            raise RuntimeError("crash mid-build")

    (tiny_corpus / "charlie.txt").write_text("새 기사\n\n내용이다.\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        store.build(tiny_corpus, tmp_path / "idx", Boom(), kiwi)
    assert set(store.load(tmp_path / "idx").manifest["articles"]) == {"alpha", "bravo"}
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]



def test_bm25_scores_without_scipy_and_match_the_scipy_build(tmp_path, monkeypatch):
    """A server loads and scores BM25 without importing scipy (~23 MiB); the numpy-built index scores
    exactly like bm25s's scipy build."""
    import subprocess
    import sys
    from pathlib import Path

    import bm25s
    import numpy as np
    import scipy.sparse

    from index import lexical

    rows = [["마이크로소프트", "투자", "amt:1.3e+10"], ["아마존", "투자", "투자"], ["칩", "amazon"]] * 5
    query = ["투자", "amazon"]
    lexical.save_bm25(lexical.build_bm25(rows), tmp_path / "bm25")
    code = ("import json, sys; from index import lexical; bm = lexical.load_bm25(sys.argv[1]); "
            "print(json.dumps([bm.get_scores(json.loads(sys.argv[2])).tolist(), 'scipy' in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "bm25"), json.dumps(query)], check=True,
                         capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent).stdout
    scores, scipy_loaded = json.loads(out)
    assert scipy_loaded is False
    monkeypatch.setattr(bm25s, "sp", scipy.sparse, raising=False)  # bm25s may have been imported without scipy
    monkeypatch.setattr(bm25s, "SCIPY_AVAILABLE", True)
    with_scipy = bm25s.BM25(csc_backend="scipy")
    with_scipy.index(rows, show_progress=False)
    assert np.allclose(scores, with_scipy.get_scores(query), atol=1e-6) and max(scores) > 0
