-- name: top-datasets
-- description: The datasets the most papers train on or release.
-- params: limit=20
MATCH (p:Paper)-[:TRAINS_ON|PROPOSES|USES]->(d:Dataset)
RETURN d.name AS dataset, count(DISTINCT p) AS papers
ORDER BY papers DESC, dataset
LIMIT $limit
