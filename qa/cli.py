"""``python -m qa ask "QUESTION" [--json]`` and ``python -m qa ask --batch FILE --json``.

Exit codes: 0 success, 1 runtime error (one line on stderr), 2 usage error.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys

from index.embed import BACKENDS, set_default_backend
from index.errors import NewsQAError
from index.settings import SettingsError, resolve


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m qa", description="Ask questions about the indexed news articles.")
    sub = p.add_subparsers(dest="command", required=True)
    a = sub.add_parser("ask", help="answer one question (or a batch) with cited sentences",
                       description="Answer from the article text with numbered citations; says so when the article "
                                   "does not answer. Build the index first: python -m index build corpus/")
    a.add_argument("question", nargs="?", help="the question (Korean or English)")
    a.add_argument("--batch", metavar="FILE", help="one question per line ('-' for stdin); the model loads once")
    a.add_argument("--index", default=None, help="index directory (default: $NEWSQA_INDEX or the one built for ./corpus)")
    a.add_argument("--corpus", default=None, help="corpus the default index belongs to (default: $NEWSQA_CORPUS or ./corpus)")
    a.add_argument("--article", default=None, metavar="DOC_ID", help="restrict to one article id")
    a.add_argument("--model", default=None, help="model dir or hub name; must match the index (default: $NEWSQA_MODEL)")
    a.add_argument("--cache-dir", default=None, help="model cache directory (default: $NEWSQA_CACHE_DIR)")
    a.add_argument("--backend", default=None, choices=BACKENDS, help="embedding backend: onnx (default; onnxruntime, no torch, same vectors), onnx-int8 (faster, cosine ~0.99 to torch) or torch (sentence-transformers); default: $NEWSQA_BACKEND or onnx")
    a.add_argument("--json", action="store_true", help="print one JSON object per question")
    a.add_argument("--history", metavar="FILE", default=None,
                   help="earlier turns of the conversation, for follow-ups like 'And Amazon?': a JSON list of "
                        "{\"question\", \"answer\"} objects, or plain text with one earlier question per line")
    c = sub.add_parser("chat", help="interactive chat: follow-up questions refer to earlier turns",
                       description="Type questions; 'And Amazon?' or '그건 언제야?' are resolved from the conversation "
                                   "and the resolved question is shown. Empty line or Ctrl-D quits.")
    for flag, kw in (("--index", {}), ("--corpus", {}), ("--article", {"metavar": "DOC_ID"}), ("--model", {}),
                     ("--cache-dir", {}), ("--backend", {"choices": BACKENDS})):
        c.add_argument(flag, default=None, help=f"as for 'ask' ({flag})", **kw)
    c.add_argument("--json", action="store_true", help="print each answer as one JSON object")
    return p


def load_history(path: str) -> list[dict]:
    """Turns from a JSON list of {question, answer} or from lines of plain questions."""
    text = (sys.stdin if path == "-" else open(path, encoding="utf-8")).read()
    try:
        data = json.loads(text)
    except ValueError:
        return [{"question": line.strip(), "answer": ""} for line in text.splitlines() if line.strip()]
    if not isinstance(data, list) or not all(isinstance(t, (dict, str)) for t in data):
        raise ValueError(f"history file {path}: expected a JSON list of {{\"question\": ..., \"answer\": ...}}")
    return [t if isinstance(t, dict) else {"question": t, "answer": ""} for t in data]


def render(ans: dict) -> str:
    lines = [ans["answer"]]
    if ans.get("resolved_question") and ans["resolved_question"] != ans["question"]:
        lines.insert(0, f"(understood as: {ans['resolved_question']})")
    for c in ans["citations"]:
        lines.append(f"  [{c['n']}] {c['text']}  ({c['doc_id']} {c['start']}-{c['end']})")
    if ans["abstained"] and ans.get("closest"):
        lines.append("  closest passages:")
        lines.extend(f"    - {c['text']}  ({c['doc_id']} {c['start']}-{c['end']})" for c in ans["closest"])
    return "\n".join(lines)


def _questions(args) -> list[str]:
    if args.batch is None:
        return [args.question]
    fh = sys.stdin if args.batch == "-" else open(args.batch, encoding="utf-8")
    with fh:
        return [line.strip() for line in fh if line.strip()]


def ask_cmd(args) -> int:
    from qa.engine import Engine

    s = resolve(corpus=args.corpus, index=args.index, model=args.model, cache_dir=args.cache_dir, backend=args.backend)
    set_default_backend(s.backend)  # Engine.open loads the encoder with the process default
    questions = _questions(args)
    engine = Engine.open(s.index, s.model, s.cache_dir, corpus=s.corpus if args.index is None else None, top_k=s.top_k)
    history = load_history(args.history) if args.history else None
    for q in questions:
        ans = engine.ask(q, article=args.article, history=history).to_dict()
        print(json.dumps(ans, ensure_ascii=False) if args.json else render(ans), flush=True)
    return 0


def chat_cmd(args) -> int:
    from qa.engine import Engine

    s = resolve(corpus=args.corpus, index=args.index, model=args.model, cache_dir=args.cache_dir, backend=args.backend)
    set_default_backend(s.backend)
    engine = Engine.open(s.index, s.model, s.cache_dir, corpus=s.corpus if args.index is None else None, top_k=s.top_k)
    history: list[dict] = []
    interactive = sys.stdin.isatty()
    while True:
        try:
            q = input("> " if interactive else "")
        except EOFError:
            break
        if not q.strip():
            break
        try:
            ans = engine.ask(q, article=args.article, history=history[-s.max_history:]).to_dict()
        except ValueError as e:  # too long and the like: say so and keep chatting
            print(f"error: {e}", file=sys.stderr)
            continue
        print(json.dumps(ans, ensure_ascii=False) if args.json else render(ans) + "\n", flush=True)
        history.append({"question": ans.get("resolved_question") or q, "answer": ans["answer"]})
    return 0


def main(argv=None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if args.command == "ask" and (args.question is None) == (args.batch is None):
        p.error("give either a QUESTION or --batch FILE")
    if args.command == "ask" and args.question is not None and not args.question.strip():
        p.error("the question is empty")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return chat_cmd(args) if args.command == "chat" else ask_cmd(args)
    except (NewsQAError, SettingsError, ValueError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 1
