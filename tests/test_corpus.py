import pytest

from index.corpus import doc_id_for, fingerprint, load_corpus
from index.errors import CorpusError


def test_loads_txt_and_md_with_titles(tiny_corpus):
    arts, skipped = load_corpus(tiny_corpus)
    assert [(a.doc_id, a.title) for a in arts] == [
        ("alpha", "알파사, 베타에 10억 달러 투자"), ("bravo", "# Bravo opens a plant in Ohio")]
    assert skipped == []


def test_bad_files_are_reported_and_skipped(tiny_corpus):
    (tiny_corpus / "empty.txt").write_text("  \n\n")
    (tiny_corpus / "binary.txt").write_bytes(b"\x00\x01\x02abc")
    (tiny_corpus / "euckr.txt").write_bytes("한국어 기사".encode("euc-kr"))
    (tiny_corpus / "notes.csv").write_text("ignored")
    arts, skipped = load_corpus(tiny_corpus)
    assert {a.doc_id for a in arts} == {"alpha", "bravo"}
    reasons = {p.rsplit("/", 1)[1]: r for p, r in ((s.path, s.reason) for s in skipped)}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "not UTF-8" in reasons["euckr.txt"]


def test_empty_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="no usable article"):
        load_corpus(tmp_path)
    with pytest.raises(CorpusError, match="not found"):
        load_corpus(tmp_path / "missing")


def test_doc_ids_are_safe_slugs(tmp_path):
    assert doc_id_for(tmp_path / "OpenAI Amazon (2025).txt") == "openai-amazon-2025"
    assert doc_id_for(tmp_path / "../..etc.txt") == "etc"


def test_fingerprint_changes_with_content(tiny_corpus):
    before = fingerprint(tiny_corpus)
    (tiny_corpus / "alpha.txt").write_text("changed\n", encoding="utf-8")
    assert fingerprint(tiny_corpus) != before
