// people: who works or worked at an organization, with roles.
// $organization: the organization's id, name or alias
//   (default: the organization with the most WORKS_AT relationships)
CALL {
  MATCH (o:Organization)
  WHERE $organization IS NULL OR o.id = $organization OR toLower(o.name) = toLower($organization)
     OR any(a IN o.aliases WHERE toLower(a) = toLower($organization))
  RETURN o ORDER BY COUNT { (o)<-[:WORKS_AT]-() } DESC, o.id LIMIT 1
}
MATCH (p:Person)-[w:WORKS_AT]->(o)
RETURN o.name AS organization, p.name AS person, w.role AS role, coalesce(w.past, false) AS past,
       w.quotes[0] AS quote
ORDER BY person, role, p.id;
