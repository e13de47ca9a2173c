// timeline: everything dated about an entity, in order: its facts, dated by the funding event
//   they belong to or else by the document that tells them, and the dated documents that mention it.
// $entity: an entity's id (default: the most connected entity)
// $document: only what a document tells (its doc_id, as in the document column; default: all)
// $min_confidence: only facts at least this confident (0 to 1; default: all)
// $show: only what the documents of this show tell, in any case (default: all)
// $fact_types: the relationship types that are facts; the report runner passes them from the
//   relation catalogue (graphbuild.models.CATALOGUE).
// $limit, $offset: the page of rows (the runner gives its default)
MATCH (e:Person|Organization|Model|Product {id: $entity})
CALL (e) {
  MATCH (e)-[r]-(o) WHERE type(r) IN $fact_types AND ($min_confidence IS NULL OR r.confidence >= $min_confidence)
  UNWIND range(0, size(r.doc_ids) - 1) AS k
  OPTIONAL MATCH (d:Document {doc_id: r.doc_ids[k]})
  WITH e, r, o, k, CASE WHEN o:Investment THEN coalesce(o.date, d.date) ELSE d.date END AS date
  WHERE date IS NOT NULL AND ($document IS NULL OR r.doc_ids[k] = $document)
    AND ($show IS NULL OR toLower(d.show) = toLower($show))
  RETURN date, type(r) AS relationship, CASE WHEN startNode(r) = e THEN 'out' ELSE 'in' END AS direction,
         o.name AS other, r.quotes[k] AS quote, r.doc_ids[k] AS document, o.id AS other_id
  UNION ALL
  MATCH (e)-[m:MENTIONED_IN]->(d:Document)
  WHERE d.date IS NOT NULL AND ($document IS NULL OR d.doc_id = $document)
    AND ($show IS NULL OR toLower(d.show) = toLower($show))
  RETURN d.date AS date, 'MENTIONED_IN' AS relationship, 'out' AS direction, d.name AS other,
         m.quotes[0] AS quote, d.doc_id AS document, d.id AS other_id
}
RETURN e.name AS entity, date, relationship, direction, other, quote, document
ORDER BY date, relationship, direction, other, other_id, quote
SKIP $offset LIMIT $limit;
