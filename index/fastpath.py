"""Fast path: the same sentence-transformers model as a fused ONNX graph, run by onnxruntime without torch.

``ensure_onnx`` exports a converted sentence-transformers directory once into
the cache (torch is needed for that step only): the transformer, mean pooling
and L2 normalization become one ONNX graph, which onnxruntime's transformer
optimizer then fuses (one ``Attention`` op per layer, ``SkipLayerNormalization``,
``BiasGelu``; saved, so no fusing at start-up). The 250k-row word-embedding table
(384 MB in float32, 96% of the weights) is taken out of the graph: it is stored as
int8 with one scale per row in ``embeddings.int8`` and read with ``pread`` for the
tokens of each batch only, so it costs no resident memory; the graph takes the
looked-up rows as ``inputs_embeds`` (``model.onnx``, float32, 86 MB).

What runs (backend ``onnx``) is ``model_q8_v2.onnx``, derived from ``model.onnx`` without
torch: every weight MatMul (feed-forward, attention output, and the Q, K and V projections
taken out of each fused ``Attention``, which becomes ``MatMulNBits`` + ``Split`` +
``MultiHeadAttention``) has 8-bit symmetric weights in blocks of 32 along the input dimension,
each block with its own scale, computed by onnxruntime's int8 kernels after quantizing the
activations in the same blocks of 32 (accuracy level 4). Cosine to the sentence-transformers
vectors is >= 0.9998 on the seed article and its questions (per-tensor dynamic quantization,
``model_int8.onnx``, gets 0.993), the gold sets answer the same, and a question costs ~35% less
CPU than float32 and ~3% less than the earlier graph that kept attention in float32
(``model_q8.onnx``, deleted when this one is derived). Its weights sit in
``model_q8_v2.onnx.data``: onnxruntime maps that file, repacks the weights and unmaps it, so
neither the file's pages nor a second copy of the float32 weights stay resident.
``model_int8.onnx`` (backend ``onnx-int8``) quantizes the same weights per output channel
with one activation scale per tensor: further from the torch vectors.
``OnnxModel`` loads that directory with onnxruntime + numpy + a small Unigram
tokenizer (``unigram.py``, same ids as ``tokenizers`` in ~11 MiB instead of ~270)
and offers the slice of ``SentenceTransformer`` that ``embed.Encoder`` uses
(``encode``, ``prompts``, ``get_embedding_dimension``), so the embedding space
and prompts stay the same. ``OnnxModel.encode`` is thread-safe.

Why not ``SentenceTransformer(path, backend="onnx")``: that backend goes through
optimum-onnx, whose only release (0.1.0) requires transformers < 4.58, while
this project runs transformers 5.x. Left out: token type ids (e5 has one type),
pooling other than mean, inputs longer than ``max_seq_length`` (truncated, as
sentence-transformers does).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

from . import heap, unigram
from .errors import ModelLoadError

log = logging.getLogger(__name__)

EXPORTER_VERSION = 2
MARKER = "NEWSQA_ONNX.json"
# backend name -> graph: "onnx" runs the feed-forward MatMuls on 8-bit blocks (cosine >= 0.9999 to float32, above);
# "onnx-int8" quantizes per tensor (faster, but cosine ~0.99 to torch, see docs/SCALING.md). Both read the same
# int8 embedding rows. FP32 is the exported graph they are derived from; "onnx-fp32" loads it for comparisons
# (python -m bench), it is not a --backend choice (embed.BACKENDS).
FP32 = "model.onnx"
FILES = {"onnx": "model_q8_v2.onnx", "onnx-int8": "model_int8.onnx", "onnx-fp32": FP32}
Q8_BLOCK = 32
OLD_Q8 = ("model_q8.onnx", "model_q8.onnx.data")
EMBEDDINGS, SCALES = "embeddings.int8", "embeddings_scale.npy"
OPSET = 17


def onnx_dir(src: Path, cache_dir: Path) -> Path:
    """Where the ONNX copy of the model directory ``src`` lives in the cache."""
    src = Path(src).resolve()
    key = hashlib.sha256(str(src).encode()).hexdigest()[:10]
    return Path(cache_dir) / "models" / "onnx" / f"{src.name}-{key}-v{EXPORTER_VERSION}"


def _source_stamp(src: Path) -> dict:
    """What the export depends on: the weight files' sizes and mtimes (cheap, no hashing of 470 MB)."""
    files = sorted(p for p in src.iterdir() if p.suffix in (".safetensors", ".bin", ".json") and p.is_file())
    return {p.name: [p.stat().st_size, p.stat().st_mtime_ns] for p in files}


