"""The socket lesson's echo server: whole messages, odd bytes, rude clients, clean stops."""

import multiprocessing
import os
import signal
import socket
import struct
import threading
import time

import psutil
import pytest

from helpers.tools import echo_server
from helpers.tools.echo_server import MAX_LINE, EchoServer, echo, seed_talk
from tests import targets
from tests.bounds import SOON
from tests.conftest import START_METHODS


@pytest.fixture(params=[(method, pool) for pool in (None, 4) for method in START_METHODS],
                ids=lambda param: param[0] + ("" if param[1] is None else "-pool"))
def server(request):
    """Each start method, with a process per connection and with a pool (lesson 14)."""
    method, pool = request.param
    with EchoServer(context=multiprocessing.get_context(method), pool=pool) as running:
        yield running


def test_echoes_upper_case_and_ignores_empty_lines(server):
    assert echo(server.address, "hello", "", "  ", b"world") == [b"HELLO", b"WORLD"]
    with socket.create_connection(server.address) as raw, raw.makefile("rb") as reader:
        raw.sendall(b"\n\n  \nhi\n")  # empty lines straight to the server: no reply
        assert reader.readline() == b"HI\n"


def test_a_mebibyte_comes_back_whole(server):
    message = b"a" * (1 << 20)
    assert echo(server.address, message) == [b"A" * (1 << 20)]


def test_non_utf8_bytes(server):
    assert echo(server.address, b"\xff\xfe caf\xc3\xa9 \x00") == [b"\xff\xfe CAF\xc3\xa9 \x00"]


# Each of 30 clients at once waits for a handler that the server starts per connection,
# one after the other: under spawn, on a loaded 2-core machine, the last waits for 30
# interpreters to start -- 10 s was exceeded there.  This bound only stops a hang: SOON.


def test_many_clients_at_once(server):
    results, errors = {}, []

    def client(i):
        try:
            results[i] = echo(server.address, *(f"c{i} m{j}" for j in range(5)),
                              timeout=SOON)
        except OSError as error:
            errors.append(error)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(2 * SOON)
    assert not errors
    assert results == {i: [f"C{i} M{j}".encode() for j in range(5)] for i in range(30)}


def test_an_abrupt_disconnect_ends_only_its_handler(server):
    rude = socket.create_connection(server.address)
    rude.sendall(b"half a line without end")
    rude.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    rude.close()  # RST instead of FIN
    assert echo(server.address, "still here") == [b"STILL HERE"]


def test_stop_with_idle_clients_connected_leaves_nothing(request):
    srv = EchoServer(context=multiprocessing.get_context("fork")).start()
    server_pid = srv.process.pid
    idle = [socket.create_connection(srv.address) for _ in range(3)]
    assert echo(srv.address, "x") == [b"X"]
    handlers = psutil.Process(server_pid).children()
    srv.stop()
    for conn in idle:
        assert conn.recv(1) == b""  # the server ended the conversation
        conn.close()
    assert not psutil.pid_exists(server_pid) or psutil.Process(server_pid).status() == "zombie"
    assert not any(h.is_running() and h.status() != "zombie" for h in handlers)
    with pytest.raises(ConnectionRefusedError):  # the port is closed
        socket.create_connection(srv.address, timeout=1)


def test_the_article_handler_splits_long_messages():
    """seed_talk answers each recv(1024) chunk separately: one reply is cut short."""
    with EchoServer(handler=seed_talk) as srv, socket.create_connection(srv.address) as c:
        c.sendall(b"a" * 3000)
        first = c.recv(1024)
        assert first == b"A" * len(first) and len(first) <= 1024


