/* News Q&A widget — cited answers about a news article, for any web page.

     <script src="https://qa.example.com/widget.js" defer></script>
     <newsqa-widget server="https://qa.example.com" article="openai-amazon" lang="ko"></newsqa-widget>

   Attributes: server (default: where this script came from), article (an id from
   /api/articles; empty = all articles), lang ("ko" or "en"; labels and example
   questions), examples (optional, questions separated by "|"), history (turns sent
   for follow-ups, default 4).
   Self-contained: no dependencies, no build step, everything in an open Shadow DOM
   so the host page's CSS cannot reach inside. All user and article text goes in
   through textContent / text nodes; nothing is ever parsed as HTML. */
(() => {
  "use strict";
  if (!window.customElements || customElements.get("newsqa-widget")) return;

  const SCRIPT_ORIGIN = (() => {
    try { return new URL(document.currentScript.src, location.href).origin; } catch (e) { return ""; }
  })();
  const TIMEOUT_MS = 60000;
  const MAX_CHARS = 500;

  const TEXT = {
    en: {
      title: "Ask the article",
      placeholder: "Ask a question about the article",
      question: "Your question",
      send: "Ask",
      examples: "Example questions",
      log: "Conversation",
      thinking: "Looking in the article…",
      understood: "Understood as: ",
      sources: "Sources",
      closest: "Closest passages (not an answer)",
      network: "Could not reach the server. Check the connection and try again.",
      server: (n) => `The server had a problem (${n}). Please try again.`,
      busy: (s) => `Too many questions, try again in ${s} s.`,
      sample: [
        "How much has Microsoft invested in OpenAI?",
        "When did AWS announce the Inferentia chip?",
        "What is a right of first refusal?",
      ],
    },
    ko: {
      title: "기사에 질문하기",
      placeholder: "기사에 대해 질문하세요",
      question: "질문",
      send: "질문",
      examples: "예시 질문",
      log: "대화",
      thinking: "기사에서 찾는 중…",
      understood: "이렇게 이해했습니다: ",
      sources: "출처",
      closest: "가장 가까운 문장 (답이 아님)",
      network: "서버에 연결할 수 없습니다. 연결을 확인하고 다시 시도하세요.",
      server: (n) => `서버에 문제가 있습니다 (${n}). 다시 시도하세요.`,
      busy: (s) => `질문이 너무 많습니다. ${s}초 후에 다시 시도하세요.`,
      sample: [
        "마이크로소프트는 오픈AI에 얼마를 투자했나요?",
        "아마존은 앤트로픽에 얼마를 투자했나?",
        "우선 구매권이란 무엇인가요?",
      ],
    },
  };

  const CSS = `
:host { all: initial; display: block; box-sizing: border-box; max-width: 42rem; margin: 1rem 0;
  border: 1px solid #d1d5db; border-radius: 10px; background: #fff; color: #111827; text-align: left;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", sans-serif; }
:host([hidden]) { display: none; }
*, *::before, *::after { box-sizing: border-box; }
.root { display: flex; flex-direction: column; gap: .6rem; padding: .8rem; }
.head { font-weight: 700; }
.msgs { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: .5rem;
  max-height: 30rem; overflow-y: auto; }
.msgs:empty { display: none; }
.msg { padding: .5rem .7rem; border-radius: 8px; overflow-wrap: anywhere; }
.user { align-self: flex-end; max-width: 85%; background: #e0e7ff; white-space: pre-wrap; }
.bot { background: #f3f4f6; }
.loading { color: #4b5563; font-style: italic; }
.error { background: #fef2f2; color: #991b1b; }
.resolved { font-size: .85em; color: #4b5563; margin-bottom: .2rem; }
.answer { font-weight: 600; }
.abstained { color: #8a5a00; }
.label { margin-top: .4rem; font-size: .75em; letter-spacing: .04em; text-transform: uppercase; color: #6b7280; }
.cites { list-style: none; margin: .2rem 0 0; padding: 0 0 0 .6rem; border-left: 3px solid #9ca3af; }
.cite { margin: .3rem 0; }
.n { font-weight: 700; margin-right: .3em; }
mark.nqa-span { background: #fde68a; color: inherit; padding: 0 .1em; border-radius: 2px; }
.meta { font-size: .75em; color: #6b7280; }
.examples { display: flex; flex-wrap: wrap; gap: .4rem; }
form { display: flex; gap: .4rem; margin: 0; }
input { flex: 1; min-width: 0; font: inherit; color: inherit; background: #fff; padding: .45rem .6rem;
  border: 1px solid #9ca3af; border-radius: 6px; }
button { font: inherit; cursor: pointer; padding: .45rem .9rem; border-radius: 6px;
  border: 1px solid #4338ca; background: #4338ca; color: #fff; }
button.ex { font-size: .85em; padding: .25rem .6rem; background: #fff; color: #3730a3; border-color: #c7d2fe; }
button:disabled { opacity: .6; cursor: progress; }
:focus-visible { outline: 2px solid #2563eb; outline-offset: 2px; }
`;

  function el(tag, attrs, ...kids) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const kid of kids) node.append(typeof kid === "string" ? document.createTextNode(kid) : kid);
    return node;
  }

  // The cited sentence as text nodes, with each answer span inside it wrapped in <mark>.
  // Offsets count Unicode code points (as Python does), hence Array.from.
  function marked(cite, spans) {
    const chars = Array.from(cite.text || "");
    const out = el("span", { class: "sent" });
    const inside = spans
      .filter((s) => s && s.doc_id === cite.doc_id && s.start >= cite.start && s.end <= cite.end && s.end > s.start)
      .sort((a, b) => a.start - b.start);
    let pos = 0;
    for (const s of inside) {
      const a = s.start - cite.start;
      const b = s.end - cite.start;
      const piece = chars.slice(a, b).join("");
      if (a < pos || (s.text && piece !== s.text)) continue;
      if (a > pos) out.append(document.createTextNode(chars.slice(pos, a).join("")));
      out.append(el("mark", { class: "nqa-span" }, piece));
      pos = b;
    }
    if (pos < chars.length) out.append(document.createTextNode(chars.slice(pos).join("")));
    return out;
  }

  class NewsQAWidget extends HTMLElement {
    static get observedAttributes() { return ["lang", "article", "examples"]; }

    constructor() {
      super();
      this.attachShadow({ mode: "open" });
      this.turns = [];
      this.busy = false;
    }

    connectedCallback() { if (!this.list) this.build(); }

    attributeChangedCallback(name, before, after) {
      if (this.list && before !== after) { this.turns = []; this.build(); }
    }

    get t() {
      const lang = (this.getAttribute("lang") || document.documentElement.lang || "en").toLowerCase();
      return lang.startsWith("ko") ? TEXT.ko : TEXT.en;
    }

    get server() {
      return (this.getAttribute("server") || SCRIPT_ORIGIN || location.origin).replace(/\/+$/, "");
    }

    get maxTurns() {
      const n = parseInt(this.getAttribute("history") || "4", 10);
      return Number.isFinite(n) ? Math.max(0, Math.min(n, 10)) : 4;
    }

    build() {
      const t = this.t;
      const style = document.createElement("style");
      style.textContent = CSS;
      this.list = el("ol", { class: "msgs", role: "log", "aria-live": "polite", "aria-label": t.log });
      const examples = el("div", { class: "examples", role: "group", "aria-label": t.examples });
      const own = (this.getAttribute("examples") || "").split("|").map((q) => q.trim()).filter(Boolean);
      for (const q of own.length ? own : t.sample) {
        const b = el("button", { type: "button", class: "ex" }, q);
        b.addEventListener("click", () => this.ask(q));
        examples.append(b);
      }
      this.input = el("input", { type: "text", name: "question", maxlength: String(MAX_CHARS), autocomplete: "off",
        enterkeyhint: "send", placeholder: t.placeholder, "aria-label": t.question });
      this.button = el("button", { type: "submit", class: "send" }, t.send);
      const form = el("form", { class: "ask", "aria-label": t.title }, this.input, this.button);
      form.addEventListener("submit", (e) => { e.preventDefault(); this.ask(this.input.value); });
      const root = el("div", { class: "root", part: "root" }, el("div", { class: "head" }, t.title),
        this.list, examples, form);
      this.shadowRoot.replaceChildren(style, root);
    }

    add(node) {
      this.list.append(node);
      this.list.scrollTop = this.list.scrollHeight;
      return node;
    }

    setBusy(on) {
      this.busy = on;
      this.button.disabled = on;
      this.list.setAttribute("aria-busy", on ? "true" : "false");
    }

    answer(d) {
      const t = this.t;
      const li = el("li", { class: "msg bot" });
      if (d.resolved_question && d.resolved_question !== d.question) {
        li.append(el("div", { class: "resolved" }, t.understood + d.resolved_question));
      }
      li.append(el("div", { class: d.abstained ? "answer abstained" : "answer" }, String(d.answer)));
      const spans = d.spans && d.spans.length ? d.spans : d.span ? [d.span] : [];
      const items = (d.abstained ? d.closest : d.citations) || [];
      if (items.length) {
        li.append(el("div", { class: "label" }, d.abstained ? t.closest : t.sources));
        const list = el("ol", { class: d.abstained ? "cites closest" : "cites" });
        for (const c of items) {
          const item = el("li", { class: "cite" });
          if (!d.abstained) item.append(el("span", { class: "n" }, `[${c.n}]`));
          item.append(marked(c, d.abstained ? [] : spans));
          item.append(el("div", { class: "meta" }, String(c.title || "")));
          list.append(item);
        }
        li.append(list);
      }
      return li;
    }

    async ask(text) {
      const question = String(text || "").trim();
      if (!question || this.busy) return;
      const t = this.t;
      this.input.value = "";
      this.add(el("li", { class: "msg user" }, question));
      const pending = this.add(el("li", { class: "msg bot loading" }, t.thinking));
      this.setBusy(true);
      const body = {
        question,
        article: this.getAttribute("article") || null,
        history: this.maxTurns ? this.turns.slice(-this.maxTurns) : [],
      };
      let reply;
      try {
        reply = await this.post(body);
      } catch (e) {
        reply = { error: t.network };
      }
      if (reply.answer) {
        pending.replaceWith(this.answer(reply.answer));
        this.turns.push({ question, answer: String(reply.answer.answer) });
      } else {
        pending.replaceWith(el("li", { class: "msg error", role: "alert" }, reply.error));
      }
      this.setBusy(false);
      this.input.focus();
    }

    async post(body) {
      const t = this.t;
      const ctl = new AbortController();
      const timer = setTimeout(() => ctl.abort(), TIMEOUT_MS);
      let res;
      try {
        res = await fetch(this.server + "/api/ask", {
          method: "POST", mode: "cors", credentials: "omit", signal: ctl.signal,
          headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
        });
      } finally {
        clearTimeout(timer);
      }
      let data = null;
      try { data = await res.json(); } catch (e) { data = null; }
      if (res.ok && data && typeof data.answer === "string") return { answer: data };
      if (res.status === 429) {
        const wait = parseInt(res.headers.get("Retry-After") || "", 10) || (data && data.retry_after) || 60;
        return { error: t.busy(wait) };
      }
      if (res.status >= 400 && res.status < 500 && data && typeof data.error === "string") return { error: data.error };
      return { error: t.server(res.status) };
    }
  }

  customElements.define("newsqa-widget", NewsQAWidget);
})();
