-- name: model-family
-- description: Every size and variant of a model family and how many papers name each.
-- params: family (name or alias, e.g. Llama 3)
WITH lower($family) AS wanted
MATCH (f:Model)
WHERE lower(f.name) = wanted OR any(a IN f.aliases WHERE lower(a) = wanted)
MATCH (m:Model)-[:VARIANT_OF*0..3]->(f)
OPTIONAL MATCH (p:Paper)-[]->(m)
RETURN m.name AS model, m.size AS size, m.variant AS variant, count(DISTINCT p) AS papers
ORDER BY papers DESC, model
