-- name: most-compared-models
-- description: Models that papers most often compare against as baselines.
-- params: limit=20
MATCH (p:Paper)-[:COMPARES_WITH]->(m:Model)
RETURN m.name AS model, count(DISTINCT p) AS papers
ORDER BY papers DESC, model
LIMIT $limit
