"""The ONNX fast path gives the torch vectors and the same answers; choosing a backend."""
import json
import subprocess
import sys

import numpy as np
import pytest

from index import embed
from index.errors import ModelLoadError
from index.settings import SettingsError, resolve
from tests.conftest import REPO

QUESTIONS = [json.loads(line)["q"] for line in (REPO / "tests/data/seed_ko.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()]


def test_backend_is_flag_then_env_then_onnx():
    assert resolve(env={}).backend == "onnx"
    assert resolve(env={"NEWSQA_BACKEND": "torch"}).backend == "torch"
    assert resolve(env={"NEWSQA_BACKEND": "torch"}, backend="onnx-int8").backend == "onnx-int8"
    with pytest.raises(SettingsError):
        resolve(env={"NEWSQA_BACKEND": "cuda"})
    with pytest.raises(ModelLoadError):
        embed.set_default_backend("tensorflow")


def test_manifest_records_the_backend(tiny_corpus, tmp_path, fake_encoder, kiwi):
    from index import store

    fake_encoder.backend = "onnx"
    assert store.build(tiny_corpus, tmp_path / "idx", fake_encoder, kiwi).manifest["backend"] == "onnx"
    assert store.load(tmp_path / "idx").manifest["backend"] == "onnx"


@pytest.fixture(scope="module")
def encoders(real_cache):
    return {b: embed.load_encoder(None, real_cache, b) for b in ("torch", "onnx")}


@pytest.fixture(scope="module")
def seed_sentences(kiwi):
    from index.corpus import load_corpus
    from index.segment import split_sentences

    articles, _ = load_corpus(REPO / "corpus")
    return [s.text for a in articles for s in split_sentences(kiwi, a.doc_id, a.text)]


@pytest.mark.slow
def test_onnx_vectors_match_torch(encoders, seed_sentences):
    t, o = encoders["torch"], encoders["onnx"]
    assert o.model_id == t.model_id and o.dim == t.dim == 384 and o.backend == "onnx"
    cos_p = (t.encode_passages(seed_sentences) * o.encode_passages(seed_sentences)).sum(1)
    cos_q = (t.encode_queries(QUESTIONS) * o.encode_queries(QUESTIONS)).sum(1)
    assert len(cos_p) > 40 and len(cos_q) > 100
    assert cos_p.min() >= 0.999 and cos_q.min() >= 0.999, (cos_p.min(), cos_q.min())
    v = o.encode_queries(["x"])
    assert v.dtype == np.float32 and abs(float(np.linalg.norm(v)) - 1) < 1e-5


@pytest.mark.slow
def test_seed_answers_are_the_same_with_both_backends(encoders, kiwi, tmp_path_factory):
    import shutil

    from index import store
    from qa.engine import Engine
    from tests.conftest import SEED

    corpus = tmp_path_factory.mktemp("seed")
    shutil.copy(SEED, corpus / SEED.name)
    answers = {}
    for b, enc in encoders.items():
        idx = store.build(corpus, tmp_path_factory.mktemp(b) / "index", enc, kiwi)
        assert idx.manifest["backend"] == b and idx.manifest["model_id"] == embed.DEFAULT_MODEL
        eng = Engine(index=idx, encoder=enc, kiwi=kiwi)
        answers[b] = [eng.ask(q) for q in ["How much has Microsoft invested in OpenAI?", *QUESTIONS[:20]]]
    first = answers["onnx"][0]
    assert not first.abstained and "$13 billion(130억 달러)" in first.citations[0].text
    for a, b in zip(answers["torch"], answers["onnx"]):
        assert (a.answer, a.abstained, [c.sentence_id for c in a.citations]) == \
               (b.answer, b.abstained, [c.sentence_id for c in b.citations]), a.question


@pytest.mark.slow
def test_onnx_backend_does_not_import_torch(real_cache, encoders):
    code = ("import sys; from pathlib import Path; from index.embed import load_encoder; "
            f"e = load_encoder(None, Path({str(real_cache)!r}), 'onnx'); e.encode_queries(['x']); "
            "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


@pytest.fixture(scope="module")
def onnx_dir(real_cache):
    from index.convert import ensure_default_model
    from index.fastpath import ensure_onnx

    return ensure_onnx(ensure_default_model(real_cache), real_cache)


@pytest.mark.slow
def test_served_graph_runs_every_matmul_on_8bit_blocks_close_to_float32(onnx_dir, encoders):
    import collections

    import onnx

    from index import fastpath

    g = onnx.load(str(onnx_dir / fastpath.FILES["onnx"]), load_external_data=False).graph
    ops = collections.Counter(n.op_type for n in g.node)
    # per layer: Q/K/V, attention output, 2 feed-forward; attention itself without weights
    assert (ops["MatMulNBits"], ops["MatMul"], ops["Attention"], ops["MultiHeadAttention"]) == (48, 0, 0, 12)
    assert all(i.data_location == onnx.TensorProto.EXTERNAL for i in g.initializer if i.name.endswith("_q8"))
    fp32 = fastpath.OnnxModel(onnx_dir, "onnx-fp32")
    cos = (encoders["onnx"].encode_queries(QUESTIONS) * fp32.encode(QUESTIONS, prompt_name="query")).sum(1)
    assert cos.min() >= 0.9995, cos.min()  # measured 0.99985 on the seed questions (docs/SCALING.md)
    texts = ["passage: " + q * k for k, q in enumerate(QUESTIONS[:6], 1)]  # a padded batch: lengths as the mask
    one_by_one = np.vstack([encoders["onnx"].model.encode([t]) for t in texts])
    assert (encoders["onnx"].model.encode(texts) * one_by_one).sum(1).min() >= 0.99999


@pytest.mark.slow
def test_an_older_export_gets_the_8bit_graph_once(onnx_dir, tmp_path, monkeypatch):
    import shutil

    from index import fastpath

    shutil.copy(onnx_dir / fastpath.FP32, tmp_path / fastpath.FP32)
    for old in fastpath.OLD_Q8:  # the earlier 8-bit graph goes when this one comes
        (tmp_path / old).write_bytes(b"old")
    fastpath._ensure_q8(tmp_path)
    graph = fastpath.FILES["onnx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fastpath.FP32, graph, graph + ".data"])  # no temp dir
    assert (tmp_path / (graph + ".data")).stat().st_mode & 0o044 == 0o044  # readable like the rest of the cache
    monkeypatch.setattr(fastpath, "_quantize_blocks", lambda *a: pytest.fail("derived twice"))
    fastpath._ensure_q8(tmp_path)


@pytest.fixture(scope="module")
def tokenizers_pair(onnx_dir):
    from tokenizers import Tokenizer

    from index.unigram import UnigramTokenizer

    ref = Tokenizer.from_file(str(onnx_dir / "tokenizer.json"))
    ref.enable_truncation(512)
    ref.no_padding()
    assert (onnx_dir / "unigram_vocab.txt").is_file()  # the compact form is what OnnxModel loads
    return UnigramTokenizer.from_files(onnx_dir / "tokenizer.json", 512), ref


EDGE = ["", " ", "<s>", "a<s>b</s>c", "  <pad>  x", "<mask><unk>", "\x00abc", "abc\x00def", "ｆｕｌｌ　ｗｉｄｔｈ ＜ｓ＞",
        "😀😀 emoji", "A" * 3000, "한국어 " * 400, "\t\n tab", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ㄱㄴㄷ ᄀᄁ", "\u200b\u200dzero", "é e\u0301"]


@pytest.mark.slow
def test_small_tokenizer_gives_the_tokenizers_ids(tokenizers_pair, seed_sentences):
    mine, ref = tokenizers_pair
    texts = EDGE + seed_sentences + ["query: " + q for q in QUESTIONS] + ["passage: " + s for s in seed_sentences]
    for text, enc in zip(texts, ref.encode_batch(texts)):
        assert mine.ids(text) == enc.ids, text[:80]


@pytest.mark.slow
def test_small_tokenizer_matches_on_any_text(tokenizers_pair):
    from hypothesis import given, settings, strategies as st

    mine, ref = tokenizers_pair
    alphabet = st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(list("가나다 abcXYZ<>/s ▁\u3000\u00a0é\u0301")))

    @settings(max_examples=400, deadline=None)
    @given(st.text(alphabet, max_size=60))
    def check(text):
        assert mine.ids(text) == ref.encode(text).ids

    check()


FRAGMENTS = ["한국어", "서울특별시의", "Microsoft", "OpenAI's", "GPT-4o", "3.14", "1,234,567원", "2024년", "12:30",
             "...", "!?", "(주)", "e-mail@example.com", "https://example.com/a?b=c", "C++", "😀", "👍🏽", "ꙮꙮꙮ",
             "𠀀𠀁", "\ue000", "x" * 40, "가" * 30, "antidisestablishmentarianism", "ﬁ①", "e\u0301", "ㅋㅋㅋ", "中文字",
             "日本語", "Ωç√", "\u3000"]


@pytest.mark.slow
def test_small_tokenizer_matches_on_varied_strings(tokenizers_pair):
    mine, ref = tokenizers_pair
    texts = [a + " " * (i % 2) + b for i, (a, b) in enumerate((a, b) for a in FRAGMENTS for b in FRAGMENTS[::2])]
    assert len(texts) == 450
    for text, enc in zip(texts, ref.encode_batch(texts)):
        assert mine.ids(text) == enc.ids, text


# A tiny vocabulary: a later duplicate ("ab"), a tie ("xy" against "x" "y"), unknown runs ("qqq"), a non-BMP piece.
TINY = [("<unk>", 0.0), ("<s>", 0.0), ("</s>", 0.0), ("<pad>", 0.0), ("▁", -2.0), ("a", -3.0), ("b", -3.1),
        ("ab", -8.0), ("▁ab", -4.5), ("abc", -6.2), ("c", -3.3), ("가", -3.0), ("나", -3.2), ("가나", -5.0),
        ("▁가", -4.1), ("1", -3.0), ("12", -4.4), ("!", -3.5), ("😀", -5.0), ("x", -3.0), ("y", -3.0), ("xy", -6.0),
        ("ab", -3.9)]
TINY_TEXTS = ["ab", "aab b", "abc ab", "xy xyxy", "qqq aqqqb", "<s>ab</s><pad>", "가나다 가 나", "12 121 1!", "😀😀 😀x",
              "", "  "]


def tiny_pair(d):
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

    from index.unigram import UnigramTokenizer

    ref = Tokenizer(models.Unigram(TINY, unk_id=0, byte_fallback=False))
    ref.normalizer = normalizers.NFKC()
    ref.pre_tokenizer = pre_tokenizers.Metaspace()
    ref.add_special_tokens(["<s>", "</s>", "<pad>"])
    ref.post_processor = processors.TemplateProcessing(single="<s> $A </s>", special_tokens=[("<s>", 1), ("</s>", 2)])
    ref.save(str(d / "tokenizer.json"))
    return UnigramTokenizer.from_files(d / "tokenizer.json"), ref


def test_tiny_vocabulary_gives_the_tokenizers_ids_from_json_and_compact_files(tmp_path):
    from index.unigram import UnigramTokenizer, compact

    mine, ref = tiny_pair(tmp_path)
    compact(tmp_path / "tokenizer.json")
    small = UnigramTokenizer.from_files(tmp_path / "tokenizer.json")
    for text in TINY_TEXTS:
        assert mine.ids(text) == small.ids(text) == ref.encode(text).ids, text
    assert [mine.token_to_id(t) for t in ("ab", "<pad>", "😀", "zz")] == [22, 3, 18, None]


def test_a_hash_collision_cannot_give_a_wrong_id(tmp_path, monkeypatch):
    from index import unigram

    monkeypatch.setattr(unigram, "hash", lambda s: 7, raising=False)  # every piece and substring collide
    mine, ref = tiny_pair(tmp_path)
    for text in TINY_TEXTS:
        assert mine.ids(text) == ref.encode(text).ids, text
    assert [mine.token_to_id(t) for t in ("ab", "a", "zz")] == [22, 5, None]


@pytest.mark.slow
def test_embedding_rows_come_from_disk_and_encode_is_thread_safe(encoders):
    from concurrent.futures import ThreadPoolExecutor

    model = encoders["onnx"].model
    ids = np.array([[0, 5, 250036], [5, 5, 1]])
    rows = model.embed_rows(ids)
    assert rows.shape == (2, 3, 384) and rows.dtype == np.float32 and np.array_equal(rows[0, 1], rows[1, 0])
    one = {q: encoders["onnx"].encode_queries([q])[0] for q in QUESTIONS[:16]}
    with ThreadPoolExecutor(8) as ex:
        many = list(ex.map(lambda q: encoders["onnx"].encode_queries([q])[0], QUESTIONS[:16] * 4))
    for q, v in zip(QUESTIONS[:16] * 4, many):
        assert float(v @ one[q]) > 0.99999, q


def test_lane_encoder_keeps_rows_in_order_and_batches_passages_by_length():
    class Model:
        prompts = {"query": "query: ", "passage": "passage: "}
        batches = []

        def encode(self, texts, batch_size, prompt_name=None, **_):
            self.batches.append((prompt_name, list(texts)))
            return np.array([[len(t), 1.0] for t in texts], np.float32)

    enc = embed.Encoder("m", Model(), "onnx", lanes=2)
    texts = ["x" * n for n in (3, 1, 20, 7, 7, 2, 9, 4, 30, 5, 6)]
    assert enc.encode_queries(texts)[:, 0].tolist() == [len(t) for t in texts]
    assert all(p == "query" and len(b) == 1 for p, b in enc.model.batches)  # a question runs alone: no padding
    enc.model.batches.clear()
    assert enc.encode_passages(texts)[:, 0].tolist() == [len(t) for t in texts]
    sizes = [[len(t) for t in b] for _, b in enc.model.batches]
    assert sorted(sizes, key=lambda s: -s[0]) == [[30, 20, 9, 7, 7, 6, 5, 4], [3, 2, 1]]  # longest first, 8 a run


@pytest.mark.slow
def test_lane_encoder_gives_the_same_vectors(real_cache, encoders, seed_sentences):
    lanes = embed.load_encoder(None, real_cache, "onnx", lanes=2)
    assert lanes.lanes == 2 and lanes.model.session.get_session_options().intra_op_num_threads == 1
    one = encoders["onnx"]
    assert one.lanes == 0  # the process default: one call at a time over all cores
    qs = QUESTIONS[:12]
    assert np.array_equal(lanes.encode_queries(qs), np.stack([one.encode_queries([q])[0] for q in qs]))
    assert float((lanes.encode_passages(seed_sentences) * one.encode_passages(seed_sentences)).sum(1).min()) > 0.99999