@pytest.mark.parametrize("kwargs, message", [
    ({"port": -1}, "port must be an int from 0 to 65535"),
    ({"port": "80"}, "port must be an int"),
    ({"handler": "talk"}, "handler must be a function"),
    ({"pool": 0}, "pool must be at least 1"),
    ({"pool": "4"}, "pool must be a whole number"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises((TypeError, ValueError), match=message):
        EchoServer(**kwargs)


def test_a_server_that_cannot_bind_says_so():
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        with pytest.raises(RuntimeError, match="exited before it was ready"):
            EchoServer(port=port).start()


def test_an_over_long_line_is_skipped_with_an_error(server):
    with socket.create_connection(server.address) as c, c.makefile("rb") as replies:
        c.sendall(b"x" * (MAX_LINE + 4096) + b"\nafter\n")
        assert replies.readline() == b"ERROR: a line longer than 4 MiB, not echoed\n"
        assert replies.readline() == b"AFTER\n"  # the conversation goes on


def test_a_line_of_max_length_is_echoed(server):
    assert echo(server.address, b"y" * MAX_LINE) == [b"Y" * MAX_LINE]


def test_sigint_to_the_server_and_its_handlers_changes_nothing(server):
    """Interrupting a notebook signals its whole process group; the server and its
    handlers go on until the EchoServer block stops them."""
    with socket.create_connection(server.address) as c, c.makefile("rb") as replies:
        c.sendall(b"one\n")
        assert replies.readline() == b"ONE\n"
        below = psutil.Process(server.process.pid).children(recursive=True)  # forkserver: its
        group = [server.process.pid, *(p.pid for p in below)]  # fork server's children too
        assert len(group) >= 2  # the server and this client's handler
        for pid in group:
            os.kill(pid, signal.SIGINT)
        time.sleep(0.2)
        c.sendall(b"two\n")
        assert replies.readline() == b"TWO\n"
    assert server.process.is_alive()


def test_clients_waiting_when_the_stop_comes_get_a_handler(tmp_path):
    """What serve() does on a stop: every client already in the backlog is handed to a
    handler (here, one that writes a file) instead of being reset."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        waiting = [socket.create_connection(listener.getsockname()) for _ in range(3)]
        time.sleep(0.1)
        listener.setblocking(False)
        handlers = []
        accepted = 0
        while echo_server._accept(listener, _note_client, handlers):
            accepted += 1
        for h in handlers:
            h.join()
        for c in waiting:
            c.close()
    assert accepted == 3 and [h.exitcode for h in handlers] == [0, 0, 0]


def _note_client(conn, addr):
    conn.sendall(b"served\n")


@pytest.mark.parametrize("method", START_METHODS)
def test_only_the_server_holds_the_listening_socket(method):
    context = multiprocessing.get_context(method)
    with EchoServer(handler=targets.report_listening_sockets, context=context) as srv:
        server_holds = psutil.Process(srv.process.pid).net_connections("tcp")
        assert sum(c.status == psutil.CONN_LISTEN for c in server_holds) == 1
        # SOON: a bound for a loaded machine, where this chain of two spawned
        # interpreters (the server, then its handler) took more than 10 s once
        with socket.create_connection(srv.address, timeout=SOON) as client:
            assert client.makefile("rb").readline() == b"0\n"


def test_the_pool_server_starts_no_process_per_connection_and_stops_clean(method):
    srv = EchoServer(context=multiprocessing.get_context(method), pool=2).start()
    try:
        assert echo(srv.address, "a") == [b"A"]
        before = {p.pid for p in psutil.Process(srv.process.pid).children(recursive=True)}
        for i in range(20):
            assert echo(srv.address, f"m{i}") == [f"M{i}".encode()]
        after = {p.pid for p in psutil.Process(srv.process.pid).children(recursive=True)}
        assert after == before  # the same workers served them all
        idle = socket.create_connection(srv.address)
        assert echo(srv.address, "x") == [b"X"]  # the other worker still serves
    finally:
        srv.stop()
    assert idle.recv(1) == b""  # a conversation still open is ended by the stop
    idle.close()
    deadline = time.monotonic() + SOON  # (forkserver: its fork server ends on its own, soon)
    while (left := [pid for pid in before if _running(pid)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(srv.address, timeout=1)


def _running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _workers_of(srv):
    """The pool server's workers: the processes below it that are neither a resource
    tracker nor a fork server (which has the workers as children, and their cmdline)."""
    return [p for p in psutil.Process(srv.process.pid).children(recursive=True)
            if "resource_tracker" not in " ".join(p.cmdline()) and not p.children()]


def test_the_pool_servers_idle_workers_do_not_spin(method):
    """Spawned workers get the listening socket pickled, on a descriptor made
    non-blocking: without a timeout of their own, their accept() would return at once."""
    with EchoServer(context=multiprocessing.get_context(method), pool=2) as srv:
        assert echo(srv.address, "x") == [b"X"]
        workers = _workers_of(srv)
        before = [sum(w.cpu_times()[:2]) for w in workers]
        time.sleep(1.0)
        used = [sum(w.cpu_times()[:2]) - b for w, b in zip(workers, before, strict=True)]
    assert len(workers) == 2 and max(used) < 0.5, used  # polling: a few ms a second


def test_the_pool_servers_workers_end_when_their_server_is_killed():
    srv = EchoServer(context=multiprocessing.get_context("spawn"), pool=2).start()
    try:
        workers = _workers_of(srv)
        srv.process.kill()
        srv.process.join()
        deadline = time.monotonic() + SOON  # they look every POLL s
        while (left := [w.pid for w in workers if _running(w.pid)]) and \
                time.monotonic() < deadline:
            time.sleep(0.05)
        assert not left
    finally:
        srv.stop()
