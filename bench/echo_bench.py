"""Echo server benchmark: ``helpers.echo_server`` against the standard library's
``socketserver.ForkingTCPServer`` with the same line-echo handler, side by side.

Both servers run in a child process and fork one process per connection; the client
runs here.  Lesson 14's pool server (``EchoServer(pool=4)``) starts its 4 workers once
and hands each connection to one of them: its goal is 3 times ForkingTCPServer's
connections per second.  Measured: connections per second (connect, one round trip, close),
round-trip latency on one connection, and 50 concurrent clients' errors.

Why the ratio misses its goal on a small machine: each connection costs both servers one
fork, and a ``multiprocessing.Process`` adds its bookkeeping on both sides of it (the
child's ``_bootstrap``, the parent's sentinel pipes and finalizer), mostly copy-on-write
page faults.  :func:`startup_us` measures that difference on its own.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import socketserver
import statistics
import threading
import time

from helpers.tools.echo_server import BACKLOG, HOST, MAX_LINE, EchoServer, echo, skip_rest_of_line

CONNECTIONS = 300
ROUND_TRIPS = 2000
CLIENTS, CLIENT_ROUNDS = 50, 20
POOL = 4  # workers of lesson 14's pool server


class LineEcho(socketserver.StreamRequestHandler):
    """The same protocol as ``helpers.echo_server.talk``."""

    def handle(self):
        try:
            while line := self.rfile.readline(MAX_LINE + 1):
                if len(line) > MAX_LINE and not line.endswith(b"\n"):
                    skip_rest_of_line(self.rfile)
                    self.wfile.write(b"ERROR: a line longer than 4 MiB, not echoed\n")
                    continue
                message = line.rstrip(b"\r\n")
                if message.strip():
                    self.wfile.write(message.upper() + b"\n")
        except OSError:
            pass


class Forking(socketserver.ForkingTCPServer):
    request_queue_size = BACKLOG
    allow_reuse_address = True


def _serve_forking(control):
    with Forking((HOST, 0), LineEcho) as server:
        control.send(server.server_address[1])
        threading.Thread(target=lambda: (control.recv(), server.shutdown()), daemon=True).start()
        server.serve_forever(poll_interval=0.05)


class ForkingServer:
    """``socketserver.ForkingTCPServer`` in a child process, like ``EchoServer``."""

    def __enter__(self):
        self._control, theirs = multiprocessing.Pipe()
        self._process = multiprocessing.get_context("fork").Process(
            target=_serve_forking, args=(theirs,))
        self._process.start()
        self.address = (HOST, self._control.recv())
        return self

    def __exit__(self, *exc):
        self._control.send("stop")
        self._process.join(10)
        if self._process.exitcode is None:
            self._process.terminate()
            self._process.join()


def connections_per_second(address) -> float:
    t0 = time.perf_counter()
    for _ in range(CONNECTIONS):
        assert echo(address, b"hello") == [b"HELLO"]
    return CONNECTIONS / (time.perf_counter() - t0)


def round_trip_us(address) -> float:
    costs = []
    with socket.create_connection(address) as client, client.makefile("rb") as reader:
        for _ in range(ROUND_TRIPS):
            t = time.perf_counter()
            client.sendall(b"ping\n")
            reader.readline()
            costs.append(time.perf_counter() - t)
    return statistics.median(costs) * 1e6


def concurrent_errors(address) -> int:
    errors = []

    def client(i):
        try:
            messages = [f"client {i} message {j}" for j in range(CLIENT_ROUNDS)]
            if echo(address, *messages) != [m.upper().encode() for m in messages]:
                errors.append(f"client {i}: wrong replies")
        except OSError as error:
            errors.append(f"client {i}: {error}")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(errors)


def _note_time(fd):
    os.write(fd, repr(time.perf_counter()).encode())


def startup_us(rounds: int = 200) -> tuple[float, float]:
    """Median time from asking for a child to its first line of code, for a fork-context
    ``Process`` and for a bare ``os.fork()`` (what ForkingTCPServer does), in this process."""
    process_costs, fork_costs = [], []
    fork_context = multiprocessing.get_context("fork")
    for _ in range(rounds):
        r, w = os.pipe()
        t = time.perf_counter()
        p = fork_context.Process(target=_note_time, args=(w,))
        p.start()
        process_costs.append(float(os.read(r, 64)) - t)
        p.join()
        t = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            try:
                _note_time(w)
            finally:
                os._exit(0)
        fork_costs.append(float(os.read(r, 64)) - t)
        os.waitpid(pid, 0)
        os.close(r)
        os.close(w)
    return statistics.median(process_costs) * 1e6, statistics.median(fork_costs) * 1e6


def measure(server) -> tuple[float, float, int]:
    with server as running:
        return (connections_per_second(running.address), round_trip_us(running.address),
                concurrent_errors(running.address))


def main(verdict):
    ours = measure(EchoServer(context=multiprocessing.get_context("fork")))
    theirs = measure(ForkingServer())
    pooled = measure(EchoServer(context=multiprocessing.get_context("fork"), pool=POOL))
    ratio = ours[0] / theirs[0]
    print(f"{'':5}echo connections/s, helpers (fork)         {ours[0]:>9.0f}")
    print(f"{'':5}echo connections/s, ForkingTCPServer       {theirs[0]:>9.0f}")
    print(f"{verdict(-ratio, -1.0)} echo connections/s ratio, ours/stdlib     "
          f"{ratio:>9.2f}     >= 1.0")
    print(f"{'':5}echo connections/s, lesson 14's Pool({POOL}) server {pooled[0]:>6.0f}")
    print(f"{verdict(-pooled[0] / theirs[0], -3.0)} echo connections/s ratio, Pool/stdlib"
          f"     {pooled[0] / theirs[0]:>9.2f}     >= 3.0")
    print(f"{'':5}round trip, helpers / ForkingTCPServer {ours[1]:>7.0f} / {theirs[1]:.0f} us")
    servers = (("helpers", ours), ("ForkingTCPServer", theirs), (f"Pool({POOL})", pooled))
    for name, result in servers:
        print(f"{verdict(result[2], 0)} {CLIENTS} concurrent clients, errors, {name:<16}"
              f"{result[2]:>5}     = 0")
    process, fork = startup_us()
    print(f"{'':5}child start -> target, Process / os.fork {process:>6.0f} / {fork:.0f} us")
    for method in ("spawn", "forkserver"):
        rate = measure(EchoServer(context=multiprocessing.get_context(method)))[0]
        print(f"{'':5}echo connections/s, helpers ({method}){'':<{11 - len(method)}}{rate:>9.0f}")
