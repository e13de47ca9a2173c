// graphbuild graph schema, version 1 (see SCHEMA_VERSION in graphbuild/stores/neo4j.py).
// `graphbuild load` runs these statements before it writes; each is idempotent.

// one node per stable id, per label: the key every load MERGEs on
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT model_id IF NOT EXISTS FOR (n:Model) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT product_id IF NOT EXISTS FOR (n:Product) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT investment_id IF NOT EXISTS FOR (n:Investment) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT graphbuild_schema_id IF NOT EXISTS FOR (n:GraphbuildSchema) REQUIRE n.id IS UNIQUE;

// look-ups by name, as the reports and the Browser do them
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name);
CREATE INDEX organization_name IF NOT EXISTS FOR (n:Organization) ON (n.name);
CREATE INDEX model_name IF NOT EXISTS FOR (n:Model) ON (n.name);
CREATE INDEX product_name IF NOT EXISTS FOR (n:Product) ON (n.name);
CREATE INDEX document_source IF NOT EXISTS FOR (n:Document) ON (n.source);
CREATE INDEX document_doc_id IF NOT EXISTS FOR (n:Document) ON (n.doc_id);  // evidence names documents by doc_id (timeline)

// search over every spelling of a name: CALL db.index.fulltext.queryNodes('entity_names', 'cusp*')
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Person|Organization|Model|Product) ON EACH [n.name, n.aliases];
