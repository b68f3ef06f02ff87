"""Targets for tests/families/test_sync.py (importable, so spawn can pickle them)."""

import time
from multiprocessing import Process

from tests.bounds import SOON


def hold(lock, seconds=0.05, times=1):
    """Take ``lock`` with ``with``, ``times`` times, holding it ``seconds`` each."""
    for _ in range(times):
        with lock:
            time.sleep(seconds)


def hold_by_hand(lock, seconds=0.05):
    lock.acquire()
    time.sleep(seconds)
    lock.release()


def try_for(lock, timeout):
    print(lock.acquire(timeout=timeout))


def take_and_keep(lock, holding):
    """Take ``lock``, say so, and keep it until terminated."""
    lock.acquire()
    holding.set()
    time.sleep(30)


def hold_in_a_grandchild(lock):
    p = Process(target=hold, args=(lock,))
    p.start()
    p.join()


def wait_for_event(event, timeout=SOON):
    print(event.wait(timeout))


def set_event(event):
    event.set()


def pass_barrier(barrier, timeout=SOON):
    barrier.wait(timeout)


def wait_on(cond, ready, timeout=SOON):
    """Hold ``cond``, tell ``ready`` (under the condition's lock), wait to be notified."""
    with cond:
        ready.set()
        print(cond.wait(timeout))


def count_with_the_lock(counter, n):
    for _ in range(n):
        with counter.get_lock():
            counter.value += 1


def use_a_queue(queue):
    queue.put(1)
