"""Process targets for the unit tests (importable, so spawn can pickle them)."""

import os
import sys
import time
from multiprocessing import Process


def say(text, pause=0.0):
    time.sleep(pause)
    print(text)


def say_then_sleep(text, pause, printed=None):
    """Print ``text``, set the event ``printed`` (if given), sleep ``pause`` s."""
    print(text, flush=True)
    if printed is not None:
        printed.set()
    time.sleep(pause)
    print("never printed")


def boom():
    print("about to fail")
    return 1 / 0


def exit_with(code):
    sys.exit(code)


def start_grandchild():
    child = Process(target=say, args=("grandchild",))
    child.start()
    child.join()
    print("child done")


def print_pid():
    print(os.getpid())


class Greeter(Process):
    def __init__(self, person):
        super().__init__()
        self.person = person

    def run(self):
        print("hi", self.person)


def leave_an_orphan(seconds=30):
    """Start a forked grandchild that sleeps, then end at once without joining it:
    the grandchild is re-parented, nobody's descendant any more."""
    import multiprocessing
    multiprocessing.get_context("fork").Process(target=time.sleep, args=(seconds,)).start()
    os._exit(0)


def sleep_in_own_session(seconds=30):
    """Leave the parent's session and process group (a kernel's shutdown kills its
    process group), then sleep."""
    os.setsid()
    time.sleep(seconds)


def ignore_sigint_and_sleep(seconds=30):
    """Sleep through an interrupt (the kernel's SIGINT reaches its whole process group)."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    time.sleep(seconds)


def report_modules(conn, module, names):
    """Import ``module``, then send which of ``names`` this process has loaded."""
    import importlib
    importlib.import_module(module)
    conn.send(sorted(n for n in names if any(m == n or m.startswith(n + ".")
                                              for m in sys.modules)))


def report_listening_sockets(conn, addr):
    """An echo server's handler: reply with how many listening TCP sockets this process
    holds (here, not in the test module: a spawned handler imports this light module,
    not the test module and what it imports)."""
    import psutil
    with conn:
        mine = psutil.Process().net_connections("tcp")
        conn.sendall(b"%d\n" % sum(c.status == psutil.CONN_LISTEN for c in mine))
