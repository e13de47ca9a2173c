"""A local Neo4j 5.26 Community server without Docker: the jars are assembled from Maven
Central by neo4j-runtime/pom.xml into .neo4j/lib and .neo4j/plugins (APOC core), and each
instance (data, logs, conf, pid) lives in a folder of its own, e.g. .neo4j/dev."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterator, Optional

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired, TransientError

from ..errors import GraphbuildError
from ..resources import folder, source_checkout


def runtime_dir() -> Path:
    """Where the jars, the instances and connection.json live: $GRAPHBUILD_NEO4J_DIR, else
    .neo4j in the source checkout, else the user's data folder."""
    if os.environ.get("GRAPHBUILD_NEO4J_DIR"):
        return Path(os.environ["GRAPHBUILD_NEO4J_DIR"]).expanduser().resolve()
    checkout = source_checkout()
    if checkout:
        return checkout / ".neo4j"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "graphbuild" / "neo4j"


RUNTIME = runtime_dir()
POM = folder("neo4j-runtime") / "pom.xml"
CONNECTION = "connection.json"  # in the runtime folder: the last started server's address, for load and report
CREDENTIALS = "credentials.json"  # in an instance's folder, mode 0600: the password start generated for it
USER = "neo4j"
DEFAULT_PASSWORD = "neo4j"  # what Neo4j gives its user until a password is set
SERVER_CLASS = "org.neo4j.server.CommunityEntryPoint"
STORE_KINDS = ("databases", "transactions")  # the folders of data/ that hold a database's store, by its name
JVM_OPENS = ["--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
             "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"]


# APOC reads its settings from conf/apoc.conf: file import for `apoc.import.graphml`
# (files in the instance's import/ folder)
APOC_SETTINGS = {"apoc.import.file.enabled": "true"}


class ServerError(GraphbuildError):
    pass


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner may read (mode 0600), whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        os.fchmod(fd, 0o600)  # os.open's mode applies only to a file it creates
        out.write(text)
    os.replace(partial, path)


def save_connection(local: "LocalNeo4j") -> Path:
    """Note where the local server listens, for `load` and `report` (NEO4J_URI still wins)."""
    path = local.runtime / CONNECTION
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"uri": local.uri, "home": str(local.home)}) + "\n", encoding="utf-8")
    return path


def _saved(runtime: Path) -> dict:
    try:
        saved = json.loads((runtime / CONNECTION).read_text(encoding="utf-8"))
        return saved if isinstance(saved, dict) else {}
    except (FileNotFoundError, ValueError):
        return {}


def saved_uri(runtime: Path = RUNTIME) -> Optional[str]:
    """The address `graphbuild neo4j start` noted, if it did."""
    return _saved(runtime).get("uri")


def saved_credentials(uri: str, runtime: Path = RUNTIME) -> Optional[tuple[str, str]]:
    """The user and password `graphbuild neo4j start` generated for the server at `uri`, if it
    is the one it noted: another server never gets them."""
    saved = _saved(runtime)
    if saved.get("uri") != uri or not saved.get("home"):
        return None
    return stored_credentials(Path(saved["home"]))


def stored_credentials(home: Path) -> Optional[tuple[str, str]]:
    try:
        stored = json.loads((home / CREDENTIALS).read_text(encoding="utf-8"))
        return stored["user"], stored["password"]
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None


def forget_connection(local: "LocalNeo4j") -> None:
    """Forget the noted address if it is this (stopped) server's."""
    if _saved(local.runtime).get("home") == str(local.home):
        (local.runtime / CONNECTION).unlink(missing_ok=True)


def merge_conf(text: str, settings: dict[str, str]) -> str:
    """A conf file's text with `settings` set: the lines that set them are replaced in place,
    the missing ones appended; every other line (the user's settings, comments) is kept."""
    lines, seen = [], set()
    for line in text.splitlines():
        key = line.split("=", 1)[0].strip()
        if "=" in line and not line.lstrip().startswith("#") and key in settings:
            if key not in seen:
                lines.append(f"{key}={settings[key]}")
                seen.add(key)
            continue
        lines.append(line)
    lines += [f"{k}={v}" for k, v in settings.items() if k not in seen]
    return "\n".join(lines) + "\n"


