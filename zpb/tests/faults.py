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
        from zpb.lib import dispatch

        _celery_reset_connections(app)
        app.conf.update(saved)
        dispatch.reset()  # the broker is back: no reason to wait out the back-off after the failures above
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
