"""The HTTP API over a real uvicorn server: every endpoint, bad input, rate limit, article filter, CORS."""
import dataclasses
import json
import shutil
from pathlib import Path

import httpx
import pytest

from qa import records
from qa.http import AnswerOut, CitationOut, SpanOut, SlidingWindow

pytestmark = pytest.mark.slow

TESTS = Path(__file__).resolve().parent
SEED = TESTS.parent / "corpus" / "openai-amazon.txt"

ALLOWED = "http://allowed.example"
EN = "How much has Microsoft invested in OpenAI?"


@pytest.fixture(scope="module")
def server(serve_app, real_engine):
    return serve_app(real_engine, rate_limit=0, allowed_origins=ALLOWED, max_question_chars=200, max_history=3)


@pytest.fixture(scope="module")
def two_articles(real_engine, tmp_path_factory):
    """The seed article plus a short English one, indexed with the real model."""
    from index import store
    from qa.engine import Engine

    corpus = tmp_path_factory.mktemp("two")
    shutil.copy(SEED, corpus / SEED.name)
    shutil.copy(TESTS / "fixtures" / "tiny" / "bravo.md", corpus / "bravo.md")
    index = store.build(corpus, tmp_path_factory.mktemp("idx2") / "index", real_engine.encoder, real_engine.kiwi)
    return Engine(index=index, encoder=real_engine.encoder, kiwi=real_engine.kiwi)


def ask(base, body, **kw):
    return httpx.post(base + "/api/ask", json=body, timeout=60, **kw)


def test_response_model_mirrors_records():
    names = lambda cls: {f.name for f in dataclasses.fields(cls)}  # noqa: E731
    assert set(AnswerOut.model_fields) == names(records.Answer)
    assert set(CitationOut.model_fields) == names(records.Citation)
    assert set(SpanOut.model_fields) == names(records.Span)


def test_ask_is_the_cli_json(server, real_engine):
    r = ask(server, {"question": EN, "article": None, "history": None})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.json() == json.loads(json.dumps(real_engine.ask(EN).to_dict()))
    assert r.json()["span"]["text"] == "$13 billion(130억 달러) 이상"


def test_follow_up_uses_history(server):
    first = ask(server, {"question": EN}).json()
    r = ask(server, {"question": "And Amazon?", "history": [{"question": EN, "answer": first["answer"]}]})
    assert r.status_code == 200 and r.json()["resolved_question"]


def test_articles_health_ready(server, real_engine):
    assert httpx.get(server + "/api/articles").json() == [
        {"id": "openai-amazon", "title": real_engine.index.manifest["articles"]["openai-amazon"]["title"],
         "sentences": real_engine.index.manifest["articles"]["openai-amazon"]["count"]}]
    assert httpx.get(server + "/healthz").json() == {"status": "ok"}
    ready = httpx.get(server + "/readyz").json()
    assert ready["status"] == "ready" and ready["articles"] == 1
    assert ready["model_id"] == real_engine.index.manifest["model_id"]
    assert ready["index_fingerprint"] == real_engine.index.manifest["corpus_fingerprint"]
    assert httpx.get(server + "/openapi.json").json()["paths"]["/api/ask"]["post"]


def test_widget_and_embed(server):
    r = httpx.get(server + "/widget.js")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/javascript")
    assert "max-age" in r.headers["cache-control"] and r.headers["x-content-type-options"] == "nosniff"
    assert "customElements.define(\"newsqa-widget\"" in r.text and "innerHTML" not in r.text
    assert httpx.get(server + "/widget.js", headers={"If-None-Match": r.headers["etag"]}).status_code == 304
    page = httpx.get(server + "/embed", params={"article": "openai-amazon", "lang": "en"})
    assert page.status_code == 200 and '<script src="/widget.js"' in page.text
    assert '<newsqa-widget article="openai-amazon" lang="en">' in page.text
    assert f"frame-ancestors 'self' {ALLOWED}" in page.headers["content-security-policy"]
    hostile = httpx.get(server + "/embed", params={"article": '"><script>alert(1)</script>'})
    assert hostile.status_code == 404 and "<script>alert" not in hostile.text and "&lt;script&gt;" in hostile.text


BAD = [
    ("no body", {"content": b""}, 422),
    ("not JSON", {"content": b"{question: hi", "headers": {"content-type": "application/json"}}, 400),
    ("text body", {"content": b"question=hi", "headers": {"content-type": "text/plain"}}, 422),
    ("JSON array", {"json": ["hi"]}, 422),
    ("JSON string", {"json": "hi"}, 422),
    ("missing question", {"json": {"article": None}}, 422),
    ("null question", {"json": {"question": None}}, 422),
    ("number question", {"json": {"question": 42}}, 422),
    ("list question", {"json": {"question": ["hi"]}}, 422),
    ("empty question", {"json": {"question": ""}}, 422),
    ("blank question", {"json": {"question": " \n\t "}}, 422),
    ("too long question", {"json": {"question": "투" * 201}}, 422),
    ("unknown article", {"json": {"question": EN, "article": "no-such-article"}}, 404),
    ("number article", {"json": {"question": EN, "article": 7}}, 422),
    ("history not a list", {"json": {"question": EN, "history": "earlier"}}, 422),
    ("history of strings", {"json": {"question": EN, "history": ["earlier"]}}, 422),
    ("history turn without question", {"json": {"question": EN, "history": [{"answer": "x"}]}}, 422),
    ("history turn wrong type", {"json": {"question": EN, "history": [{"question": 1, "answer": "x"}]}}, 422),
    ("history too long", {"json": {"question": EN, "history": [{"question": "q", "answer": "a"}] * 4}}, 422),
    ("history question too long", {"json": {"question": EN, "history": [{"question": "q" * 201}]}}, 422),
    ("unknown field", {"json": {"question": EN, "articles": "openai-amazon"}}, 422),
    ("huge body", {"json": {"question": EN, "pad": "x" * 70000}}, 413),
]


