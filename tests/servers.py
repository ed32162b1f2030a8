"""Debian's nginx and redis-server for tests, each on a free port of 127.0.0.1 with its
files in a temporary directory, stopped by the test (`make servers` installs them)."""

from __future__ import annotations

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


def _require(binary: str) -> None:
    if not shutil.which(binary):
        raise RuntimeError(f"{binary} is missing: `make servers` installs nginx and redis-server")


def _accepts_connections(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


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
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.root), "-e", str(self.root / "error.log"), "-c", str(conf)],
            stderr=subprocess.DEVNULL,
        )
        wait_until(self._up, what="nginx answering", timeout=60)
        return self

    def _up(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"nginx exited: {(self.root / 'error.log').read_text()[-2000:]}")
        return _accepts_connections(self.port)

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
        self.process = subprocess.Popen(
            [
                REDIS,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_until(self._pong, what="redis-server answering PING", timeout=60)
        return self

    def _pong(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError("redis-server exited")
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
