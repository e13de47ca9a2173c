// people: who works or worked at an organization, with roles.
// $organization: the organization's id (default: the one with the most WORKS_AT relationships)
// $document: only facts a document tells (its doc_id, as in the documents columns; default: all)
// $min_confidence: only facts at least this confident (0 to 1; default: all)
// $limit, $offset: the page of rows (the runner gives its default)
MATCH (p:Person)-[w:WORKS_AT]->(o:Organization {id: $organization})
WHERE ($document IS NULL OR $document IN w.doc_ids) AND ($min_confidence IS NULL OR w.confidence >= $min_confidence)
RETURN o.name AS organization, p.name AS person, w.role AS role, coalesce(w.past, false) AS past,
       w.quotes[0] AS quote
ORDER BY person, role, p.id
SKIP $offset LIMIT $limit;
