"""Headless Debian chromium against the real server: the chat page, the widget on a foreign page, XSS, CORS.

The app runs at http://127.0.0.1:P1 and allows one other origin, http://localhost:P2, where a
second tiny server hosts pages that embed the widget with the README snippet. The same pages
reached as http://127.0.0.1:P2 are a different origin that is not allowed.
"""
import functools
import os
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
KO = "마이크로소프트는 오픈AI에 얼마를 투자했나요?"
EN = "How much has Microsoft invested in OpenAI?"
SPAN = "$13 billion(130억 달러) 이상"
XSS = '<img src=x onerror="window.__pwned=1">'
HOSTILE = "div, p, button, input, span { display:none !important; color: red !important; font-size: 40px !important }"
WAIT = 60_000


def readme_snippet(kind: str) -> str:
    """The first ```html block of the README that contains ``kind``."""
    blocks = re.findall(r"```html\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S)
    return next(b for b in blocks if kind in b)


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (bash .ci/setup --dev)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def host_site(tmp_path_factory):
    """A static site on its own loopback port: (directory, port)."""
    root = tmp_path_factory.mktemp("host-site")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield root, httpd.server_address[1]
    httpd.shutdown()
    t.join(10)


@pytest.fixture(scope="module")
def server(serve_app, real_engine, host_site):
    return serve_app(real_engine, allowed_origins=f"http://localhost:{host_site[1]}", rate_limit=0)


@pytest.fixture(scope="module")
def pages(host_site, server):
    """Host pages embedding the README snippets: {name: path}."""
    root, _ = host_site
    script = readme_snippet("<newsqa-widget").replace("https://qa.example.com", server)
    frame = readme_snippet("<iframe").replace("https://qa.example.com", server)
    head = "<!doctype html><html><head><meta charset='utf-8'><title>A host page</title>"
    (root / "widget.html").write_text(
        f"{head}<style>{HOSTILE}</style></head><body><h1>Someone's blog</h1><p>Hidden by the host's CSS.</p>"
        f"{script}</body></html>", encoding="utf-8")
    (root / "frame.html").write_text(f"{head}</head><body><h1>Framed</h1>{frame}</body></html>", encoding="utf-8")
    return {"widget": "/widget.html", "frame": "/frame.html"}


def watch(page):
    """Record every request's URL and every uncaught page error."""
    seen = {"urls": [], "errors": []}
    page.on("request", lambda r: seen["urls"].append(r.url))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    return seen


def hosts(urls) -> set:
    return {urlsplit(u).hostname for u in urls if u.startswith(("http:", "https:", "ws:", "wss:"))}


def test_chat_page(browser, server):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1100, "height": 1000})
    seen = watch(page)
    page.goto(server + "/")
    box = page.locator("#nqa-input textarea")
    chat = page.locator("#nqa-chat")
    for i, q in enumerate((KO, EN)):
        box.fill(q)
        box.press("Enter")
        expect(chat.locator("mark.nqa-span")).to_have_count(i + 1, timeout=WAIT)
    marks = chat.locator("mark.nqa-span")
    for i in range(2):
        expect(marks.nth(i)).to_be_visible()
        expect(marks.nth(i)).to_have_text(SPAN)
    expect(chat.locator(".nqa-n").first).to_have_text("[1]")
    expect(chat.get_by_text(EN, exact=True)).to_be_visible()
    assert chat.locator(".nqa-answer").nth(1).inner_text().startswith("$13 billion")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)

    box.fill(XSS)
    box.press("Enter")
    expect(chat.get_by_text(XSS, exact=True)).to_be_visible(timeout=WAIT)  # shown as text
    expect(chat.locator(".nqa-answer")).to_have_count(3, timeout=WAIT)
    assert chat.locator("img[src='x']").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"

    assert hosts(seen["urls"]) == {"127.0.0.1"}, sorted(set(seen["urls"]))
    assert not seen["errors"]
    print(f"\nchat page: {len(seen['urls'])} requests, hosts {sorted(hosts(seen['urls']))}")
    page.close()


