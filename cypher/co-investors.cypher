// co-investors: the investors that share portfolio companies with an investor.
// $investor: the investor's id (default: the one with the most co-investors)
// $min_shared: the fewest shared companies (default: 1)
// $limit, $offset: the page of rows (the runner gives its default)
// two MATCH clauses, so that two investors in one funding event count as co-investors too
MATCH (a:Person|Organization {id: $investor})-[:INVESTED_IN]->(:Investment)-[:FUNDS]->(c:Organization)
MATCH (b)-[:INVESTED_IN]->(:Investment)-[:FUNDS]->(c)
WHERE b <> a
WITH DISTINCT a, b, c ORDER BY c.name
WITH a, b, collect(c.name) AS companies
WHERE size(companies) >= coalesce($min_shared, 1)
RETURN a.name AS investor, b.name AS co_investor, size(companies) AS shared, companies
ORDER BY shared DESC, co_investor, b.id
SKIP $offset LIMIT $limit;
