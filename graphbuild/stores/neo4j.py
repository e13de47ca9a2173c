"""Loading a KnowledgeGraph into Neo4j: schema first, then UNWIND batches that MERGE on
stable ids, one transaction per batch (the driver retries transient errors). Loading the
same graph twice changes nothing; loading new documents later merges into existing nodes.
Labels and relationship types come from enums, never from document text; every value
goes in as a parameter."""

from __future__ import annotations

import logging
import re
import time
from contextlib import contextmanager
from importlib.resources.abc import Traversable
from typing import Iterator, Optional
from urllib.parse import unquote, urlsplit

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import (AuthError, ClientError, ConfigurationError, DatabaseUnavailable, ServiceUnavailable,
                              SessionExpired)

from ..errors import GraphbuildError
from ..graph import EVIDENCE_FIELDS, MARKER, check_unique_ids, nodes_by_label, relation_properties, stored_properties
from ..models import ENTITY_LABELS, NODE_CATALOGUE, EntityLabel, KnowledgeGraph, RelationType, Strict
from ..rankings import RANKINGS
from ..resources import folder

# The driver warns of each retry; without logging set up, Python prints those on stderr. The
# outcome is told in one line (neo4j_errors), so they go only where an application sends them.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

SCHEMA_VERSION = 1
OWN_NODE = f"n.{MARKER} = true"  # a node graphbuild wrote (the graph's, and the one that notes SCHEMA_VERSION)
SCHEMA_FILE = folder("schema") / "constraints.cypher"


class StoreError(GraphbuildError):
    pass


class LoadStats(Strict):
    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0
    batches: int = 0
    rows: int = 0
    seconds: float = 0.0


SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")  # what the driver speaks


def split_credentials(uri: str) -> tuple[str, Optional[str]]:
    """The URI without its `user:password@`, and that user info (None without). The user info
    runs to the last '@', so that a password holding '@', '/' or ':' never shows; in a URI too
    malformed to tell where it starts, all before the last '@' is taken for it."""
    at = uri.rfind("@")
    if at < 0:
        return uri, None
    start = uri.find("//") + 2
    if not 2 <= start <= at:
        return "…" + uri[at:], uri[:at]
    return uri[:start] + uri[at + 1:], uri[start:at]


def redacted(uri: str) -> str:
    """The URI without user:password@, as it may be printed."""
    return split_credentials(uri)[0]


def address_and_auth(uri: str, user: Optional[str], password: Optional[str]) -> tuple[str, Optional[tuple]]:
    """The URI the driver gets (without user:password@, which the driver refuses) and the
    credentials: --password / NEO4J_PASSWORD, else the ones written into the URI, else none."""
    address, user_info = split_credentials(uri)
    scheme = address.partition("://")[0].lower() if "://" in address else ""
    if scheme not in SCHEMES:
        problem = f"Neo4j speaks no {scheme}://" if scheme else "no scheme"
        raise StoreError(f"NEO4J_URI {address}: {problem}; use {', '.join(s + '://' for s in SCHEMES)}")
    try:
        urlsplit(address).port
    except ValueError:
        raise StoreError(f"NEO4J_URI {address} is not a valid URI") from None
    in_uri = [unquote(part) for part in (user_info or "").partition(":")[::2]]
    if password is None and in_uri[1]:
        user, password = in_uri
    return address, ((user, password) if password else None)


@contextmanager
def neo4j_errors(uri: str, user: Optional[str] = None, database: Optional[str] = None) -> Iterator[None]:
    """Driver errors become one clear StoreError line that never shows a credential; a server
    lost mid-load reads as one that was never there."""
    address = redacted(uri)
    try:
        yield
    except (ServiceUnavailable, SessionExpired):
        raise StoreError(f"Neo4j is unreachable at {address}: start it (docker compose up -d, or graphbuild neo4j start)") from None
    except AuthError:
        raise StoreError(f"Neo4j at {address} refused the credentials of user '{user}': check NEO4J_USER / NEO4J_PASSWORD") from None
    except (ConfigurationError, ValueError) as err:  # the driver's: the address holds no credentials
        raise StoreError(f"NEO4J_URI {address}: {err}") from None
    except DatabaseUnavailable as err:
        raise StoreError(f"Neo4j at {address} is running, but its database '{database or 'neo4j'}' is not available "
                         f"({err.message}): see the server's log") from None
    except ClientError as err:
        if "DatabaseNotFound" in (err.code or ""):
            raise StoreError(f"Neo4j at {address} has no database '{database}'") from None
        raise StoreError(f"Neo4j at {address}: {err.message}") from None


