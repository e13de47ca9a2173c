// co-investors: pairs of investors that share portfolio companies.
// $min_shared: the fewest shared companies a pair needs (default: 1)
// two MATCH clauses, so that two investors in one funding event count as a pair too
MATCH (a)-[:INVESTED_IN]->(:Investment)-[:FUNDS]->(c:Organization)
MATCH (b)-[:INVESTED_IN]->(:Investment)-[:FUNDS]->(c)
WHERE a.id < b.id
WITH DISTINCT a, b, c ORDER BY c.name
WITH a, b, collect(c.name) AS companies
WHERE size(companies) >= coalesce($min_shared, 1)
RETURN a.name AS investor_a, b.name AS investor_b, size(companies) AS shared, companies
ORDER BY shared DESC, investor_a, investor_b, a.id, b.id;
