// competitors: what the texts set against an entity, with the quotes that say so.
// $entity: an entity's id, name or alias (default: the entity with the most competitors)
// $document: only facts a document tells (its id, as in the documents columns; default: all)
// $min_confidence: only facts at least this confident (0 to 1; default: all)
CALL {
  MATCH (e) WHERE (e:Organization OR e:Model OR e:Product)
    AND ($entity IS NULL OR e.id = $entity OR toLower(e.name) = toLower($entity)
         OR any(a IN e.aliases WHERE toLower(a) = toLower($entity)))
  RETURN e ORDER BY COUNT { (e)-[:COMPETES_WITH]-() } DESC, e.id LIMIT 1
}
MATCH (e)-[c:COMPETES_WITH]-(other)
WHERE ($document IS NULL OR $document IN c.doc_ids) AND ($min_confidence IS NULL OR c.confidence >= $min_confidence)
RETURN e.name AS entity, other.name AS competitor, labels(other)[0] AS competitor_label,
       c.quotes AS quotes, c.doc_ids AS documents
ORDER BY competitor, other.id;
