"""``python -m index build [CORPUS_DIR] [--out INDEX_DIR] [--model NAME_OR_PATH]``."""
from __future__ import annotations

import argparse
import json
import logging
import sys
import time

from .embed import BACKENDS
from .errors import NewsQAError
from .settings import SettingsError, resolve


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m index", description="Build the sentence index of a news corpus.")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="segment, embed and index every article in a corpus directory",
                       description="Segment every .txt/.md article into sentences, embed them and write a FAISS "
                                   "index directory (built atomically; the previous index stays usable on failure).")
    b.add_argument("corpus", nargs="?", default=None, help="corpus directory (default: $NEWSQA_CORPUS or ./corpus)")
    b.add_argument("--out", default=None, help="index directory (default: $NEWSQA_INDEX or one per corpus in the cache dir)")
    b.add_argument("--model", default=None,
                   help="sentence-transformers model dir or hub name (default: $NEWSQA_MODEL or the bundled multilingual-e5-small)")
    b.add_argument("--cache-dir", default=None, help="cache for the converted model (default: $NEWSQA_CACHE_DIR or the user cache)")
    b.add_argument("--backend", default=None, choices=BACKENDS, help="embedding backend: onnx (default; onnxruntime, no torch, same vectors), onnx-int8 (faster, cosine ~0.99 to torch) or torch (sentence-transformers); default: $NEWSQA_BACKEND or onnx")
    b.add_argument("--json", action="store_true", help="print the manifest as JSON")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    return p


def build_cmd(args) -> int:
    from . import store
    from .embed import load_encoder
    from .segment import make_kiwi

    s = resolve(corpus=args.corpus, index=args.out, model=args.model, cache_dir=args.cache_dir, backend=args.backend)
    t0 = time.perf_counter()
    encoder = load_encoder(s.model, s.cache_dir, s.backend)
    kiwi = make_kiwi()
    index = store.build(s.corpus, s.index, encoder, kiwi, progress=not args.quiet)
    m = index.manifest
    if args.json:
        print(json.dumps(m, ensure_ascii=False, indent=2))
    else:
        for sk in m["skipped"]:
            print(f"skipped {sk['path']}: {sk['reason']}", file=sys.stderr)
        print(f"indexed {len(m['articles'])} article(s), {m['rows']} sentences with {m['model_id']} "
              f"({m.get('backend')}) into {index.path} in {time.perf_counter() - t0:.1f}s")
    return 0


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return build_cmd(args)
    except (NewsQAError, SettingsError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 1
