"""The socket lesson's server: the article's upper-casing echo server (6.1), made right.

- It listens on 127.0.0.1, port 0: the system picks a free port, nothing is exposed.
- One ``Process`` per accepted connection runs ``talk(conn, addr)``; the server closes
  its own copy of ``conn`` at once (the handler has its own), so a client sees the
  end of the conversation when its handler ends.
- Messages are lines.  ``talk`` reads up to the newline however many ``recv`` calls
  that takes, so a message longer than 1024 bytes comes back whole (the article's
  ``recv(1024)`` cuts it: :func:`seed_talk` keeps that version to show it).  Empty
  lines are ignored; any bytes are fine (``bytes.upper`` changes ASCII letters only).
- A client that disconnects, politely or not, ends only its own handler.
- A line longer than ``MAX_LINE`` (4 MiB) is skipped with an error reply, and the
  conversation goes on: a client that never sends a newline cannot fill the
  handler's memory.
- Only the server holds the listening socket: a handler forked from it closes its
  inherited copy first (spawned and forkserver handlers never had one).
- The server joins handlers as they finish (no zombies) and, told to stop, hands the
  clients already waiting to handlers, closes its socket, stops the handlers of
  clients still connected, and joins them all.  A failed ``accept()`` or ``start()``
  costs one client its connection, never the server; SIGINT is ignored (see
  :func:`serve`).

``EchoServer`` runs it in a child process: ``with EchoServer() as server:`` gives
``server.address``; leaving the block stops everything.

``EchoServer(pool=4)`` serves the same conversations with a ``multiprocessing.Pool`` of
4 workers started once (lesson 14, :func:`serve_with_pool`): each worker accepts
clients on the listening socket itself and talks with one at a time -- no process
started, no socket sent, per connection.  At most ``pool`` conversations go on at
once; other clients wait in the listening socket's backlog, connected.
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import time
from multiprocessing import util
from multiprocessing.connection import wait

from ..arguments import need_address, need_int, need_seconds, need_str

HOST = "127.0.0.1"
BACKLOG = 64  # pending connections the system queues before accept()
MAX_LINE = 4 << 20  # bytes: a longer line is refused (1 MiB messages are fine)
STOP = "stop"


def talk(conn: socket.socket, addr) -> None:
    """Handler: echo every line upper-cased until the client goes away."""
    with conn, conn.makefile("rb") as lines:
        try:
            while line := lines.readline(MAX_LINE + 1):  # a whole line, however many recv()s
                if len(line) > MAX_LINE and not line.endswith(b"\n"):
                    skip_rest_of_line(lines)
                    conn.sendall(b"ERROR: a line longer than 4 MiB, not echoed\n")
                    continue
                message = line.rstrip(b"\r\n")
                if message.strip():
                    conn.sendall(message.upper() + b"\n")
        except OSError:  # the client vanished mid-conversation (reset, broken pipe)
            pass


def skip_rest_of_line(lines) -> None:
    """Read and drop what is left of an over-long line, up to its newline, keeping no
    more than ``MAX_LINE`` bytes of it in memory at a time."""
    while (part := lines.readline(MAX_LINE)) and not part.endswith(b"\n"):
        pass


def seed_talk(conn: socket.socket, addr) -> None:
    """The article's handler, as written: one ``recv(1024)``, one ``send`` of it."""
    while True:
        try:
            msg = conn.recv(1024)
            if not msg:
                break
            conn.send(msg.upper())
        except Exception:
            break


