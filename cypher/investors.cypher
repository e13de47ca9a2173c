// investors: investors and their portfolios, with amounts, rounds and stakes.
// $investor: an investor's id, name or alias (default: every investor)
// One row per investor and funding event; `lead` says whether they led it.
MATCH (i)-[r:INVESTED_IN]->(inv:Investment)-[:FUNDS]->(c:Organization)
WHERE $investor IS NULL OR i.id = $investor OR toLower(i.name) = toLower($investor)
   OR any(a IN i.aliases WHERE toLower(a) = toLower($investor))
RETURN i.name AS investor, labels(i)[0] AS investor_label, c.name AS company, inv.round AS round,
       inv.amount_usd AS amount_usd, inv.amount_text AS amount_text, inv.stake AS stake,
       coalesce(r.lead, false) AS lead, inv.id AS investment
ORDER BY investor, company, investment;