def connect(uri: str, user: Optional[str], password: Optional[str], database: Optional[str] = None) -> Driver:
    """A driver that has reached the server, or one clear error naming what is wrong."""
    address, auth = address_and_auth(uri, user, password)
    with neo4j_errors(uri, auth[0] if auth else user, database):
        driver = GraphDatabase.driver(address, auth=auth, notifications_min_severity="OFF")
        try:
            driver.verify_connectivity()
            with driver.session(database=database) as session:  # once: execute_query would retry 30 s
                session.run("RETURN 1").consume()
        except BaseException:
            driver.close()
            raise
    return driver


def batched(rows: list, size: int) -> Iterator[list]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]




def merge_nodes_query(label: EntityLabel) -> str:
    # Lists grow by union and counts add up over new documents, so that loading other
    # documents later merges into what is there, and loading the same ones again changes nothing.
    lists = NODE_CATALOGUE[label].lists
    keep = "".join(f", n.{f} AS old_{f}" for f in lists) + ", n.mention_count AS old_count"
    union = "".join(f", n.{f} = [x IN coalesce(old_{f}, []) WHERE NOT x IN row.props.{f}] + row.props.{f}" for f in lists)
    count = (", n.mention_count = CASE WHEN old_count IS NULL THEN row.props.mention_count "
             "WHEN none(d IN row.props.documents WHERE d IN coalesce(old_documents, [])) "
             "THEN old_count + row.props.mention_count "
             "WHEN old_count > row.props.mention_count THEN old_count ELSE row.props.mention_count END"
             if label in ENTITY_LABELS else "")
    return (f"UNWIND $rows AS row MERGE (n:{label.value} {{id: row.id}}) "
            f"WITH n, row{keep if lists else ''} SET n += row.props{union}{count}")


def merge_relationships_query(rel: RelationType, source: EntityLabel, target: EntityLabel) -> str:
    # Evidence from documents the edge does not cite yet is appended; the rest is kept.
    return (
        f"UNWIND $rows AS row MATCH (a:{source.value} {{id: row.source}}) MATCH (b:{target.value} {{id: row.target}}) "
        f"MERGE (a)-[r:{rel.value}]->(b) "
        "WITH r, row, [i IN range(0, size(row.props.doc_ids) - 1) "
        "              WHERE NOT row.props.doc_ids[i] IN coalesce(r.doc_ids, [])] AS fresh "
        "SET r.confidence = CASE WHEN r.confidence > row.props.confidence THEN r.confidence ELSE row.props.confidence END, "
        "r.role = coalesce(r.role, row.props.role), r.lead = coalesce(r.lead, row.props.lead), "
        "r.past = CASE WHEN r.past IS NULL THEN row.props.past ELSE r.past AND coalesce(row.props.past, true) END, "
        + ", ".join(f"r.{f} = coalesce(r.{f}, []) + [i IN fresh | row.props.{f}[i]]"
                    for f in EVIDENCE_FIELDS)
    )


def schema_statements(path: Traversable = SCHEMA_FILE) -> list[str]:
    text = re.sub(r"//[^\n]*", "", path.read_text(encoding="utf-8"))
    return [s.strip() for s in text.split(";") if s.strip()]


