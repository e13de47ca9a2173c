// mentions: which documents mention an entity, with the first mention in each.
// $entity: an entity's id, name or alias (default: the most connected entity)
// $show: only the documents of this show, in any case (default: all)
CALL {
  MATCH (n) WHERE (n:Person OR n:Organization OR n:Model OR n:Product)
    AND ($entity IS NULL OR n.id = $entity OR toLower(n.name) = toLower($entity)
         OR any(a IN n.aliases WHERE toLower(a) = toLower($entity)))
  RETURN n AS e ORDER BY COUNT { (n)-[r]-() WHERE type(r) <> 'MENTIONED_IN' } DESC, n.id LIMIT 1
}
MATCH (e)-[m:MENTIONED_IN]->(d:Document)
WHERE $show IS NULL OR toLower(d.show) = toLower($show)
RETURN e.name AS entity, d.name AS document, d.source AS source, d.show AS show, d.date AS date,
       m.quotes[0] AS first_mention, m.span_starts[0] AS at
ORDER BY source, d.id;
