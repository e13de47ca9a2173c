// path: the shortest chain of facts between two entities, with the evidence on each edge.
// $from, $to: entities' ids (default: the two most connected entities)
// $fact_types: the relationship types a chain may follow; the report runner passes them
//   from the relation catalogue (graphbuild.models.CATALOGUE), they are not the user's to set.
// Of several shortest paths, the first by the ids of its nodes, then its relationship types.
MATCH (a:Person|Organization|Model|Product {id: $from}), (b:Person|Organization|Model|Product {id: $to})
MATCH p = allShortestPaths((a)-[*..10]-(b))
  WHERE all(r IN relationships(p) WHERE type(r) IN $fact_types)  // applied during the search, not after it
WITH p ORDER BY [n IN nodes(p) | n.id], [r IN relationships(p) | type(r)] LIMIT 1
UNWIND range(0, size(relationships(p)) - 1) AS i
WITH i, nodes(p)[i] AS here, relationships(p)[i] AS r, nodes(p)[i + 1] AS there
RETURN i + 1 AS step, here.name AS source, type(r) AS relationship, there.name AS target,
       startNode(r) = here AS forward, r.quotes[0] AS quote, r.doc_ids[0] AS document
ORDER BY step;
