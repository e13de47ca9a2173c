// profile: every fact about an entity, with quotes and documents.
// $entity: an entity's id (default: the most connected entity)
// $document: only facts a document tells (its doc_id, as in the documents columns; default: all)
// $min_confidence: only facts at least this confident (0 to 1; default: all)
// $fact_types: the relationship types that are facts; the report runner passes them from the
//   relation catalogue (graphbuild.models.CATALOGUE).
// $limit, $offset: the page of rows (the runner gives its default)
MATCH (e:Person|Organization|Model|Product {id: $entity})-[r]-(o)
WHERE type(r) IN $fact_types AND ($document IS NULL OR $document IN r.doc_ids)
  AND ($min_confidence IS NULL OR r.confidence >= $min_confidence)
RETURN e.name AS entity, type(r) AS relationship, CASE WHEN startNode(r) = e THEN 'out' ELSE 'in' END AS direction,
       o.name AS other, labels(o)[0] AS other_label, r.role AS role, r.past AS past,
       r.confidence AS confidence, r.quotes AS quotes, r.doc_ids AS documents
ORDER BY relationship, direction, other_label, other, o.id
SKIP $offset LIMIT $limit;
