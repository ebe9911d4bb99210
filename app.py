"""The chat page and the HTTP API in one server: Gradio UI at ``/`` over ``qa.http``, served by uvicorn.

``python app.py [--host 127.0.0.1] [--port 7860] [--index DIR] [--corpus DIR] [--allow-origin URL ...]``
builds the index on first run (or when the corpus changed) and serves the chat
at ``/``, the JSON API at ``/api/*`` and the embeddable widget at ``/widget.js``
and ``/embed``. UI only: answering lives in ``qa``, the index in ``index``.
"""
from __future__ import annotations

import argparse
import html
import importlib
import logging
import os
import re
import sys
import threading

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

log = logging.getLogger("newsqa.app")

EXAMPLES = [
    "마이크로소프트는 오픈AI에 얼마를 투자했나요?",
    "How much has Microsoft invested in OpenAI?",
    "아마존은 앤트로픽에 얼마를 투자했나?",
    "When did AWS announce the Inferentia chip?",
    "우선 구매권이란 무엇인가요?",
]
ALL = "All articles"
ORIGIN = re.compile(r"https?://[^/\s,]+|\*")
FRIENDLY_ERROR = "Sorry, something went wrong while answering. Please try again in a moment."

CSS = """
.nqa-answer { font-weight: 600; margin-bottom: .4em; }
.nqa-abstained { color: #8a5a00; }
.nqa-resolved { font-size: .85em; opacity: .75; margin-bottom: .3em; }
.nqa-sources { border-left: 3px solid #9ca3af; padding-left: .6em; margin-top: .3em; }
.nqa-label { font-size: .8em; text-transform: uppercase; letter-spacing: .04em; opacity: .7; }
.nqa-cite { margin: .35em 0; }
.nqa-n { font-weight: 700; }
mark.nqa-span { background: #fde68a; color: inherit; padding: 0 .1em; border-radius: 2px; }
.nqa-meta { font-size: .75em; opacity: .65; }
"""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python app.py",
        description="Serve the cited news Q&A chat page at /, the JSON API at /api/ask and /api/articles, "
                    "and the embeddable widget at /widget.js and /embed.",
        epilog="Endpoints: POST /api/ask, GET /api/articles, GET /healthz, GET /readyz, GET /widget.js, "
               "GET /embed?article=ID, API docs at /docs. Each option also reads its NEWSQA_* variable.")
    p.add_argument("--host", default=None,
                   help="interface to bind (default: $NEWSQA_HOST or 127.0.0.1, this machine only; "
                        "0.0.0.0 exposes the server to the network — set --allow-origin and read SECURITY.md first)")
    p.add_argument("--port", type=int, default=None, help="port (default: $NEWSQA_PORT or 7860)")
    p.add_argument("--index", default=None, help="index directory (default: $NEWSQA_INDEX or one per corpus in the cache)")
    p.add_argument("--corpus", default=None, help="corpus directory (default: $NEWSQA_CORPUS or ./corpus); "
                                                  "the index is rebuilt when it changes")
    p.add_argument("--model", default=None, help="embedding model dir or hub name (default: $NEWSQA_MODEL or bundled e5-small)")
    p.add_argument("--cache-dir", default=None, help="cache directory (default: $NEWSQA_CACHE_DIR)")
    p.add_argument("--backend", default=None, choices=("onnx", "onnx-int8", "torch"), help="embedding backend: onnx (default; onnxruntime, no torch, same vectors), onnx-int8 (faster, cosine ~0.99 to torch) or torch (sentence-transformers); default: $NEWSQA_BACKEND or onnx")
    p.add_argument("--allow-origin", action="append", default=None, metavar="URL", dest="allow_origin",
                   help="a web origin (scheme://host[:port]) whose pages may call the API and frame /embed; "
                        "repeat for several (default: $NEWSQA_ALLOWED_ORIGINS, comma-separated, else none: only "
                        "pages served by this server itself)")
    p.add_argument("--rate-limit", type=int, default=None, metavar="N",
                   help="questions per minute per client IP on /api/ask, 0 = unlimited "
                        "(default: $NEWSQA_RATE_LIMIT or 30)")
    p.add_argument("--max-question-chars", type=int, default=None, metavar="N",
                   help="longest question accepted by /api/ask (default: $NEWSQA_MAX_QUESTION_CHARS or 500)")
    p.add_argument("--max-history", type=int, default=None, metavar="N",
                   help="most earlier turns accepted by /api/ask (default: $NEWSQA_MAX_HISTORY or 10)")
    return p