def _read_json(path: Path, default=None):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return default


def _st_config(src: Path) -> dict:
    """Prompts, max_seq_length, pooling and normalization of a sentence-transformers directory."""
    modules = _read_json(src / "modules.json", [])
    kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
    if kinds[:2] != ["Transformer", "Pooling"] or any(k not in ("Transformer", "Pooling", "Normalize") for k in kinds):
        raise ModelLoadError(f"{src}: the ONNX backend handles Transformer + Pooling [+ Normalize] models, found {kinds}")
    pooling = _read_json(src / modules[1]["path"] / "config.json", {})
    mode = pooling.get("pooling_mode") or ("mean" if pooling.get("pooling_mode_mean_tokens") else None)
    if mode != "mean":
        raise ModelLoadError(f"{src}: the ONNX backend handles mean pooling only, found {mode!r}")
    st = _read_json(src / "config_sentence_transformers.json", {})
    return {"prompts": st.get("prompts") or {}, "normalize": "Normalize" in kinds,
            "max_seq_length": int(_read_json(src / "sentence_bert_config.json", {}).get("max_seq_length", 512)),
            "dim": int(pooling.get("word_embedding_dimension", 0))}


def _export_fp32(src: Path, out: Path, normalize: bool) -> None:
    import torch
    from transformers import AutoModel

    bert = AutoModel.from_pretrained(str(src), attn_implementation="eager").eval()

    class Pooled(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask):
            h = self.m(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(h.dtype)
            v = (h * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(v, p=2.0, dim=1) if normalize else v

    ids = torch.ones((2, 8), dtype=torch.int64)
    with torch.no_grad():
        torch.onnx.export(Pooled(bert), (ids, torch.ones_like(ids)), str(out), dynamo=False, opset_version=OPSET,
                          input_names=["input_ids", "attention_mask"], output_names=["sentence_embedding"],
                          dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                                        "sentence_embedding": {0: "batch"}})


def _fuse(model_path: Path, out: Path, heads: int, hidden: int) -> None:
    """onnxruntime's BERT fusions, done once here instead of at every session start. The embedding
    LayerNorm stays unfused so that the word-embedding lookup can leave the graph (``_split_embeddings``)."""
    from onnxruntime.transformers.fusion_options import FusionOptions
    from onnxruntime.transformers.optimizer import optimize_model

    opts = FusionOptions("bert")
    opts.enable_embed_layer_norm = False
    m = optimize_model(str(model_path), model_type="bert", num_heads=heads, hidden_size=hidden,
                       optimization_options=opts, opt_level=0, use_gpu=False)
    fused = m.get_fused_operator_statistics()
    if fused.get("Attention", 0) == 0:
        log.warning("the transformer optimizer fused no attention layer; the graph stays correct but slower")
    m.save_model_to_file(str(out))


def _split_embeddings(model_path: Path, out: Path, rows: Path, scales: Path) -> None:
    """Move the word-embedding table (250k x 384) out of the graph: int8 with one scale per row on disk,
    and a graph input ``inputs_embeds`` that takes the looked-up, dequantized rows."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(model_path))
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    node = next(n for n in g.node
                if n.op_type == "Gather" and n.input[0].endswith("word_embeddings.weight") and n.input[0] in inits)
    w = numpy_helper.to_array(inits[node.input[0]]).astype(np.float32)
    scale = (np.maximum(np.abs(w).max(axis=1, keepdims=True), 1e-12) / 127.0).astype(np.float32)
    np.clip(np.rint(w / scale), -127, 127).astype(np.int8).tofile(rows)
    np.save(scales, scale[:, 0])
    g.initializer.remove(inits[node.input[0]])
    g.node.remove(node)
    for n in g.node:
        for k, x in enumerate(n.input):
            if x == node.output[0]:
                n.input[k] = "inputs_embeds"
    g.input.append(helper.make_tensor_value_info("inputs_embeds", TensorProto.FLOAT, ["batch", "seq", w.shape[1]]))
    onnx.save(model, str(out))


def _quantize_int8(fp32: Path, out: Path) -> None:
    """int8 weights per output channel for every MatMul and fused attention projection (the VNNI/AVX2 kernels)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(out), op_types_to_quantize=["MatMul", "Attention"], per_channel=True,
                     reduce_range=False, weight_type=QuantType.QInt8,
                     extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})  # fused ops defeat shape inference


