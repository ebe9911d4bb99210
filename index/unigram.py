"""A small-memory drop-in for the ``tokenizers`` Unigram tokenizer of the converted model.

``tokenizers`` keeps the 250k-piece vocabulary in a byte trie of hash maps: ~270 MiB resident
and ~2 s to load, more than the ONNX encoder itself. This class gives the same ids with a
plain dict (~30 MiB, ~0.3 s): special tokens are split off the raw text, each remaining piece
goes through the original normalizer and pre-tokenizer (``tokenizers`` objects built from the
same ``tokenizer.json`` minus its vocabulary), and every pre-token is segmented by the Viterbi
search of ``tokenizers``' ``Unigram.encode_optimized`` (ties keep the first, shortest, piece;
unknown characters cost ``min_score - 10``; consecutive unknowns fuse into one ``<unk>``).
Then ``<s> ... </s>`` and truncation to ``max_length`` tokens, as the template post-processor
and ``enable_truncation`` do. ``tests/test_fastpath.py`` checks ids against ``tokenizers``.

Left out: pairs, offsets, padding, byte fallback (the converted model has none).
"""
from __future__ import annotations

import json
import os
import re
from array import array
from functools import lru_cache
from pathlib import Path

UNK_PENALTY = 10.0


class UnigramTokenizer:
    def __init__(self, vocab: list[str], scores, unk_id: int, pipeline_json: str,
                 specials: dict[str, int], bos: str = "<s>", eos: str = "</s>", max_length: int = 512):
        from tokenizers import Tokenizer

        self._ids = dict(zip(vocab, range(len(vocab))))  # a later duplicate wins, as in tokenizers
        self._scores = array("d", scores)  # 8 bytes a piece, no float objects
        self._unk_id = unk_id
        self._unk_score = min(self._scores) - UNK_PENALTY
        self._max_piece = max(map(len, vocab))
        pipe = Tokenizer.from_str(pipeline_json)
        self._normalizer, self._pre = pipe.normalizer, pipe.pre_tokenizer
        self._specials = specials
        self._special_re = re.compile("|".join(re.escape(t) for t in sorted(specials, key=len, reverse=True)))
        self.bos, self.eos = specials[bos], specials[eos]
        self.max_length = max_length
        self._word = lru_cache(maxsize=1 << 16)(self._viterbi)

    @classmethod
    def from_files(cls, tokenizer_json: Path, max_length: int = 512) -> "UnigramTokenizer":
        """Load from ``compact(tokenizer_json)``'s files when they exist, else from ``tokenizer.json`` itself."""
        d = Path(tokenizer_json).parent
        if all((d / f).is_file() for f in (VOCAB, SCORES, PIPELINE)):
            pipe = json.loads((d / PIPELINE).read_text(encoding="utf-8"))
            vocab = (d / VOCAB).read_bytes().decode("utf-8").split("\n")
            scores = array("d")
            scores.frombytes((d / SCORES).read_bytes())
            if len(vocab) != len(scores):
                raise ValueError(f"{d}: {VOCAB} and {SCORES} disagree; delete them to rebuild")
            return cls(vocab, scores, pipe["unk_id"], json.dumps(pipe["pipeline"]), pipe["specials"], max_length=max_length)
        return cls(*_split(json.loads(Path(tokenizer_json).read_text(encoding="utf-8")), tokenizer_json), max_length=max_length)

    def _viterbi(self, word: str) -> tuple[int, ...]:
        n, ids, scores, unk = len(word), self._ids, self._scores, self._unk_id
        best = [0.0] + [None] * n  # best path score ending at each position
        back: list = [None] * (n + 1)  # (start, id)
        for i in range(n):
            base = best[i]
            single = False
            for j in range(i + 1, min(n, i + self._max_piece) + 1):
                tid = ids.get(word[i:j])
                if tid is None:
                    continue
                s = base + scores[tid]
                if back[j] is None or s > best[j]:
                    best[j], back[j] = s, (i, tid)
                single = single or j == i + 1
            if not single:
                s = base + self._unk_score
                if back[i + 1] is None or s > best[i + 1]:
                    best[i + 1], back[i + 1] = s, (i, unk)
        out, j = [], n
        while j > 0:
            i, tid = back[j]
            if not (tid == unk and out and out[-1] == unk):  # fuse consecutive unknowns
                out.append(tid)
            j = i
        return tuple(reversed(out))

    def _piece(self, text: str) -> list[int]:
        if not text:
            return []
        norm = self._normalizer.normalize_str(text)
        out: list[int] = []
        for word, _ in self._pre.pre_tokenize_str(norm):
            if word:
                out.extend(self._word(word))
        return out

    def ids(self, text: str) -> list[int]:
        """Token ids of one text, with ``<s>``/``</s>``, truncated to ``max_length``."""
        out, pos = [], 0
        for m in self._special_re.finditer(text):
            out += self._piece(text[pos:m.start()])
            out.append(self._specials[m.group()])
            pos = m.end()
        out += self._piece(text[pos:])
        return [self.bos, *out[:max(self.max_length - 2, 0)], self.eos]

    def token_to_id(self, token: str) -> int | None:
        return self._specials.get(token, self._ids.get(token))


VOCAB, SCORES, PIPELINE = "unigram_vocab.txt", "unigram_scores.f64", "unigram_pipeline.json"


def _split(cfg: dict, where) -> tuple:
    """(pieces, scores, unk id, pipeline JSON without the vocabulary, special tokens) of a tokenizer.json."""
    model = cfg["model"]
    if model.get("type") != "Unigram" or model.get("byte_fallback"):
        raise ValueError(f"{where}: expected a Unigram model without byte fallback")
    vocab = [p for p, _ in model["vocab"]]
    scores = [float(s) for _, s in model["vocab"]]
    specials = {t["content"]: t["id"] for t in cfg.get("added_tokens", [])
                if t.get("special") and not t.get("normalized") and not t.get("lstrip") and not t.get("rstrip")
                and not t.get("single_word")}
    if len(specials) != len(cfg.get("added_tokens", [])):
        raise ValueError(f"{where}: added tokens other than plain special tokens are not supported")
    cfg["model"] = {"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0.0]], "byte_fallback": False}
    cfg["added_tokens"], cfg["truncation"], cfg["padding"], cfg["post_processor"] = [], None, None, None
    return vocab, scores, model["unk_id"], json.dumps(cfg), specials


def compact(tokenizer_json: Path) -> None:
    """Write the vocabulary beside ``tokenizer_json`` as plain lines + raw float64 scores (loads in a
    third of the time and memory of the JSON). Pieces hold no newline in this model; checked."""
    d = Path(tokenizer_json).parent
    vocab, scores, unk_id, pipeline, specials = _split(json.loads(Path(tokenizer_json).read_text(encoding="utf-8")),
                                                       tokenizer_json)
    if any("\n" in p for p in vocab):
        return  # keep reading the JSON
    for name, data in ((VOCAB, "\n".join(vocab).encode("utf-8")), (SCORES, array("d", scores).tobytes()),
                       (PIPELINE, json.dumps({"unk_id": unk_id, "specials": specials,
                                              "pipeline": json.loads(pipeline)}).encode("utf-8"))):
        tmp = d / f".{name}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, d / name)  # the loader needs all three, and PIPELINE comes last
