-- name: top-benchmarks
-- description: The benchmarks the most papers evaluate on, with how many of them report numbers.
-- params: limit=20
MATCH (p:Paper)-[:EVALUATES_ON|PROPOSES]->(b:Benchmark)
OPTIONAL MATCH (p)-[r:REPORTS]->(b)
RETURN b.name AS benchmark, count(DISTINCT p) AS papers, count(r) AS results
ORDER BY papers DESC, benchmark
LIMIT $limit
