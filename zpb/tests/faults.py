"""Real services that a fault test can stop and start: a Redis of its own, an SMTP server that never answers."""

import os
import shutil
import socket
import subprocess
import threading
import time
from contextlib import closing, contextmanager


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    """A redis-server on a spare port, only for this test: stop() and start() simulate an outage."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "OwnRedis":
        subprocess.run(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--daemonize", "yes", "--pidfile", f"/tmp/zpb-redis-{self.port}.pid"],
            check=True, capture_output=True,
        )
        self._wait(up=True)
        return self

    def stop(self) -> None:
        subprocess.run(["redis-cli", "-p", str(self.port), "shutdown", "nosave"], capture_output=True)
        self._wait(up=False)

    def is_up(self) -> bool:
        with closing(socket.socket()) as sock:
            sock.settimeout(0.2)
            return sock.connect_ex(("127.0.0.1", self.port)) == 0

    def _wait(self, *, up: bool) -> None:
        deadline = time.monotonic() + 10
        while self.is_up() != up:
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis on port {self.port} did not {'start' if up else 'stop'}")
            time.sleep(0.05)


class SilentSmtpServer:
    """Accepts connections and never says a word: a hung SMTP relay."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)  # kept open, never answered

    def close(self) -> None:
        for conn in self.connections:
            conn.close()
        self.sock.close()


def _celery_reset_connections(app) -> None:
    """Forget the app's broker connections and result backend, so the next publish uses app.conf afresh."""
    app._after_fork()
    app._backend_cache = None
    if hasattr(app._local, "backend"):
        del app._local.backend


@contextmanager
def celery_on(url: str):
    """Point the web side's task publishing (broker and any result backend) at `url`, as a process
    configured with that Redis would; the real settings come back afterwards."""
    from zpb.celery import app

    saved = {key: app.conf[key] for key in ("broker_url", "result_backend")}
    saved_env = os.environ.get("CELERY_BROKER_URL")  # Celery prefers this variable to app.conf.broker_url
    _celery_reset_connections(app)
    app.conf.broker_url = os.environ["CELERY_BROKER_URL"] = url
    if saved["result_backend"]:
        app.conf.result_backend = url
    try:
        yield app
    finally:
        from core.lib import dispatch

        _celery_reset_connections(app)
        app.conf.update(saved)
        dispatch.reset()  # the broker is back: no reason to wait out the back-off after the failures above
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env


class WorkerProcess:
    """A real `celery -A zpb worker` in its own process (solo pool) on the given broker and the test database."""

    def __init__(self, broker_url: str, log_path, **env: str):
        from django.conf import settings
        from django.db import connection

        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "CELERY_BROKER_URL": broker_url,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "DJANGO_SETTINGS_MODULE": "zpb.settings",
            **env,
        }
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> "WorkerProcess":
        from django.conf import settings

        self.process = subprocess.Popen(
            [str(settings.BASE_DIR / ".venv/bin/celery"), "-A", "zpb", "worker", "--pool", "solo", "--loglevel", "INFO",
             "--without-mingle", "--without-gossip", "-n", f"fault-{os.getpid()}-{time.monotonic_ns()}@%h"],
            cwd=settings.BASE_DIR, env=self.env, stdout=open(self.log_path, "a"),  # noqa: SIM115 - the process's log
            stderr=subprocess.STDOUT,
        )
        return self

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, the task in hand is neither finished nor acknowledged."""
        self.process.kill()
        self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return open(self.log_path).read()[-4000:]


def terminate_test_database_backends() -> int:
    """pg_terminate_backend on the connections to THIS test database (never another database's), except
    the test's own (the live server's threads and the worker process lose theirs)."""
    from django.db import connection

    name = connection.settings_dict["NAME"]
    assert name.startswith("test_"), name
    connection.ensure_connection()
    own = connection.connection.info.backend_pid  # the test's own connection stays; the others go
    import psycopg2

    db = connection.settings_dict
    with closing(psycopg2.connect(dbname="postgres", user=db["USER"], host=db["HOST"] or "127.0.0.1",
                                  port=db["PORT"] or 5432)) as admin:
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid() AND pid <> %s",
                [name, own],
            )
            return cursor.fetchone()[0]
