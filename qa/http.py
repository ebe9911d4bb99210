"""The HTTP API: ``/api/ask``, ``/api/articles``, health checks, and the embeddable widget.

``create_api(settings, engine)`` returns a FastAPI app; ``app.py`` mounts the
Gradio chat on it at ``/``. Errors are always ``{"error": "..."}`` with a 4xx
status (500 ``internal error`` for bugs, logged here, never a traceback).

Embedding safety: CORS answers only ``settings.allowed_origins`` (GET and POST,
no credentials); ``/embed`` may be framed by those origins only; ``POST
/api/ask`` is rate limited per client IP (sliding one-minute window) and its
question and history lengths are checked before the engine sees them. There is
no secret anywhere: the API is public by design.
Not here: authentication, and a shared rate limit across several processes.
"""
from __future__ import annotations

import hashlib
import html
import logging
import math
import re
import threading
import time
from collections import deque
from pathlib import Path
from string import Template

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
ASK_PATH = "/api/ask"
MAX_BODY_BYTES = 64 * 1024
MAX_ANSWER_CHARS = 5000  # an answer carried back in the history
WINDOW_S = 60.0
_SURROGATE = re.compile("[\ud800-\udfff]")


# -- request and response records (mirror qa.records) -----------------------------
class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    question: str
    answer: str = ""


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    question: str = Field(description="the question, Korean or English")
    article: str | None = Field(None, description="restrict retrieval to this article id (see /api/articles)")
    history: list[Turn] | None = Field(None, description="earlier turns, oldest first, for follow-up questions")


class SpanOut(BaseModel):
    doc_id: str
    sentence_id: int
    start: int
    end: int
    text: str


class CitationOut(BaseModel):
    n: int
    doc_id: str
    title: str
    sentence_id: int
    start: int
    end: int
    text: str
    score: float


class AnswerOut(BaseModel):
    """Exactly ``qa.records.Answer.to_dict()``: offsets index the article text."""

    question: str
    answer: str
    abstained: bool
    span: SpanOut | None
    citations: list[CitationOut]
    closest: list[CitationOut]
    reason: str | None
    resolved_question: str | None
    spans: list[SpanOut]


class ArticleOut(BaseModel):
    id: str
    title: str
    sentences: int


class ErrorOut(BaseModel):
    error: str


ERRORS = {code: {"model": ErrorOut} for code in (400, 404, 413, 422, 429, 500)}


