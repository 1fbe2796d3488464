-- name: top-benchmarks
-- description: The benchmarks the most papers evaluate on, with the number of results reported on each.
-- params: limit=20
MATCH (p:Paper)-[:EVALUATES_ON|PROPOSES]->(b:Benchmark)
WITH DISTINCT p, b
WITH b, count(*) AS papers
OPTIONAL MATCH (:Paper)-[r:REPORTS]->(b)
RETURN b.name AS benchmark, papers, count(r) AS results
ORDER BY papers DESC, benchmark
LIMIT $limit
