// investors: investors and their portfolios, with amounts, rounds and stakes.
// $investor: an investor's id, name or alias (default: every investor)
// $document: only facts a document tells (its id, as in the documents columns; default: all)
// $min_confidence: only facts at least this confident (0 to 1; default: all)
// One row per investor and funding event; `lead` says whether they led it.
MATCH (i)-[r:INVESTED_IN]->(inv:Investment)-[:FUNDS]->(c:Organization)
WHERE $investor IS NULL OR i.id = $investor OR toLower(i.name) = toLower($investor)
   OR any(a IN i.aliases WHERE toLower(a) = toLower($investor))
WITH i, r, inv, c WHERE ($document IS NULL OR $document IN r.doc_ids) AND ($min_confidence IS NULL OR r.confidence >= $min_confidence)
RETURN i.name AS investor, labels(i)[0] AS investor_label, c.name AS company, inv.round AS round,
       inv.amount_usd AS amount_usd, inv.amount_text AS amount_text, inv.stake AS stake,
       coalesce(r.lead, false) AS lead, inv.id AS investment
ORDER BY investor, company, investment;