# -- rate limit ----------------------------------------------------------------------
class SlidingWindow:
    """At most ``limit`` hits per key in any ``window`` seconds; ``limit`` 0 means no limit."""

    def __init__(self, limit: int, window: float = WINDOW_S, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._log: dict[str, deque] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> int:
        """Record a hit; 0 when allowed, else the seconds to wait (rejected hits are not recorded)."""
        if self.limit <= 0:
            return 0
        with self._lock:
            now = self.clock()
            if len(self._log) > 4096:  # forget idle clients
                self._log = {k: q for k, q in self._log.items() if q and q[-1] > now - self.window}
            q = self._log.setdefault(key, deque())
            while q and q[0] <= now - self.window:
                q.popleft()
            if len(q) >= self.limit:
                return max(1, math.ceil(q[0] + self.window - now))
            q.append(now)
            return 0


class AskGuard:
    """ASGI middleware in front of ``POST /api/ask``: rate limit by client IP, then body size."""

    def __init__(self, app, limiter: SlidingWindow):
        self.app, self.limiter = app, limiter

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] == ASK_PATH:
            client = (scope.get("client") or ("unknown", 0))[0]
            wait = self.limiter.hit(client)
            if wait:
                body = {"error": f"too many questions, try again in {wait} s", "retry_after": wait}
                await JSONResponse(body, 429, headers={"Retry-After": str(wait)})(scope, receive, send)
                return
            too_large = JSONResponse({"error": f"the request body is too large (at most {MAX_BODY_BYTES} bytes)"}, 413)
            size = dict(scope["headers"]).get(b"content-length")
            if size is None:  # chunked: no length announced, so read at most the limit before the app sees it
                body = await _read_at_most(receive, MAX_BODY_BYTES)
                if body is None:
                    await too_large(scope, receive, send)
                    return
                receive = _replay(body, receive)
            elif not size.isdigit() or int(size) > MAX_BODY_BYTES:
                await too_large(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def _read_at_most(receive, limit: int) -> bytes | None:
    """The whole request body, or None once it exceeds ``limit`` bytes (or the client went away)."""
    chunks, size, more = [], 0, True
    while more:
        msg = await receive()
        if msg["type"] != "http.request":
            return None
        chunks.append(msg.get("body", b""))
        size += len(chunks[-1])
        if size > limit:
            return None
        more = msg.get("more_body", False)
    return b"".join(chunks)


def _replay(body: bytes, receive):
    """An ASGI ``receive`` that hands over ``body`` once, then defers to the real one (disconnects)."""
    sent = False

    async def again():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return again


# -- error handlers -------------------------------------------------------------------
def _where(loc) -> str:
    out = ""
    for part in loc:
        if part == "body":
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errs = exc.errors()
    first = errs[0] if errs else {}
    if first.get("type") == "json_invalid":
        return JSONResponse({"error": "the request body is not valid JSON"}, 400)
    where = _where(first.get("loc", ()))
    if not where:
        msg = 'the request body must be a JSON object like {"question": "..."}'
    else:
        msg = f"{where}: {first.get('msg', 'invalid value')}"
    return JSONResponse({"error": msg}, 422)


def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = str(exc.detail)
    if exc.status_code == 400 and detail == "There was an error parsing the body":  # bad UTF-8, nesting too deep
        detail = "the request body is not valid JSON (UTF-8, not nested too deeply)"
    return JSONResponse({"error": detail}, exc.status_code, headers=getattr(exc, "headers", None))


def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return JSONResponse({"error": "internal error"}, 500)


def _json_response(obj) -> Response:
    try:
        import orjson
    except ImportError:  # orjson comes with gradio; without it the standard encoder does the same job
        return JSONResponse(obj)
    return Response(orjson.dumps(obj), media_type="application/json")


def _bad(status: int, msg: str) -> JSONResponse:
    return JSONResponse({"error": msg}, status)


# -- the app ------------------------------------------------------------------------
def create_api(settings, engine, limiter: SlidingWindow | None = None) -> FastAPI:
    """FastAPI app with the API routes, CORS, the rate limit and JSON error handlers.

    ``limiter`` lets two apps of one process (``app.py`` serves the API alone until the chat page
    has loaded) share one rate limit; by default a new one from ``settings.rate_limit``."""
    from index.errors import NewsQAError
    from qa.retrieve import UnknownArticleError

    api = FastAPI(title="News Q&A", version="1", docs_url="/docs", redoc_url=None,
                  description="Cited answers over news articles. Every error is {\"error\": \"...\"}.")
    api.add_exception_handler(RequestValidationError, _validation_error)
    api.add_exception_handler(StarletteHTTPException, _http_error)
    api.add_exception_handler(Exception, _internal_error)
    # Starlette runs the last added middleware first: CORS wraps the guard, so a 429 carries CORS headers.
    api.add_middleware(AskGuard, limiter=limiter or SlidingWindow(settings.rate_limit))
    api.add_middleware(CORSMiddleware, allow_origins=list(settings.allowed_origins), allow_methods=["GET", "POST"],
                       allow_headers=["Content-Type"], allow_credentials=False, expose_headers=["Retry-After"],
                       max_age=600)

    manifest = engine.index.manifest
    articles = manifest["articles"]
    widget = (STATIC / "widget.js").read_bytes()
    widget_etag = '"' + hashlib.sha256(widget).hexdigest()[:16] + '"'
    embed = Template((STATIC / "embed.html").read_text(encoding="utf-8"))
    ancestors = " ".join(["'self'", *settings.allowed_origins])

    @api.post(ASK_PATH, response_model=AnswerOut, responses=ERRORS, summary="Answer a question with citations")
    def ask(req: AskRequest):
        question = req.question.strip()
        if len(question) > settings.max_question_chars:
            return _bad(422, f"the question is too long ({len(question)} characters, at most {settings.max_question_chars})")
        history = req.history or []
        if len(history) > settings.max_history:
            return _bad(422, f"the history is too long ({len(history)} turns, at most {settings.max_history})")
        for i, t in enumerate(history):
            if len(t.question) > settings.max_question_chars or len(t.answer) > MAX_ANSWER_CHARS:
                return _bad(422, f"history[{i}] is too long")
        # JSON may escape lone surrogates ("\\ud800"); they are not text and would fail deep in the analyzer
        if any(_SURROGATE.search(x) for x in [question, req.article or "", *(t.question + t.answer for t in history)]):
            return _bad(422, "the request holds an invalid character (a lone UTF-16 surrogate)")
        try:
            ans = engine.ask(question, article=req.article, history=[t.model_dump() for t in history])
        except UnknownArticleError as e:
            return _bad(404, str(e))
        except ValueError as e:  # EmptyQuestionError, QuestionTooLongError: the user can fix it
            return _bad(422, str(e))
        except NewsQAError as e:
            log.error("answering failed: %s", e)
            return _bad(500, "internal error")
        # already the AnswerOut shape (a test checks): skip FastAPI's per-request validation and encoding
        return _json_response(ans.to_dict())

    @api.get("/api/articles", response_model=list[ArticleOut], summary="The articles in the index")
    def list_articles():
        return [{"id": k, "title": v["title"], "sentences": v["count"]} for k, v in articles.items()]

    @api.get("/healthz", summary="The process is up")
    def healthz():
        return {"status": "ok"}

    @api.get("/readyz", summary="The index and model are loaded")
    def readyz():
        return {"status": "ready", "model_id": manifest["model_id"], "index_fingerprint": manifest["corpus_fingerprint"],
                "articles": len(articles), "sentences": len(engine.index.sentences),
                "limits": {"rate_per_minute": settings.rate_limit, "max_question_chars": settings.max_question_chars,
                           "max_history": settings.max_history}}

    @api.get("/widget.js", include_in_schema=False)
    def widget_js(request: Request):
        headers = {"Cache-Control": "public, max-age=300, must-revalidate", "ETag": widget_etag,
                   "X-Content-Type-Options": "nosniff"}
        if request.headers.get("if-none-match") == widget_etag:
            return Response(status_code=304, headers=headers)
        return Response(widget, media_type="text/javascript; charset=utf-8", headers=headers)

    @api.get("/embed", response_class=HTMLResponse, include_in_schema=False)
    def embed_page(article: str | None = None, lang: str = "ko"):
        if article is not None and article not in articles:
            return HTMLResponse(f"<!doctype html><meta charset=utf-8><p>unknown article {html.escape(article)}</p>", 404)
        page = embed.substitute(article=html.escape(article or "", quote=True),
                                lang="en" if lang == "en" else "ko")
        csp = ("default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; "
               f"img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}")
        return HTMLResponse(page, headers={"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff",
                                           "Cache-Control": "no-cache"})

    @api.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    def no_such_endpoint(rest: str, request: Request):
        if rest in ("ask", "articles"):
            allow = "POST" if rest == "ask" else "GET"
            return JSONResponse({"error": f"use {allow} {request.url.path}"}, 405, headers={"Allow": allow})
        return _bad(404, f"no such endpoint {request.url.path}; see /docs")

    return api
