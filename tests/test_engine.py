"""Engine behaviour with the fake encoder: corpus changes, input checks, article filter."""
import pytest

from index import store
from qa.engine import EmptyQuestionError, Engine, QuestionTooLongError
from qa.retrieve import UnknownArticleError


@pytest.fixture
def engine(tiny_corpus, tmp_path, fake_encoder, kiwi):
    idx = store.build(tiny_corpus, tmp_path / "idx", fake_encoder, kiwi)
    return Engine(index=idx, encoder=fake_encoder, kiwi=kiwi, corpus=tiny_corpus, check_every=0)


def test_corpus_change_while_running_is_detected_and_answerable(engine, tiny_corpus):
    assert engine.refresh_if_stale() is False
    (tiny_corpus / "charlie.txt").write_text("델타사 기사\n\n델타사는 2030년에 화성 공장을 세운다.\n", encoding="utf-8")
    assert engine.refresh_if_stale() is True
    assert "charlie" in engine.index.manifest["articles"]
    ans = engine.ask("델타사는 언제 공장을 세우나?", article="charlie")
    assert not ans.abstained and ans.span.text == "2030년"
    assert store.load(engine.index.path).manifest["rows"] == engine.index.manifest["rows"]


def test_input_errors(engine):
    with pytest.raises(EmptyQuestionError):
        engine.ask("   ")
    with pytest.raises(QuestionTooLongError):
        engine.ask("가" * 5000)
    with pytest.raises(UnknownArticleError):
        engine.ask("질문", article="../../etc/passwd")


def test_article_filter_keeps_citations_inside(engine):
    ans = engine.ask("Where will Bravo open a plant?", article="bravo")
    assert all(c.doc_id == "bravo" for c in ans.citations + ans.closest)


def test_clause_about_the_subject_wins(engine):
    ans = engine.ask("감마사는 얼마를 투자하기로 했나?", article="alpha")
    assert not ans.abstained and ans.span.text == "20억 달러"
    ans = engine.ask("How much did Alpha Corp invest in Beta?", article="alpha")
    assert not ans.abstained and ans.answer.startswith("$1 billion (10억 달러)")
