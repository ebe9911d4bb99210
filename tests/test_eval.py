"""The evaluation harness (qa/eval.py) and the gold datasets in tests/data/."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from index.segment import Sentence
from qa import eval as ev
from qa.records import Answer, Citation, Hit, Span

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED_TEXT = REPO / "corpus" / "openai-amazon.txt"
DATASETS = ["seed_ko.jsonl", "seed_fast.jsonl", "battery_ko.jsonl", "ecb_en.jsonl", "heldout/heldout_ko.jsonl",
            "heldout2/dev.jsonl", "heldout2/test.jsonl", "heldout3/test.jsonl", "heldout4/test.jsonl",
            "heldout5/test.jsonl", "heldout6/test.jsonl", "heldout7/test.jsonl", "heldout8/test.jsonl",
            "heldout9/test.jsonl", "heldout10/test.jsonl", "heldout11/test.jsonl", "heldout12/test.jsonl",
            "heldout13/test.jsonl", "heldout14/test.jsonl", "heldout15/test.jsonl", "heldout16/test.jsonl",
            "heldout17/test.jsonl", "heldout18/test.jsonl", "heldout19/test.jsonl", "heldout20/test.jsonl",
            "heldout21/test.jsonl", "heldout22/test.jsonl", "heldout23/test.jsonl", "heldout24/test.jsonl",
            "heldout25/test.jsonl", "heldout26/test.jsonl", "heldout27/test.jsonl", "heldout28/test.jsonl",
            "heldout29/test.jsonl", "heldout30/test.jsonl", "heldout31/test.jsonl", "heldout32/test.jsonl",
            "heldout33/test.jsonl", "heldout34/test.jsonl", "heldout35/test.jsonl", "heldout36/test.jsonl",
            "heldout37/test.jsonl", "heldout38/test.jsonl", "heldout39/test.jsonl", "heldout40/test.jsonl",
            "heldout41/test.jsonl", "heldout42/test.jsonl", "heldout43/test.jsonl"]
QTYPES = {"amount", "date", "person", "place", "definition", "reason", "other"}


def article_text(row: dict, name: str = "") -> str:
    folder = DATA / name.split("/")[0] / "articles" if "/" in name else DATA / "articles"
    if row.get("article"):
        path = folder / f"{row['article']}.txt"
    else:  # the seed, or the one article of a held-out folder
        path = next(iter(sorted(folder.glob("*.txt")))) if "/" in name else SEED_TEXT
    return path.read_text(encoding="utf-8")


# -- a stub engine with canned answers ----------------------------------------

def _cit(n: int, text: str) -> Citation:
    return Citation(n, "doc", "Title", n, 0, len(text), text, 0.5)


def _answer(q, text, cited=(), closest=(), abstained=False, span=None) -> Answer:
    sp = Span("doc", 0, 0, len(span), span) if span else None
    return Answer(q, text, abstained, sp, [_cit(i + 1, t) for i, t in enumerate(cited)],
                  [_cit(i + 1, t) for i, t in enumerate(closest)])


GOLD = "Microsoft has invested $13 billion in OpenAI since 2019."
OTHER = "Amazon has invested $8 billion in Anthropic."
CANNED = {
    "q1": _answer("q1", "$13 billion [1]", cited=[GOLD], span="$13 billion"),                       # hit@1, correct
    "q2": _answer("q2", "$8 billion [1]", cited=[OTHER], span="$8 billion"),                         # miss, wrong
    "q3": _answer("q3", "The article does not say.", closest=[OTHER, GOLD], abstained=True),        # rank 2, abstained
    "q4": _answer("q4", "The article does not mention Samsung.", closest=[OTHER], abstained=True),  # correct abstention
    "q5": _answer("q5", "$13 billion [1]", cited=[GOLD], span="$13 billion"),                       # should have abstained
}
ROWS = [
    {"q": "q1", "gold": ["$13 billion in OpenAI"], "answer": ["$13 billion"], "unanswerable": False, "lang": "en", "type": "amount"},
    {"q": "q2", "gold": ["$13 billion in OpenAI"], "answer": ["$13 billion"], "unanswerable": False, "lang": "en", "type": "amount"},
    {"q": "q3", "gold": ["$13 billion in OpenAI"], "answer": ["13 Billion"], "unanswerable": False, "lang": "ko", "type": "amount"},
    {"q": "q4", "gold": [], "answer": [], "unanswerable": True, "lang": "en", "type": "amount"},
    {"q": "q5", "gold": [], "answer": [], "unanswerable": True, "lang": "ko", "type": "other"},
]


class StubEngine:
    def __init__(self):
        self.calls = []

    def ask(self, question, article=None, history=None):
        self.calls.append((question, article, history))
        return CANNED[question]


class RankingStub(StubEngine):
    def rank(self, question, article=None, history=None):
        texts = [OTHER, "filler", GOLD]
        return [Hit(Sentence("doc", i, t, 0, len(t), "body", 0, len(t)), 1.0 - i / 10) for i, t in enumerate(texts)]


def test_metric_helpers():
    assert ev.gold_rank(["a b", "x  $13 billion\nin OpenAI"], ["$13 billion in OpenAI"]) == 2
    assert ev.gold_rank(["nothing"], ["gold"]) is None
    assert ev.answer_ok("총 130억 달러 [1]", ["130억달러"]) and ev.answer_ok("$13 BILLION", ["$13 billion"])
    assert not ev.answer_ok("$1.3 billion", ["$13 billion"])
    assert not ev.answer_ok("1억2천300만원 [1]", ["300만원"]) and ev.answer_ok("건당 300만원 [1]", ["300만원"])
    assert not ev.answer_ok("2,300명", ["300명"]) and ev.answer_ok("약 2,300명", ["2,300명"])
    assert ev.span_ok("$13 billion", ["$13 billion"]) and ev.span_ok("more than $13 billion since 2019", ["$13 billion"])
    assert not ev.span_ok("x" * 60 + "$13 billion", ["$13 billion"]) and not ev.span_ok(None, ["$13 billion"])


def test_evaluate_on_hand_rows():
    engine = StubEngine()
    report = ev.evaluate(engine, [dict(r, history=["earlier?"]) if r["q"] == "q2" else r for r in ROWS], article="doc")
    o = report["overall"]
    assert (o["n"], o["answerable"], o["unanswerable"]) == (5, 3, 2)
    assert o["hit@1"] == pytest.approx(1 / 3, abs=1e-3) and o["hit@3"] == pytest.approx(2 / 3, abs=1e-3)
    assert o["mrr"] == pytest.approx((1 + 1 / 2) / 3, abs=1e-3)
    assert o["acc"] == pytest.approx(1 / 3, abs=1e-3) and o["cite"] == pytest.approx(1 / 3, abs=1e-3)
    assert o["span"] == pytest.approx(1 / 3, abs=1e-3)
    assert o["abst_p"] == 0.5 and o["abst_r"] == 0.5 and o["ans_abst"] == pytest.approx(1 / 3, abs=1e-3)
    assert [f["q"] for f in report["failures"]] == ["q2", "q3", "q5"]
    assert report["by_lang"]["ko"]["n"] == 2 and set(report["by_type"]) == {"amount", "other"}
    assert engine.calls[1] == ("q2", "doc", [{"question": "earlier?", "answer": ""}])
    table = ev.format_table(report)
    assert table.splitlines()[0].startswith("group") and "lang=ko" in table and "type=other" in table
    json.dumps(report)


def test_engine_rank_is_preferred_over_citations():
    report = ev.evaluate(RankingStub(), ROWS[:3])
    assert report["overall"]["hit@1"] == 0 and report["overall"]["hit@3"] == 1
    assert report["overall"]["mrr"] == pytest.approx(1 / 3, abs=1e-3)


def test_load_dataset_defaults_and_errors(tmp_path, capsys):
    p = tmp_path / "d.jsonl"
    p.write_text('{"q": "아마존은?", "gold": ["x"], "answer": ["y"]}\n\n{"q": "Who?", "unanswerable": true}\n', encoding="utf-8")
    rows = ev.load_dataset(p)
    assert [r["lang"] for r in rows] == ["ko", "en"] and rows[1]["gold"] == [] and rows[0]["history"] == []
    p.write_text('{"q": "ok", "unanswerable": true}\n{"q": "broken"\n', encoding="utf-8")
    with pytest.raises(ev.DatasetError, match=r"d\.jsonl:2"):
        ev.load_dataset(p)
    p.write_text('{"q": "no gold"}\n', encoding="utf-8")
    with pytest.raises(ev.DatasetError, match="answerable"):
        ev.load_dataset(p)
    assert ev.main([str(tmp_path / "missing.jsonl")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot read dataset") and err.count("\n") == 1


# -- the datasets --------------------------------------------------------------

@pytest.mark.parametrize("name", DATASETS)
def test_gold_substrings_occur_in_one_sentence_of_the_article(name, kiwi):
    from index.segment import split_sentences

    for row in ev.load_dataset(DATA / name):
        text = article_text(row, name)
        sents = [s.text for s in split_sentences(kiwi, "x", text)]
        for g in row["gold"]:
            assert g in text, (row["q"], g)
            assert any(g in s for s in sents), ("gold crosses a sentence boundary", row["q"], g)
            assert not re.search(r"[.?!]\s+[A-Z]", g), ("gold spans two English sentences", row["q"], g)


@pytest.mark.parametrize("name, n, unans, follow, langs", [
    ("heldout2/dev.jsonl", 60, 10, 6, {"ko", "en"}),
    ("heldout2/test.jsonl", 60, 10, 6, {"ko", "en"}),
    ("heldout3/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout4/test.jsonl", 60, 9, 6, {"ko", "en"}),
    ("heldout5/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout6/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout7/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout8/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout9/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout10/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout11/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout12/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout13/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout14/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout15/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout16/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout17/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout18/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout19/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout20/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout21/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout22/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout23/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout24/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout25/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout26/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout27/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout28/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout29/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout30/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout31/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout32/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout33/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout34/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout35/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout36/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout37/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout38/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout39/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout40/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout41/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout42/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("heldout43/test.jsonl", 100, 16, 12, {"ko", "en"}),
    ("seed_ko.jsonl", 80, 12, 12, {"ko", "en"}),
    ("battery_ko.jsonl", 30, 5, 4, {"ko", "en"}),
    ("ecb_en.jsonl", 30, 5, 4, {"ko", "en"}),
    ("seed_fast.jsonl", 15, 4, 3, {"ko", "en"}),
])
def test_dataset_composition(name, n, unans, follow, langs):
    rows = ev.load_dataset(DATA / name)
    assert len(rows) >= n
    assert sum(r["unanswerable"] for r in rows) >= unans
    assert sum(bool(r["history"]) for r in rows) >= follow
    assert {r["lang"] for r in rows} == langs
    for r in rows:
        assert r["type"] in ev.TYPES and r["lang"] == ("ko" if re.search("[가-힣]", r["q"]) else "en"), r["q"]
        assert (r["gold"] == [] and r["answer"] == []) if r["unanswerable"] else (r["gold"] and r["answer"]), r["q"]
        assert (r["type"] == "followup") == bool(r["history"]), r["q"]
    if name.startswith("seed"):
        assert {r["type"] for r in rows if not r["history"]} >= QTYPES
    if name == "seed_ko.jsonl":
        by_lang = Counter(r["lang"] for r in rows)
        assert min(by_lang.values()) >= 0.4 * len(rows)
    if name == "seed_fast.jsonl":
        assert len(rows) <= 30
        full = {r["q"] for r in ev.load_dataset(DATA / "seed_ko.jsonl")}
        assert all(r["q"] in full for r in rows)
    if "/" in name:  # held-out sets: several articles in their own folder
        assert all((DATA / name.split("/")[0] / "articles" / f"{r['article']}.txt").exists() for r in rows)
    elif not name.startswith("seed"):
        assert len({r["article"] for r in rows}) == 1
        assert (DATA / "articles" / f"{rows[0]['article']}.txt").exists()


def test_fixture_articles_have_the_expected_ids(tmp_path):
    from index.corpus import load_corpus

    articles, skipped = load_corpus(DATA / "articles")
    assert not skipped and {a.doc_id for a in articles} == {"battery-plant-ko", "ecb-rates-en"}


# -- the real engine -----------------------------------------------------------

# Floors a little below what the engine measured on seed_fast.jsonl (session 2: hit@1 0.83, hit@3 0.83,
# mrr 0.83, acc 0.94, abst_r 1.00, ans_abst 0.06); the dense-only engine had hit@1 0.72, acc 0.56.
FLOORS = {"hit@1": 0.80, "hit@3": 0.80, "mrr": 0.80, "acc": 0.88, "abst_r": 1.0}
CEILINGS = {"ans_abst": 0.12, "p95_ms": 5000}
# The held-out article's 50 questions were written blind to the code; the first run scored hit@1 0.60,
# acc 0.45, abst_r 0.80, ans_abst 0.28. Session 2 ended at hit@1 0.72, acc 0.65, abst_r 0.80, ans_abst 0.07.
HELDOUT_FLOORS = {"hit@1": 0.68, "acc": 0.60, "abst_r": 0.75}
HELDOUT_CEILINGS = {"ans_abst": 0.10}


@pytest.mark.slow
def test_seed_fast_quality_floors(real_engine):
    report = ev.evaluate(real_engine, ev.load_dataset(DATA / "seed_fast.jsonl"))
    print("\n" + ev.format_table(report))
    _check(report["overall"], FLOORS, CEILINGS)


@pytest.mark.slow
def test_heldout_article_quality_floors(real_engine, kiwi, tmp_path):
    from index import store
    from qa.engine import Engine

    index = store.build(DATA / "heldout" / "articles", tmp_path / "index", real_engine.encoder, kiwi)
    engine = Engine(index=index, encoder=real_engine.encoder, kiwi=kiwi)
    report = ev.evaluate(engine, ev.load_dataset(DATA / "heldout" / "heldout_ko.jsonl"))
    print("\n" + ev.format_table(report))
    _check(report["overall"], HELDOUT_FLOORS, HELDOUT_CEILINGS)


# Wire-style Korean sets written blind, now dev sets (their rows were inspected after their blind runs).
# heldout2 (session 3) first run: dev hit@1 0.62, acc 0.38, abst_r 0.60, ans_abst 0.38; test 0.64 / 0.48 / 0.50 / 0.18.
# heldout4 (session 3) blind run: 0.67 / 0.57 / 0.44 / 0.04. At the end of session 4: heldout2 0.77 / 0.84 / 0.80 /
# 0.00, heldout4 0.80 / 0.86 / 0.78 / 0.00. Floors sit a little below, so a change that loses ground fails.
WIRE = {
    "heldout2": (("dev.jsonl", "test.jsonl"), {"hit@1": 0.74, "acc": 0.80, "abst_r": 0.75}, {"ans_abst": 0.03}),
    "heldout4": (("test.jsonl",), {"hit@1": 0.76, "acc": 0.82, "abst_r": 0.70}, {"ans_abst": 0.03}),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(WIRE))
def test_wire_style_articles_quality_floors(name, real_engine, kiwi, tmp_path):
    from index import store
    from qa.engine import Engine

    files, floors, ceilings = WIRE[name]
    index = store.build(DATA / name / "articles", tmp_path / "index", real_engine.encoder, kiwi)
    engine = Engine(index=index, encoder=real_engine.encoder, kiwi=kiwi)
    rows = [r for f in files for r in ev.load_dataset(DATA / name / f)]
    report = ev.evaluate(engine, rows)
    print("\n" + ev.format_table(report))
    _check(report["overall"], floors, ceilings)


def _check(o: dict, floors: dict, ceilings: dict) -> None:
    for k, floor in floors.items():
        assert o[k] is not None and o[k] >= floor, (k, o[k], floor)
    for k, ceiling in ceilings.items():
        assert o[k] is not None and o[k] <= ceiling, (k, o[k], ceiling)
