"""Evaluation: gold question sets -> retrieval, answer and abstention metrics.

    python -m qa.eval DATASET.jsonl [MORE.jsonl ...] [--corpus DIR | --index DIR]
                      [--article DOC_ID] [--json] [--limit N] [--show-failures]

A dataset is JSON Lines, one question per row::

    {"q": "How much has Microsoft invested in OpenAI?",
     "gold": ["$13 billion(130억 달러) 이상을 투자"],   # substrings of the supporting sentence
     "answer": ["$13 billion", "130억 달러"],          # key phrases a correct answer contains
     "unanswerable": false, "history": [], "lang": "en", "type": "amount", "article": null}

Metrics (answerable rows unless said otherwise):

- ``hit@1`` / ``hit@3`` / ``mrr``: a ranked sentence contains a gold substring
  (whitespace-collapsed). The ranking is ``engine.rank`` when the engine has
  it, else the answer's citations followed by its closest passages.
- ``cite``: the answer did not abstain and its first citation holds gold.
- ``acc``: the answer did not abstain and contains an expected key phrase
  (compared with all whitespace removed, case-folded; a row without key
  phrases uses its gold substrings).
- ``span``: the span equals an expected phrase, or contains one and is at
  most ``SPAN_SLACK`` characters longer than it (same normalization as acc).
- ``abst_p`` / ``abst_r``: precision and recall of abstaining, positives being
  the unanswerable rows; ``ans_abst``: share of answerable rows abstained on.
- ``p50_ms`` / ``p95_ms``: latency of ``engine.ask`` (nearest-rank percentile;
  the CLI makes one untimed warm-up call first).

A row fails when it is answerable and ``acc`` is false, or unanswerable and
the engine answered. Leaves out: judging answer fluency, multi-turn state
beyond passing earlier questions as history, and significance testing.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import time
from pathlib import Path

from .analyze import language

SPAN_SLACK = 40
RANK_DEPTH = 10
TYPES = ("amount", "count", "percent", "date", "person", "place", "definition", "reason", "quote", "other", "followup", "unanswerable")


class DatasetError(ValueError):
    """A dataset file is missing, not JSON Lines, or has a malformed row."""


def load_dataset(path) -> list[dict]:
    """Rows of one JSONL file, validated, with defaults filled in (lang, type, history, article)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise DatasetError(f"cannot read dataset {path}: {e.strerror or type(e).__name__}") from None
    except UnicodeDecodeError:
        raise DatasetError(f"dataset {path} is not UTF-8 text") from None
    rows = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            r = json.loads(line)
        except ValueError as e:
            raise DatasetError(f"{where}: not valid JSON ({e})") from None
        if not isinstance(r, dict) or not isinstance(r.get("q"), str) or not r["q"].strip():
            raise DatasetError(f"{where}: each row needs a non-empty string \"q\"")
        for key in ("gold", "answer", "history"):
            v = r.setdefault(key, [])
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise DatasetError(f"{where}: \"{key}\" must be a list of strings")
        r["unanswerable"] = bool(r.get("unanswerable", False))
        if not r["unanswerable"] and not r["gold"] and not r["answer"]:
            raise DatasetError(f"{where}: an answerable row needs \"gold\" or \"answer\"")
        r.setdefault("lang", language(r["q"]))
        r.setdefault("type", "other")
        r.setdefault("article", None)
        r["source"] = f"{path.name}:{n}"
        rows.append(r)
    if not rows:
        raise DatasetError(f"dataset {path} has no rows")
    return rows


# -- per-row scoring ---------------------------------------------------------

def _ws(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s).casefold()


def gold_rank(sentences: list[str], gold: list[str]) -> int | None:
    """1-based rank of the first sentence containing any gold substring, else None."""
    golds = [_ws(g) for g in gold if g.strip()]
    for i, s in enumerate(sentences, 1):
        text = _ws(s)
        if any(g in text for g in golds):
            return i
    return None


def answer_ok(answer: str, phrases: list[str]) -> bool:
    """An expected phrase occurs in the answer; one starting with a digit must not continue a longer figure
    ("300만원" is not in "1억2천300만원")."""
    text = _squash(answer)
    for p in map(_squash, phrases):
        if not p:
            continue
        lead = r"(?<![\d.,천백십만억조])" if p[0].isdigit() else ""
        if re.search(lead + re.escape(p), text):
            return True
    return False


def span_ok(span: str | None, phrases: list[str]) -> bool:
    if not span:
        return False
    s = _squash(span)
    return any(p and (s == p or (p in s and len(s) <= len(p) + SPAN_SLACK)) for p in map(_squash, phrases))


def _hist(history: list[str]) -> list[dict]:
    return [{"question": h, "answer": ""} for h in history]


def ranked_sentences(engine, question: str, article: str | None = None, history: list[str] | None = None,
                     answer=None) -> list[str]:
    """Sentence texts best first: ``engine.rank`` if it exists, else the answer's citations then closest."""
    rank = getattr(engine, "rank", None)
    if callable(rank):
        return [h.sentence.text for h in rank(question, article=article, history=_hist(history or []))]
    if answer is None:
        answer = engine.ask(question, article=article, history=_hist(history or []))
    out: list[str] = []
    for c in list(answer.citations) + list(answer.closest):
        if c.text not in out:
            out.append(c.text)
    return out


