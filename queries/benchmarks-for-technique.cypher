-- name: benchmarks-for-technique
-- description: Benchmarks on which papers using a technique evaluate, by number of papers.
-- params: technique (name or alias, e.g. DPO), limit=20
WITH lower($technique) AS wanted
MATCH (t:Technique)
WHERE lower(t.name) = wanted OR any(a IN t.aliases WHERE lower(a) = wanted)
MATCH (p:Paper)-[:USES|PROPOSES]->(t)
MATCH (p)-[:EVALUATES_ON]->(b:Benchmark)
RETURN b.name AS benchmark, count(DISTINCT p) AS papers
ORDER BY papers DESC, benchmark
LIMIT $limit
