"""Debian's nginx and redis-server for tests, each on a free port of 127.0.0.1 with its
files in a temporary directory, stopped by the test (`make servers` installs them)."""

from __future__ import annotations

import http.client
import shutil
import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from tests.nodes import free_port
from tests.waiting import wait_until

NGINX = "/usr/sbin/nginx"
REDIS = "/usr/bin/redis-server"
# nginx connects to gunicorn from this loopback address, clients from others: the site
# can tell its proxy from a client on one machine (Linux answers all of 127.0.0.0/8).
PROXY_ADDRESS = "127.0.0.2"

NGINX_CONF = """
daemon off;
master_process off;
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location = /.nginx-up {{ return 204; }}
        location / {{
            proxy_pass {upstream};
            proxy_bind {proxy_address};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto {scheme};
        }}
    }}
}}
"""


class PortTaken(Exception):
    """Another program bound the port between free_port() finding it and the server."""


def _start_on_a_free_port(server, launch, up, what: str):
    """Launch the server and wait until it answers; on a port taken meanwhile, try another."""
    for _attempt in range(3):
        server.process = launch()
        try:
            wait_until(up, what=what, timeout=120)
            return server
        except PortTaken:
            server.port = free_port()
    raise RuntimeError(f"{what}: no free port in three tries")


def _exited(process: subprocess.Popen, log: Path, name: str) -> None:
    """Raise if the server exited: PortTaken when its port was taken."""
    if process.poll() is None:
        return
    text = log.read_text() if log.exists() else ""
    if "Address already in use" in text:
        raise PortTaken
    raise RuntimeError(f"{name} exited: {text[-2000:]}")


def _require(binary: str) -> None:
    if not shutil.which(binary):
        raise RuntimeError(f"{binary} is missing: `make servers` installs nginx and redis-server")


@dataclass
class Nginx:
    """A reverse proxy on 127.0.0.1 in front of `upstream`, as a load balancer would be:
    it appends the client to X-Forwarded-For and sets X-Forwarded-Proto to `scheme`
    ("https" stands in for a balancer that terminates HTTPS)."""

    root: Path
    upstream: str
    scheme: str = "$scheme"
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    def start(self) -> Nginx:
        _require(NGINX)
        self.root.mkdir(parents=True, exist_ok=True)
        return _start_on_a_free_port(self, self._launch, self._up, "nginx answering")

    def _launch(self) -> subprocess.Popen:
        conf = self.root / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                root=self.root,
                port=self.port,
                upstream=self.upstream,
                proxy_address=PROXY_ADDRESS,
                scheme=self.scheme,
            )
        )
        (self.root / "error.log").unlink(missing_ok=True)
        return subprocess.Popen(
            [NGINX, "-p", str(self.root), "-e", str(self.root / "error.log"), "-c", str(conf)],
            stderr=subprocess.DEVNULL,
        )

    def _up(self) -> bool:
        """Return whether this nginx answers (not just anything listening on its port)."""
        _exited(self.process, self.root / "error.log", "nginx")
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request("GET", "/.nginx-up")
            return connection.getresponse().status == 204
        except OSError:
            return False
        finally:
            connection.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.process = None


@dataclass
class Redis:
    """A throwaway redis-server: no persistence, on its own port."""

    root: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> Redis:
        _require(REDIS)
        self.root.mkdir(parents=True, exist_ok=True)
        return _start_on_a_free_port(self, self._launch, self._pong, "redis-server answering PING")

    def _launch(self) -> subprocess.Popen:
        log = self.root / "redis.log"
        log.unlink(missing_ok=True)
        return subprocess.Popen(
            [
                REDIS,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.root),
                "--logfile", str(log),
            ],
        )  # fmt: skip

    def _pong(self) -> bool:
        _exited(self.process, self.root / "redis.log", "redis-server")
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.process = None
