// most-connected: the entities with the most facts (MENTIONED_IN does not count): the
//   `degree` that every load keeps on each entity (graphbuild.rankings.FACTS), read from its index.
// $limit, $offset: the page of rows (the runner gives its default, 10)
CALL () {
  MATCH (n:Person) WHERE n.degree IS NOT NULL
  RETURN n ORDER BY n.degree DESC, n.id LIMIT $offset + $limit
  UNION ALL
  MATCH (n:Organization) WHERE n.degree IS NOT NULL
  RETURN n ORDER BY n.degree DESC, n.id LIMIT $offset + $limit
  UNION ALL
  MATCH (n:Model) WHERE n.degree IS NOT NULL
  RETURN n ORDER BY n.degree DESC, n.id LIMIT $offset + $limit
  UNION ALL
  MATCH (n:Product) WHERE n.degree IS NOT NULL
  RETURN n ORDER BY n.degree DESC, n.id LIMIT $offset + $limit
}
RETURN n.name AS entity, labels(n)[0] AS label, n.degree AS degree, size(n.documents) AS documents
ORDER BY degree DESC, n.id
SKIP $offset LIMIT $limit;
