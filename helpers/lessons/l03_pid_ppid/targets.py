"""Lesson 03's process targets (child side: light, importable by a spawned child).

They live in a module, not in a notebook cell, because the ``spawn`` and
``forkserver`` start methods send the target to the child by *name*: the child
imports this module and looks the function up.  A function defined in a notebook
cell lives in ``__main__``, which a spawned child cannot import.
"""

from __future__ import annotations

import multiprocessing
import os
import time

from ..l01_start.targets import greet  # noqa: F401  (lesson 01's)


def print_ids(x):
    """The article's 4.3 child: print its own pid and its parent's, return ``x*x``.

    One change: the labels say ``pid:`` and ``ppid:`` (the article writes ``id :``),
    words the test suite's sanitizer knows, so the numbers -- new on every run -- are
    blanked when the stored output is checked.  The return value goes nowhere: a
    target cannot hand a result back to its parent this way.  Lesson 03.
    """
    print('子进程 pid:', os.getpid(), '父进程 ppid:', os.getppid())
    return x * x


def print_parents():
    """Say who this process's parent is, in multiprocessing's words, and whether the
    operating system agrees: is ``os.getppid()`` the pid of ``parent_process()``?
    Lesson 03."""
    parent = multiprocessing.parent_process()
    print(f'{multiprocessing.current_process().name}: parent_process() is {parent.name} · '
          f'os.getppid() == parent_process().pid: {os.getppid() == parent.pid}')


def hello_then_sleep(name, pause=1.0):
    """The article's 4.4 child: say hello, then sleep ``pause`` s.  Lesson 03."""
    print('hello', name)
    time.sleep(pause)


def family_member(done=None, kids=0, everybody_alive=None):
    """Start ``kids`` children of our own, wait until ``done`` is set, join them.

    The kids run this function too, without kids of their own, and use our start
    method (a child's default start method is the one it was started with).  Each
    member that gets ``everybody_alive`` (a Barrier) waits there once its kids are
    started, so the starter can take a process tree when the whole family exists.
    Lesson 03.
    """
    procs = [multiprocessing.Process(target=family_member, args=(done, 0, everybody_alive))
             for _ in range(kids)]
    for p in procs:
        p.start()
    if everybody_alive is not None:
        everybody_alive.wait(timeout=10)
    if done is not None:
        done.wait(timeout=10)
    for p in procs:
        p.join()
