"""Bounded load test on loopback: ``python -m bench.load [--seconds 60] [--clients 16] [--rate-limit 120]``.

Starts ``python app.py`` as a subprocess (its own temporary index over ``--corpus``), asks every
question once sequentially for reference answers, then runs ``--clients`` threads for ``--seconds``:
client 0 bursts as fast as it can (it must get 429 with Retry-After), the others stay under the rate
limit with a mix of valid questions, follow-ups, invalid requests and GETs (they must never get 429).
Reports requests served, status counts, 5xx, dropped connections, p50/p95 latency of answered
questions, answers that differ from the sequential ones, and the server's RSS at start and end.
Exit code 0 when all checks pass, 1 otherwise. Each client is told apart by ``X-Forwarded-For``,
which uvicorn trusts from 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "How much has Microsoft invested in OpenAI?",
    "마이크로소프트는 오픈AI에 얼마를 투자했나요?",
    "아마존은 앤트로픽에 얼마를 투자했나?",
    "When did AWS announce the Inferentia chip?",
    "우선 구매권이란 무엇인가요?",
    "테슬라 주가는?",
]
FOLLOW = ("And Amazon?", [{"question": QUESTIONS[0], "answer": ""}])
INVALID = [
    {"json": {"question": ""}},
    {"json": {"question": "x" * 600}},
    {"json": {"question": QUESTIONS[0], "article": "../../etc/passwd"}},
    {"content": b"{not json", "headers": {"content-type": "application/json"}},
    {"json": {"question": 42}},
    {"json": {"question": "q", "history": [{"question": "q"}] * 50}},
]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(corpus: Path, work: Path, rate_limit: int, cache_dir: str | None, log) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSQA_")}
    if cache_dir:
        env["NEWSQA_CACHE_DIR"] = cache_dir
    env.update(TQDM_DISABLE="1", GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1")
    cmd = [sys.executable, str(REPO / "app.py"), "--port", str(port), "--index", str(work / "index"),
           "--corpus", str(corpus), "--rate-limit", str(rate_limit)]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}; see {log.name}")
        try:
            if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                return proc, base
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    proc.kill()
    raise RuntimeError("the server did not become ready in 600 s")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.status: Counter = Counter()
        self.by_client: dict[int, Counter] = {}
        self.latency: list[float] = []
        self.dropped = 0
        self.inconsistent: list[str] = []
        self.retry_after_missing = 0

    def record(self, client: int, status: int | None, seconds: float, answered: bool):
        with self.lock:
            if status is None:
                self.dropped += 1
                return
            self.status[status] += 1
            self.by_client.setdefault(client, Counter())[status] += 1
            if answered:
                self.latency.append(seconds)


def client_loop(i: int, base: str, until: float, stats: Stats, reference: dict, pace: float, seed: int):
    rng = random.Random(seed + i)
    headers = {"X-Forwarded-For": f"198.51.100.{i + 1}"}
    burst = i == 0
    with httpx.Client(base_url=base, headers=headers, timeout=60) as http:
        while time.monotonic() < until:
            roll = rng.random()
            t0 = time.perf_counter()
            try:
                if burst or roll < 0.55:
                    q = rng.choice(QUESTIONS)
                    r = http.post("/api/ask", json={"question": q})
                    if r.status_code == 200 and r.json() != reference[q]:
                        stats.inconsistent.append(q)
                elif roll < 0.65:
                    r = http.post("/api/ask", json={"question": FOLLOW[0], "history": FOLLOW[1]})
                    if r.status_code == 200 and r.json() != reference[FOLLOW[0]]:
                        stats.inconsistent.append(FOLLOW[0])
                elif roll < 0.85:
                    r = http.post("/api/ask", **rng.choice(INVALID))
                else:
                    r = http.get(rng.choice(["/api/articles", "/healthz", "/readyz"]))
                dt = time.perf_counter() - t0
                if r.status_code == 429 and not r.headers.get("retry-after", "").isdigit():
                    stats.retry_after_missing += 1
                stats.record(i, r.status_code, dt, r.status_code == 200 and r.request.url.path == "/api/ask")
            except httpx.TransportError:
                stats.record(i, None, 0.0, False)
            if not burst:
                time.sleep(pace * rng.uniform(0.5, 1.5))


def pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100 * len(xs)))]


def run(seconds: float = 60, clients: int = 16, rate_limit: int = 120, corpus: Path | None = None,
        cache_dir: str | None = None, seed: int = 0, max_rss_growth_mb: float = 100.0) -> dict:
    """Start the server, load it, stop it; return the summary (``ok`` says whether every check passed)."""
    corpus = Path(corpus or REPO / "corpus")
    work = Path(tempfile.mkdtemp(prefix="newsqa-load-"))
    log = open(work / "server.log", "wb")
    proc, base = start_server(corpus, work, rate_limit, cache_dir, log)
    try:
        with httpx.Client(base_url=base, timeout=60, headers={"X-Forwarded-For": "198.51.100.250"}) as http:
            reference = {q: http.post("/api/ask", json={"question": q}).json() for q in QUESTIONS}
            reference[FOLLOW[0]] = http.post("/api/ask", json={"question": FOLLOW[0], "history": FOLLOW[1]}).json()
        rss_start = rss_mb(proc.pid)
        stats = Stats()
        # well-behaved clients send about half the limit: 60 s / (limit / 2) between requests
        pace = 120.0 / max(rate_limit, 1) if rate_limit else 0.05
        until = time.monotonic() + seconds
        threads = [threading.Thread(target=client_loop, args=(i, base, until, stats, reference, pace, seed))
                   for i in range(clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        rss_end = rss_mb(proc.pid)
        healthy = httpx.get(base + "/healthz", timeout=10).status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
    served = sum(stats.status.values())
    burster = stats.by_client.get(0, Counter())
    others_429 = sum(c[429] for k, c in stats.by_client.items() if k != 0)
    summary = {
        "seconds": round(wall, 1), "clients": clients, "rate_limit_per_min": rate_limit,
        "requests_served": served, "requests_per_second": round(served / wall, 1),
        "status": {str(k): v for k, v in sorted(stats.status.items())},
        "errors_5xx": sum(v for k, v in stats.status.items() if k >= 500), "dropped_connections": stats.dropped,
        "answered": len(stats.latency), "p50_ms": round(pct(stats.latency, 50) * 1000, 1),
        "p95_ms": round(pct(stats.latency, 95) * 1000, 1),
        "inconsistent_answers": len(stats.inconsistent), "burster_429": burster[429],
        "others_429": others_429, "retry_after_missing": stats.retry_after_missing,
        "rss_start_mb": round(rss_start, 1), "rss_end_mb": round(rss_end, 1),
        "rss_growth_mb": round(rss_end - rss_start, 1), "healthy_after": healthy, "server_log": str(work / "server.log"),
    }
    checks = {
        "no 5xx": summary["errors_5xx"] == 0, "no dropped connections": stats.dropped == 0,
        "answers equal the sequential ones": not stats.inconsistent,
        "RSS growth under limit": summary["rss_growth_mb"] < max_rss_growth_mb, "healthy after": healthy,
        "burster limited": not rate_limit or (burster[429] > 0 and not stats.retry_after_missing),
        "others unaffected": others_429 == 0,
    }
    summary["failed_checks"] = [k for k, v in checks.items() if not v]
    summary["ok"] = not summary["failed_checks"]
    if summary["ok"]:
        shutil.rmtree(work, ignore_errors=True)
    return summary


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    p.add_argument("--seconds", type=float, default=60, help="how long the clients run (default 60)")
    p.add_argument("--clients", type=int, default=16, help="concurrent clients, one of them bursting (default 16)")
    p.add_argument("--rate-limit", type=int, default=120, help="the server's --rate-limit, per client per minute (default 120)")
    p.add_argument("--corpus", default=None, help="corpus directory (default: ./corpus)")
    p.add_argument("--cache-dir", default=os.environ.get("NEWSQA_CACHE_DIR"), help="model cache (default: $NEWSQA_CACHE_DIR)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = p.parse_args(argv)
    if args.clients < 2 or args.seconds <= 0:
        p.error("need --clients >= 2 and --seconds > 0")
    try:
        s = run(args.seconds, args.clients, args.rate_limit, args.corpus, args.cache_dir)
    except RuntimeError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(s, indent=2))
    else:
        for k, v in s.items():
            print(f"{k:>24}: {v}")
    return 0 if s["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
