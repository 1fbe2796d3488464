"""Exports read back: neo4j-admin import CSV files, GraphML, JSON, against the store they came from."""

from __future__ import annotations

import csv
import json
import re

import networkx as nx
import pytest

from graph.stores.base import NODE_LABELS
from graph.stores.ladybug import LadybugStore
from tests.conftest import invoke

HEADER = re.compile(r"^(?P<name>\w*):?(?P<kind>ID|START_ID|END_ID|LABEL|TYPE)?(?:\((?P<space>\w+)\))?$")
TYPES = {"string", "string[]", "long", "int", "float", "double", "boolean"}


@pytest.fixture(scope="module")
def store(example_db):
    s = LadybugStore(example_db, read_only=True)
    yield s
    s.close()


@pytest.fixture(scope="module")
def import_dir(runner, example_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "neo4j-import"
    result = invoke(runner, "export", out, "--format", "neo4j-import", "--db", example_db)
    assert result.exit_code == 0, result.output
    assert "import.sh" in result.output
    return out


def read_csv(path):
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def delimiter(import_dir) -> str:
    return re.search(r"--array-delimiter='(.)'", (import_dir / "import.sh").read_text()).group(1)


def test_node_files_hold_every_node_with_its_key(import_dir, store):
    counts = store.counts()
    for label in NODE_LABELS:
        path = import_dir / f"nodes_{label}.csv"
        if not counts.nodes[label]:
            assert not path.exists()
            continue
        header, rows = read_csv(path)
        assert header[0] == f"id:ID({label})" and header[-1] == ":LABEL"
        assert len(rows) == counts.nodes[label]
        ids = {r[0] for r in rows}
        stored = {row[0] for row in store.query(f"MATCH (n:{label}) RETURN n.id").rows}
        assert ids == stored, label
        assert {r[-1] for r in rows} == {label}


def test_headers_use_neo4j_admin_types(import_dir):
    for path in import_dir.glob("*.csv"):
        header, _ = read_csv(path)
        for column in header:
            _, _, kind = column.partition(":")
            if kind in TYPES:
                continue
            m = HEADER.match(column)
            assert m and (m.group("kind") or not kind), f"{path.name}: {column}"
    header, _ = read_csv(import_dir / "nodes_Model.csv")
    assert "aliases:string[]" in header
    header, _ = read_csv(import_dir / "rels_REPORTS_Paper_Benchmark.csv")
    assert header[:2] == [":START_ID(Paper)", ":END_ID(Benchmark)"] and "value:float" in header
    assert header[-1] == ":TYPE"


def test_relationship_files_hold_every_relationship_between_known_ids(import_dir, store):
    ids = {}
    for path in import_dir.glob("nodes_*.csv"):
        header, rows = read_csv(path)
        ids[HEADER.match(header[0]).group("space")] = {r[0] for r in rows}
    per_type: dict[str, int] = {}
    for path in import_dir.glob("rels_*.csv"):
        header, rows = read_csv(path)
        start, end = HEADER.match(header[0]).group("space"), HEADER.match(header[1]).group("space")
        for r in rows:
            assert r[0] in ids[start] and r[1] in ids[end], path.name
            per_type[r[-1]] = per_type.get(r[-1], 0) + 1
    assert per_type == {k: v for k, v in store.counts().relationships.items() if v}


def test_array_values_split_back_into_the_stored_lists(import_dir, store):
    header, rows = read_csv(import_dir / "nodes_Technique.csv")
    col = header.index("aliases:string[]")
    sep = delimiter(import_dir)
    exported = {r[0]: (r[col].split(sep) if r[col] else []) for r in rows}
    stored = {i: a or [] for i, a in store.query("MATCH (t:Technique) RETURN t.id, t.aliases").rows}
    assert exported == stored
    assert any(len(v) > 1 for v in stored.values())


def test_text_with_quotes_and_commas_survives(import_dir, store):
    header, rows = read_csv(import_dir / "nodes_Paper.csv")
    col = header.index("abstract")
    exported = {r[0]: r[col] for r in rows}
    stored = dict(store.query("MATCH (p:Paper) RETURN p.id, p.abstract").rows)
    assert exported == {k: v or "" for k, v in stored.items()}
    assert any("," in v for v in exported.values()) and any('"' in v for v in exported.values())


def test_import_script_lists_every_file(import_dir):
    script = (import_dir / "import.sh").read_text()
    assert "neo4j-admin database import full" in script
    for path in import_dir.glob("*.csv"):
        assert path.name in script


def test_graphml_reads_back_with_networkx(runner, example_db, store, tmp_path):
    out = tmp_path / "graph.graphml"
    result = invoke(runner, "export", out, "--format", "graphml", "--db", example_db)
    assert result.exit_code == 0, result.output
    g = nx.read_graphml(out, force_multigraph=True)
    counts = store.counts()
    assert g.number_of_nodes() == sum(counts.nodes.values())
    assert g.number_of_edges() == sum(counts.relationships.values())
    papers = {n for n, d in g.nodes(data=True) if d["label"] == "Paper"}
    assert papers == {f"Paper:{r[0]}" for r in store.query("MATCH (p:Paper) RETURN p.id").rows}
    types = {d["type"] for _, _, d in g.edges(data=True)}
    assert types == {k for k, v in counts.relationships.items() if v}


def test_json_reads_back(runner, example_db, store, tmp_path):
    out = tmp_path / "graph.json"
    result = invoke(runner, "export", out, "--format", "json", "--db", example_db)
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    counts = store.counts()
    assert len(doc["nodes"]) == sum(counts.nodes.values())
    assert len(doc["relationships"]) == sum(counts.relationships.values())
    keys = {n["key"] for n in doc["nodes"]}
    assert all(r["start"] in keys and r["end"] in keys for r in doc["relationships"])
    reports = [r for r in doc["relationships"] if r["type"] == "REPORTS"]
    assert reports and all(isinstance(r["properties"]["value"], float) for r in reports)


def test_export_refuses_a_file_where_a_directory_goes_and_back(runner, example_db, tmp_path):
    file = tmp_path / "taken.txt"
    file.write_text("x")
    result = invoke(runner, "export", file, "--format", "neo4j-import", "--db", example_db)
    assert result.exit_code == 1 and result.output.startswith(f"Error: {file}")
    result = invoke(runner, "export", tmp_path, "--format", "json", "--db", example_db)
    assert result.exit_code == 1 and "is a directory" in result.output


def test_export_of_a_missing_store_is_a_clear_error(runner, tmp_path):
    result = invoke(runner, "export", tmp_path / "out.json", "--format", "json", "--db", tmp_path / "none.db")
    assert result.exit_code == 1 and "no graph here yet" in result.output