class Neo4jStore:
    def __init__(self, driver: Driver, database: Optional[str] = None, batch_size: int = 1000):
        self.driver = driver
        self.database = database
        self.batch_size = batch_size

    def _run(self, query: str, **params):
        return self.driver.execute_query(query, parameters_=params, database_=self.database)

    def ensure_schema(self) -> None:
        found = self._run("MATCH (s:GraphbuildSchema {id: 'graphbuild'}) RETURN s.version AS version").records
        if found and found[0]["version"] != SCHEMA_VERSION:
            raise StoreError(f"the database holds a graphbuild schema of version {found[0]['version']}, and this "
                             f"graphbuild writes version {SCHEMA_VERSION}: load with --wipe, or into another database")
        for statement in schema_statements():
            self._run(statement)
        self._run(f"MERGE (s:GraphbuildSchema {{id: 'graphbuild'}}) SET s.version = $version, s.{MARKER} = true",
                  version=SCHEMA_VERSION)

    def own_nodes(self) -> int:
        """How many nodes graphbuild wrote: what `wipe` would remove."""
        return self._run(f"MATCH (n) WHERE {OWN_NODE} RETURN count(n) AS c").records[0]["c"]

    def foreign_nodes(self) -> int:
        """How many nodes graphbuild did not write: what replacing the database would lose."""
        return self._run(f"MATCH (n) WHERE NOT coalesce({OWN_NODE}, false) RETURN count(n) AS c").records[0]["c"]

    def wipe(self) -> int:
        """Delete the nodes graphbuild wrote (marked so: other data in the database stays, whatever
        its labels); how many."""
        with self.driver.session(database=self.database) as session:
            return session.run(f"MATCH (n) WHERE {OWN_NODE} CALL {{ WITH n DETACH DELETE n }} "
                               "IN TRANSACTIONS OF 10000 ROWS RETURN count(*) AS removed").single()["removed"]

    def load(self, kg: KnowledgeGraph) -> LoadStats:
        """Merge `kg` into the database; a graph whose nodes share an id is refused, untouched."""
        check_unique_ids(kg)
        started = time.perf_counter()
        stats = LoadStats()
        self.ensure_schema()
        labels = {}
        for label, items in nodes_by_label(kg):
            rows = [{"id": item.id, "props": stored_properties(item)} for item in items]
            labels.update((row["id"], label) for row in rows)
            self.write(merge_nodes_query(label), rows, stats)
        groups: dict[tuple, list] = {}
        for rel in kg.relations:
            key = (rel.type, labels[rel.source], labels[rel.target])
            groups.setdefault(key, []).append({"source": rel.source, "target": rel.target,
                                               "props": relation_properties(rel)})
        for (rel_type, source, target), rows in sorted(groups.items(), key=lambda kv: [k.value for k in kv[0]]):
            self.write(merge_relationships_query(rel_type, source, target), rows, stats)
        self.rank()
        stats.seconds = round(time.perf_counter() - started, 3)
        return stats

    def rank(self) -> None:
        """Set the rankings (rankings.RANKINGS) of every entity graphbuild wrote from its
        relationships as they are now, after a load has added some: what the reports' defaults and
        most-connected read. Another application's nodes that share a label are left as they are."""
        with self.driver.session(database=self.database) as session:
            for label in ENTITY_LABELS:
                ranked = [r for r in RANKINGS if label in r.labels]
                counts = ", ".join(f"n.{r.property} = {r.count('n', f'$types[{i}]')}" for i, r in enumerate(ranked))
                session.run(f"MATCH (n:{label.value}) WHERE {OWN_NODE} CALL {{ WITH n SET {counts} }} "
                            "IN TRANSACTIONS OF 10000 ROWS",
                            types=[list(r.types) for r in ranked]).consume()

    def write(self, query: str, rows: list[dict], stats: LoadStats) -> None:
        """Send rows in batches, one transaction each: a batch is written whole or not at all."""
        for batch in batched(rows, self.batch_size):
            with self.driver.session(database=self.database) as session:
                counters = session.execute_write(lambda tx: tx.run(query, rows=batch).consume().counters)
            stats.nodes_created += counters.nodes_created
            stats.relationships_created += counters.relationships_created
            stats.properties_set += counters.properties_set
            stats.batches += 1
            stats.rows += len(batch)

    def counts(self) -> dict[str, int]:
        records = self._run("MATCH (n) WHERE NOT n:GraphbuildSchema RETURN labels(n)[0] AS k, count(*) AS c "
                            "UNION ALL MATCH ()-[r]->() RETURN type(r) AS k, count(*) AS c").records
        return {r["k"]: r["c"] for r in records}

