"""Lesson 12's process targets (child side: light, importable by a spawned child).

The article series' producers and consumers (生产者消费者) around a ``Queue``, a
``JoinableQueue``'s consumers that never stop by themselves, the two ends of a
``Pipe``, and the feeder thread's two surprises: a child that put a big item cannot
exit until someone gets it, and an item that cannot be pickled fails *there*, not at
``put()``.  Every wait for another process has a timeout: what never comes ends as
``queue.Empty`` or a ``poll()`` that says False, not as a hang.
"""

from __future__ import annotations

import contextlib
import queue
import time

__all__ = ["consumer", "consumer_until_none", "cook", "eat_forever", "producer",
           "put_big", "put_unpicklable", "read_one_end", "reply", "send_words"]

WAIT = 30.0  # s: how long a child waits for what another process must send (never, normally)


def cook(q, n, nones=0):
    """Put ``n`` steamed buns into ``q``, one after the other, then ``nones`` Nones."""
    for i in range(n):
        q.put(f'包子{i}')
    for _ in range(nones):
        q.put(None)


def producer(q, name, food, n=3):
    """The series' producer: make ``n`` of ``food`` (0.05 s each) and put each one."""
    for i in range(n):
        time.sleep(0.05)
        q.put(f'{name}生产的{food}{i}')


def consumer(q, eaten):
    """The series' consumer: get and eat (0.05 s) until it gets ``None``, the sign that
    nothing more will come; then put the list of what it ate into ``eaten`` -- one
    message, whose contents depend on how the work fell between the consumers."""
    meal = []
    while (food := q.get(timeout=WAIT)) is not None:
        time.sleep(0.05)
        meal.append(food)
    eaten.put(meal)


def consumer_until_none(q, patience):
    """A consumer that stops at a ``None`` -- or, if none comes within ``patience`` s,
    gives up (``queue.Empty``) instead of waiting for ever."""
    while True:
        try:
            food = q.get(timeout=patience)
        except queue.Empty:
            return
        if food is None:
            return


def eat_forever(q):
    """A ``JoinableQueue`` consumer: get, eat, ``task_done()``, for as long as it lives
    (a daemon: it never stops by itself)."""
    while True:
        q.get(timeout=WAIT)
        time.sleep(0.05)
        q.task_done()


def reply(conn):
    """One end of a ``Pipe``: receive a message (``WAIT`` s at most), send an answer."""
    if conn.poll(WAIT):
        conn.send(f'收到: {conn.recv()}')


def send_words(conn, words=('你好', '再见', '谢谢')):
    """Send each word through ``conn``, then close it: this process's copy of that end."""
    for word in words:
        conn.send(word)
    conn.close()


def read_one_end(conn, lock=None):
    """Receive from ``conn`` -- one end that another process reads too -- until a
    ``None`` (or nothing for ``WAIT`` s).  With ``lock``, one reader at a time polls and
    receives, a whole message each time (what a Queue's ``get()`` does); without, two
    can each take part of one message."""
    while True:
        with lock if lock is not None else contextlib.nullcontext():
            if not conn.poll(WAIT) or conn.recv() is None:
                return


def put_big(q, size):
    """Put ``size`` bytes into ``q`` and return at once: the queue's feeder thread sends
    them, and the process cannot exit before it has -- until someone gets them."""
    q.put(bytes(size))


def put_unpicklable(q):
    """Put a generator, which cannot be pickled: ``put()`` returns, the queue's feeder
    thread fails to pickle it and prints why.  Then wait for that thread to be done
    (``close()``, ``join_thread()``): in a process that exits at once after ``put()``,
    the feeder's error may come when the process is exiting, and is then ignored --
    the item lost without a word."""
    q.put(i * i for i in range(3))
    q.close()
    q.join_thread()
    print('put() had returned; the feeder thread is done')