def test_widget_on_a_foreign_page(browser, server, host_site, pages):
    from playwright.sync_api import expect

    origin = f"http://localhost:{host_site[1]}"
    page = browser.new_page(viewport={"width": 760, "height": 900})
    seen = watch(page)
    page.goto(origin + pages["widget"])
    expect(page.locator("body > p")).to_be_hidden()  # the hostile stylesheet is in force outside
    widget = page.locator("newsqa-widget")
    assert widget.evaluate("e => !!e.shadowRoot && customElements.get('newsqa-widget') !== undefined")
    host = widget.evaluate("e => { const s = getComputedStyle(e); return [s.display, s.borderTopWidth, s.borderTopStyle] }")
    assert host == ["block", "1px", "solid"]

    examples = widget.locator("button.ex")
    expect(examples).to_have_count(3)
    expect(examples.first).to_have_text(KO)  # lang="ko"
    box = widget.locator("input[name=question]")
    expect(box).to_be_visible()
    assert box.get_attribute("aria-label") and widget.locator("ol.msgs").get_attribute("aria-live") == "polite"
    box.fill(KO)
    box.press("Enter")
    mark = widget.locator("mark.nqa-span")
    expect(mark).to_have_text(SPAN, timeout=WAIT)
    expect(mark).to_be_visible()
    expect(widget.locator(".cite .n").first).to_have_text("[1]")
    expect(widget.locator(".answer").first).to_contain_text("$13 billion")
    style = mark.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).fontSize]")
    assert style[0] != "rgb(255, 0, 0)" and style[1] != "40px", style
    for sel in ("button.send", "input", ".answer", ".sent", "li.user"):
        el = widget.locator(sel).first
        expect(el).to_be_visible()
        css = el.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).fontSize, getComputedStyle(e).display]")
        assert css[0] != "rgb(255, 0, 0)" and css[1] != "40px" and css[2] != "none", (sel, css)

    box.fill("And Amazon?")  # a follow-up: the widget sends the history
    box.press("Enter")
    expect(widget.locator(".resolved")).to_have_count(1, timeout=WAIT)
    expect(widget.locator(".resolved")).to_contain_text("이렇게 이해했습니다")

    ARTIFACTS.mkdir(exist_ok=True)
    widget.screenshot(path=str(ARTIFACTS / "widget.png"))
    page.screenshot(path=str(ARTIFACTS / "widget-page.png"), full_page=True)
    docs = REPO / "docs" / "widget.png"
    if not docs.exists() or os.environ.get("UPDATE_DOCS") == "1":
        docs.parent.mkdir(exist_ok=True)
        shutil.copyfile(ARTIFACTS / "widget.png", docs)

    box.fill("What is the population of Seoul?")  # the article does not say: closest passages, apart
    box.press("Enter")
    expect(widget.locator(".answer.abstained")).to_have_count(1, timeout=WAIT)
    expect(widget.locator(".label").last).to_have_text("가장 가까운 문장 (답이 아님)")
    assert widget.locator(".cites.closest .cite").count() >= 1 and widget.locator(".cites.closest .n").count() == 0

    box.fill(XSS)
    box.press("Enter")
    expect(widget.locator("li.user").last).to_have_text(XSS, timeout=WAIT)
    expect(widget.locator("li.loading")).to_have_count(0, timeout=WAIT)
    assert widget.locator("img").count() == 0 and page.locator("img").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"

    api = [u for u in seen["urls"] if u.startswith(server + "/api/")]
    assert hosts(seen["urls"]) == {"localhost", "127.0.0.1"} and len(api) == 4
    assert not seen["errors"]
    print(f"\nwidget page: {len(seen['urls'])} requests ({len(api)} to /api/ask), hosts {sorted(hosts(seen['urls']))}")
    page.close()


def test_widget_in_an_iframe(browser, server, host_site, pages):
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(f"http://localhost:{host_site[1]}" + pages["frame"])
    widget = page.frame_locator("iframe").locator("newsqa-widget")
    box = widget.locator("input[name=question]")
    box.fill(EN)
    box.press("Enter")
    expect(widget.locator("mark.nqa-span")).to_have_text(SPAN, timeout=WAIT)
    page.close()


def test_widget_error_states(browser, serve_app, real_engine):
    from playwright.sync_api import expect

    base = serve_app(real_engine, rate_limit=2, max_question_chars=30)
    page = browser.new_page()
    page.goto(base + "/embed?article=openai-amazon&lang=en")  # same origin: no CORS needed
    widget = page.locator("newsqa-widget")
    box = widget.locator("input[name=question]")
    expect(widget.locator("button.ex").first).to_have_text(EN)  # lang="en"
    box.focus()
    page.keyboard.press("Tab")
    assert widget.evaluate("e => e.shadowRoot.activeElement.className") == "send"
    box.fill(EN)  # 42 characters: the server's 422 text is shown
    box.press("Enter")
    expect(widget.locator("li.error")).to_have_text(re.compile(r"the question is too long \(42 characters, at most 30\)"),
                                                    timeout=WAIT)
    box.fill("Microsoft invested?")
    box.press("Enter")
    expect(widget.locator("mark.nqa-span")).to_have_count(1, timeout=WAIT)
    box.fill("And Amazon?")  # the third question in a minute
    box.press("Enter")
    expect(widget.locator("li.error").last).to_have_text(re.compile(r"Too many questions, try again in \d+ s"),
                                                         timeout=WAIT)
    page.close()


def test_origin_not_allowed(browser, server, host_site, pages):
    from playwright.sync_api import expect

    other = f"http://127.0.0.1:{host_site[1]}"  # same files, an origin that is not allowed
    page = browser.new_page()
    seen = watch(page)
    answers = []
    page.on("response", lambda r: answers.append(r.status) if r.url == server + "/api/ask" else None)
    page.goto(other + pages["widget"])
    widget = page.locator("newsqa-widget")
    box = widget.locator("input[name=question]")
    box.fill(EN)
    box.press("Enter")
    expect(widget.locator("li.error")).to_have_text(re.compile("Could not reach the server|서버에 연결할 수 없습니다"),
                                                    timeout=WAIT)
    assert widget.locator("mark").count() == 0 and not answers  # the POST never got through the preflight
    failed = page.evaluate("""async (url) => {
        try { await fetch(url); return "read"; } catch (e) { return e.name; } }""", server + "/api/articles")
    assert failed == "TypeError"
    pre = {"Origin": other, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    r = httpx.options(server + "/api/ask", headers=pre)
    assert r.status_code == 400 and "access-control-allow-origin" not in r.headers
    r = httpx.get(server + "/api/articles", headers={"Origin": other})
    assert "access-control-allow-origin" not in r.headers
    allowed = {**pre, "Origin": f"http://localhost:{host_site[1]}"}
    assert httpx.options(server + "/api/ask", headers=allowed).headers["access-control-allow-origin"] == allowed["Origin"]
    print(f"\ndisallowed origin: {len(seen['urls'])} requests, /api/ask responses seen: {answers}")

    page.goto(other + pages["frame"])  # /embed refuses to be framed here (frame-ancestors)
    frame = page.main_frame.child_frames[0]
    for _ in range(50):  # chromium swaps the refused frame for its error page
        if frame.url.startswith("chrome-error:"):
            break
        page.wait_for_timeout(100)
    assert frame.url.startswith("chrome-error:") and frame.evaluate("() => !document.querySelector('newsqa-widget')")
    page.close()
