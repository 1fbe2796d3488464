-- name: paper-entities
-- description: Everything one paper links to (papers matched by a title fragment), with the role and the sentence.
-- params: title (a fragment of the title, case-insensitive), limit=100
MATCH (p:Paper)-[r]->(e)
WHERE lower(p.title) CONTAINS lower($title) AND label(e) IN ['Technique', 'Model', 'Dataset', 'Benchmark']
RETURN p.title AS paper, label(r) AS role, label(e) AS type, e.name AS entity, r.evidence AS evidence
ORDER BY paper, role, entity
LIMIT $limit
