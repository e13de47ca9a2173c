// path: the shortest chain of facts between two entities, with the evidence on each edge.
// $from, $to: ids, names or aliases (default: the two most connected entities)
// $fact_types: the relationship types a chain may follow; the report runner passes them
//   from the relation catalogue (graphbuild.models.CATALOGUE), they are not the user's to set.
// Of several shortest paths, the first by the ids of its nodes, then its relationship types.
CALL {
  MATCH (n) WHERE (n:Person OR n:Organization OR n:Model OR n:Product)
    AND ($from IS NULL OR n.id = $from OR toLower(n.name) = toLower($from)
         OR any(a IN n.aliases WHERE toLower(a) = toLower($from)))
  RETURN n AS a ORDER BY COUNT { (n)-[r]-() WHERE type(r) <> 'MENTIONED_IN' } DESC, n.id LIMIT 1
}
CALL {
  WITH a
  MATCH (n) WHERE (n:Person OR n:Organization OR n:Model OR n:Product) AND n <> a
    AND ($to IS NULL OR n.id = $to OR toLower(n.name) = toLower($to)
         OR any(x IN n.aliases WHERE toLower(x) = toLower($to)))
  RETURN n AS b ORDER BY COUNT { (n)-[r]-() WHERE type(r) <> 'MENTIONED_IN' } DESC, n.id LIMIT 1
}
MATCH p = allShortestPaths((a)-[*..10]-(b))
  WHERE all(r IN relationships(p) WHERE type(r) IN $fact_types)  // applied during the search, not after it
WITH p ORDER BY [n IN nodes(p) | n.id], [r IN relationships(p) | type(r)] LIMIT 1
UNWIND range(0, size(relationships(p)) - 1) AS i
WITH i, nodes(p)[i] AS here, relationships(p)[i] AS r, nodes(p)[i + 1] AS there
RETURN i + 1 AS step, here.name AS source, type(r) AS relationship, there.name AS target,
       startNode(r) = here AS forward, r.quotes[0] AS quote, r.doc_ids[0] AS document
ORDER BY step;
