"""Load: 16 clients for 15 s against a real ``python app.py`` (see bench/load.py for the 60 s run), and
answers under concurrency equal to sequential ones in process."""
import json
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

pytestmark = pytest.mark.slow

QUESTIONS = ["How much has Microsoft invested in OpenAI?", "마이크로소프트는 오픈AI에 얼마를 투자했나요?",
             "아마존은 앤트로픽에 얼마를 투자했나?", "When did AWS announce the Inferentia chip?", "우선 구매권이란 무엇인가요?",
             "테슬라 주가는?", "Who is the CEO of OpenAI?"]


def test_fifteen_seconds_of_mixed_load(real_cache):
    from bench.load import run

    s = run(seconds=15, clients=16, rate_limit=120, cache_dir=str(real_cache))
    print(json.dumps(s, indent=2))
    assert s["errors_5xx"] == 0 and s["dropped_connections"] == 0, s
    assert s["rss_growth_mb"] < 100, s
    assert s["inconsistent_answers"] == 0, s
    assert s["burster_429"] > 0 and s["retry_after_missing"] == 0 and s["others_429"] == 0, s
    assert s["answered"] > 50 and s["healthy_after"], s


def test_concurrent_answers_equal_sequential(serve_app, real_engine):
    base = serve_app(real_engine, rate_limit=0)
    ask = lambda q: httpx.post(base + "/api/ask", json={"question": q}, timeout=120).json()  # noqa: E731
    sequential = {q: ask(q) for q in QUESTIONS}
    with ThreadPoolExecutor(12) as pool:
        got = list(pool.map(ask, QUESTIONS * 6))
    assert all(g == sequential[q] for g, q in zip(got, QUESTIONS * 6))


def test_engine_is_thread_safe_in_process(real_engine):
    sequential = {q: real_engine.ask(q).to_dict() for q in QUESTIONS}
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda q: real_engine.ask(q).to_dict(), QUESTIONS * 4))
    assert all(g == sequential[q] for g, q in zip(got, QUESTIONS * 4))


def test_gradio_concurrency_is_set_deliberately(real_engine):
    """Every chat event runs at most 4 at a time (they serialize on the engine lock anyway); none is unlimited."""
    import app

    demo = app.build_ui(real_engine)
    respond = [f for f in demo.fns.values() if getattr(f.fn, "__name__", "") == "respond"]
    assert len(respond) == 2 and all(f.concurrency_limit == 4 for f in respond)
    assert all(f.concurrency_limit is not None for f in demo.fns.values())
