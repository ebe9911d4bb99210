"""Index type by size (flat vs HNSW) and incremental ``add``, on the tiny fixture with the fake encoder."""
import numpy as np
import pytest

from index import store
from index.errors import NewsQAError
from qa.retrieve import dense_search
from tests.conftest import FakeEncoder


def test_hnsw_equals_flat_on_the_tiny_corpus(tiny_corpus, tmp_path, fake_encoder, kiwi):
    flat = store.build(tiny_corpus, tmp_path / "flat", fake_encoder, kiwi)
    store.build(tiny_corpus, tmp_path / "hnsw", fake_encoder, kiwi, flat_max_rows=1)
    hnsw = store.load(tmp_path / "hnsw")
    assert flat.manifest["index_type"] == "flat"
    assert hnsw.manifest["index_type"] == "hnsw" and hnsw.manifest["hnsw"]["efSearch"] == store.ef_search(len(flat.sentences))
    for s in flat.sentences:
        q = fake_encoder.encode_queries([s.text])[0]
        for doc_id in (None, "alpha", "bravo"):
            a, b = dense_search(flat, q, 5, doc_id), dense_search(hnsw, q, 5, doc_id)
            assert np.allclose([x for _, x in a], [x for _, x in b], atol=1e-5)
            assert a[0][0] == b[0][0] == s.sent_id or doc_id not in (None, s.doc_id)
            last = a[-1][1]  # rows tied with the k-th score may be cut differently; the rest must agree
            assert {i for i, x in a if x > last + 1e-5} == {i for i, x in b if x > last + 1e-5}


def test_article_scope_is_exact(tiny_corpus, tmp_path, fake_encoder, kiwi):
    idx = store.build(tiny_corpus, tmp_path / "idx", fake_encoder, kiwi, flat_max_rows=1)
    lo, hi = idx.rows_of("bravo")
    q = fake_encoder.encode_queries([idx.sentences[lo].text])[0]
    got = dense_search(idx, q, 100, "bravo")
    assert sorted(i for i, _ in got) == list(range(lo, hi)) and got[0][0] == lo


class CountingEncoder(FakeEncoder):
    def __init__(self):
        self.seen = []

    def encode_passages(self, texts, batch_size=32, progress=False):
        self.seen += list(texts)
        return super().encode_passages(texts)


def test_add_new_and_replace_encodes_only_those(tiny_corpus, tmp_path, kiwi):
    enc = CountingEncoder()
    store.build(tiny_corpus, tmp_path / "idx", enc, kiwi)
    before = store.load(tmp_path / "idx")
    (tiny_corpus / "charlie.txt").write_text("새 기사\n\n배터리 공장이 새로 문을 열었다. 직원은 300명이다.\n", encoding="utf-8")
    enc.seen = []
    store.add(tmp_path / "idx", [tiny_corpus / "charlie.txt"], enc, kiwi)
    after = store.load(tmp_path / "idx")
    assert enc.seen == [s.text for s in after.sentences if s.doc_id == "charlie"]
    assert after.manifest["rows"] == before.manifest["rows"] + len(enc.seen)
    assert not store.is_stale(after.manifest, tiny_corpus)
    fresh = store.build(tiny_corpus, tmp_path / "fresh", CountingEncoder(), kiwi)
    assert [s.text for s in after.sentences] == [s.text for s in fresh.sentences]  # same order: kept, then added
    assert np.allclose(store.row_vectors(after.vectors, 0, after.manifest["rows"]),
                       store.row_vectors(fresh.vectors, 0, fresh.manifest["rows"]))

    alpha = tiny_corpus / "alpha.txt"
    alpha.write_text(alpha.read_text(encoding="utf-8") + "\n추가된 문장이다.\n", encoding="utf-8")
    enc.seen = []
    store.add(tmp_path / "idx", [alpha], enc, kiwi)
    again = store.load(tmp_path / "idx")
    assert enc.seen == [s.text for s in again.sentences if s.doc_id == "alpha"]
    assert "추가된 문장이다." in enc.seen and set(again.manifest["articles"]) == {"alpha", "bravo", "charlie"}
    assert [s.sent_id for s in again.sentences] == list(range(again.manifest["rows"]))
    assert not store.is_stale(again.manifest, tiny_corpus)
    q = enc.encode_queries(["추가된 문장이다."])[0]
    assert again.sentences[dense_search(again, q, 1)[0][0]].text == "추가된 문장이다."


def test_add_refuses_outside_files_and_other_changes(tiny_corpus, tmp_path, fake_encoder, kiwi):
    store.build(tiny_corpus, tmp_path / "idx", fake_encoder, kiwi)
    outside = tmp_path / "delta.txt"
    outside.write_text("기사\n\n내용이다.\n", encoding="utf-8")
    with pytest.raises(NewsQAError, match="not in the index's corpus directory"):
        store.add(tmp_path / "idx", [outside], fake_encoder, kiwi)
    (tiny_corpus / "bravo.md").write_text("바뀐 기사\n\n바뀐 내용.\n", encoding="utf-8")
    (tiny_corpus / "charlie.txt").write_text("새 기사\n\n내용이다.\n", encoding="utf-8")
    with pytest.raises(NewsQAError, match="bravo.md changed"):
        store.add(tmp_path / "idx", [tiny_corpus / "charlie.txt"], fake_encoder, kiwi)
    assert set(store.load(tmp_path / "idx").manifest["articles"]) == {"alpha", "bravo"}


def test_cli_add(tiny_corpus, tmp_path, fake_encoder, kiwi, monkeypatch, capsys):
    from index import cli, embed

    store.build(tiny_corpus, tmp_path / "idx", fake_encoder, kiwi)
    new = tiny_corpus / "charlie.txt"
    new.write_text("새 기사\n\n내용이다.\n", encoding="utf-8")
    assert cli.main(["add", str(new), "--index", str(tmp_path / "idx"), "--cache-dir", str(tmp_path / "c")]) == 1
    assert "was built with model 'fake/bigram-64'" in capsys.readouterr().err
    monkeypatch.setattr(cli, "resolve_model_id", lambda model: fake_encoder.model_id)
    monkeypatch.setattr(embed, "load_encoder", lambda *a, **k: fake_encoder)
    assert cli.main(["add", str(new), "--index", str(tmp_path / "idx"), "--cache-dir", str(tmp_path / "c")]) == 0
    assert "added charlie" in capsys.readouterr().out
    assert set(store.load(tmp_path / "idx").manifest["articles"]) == {"alpha", "bravo", "charlie"}
