"""``app.UiLater``: the API answers before the chat page has loaded; the page joins when it is built."""
import threading
import time

from fastapi import FastAPI
from fastapi.testclient import TestClient


def test_api_first_then_the_full_app():
    import app

    api, full, events, gate = FastAPI(), FastAPI(), [], threading.Event()
    api.get("/healthz")(lambda: {"status": "ok"})
    full.get("/healthz")(lambda: {"status": "ok", "ui": True})
    full.get("/")(lambda: {"page": "chat"})
    full.router.on_startup.append(lambda: events.append("full started"))

    def loader():
        gate.wait(10)
        return full

    root = app.UiLater(api, loader)
    with TestClient(root) as c:
        assert c.get("/healthz").json() == {"status": "ok"}  # the API at once
        r = c.get("/")
        assert r.status_code == 503 and r.headers["retry-after"] == "1" and "error" in r.json()
        gate.set()
        for _ in range(100):
            if root.full is not None:
                break
            time.sleep(0.05)
        assert c.get("/").json() == {"page": "chat"} and c.get("/healthz").json() == {"status": "ok"}
        assert events == ["full started"]  # the full app's lifespan ran


def test_a_failing_page_leaves_the_api_up():
    import app

    api = FastAPI()
    api.get("/api/articles")(lambda: [])

    def loader():
        raise RuntimeError("no gradio")

    root = app.UiLater(api, loader)
    with TestClient(root) as c:
        time.sleep(0.2)
        assert c.get("/api/articles").json() == [] and root.full is None


def test_blocking_handlers_run_on_a_few_threads():
    """The API's sync handlers share app.API_THREADS worker threads (not anyio's 40): 16 clients on 2 cores
    then hold less memory and a shorter tail (app.py, bench)."""
    import anyio.to_thread

    import app

    api = FastAPI()

    @api.get("/api/limit")
    async def limit():
        return {"tokens": anyio.to_thread.current_default_thread_limiter().total_tokens}

    def loader():
        raise RuntimeError("no gradio")

    with TestClient(app.UiLater(api, loader)) as c:
        assert c.get("/api/limit").json() == {"tokens": app.API_THREADS}
    assert app.API_THREADS >= 4
