-- name: what-papers-propose
-- description: What each paper introduces (method, model, dataset or benchmark), newest names first.
-- params: limit=50
MATCH (p:Paper)-[r:PROPOSES]->(e)
RETURN e.name AS proposed, label(e) AS type, p.title AS paper
ORDER BY paper, proposed
LIMIT $limit