def score_row(row: dict, answer, ranked: list[str], ms: float) -> dict:
    """One row's outcome: the raw facts every metric is computed from."""
    rank = gold_rank(ranked[:RANK_DEPTH], row["gold"]) if row["gold"] else None
    cited = answer.citations[0].text if answer.citations else ""
    acc = not row["unanswerable"] and not answer.abstained and answer_ok(answer.answer, row["answer"] or row["gold"])
    return {
        "q": row["q"], "lang": row["lang"], "type": row["type"], "unanswerable": row["unanswerable"],
        "source": row.get("source"), "expected": row["answer"] or row["gold"],
        "answer": answer.answer, "abstained": answer.abstained, "span": answer.span.text if answer.span else None,
        "top": ranked[0] if ranked else None, "rank": rank, "has_gold": bool(row["gold"]),
        "cite": bool(row["gold"]) and not answer.abstained and gold_rank([cited], row["gold"]) == 1,
        "acc": acc,
        "span_ok": not row["unanswerable"] and span_ok(answer.span.text if answer.span else None, row["answer"]),
        "ok": answer.abstained if row["unanswerable"] else acc, "ms": ms,
    }


# -- aggregation -------------------------------------------------------------

def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def _p95(xs: list[float]) -> float | None:
    return round(sorted(xs)[math.ceil(0.95 * len(xs)) - 1], 1) if xs else None


def aggregate(results: list[dict]) -> dict:
    ans = [r for r in results if not r["unanswerable"]]
    ranked = [r for r in ans if r["has_gold"]]
    tp = sum(r["abstained"] for r in results if r["unanswerable"])
    fp = sum(r["abstained"] for r in ans)
    ms = [r["ms"] for r in results]
    return {
        "n": len(results), "answerable": len(ans), "unanswerable": len(results) - len(ans),
        "hit@1": _ratio(sum(r["rank"] == 1 for r in ranked), len(ranked)),
        "hit@3": _ratio(sum(r["rank"] is not None and r["rank"] <= 3 for r in ranked), len(ranked)),
        "mrr": round(sum(1 / r["rank"] for r in ranked if r["rank"]) / len(ranked), 4) if ranked else None,
        "cite": _ratio(sum(r["cite"] for r in ans), len(ans)),
        "acc": _ratio(sum(r["acc"] for r in ans), len(ans)),
        "span": _ratio(sum(r["span_ok"] for r in ans), len(ans)),
        "abst_p": _ratio(tp, tp + fp),
        "abst_r": _ratio(tp, len(results) - len(ans)),
        "ans_abst": _ratio(fp, len(ans)),
        "p50_ms": round(statistics.median(ms), 1) if ms else None,
        "p95_ms": _p95(ms),
    }


def _group(results: list[dict], key: str) -> dict:
    keys = sorted({r[key] for r in results}, key=lambda k: (TYPES.index(k) if k in TYPES else len(TYPES), k))
    return {k: aggregate([r for r in results if r[key] == k]) for k in keys}


def evaluate(engine, rows: list[dict], article: str | None = None) -> dict:
    """Ask every row (``article`` is the default for rows without one); overall, per-language and per-type metrics."""
    results = []
    for row in rows:
        doc = row.get("article") or article
        t0 = time.perf_counter()
        ans = engine.ask(row["q"], article=doc, history=_hist(row.get("history", [])))
        ms = (time.perf_counter() - t0) * 1000
        ranked = ranked_sentences(engine, row["q"], doc, row.get("history", []), answer=ans)
        results.append(score_row(row, ans, ranked, ms))
    failures = [{k: r[k] for k in ("source", "q", "lang", "type", "expected", "answer", "rank", "top")}
                for r in results if not r["ok"]]
    return {"overall": aggregate(results), "by_lang": _group(results, "lang"),
            "by_type": _group(results, "type"), "failures": failures}


# -- output ------------------------------------------------------------------

COLUMNS = ("n", "answerable", "hit@1", "hit@3", "mrr", "cite", "acc", "span", "abst_p", "abst_r", "ans_abst",
           "p50_ms", "p95_ms")
_HEAD = {"answerable": "ans"}


def _cell(name: str, v) -> str:
    if v is None:
        return "-"
    if name.endswith("_ms"):
        return f"{v:.0f}"
    return f"{v:.2f}" if isinstance(v, float) else str(v)


def format_table(report: dict) -> str:
    """A plain-text table: overall, then one row per language and per question type."""
    rows = [("overall", report["overall"])]
    rows += [(f"lang={k}", m) for k, m in report["by_lang"].items()]
    rows += [(f"type={k}", m) for k, m in report["by_type"].items()]
    head = ["group"] + [_HEAD.get(c, c) for c in COLUMNS]
    body = [[name] + [_cell(c, m[c]) for c in COLUMNS] for name, m in rows]
    widths = [max(len(r[i]) for r in [head] + body) for i in range(len(head))]
    fmt = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    return "\n".join([fmt(head), fmt(["-" * w for w in widths])] + [fmt(r) for r in body])


