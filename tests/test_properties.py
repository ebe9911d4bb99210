"""Rules that must hold for every input (hypothesis; no model): offsets, spans, aliases, numbers, the JSON contract."""
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index import aliases, numbers
from index.segment import split_sentences
from qa.spans import answer_span, clauses

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of real news text in several scripts, plus the separators that break naive splitters.
_PIECES = [
    "가나다", "마이크로소프트는", "130억 달러", "투자했다.", "했고, ", "오픈AI(OpenAI)", "(Amazon Web Services, AWS)",
    "The plant will cost $2 billion.", "Mr. Lee said", "U.S. rates", "3.5%", "Dec. 3, 2025", "Q3", "“quoted.”",
    "😀", "👩‍👩‍👧", "🇰🇷", "中文字", "𠀀𪚥", "ｆｕｌｌｗｉｄｔｈ", "שלום עולם", "مرحبا", "\u200f", "\u200b", "\u0301",
    " ", "  ", "\t", "\n", "\r\n", "\r", "\n\n", "\u3000", "\u2028", "\x0b", "\x0c", ".", "?", "!", "…", ",", "(", ")", "#",
]


def _pieces_text(*extra: str):
    """Texts glued from the shared hostile pieces plus ``extra`` ones (at most 40 pieces)."""
    return st.lists(st.sampled_from(_PIECES + list(extra)), max_size=40).map("".join)


texts = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)
any_text = st.one_of(texts, st.text(max_size=200))


# -- segmentation ---------------------------------------------------------------------
@FAST
@given(any_text)
def test_sentence_offsets_reproduce_the_text(kiwi, text):
    sents = split_sentences(kiwi, "d", text)
    for i, s in enumerate(sents):
        assert text[s.start:s.end] == s.text and s.text == s.text.strip() and s.text
        assert s.para_start <= s.start < s.end <= s.para_end <= len(text)
        assert s.sent_id == i and s.kind in ("title", "heading", "caption", "body")
    assert [s.start for s in sents] == sorted(s.start for s in sents)
    assert all(a.end <= b.start for a, b in zip(sents, sents[1:]))  # no overlap


@FAST
@given(texts)
def test_crlf_and_lf_give_the_same_sentences(kiwi, text):
    lf = text.replace("\r\n", "\n").replace("\r", "\n")
    crlf = lf.replace("\n", "\r\n")
    assert [s.text for s in split_sentences(kiwi, "d", lf)] == [s.text for s in split_sentences(kiwi, "d", crlf)]


# -- answer spans -----------------------------------------------------------------------
QTYPES = ["amount", "date", "count", "percent", "person", "place", "reason", "definition", "other"]
forms = st.tuples(st.sampled_from(["마이크로소프트", "microsoft", "aws", "투자", "", "$", "(", "가"]))
terms = st.lists(st.tuples(forms, st.floats(0, 5, allow_nan=False)), max_size=4)


sentence = any_text.map(str.strip).filter(bool)  # what segmentation hands over: stripped, never blank


@FAST
@given(sentence, st.sampled_from(QTYPES), terms)
def test_answer_span_lies_inside_the_sentence(text, qtype, ts):
    a, b = answer_span(text, qtype, ts)
    assert 0 <= a <= b <= len(text)
    if re.search(r"\w", text):
        assert text[a:b].strip(), "a sentence with a word gets a non-blank span"
    assert answer_span(text, qtype, ts) == (a, b)  # deterministic


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_answer_span_of_a_blank_sentence(text):
    assert answer_span(text, "amount", []) == (0, 0)


@FAST
@given(any_text)
def test_clauses_are_ordered_and_inside(text):
    cs = clauses(text)
    assert all(0 <= a < b <= len(text) for a, b in cs)
    assert all(x[1] <= y[0] for x, y in zip(cs, cs[1:]))


# -- aliases ----------------------------------------------------------------------------
gloss_text = _pieces_text("(Microsoft)", "마이크로소프트(Microsoft)", "AWS(아마존 웹 서비스)",
                          "(", ")", "((", "A(B)", "우선 구매권(right of first refusal)")


@FAST
@given(st.one_of(gloss_text, st.text(max_size=200)))
def test_alias_mining_never_raises_and_is_deterministic(text):
    got = aliases.mine(text)
    assert got == aliases.mine(text)
    for a in got:
        assert 0 <= a.start < a.end <= len(text) and a.ko and a.en
    tab = aliases.table(got)
    assert tab == aliases.table(aliases.mine(text))
    assert all(k == k.lower() and v == sorted(v) for k, v in tab.items())
    for q in (text, text[:20], "Microsoft?"):
        extra = aliases.expand(q, tab)
        assert extra == aliases.expand(q, tab) and len(extra) == len(set(extra))
    json.dumps(tab)  # stored in aliases.json


