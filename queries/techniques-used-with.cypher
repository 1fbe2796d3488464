-- name: techniques-used-with
-- description: Techniques that appear in the same papers as a given technique, by number of shared papers.
-- params: technique (name or alias, e.g. SFT), limit=20
WITH lower($technique) AS wanted
MATCH (t:Technique)
WHERE lower(t.name) = wanted OR any(a IN t.aliases WHERE lower(a) = wanted)
MATCH (p:Paper)-[:USES|PROPOSES]->(t)
WITH DISTINCT p, t
MATCH (p)-[:USES|PROPOSES]->(o:Technique)
WHERE o.id <> t.id
// One row per (technique, paper) before counting: cheaper than count(DISTINCT p) on LadybugDB.
WITH o, p, count(*) AS links
RETURN o.name AS technique, count(*) AS shared_papers
ORDER BY shared_papers DESC, technique
LIMIT $limit
