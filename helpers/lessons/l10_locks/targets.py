"""Lesson 10's process targets (child side: light, importable by a spawned child).

The buyers of the article series' 抢票 example, with and without a lock; a shared
counter's read and write; and the mistakes of the lesson: a lock a raise leaves
taken, two locks taken in opposite orders.  Every wait here has a timeout: a
deadlock ends, as a timeout, within seconds.
"""

from __future__ import annotations

import threading
import time

from ..l08_terminate.targets import try_lock
from . import tickets

__all__ = ["add_one_in_two_steps", "add_with_the_lock", "buy", "buy_with_the_lock",
           "die_holding", "hold_both", "raise_inside_with", "take_and_keep", "try_lock",
           "use_lock"]


def buy(db, name, everyone_read):
    """A buyer without a lock: look at the count (the series' ``search()``) and buy
    (``get()``) -- on one read of the file, where the series reads it for each -- then
    wait and write it back less one ticket.

    The series waits 0.1 s between the read and the write, for the network; whether
    the others read in that time is luck.  Here the wait is the worst case, made
    certain: the Barrier ``everyone_read`` lets no buyer write before every buyer
    has read.  (At most 30 s: a buyer that never came does not hang the others.)"""
    data = tickets.read(db)
    print(f'{name} 查到余票: {data["count"]}')
    everyone_read.wait(timeout=30)
    if data['count'] > 0:
        data['count'] -= 1
        data['sold_to'].append(name)
        tickets.write(db, data)
        print(f'{name} 购票成功')
    else:
        print(f'{name} 没票了')


def buy_with_the_lock(db, name, lock):
    """The series' fix: the read, the 0.1 s wait and the write inside ``with lock:``,
    so no other buyer reads in between.  Which buyer gets the ticket is a race, so
    this one prints nothing: its name goes on the ticket, in the file."""
    with lock:
        data = tickets.read(db)
        time.sleep(0.1)  # the series' network delay
        if data['count'] > 0:
            data['count'] -= 1
            data['sold_to'].append(name)
            tickets.write(db, data)


def add_one_in_two_steps(counter, everyone_read):
    """``counter.value += 1`` as the two steps it is -- read, then write -- with
    every process's read before any write (the Barrier ``everyone_read``)."""
    value = counter.value  # read
    everyone_read.wait(timeout=30)
    counter.value = value + 1  # write


def add_with_the_lock(counter, times, pause=0.0):
    """Add 1 to ``counter`` ``times`` times, each read-and-write inside the Value's
    own lock (``get_lock()``), then wait ``pause`` s outside it."""
    for _ in range(times):
        with counter.get_lock():
            counter.value += 1
        time.sleep(pause)


def raise_inside_with(lock):
    """Take ``lock`` with ``with`` and raise inside the block: ``with`` lets go."""
    with lock:
        raise ValueError('something went wrong while holding the lock')


def die_holding(lock):
    """Take ``lock`` with ``acquire()`` and raise before ``release()``: nothing lets go,
    and this process ends holding it."""
    lock.acquire()
    raise ValueError('something went wrong while holding the lock')  # no release() runs


def hold_both(first, second, both_hold_one=None, timeout=1.0):
    """Take ``first``, then ``second`` (with a ``timeout``: a deadlock ends).  With
    a Barrier ``both_hold_one``, wait there with ``first`` held until the other
    process holds its first lock too -- the moment of a deadlock, made certain --
    and again after trying ``second``, so that neither lets go of its first lock
    before the other has given up too."""
    with first:
        if both_hold_one is not None:
            both_hold_one.wait(timeout=30)
        got = second.acquire(timeout=timeout)
        if got:
            second.release()
        if both_hold_one is not None:
            both_hold_one.wait(timeout=30)
    print('got both locks' if got else f'second lock: gave up after {timeout:g} s')


def take_and_keep(lock, holding):
    """Take ``lock``, set the Event ``holding``, and keep the lock for 30 s (the
    parent terminates this process long before)."""
    lock.acquire()
    holding.set()
    time.sleep(30)


def use_lock(lock):
    """A pool task that would use a lock (it never runs: the lock cannot travel)."""
    with lock:
        return threading.current_thread().name
