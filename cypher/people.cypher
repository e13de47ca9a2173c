// people: who works or worked at an organization, with roles.
// $organization: the organization's id, name or alias
//   (default: the organization with the most WORKS_AT relationships)
// $document: only facts a document tells (its id, as in the documents columns; default: all)
// $min_confidence: only facts at least this confident (0 to 1; default: all)
CALL {
  MATCH (o:Organization)
  WHERE $organization IS NULL OR o.id = $organization OR toLower(o.name) = toLower($organization)
     OR any(a IN o.aliases WHERE toLower(a) = toLower($organization))
  RETURN o ORDER BY COUNT { (o)<-[:WORKS_AT]-() } DESC, o.id LIMIT 1
}
MATCH (p:Person)-[w:WORKS_AT]->(o)
WHERE ($document IS NULL OR $document IN w.doc_ids) AND ($min_confidence IS NULL OR w.confidence >= $min_confidence)
RETURN o.name AS organization, p.name AS person, w.role AS role, coalesce(w.past, false) AS past,
       w.quotes[0] AS quote
ORDER BY person, role, p.id;
