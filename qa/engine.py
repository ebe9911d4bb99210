"""The engine: the heavy objects built once, and ``ask`` over them.

``Engine.open`` loads the index, the model and the Korean analyzer; the app,
the CLI and the HTTP API each hold one engine and call ``ask`` per question.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from index import store
from index.embed import Encoder, load_encoder
from index.segment import make_kiwi

from .analyze import analyze
from .answer import compose
from .records import Answer
from .retrieve import check_article, retrieve

log = logging.getLogger(__name__)


class EmptyQuestionError(ValueError):
    """The question is empty or only whitespace."""


@dataclass
class Engine:
    index: store.Index
    encoder: Encoder
    kiwi: object
    top_k: int = 8
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def open(cls, index_dir: Path, model: str | None, cache_dir: Path, corpus: Path | None = None,
             rebuild_stale: bool = False, top_k: int = 8) -> "Engine":
        """Load everything; with ``rebuild_stale`` build a missing or stale index from ``corpus``."""
        encoder = load_encoder(model, cache_dir)
        kiwi = make_kiwi()
        try:
            manifest = store.read_manifest(index_dir)
            stale = corpus is not None and store.is_stale(manifest, corpus)
        except store.IndexNotFoundError:
            if not (rebuild_stale and corpus is not None):
                raise
            manifest, stale = None, True
        if manifest is not None and manifest["model_id"] != encoder.model_id and rebuild_stale:
            stale = True
        if stale:
            if not rebuild_stale:
                store.check_fresh(manifest, corpus, index_dir)
            log.info("building index of %s into %s", corpus, index_dir)
            index = store.build(corpus, index_dir, encoder, kiwi)
        else:
            index = store.load(index_dir)
        store.check_model(index.manifest, encoder.model_id)
        return cls(index=index, encoder=encoder, kiwi=kiwi, top_k=top_k)

    def ask(self, question: str, article: str | None = None, history: list[dict] | None = None) -> Answer:
        question = (question or "").strip()
        if not question:
            raise EmptyQuestionError("the question is empty — type a question about the article")
        check_article(self.index, article)
        with self._lock:  # kiwi and the torch model are shared; keep one question at a time
            info = analyze(self.kiwi, question)
            qvec = self.encoder.encode_queries([question])[0]
            hits = retrieve(self.index, qvec, self.top_k, article)
        return compose(info, hits, self.index, article)
