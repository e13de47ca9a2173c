// competitors: what the texts set against an entity, with the quotes that say so.
// $entity: an entity's id (default: the entity with the most competitors)
// $document: only facts a document tells (its doc_id, as in the documents columns; default: all)
// $min_confidence: only facts at least this confident (0 to 1; default: all)
// $limit, $offset: the page of rows (the runner gives its default)
MATCH (e:Organization|Model|Product {id: $entity})-[c:COMPETES_WITH]-(other)
WHERE ($document IS NULL OR $document IN c.doc_ids) AND ($min_confidence IS NULL OR c.confidence >= $min_confidence)
RETURN e.name AS entity, other.name AS competitor, labels(other)[0] AS competitor_label,
       c.quotes AS quotes, c.doc_ids AS documents
ORDER BY competitor, other.id
SKIP $offset LIMIT $limit;