def build_ui(engine):
    """The Gradio Blocks for one engine."""
    import gradio as gr

    from qa.render import esc, render_answer

    articles = engine.index.manifest["articles"]
    choices = [(ALL, ALL)] + [(f"{v['title']} ({k})", k) for k, v in articles.items()]

    def context(doc_id, sentence_id):
        s = engine.index.sentences[sentence_id]
        return engine.index.articles[doc_id].text, (s.para_start, s.para_end)

    def respond(message, history, article):
        message = (message or "").strip()
        history = list(history or [])
        if not message:
            return history, ""
        turns = [{"question": unesc(h["content"])} for h in history if h.get("role") == "user"]
        try:
            ans = engine.ask(message, article=None if article in (None, ALL) else article, history=turns).to_dict()
            reply = render_answer(ans, context)
        except ValueError as e:  # empty or too long question: the user can fix it
            reply = f"<div class='nqa-answer nqa-abstained'>{str(e)}</div>"
        except Exception:  # never show a traceback in the page
            log.exception("answering failed")
            reply = f"<div class='nqa-answer nqa-abstained'>{FRIENDLY_ERROR}</div>"
        history += [{"role": "user", "content": esc(message)}, {"role": "assistant", "content": reply}]
        return history, ""

    with gr.Blocks(title="News Q&A", analytics_enabled=False) as demo:
        gr.Markdown("## News Q&A\nAsk about the article in Korean or English. Answers quote the article and cite "
                    "the sentence; when the article does not say, the answer says so.")
        article = gr.Dropdown(choices=choices, value=ALL, label="Article", visible=len(choices) > 2, elem_id="nqa-article")
        chat = gr.Chatbot(label="Chat", height=480, latex_delimiters=[], elem_id="nqa-chat", sanitize_html=True)
        with gr.Row():
            box = gr.Textbox(placeholder="질문을 입력하세요 / Ask a question", show_label=False, scale=5,
                             elem_id="nqa-input", max_lines=4)
            send = gr.Button("Ask", variant="primary", scale=1, elem_id="nqa-send")
        gr.Examples(EXAMPLES, inputs=box, label="Examples")
        for trigger in (box.submit, send.click):
            trigger(respond, [box, chat, article], [chat, box], concurrency_limit=4)
        gr.Button("Clear chat", size="sm").click(lambda: ([], ""), None, [chat, box])
    return demo


def unesc(content) -> str:
    """The user's question back from its escaped chat message (see ``qa.render.esc``)."""
    text = content if isinstance(content, str) else "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return html.unescape(text.replace("<br>", "\n"))


def theme():
    import gradio as gr

    # System fonts only: the default theme would fetch Google Fonts from a CDN.
    return gr.themes.Default(font=["ui-sans-serif", "system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"])


def create_app(settings, engine, limiter=None):
    """The HTTP API (``qa.http``) with the chat mounted at /."""
    import gradio as gr

    from qa.http import create_api

    return gr.mount_gradio_app(create_api(settings, engine, limiter), build_ui(engine), path="/", theme=theme(),
                               css=CSS, footer_links=[], show_error=False, enable_monitoring=False, ssr_mode=False)


# Worker threads for the API's blocking handlers (anyio's default is 40). Answers run one encoder call per core
# (index.lanes.Lanes), so more threads only wait for the GIL and keep their own malloc arenas and Korean
# analyzer heaps. 16 HTTP clients on 2 cores (python -m bench --http --quick): 4 threads held the app at 470 MiB
# after the load against 484 MiB with 40, and p95/p99 at 154-156/158 ms against 158-177/175-188 ms.
API_THREADS = max(4, 2 * (os.cpu_count() or 1))


