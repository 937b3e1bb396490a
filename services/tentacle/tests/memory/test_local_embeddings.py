"""The bundled all-MiniLM-L6-v2 run in numpy: it reproduces the model's published similarities,
and close sentences score clearly above unrelated ones."""

from __future__ import annotations

import numpy as np

from tentacle.memory.embeddings.local import DIMENSIONS, LocalEmbeddingProvider, load_model


def test_reproduces_the_published_similarities() -> None:
    # sentence-transformers' quickstart prints these for all-MiniLM-L6-v2 (torch, float32):
    # [[1.0000, 0.6660, 0.1046], [0.6660, 1.0000, 0.1411], [0.1046, 0.1411, 1.0000]]
    sentences = [
        "The weather is lovely today.",
        "It's so sunny outside!",
        "He drove to the stadium.",
    ]
    vectors = load_model().encode(sentences)
    similarities = vectors @ vectors.T
    assert vectors.shape == (3, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert abs(similarities[0, 1] - 0.6660) < 5e-4
    assert abs(similarities[0, 2] - 0.1046) < 5e-4
    assert abs(similarities[1, 2] - 0.1411) < 5e-4


async def test_close_sentences_score_above_unrelated_ones() -> None:
    provider = LocalEmbeddingProvider()
    query, close, unrelated = await provider.embed(
        [
            "How do I reset my password?",
            "Steps to recover access when you forgot your login credentials",
            "The quarterly revenue grew by twelve percent",
        ]
    )
    near = float(np.dot(query, close))
    far = float(np.dot(query, unrelated))
    assert near > 0.4 and far < 0.15 and near - far > 0.3


def test_batches_and_long_texts_match_single_encoding() -> None:
    model = load_model()
    # 33 short texts and one past the token limit: the last batch pads a short text to 256.
    texts = [f"note number {i} about deployments" for i in range(33)] + ["word " * 600]
    together = model.encode(texts)
    alone = np.stack([model.encode([text])[0] for text in (texts[0], texts[-2], texts[-1])])
    assert together.shape == (34, DIMENSIONS)
    assert np.allclose(together[[0, -2, -1]], alone, atol=1e-5)  # padding changes nothing
