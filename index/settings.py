"""Settings: flag, then ``NEWSQA_*`` environment variable, then default.

Resolved once at an entry point into a frozen ``Settings``; library code takes
the values it needs as arguments and never reads the environment itself.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, fields
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ENV_PREFIX = "NEWSQA_"
KNOWN_ENV = {
    "NEWSQA_CORPUS", "NEWSQA_INDEX", "NEWSQA_MODEL", "NEWSQA_CACHE_DIR", "NEWSQA_HOST",
    "NEWSQA_PORT", "NEWSQA_ALLOWED_ORIGINS", "NEWSQA_RATE_LIMIT", "NEWSQA_MAX_QUESTION_CHARS",
    "NEWSQA_MAX_HISTORY", "NEWSQA_TOP_K", "NEWSQA_BACKEND",
}


class SettingsError(ValueError):
    """A setting has an invalid value or an unknown NEWSQA_* variable is set."""


@dataclass(frozen=True)
class Settings:
    corpus: Path
    index: Path
    model: str | None
    cache_dir: Path
    host: str = "127.0.0.1"
    port: int = 7860
    allowed_origins: tuple[str, ...] = ()
    rate_limit: int = 30
    max_question_chars: int = 500
    max_history: int = 10
    top_k: int = 8
    backend: str = "onnx"


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("newsqa"))


def default_index_dir(cache_dir: Path, corpus: Path) -> Path:
    """One index per corpus directory, under the cache."""
    key = hashlib.sha256(str(Path(corpus).resolve()).encode()).hexdigest()[:12]
    return Path(cache_dir) / "indexes" / f"{Path(corpus).resolve().name}-{key}"


def _int(name: str, value) -> int:
    try:
        v = int(value)
    except (TypeError, ValueError):
        raise SettingsError(f"{name} must be an integer, got {value!r}") from None
    if v < 0:
        raise SettingsError(f"{name} must be >= 0, got {v}")
    return v


def resolve(env: dict | None = None, **flags) -> Settings:
    """Build Settings from flags (None = not given), then env, then defaults."""
    env = dict(os.environ if env is None else env)
    unknown = sorted(k for k in env if k.startswith(ENV_PREFIX) and k not in KNOWN_ENV)
    if unknown:
        raise SettingsError(f"unknown environment variable(s) {', '.join(unknown)}; known: {', '.join(sorted(KNOWN_ENV))}")
    names = {f.name for f in fields(Settings)}
    bad = sorted(set(flags) - names)
    if bad:
        raise SettingsError(f"unknown setting(s): {', '.join(bad)}")

    def pick(name, default=None):
        if flags.get(name) is not None:
            return flags[name]
        return env.get(ENV_PREFIX + name.upper(), default)

    cache_dir = Path(pick("cache_dir") or default_cache_dir()).expanduser()
    corpus = Path(pick("corpus") or REPO / "corpus").expanduser()
    index = Path(pick("index") or default_index_dir(cache_dir, corpus)).expanduser()
    origins = pick("allowed_origins", "")
    if isinstance(origins, str):
        origins = tuple(o.strip().rstrip("/") for o in origins.split(",") if o.strip())
    return Settings(
        corpus=corpus,
        index=index,
        model=pick("model") or None,
        cache_dir=cache_dir,
        host=str(pick("host", "127.0.0.1")),
        port=_int("port", pick("port", 7860)),
        allowed_origins=tuple(origins),
        rate_limit=_int("rate_limit", pick("rate_limit", 30)),
        max_question_chars=_int("max_question_chars", pick("max_question_chars", 500)),
        max_history=_int("max_history", pick("max_history", 10)),
        top_k=max(1, _int("top_k", pick("top_k", 8))),
        backend=_backend(pick("backend", "onnx")),
    )


def _backend(value) -> str:
    from .embed import BACKENDS  # cheap: embed imports numpy only

    if value not in BACKENDS:
        raise SettingsError(f"backend must be one of {', '.join(BACKENDS)}, got {value!r}")
    return value
