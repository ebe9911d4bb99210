"""Incremental ``store.add``: only new articles are tokenized and embedded; results equal a fresh build."""
import numpy as np

from index import lexical, store
from qa.retrieve import bm25_search, dense_search
from tests.test_scale import CountingEncoder

CHARLIE = "새 기사\n\n배터리 공장이 새로 문을 열었다. 직원은 300명이다.\n"


def segmented(monkeypatch) -> list[str]:
    """doc ids that store._segment (segmentation + BM25 tokens) sees."""
    seen = []
    real = store._segment

    def spy(kiwi, articles, first_id=0):
        seen.extend(a.doc_id for a in articles)
        return real(kiwi, articles, first_id)

    monkeypatch.setattr(store, "_segment", spy)
    real_tok = lexical.lex_tokens_batch
    monkeypatch.setattr(lexical, "lex_tokens_batch", lambda kiwi, texts: (seen.extend(texts), real_tok(kiwi, texts))[1])
    return seen


def same_results(a, b, enc, kiwi):
    """Same rows, vectors, aliases and search results (rows keyed by article and offset: a replaced article moves to the end)."""
    key = lambda idx, i: (idx.sentences[i].doc_id, idx.sentences[i].start)  # noqa: E731
    assert sorted(key(a, i) for i in range(len(a.sentences))) == sorted(key(b, i) for i in range(len(b.sentences)))
    assert {d: r["count"] for d, r in a.manifest["articles"].items()} == {d: r["count"] for d, r in b.manifest["articles"].items()}
    assert a.aliases == b.aliases and a.vectors.ntotal == b.vectors.ntotal
    va, vb = store.row_vectors(a.vectors, 0, a.vectors.ntotal), store.row_vectors(b.vectors, 0, b.vectors.ntotal)
    order = {key(a, i): i for i in range(len(a.sentences))}
    assert np.allclose(vb, va[[order[key(b, i)] for i in range(len(b.sentences))]])
    for s in b.sentences:
        q = enc.encode_queries([s.text])[0]
        assert key(a, dense_search(a, q, 3)[0][0]) == key(b, dense_search(b, q, 3)[0][0]) == (s.doc_id, s.start)
        toks = lexical.lex_tokens(kiwi, s.text)
        got_a, got_b = bm25_search(a, toks, 50), bm25_search(b, toks, 50)
        assert {key(a, i): round(x, 5) for i, x in got_a.items()} == {key(b, i): round(x, 5) for i, x in got_b.items()}


def test_add_tokenizes_only_the_new_article(tiny_corpus, tmp_path, kiwi, monkeypatch):
    enc = CountingEncoder()
    store.build(tiny_corpus, tmp_path / "idx", enc, kiwi)
    (tiny_corpus / "charlie.txt").write_text(CHARLIE, encoding="utf-8")
    seen, enc.seen = segmented(monkeypatch), []
    added = store.add(tmp_path / "idx", [tiny_corpus / "charlie.txt"], enc, kiwi)
    monkeypatch.undo()
    assert set(seen) <= {"charlie", *enc.seen} and "charlie" in seen and enc.seen == [s.text for s in added.sentences if s.doc_id == "charlie"]
    assert added.manifest["add_seconds"]["vectors_rebuilt"] is False
    same_results(store.load(tmp_path / "idx"), store.build(tiny_corpus, tmp_path / "fresh", enc, kiwi), enc, kiwi)


