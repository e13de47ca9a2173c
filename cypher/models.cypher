// models: AI models and who developed them (an empty developer when no text says).
// $developer: only models of this organization (its id; default: all)
// $limit, $offset: the page of rows (the runner gives its default)
MATCH (m:Model)
OPTIONAL MATCH (o:Organization)-[d:DEVELOPED]->(m)
WITH m, o, d
WHERE $developer IS NULL OR o.id = $developer
RETURN m.name AS model, o.name AS developer, m.mention_count AS mentions, d.quotes[0] AS quote
ORDER BY model, developer, m.id, o.id
SKIP $offset LIMIT $limit;
