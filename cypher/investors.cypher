// investors: investors and their portfolios, with amounts, rounds and stakes.
// $investor: an investor's id (default: every investor); the report command resolves a name to it
// $document: only facts a document tells (its doc_id, as in the documents columns; default: all)
// $min_confidence: only facts at least this confident (0 to 1; default: all)
// $limit, $offset: the page of rows (the runner gives its default)
// One row per investor and funding event; `lead` says whether they led it. Each label an
// investor may have is read from its (name, degree_invested_in) index in name order, so that a
// page stops early and only nodes that invest (the ranking every load keeps) are expanded; the
// hint keeps the planner from the plain name index, which would read every node it lists.
CALL () {
  MATCH (i:Person)-[r:INVESTED_IN]->(inv:Investment)-[:FUNDS]->(c:Organization)
  USING INDEX i:Person(name, degree_invested_in)
  WHERE i.name IS NOT NULL AND i.degree_invested_in > 0 AND ($investor IS NULL OR i.id = $investor)
    AND ($document IS NULL OR $document IN r.doc_ids) AND ($min_confidence IS NULL OR r.confidence >= $min_confidence)
  RETURN i, r, inv, c ORDER BY i.name, c.name, inv.id LIMIT $offset + $limit
  UNION ALL
  MATCH (i:Organization)-[r:INVESTED_IN]->(inv:Investment)-[:FUNDS]->(c:Organization)
  USING INDEX i:Organization(name, degree_invested_in)
  WHERE i.name IS NOT NULL AND i.degree_invested_in > 0 AND ($investor IS NULL OR i.id = $investor)
    AND ($document IS NULL OR $document IN r.doc_ids) AND ($min_confidence IS NULL OR r.confidence >= $min_confidence)
  RETURN i, r, inv, c ORDER BY i.name, c.name, inv.id LIMIT $offset + $limit
}
RETURN i.name AS investor, labels(i)[0] AS investor_label, c.name AS company, inv.round AS round,
       inv.amount_usd AS amount_usd, inv.amount_text AS amount_text, inv.stake AS stake,
       coalesce(r.lead, false) AS lead, inv.id AS investment
ORDER BY investor, company, investment
SKIP $offset LIMIT $limit;
