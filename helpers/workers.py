"""The lessons' process targets.

They live in a module, not in a notebook cell, because the ``spawn`` and
``forkserver`` start methods send the target to the child by *name*: the child
imports this module and looks the function up.  A function defined in a notebook
cell lives in ``__main__``, which a spawned child cannot import.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import sys
import time
from multiprocessing import AuthenticationError, Process, current_process
from multiprocessing.connection import Client


def f(name):
    """The article's first child (seed 4.1).  Lesson 01."""
    print("hello", name)
    print("我是子进程")


def f_with_sleep(name, pause=1.0):
    """The article's 4.2 child: greet, sleep ``pause`` s, say who we are.  Lesson 01.

    One change: a 0.1 s nap before the first line.  Without it, which of the first
    lines comes out first -- the parent's or the child's -- is a race under ``fork``
    (a forked child starts in about a millisecond), and a lesson's stored output
    must not depend on a race.
    """
    time.sleep(0.1)
    print("hello", name)
    time.sleep(pause)
    print("我是子进程")


def greet(name):
    """Print a greeting.  Lesson 01's exercise."""
    print("hello", name)


def who_runs_me(label):
    """Print which process runs this call: start() vs run().  Lesson 01."""
    print(f"{label}: running in {current_process().name}")


def show_args(*args, **kwargs):
    """Print what arrived as positional and keyword arguments.  Lesson 01."""
    print(f"args={args!r} kwargs={kwargs!r}")


# -- Lesson 05: isolation of process memory

def append_to(items, item):
    """Append ``item`` to the list this child got as an argument, and print it.  Lesson 05."""
    items.append(item)
    print('子进程内: ', items)


def put_square(q, x):
    """Send ``x * x`` back to the parent through the queue ``q``.  Lesson 05."""
    q.put(x * x)


def count_up(counter, times):
    """Add 1 to the shared ``Value`` ``counter``, ``times`` times, each under its lock
    (``+=`` reads, then writes: without the lock two children lose updates).  Lesson 05."""
    for _ in range(times):
        with counter.get_lock():
            counter.value += 1


def square_into(box, i):
    """Write ``i * i`` into ``box[i]``: a shared ``Array``, a ``Manager`` list...  Lesson 05."""
    box[i] = i * i


class Squarer(Process):
    """The common mistake of keeping a result on ``self``: ``run()`` sets it in the
    child's copy of the object; the parent's copy keeps ``None``.  Lesson 05."""

    def __init__(self, x):
        super().__init__()
        self.x = x
        self.result = None

    def run(self):
        self.result = self.x ** 2
        print(f"{self.name}: self.result = {self.result}")


# -- Lesson 04: subclassing Process


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


# -- Lesson 02: join

def sleep_then_hello(name, pause=1.0):
    """The article's 4.4-4.6 child with its two lines swapped: sleep ``pause`` s, then
    print hello.  Lesson 02.

    The article says hello first and sleeps after.  Saying it last makes the line mark
    the moment the child finished, and keeps the parent's line printed right after the
    starts (4.6's ``父进程在执行``) from racing with the children's lines: under
    ``fork`` a child is running a millisecond after ``start()``.
    """
    time.sleep(pause)
    print("hello", name)


# -- Lesson 03: pid and ppid


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


# -- Lesson 06: daemon processes


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


# -- Lesson 08: terminate and friends


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


# -- Lesson 09: start methods


def return_at_once():
    """Do nothing: the target whose first line lesson 09 times, from ``start()`` on,
    under each start method (the time is all start-up).  Lesson 09."""


def start_a_child():
    """A target that starts a process of its own (which greets and ends).  Run as a
    daemon, its ``start()`` raises ``AssertionError: daemonic processes are not
    allowed to have children``.  Lesson 06."""
    print('starting a child')
    p = Process(target=greet, args=('grandchild',))
    p.start()
    p.join()