def _q8_node(g, w: np.ndarray, name: str, x: str, out: str, block: int):
    """A ``MatMulNBits`` node computing ``x @ w`` with 8-bit symmetric weights, one scale per ``block`` inputs
    (int8 compute, accuracy level 4); its two initializers are added to ``g`` under ``name``."""
    from onnx import helper, numpy_helper
    from onnxruntime.capi._pybind_state import quantize_matmul_8bits

    k, n = w.shape
    blocks = -(-k // block)
    if blocks * block != k:
        w = np.pad(w, ((0, blocks * block - k), (0, 0)))
    packed, scales = np.zeros((n, blocks, block), np.uint8), np.zeros((n, blocks), np.float32)
    quantize_matmul_8bits(packed, np.ascontiguousarray(w, np.float32), scales, np.zeros((n, blocks), np.uint8),
                          block, n, k, True)
    g.initializer.extend([numpy_helper.from_array(packed, name + "_q8"), numpy_helper.from_array(scales, name + "_scale")])
    return helper.make_node("MatMulNBits", [x, name + "_q8", name + "_scale"], [out], name=name + "_q8",
                            domain="com.microsoft", K=k, N=n, bits=8, block_size=block, accuracy_level=4)


def _quantize_blocks(fp32: Path, out: Path, block: int = Q8_BLOCK) -> None:
    """Every weight MatMul of ``fp32`` as ``MatMulNBits`` (``_q8_node``): the feed-forward and attention output
    MatMuls in place, and each fused ``Attention`` as one ``MatMulNBits`` for its Q, K and V projections, a
    ``Split`` and a ``MultiHeadAttention`` that adds the projection bias and takes the same per-row lengths as
    its mask. The weights go to ``out.name + '.data'`` beside ``out`` (mapped at load)."""
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(fp32))
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    nodes = []
    for node in g.node:
        w = numpy_helper.to_array(inits[node.input[1]]) if node.op_type in ("MatMul", "Attention") \
            and node.input[1] in inits else None
        plain = node.op_type == "MatMul" or (len(node.input) == 4 and [a.name for a in node.attribute] == ["num_heads"])
        if w is None or w.ndim != 2 or not plain:  # an Attention with options this rewrite does not carry stays
            nodes.append(node)
            continue
        g.initializer.remove(inits[node.input[1]])
        if node.op_type == "MatMul":
            nodes.append(_q8_node(g, w, node.input[1], node.input[0], node.output[0], block))
            continue
        x, _, bias, lengths = node.input[:4]
        heads = next(helper.get_attribute_value(a) for a in node.attribute if a.name == "num_heads")
        qkv, split, d = node.name + "_qkv", node.name + "_split", w.shape[1] // 3
        g.initializer.append(numpy_helper.from_array(np.array([d, d, d], np.int64), split))
        nodes += [_q8_node(g, w, node.input[1], x, qkv, block),
                  helper.make_node("Split", [qkv, split], [qkv + "_q", qkv + "_k", qkv + "_v"], axis=-1, name=split),
                  helper.make_node("MultiHeadAttention", [qkv + "_q", qkv + "_k", qkv + "_v", bias, lengths],
                                   list(node.output), name=node.name + "_mha", domain="com.microsoft", num_heads=heads)]
    del g.node[:]
    g.node.extend(nodes)
    if not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    onnx.save_model(model, str(out), save_as_external_data=True, all_tensors_to_one_file=True,
                    location=out.name + ".data", size_threshold=1024)


