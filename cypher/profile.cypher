// profile: every fact about an entity, with quotes and documents.
// $entity: an entity's id, name or alias (default: the most connected entity)
// $document: only facts a document tells (its id, as in the documents columns; default: all)
// $min_confidence: only facts at least this confident (0 to 1; default: all)
CALL {
  MATCH (n) WHERE (n:Person OR n:Organization OR n:Model OR n:Product)
    AND ($entity IS NULL OR n.id = $entity OR toLower(n.name) = toLower($entity)
         OR any(a IN n.aliases WHERE toLower(a) = toLower($entity)))
  RETURN n AS e ORDER BY COUNT { (n)-[r]-() WHERE type(r) <> 'MENTIONED_IN' } DESC, n.id LIMIT 1
}
MATCH (e)-[r]-(o)
WHERE type(r) <> 'MENTIONED_IN' AND ($document IS NULL OR $document IN r.doc_ids) AND ($min_confidence IS NULL OR r.confidence >= $min_confidence)
RETURN e.name AS entity, type(r) AS relationship, CASE WHEN startNode(r) = e THEN 'out' ELSE 'in' END AS direction,
       o.name AS other, labels(o)[0] AS other_label, r.role AS role, r.past AS past,
       r.confidence AS confidence, r.quotes AS quotes, r.doc_ids AS documents
ORDER BY relationship, direction, other_label, other, o.id;
