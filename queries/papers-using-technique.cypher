-- name: papers-using-technique
-- description: Papers that use a technique or one of its variants (QLoRA counts for LoRA), with the sentence that says so.
-- params: technique (name or alias, e.g. DPO), limit=50
WITH lower($technique) AS wanted
MATCH (t:Technique)
WHERE lower(t.name) = wanted OR any(a IN t.aliases WHERE lower(a) = wanted)
// Variants three levels down, one hop at a time: a variable-length path scans every technique on LadybugDB.
OPTIONAL MATCH (t)<-[:VARIANT_OF]-(v1:Technique)
OPTIONAL MATCH (v1)<-[:VARIANT_OF]-(v2:Technique)
OPTIONAL MATCH (v2)<-[:VARIANT_OF]-(v3:Technique)
WITH collect(DISTINCT t.id) + collect(DISTINCT v1.id) + collect(DISTINCT v2.id) + collect(DISTINCT v3.id) AS ids
UNWIND ids AS id
MATCH (p:Paper)-[r:USES|PROPOSES]->(v:Technique {id: id})
RETURN DISTINCT p.title AS paper, v.name AS technique, r.evidence AS evidence
ORDER BY paper
LIMIT $limit
