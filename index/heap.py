"""Giving freed memory back to the operating system, so that resident memory is what is in use.

Two allocators hold on to freed memory here. glibc's ``malloc`` keeps freed blocks of its heap
(loading the tokenizer vocabulary and kiwipiepy's model leaves ~60 MiB of them) until
``malloc_trim`` returns them. kiwipiepy links its own mimalloc, which by default keeps freed pages
committed for a while and commits whole arena chunks eagerly; ``MIMALLOC_PURGE_DELAY=0`` and
``MIMALLOC_ARENA_EAGER_COMMIT=0`` return them at once (measured: ~25 MiB less after loading, ~40 MiB
less after four threads of questions, the same tokenize speed). mimalloc reads its options when the
library loads, so ``tune_mimalloc`` must run before kiwipiepy is imported. Both are no-ops elsewhere
(another libc, a kiwipiepy without mimalloc); environment variables already set win.
"""
from __future__ import annotations

import ctypes
import os

MIMALLOC = {"MIMALLOC_PURGE_DELAY": "0", "MIMALLOC_ARENA_EAGER_COMMIT": "0"}


def tune_mimalloc() -> None:
    for k, v in MIMALLOC.items():
        os.environ.setdefault(k, v)


def trim() -> None:
    """Return glibc's free heap pages to the OS (``malloc_trim(0)``); a few ms."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