def serve(host: str, port: int, control, handler=talk) -> None:
    """The server process: bind, report the port on ``control``, accept and hand off
    each connection to a new ``Process(target=handler)`` until ``control`` says stop.

    It ignores SIGINT, and so do its handlers (they inherit that): interrupting a
    notebook (■) signals its whole process group, and it is the notebook's ``with
    EchoServer()`` block that stops the server, cleanly, through ``control``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    handlers = []
    try:
        with socket.create_server((host, port), backlog=BACKLOG) as listener:
            # A handler forked from here (start method fork) is a copy of this process,
            # file descriptors included: it closes its copies of the listening socket
            # and of the control pipe before its target runs, so no handler holds them.
            util.register_after_fork(listener, socket.socket.close)
            util.register_after_fork(control, type(control).close)
            control.send(listener.getsockname()[1])
            while True:
                ready = wait([listener, control, *(h.sentinel for h in handlers)])
                for h in [h for h in handlers if h.sentinel in ready]:
                    h.join()  # reap it now: no zombie
                    handlers.remove(h)
                if listener in ready:
                    _accept(listener, handler, handlers)
                if control in ready:
                    listener.setblocking(False)  # clients already waiting still get a handler
                    while _accept(listener, handler, handlers):
                        pass
                    break
    finally:  # also if something above failed: no handler outlives the server
        _stop_handlers(handlers)


def _accept(listener: socket.socket, handler, handlers: list) -> bool:
    """Accept one waiting client and start its handler.  False if none was waiting or
    accepting failed: a failure costs that one client its connection, never the server."""
    try:
        conn, addr = listener.accept()
    except ConnectionAbortedError:  # it gave up before we accepted (BSD, macOS)
        return True
    except OSError:  # none waiting (BlockingIOError), or no file descriptor left
        return False
    conn.setblocking(True)  # whatever the listener is: the handler reads and waits
    with conn:  # our copy is closed right after start(): the handler has its own
        h = multiprocessing.Process(target=handler, args=(conn, addr))
        try:
            h.start()
        except OSError:  # no process could be made: this client sees the end at once
            return False
    handlers.append(h)
    return True


GRACE = 5.0  # seconds handlers whose clients just left get to end by themselves (a spawned
# handler may still be starting up, which takes 30 ms on an idle machine and far more on a
# busy one)


def serve_with_pool(host: str, port: int, control, workers: int, handler=talk) -> None:
    """The server process of the pool server: bind, start a ``Pool`` of ``workers``
    that each accept connections on the listening socket themselves and talk with
    each client in turn (:func:`accept_and_talk`: one long task a worker), report
    the port on ``control``, and wait until it says stop; then the workers stop
    accepting, finish the conversations under way (``GRACE`` s at most), and leaving
    the ``with Pool()`` block ends them.

    No process is started per connection, and no socket crosses a pipe: the kernel
    hands each new connection to one of the workers waiting in ``accept()``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    util.register_after_fork(control, type(control).close)
    stopping = multiprocessing.Event()
    with socket.create_server((host, port), backlog=BACKLOG) as listener:
        with multiprocessing.Pool(workers, initializer=_share_listener,
                                  initargs=(listener, stopping, handler)) as pool:
            loops = pool.map_async(accept_and_talk, range(workers), chunksize=1)
            control.send(listener.getsockname()[1])
            try:
                control.recv()  # STOP
            except EOFError:  # the EchoServer is gone: stop all the same
                pass
            stopping.set()
            loops.wait(GRACE + POLL)


POLL = 0.1  # s: how often a pool worker waiting in accept() looks whether to stop
_listener = _stopping = _handler = None  # a pool worker's, from _share_listener()


def _share_listener(listener, stopping, handler) -> None:
    """A pool worker's ``initializer``: keep the listening socket, the stop sign and the
    handler.  The timeout is set here, in each worker: a worker that got the socket
    pickled (spawn, forkserver) has a new socket object without one, on a descriptor
    that another worker's timeout made non-blocking -- its ``accept()`` would return at
    once, again and again."""
    global _listener, _stopping, _handler
    listener.settimeout(POLL)  # accept() wakes up to see `stopping` and the server
    _listener, _stopping, _handler = listener, stopping, handler


def accept_and_talk(worker: int) -> None:
    """Pool worker number ``worker``'s one task: accept a client, talk with it until it
    leaves, and again, until the server says stop.  A failed ``accept()`` costs that
    one client.  A worker whose server is gone stops too (killed, the server could not
    end its pool: the worker would keep the port)."""
    server = multiprocessing.parent_process()
    while not _stopping.is_set() and (server is None or server.is_alive()):
        try:
            conn, addr = _listener.accept()
        except (TimeoutError, BlockingIOError, InterruptedError):  # none came: look again
            continue
        except OSError:  # it gave up before we accepted; no file descriptor left
            continue
        conn.setblocking(True)
        _handler(conn, addr)


