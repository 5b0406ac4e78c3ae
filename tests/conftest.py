"""Shared fixtures. Tests never touch the internet: pages come from a local
server (pytest-httpserver, bound to 127.0.0.1) or vcrpy cassettes."""

from __future__ import annotations

import gzip
import json
import socket
from pathlib import Path

import pytest

from citewatch.settings import Settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ARTICLES = SHARED / "data" / "article-extraction"
CASSETTES = SHARED / "data" / "wayback-cassettes"


def need(path: Path) -> Path:
    """Skip the test when a ../shared data file is not there."""
    if not path.exists():
        pytest.skip(f"shared data not found: {path}")
    return path


@pytest.fixture(scope="session")
def httpserver_listen_address():
    # pytest-httpserver: loopback only.
    return ("127.0.0.1", 0)


@pytest.fixture
def local_settings() -> Settings:
    """Settings for tests against the local server: loopback allowed, no
    retry sleeps."""
    return Settings(allow_private_networks=True, retries=0, backoff_factor=0, connect_timeout=5, read_timeout=5)


@pytest.fixture
def public_resolver():
    """A resolver that says every host is a public address, so the address
    guard lets vcrpy-replayed hosts through without DNS."""
    return lambda host, port: ["93.184.215.14"]


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test if anything opens a socket connection."""
    def refuse(*args, **kwargs):
        raise AssertionError("a network connection was attempted")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture(scope="session")
def articles() -> dict[str, dict]:
    """The shared article-extraction pages: sha -> {url, articleBody, html}.

    Zyte article-extraction-benchmark, MIT licence (see ../shared).
    """
    truth = json.loads(need(ARTICLES / "ground-truth.json").read_text("utf-8"))
    out = {}
    for sha, item in truth.items():
        page = ARTICLES / "html" / f"{sha}.html.gz"
        if page.exists():
            out[sha] = {**item, "html": gzip.decompress(page.read_bytes())}
    return out
