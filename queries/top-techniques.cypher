-- name: top-techniques
-- description: The techniques the most papers use or propose.
-- params: limit=20
MATCH (p:Paper)-[:USES|PROPOSES]->(t:Technique)
RETURN t.name AS technique, count(DISTINCT p) AS papers
ORDER BY papers DESC, technique
LIMIT $limit
