"""Lesson 08's process targets (child side: light, importable by a spawned child).

They live in a module, not in a notebook cell, because the ``spawn`` and
``forkserver`` start methods send the target to the child by *name*: the child
imports this module and looks the function up.  A function defined in a notebook
cell lives in ``__main__``, which a spawned child cannot import.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sys
import time
from multiprocessing import AuthenticationError, Process, current_process
from multiprocessing.connection import Client


class LongChat(Process):
    """Seed 7.1's ``Myprocess``, with 7.2's own fix for its name (lesson 04): the
    person goes to ``self.person``.  As in the article the chat lasts a random 1-4 s
    -- long enough to be terminated in the middle of it.  One addition: the Event
    ``said``, if given, is set once the first line is out, so that the parent can
    wait for it instead of sleeping (a busy machine may take longer than any sleep
    to start the child).  Lesson 08."""

    def __init__(self, person, said=None):
        super().__init__()
        self.person = person
        self.said = said

    def run(self):
        print('%s正在和网红脸聊天' % self.person)  # noqa: UP031 (the article's)
        if self.said is not None:
            self.said.set()
        time.sleep(random.randrange(1, 5))
        print('%s还在和网红脸聊天' % self.person)  # noqa: UP031


def hold_lock(lock, holding, stop):
    """Take ``lock``, say so, set the Event ``holding`` (the parent waits for it), and
    keep the lock until the Event ``stop`` is set, 10 s at most.  ``with`` releases
    it and the ``finally`` says so -- unless the process is terminated: SIGTERM ends
    it on the spot, no ``finally``, no ``with`` exit, and the lock stays taken.
    Lesson 08."""
    try:
        with lock:
            print('拿到锁了')
            holding.set()
            stop.wait(10)
    finally:
        print('锁已释放')


def hold_lock_until_interrupted(lock, holding, seconds=30):
    """Take ``lock``, say so, set the Event ``holding``, and keep the lock for
    ``seconds`` -- unless interrupted.  SIGINT (what ``Process.interrupt()`` sends, from
    Python 3.14; ``os.kill(pid, signal.SIGINT)`` before) raises ``KeyboardInterrupt``
    wherever the child is: ``with`` releases the lock on the way out, and the
    ``except`` says so and ends the child normally (exit code 0, its own choice;
    uncaught, a ``KeyboardInterrupt`` gives 1 and a traceback).  Lesson 08.

    The child first puts back Python's own SIGINT handler: a program started in a
    shell's background (``make test &``) inherits SIGINT *ignored*, and Python then
    installs no handler, so the interrupt would be lost."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with lock:
            print('拿到锁了')
            holding.set()
            time.sleep(seconds)
    except KeyboardInterrupt:
        print('KeyboardInterrupt: 锁已释放')


def try_lock(lock, timeout=1.0):
    """Try to take ``lock`` for at most ``timeout`` s and print what ``acquire``
    returned (``False``: it timed out); release it if we got it.  Lesson 08."""
    got = lock.acquire(timeout=timeout)
    print(f'lock.acquire(timeout={timeout}) -> {got}')
    if got:
        lock.release()


def start_grandchild(conn, pause=60.0):
    """Start a child of our own (the notebook's grandchild) that sleeps ``pause`` s,
    send its pid through ``conn``, then sleep ``pause`` s too: this process is about
    to be terminated.

    The grandchild is started with ``fork`` under every start method, so that it is
    this process's own child.  (Under ``forkserver``, a child that starts a process
    first starts a fork server of its own, and that server becomes the new
    process's parent.)  Lesson 08."""
    grandchild = multiprocessing.get_context('fork').Process(target=time.sleep, args=(pause,))
    grandchild.start()
    conn.send(grandchild.pid)
    time.sleep(pause)


def knock(address, authkey=None):
    """Connect to the ``multiprocessing.connection.Listener`` at ``address`` with
    ``authkey`` -- by default the one this process inherited from its parent,
    ``current_process().authkey``.  Exit code 0: let in; 1: refused (the
    ``AuthenticationError`` is caught, so that nothing is printed).  Lesson 08."""
    key = current_process().authkey if authkey is None else authkey
    try:
        Client(address, authkey=key).close()
    except AuthenticationError:
        sys.exit(1)


ENDINGS = ('return', "sys.exit('再见')", 'os._exit(7)', 'raise KeyError',
           'terminate()', 'kill()')


def end_by(how):
    """End this process the way ``how`` (one of ``ENDINGS``) says; for
    ``'terminate()'`` and ``'kill()'``, sleep 10 s and wait for the parent to do it.
    Whatever goes to stderr (a message, a traceback) goes nowhere, so that the
    exercise shows only exit codes.  Lesson 08."""
    sys.stderr = open(os.devnull, 'w')  # closed when the process ends
    if how == 'return':
        return
    if how == "sys.exit('再见')":
        sys.exit('再见')
    if how == 'os._exit(7)':
        os._exit(7)
    if how == 'raise KeyError':
        raise KeyError('哪吒')
    if how in ('terminate()', 'kill()'):
        time.sleep(10)
        return
    raise ValueError(f'how must be one of {ENDINGS}, not {how!r}')
