// most-connected: the entities with the most facts (MENTIONED_IN does not count).
// $limit: how many (default: 10)
MATCH (n) WHERE n:Person OR n:Organization OR n:Model OR n:Product
WITH n, COUNT { (n)-[r]-() WHERE type(r) <> 'MENTIONED_IN' } AS degree
RETURN n.name AS entity, labels(n)[0] AS label, degree, size(n.documents) AS documents
ORDER BY degree DESC, n.id
LIMIT coalesce($limit, 10);
