"""Fast path: the same sentence-transformers model as an int8 ONNX graph, run by onnxruntime without torch.

``ensure_onnx`` exports a converted sentence-transformers directory once into
the cache (torch is needed for that step only): the transformer, mean pooling
and L2 normalization become one ONNX graph. ``model.onnx`` computes in float32
but keeps the 250k-row word-embedding table as int8 with one scale per row
(384 MB -> 96 MB; rows are dequantized as they are looked up).
``model_int8.onnx`` also quantizes every weight MatMul to int8 per channel with
onnxruntime's dynamic quantization (activations quantized on the fly, no
calibration data); it is faster but drifts further from the torch vectors.
``OnnxModel`` loads that directory with
onnxruntime + tokenizers + numpy only and offers the small slice of
``SentenceTransformer`` that ``embed.Encoder`` uses (``encode``, ``prompts``,
``get_embedding_dimension``), so the embedding space and prompts stay the same.

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

from .errors import ModelLoadError

log = logging.getLogger(__name__)

EXPORTER_VERSION = 1
MARKER = "NEWSQA_ONNX.json"
# backend name -> file: "onnx" computes in float32 (only the word-embedding table is int8, per row);
# "onnx-int8" also runs every weight MatMul in int8 (faster, but cosine to torch ~0.99, see docs/SCALING.md)
FILES = {"onnx": "model.onnx", "onnx-int8": "model_int8.onnx"}
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


def _int8_rows(model_path: Path, out: Path) -> None:
    """Store the word-embedding table (250k x 384, 384 MB of the 470 MB) as int8 with one scale per row.

    The Gather that reads it becomes Gather(int8) -> Cast -> Mul(Gather(scale)), so each looked-up
    row is dequantized on the fly; everything after it still runs in float32.
    """
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(model_path))
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    pos, node = next((k, n) for k, n in enumerate(g.node)
                     if n.op_type == "Gather" and n.input[0].endswith("word_embeddings.weight") and n.input[0] in inits)
    name = node.input[0]
    w = numpy_helper.to_array(inits[name]).astype(np.float32)
    scale = np.maximum(np.abs(w).max(axis=1, keepdims=True), 1e-12) / 127.0
    q = np.clip(np.rint(w / scale), -127, 127).astype(np.int8)
    g.initializer.remove(inits[name])
    g.initializer.extend([numpy_helper.from_array(q, name + ".int8"), numpy_helper.from_array(scale.astype(np.float32), name + ".scale")])
    ids, outp = node.input[1], node.output[0]
    new = [helper.make_node("Gather", [name + ".int8", ids], [outp + ".q"], name="emb_q_gather"),
           helper.make_node("Cast", [outp + ".q"], [outp + ".f"], to=onnx.TensorProto.FLOAT, name="emb_q_cast"),
           helper.make_node("Gather", [name + ".scale", ids], [outp + ".s"], name="emb_q_scale"),
           helper.make_node("Mul", [outp + ".f", outp + ".s"], [outp], name="emb_q_mul")]
    g.node.remove(node)
    for k, n in enumerate(new):
        g.node.insert(pos + k, n)
    onnx.save(model, str(out))


def _quantize_int8(fp32: Path, out: Path) -> None:
    """int8 weights per output channel for every MatMul (the VNNI/AVX2 kernels); embeddings stay float32."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(out), op_types_to_quantize=["MatMul"], per_channel=True,
                     reduce_range=False, weight_type=QuantType.QInt8)


def ensure_onnx(src: Path, cache_dir: Path) -> Path:
    """The ONNX copies of ``src`` (see FILES) under the cache, exporting on first use (~1 min, needs torch)."""
    src = Path(src).resolve()
    out = onnx_dir(src, cache_dir)
    stamp = _source_stamp(src)
    marker = _read_json(out / MARKER)
    if marker and marker.get("source_stamp") == stamp and all((out / f).is_file() for f in FILES.values()):
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
                _int8_rows(tmp / "export.onnx", tmp / FILES["onnx"])
                (tmp / "export.onnx").unlink()
                _quantize_int8(tmp / FILES["onnx"], tmp / FILES["onnx-int8"])
            finally:
                root.setLevel(level)
        shutil.copy2(src / "tokenizer.json", tmp / "tokenizer.json")
        import onnxruntime

        (tmp / MARKER).write_text(json.dumps({
            "exporter_version": EXPORTER_VERSION, "source": str(src), "source_stamp": stamp, "opset": OPSET,
            "onnxruntime": onnxruntime.__version__, "files": {"model.onnx": "float32, word embeddings int8 per row",
                      "model_int8.onnx": "same + dynamic int8 MatMuls (weights QInt8 per channel)"},
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


class OnnxModel:
    """An exported directory run by onnxruntime; quacks like the part of SentenceTransformer we use."""

    def __init__(self, path: Path, backend: str = "onnx", threads: int | None = None):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        if backend not in FILES:
            raise ValueError(f"backend must be one of {sorted(FILES)}, got {backend!r}")
        path = Path(path)
        meta = _read_json(path / MARKER, {})
        self.prompts: dict[str, str] = meta.get("prompts", {})
        self.max_seq_length = int(meta.get("max_seq_length", 512))
        self.backend = backend
        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if threads:
            opts.intra_op_num_threads = threads
        self.session = ort.InferenceSession(str(path / FILES[backend]), opts, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_seq_length)
        self.tokenizer.no_padding()
        self.pad_id = self.tokenizer.token_to_id("<pad>") or 0
        self._dim = int(meta.get("dim") or self.session.get_outputs()[0].shape[-1])

    def get_embedding_dimension(self) -> int:
        return self._dim

    def _batch(self, texts: list[str]) -> np.ndarray:
        encs = self.tokenizer.encode_batch(texts)
        n = max(len(e.ids) for e in encs)
        ids = np.full((len(encs), n), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(encs), n), dtype=np.int64)
        for i, e in enumerate(encs):
            ids[i, :len(e.ids)] = e.ids
            mask[i, :len(e.ids)] = 1
        return self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]

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
