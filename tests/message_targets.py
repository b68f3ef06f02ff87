"""Targets for tests/families/test_messages.py (importable, so spawn can pickle them)."""

import threading
import time
from multiprocessing import Process

from tests.bounds import SOON


def produce(q, items):
    for item in items:
        q.put(item)


def consume(q, results=None, timeout=SOON):
    """Get until a ``None`` sentinel; put the list of what was got into ``results``."""
    got = []
    while (item := q.get(timeout=timeout)) is not None:
        got.append(item)
    if results is not None:
        results.put(got)


def work_through(q, timeout=SOON):
    """A JoinableQueue consumer: get, mark done, for ever (a daemon)."""
    while True:
        q.get(timeout=timeout)
        q.task_done()


def send_all(conn, items, close=True):
    for item in items:
        conn.send(item)
    if close:
        conn.close()


def receive_until_eof(conn, other_end=None):
    """Receive until EOFError; close ``other_end`` (this process's copy) first if given."""
    if other_end is not None:
        other_end.close()
    got = []
    try:
        while True:
            got.append(conn.recv())
    except EOFError:
        print(f"EOFError after {len(got)}")


def put_and_sleep(q, item, done, seconds=30):
    """Put ``item``, say so on ``done``, and sleep until terminated."""
    q.put(item)
    done.set()
    time.sleep(seconds)


def echo_back(conn, rounds):
    for _ in range(rounds):
        conn.send(conn.recv())


def produce_in_a_grandchild(q, items):
    p = Process(target=produce, args=(q, items))
    p.start()
    p.join()


def put_unpicklable(q):
    """Put what cannot be pickled, then wait for the feeder thread to be done with it:
    a process that exits right after put() ignores the feeder's error (it is exiting)."""
    q.put(threading.Lock())
    q.close()
    q.join_thread()