def assemble(runtime: Path = RUNTIME) -> None:
    """Fetch the server's jars with Maven, once."""
    if (runtime / "lib").is_dir() and any((runtime / "lib").glob("neo4j-server-*.jar")):
        return
    if shutil.which("mvn") is None or shutil.which("java") is None:
        raise ServerError("a local Neo4j needs Java 17 and Maven (mvn) on the PATH")
    with resources.as_file(POM) as pom:
        done = subprocess.run(["mvn", "-B", "-q", "-f", str(pom), "package", f"-Dneo4j.home={runtime}"],
                              capture_output=True, text=True)
    if done.returncode != 0:
        raise ServerError(f"assembling Neo4j with Maven failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def configured_ports(home: Path) -> dict[str, int]:
    """The ports an instance's neo4j.conf gives ('bolt', 'http'): those `start` was last given."""
    try:
        text = (home / "conf" / "neo4j.conf").read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    found = re.findall(r"^server\.(bolt|http)\.listen_address=.*:(\d+)\s*$", text, re.MULTILINE)
    return {name: int(port) for name, port in found}


@dataclass
class LocalNeo4j:
    home: Path
    bolt_port: int = 7687
    http_port: int = 7474
    # Authentication is always on. None: the password generated for this instance before
    # (in home/credentials.json), else a new one, generated and kept there (mode 0600).
    password: Optional[str] = None
    heap: str = "1g"
    page_cache: str = "256m"
    runtime: Path = RUNTIME

    @classmethod
    def at(cls, home: Path, bolt_port: Optional[int] = None, http_port: Optional[int] = None,
           **options) -> "LocalNeo4j":
        """The instance in `home` on the ports given, else on those it was last started on."""
        noted = configured_ports(home)
        return cls(home=home, bolt_port=bolt_port or noted.get("bolt", cls.bolt_port),
                   http_port=http_port or noted.get("http", cls.http_port), **options)

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/browser/"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "graphbuild-neo4j.pid"

    @property
    def log(self) -> Path:
        return self.home / "logs" / "console.log"

    def pid(self) -> Optional[int]:
        """The server's process id, if the PID file names a live Neo4j of this instance (a stale
        file may name an unrelated process since)."""
        try:
            pid = int(self.pid_file.read_text())
            os.kill(pid, 0)
        except (FileNotFoundError, ValueError, ProcessLookupError, PermissionError):
            return None
        return pid if self._is_server(command_line(pid)) else None

    def _is_server(self, command: str) -> bool:
        """Whether a process's command line is this instance's server: its home and conf folder
        as arguments whole (the server of /x/n2 is not /x/n's)."""
        return SERVER_CLASS in command and f" {' '.join(self._home_arguments())} " in f" {command} "

    def start(self, timeout: float = 180) -> None:
        """Start the server and return once Bolt and HTTP answer with its credentials, or fail
        with the port or the reason."""
        if self.pid():
            self.password = self.password or (stored_credentials(self.home) or (None, None))[1]
            return
        for port, name in ((self.bolt_port, "Bolt"), (self.http_port, "HTTP")):
            check_port_free(port, name)
        generated, fresh = self.prepare()
        self.pid_file.unlink(missing_ok=True)
        log = open(self.log, "ab")
        proc = subprocess.Popen(self._command(), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        self.pid_file.write_text(str(proc.pid))
        # an instance made while the server ran without authentication still has Neo4j's default password
        self._wait_ready(proc, timeout, replace_default=generated and not fresh)

    def prepare(self) -> tuple[bool, bool]:
        """The jars, the instance's folders and settings and, the first time, its password.
        Returns whether the password was generated now, and whether the database is new."""
        assemble(self.runtime)
        for sub in ("conf", "data", "logs", "run", "import"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        self.write_conf()
        fresh = not any((self.home / "data").iterdir())
        generated = self.password is None and stored_credentials(self.home) is None
        if self.password is None:
            if generated:
                write_private(self.home / CREDENTIALS, json.dumps({"user": USER, "password": secrets.token_urlsafe(18)}))
            self.password = stored_credentials(self.home)[1]
        if fresh:
            self._admin("dbms", "set-initial-password", "--", self.password)  # "--": a password may start with "-"
        return generated, fresh

    def import_files(self, args_file: Path, database: str = "neo4j") -> None:
        """Replace `database` with what `neo4j-admin database import full` reads from the files
        that `args_file` names (relative to its folder). The instance must be prepared, and the
        server stopped: the import
        writes the store files directly. Rows neo4j-admin skips are listed in logs/import.report."""
        self.require_stopped()
        options = args_file.read_text(encoding="utf-8").splitlines()
        self._admin("database", "import", "full", *options, "--overwrite-destination=true",
                    f"--report-file={self.home / 'logs' / 'import.report'}", database, cwd=args_file.parent)

    def require_stopped(self) -> None:
        if pid := self.pid():
            raise ServerError(f"Neo4j is running (pid {pid}, {self.home}): neo4j-admin imports only into a stopped "
                              "server; stop it first with `graphbuild neo4j stop`")

    def has_store(self, database: str = "neo4j") -> bool:
        return (self.home / "data" / "databases" / database / "neostore").exists()

    @contextmanager
    def replacing(self, database: str = "neo4j") -> Iterator[None]:
        """Set the (stopped) server's database aside while the body replaces it, and put it back
        as it was if the body fails or is interrupted (the server is then stopped): neo4j-admin
        leaves a store it failed to write unusable. A set-aside store an interrupted replacement
        left behind is put back first: it is the last whole one."""
        aside = self.home / "data" / f"graphbuild-previous-{database}"
        self._put_back(aside, database)
        aside.mkdir()
        for kind in STORE_KINDS:
            current = self.home / "data" / kind / database
            if current.exists():
                current.rename(aside / kind)
        try:
            yield
        except BaseException:
            self.stop()
            self._put_back(aside, database)
            raise
        shutil.rmtree(aside)

    def _put_back(self, aside: Path, database: str) -> None:
        if not aside.exists():
            return
        for kind in STORE_KINDS:
            current = self.home / "data" / kind / database
            shutil.rmtree(current, ignore_errors=True)
            if (aside / kind).exists():
                (aside / kind).rename(current)
        shutil.rmtree(aside)

    def await_online(self, database: str = "neo4j", timeout: float = 180) -> None:
        """Return once `database` is online; fail with its status if it fails to start."""
        deadline = time.monotonic() + timeout
        with GraphDatabase.driver(self.uri, auth=(USER, self.password)) as driver:
            while True:
                found = driver.execute_query("SHOW DATABASES YIELD name, currentStatus, statusMessage WHERE name = $name "
                                            "RETURN currentStatus, statusMessage", name=database, database_="system").records
                status, message = (found[0]["currentStatus"], found[0]["statusMessage"]) if found else ("absent", "")
                if status == "online":
                    return
                if status != "starting" or time.monotonic() > deadline:
                    raise ServerError(f"database '{database}' of {self.home} is {status}: {message or 'no reason given'}")
                time.sleep(1)

    def stop(self, timeout: float = 120) -> bool:
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)  # stale: never signal the process it may name
            return False
        os.kill(pid, signal.SIGTERM)  # the server's own handler shuts the databases down cleanly
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self._alive(pid):
            time.sleep(0.5)
        if self._alive(pid):
            os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return True

    @staticmethod
    def _alive(pid: int) -> bool:
        try:
            waited, _ = os.waitpid(pid, os.WNOHANG)
            if waited == pid:
                return False
        except ChildProcessError:
            pass
        try:
            os.kill(pid, 0)
            return True
        except ProcessLookupError:
            return False

    def write_conf(self) -> None:
        """neo4j.conf and apoc.conf with the settings this server needs, merged into what is there:
        a setting the user added (or changed, other than these) survives a restart."""
        conf = self.home / "conf"
        conf.mkdir(parents=True, exist_ok=True)
        for name, settings in (("neo4j.conf", self._settings()), ("apoc.conf", APOC_SETTINGS)):
            path = conf / name
            old = path.read_text(encoding="utf-8") if path.exists() else ""
            path.write_text(merge_conf(old, settings), encoding="utf-8")

    def _settings(self) -> dict[str, str]:
        return {
            "server.default_listen_address": "127.0.0.1",
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": f"127.0.0.1:{self.bolt_port}",
            "server.bolt.advertised_address": f"127.0.0.1:{self.bolt_port}",
            "server.http.enabled": "true",
            "server.http.listen_address": f"127.0.0.1:{self.http_port}",
            "server.https.enabled": "false",
            "dbms.security.auth_enabled": "true",
            "server.memory.pagecache.size": self.page_cache,
            "db.tx_log.preallocate": "false",
            "dbms.usage_report.enabled": "false",
            "client.allow_telemetry": "false",
            "dbms.security.procedures.unrestricted": "apoc.*",
            "server.directories.plugins": str(self.runtime / "plugins"),
            "server.directories.import": str(self.home / "import"),
        }

    def _java(self, *flags: str) -> list[str]:
        return ["java", *flags, *JVM_OPENS, "-Dfile.encoding=UTF-8",
                "-cp", f"{self.runtime / 'plugins'}/*:{self.runtime / 'lib'}/*"]

    def _command(self) -> list[str]:
        return [*self._java(f"-Xms{self.heap}", f"-Xmx{self.heap}", "-XX:+UseG1GC"),
                SERVER_CLASS, *self._home_arguments(), "--console-mode"]

    def _home_arguments(self) -> list[str]:
        return [f"--home-dir={self.home}", f"--config-dir={self.home / 'conf'}"]

    def _admin(self, *args: str, cwd: Optional[Path] = None) -> None:
        """Run neo4j-admin with `args` read from a file of mode 0600 (picocli's @file), so that
        no argument, the password least of all, shows in the process list."""
        env = {**os.environ, "NEO4J_HOME": str(self.home), "NEO4J_CONF": str(self.home / "conf")}
        arguments = self.home / "run" / "admin-arguments"
        write_private(arguments, "\n".join('"' + a.replace("\\", "\\\\").replace('"', '\\"') + '"' for a in args) + "\n")
        try:
            done = subprocess.run([*self._java(), "org.neo4j.cli.AdminTool", f"@{arguments}"], env=env, cwd=cwd,
                                  capture_output=True, text=True)
        finally:
            arguments.unlink(missing_ok=True)
        if done.returncode != 0:
            said = (done.stderr.strip() or done.stdout.strip())[-500:]
            raise ServerError(f"neo4j-admin {args[0]} {args[1]} failed: {said}")

    def _wait_ready(self, proc: subprocess.Popen, timeout: float, replace_default: bool) -> None:
        deadline = time.monotonic() + timeout
        bolt_ready = http_ready = False
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise ServerError(f"Neo4j exited with code {proc.returncode}: {self._failure()}; see {self.log}")
            try:
                bolt_ready = bolt_ready or self._bolt_answers(replace_default)
                http_ready = http_ready or self._http_answers()
            except ServerError:
                self.stop()
                raise
            if bolt_ready and http_ready:
                return
            time.sleep(1)
        self.stop()
        raise ServerError(f"Neo4j did not answer on Bolt port {self.bolt_port} and HTTP port {self.http_port} "
                          f"within {timeout:.0f} s: {self._failure()}; see {self.log}")

    def _bolt_answers(self, replace_default: bool) -> bool:
        """Whether the server takes this instance's credentials over Bolt (False: not up yet)."""
        try:
            with GraphDatabase.driver(self.uri, auth=(USER, self.password)) as driver:
                driver.verify_connectivity()
            return True
        except (ServiceUnavailable, SessionExpired, TransientError):  # not listening yet, or still starting
            return False
        except AuthError:
            if replace_default and self._replace_default_password():
                return True
        raise ServerError(f"Neo4j in {self.home} refused its password: it was set before, and is not the one given "
                          f"(NEO4J_PASSWORD) or kept in {self.home / CREDENTIALS}: start it with NEO4J_PASSWORD set to it")

    def _replace_default_password(self) -> bool:
        try:
            with GraphDatabase.driver(self.uri, auth=(USER, DEFAULT_PASSWORD)) as driver:
                driver.execute_query("ALTER CURRENT USER SET PASSWORD FROM $old TO $new", old=DEFAULT_PASSWORD,
                                     new=self.password, database_="system")
            return True
        except Neo4jError:
            return False

    def _http_answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/", timeout=2):
                return True
        except OSError:
            return False

    def _failure(self) -> str:
        """The last error the server logged, or why it may be silent."""
        try:
            lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-200:]
        except FileNotFoundError:
            lines = []
        errors = [line.strip() for line in lines if re.search(r"ERROR|Exception|already in use", line)]
        return errors[-1][:500] if errors else "nothing logged"


def check_port_free(port: int, name: str) -> None:
    """Fail, naming the port, when something listens on it already: Neo4j would start, answer
    nothing of its own there, and die later."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds: TIME_WAIT is no owner
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as err:
            option = f"--{name.lower()}-port"
            raise ServerError(f"{name} port {port} on 127.0.0.1 is taken ({err.strerror}): stop what listens there, "
                              f"or choose another port with {option}") from None


def command_line(pid: int) -> str:
    """A process's command line, its arguments joined by spaces ('' once it has gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except FileNotFoundError:
        if Path("/proc/self").exists():
            return ""
    except PermissionError:
        return ""
    done = subprocess.run(["ps", "-ww", "-o", "args=", "-p", str(pid)], capture_output=True, text=True)  # no /proc: macOS
    return done.stdout.strip()
