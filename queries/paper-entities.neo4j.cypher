-- name: paper-entities
-- description: Everything one paper links to (papers matched by a title fragment), with the role and the sentence.
-- params: title (a fragment of the title, case-insensitive), limit=100
MATCH (p:Paper)-[r]->(e)
WHERE toLower(p.title) CONTAINS toLower($title) AND NOT e:Paper
RETURN p.title AS paper, type(r) AS role, labels(e)[0] AS type, e.name AS entity, r.evidence AS evidence
ORDER BY paper, role, entity
LIMIT $limit