def _stop_handlers(handlers: list) -> None:
    """Let handlers that are already finishing end by themselves (all of them, within
    GRACE), then end the conversations of clients still connected, and join every
    handler."""
    deadline = time.monotonic() + GRACE
    pending = [h for h in handlers if h.exitcode is None]
    while pending and (left := deadline - time.monotonic()) > 0:
        wait([h.sentinel for h in pending], timeout=left)  # returns when *one* is ready
        pending = [h for h in pending if h.exitcode is None]
    for h in pending:
        h.terminate()
    for h in handlers:
        h.join()


class EchoServer:
    """The echo server in a child process; a context manager that always cleans up.

    ``context``: a multiprocessing context, e.g. ``get_context('spawn')`` (default:
    ``multiprocessing`` itself, i.e. the current default start method).
    ``handler``: :func:`talk`, or :func:`seed_talk` to see the article's version.
    ``pool``: None, a ``Process`` per connection; a number, a ``Pool`` of that many
    workers started once (:func:`serve_with_pool`).
    """

    def __init__(self, host: str = HOST, port: int = 0, *, handler=talk, context=None,
                 timeout: float = 30.0, pool: int | None = None):
        if not isinstance(port, int) or not 0 <= port <= 65535:
            raise ValueError(f"port must be an int from 0 to 65535 (0: any free port), "
                             f"not {port!r}")
        if not callable(handler):
            raise TypeError(f"handler must be a function (conn, addr), not {handler!r}")
        need_str(host, "host")
        if context is not None and not (hasattr(context, "Process") and hasattr(context, "Pipe")):
            raise TypeError(f"context must be a multiprocessing context such as "
                            f"multiprocessing.get_context('spawn'), not {context!r}")
        need_seconds(timeout, "timeout", zero=False)
        if pool is not None:
            need_int(pool, "pool", minimum=1)
        self._pool = pool
        self._host, self._port, self._handler = host, port, handler
        self._context = context or multiprocessing
        self._timeout = timeout
        self.address: tuple[str, int] | None = None
        self.process = None

    def start(self) -> EchoServer:
        mine, theirs = self._context.Pipe()
        self._control = mine
        if self._pool is None:
            target, args = serve, (self._host, self._port, theirs, self._handler)
        else:
            target = serve_with_pool
            args = (self._host, self._port, theirs, self._pool, self._handler)
        self.process = self._context.Process(target=target, args=args)
        self.process.start()
        theirs.close()
        try:
            if not mine.poll(self._timeout):
                raise RuntimeError(f"the echo server did not start within {self._timeout:g} s")
            self.address = (self._host, mine.recv())
        except EOFError:
            self.process.join()
            code = self.process.exitcode
            self.stop()
            raise RuntimeError(f"the echo server exited before it was ready "
                               f"(exit code {code})") from None
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop accepting, end open conversations, join everything."""
        if self.process is None:
            return
        try:
            self._control.send(STOP)
        except OSError:
            pass  # the server is already gone
        self.process.join(self._timeout)
        if self.process.exitcode is None:
            self.process.terminate()
            self.process.join()
        self._control.close()
        self.process = None

    def __enter__(self) -> EchoServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def echo(address, *messages: bytes | str, timeout: float = 10.0) -> list[bytes]:
    """A client: send each non-empty message as a line, return the replies in order."""
    need_address(address)
    for message in messages:
        if not isinstance(message, (str, bytes, bytearray)):
            raise TypeError(f"each message must be a str or bytes, not {message!r}")
    need_seconds(timeout, "timeout", zero=False)
    replies = []
    with socket.create_connection(address, timeout=timeout) as client:
        with client.makefile("rb") as reader:
            for message in messages:
                data = message.encode() if isinstance(message, str) else bytes(message)
                if not data.strip():
                    continue  # the article's client skips empty input too
                client.sendall(data + b"\n")
                replies.append(reader.readline().rstrip(b"\n"))
    return replies
