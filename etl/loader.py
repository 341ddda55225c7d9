"""The warm loader: `coop loader` keeps a process ready, with everything imported, for the next
`coop load`, `validate`, `refresh`, `rebuild` or `demo` of the same OS user.

Every new `coop` process pays for its imports before it does any work: Python, Polars, DuckDB
and, above all, Great Expectations (1.5–2 s on a 2-core machine), where a 100-row correction
needs a fraction of that for the work itself. With `coop loader` running, `coop` hands its
whole command line over a Unix socket to a process that has imported everything already:

    coop (client)                    coop loader (manager)            spare worker
      connect ─────────────────────▶ accept; a worker ready? ──fd──▶ (imported, warmed up)
      argv, cwd, environment, umask and stdin/stdout/stderr ───────▶ becomes the client,
      ◀──────────────────────────────────── {"pid"} … {"exit": code}  runs etl.cli.main(argv)

Each worker serves one command and exits, so nothing carries over from one command to the
next (memory, environment, working directory); each was started with `exec`, never a `fork`
of a process whose libraries run threads. Output goes straight to the client's terminal or
pipe, and the exit code is the one `coop` would have given.

The client does the work itself whenever the loader cannot take it: none is running (or a
socket was left by one that stopped), the socket is not private to this user, no worker is
ready (one is busy or still warming up), `COOP_LOADER=off`, or the worker finds the code on
disk changed since it imported it (it exits; the next one imports the new code). So with or
without the loader, the same command gives the same result.

Linux only (both ends check the other's user id with SO_PEERCRED); elsewhere `coop` works as
always.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, cast

from etl.errors import LoaderError

ENV_SOCKET = "COOP_LOADER_SOCKET"
ENV_SWITCH = "COOP_LOADER"  # "off": never hand commands to a loader
# The commands that import Great Expectations; the others start quickly on their own.
ROUTED = frozenset({"load", "validate", "refresh", "rebuild", "demo"})
MAX_REQUEST_BYTES = 1 << 20
_ENV_CONTROL_FD = "COOP_LOADER_CONTROL_FD"  # manager → worker: its end of their socket pair
FIRST_REPLY_TIMEOUT_S = 10.0
RESPAWN_DELAY_S = 5.0  # after a worker that died before it was ready (a broken install)
_SUN_PATH_MAX = 107  # bytes a Unix socket path may have (sockaddr_un.sun_path, NUL excluded)


def socket_path() -> Path:
    """Where the loader listens: `$COOP_LOADER_SOCKET`, else ~/.cache/coop/loader.sock.

    One place per OS user, whatever the data directory: a cron job without a login session
    finds it as the interactive shell that started the loader does.
    """
    explicit = os.environ.get(ENV_SOCKET)
    if explicit:
        return Path(explicit)
    return Path.home() / ".cache" / "coop" / "loader.sock"


def is_supported() -> bool:
    return sys.platform.startswith("linux") and hasattr(socket, "send_fds")


def _is_private_dir(folder: Path) -> bool:
    """Owned by us, and nobody else may create or replace entries in it."""
    try:
        info = folder.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


# ---------------------------------------------------------------------------------------------
# Client: the `coop` process the user started


def run_remote(argv: list[str]) -> int | None:
    """Run `coop argv` in a warm loader; its exit code, or None to run it here instead."""
    if not argv or argv[0] not in ROUTED or not is_supported():
        return None
    if os.environ.get(ENV_SWITCH, "").lower() in ("off", "0", "no", "false"):
        return None
    try:
        path = socket_path()
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    except (OSError, RuntimeError):  # no home directory to look in; no sockets
        return None
    if len(os.fsencode(path)) > _SUN_PATH_MAX or not _is_private_dir(path.parent):
        conn.close()
        return None
    with conn:
        # A loader answers at once; one that does not (stopped with SIGSTOP, swapped out) is
        # not worth waiting for. Once a worker has started the command, we wait for it as long
        # as the command takes.
        conn.settimeout(FIRST_REPLY_TIMEOUT_S)
        try:
            conn.connect(os.fspath(path))
            if _peer_uid(conn) != os.getuid():
                return None  # never hand our environment and terminal to another user
            _send_request(conn, argv)
            replies = _lines(conn)
            first = next(replies, None)
        except (OSError, ValueError):
            return None  # no loader (a socket left by one that stopped), or it went away
        if first is None or "pid" not in first:
            return None  # no worker ready, or its code is outdated: nothing ran there
        conn.settimeout(None)
        return _wait_for_exit(first["pid"], replies, _lang(argv))


def _peer_uid(conn: socket.socket) -> int:
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return int(struct.unpack("3i", creds)[1])


def _send_request(conn: socket.socket, argv: list[str]) -> None:
    umask = os.umask(0)
    os.umask(umask)
    request = {
        "argv": argv,
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "umask": umask,
        # How this process would have written its output (a UTF-8 terminal, a C-locale cron…).
        "streams": [[s.encoding, s.errors] if s else None for s in _std_streams()],
    }
    payload = json.dumps(request).encode("utf-8", "surrogateescape")
    header = struct.pack("!I", len(payload))
    socket.send_fds(conn, [header + payload], [0, 1, 2])


def _std_streams() -> tuple[TextIO | None, TextIO | None, TextIO | None]:
    return sys.stdin, sys.stdout, sys.stderr


def _lines(conn: socket.socket) -> Iterator[dict[str, Any]]:
    buffer = b""
    while True:
        chunk = conn.recv(4096)
        if not chunk:
            return
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            yield json.loads(line)


def _lang(argv: list[str]) -> str:
    """The report language the command asked for (what its own parser would make of it)."""
    for i, arg in enumerate(argv):
        value = arg.removeprefix("--lang=") if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        if value in ("zh", "en"):
            return value
    from etl.cli import default_lang

    return default_lang()


def _wait_for_exit(pid: int, replies: Iterator[dict[str, Any]], lang: str) -> int:
    """Forward the signals we get to the worker (Ctrl-C stops the load there) until it ends."""
    forwarded = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {sig: signal.getsignal(sig) for sig in forwarded}

    def forward(sig: int, _frame: object) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)

    for sig in forwarded:
        signal.signal(sig, forward)
    try:
        for reply in replies:
            if "exit" in reply:
                return int(reply["exit"])
    except (OSError, ValueError):
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    # The worker ended without an answer (killed, out of memory): whether the batch was
    # published is for `coop history` to tell; a load is atomic either way.
    from etl.present import text

    print(text("loader.lost", lang, pid=pid), file=sys.stderr)
    return 2


# ---------------------------------------------------------------------------------------------
# Manager: `coop loader`


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    control: socket.socket  # our end of the pair: its events in, the client's connection out
    started_s: float = field(default_factory=time.monotonic)
    state: str = "starting"  # starting → ready → busy
    pending: bytes = b""


def serve(log: TextIO, lang: str) -> int:
    """Listen until SIGTERM or SIGINT, keeping one warm worker ready; returns the exit code.

    Only one worker warms up or works at a time, on purpose: warming the next one while a
    command runs would take the CPU that command needs. A client that arrives while no worker
    is ready is told so at once, and does its work itself, as it would without a loader.
    """
    from etl.present import text

    def say(key: str, **fields: object) -> None:
        print(text(key, lang, **fields), file=log, flush=True)

    if not is_supported():
        raise LoaderError("loader.unsupported")
    path = socket_path()
    with _exclusive(path), _listening(path) as listener:
        stop: list[int] = []
        signal.signal(signal.SIGTERM, lambda sig, _frame: stop.append(sig))
        signal.signal(signal.SIGINT, lambda sig, _frame: stop.append(sig))
        say("loader.listening", path=path, pid=os.getpid())
        workers: list[_Worker] = []
        respawn_at = 0.0  # a worker that failed to start is retried after a pause, not in a loop
        while not stop:
            if not workers and time.monotonic() >= respawn_at:
                workers.append(_spawn())
            try:
                readable, _, _ = select.select(
                    [listener] + [w.control for w in workers], [], [], 0.5
                )
            except InterruptedError:  # a signal arrived
                continue
            if listener in readable and not _hand_over(listener, workers):
                say("loader.busy")
            for worker in [w for w in workers if w.control in readable]:
                chunk = b""
                with contextlib.suppress(OSError):
                    chunk = worker.control.recv(4096)
                if chunk:
                    worker.pending += chunk
                    while b"\n" in worker.pending:
                        line, worker.pending = worker.pending.split(b"\n", 1)
                        _on_event(worker, json.loads(line), say)
                    continue
                # The worker closed its end: it has exited, or is about to.
                code = worker.process.wait()
                worker.control.close()
                workers.remove(worker)
                if worker.state == "starting":
                    say("loader.worker_failed", code=code)
                    respawn_at = time.monotonic() + RESPAWN_DELAY_S
                elif worker.state == "busy" and code != 0:
                    say("loader.worker_died", pid=worker.process.pid, code=code)
        # Stopping: the spare goes at once; a command already running finishes (a load is
        # atomic, but cutting one short would make its user wait for nothing).
        for worker in workers:
            if worker.state != "busy":
                worker.process.terminate()
        for worker in workers:
            worker.process.wait()
            worker.control.close()
        say("loader.stopped")
    return 0


def _hand_over(listener: socket.socket, workers: list[_Worker]) -> bool:
    """Give a new client's connection to the ready worker; False if the client is told to run
    its command itself (no worker ready)."""
    try:
        conn, _ = listener.accept()
    except OSError:  # the client gave up in between
        return True
    with conn:
        spare = next((w for w in workers if w.state == "ready"), None)
        try:
            if _peer_uid(conn) != os.getuid():
                return True  # the socket is private; this is only a second lock on the door
            if spare is None:
                conn.sendall(b'{"busy": true}\n')
                return False
            socket.send_fds(spare.control, [b"c"], [conn.fileno()])
            spare.state = "busy"
        except OSError:
            pass
        return True


def _on_event(worker: _Worker, event: dict[str, Any], say: Any) -> None:
    kind = event.get("event")
    pid = worker.process.pid
    if kind == "ready":
        worker.state = "ready"
        say("loader.ready", pid=pid, seconds=f"{time.monotonic() - worker.started_s:.1f}")
    elif kind == "started":
        say("loader.started", pid=pid, command=" ".join(event.get("argv", [])[:1]))
    elif kind == "done":
        command = " ".join(event.get("argv", [])[:1])
        seconds = f"{event.get('seconds', 0):.2f}"
        say("loader.served", pid=pid, command=command, code=event.get("code"), seconds=seconds)
    elif kind == "outdated":
        say("loader.outdated", pid=pid)


@contextlib.contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """One manager per socket: a lock file beside it, held while we serve."""
    import fcntl

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise LoaderError("loader.socket_dir", path=path.parent, detail=exc.strerror) from None
    if not _is_private_dir(path.parent):
        raise LoaderError("loader.socket_dir", path=path.parent, detail="not private to this user")
    if len(os.fsencode(path)) > _SUN_PATH_MAX:
        raise LoaderError("loader.socket_dir", path=path, detail="path too long for a socket")
    lock_path = path.with_name(path.name + ".lock")
    handle = open(lock_path, "a+b")  # noqa: SIM115 — held for the whole block
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LoaderError("loader.running", path=path) from None
        yield
    finally:
        handle.close()


@contextlib.contextmanager
def _listening(path: Path) -> Iterator[socket.socket]:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with listener:
        # Bind under a temporary name, then rename over the old socket: a client never finds
        # the path missing or pointing at a socket nobody serves while we start.
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        listener.bind(os.fspath(temporary))
        os.chmod(temporary, 0o600)
        listener.listen(16)
        os.replace(temporary, path)
        identity = path.stat().st_ino
        try:
            yield listener
        finally:
            with contextlib.suppress(OSError):
                if path.stat().st_ino == identity:  # still ours
                    path.unlink()


def _spawn() -> _Worker:
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with theirs:
        process = subprocess.Popen(
            # -P: a client's working directory never shadows a module the worker imports.
            [sys.executable, "-P", "-c", "import etl.loader; etl.loader.worker_main()"],
            pass_fds=(theirs.fileno(),),
            env={**os.environ, _ENV_CONTROL_FD: str(theirs.fileno())},
            stdin=subprocess.DEVNULL,
            cwd="/",
            # Its own session: a Ctrl-C in the manager's terminal stops the manager, which
            # lets a running command finish, instead of reaching that command too.
            start_new_session=True,
        )
    return _Worker(process, ours)


# ---------------------------------------------------------------------------------------------
# Worker: one warm process, one command


def code_fingerprint() -> str:
    """What the worker's imported code was read from: our sources and the libraries' modules.

    A worker compares it before it serves a command; an upgrade in between (a `git pull`, a
    new DuckDB) makes it step aside for a fresh one.
    """
    import etl

    package = Path(etl.__file__).resolve().parent
    files = sorted(package.rglob("*.py")) + sorted((package / "sql").glob("*.sql"))
    files += sorted((package.parent / "expectations").glob("*.json"))
    for name in ("duckdb", "polars", "pandas", "great_expectations", "pyarrow"):
        module = sys.modules.get(name)
        if module is not None and getattr(module, "__file__", None):
            files.append(Path(str(module.__file__)))
    digest = hashlib.sha256()
    for file in files:
        with contextlib.suppress(OSError):
            info = file.stat()
            digest.update(f"{file}\0{info.st_mtime_ns}\0{info.st_size}\n".encode())
    return digest.hexdigest()


def warm_up() -> None:
    """Import what a command imports, Great Expectations included, before any command arrives.

    (Validating a small batch as well would set up more of Great Expectations in advance, but
    it saved under 0.1 s of a correction and doubled the time before a worker is ready.)
    """
    from etl import cli, expectations, pipeline  # noqa: F401 — what commands import

    expectations.warm_up().result()


def worker_main() -> None:
    """A spare worker: warm up, say so, serve the one command the manager hands us, exit."""
    control = socket.socket(fileno=int(os.environ.pop(_ENV_CONTROL_FD)))
    warm_up()
    fingerprint = code_fingerprint()
    _event(control, "ready")
    try:
        _, fds, _flags, _addr = socket.recv_fds(control, 16, 1)
    except OSError:
        fds = []
    if not fds:  # the manager went away
        os._exit(0)
    try:
        serve_one(socket.socket(fileno=fds[0]), control, fingerprint)
    except BaseException:  # noqa: BLE001 — a broken request: the client falls back or says so
        os._exit(1)
    os._exit(0)


def serve_one(conn: socket.socket, control: socket.socket, fingerprint: str) -> None:
    """Serve one client's command in this process — unless our code is outdated (then say so;
    the client runs the command itself)."""
    request, std_fds = _receive_request(conn)
    if code_fingerprint() != fingerprint:
        for fd in std_fds:
            os.close(fd)
        _event(control, "outdated")
        conn.sendall(b'{"outdated": true}\n')
        return
    _serve(conn, request, std_fds, control)


def _event(control: socket.socket, name: str, **fields: object) -> None:
    with contextlib.suppress(OSError):
        control.sendall((json.dumps({"event": name, **fields}) + "\n").encode())


def _receive_request(conn: socket.socket) -> tuple[dict[str, Any], list[int]]:
    data, fds, _flags, _addr = socket.recv_fds(conn, 65536, 3)
    if len(data) < 4:
        raise ValueError("short request")
    (length,) = struct.unpack("!I", data[:4])
    if length > MAX_REQUEST_BYTES:
        raise ValueError("request too large")
    payload = data[4:]
    while len(payload) < length:
        chunk = conn.recv(length - len(payload))
        if not chunk:
            raise ValueError("truncated request")
        payload += chunk
    return json.loads(payload.decode("utf-8", "surrogateescape")), fds


def _serve(
    conn: socket.socket, request: dict[str, Any], fds: list[int], control: socket.socket
) -> None:
    """Become the client's process (files, directory, environment), then run its command."""
    from etl.cli import main

    os.umask(int(request["umask"]))
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()  # the client's TZ, for "today" in the checks and the run timestamps
    for target, fd in zip((0, 1, 2), fds, strict=False):
        os.dup2(fd, target)
        os.close(fd)
    _rebind_std_streams(request.get("streams") or [])
    conn.sendall((json.dumps({"pid": os.getpid()}) + "\n").encode())
    _event(control, "started", argv=request["argv"])
    started = time.monotonic()
    try:
        code = main(list(request["argv"]))
    except KeyboardInterrupt:  # a Ctrl-C before `main` could catch it (while parsing)
        code = 130
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
        sys.stderr.flush()
    with contextlib.suppress(OSError):
        conn.sendall((json.dumps({"exit": code}) + "\n").encode())
    _event(control, "done", argv=request["argv"], code=code, seconds=time.monotonic() - started)


def _rebind_std_streams(streams: list[Any]) -> None:
    """Text streams over the client's descriptors, encoded as the client's would have been."""

    def wrap(fd: int, mode: str, spec: Any, fallback: TextIO, buffering: int) -> TextIO:
        encoding, errors = spec if spec else (fallback.encoding, fallback.errors)
        stream = open(  # noqa: SIM115 — the process's standard stream from now on
            fd, mode, buffering=buffering, encoding=encoding, errors=errors, closefd=False
        )
        return cast(TextIO, stream)

    specs = list(streams) + [None] * (3 - len(streams))
    sys.stdin = wrap(0, "r", specs[0], sys.stdin, -1)
    sys.stdout = wrap(1, "w", specs[1], sys.stdout, -1)
    sys.stderr = wrap(2, "w", specs[2], sys.stderr, 1)