def _ensure_q8(out: Path) -> None:
    """Derive ``FILES['onnx']`` from the float32 graph of an existing export (seconds, no torch); atomic."""
    graph = out / FILES["onnx"]
    if graph.is_file() and (out / (graph.name + ".data")).is_file():
        return
    for old in OLD_Q8:  # the earlier 8-bit graph (feed-forward MatMuls only), replaced by this one
        (out / old).unlink(missing_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".q8.", dir=out))
    try:
        _quantize_blocks(out / FP32, tmp / graph.name)
        for f in tmp.iterdir():
            os.chmod(f, 0o644)  # onnx writes the data file 0600; the rest of the cache is world-readable
        os.replace(tmp / (graph.name + ".data"), out / (graph.name + ".data"))
        os.replace(tmp / graph.name, graph)  # the graph last: it names the data file
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def ensure_onnx(src: Path, cache_dir: Path) -> Path:
    """The ONNX copies of ``src`` (see FILES) under the cache, exporting on first use (~1 min, needs torch)."""
    src = Path(src).resolve()
    out = onnx_dir(src, cache_dir)
    stamp = _source_stamp(src)
    marker = _read_json(out / MARKER)
    if marker and marker.get("source_stamp") == stamp and all((out / f).is_file() for f in [FP32, FILES["onnx-int8"], EMBEDDINGS, SCALES]):
        if not (out / unigram.PIPELINE).is_file():
            unigram.compact(out / "tokenizer.json")
        _ensure_q8(out)  # exports made before the 8-bit graph existed get it here
        return out
    cfg = _st_config(src)
    t0 = time.perf_counter()
    log.info("exporting %s to ONNX into %s (one time)", src, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".incomplete", dir=out.parent))
    try:
        # the tracer and the quantizer warn about things that do not apply to this graph; keep first start readable
        root = logging.getLogger()
        level = root.level
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            root.setLevel(logging.ERROR)
            try:
                _export_fp32(src, tmp / "export.onnx", cfg["normalize"])
                arch = _read_json(src / "config.json", {})
                _fuse(tmp / "export.onnx", tmp / "fused.onnx", int(arch.get("num_attention_heads", 12)),
                      int(arch.get("hidden_size", cfg["dim"])))
                (tmp / "export.onnx").unlink()
                _split_embeddings(tmp / "fused.onnx", tmp / FP32, tmp / EMBEDDINGS, tmp / SCALES)
                (tmp / "fused.onnx").unlink()
                _quantize_int8(tmp / FP32, tmp / FILES["onnx-int8"])
                _quantize_blocks(tmp / FP32, tmp / FILES["onnx"])
            finally:
                root.setLevel(level)
        shutil.copy2(src / "tokenizer.json", tmp / "tokenizer.json")
        unigram.compact(tmp / "tokenizer.json")
        import onnxruntime

        (tmp / MARKER).write_text(json.dumps({
            "exporter_version": EXPORTER_VERSION, "source": str(src), "source_stamp": stamp, "opset": OPSET,
            "onnxruntime": onnxruntime.__version__, "files": {
                FP32: "float32, fused (Attention, SkipLayerNormalization, BiasGelu); input inputs_embeds",
                FILES["onnx"]: f"same, every weight MatMul and attention projection as MatMulNBits: 8-bit weights, blocks "
                               f"of {Q8_BLOCK}, int8 compute; weights in {FILES['onnx']}.data",
                FILES["onnx-int8"]: "same as model.onnx + dynamic int8 MatMuls/Attention (weights QInt8 per channel)",
                EMBEDDINGS: "word embeddings, int8 row-major [vocab, dim]", SCALES: "float32 scale per row"},
            **cfg}, indent=2), encoding="utf-8")
        for p in [tmp, *tmp.iterdir()]:
            os.chmod(p, 0o755 if p.is_dir() else 0o644)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
            os.replace(out, old / "x")
            shutil.rmtree(old, ignore_errors=True)
        os.replace(tmp, out)
    except Exception as e:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(e, ModelLoadError):
            raise
        raise ModelLoadError(f"could not export {src} to ONNX: {type(e).__name__}: {e} — use --backend torch") from e
    log.info("exported ONNX in %.1fs", time.perf_counter() - t0)
    return out


