-- name: papers-using-technique
-- description: Papers that use a technique or one of its variants (QLoRA counts for LoRA), with the sentence that says so.
-- params: technique (name or alias, e.g. DPO), limit=50
WITH lower($technique) AS wanted
MATCH (t:Technique)
WHERE lower(t.name) = wanted OR any(a IN t.aliases WHERE lower(a) = wanted)
MATCH (v:Technique)-[:VARIANT_OF*0..3]->(t)
MATCH (p:Paper)-[r:USES|PROPOSES]->(v)
RETURN DISTINCT p.title AS paper, v.name AS technique, r.evidence AS evidence
ORDER BY paper
LIMIT $limit
