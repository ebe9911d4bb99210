"""Shared fixtures: a tiny corpus, a fake encoder for fast tests, the real engine for slow ones."""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = REPO / "corpus" / "openai-amazon.txt"

os.environ.setdefault("TQDM_DISABLE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


class FakeEncoder:
    """Deterministic character-bigram hashing encoder: fast, no model."""

    model_id = "fake/bigram-64"
    dim = 64

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        t = text.lower()
        for a, b in zip(t, t[1:]):
            v[int(hashlib.md5((a + b).encode()).hexdigest(), 16) % self.dim] += 1.0
        n = np.linalg.norm(v)
        return v / n if n else v + 1 / np.sqrt(self.dim)

    def encode_passages(self, texts, batch_size=32, progress=False):
        return np.stack([self._vec(t) for t in texts]).astype(np.float32)

    def encode_queries(self, texts):
        return self.encode_passages(texts)


@pytest.fixture(scope="session")
def kiwi():
    from index.segment import make_kiwi

    return make_kiwi()


@pytest.fixture
def fake_encoder():
    return FakeEncoder()


@pytest.fixture
def tiny_corpus(tmp_path) -> Path:
    dst = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "tiny", dst)
    return dst


@pytest.fixture(scope="session")
def real_cache(tmp_path_factory) -> Path:
    """A model cache shared by the slow tests; NQ_TEST_CACHE reuses one across runs."""
    given = os.environ.get("NQ_TEST_CACHE")
    return Path(given) if given else tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def real_engine(real_cache, tmp_path_factory, kiwi):
    """The real model over the seed article, built once per session."""
    from index import store
    from index.embed import load_encoder
    from qa.engine import Engine

    corpus = tmp_path_factory.mktemp("seed-corpus")
    shutil.copy(SEED, corpus / SEED.name)
    encoder = load_encoder(None, real_cache)
    index = store.build(corpus, tmp_path_factory.mktemp("idx") / "index", encoder, kiwi)
    return Engine(index=index, encoder=encoder, kiwi=kiwi)


@pytest.fixture(scope="session")
def serve_app():
    """Serve ``app.create_app`` under uvicorn in a thread on a free loopback port.

    ``serve_app(engine, **settings) -> "http://127.0.0.1:PORT"``; every server started
    is stopped at the end of the session.
    """
    import socket
    import threading
    import time

    import uvicorn

    import app
    from index.settings import resolve

    running = []

    def start(engine, **flags) -> str:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        config = uvicorn.Config(app.create_app(resolve(env={}, port=port, **flags), engine), host="127.0.0.1",
                                port=port, log_level="warning")
        srv = uvicorn.Server(config)
        t = threading.Thread(target=srv.run, daemon=True)
        t.start()
        running.append((srv, t))
        for _ in range(300):
            if srv.started:
                break
            time.sleep(0.05)
        assert srv.started, "the app server did not start"
        return f"http://127.0.0.1:{port}"

    yield start
    for srv, t in running:
        srv.should_exit = True
    for srv, t in running:
        t.join(10)
