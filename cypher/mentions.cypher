// mentions: which documents mention an entity, with the first mention in each.
// $entity: an entity's id (default: the most connected entity)
// $show: only the documents of this show, in any case (default: all)
// $limit, $offset: the page of rows (the runner gives its default)
MATCH (e:Person|Organization|Model|Product {id: $entity})-[m:MENTIONED_IN]->(d:Document)
WHERE $show IS NULL OR toLower(d.show) = toLower($show)
RETURN e.name AS entity, d.name AS document, d.source AS source, d.show AS show, d.date AS date,
       m.quotes[0] AS first_mention, m.span_starts[0] AS at
ORDER BY source, d.id
SKIP $offset LIMIT $limit;