def format_failures(report: dict) -> str:
    out = [f"{len(report['failures'])} failing rows:"]
    for f in report["failures"]:
        out.append(f"- [{f['source']} {f['lang']}/{f['type']}] {f['q']}")
        out.append(f"    expected: {' | '.join(f['expected']) or '(abstain)'}")
        out.append(f"    got:      {f['answer']}")
        out.append(f"    top:      {f['top']}  (gold rank {f['rank'] or '-'})")
    return "\n".join(out)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return int(text)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m qa.eval", description="Score the engine on gold question sets (JSONL).")
    p.add_argument("datasets", nargs="+", metavar="DATASET.jsonl", help="one or more gold question files")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--index", default=None, help="an existing index directory (default: the cached one for --corpus)")
    where.add_argument("--corpus", default=None, help="corpus to index (cached, rebuilt when stale; default: $NEWSQA_CORPUS or ./corpus)")
    p.add_argument("--article", default=None, metavar="DOC_ID", help="restrict rows without an \"article\" to this article")
    p.add_argument("--model", default=None, help="model dir or hub name (default: $NEWSQA_MODEL or multilingual-e5-small)")
    p.add_argument("--cache-dir", default=None, help="model and index cache (default: $NEWSQA_CACHE_DIR)")
    p.add_argument("--backend", default=None, choices=("onnx", "onnx-int8", "torch"),
                   help="embedding backend (default: $NEWSQA_BACKEND or onnx)")
    p.add_argument("--limit", type=_positive, default=None, metavar="N", help="only the first N rows of each dataset")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.add_argument("--show-failures", action="store_true", help="list failing rows after the table")
    p.add_argument("--ablation", action="store_true",
                   help="also run each retrieval signal alone (dense, bm25) and fusion without each signal; "
                        "prints hit@1 and answer accuracy per language")
    return p


ABLATIONS = {
    "dense only": {"bm25": 0, "entity": 0, "type": 0, "kind": 0, "bigram": 0, "unit": 0, "kind0": 0, "fit": 0},
    "bm25 only": {"dense": 0, "entity": 0, "type": 0, "kind": 0, "bigram": 0, "unit": 0, "kind0": 0, "fit": 0},
    "fusion - bm25": {"bm25": 0},
    "fusion - bigram": {"bigram": 0},
    "fusion - figure": {"unit": 0, "kind0": 0, "fit": 0},
    "fusion - entity": {"entity": 0},
    "fusion - type": {"type": 0},
    "fusion (all)": {},
}


def run_ablation(engine, rows: list[dict], article: str | None = None) -> str:
    """hit@1 / accuracy per language with retrieval signals switched off (answering logic unchanged)."""
    from qa import retrieve

    saved = dict(retrieve.WEIGHTS)
    lines = [f"{'signals':<17} {'hit@1 en':>8} {'hit@1 ko':>8} {'acc en':>7} {'acc ko':>7}"]
    try:
        for name, off in ABLATIONS.items():
            retrieve.WEIGHTS.update({**saved, **off})
            rep = evaluate(engine, rows, article=article)
            by = rep["by_lang"]
            cell = lambda lang, k: f"{by[lang][k]:.2f}" if lang in by and by[lang][k] is not None else "-"
            lines.append(f"{name:<17} {cell('en', 'hit@1'):>8} {cell('ko', 'hit@1'):>8} {cell('en', 'acc'):>7} {cell('ko', 'acc'):>7}")
    finally:
        retrieve.WEIGHTS.clear()
        retrieve.WEIGHTS.update(saved)
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    import logging

    from index.errors import NewsQAError
    from index.settings import SettingsError, default_index_dir, resolve

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        rows = []
        for path in args.datasets:
            rows += load_dataset(path)[: args.limit]
        from qa.engine import Engine

        s = resolve(corpus=args.corpus, index=args.index, model=args.model, cache_dir=args.cache_dir, backend=args.backend)
        from index.embed import set_default_backend

        set_default_backend(s.backend)  # Engine.open loads the encoder with the process default
        own = default_index_dir(s.cache_dir, s.corpus)  # the cached index of this corpus, ours to (re)build
        if args.index:
            engine = Engine.open(s.index, s.model, s.cache_dir, top_k=s.top_k)
        else:
            index_dir = own if args.corpus else s.index  # --corpus never rebuilds a $NEWSQA_INDEX elsewhere
            engine = Engine.open(index_dir, s.model, s.cache_dir, corpus=s.corpus,
                                 rebuild_stale=index_dir == own, top_k=s.top_k)
        engine.ask(rows[0]["q"], article=rows[0]["article"] or args.article)  # warm-up, kept out of the latencies
        report = evaluate(engine, rows, article=args.article)
        ablation = run_ablation(engine, rows, args.article) if args.ablation else None
    except (DatasetError, NewsQAError, SettingsError, ValueError, OSError, ImportError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(format_table(report))
        if ablation:
            print("\n" + ablation)
        if args.show_failures:
            print("\n" + format_failures(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
