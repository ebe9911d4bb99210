"""Bad input matrix: hostile or broken input at every door, each with its one clear outcome.

Doors: ``POST /api/ask`` (real model, one module server), the chat page (Gradio HTTP and
``qa.render``), ``python -m qa ask`` and ``python -m index build`` (fake encoder, in process).
Outcomes: a 4xx ``{"error": ...}``; a one-line ``error:`` and exit 1 or 2 with no traceback;
or a correct answer / abstention. After every server case ``/healthz`` still answers.
"""
import html
import json
import os
import shutil
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import FIXTURES, SEED, FakeEncoder

EN = "How much has Microsoft invested in OpenAI?"
KO = "마이크로소프트는 오픈AI에 얼마를 투자했나요?"
MB = 1024 * 1024

# ------------------------------------------------------------------------------------------
# POST /api/ask: (id, httpx kwargs, expected status, what a 200 must say: "answer" | "abstain" | None = either)
API = [
    ("empty question", {"json": {"question": ""}}, 422, None),
    ("whitespace only", {"json": {"question": " \t\r\n\u3000\u00a0"}}, 422, None),
    ("1 MB question", {"json": {"question": "가" * MB}}, 413, None),
    ("1 MB chunked body", {"content": "chunked-1mb"}, 413, None),
    ("10k chars under the body limit", {"json": {"question": "a" * 10_000}}, 422, None),
    ("NUL bytes", {"json": {"question": "Microsoft\x00 invested in OpenAI\x00?"}}, 200, None),
    ("control characters", {"json": {"question": "\x1b[31m\x07\x08" + EN + "\x7f"}}, 200, "answer"),
    ("invalid UTF-8 body", {"content": b'{"question": "\xff\xfe\xc3("}', "headers": {"content-type": "application/json"}}, 400, None),
    ("raw bytes, no content type", {"content": bytes(range(256))}, 422, None),
    ("lone surrogate escape", {"content": b'{"question": "\\ud800 Microsoft?"}', "headers": {"content-type": "application/json"}}, 422, None),
    ("deeply nested JSON", {"content": b'{"question": "x", "history": ' + b"[" * 20000 + b"]" * 20000 + b"}",
                            "headers": {"content-type": "application/json"}}, 400, None),
    ("emoji around Korean", {"json": {"question": "🤔 " + KO + " 💰🚀"}}, 200, "answer"),
    ("emoji only", {"json": {"question": "😀👩‍👩‍👧🇰🇷"}}, 200, "abstain"),
    ("rare CJK", {"json": {"question": "𠀀𪚥龘는 얼마를 투자했나?"}}, 200, "abstain"),
    ("right-to-left Arabic", {"json": {"question": "كم استثمرت مايكروسوفت في أوبن إيه آي؟"}}, 200, None),
    ("RTL override marks", {"json": {"question": "\u202e" + EN + "\u202c"}}, 200, "answer"),
    ("zero-width only", {"json": {"question": "\u200b\u200c\u200d\ufeff"}}, 200, None),
    ("combining marks", {"json": {"question": "a" + "\u0301" * 400}}, 200, None),
    ("HTML/JS in question", {"json": {"question": "<script>alert(1)</script><img src=x onerror=alert(1)> " + EN}}, 200, "answer"),
    ("Markdown/LaTeX in question", {"json": {"question": "**bold** [x](javascript:alert(1)) $$\\frac{1}{0}$$ " + EN}}, 200, "answer"),
    ("SQL-ish question", {"json": {"question": "' OR 1=1; DROP TABLE articles; --"}}, 200, "abstain"),
    ("JSON number body", {"json": 42}, 422, None),
    ("JSON null body", {"json": None}, 422, None),
    ("question is an object", {"json": {"question": {"$ne": ""}}}, 422, None),
    ("question is a bool", {"json": {"question": True}}, 422, None),
    ("history of 1000 turns", {"json": {"question": EN, "history": [{"question": "q"}] * 1000}}, 422, None),
    ("history is an object", {"json": {"question": EN, "history": {"question": "q"}}}, 422, None),
    ("history of nulls", {"json": {"question": EN, "history": [None]}}, 422, None),
    ("history turn with extra field", {"json": {"question": EN, "history": [{"question": "q", "role": "system"}]}}, 422, None),
    ("history answer too long", {"json": {"question": EN, "history": [{"question": "q", "answer": "a" * 6000}]}}, 422, None),
    ("history with hostile text", {"json": {"question": "And Amazon?", "history": [{"question": "<script>" + EN}]}}, 200, None),
    ("unknown article id", {"json": {"question": EN, "article": "no-such-article"}}, 404, None),
    ("path-like article id", {"json": {"question": EN, "article": "../../etc/passwd"}}, 404, None),
    ("encoded path article id", {"json": {"question": EN, "article": "%2e%2e%2fetc%2fpasswd"}}, 404, None),
    ("empty article id", {"json": {"question": EN, "article": ""}}, 404, None),
    ("article id with NUL", {"json": {"question": EN, "article": "openai-amazon\x00"}}, 404, None),
    ("article id is a list", {"json": {"question": EN, "article": ["openai-amazon"]}}, 422, None),
]


