"""Lesson 04's process targets (child side: light, importable by a spawned child).

They live in a module, not in a notebook cell, because the ``spawn`` and
``forkserver`` start methods send the target to the child by *name*: the child
imports this module and looks the function up.  A function defined in a notebook
cell lives in ``__main__``, which a spawned child cannot import.
"""

from __future__ import annotations

import os
import time
from multiprocessing import Process

CHAT = 0.4  # seconds a 7.2 chat lasts (the article: random.randrange(1, 5))


class MyProcess(Process):
    """The article's subclass (seed 4.7): ``start()`` makes the child call ``run()``.

    Two changes: it prints ``pid 1234`` where the article prints a bare ``1234``, so
    the lesson's stored outputs can hide the pid (it changes on every run); and
    f-strings where the article uses ``%``.  Lesson 04.
    """

    def __init__(self, name):
        super().__init__()
        self.name = name

    def run(self):
        print('pid', os.getpid())
        print(f'{self.name} 正在和女主播聊天')


class Myprocess(Process):
    """Seed 7.2 as written: ``self.name`` set *before* ``super().__init__()``, which
    then gives the process its default name, ``Myprocess-1``.  Changes: the chat
    lasts ``CHAT`` s, not a random 1-4 s; f-strings for ``%``.  Lesson 04."""

    def __init__(self, person):
        self.name = person  # name属性是Process中的属性,标示进程的名字
        super().__init__()  # 执行父类的初始化方法会覆盖name属性

    def run(self):
        print(f'{self.name}正在和网红脸聊天')
        time.sleep(CHAT)
        print(f'{self.name}正在和网红脸聊天')


class MyprocessSuperFirst(Process):
    """Seed 7.2's first fix: ``self.name`` set *after* ``super().__init__()``, so
    it sticks.  Lesson 04."""

    def __init__(self, person):
        super().__init__()
        self.name = person  # 在这里设置就可以修改进程名字了

    run = Myprocess.run


class MyprocessPerson(Process):
    """Seed 7.2's second fix: keep the person in ``self.person`` and leave the
    process's name alone (it stays ``MyprocessPerson-N``).  Lesson 04."""

    def __init__(self, person):
        super().__init__()
        self.person = person  # 如果不想覆盖进程名,就修改属性名称就可以了

    def run(self):
        print(f'{self.person}正在和网红脸聊天')
        time.sleep(CHAT)
        print(f'{self.person}正在和网红脸聊天')


class MyprocessNoSuper(Process):
    """The common mistake of an ``__init__`` that never calls ``super().__init__()``:
    the Process machinery is never set up, and ``start()`` fails.  Lesson 04."""

    def __init__(self, person):
        self.name = person

    run = Myprocess.run


def chat(person):
    """What a :class:`Chatter` child does: one line.  Lesson 04."""
    print(f'{person}正在和网红脸聊天')


class Chatter(Process):
    """A subclass without its own ``run()``: it hands ``target=`` to
    ``Process.__init__``, and the inherited ``Process.run()`` calls it (the article
    says a subclass must write ``run()``; it need not).  Lesson 04."""

    def __init__(self, person):
        super().__init__(target=chat, args=(person,), name=person)
