-- name: most-built-on-models
-- description: Base models that most papers build on (fine-tune, continue training, start from).
-- params: limit=20
MATCH (p:Paper)-[:BUILDS_ON]->(m:Model)
RETURN m.name AS model, count(DISTINCT p) AS papers
ORDER BY papers DESC, model
LIMIT $limit
