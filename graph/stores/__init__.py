"""Open the store a command should use: Neo4j when a URI is given, else the embedded LadybugDB."""

from __future__ import annotations

import os
from pathlib import Path

from graph.stores.base import GraphStore

DEFAULT_DB = "citegraph.db"


def default_db_path() -> Path:
    return Path(os.environ.get("CITEGRAPH_DB") or DEFAULT_DB)


def open_store(db: Path | None = None, neo4j_uri: str | None = None, read_only: bool = False) -> GraphStore:
    """The Neo4j store for ``neo4j_uri`` (or ``NEO4J_URI``), otherwise LadybugDB at ``db``."""
    uri = neo4j_uri or os.environ.get("NEO4J_URI")
    if uri:
        from graph.stores.neo4j import Neo4jStore

        return Neo4jStore.from_env(uri)
    from graph.stores.ladybug import LadybugStore

    return LadybugStore(db or default_db_path(), read_only=read_only)
