// funding-rounds: every funding event, with its round, amount, valuation, date, investors
//   (the leads first) and the sentence that tells of it; rounds with no named investor too.
// $company: only this organization's rounds (its id; default: every company)
// $document: only the rounds a document tells of (its doc_id, as in the documents columns; default: all)
// $min_confidence: only the rounds at least this confident (0 to 1; default: all)
// $limit, $offset: the page of rows (the runner gives its default)
MATCH (c:Organization)<-[:FUNDS]-(inv:Investment)  // in the order of the name index: a page stops early
WHERE c.name IS NOT NULL AND ($company IS NULL OR c.id = $company)
  AND ($document IS NULL OR $document IN inv.documents)
  AND ($min_confidence IS NULL OR inv.confidence >= $min_confidence)
WITH c, inv ORDER BY c.name, inv.date, inv.id SKIP $offset LIMIT $limit  // the page first, then its investors
CALL {
  WITH inv
  OPTIONAL MATCH (i)-[r:INVESTED_IN]->(inv)
  WITH i, coalesce(r.lead, false) AS lead ORDER BY lead DESC, i.name, i.id
  RETURN collect(i.name) AS investors, [x IN collect(CASE WHEN lead THEN i.name END) WHERE x IS NOT NULL] AS leads
}
RETURN c.name AS company, inv.round AS round, inv.amount_text AS amount, inv.amount_usd AS amount_usd,
       inv.valuation_text AS valuation, inv.valuation_usd AS valuation_usd, inv.date AS date,
       investors, leads, inv.quotes[0] AS quote, inv.documents AS documents
ORDER BY company, date, inv.id;