@pytest.fixture(scope="module")
def api(serve_app, real_engine):
    return serve_app(real_engine, rate_limit=0, max_question_chars=500, max_history=10)


def _chunks(n):
    yield b'{"question": "'
    for _ in range(n // 4096):
        yield b"a" * 4096
    yield b'"}'


@pytest.mark.slow
@pytest.mark.parametrize("case,kw,status,want", API, ids=[c.values[0] if hasattr(c, "values") else c[0] for c in API])
def test_api(api, case, kw, status, want):
    if kw.get("content") == "chunked-1mb":
        kw = {"content": _chunks(MB), "headers": {"content-type": "application/json"}}
    r = httpx.post(api + "/api/ask", timeout=120, **kw)
    assert r.status_code == status, r.text[:300]
    body = r.json()
    if status != 200:
        assert set(body) == {"error"} and body["error"] and "Traceback" not in body["error"]
        assert "codec" not in body["error"] and len(body["error"]) < 300
    else:
        assert r.headers["content-type"] == "application/json"
        if want == "answer":
            assert not body["abstained"] and "13 billion" in body["answer"] or "130억" in body["answer"], body["answer"]
        if want == "abstain":
            assert body["abstained"] and body["citations"] == [], body["answer"]
        text = SEED.read_text(encoding="utf-8")
        assert all(text[c["start"]:c["end"]] == c["text"] for c in body["citations"] + body["closest"])
    assert httpx.get(api + "/healthz").json() == {"status": "ok"}


# ------------------------------------------------------------------------------------------
# Article text with markup is shown as text in the chat page (qa.render over a fake-encoder engine).
HOSTILE_ARTICLE = """Hostile <b>markup</b> test

The <script>alert('pwned')</script> company invested $5 billion in Zeta.
Zeta said <img src=x onerror=alert(1)> the plant will employ 700 people.
Investors called it **huge** [click](javascript:alert(1)) and $$\\frac{1}{0}$$ `rm -rf /` {{7*7}} ${7*7}.
"""

RENDER = [
    ("script tag in article", "How much did the company invest in Zeta?", "<script", "&#60;script&#62;"),
    ("img onerror in article", "How many people will the plant employ?", "<img", "&#60;img src=x onerror=alert(1)&#62;"),
    ("markdown link in article", "What did investors call it?", "](javascript", "&#91;click&#93;"),
    ("latex in article", "What did investors call it?", "$$", "&#36;&#36;"),
    ("template braces in article", "What did investors call it?", "{{7*7}}", "&#123;&#123;7&#42;7&#125;&#125;"),
]


@pytest.fixture(scope="module")
def hostile_engine(tmp_path_factory, kiwi):
    from index import store
    from qa.engine import Engine

    corpus = tmp_path_factory.mktemp("hostile") / "corpus"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    idx = store.build(corpus, corpus.parent / "idx", FakeEncoder(), kiwi)
    return Engine(index=idx, encoder=FakeEncoder(), kiwi=kiwi)


@pytest.mark.parametrize("case,question,raw,escaped", RENDER, ids=[c[0] for c in RENDER])
def test_rendered_article_text_is_escaped(hostile_engine, case, question, raw, escaped):
    from qa.render import render_answer

    eng = hostile_engine

    def context(doc_id, sentence_id):
        s = eng.index.sentences[sentence_id]
        return eng.index.articles[doc_id].text, (s.para_start, s.para_end)

    ans = eng.ask(question).to_dict()
    cited = ans["citations"] + ans["closest"]
    assert cited
    # show every sentence of the article, so each hostile piece is rendered at least once
    every = [{"n": i + 1, "doc_id": s.doc_id, "title": eng.index.articles[s.doc_id].title, "sentence_id": s.sent_id,
              "start": s.start, "end": s.end, "text": s.text, "score": 0.0} for i, s in enumerate(eng.index.sentences)]
    page = render_answer({**ans, "citations": every, "abstained": False}, context) + render_answer(ans, context)
    assert raw not in page and escaped in page
    assert "<b>markup</b>" not in page and "&#60;b&#62;markup&#60;/b&#62;" in page  # the title too


def test_apostrophes_render_as_apostrophes():
    from qa.render import esc

    assert html.unescape(esc("Lee's plant")) == "Lee's plant"


# ------------------------------------------------------------------------------------------
# The chat page over Gradio's HTTP API (real model, one server). Outcome: the text shown, escaped.
CHAT = [
    ("empty message", "", "nothing"),
    ("whitespace message", " \n\t ", "nothing"),
    ("1 MB message", "질" * MB, "too long"),
    ("HTML/JS message", "<script>alert(1)</script><img src=x onerror=alert(1)>", "escaped"),
    ("Markdown message", "**bold** [x](javascript:alert(1)) $$x$$", "escaped"),
    ("control characters", "\x00\x1b[31m" + EN, "answer"),
    ("emoji and RTL", "🤔\u202e " + KO, "answer"),
]


@pytest.fixture(scope="module")
def chat(api):
    from gradio_client import Client

    return Client(api + "/", verbose=False)


def _text(message) -> str:
    c = message["content"]
    return c if isinstance(c, str) else "".join(p.get("text", "") for p in c)


@pytest.mark.slow
@pytest.mark.parametrize("case,message,want", CHAT, ids=[c[0] for c in CHAT])
def test_chat(api, chat, case, message, want):
    history, box = chat.predict(message, [], "All articles", api_name="/respond")
    if want == "nothing":
        assert history == [] and box == ""
    else:
        user, reply = _text(history[-2]), _text(history[-1])
        assert "<script" not in user + reply and "<img" not in user + reply
        if want == "too long":
            assert "too long" in reply and "Traceback" not in reply
        if want == "escaped":
            assert "&#60;script&#62;" in user or "&#91;x&#93;" in user
        if want == "answer":
            assert "13 billion" in html.unescape(reply) or "130억" in reply
    assert httpx.get(api + "/healthz").json() == {"status": "ok"}


# ------------------------------------------------------------------------------------------
# python -m qa ask, in process with the fake encoder (the exit code and stderr are what a user sees).
@pytest.fixture
def fake_model(monkeypatch):
    import index.embed
    import qa.engine

    fake = lambda *a, **k: FakeEncoder()  # noqa: E731
    monkeypatch.setattr(qa.engine, "load_encoder", fake)
    monkeypatch.setattr(index.embed, "load_encoder", fake)
    for k in [k for k in os.environ if k.startswith("NEWSQA_")]:
        monkeypatch.delenv(k)


@pytest.fixture
def tiny_index(tiny_corpus, tmp_path, kiwi):
    from index import store

    store.build(tiny_corpus, tmp_path / "idx", FakeEncoder(), kiwi)
    return tmp_path / "idx"


def _batch(tmp_path, data: bytes) -> str:
    p = tmp_path / "questions.txt"
    p.write_bytes(data)
    return str(p)


# (id, argv builder(tmp_path, index) -> argv, exit code, stderr must contain / stdout check)
CLI = [
    ("no arguments", lambda t, i: [], 2, "required"),
    ("ask without a question", lambda t, i: ["ask"], 2, "give either a QUESTION or --batch"),
    ("question and batch", lambda t, i: ["ask", "q", "--batch", "-"], 2, "give either"),
    ("empty question", lambda t, i: ["ask", "", "--index", str(i)], 2, "the question is empty"),
    ("whitespace question", lambda t, i: ["ask", " \t\n", "--index", str(i)], 2, "the question is empty"),
    ("unknown flag", lambda t, i: ["ask", "q", "--bogus"], 2, "unrecognized arguments"),
    ("1 MB question", lambda t, i: ["ask", "가" * MB, "--index", str(i)], 1, "too long"),
    ("path-like article", lambda t, i: ["ask", "Bravo?", "--article", "../../etc/passwd", "--index", str(i)], 1, "unknown article"),
    ("missing index", lambda t, i: ["ask", "Bravo?", "--index", str(t / "nope")], 1, "no index at"),
    ("index is a file", lambda t, i: ["ask", "Bravo?", "--index", str(i / "manifest.json")], 1, "no index at"),
    ("missing batch file", lambda t, i: ["ask", "--batch", str(t / "nope.txt"), "--index", str(i)], 1, "No such file"),
    ("binary batch file", lambda t, i: ["ask", "--batch", _batch(t, b"\xff\xfe\x00\x81"), "--index", str(i)], 1, "utf-8"),
    ("undecodable argv", lambda t, i: ["ask", "Bravo \udcff?", "--index", str(i)], 1, "error:"),
    ("control characters", lambda t, i: ["ask", "\x1b[2J\x07Where will Bravo open a plant?", "--index", str(i), "--json"], 0, "Ohio"),
    ("emoji and RTL", lambda t, i: ["ask", "🤔\u202e Where will Bravo open a plant?", "--index", str(i)], 0, "Ohio"),
    ("HTML question as JSON", lambda t, i: ["ask", "<script>alert(1)</script>", "--index", str(i), "--json"], 0, "<script>"),
    ("batch with blank lines", lambda t, i: ["ask", "--batch", _batch(t, b"\n \nWhere will Bravo open a plant?\n\n"),
                                             "--index", str(i), "--json"], 0, "Ohio"),
]


@pytest.mark.parametrize("case,argv,code,expect", CLI, ids=[c[0] for c in CLI])
def test_cli(fake_model, tiny_index, tmp_path, capsys, case, argv, code, expect):
    from qa.cli import main

    try:
        rc = main(argv(tmp_path, tiny_index))
    except SystemExit as e:  # argparse usage errors
        rc = e.code
    out, err = capsys.readouterr()
    assert rc == code, (out, err)
    assert "Traceback" not in out + err
    if code:
        assert err.strip().count("\n") <= 1 and expect in err  # usage line + error line at most
    else:
        assert expect in out
        if "--json" in argv(tmp_path, tiny_index):
            assert all(json.loads(line) for line in out.splitlines())


# ------------------------------------------------------------------------------------------
# python -m index build over broken corpora (fake encoder): skip with a reason, or a one-line error.
def _write(name, data):
    def make(d: Path):
        p = d / name
        if callable(data):
            data(p)
        else:
            p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return make


def _huge(p: Path):  # 50 MB, sparse-free but fast to write
    with open(p, "wb") as fh:
        line = ("기사 본문이다. " * 100 + "\n").encode("utf-8")
        while fh.tell() < 50 * MB:
            fh.write(line * 100)


# (id, files to add to the tiny corpus or None for an empty dir, exit code, skipped file -> reason part | stderr part)
BUILD = [
    ("empty corpus dir", [], 1, "no usable article"),
    ("only an empty file", [_write("empty.txt", b"")], 1, "no usable article"),
    ("only whitespace", [_write("blank.md", " \n\t\r\n\u3000")], 1, "no usable article"),
    ("missing corpus dir", None, 1, "corpus directory not found"),
    ("binary file", [_write("bin.txt", os.urandom(4096) + b"\0")], 0, {"bin.txt": "binary"}),
    ("EUC-KR file", [_write("euckr.txt", "한국 경제 기사\n\n금리가 올랐다.".encode("euc-kr"))], 0, {"euckr.txt": "not UTF-8"}),
    ("UTF-16 LE file", [_write("u16le.txt", "\ufeff한국 기사\n\n내용이다.".encode("utf-16-le"))], 0, {"u16le.txt": "UTF-16"}),
    ("UTF-16 BE file", [_write("u16be.txt", "\ufeffKorean news\n\nBody.".encode("utf-16-be"))], 0, {"u16be.txt": "UTF-16"}),
    ("Latin-1 file", [_write("latin1.txt", "Café news\n\nPrices rose 5%.".encode("latin-1"))], 0, {"latin1.txt": "not UTF-8"}),
    ("50 MB file", [_write("huge.txt", _huge)], 0, {"huge.txt": "larger than"}),
    ("one 1 MB line", [_write("line.txt", "투자했다" * (MB // 4))], 0, {"line.txt": "a line of"}),
    ("same doc id twice", [_write("Alpha.md", "Other alpha\n\nText.")], 0, {"alpha.txt": "already used"}),  # sorted: Alpha.md first
    ("UTF-8 BOM and CRLF", [_write("bom.txt", "\ufeffBOM title\r\n\r\nThe BOM plant cost $3 billion.\r\n")], 0, {}),
    ("HTML article", [_write("html.md", "<h1>T</h1>\n\n<script>alert(1)</script> The plant cost $3 billion.")], 0, {}),
    ("control characters", [_write("ctl.txt", "Ctl title\n\n\x1b[31mRed\x07 text.\x0b\x0c More text.")], 0, {}),
    ("emoji, RTL and rare CJK", [_write("mix.txt", "😀 제목 🚀\n\nשלום עולם. مرحبا. 𠀀𪚥 기사다.")], 0, {}),
    ("title only", [_write("title.txt", "Just a title")], 0, {}),
    ("long Korean line under the limit", [_write("long.txt", "긴 기사\n\n" + "가나다라마바사아자차" * 4000)], 0, {}),
]


@pytest.mark.parametrize("case,files,code,expect", BUILD, ids=[c[0] for c in BUILD])
def test_build(fake_model, tiny_corpus, tmp_path, capsys, case, files, code, expect):
    from index import store
    from index.cli import main

    corpus = tiny_corpus
    if files is None:
        corpus = tmp_path / "missing"
    elif not files or code == 1:
        corpus = tmp_path / "only"
        corpus.mkdir()
    for make in files or []:
        make(corpus)
    t0 = time.perf_counter()
    rc = main(["build", str(corpus), "--out", str(tmp_path / "idx"), "--quiet"])
    took = time.perf_counter() - t0
    out, err = capsys.readouterr()
    assert rc == code, (out, err)
    assert "Traceback" not in out + err and took < 30, took
    if code:
        assert err.count("\n") == 1 and err.startswith("error: ") and expect in err
        assert not (tmp_path / "idx").exists()
        return
    idx = store.load(tmp_path / "idx")
    skipped = {Path(s["path"]).name: s["reason"] for s in idx.manifest["skipped"]}
    assert set(skipped) == set(expect)
    assert all(part in skipped[name] for name, part in expect.items())
    assert {"alpha", "bravo"} <= set(idx.articles)
    for s in idx.sentences:
        assert idx.articles[s.doc_id].text[s.start:s.end] == s.text
    for name in expect:
        assert f"skipped {corpus / name}" in err


def test_matrix_size():
    assert len(API) + len(RENDER) + len(CHAT) + len(CLI) + len(BUILD) >= 40