@pytest.mark.parametrize("case,kw,status", BAD, ids=[b[0] for b in BAD])
def test_bad_input(server, case, kw, status):
    r = httpx.post(server + "/api/ask", timeout=60, **kw)
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and body["error"] and "Traceback" not in body["error"]
    assert httpx.get(server + "/healthz").status_code == 200


def test_wrong_method_and_path(server):
    r = httpx.get(server + "/api/ask")
    assert r.status_code == 405 and r.headers["allow"] == "POST" and "error" in r.json()
    r = httpx.get(server + "/api/nope")
    assert r.status_code == 404 and "error" in r.json()


def test_article_restriction(serve_app, two_articles):
    base = serve_app(two_articles, rate_limit=0)
    assert {a["id"] for a in httpx.get(base + "/api/articles").json()} == {"openai-amazon", "bravo"}
    q = "How much will the Ohio plant cost?"
    anywhere = ask(base, {"question": q}).json()
    assert anywhere["citations"][0]["doc_id"] == "bravo"
    seed = ask(base, {"question": q, "article": "openai-amazon"}).json()
    assert {c["doc_id"] for c in seed["citations"] + seed["closest"]} <= {"openai-amazon"}
    bravo = ask(base, {"question": EN, "article": "bravo"}).json()
    assert {c["doc_id"] for c in bravo["citations"] + bravo["closest"]} <= {"bravo"}
    assert "13 billion" not in bravo["answer"]


def test_rate_limit(serve_app, real_engine):
    base = serve_app(real_engine, rate_limit=3, allowed_origins=ALLOWED)
    assert [ask(base, {"question": ""}).status_code for _ in range(3)] == [422] * 3  # bad requests count too
    r = ask(base, {"question": EN}, headers={"Origin": ALLOWED})
    assert r.status_code == 429 and 1 <= int(r.headers["retry-after"]) <= 60
    assert r.json()["error"] == f"too many questions, try again in {r.headers['retry-after']} s"
    assert r.headers["access-control-allow-origin"] == ALLOWED  # the widget can read the 429
    assert "retry-after" in r.headers["access-control-expose-headers"].lower()
    # per client: uvicorn takes the client address from X-Forwarded-For sent by a loopback proxy
    assert ask(base, {"question": EN}, headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 200
    assert httpx.get(base + "/healthz").status_code == 200  # only /api/ask is limited


def test_sliding_window():
    now = [0.0]
    w = SlidingWindow(2, window=60, clock=lambda: now[0])
    assert [w.hit("a"), w.hit("a"), w.hit("a"), w.hit("b")] == [0, 0, 60, 0]
    now[0] = 59.5
    assert w.hit("a") == 1
    now[0] = 60.0
    assert w.hit("a") == 0 and w.hit("a") == 0 and w.hit("a") > 0
    assert SlidingWindow(0).hit("a") == 0


def test_cors(server):
    pre = {"Origin": ALLOWED, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    r = httpx.options(server + "/api/ask", headers=pre)
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == ALLOWED
    assert set(r.headers["access-control-allow-methods"].replace(" ", "").split(",")) == {"GET", "POST"}
    assert "access-control-allow-credentials" not in r.headers
    r = ask(server, {"question": EN}, headers={"Origin": ALLOWED})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == ALLOWED
    for evil in ("http://evil.example", "null", ALLOWED + ".evil.example", "http://localhost:1"):
        r = httpx.options(server + "/api/ask", headers={**pre, "Origin": evil})
        assert r.status_code == 400 and "access-control-allow-origin" not in r.headers
        r = httpx.get(server + "/api/articles", headers={"Origin": evil})
        assert "access-control-allow-origin" not in r.headers
        r = httpx.get(server + "/", headers={"Origin": evil})  # the mounted chat too: Gradio defers to our CORS
        assert "access-control-allow-origin" not in r.headers


class _Broken:
    """An engine whose ask fails: the API must answer 500 {"error": "internal error"} and log."""

    def __init__(self):
        from types import SimpleNamespace

        manifest = {"articles": {"a": {"first": 0, "count": 1, "title": "A"}}, "model_id": "m", "corpus_fingerprint": "f"}
        self.index = SimpleNamespace(manifest=manifest, sentences=[None])

    def ask(self, question, article=None, history=None):
        raise RuntimeError("boom: secret stack detail")


def test_internal_error_is_json_and_logged(caplog):
    from fastapi.testclient import TestClient

    from index.settings import resolve
    from qa.http import create_api

    client = TestClient(create_api(resolve(env={}), _Broken()), raise_server_exceptions=False)
    r = client.post("/api/ask", json={"question": "hi"})
    assert r.status_code == 500 and r.json() == {"error": "internal error"}
    assert "boom" in caplog.text and "boom" not in r.text


def test_flags(monkeypatch, capsys):
    import app

    args = app.parser().parse_args(["--allow-origin", "https://a.example", "--allow-origin", "http://b.example:8080",
                                    "--rate-limit", "5", "--max-question-chars", "99", "--max-history", "2"])
    assert args.allow_origin == ["https://a.example", "http://b.example:8080"] and args.rate_limit == 5
    assert args.max_question_chars == 99 and args.max_history == 2
    monkeypatch.delenv("NQ_TEST_CACHE", raising=False)
    assert app.main(["--allow-origin", "https://a.example/page"]) == 2
    assert "--allow-origin takes scheme://host[:port]" in capsys.readouterr().err