class UiLater:
    """The server's root ASGI app: the JSON API answers as soon as the engine is loaded, and the chat page
    (Gradio, ~3 s to import) joins when ``ui_loader`` has built the full app in a worker thread.

    Until then ``/`` and the Gradio paths answer 503 with ``Retry-After: 1``. The API paths always go to
    the API app (the same routes as the full app's, one shared rate limit, without Gradio's middleware). The full app's lifespan (Gradio's queue) is
    started here, since uvicorn only starts the root app's."""

    def __init__(self, api, ui_loader):
        self.api, self.full, self._loader = api, None, ui_loader
        self._lifespan = None  # (receive queue, task) of the full app's lifespan

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            return await self._serve_lifespan(receive, send)
        path = scope.get("path", "")
        if scope["type"] == "http" and (path.startswith(("/api/", "/healthz", "/readyz", "/widget.js", "/embed"))
                                        or path in ("/docs", "/openapi.json")):
            return await self.api(scope, receive, send)  # always: the same routes, without Gradio's middleware
        if self.full is not None:
            return await self.full(scope, receive, send)
        if scope["type"] == "http":
            from fastapi.responses import JSONResponse

            return await JSONResponse({"error": "the chat page is starting; try again in a second"}, 503,
                                      headers={"Retry-After": "1"})(scope, receive, send)
        await send({"type": "websocket.close", "code": 1013})

    async def _serve_lifespan(self, receive, send):
        import asyncio

        while True:
            msg = await receive()
            if msg["type"] == "lifespan.startup":
                import anyio.to_thread

                anyio.to_thread.current_default_thread_limiter().total_tokens = API_THREADS
                self._task = asyncio.get_running_loop().create_task(self._mount())
                await send({"type": "lifespan.startup.complete"})
            elif msg["type"] == "lifespan.shutdown":
                if self._lifespan is not None:
                    queue, task = self._lifespan
                    await queue.put({"type": "lifespan.shutdown"})
                    await asyncio.wait([task], timeout=5)
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _mount(self):
        import asyncio

        try:
            full = await asyncio.to_thread(self._loader)
            queue, started = asyncio.Queue(), asyncio.Event()
            await queue.put({"type": "lifespan.startup"})

            async def send(msg):
                if msg["type"].startswith("lifespan.startup."):
                    started.set()
                if msg["type"] == "lifespan.startup.failed":
                    log.error("the chat page failed to start: %s", msg.get("message"))

            task = asyncio.get_running_loop().create_task(
                full({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, queue.get, send))
            self._lifespan = (queue, task)
            await started.wait()
            self.full = full
            log.info("chat page ready")
        except Exception:
            log.exception("the chat page could not be built; serving the API only")


def fewer_malloc_arenas(n: int = 2) -> None:
    """glibc gives each new thread its own malloc arena (up to 8 per core), and the API's worker threads
    then keep freed encoder batches resident: ~150 MiB more after 16 concurrent clients. Two arenas
    cost nothing measurable here. Call before threads start; a no-op off glibc."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").mallopt(-8, n)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    fewer_malloc_arenas()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    from index.errors import NewsQAError
    from index.settings import SettingsError, resolve

    try:
        s = resolve(host=args.host, port=args.port, index=args.index, corpus=args.corpus, model=args.model,
                    cache_dir=args.cache_dir, backend=args.backend, rate_limit=args.rate_limit, max_question_chars=args.max_question_chars,
                    max_history=args.max_history,
                    allowed_origins=None if args.allow_origin is None else ",".join(args.allow_origin))
        bad = [o for o in s.allowed_origins if not ORIGIN.fullmatch(o)]
        if bad:
            print(f"error: --allow-origin takes scheme://host[:port], got {', '.join(bad)}", file=sys.stderr)
            return 2
        from index.embed import default_lanes, set_default_backend, set_default_lanes
        from qa.engine import Engine

        set_default_backend(s.backend)  # Engine.open loads the encoder with the process defaults
        set_default_lanes(default_lanes())  # a server: one single-threaded encoder run per core (index.lanes.Lanes)
        # Gradio's import (~3 s) overlaps the engine's loading; the API does not wait for it (UiLater)
        ui_import = threading.Thread(target=importlib.import_module, args=("gradio",), daemon=True)
        ui_import.start()
        engine = Engine.open(s.index, s.model, s.cache_dir, corpus=s.corpus, rebuild_stale=True, top_k=s.top_k)
    except (NewsQAError, SettingsError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    import uvicorn

    from qa.http import SlidingWindow, create_api

    limiter = SlidingWindow(s.rate_limit)
    app = UiLater(create_api(s, engine, limiter), lambda: ui_import.join() or create_app(s, engine, limiter))
    log.info("serving on http://%s:%d/ (allowed origins: %s; %d questions/min per client)", s.host, s.port,
             ", ".join(s.allowed_origins) or "none", s.rate_limit)
    uvicorn.run(app, host=s.host, port=s.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
