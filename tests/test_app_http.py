"""The app starts, serves the chat page at / and answers over Gradio's HTTP API."""
import html
import socket
import threading
import time

import httpx
import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(real_engine):
    import uvicorn

    import app
    from index.settings import resolve

    port = _free_port()
    settings = resolve(env={}, port=port)
    srv = uvicorn.Server(uvicorn.Config(app.create_app(settings, real_engine), host="127.0.0.1", port=port, log_level="warning"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    t.join(10)


def test_page_and_health(server):
    r = httpx.get(server + "/")
    assert r.status_code == 200 and "<html" in r.text.lower()
    assert "fonts.googleapis" not in r.text
    assert httpx.get(server + "/healthz").json() == {"status": "ok"}


def _text(message) -> str:
    c = message["content"]
    return c if isinstance(c, str) else "".join(p.get("text", "") for p in c)


def test_answers_over_http(server):
    from gradio_client import Client

    client = Client(server + "/", verbose=False)
    history, box = client.predict("How much has Microsoft invested in OpenAI?", [], "All articles", api_name="/respond")
    reply = _text(history[-1])
    assert html.unescape(reply).count("$13 billion") >= 2 and box == ""
    assert "<mark class='nqa-span'>&#36;13 billion(130억 달러) 이상</mark>" in reply
    history, _ = client.predict("<img src=x onerror=alert(1)>", [], "All articles", api_name="/respond")
    assert "<img" not in _text(history[-1])
