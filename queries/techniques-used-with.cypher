-- name: techniques-used-with
-- description: Techniques that appear in the same papers as a given technique, by number of shared papers.
-- params: technique (name or alias, e.g. SFT), limit=20
WITH lower($technique) AS wanted
MATCH (t:Technique)
WHERE lower(t.name) = wanted OR any(a IN t.aliases WHERE lower(a) = wanted)
WITH t.id AS tid
MATCH (p:Paper)-[:USES|PROPOSES]->(:Technique {id: tid})
WITH DISTINCT p, tid
MATCH (p)-[:USES|PROPOSES]->(o:Technique)
WHERE o.id <> tid
// One row per (paper, technique id), counted per id, names looked up last: cheaper on LadybugDB
// than count(DISTINCT p) grouped by node.
WITH DISTINCT p, o.id AS oid
WITH oid, count(*) AS shared
MATCH (o:Technique {id: oid})
RETURN o.name AS technique, shared AS shared_papers
ORDER BY shared_papers DESC, technique
LIMIT $limit
