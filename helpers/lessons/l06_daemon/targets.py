"""Lesson 06's process targets (child side: light, importable by a spawned child).

They live in a module, not in a notebook cell, because the ``spawn`` and
``forkserver`` start methods send the target to the child by *name*: the child
imports this module and looks the function up.  A function defined in a notebook
cell lives in ``__main__``, which a spawned child cannot import.
"""

from __future__ import annotations

import os
import time
from multiprocessing import Process

from ..l01_start.targets import f_with_sleep, greet  # noqa: F401  (lesson 01's)


class ChatProcess(Process):
    """The article's 5.1 ``Myprocess``: say who runs it, then chat with ``person``.

    Two changes: it prints ``pid 1234`` where the article prints a bare ``1234`` (so
    the lesson's stored output can hide the pid), and it chats for ``chat`` seconds
    (the article's child ends at once, while its parent sleeps 10 s so you can find
    the child with ``ps -ef | grep``: there is something to find only while it runs).
    Lesson 06.
    """

    def __init__(self, person, chat=1.0):
        super().__init__()
        self.person = person
        self.chat = chat

    def run(self):
        print('pid', os.getpid(), self.name)
        print('%s正在和女主播聊天' % self.person)  # noqa: UP031 (the article's)
        time.sleep(self.chat)


def start_a_child():
    """A target that starts a process of its own (which greets and ends).  Run as a
    daemon, its ``start()`` raises ``AssertionError: daemonic processes are not
    allowed to have children``.  Lesson 06."""
    print('starting a child')
    p = Process(target=greet, args=('grandchild',))
    p.start()
    p.join()
