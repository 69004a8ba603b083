"""A SPARQL 1.1 endpoint over a store: the Oxigraph server (the ``oxigraph`` package) on the store's database.

The store's database is an Oxigraph database, so the server opens it in place: no copy,
no load.  It serves read-only unless asked otherwise, so it can run beside other readers
(``kg query DIR``) but not beside a build that writes the store.  The store keeps its
default graph equal to the merge of the article graphs (see :mod:`kg.store`), so queries
over HTTP give what ``kg query`` gives on the folder, with no union option.

>>> with start_server("out/store", port=7878) as server:    # doctest: +SKIP
...     print(server.query_url)
http://127.0.0.1:7878/query
"""

from __future__ import annotations

import collections
import contextlib
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from ..errors import Codes, error
from ..store import DATABASE, Store

__all__ = ["Server", "start_server", "serve_store", "oxigraph_command"]


def oxigraph_command() -> str:
    """The ``oxigraph`` program installed beside this Python (the ``oxigraph`` package), else on the PATH.

    Its version must be the one of pyoxigraph, which writes the store, up to the patch
    release: the database format is only kept within one minor version.
    """
    found = shutil.which("oxigraph", path=sysconfig.get_path("scripts")) or shutil.which("oxigraph")
    if found is None:
        raise error("the Oxigraph server is not installed: pip install oxigraph", Codes.SERVICE)
    version = subprocess.run([found, "--version"], capture_output=True, text=True, check=False).stdout.split()
    theirs, ours = (version[-1] if version else "?"), ox.__version__
    if theirs.split(".")[:2] != ours.split(".")[:2]:
        raise error(
            f"{found}: Oxigraph {theirs} cannot be trusted with a store written by pyoxigraph {ours}; "
            f"pip install 'oxigraph=={ours}'",
            Codes.SERVICE,
        )
    return found


@dataclass
class Server:
    """A running Oxigraph server: its process and its URLs.  :meth:`stop` ends it."""

    process: subprocess.Popen
    url: str  # http://host:port
    read_write: bool
    _log: collections.deque = field(default_factory=lambda: collections.deque(maxlen=5))
    _reader: threading.Thread | None = None

    @property
    def query_url(self) -> str:
        """Where SPARQL queries go (GET or POST)."""
        return f"{self.url}/query"

    @property
    def store_url(self) -> str:
        """The SPARQL 1.1 Graph Store Protocol endpoint (writes only with ``read_write``)."""
        return f"{self.url}/store"

    @property
    def update_url(self) -> str:
        """Where SPARQL updates go (only with ``read_write``)."""
        return f"{self.url}/update"

    def stop(self, timeout: float = 10) -> int:
        """Stop the server (SIGTERM, then SIGKILL after ``timeout`` seconds); its exit code."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
        code = self.process.wait()
        if self._reader is not None:
            self._reader.join(timeout)  # it ends with the server's last message
        if self.process.stderr is not None:
            self.process.stderr.close()
        return code

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _bind(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _forward(stream: IO[str], log: collections.deque) -> None:
    """Copy the server's messages to stderr, but its own "Listening" line: kg prints the query URL."""
    for line in stream:
        log.append(line.strip())
        if not line.startswith("Listening for requests"):
            sys.stderr.write(line)


def start_server(
    store: str | Path,
    host: str = "127.0.0.1",
    port: int = 7878,
    read_write: bool = False,
    timeout: float = 60,
) -> Server:
    """Start the Oxigraph server on a store folder's database; return once it takes connections.

    Args:
        store: a store folder (``kg build --store``).
        host, port: where to listen; 127.0.0.1 lets only this machine in.
        read_write: also accept updates and Graph Store Protocol writes (see :func:`serve_store`).
        timeout: seconds to wait for the server to listen.
    """
    path = Path(store)
    # Opening the store for writing, and closing it, checks that it is a store of this
    # version that no build is writing, and finishes a removal a killed build left.
    Store.open(path, create=False).close()
    command = oxigraph_command()
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        try:
            probe.bind((host, port))
        except OSError as err:
            raise error(
                f"{_bind(host, port)}: cannot listen there ({err.strerror}); pick another --port", Codes.SERVICE
            ) from None
    mode = "serve" if read_write else "serve-read-only"
    process = subprocess.Popen(
        [command, mode, "--location", str(path / DATABASE), "--bind", _bind(host, port)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # Ctrl-C goes to kg, which stops the server: one way to stop, always the same
    )
    server = Server(process, f"http://{_bind(_reachable(host), port)}", read_write)
    assert process.stderr is not None
    server._reader = threading.Thread(target=_forward, args=(process.stderr, server._log), daemon=True)
    server._reader.start()
    try:
        _wait_listening(server, _reachable(host), port, timeout)
    except BaseException:  # Ctrl-C while waiting too: no server is left behind
        server.stop()
        raise
    return server


def _reachable(host: str) -> str:
    """The address to reach a server listening on ``host`` from this machine."""
    return {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)


def _wait_listening(server: Server, host: str, port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            said = f": {server._log[-1]}" if server._log else ""
            raise error(f"the Oxigraph server stopped (exit code {server.process.returncode}){said}", Codes.SERVICE)
        with contextlib.suppress(OSError), socket.create_connection((host, port), 0.5):
            return
        time.sleep(0.05)
    raise error(f"the Oxigraph server did not listen on {_bind(host, port)} in {timeout:g} s", Codes.SERVICE)


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """Within: SIGINT, SIGTERM and SIGHUP raise KeyboardInterrupt, so the server is stopped either way.

    SIGINT too, since a shell starts a background job with SIGINT ignored, and Python then
    leaves it ignored.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signals = [signal.SIGINT, signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    previous = {s: signal.signal(s, interrupt) for s in signals}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def serve_store(
    store: str | Path,
    host: str = "127.0.0.1",
    port: int = 7878,
    read_write: bool = False,
    announce: Callable[[Server], None] | None = None,
) -> int:
    """Serve a store over SPARQL 1.1 until Ctrl-C (or SIGTERM); the server is stopped with it.

    ``announce`` is called with the running :class:`Server` (the CLI prints its query URL).
    With ``read_write`` the endpoint also takes SPARQL updates and Graph Store Protocol
    writes; an update that adds or removes triples in one graph only (the default graph or
    an article's) leaves the default graph unequal to the merge of the article graphs,
    which the store and ``kg build`` count on.

    Returns:
        0 when stopped by Ctrl-C or SIGTERM, else the server's exit code.
    """
    with _sigterm_interrupts():
        server = start_server(store, host, port, read_write)
        try:
            if announce is not None:
                announce(server)
            return server.process.wait()
        except KeyboardInterrupt:
            server.stop()
            return 0
        finally:
            server.stop()
