-- name: benchmark-results
-- description: Results papers report on a benchmark (value, metric, model), best first, with the sentence.
-- params: benchmark (name or alias, e.g. GSM8K), limit=50
WITH lower($benchmark) AS wanted
MATCH (b:Benchmark)
WHERE lower(b.name) = wanted OR any(a IN b.aliases WHERE lower(a) = wanted)
MATCH (p:Paper)-[r:REPORTS]->(b)
RETURN p.title AS paper, r.model AS model, r.value AS value, r.metric AS metric, r.delta AS gain, r.evidence AS evidence
ORDER BY gain, value DESC
LIMIT $limit