def test_replace_in_hnsw_leaves_dead_rows_that_search_never_returns(tiny_corpus, tmp_path, kiwi):
    enc = CountingEncoder()
    store.build(tiny_corpus, tmp_path / "idx", enc, kiwi, flat_max_rows=1)
    alpha = tiny_corpus / "alpha.txt"
    old_alpha = store.load(tmp_path / "idx").rows_of("alpha")
    alpha.write_text(alpha.read_text(encoding="utf-8") + "\n추가된 문장이다.\n", encoding="utf-8")
    store.add(tmp_path / "idx", [alpha], enc, kiwi, flat_max_rows=1, compact_fraction=1.0)
    idx = store.load(tmp_path / "idx")
    assert idx.manifest["dead_rows"] == old_alpha[1] - old_alpha[0] > 0
    assert idx.vectors.raw.ntotal == idx.manifest["rows"] + idx.manifest["dead_rows"] == idx.vectors.ntotal + idx.vectors.dead
    fresh = store.build(tiny_corpus, tmp_path / "fresh", enc, kiwi, flat_max_rows=1)
    same_results(idx, fresh, enc, kiwi)
    q = enc.encode_queries(["추가된 문장이다."])[0]
    got = dense_search(idx, q, idx.manifest["rows"] + 5)
    assert sorted(i for i, _ in got) == list(range(idx.manifest["rows"]))  # every live row once, no dead one

    bravo = tiny_corpus / "bravo.md"
    bravo.write_text(bravo.read_text(encoding="utf-8") + "\n또 하나의 문장.\n", encoding="utf-8")
    compacted = store.add(tmp_path / "idx", [bravo], enc, kiwi, flat_max_rows=1, compact_fraction=0.1)
    assert compacted.manifest["dead_rows"] == 0 and compacted.manifest["add_seconds"]["vectors_rebuilt"]
    same_results(store.load(tmp_path / "idx"), store.build(tiny_corpus, tmp_path / "fresh2", enc, kiwi, flat_max_rows=1), enc, kiwi)


def test_crossing_the_flat_limit_rebuilds_as_hnsw(tiny_corpus, tmp_path, kiwi):
    enc = CountingEncoder()
    built = store.build(tiny_corpus, tmp_path / "idx", enc, kiwi)
    (tiny_corpus / "charlie.txt").write_text(CHARLIE, encoding="utf-8")
    idx = store.add(tmp_path / "idx", [tiny_corpus / "charlie.txt"], enc, kiwi, flat_max_rows=built.manifest["rows"])
    assert idx.manifest["index_type"] == "hnsw" and idx.manifest["hnsw"]["efSearch"] == store.ef_search(idx.manifest["rows"])
    assert store.load(tmp_path / "idx").manifest == idx.manifest


def test_segment_reuses_kiwi_tokens_and_matches_per_sentence_tokens(tiny_corpus, kiwi):
    from index.corpus import load_corpus

    articles, _ = load_corpus(tiny_corpus)
    sentences, spans, tokens = store._segment(kiwi, articles, first_id=5)
    assert [s.sent_id for s in sentences] == list(range(5, 5 + len(sentences)))
    from index.segment import split_sentences

    one_by_one = [s for a in articles for s in split_sentences(kiwi, a.doc_id, a.text)]
    assert [(s.text, s.start, s.kind) for s in sentences] == [(s.text, s.start, s.kind) for s in one_by_one]
    assert tokens == lexical.lex_tokens_batch(kiwi, [s.text for s in sentences])
    assert sum(r["count"] for r in spans.values()) == len(sentences)


def test_one_query_searches_on_one_thread_and_restores_the_setting(tiny_corpus, tmp_path, fake_encoder, kiwi):
    import faiss

    idx = store.build(tiny_corpus, tmp_path / "idx", fake_encoder, kiwi, flat_max_rows=1)
    before = faiss.omp_get_max_threads()
    q = fake_encoder.encode_queries([idx.sentences[0].text])
    assert idx.vectors.search(q, 1)[1][0][0] == 0 and faiss.omp_get_max_threads() == before


def test_a_v3_index_asks_for_a_rebuild(tiny_corpus, tmp_path, fake_encoder, kiwi):
    import json

    import pytest

    from index.errors import IndexFormatError

    store.build(tiny_corpus, tmp_path / "idx", fake_encoder, kiwi)
    mpath = tmp_path / "idx" / "manifest.json"
    mpath.write_text(json.dumps({**json.loads(mpath.read_text()), "format_version": 3}))
    with pytest.raises(IndexFormatError, match="v3.*rebuild with: python -m index build"):
        store.add(tmp_path / "idx", [tiny_corpus / "alpha.txt"], fake_encoder, kiwi)
