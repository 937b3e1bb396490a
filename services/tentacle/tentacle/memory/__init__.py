"""Organisation memory: what people, Flux and subagents remember, one store for all three.

Memories are keyed per organisation and scope (``organization``; ``user``, private to one user;
``agent``, for one agent type), versioned (every state is a ``memory_versions`` row), attributed
(user, or agent acting for a user) and searched by exact key, full text and meaning at once
(``search``). Embeddings are computed after commit by the ``tentacle.memory.embed`` task with the
bundled all-MiniLM-L6-v2 (numpy, no torch) or a litellm embedding model
(``TENTACLE_EMBEDDING_MODEL``). Flux calls :func:`tentacle.memory.service.search_memories` and
:func:`tentacle.memory.service.store_memory`; subagents go through
:class:`tentacle.memory.store.SqlMemoryStore`.
"""