def session_options(threads: int | None = None):
    """onnxruntime session options: all graph optimizations and no memory arena (a 32 x 512 build batch would
    otherwise keep its activations resident). ``threads`` None lets onnxruntime use one intra-op thread per core.

    A server's encoder (``embed.set_default_lanes``) runs ``threads=1`` sessions, one run per core at once
    (``lanes.Lanes``): a seed question costs 7.4-7.8 ms of CPU that way against 8.6-9.2 ms when two threads
    split every run (same vectors, bit for bit), and 16 HTTP clients got 111 instead of 101 answers/s.
    Elsewhere (CLI, evaluation, builds) one run at a time uses every core: lower latency for one question.
    With several threads, intra-op threads spin up to 10 µs for the next of the ~100 parallel sections of a
    run, then sleep, and stop spinning when the run ends (``force_spinning_stop``). Per question, interleaved,
    on this 2-core machine with other jobs: never spinning p50 7.4-7.6 ms; spinning 10-100 µs 5.5-5.9 ms when
    a core is free; without a bound p95 15-23 ms (a spinning thread waits out a descheduled peer). When other
    jobs hold a core, every µs of spinning is taken from the thread that has the work: 9.4 ms never spinning,
    10.0 ms at 10 µs, 11.4 ms at 50 µs."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.enable_cpu_mem_arena = False
    opts.add_session_config_entry("session.intra_op.allow_spinning", "1")
    opts.add_session_config_entry("session.intra_op.spin_duration_us", "10")
    opts.add_session_config_entry("session.force_spinning_stop", "1")
    if threads:
        opts.intra_op_num_threads = threads
    return opts


class OnnxModel:
    """An exported directory run by onnxruntime; quacks like the part of SentenceTransformer we use."""

    def __init__(self, path: Path, backend: str = "onnx", threads: int | None = None):
        import onnxruntime as ort

        if backend not in FILES:
            raise ValueError(f"backend must be one of {sorted(FILES)}, got {backend!r}")
        self.path = path = Path(path)
        meta = _read_json(path / MARKER, {})
        self.prompts: dict[str, str] = meta.get("prompts", {})
        self.max_seq_length = int(meta.get("max_seq_length", 512))
        self.backend = backend
        self.session = ort.InferenceSession(str(path / FILES[backend]), session_options(threads),
                                            providers=["CPUExecutionProvider"])
        self.tokenizer = unigram.UnigramTokenizer.from_files(path / "tokenizer.json", self.max_seq_length)
        self.pad_id = self.tokenizer.token_to_id("<pad>") or 0
        self._scales = np.load(path / SCALES)
        self._dim = int(meta.get("dim") or self.session.get_outputs()[0].shape[-1])
        self._rows = os.open(path / EMBEDDINGS, os.O_RDONLY)
        if os.fstat(self._rows).st_size != len(self._scales) * self._dim:
            raise ModelLoadError(f"{path / EMBEDDINGS} does not hold {len(self._scales)} x {self._dim} int8 rows; "
                                 "delete the directory to export again")
        heap.trim()  # loading leaves freed heap behind (the vocabulary's hashing, onnxruntime's graph)

    def __del__(self):
        try:
            os.close(self._rows)
        except (AttributeError, OSError):
            pass

    def get_embedding_dimension(self) -> int:
        return self._dim

    def embed_rows(self, ids: np.ndarray) -> np.ndarray:
        """Dequantized word-embedding rows for a matrix of token ids, read from disk (no table in memory)."""
        uniq, inv = np.unique(ids, return_inverse=True)
        d = self._dim
        raw = b"".join(os.pread(self._rows, d, int(i) * d) for i in uniq)
        rows = np.frombuffer(raw, np.int8).reshape(len(uniq), d).astype(np.float32)
        rows *= self._scales[uniq, None]
        return rows[inv.reshape(ids.shape)]

    def _batch(self, texts: list[str]) -> np.ndarray:
        encs = [self.tokenizer.ids(t) for t in texts]
        n = max(len(e) for e in encs)
        ids = np.full((len(encs), n), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(encs), n), dtype=np.int64)
        for i, e in enumerate(encs):
            ids[i, :len(e)] = e
            mask[i, :len(e)] = 1
        return self.session.run(None, {"input_ids": ids, "attention_mask": mask, "inputs_embeds": self.embed_rows(ids)})[0]

    def encode(self, texts, batch_size: int = 32, normalize_embeddings: bool = True, convert_to_numpy: bool = True,
               show_progress_bar: bool = False, prompt_name: str | None = None, **_) -> np.ndarray:
        prompt = self.prompts.get(prompt_name, "") if prompt_name else ""
        texts = [(prompt + str(t)).strip() for t in texts]
        if not texts:
            return np.zeros((0, self._dim), np.float32)
        order = np.argsort([-len(t) for t in texts], kind="stable")  # similar lengths share a batch: less padding
        out = np.empty((len(texts), self._dim), np.float32)
        starts = range(0, len(texts), batch_size)
        if show_progress_bar:
            from tqdm import tqdm

            starts = tqdm(starts, desc="Batches")
        for s in starts:
            idx = order[s:s + batch_size]
            out[idx] = self._batch([texts[i] for i in idx])
        if normalize_embeddings:
            out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out