# -- numbers ----------------------------------------------------------------------------
num_text = _pieces_text("$13 billion", "130억 달러", "1,000만", "2조 5천억 원", "3.5%p", "25bp",
                        "2025년 12월 3일", "12월", "May", "may 2024", "1.2.3.4", "99999999999999999999억",
                        "0", "0.0%", "US$1", "€", "2만 5천 톤", "30GWh", "1,,2", "..5")


@FAST
@given(st.one_of(num_text, st.text(max_size=200)))
def test_number_mentions_never_raise_and_index_the_text(text):
    ms = numbers.mentions(text)
    assert ms == numbers.mentions(text)
    for m in ms:
        assert text[m.start:m.end] == m.text or text[m.start:m.end].strip() == m.text
        assert m.kind in ("amount", "percent", "quantity", "date") and ":" in m.key
    assert all(x.end <= y.start for x, y in zip(ms, ms[1:]))  # sorted, no overlap
    toks = numbers.number_tokens(text)
    assert toks == numbers.number_tokens(text) and all(re.fullmatch(r"[a-z]+:\S+", t) for t in toks)


@FAST
@given(st.floats(1, 1e15, allow_nan=False))
def test_amount_keys_are_idempotent(v):
    key = numbers.amt_key(v)
    assert numbers.amt_key(float(key[4:])) == key


@pytest.mark.parametrize("a,b", [("$13 billion", "130억 달러"), ("13B", "130억"), ("$1 billion", "10억 달러"),
                                 ("2조 5천억 원", "2.5 trillion won"), ("$10 billion을", "100억 달러를"), ("13B를", "$13 billion")])
def test_the_same_amount_meets(a, b):
    assert numbers.number_tokens(a)[0] == numbers.number_tokens(b)[0]


# -- the JSON contract of /api/ask ----------------------------------------------------------
@pytest.fixture(scope="module")
def client(tmp_path_factory, kiwi):
    """The API over the tiny corpus and the fake encoder (no model), rate limit off."""
    import shutil

    from fastapi.testclient import TestClient

    from index import store
    from index.settings import resolve
    from qa.engine import Engine
    from qa.http import create_api
    from tests.conftest import FIXTURES, FakeEncoder

    corpus = tmp_path_factory.mktemp("props") / "corpus"
    shutil.copytree(FIXTURES / "tiny", corpus)
    idx = store.build(corpus, corpus.parent / "idx", FakeEncoder(), kiwi)
    engine = Engine(index=idx, encoder=FakeEncoder(), kiwi=kiwi)
    return TestClient(create_api(resolve(env={}, rate_limit=0), engine), raise_server_exceptions=False), engine


question = st.one_of(
    st.text(min_size=1, max_size=120),
    st.lists(st.sampled_from(["Bravo", "알파사", "얼마", "투자", "How much", "who", "언제", "?", " ", "Ohio", "plant",
                              "감마사는", "베타", "<b>", "😀", "\x00", "\u202e", "$", "20억"]), min_size=1, max_size=12).map(" ".join),
)
body = st.fixed_dictionaries({"question": question}, optional={
    "article": st.sampled_from([None, "alpha", "bravo", "nope", "../alpha", ""]),
    "history": st.one_of(st.none(), st.lists(st.fixed_dictionaries({"question": question}, optional={"answer": st.text(max_size=30)}),
                                             max_size=3)),
})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(body)
def test_every_ask_response_keeps_the_contract(client, req):
    from qa.http import AnswerOut

    http, engine = client
    r = http.post("/api/ask", json=req)
    assert r.status_code in (200, 404, 422), r.text
    data = r.json()
    if r.status_code != 200:
        assert set(data) == {"error"} and data["error"]
        return
    AnswerOut.model_validate(data)
    if data["abstained"]:
        assert data["span"] is None and data["citations"] == [] and data["reason"]
    for c in data["citations"] + data["closest"] + data["spans"] + ([data["span"]] if data["span"] else []):
        text = engine.index.articles[c["doc_id"]].text
        assert text[c["start"]:c["end"]] == c["text"]
        if req.get("article"):
            assert c["doc_id"] == req["article"]
