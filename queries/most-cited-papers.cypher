-- name: most-cited-papers
-- description: Papers most cited inside the graph, explicit and inferred citations counted apart.
-- params: limit=20
MATCH (a:Paper)-[c:CITES]->(p:Paper)
RETURN p.title AS paper, count(DISTINCT a) AS cited_by,
       sum(CASE WHEN c.source = 'inferred' THEN 1 ELSE 0 END) AS inferred
ORDER BY cited_by DESC, paper
LIMIT $limit
