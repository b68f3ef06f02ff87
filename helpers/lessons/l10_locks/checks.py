"""Lesson 10's exercise: predict what five buyers and two tickets come to, with and
without the lock; the check runs both for real.

Parent side; each check returns a :class:`~helpers.lessons.exercise.Verdict`."""

from __future__ import annotations

import contextlib
import io
import multiprocessing

from ...view import record
from ..exercise import Verdict, check, dict_form, is_int, per_key
from . import targets, tickets

BUYERS = ("甲", "乙", "丙", "丁", "戊")
TICKETS = 2
KEYS = ("no lock: told 购票成功", "no lock: tickets left", "lock: tickets sold",
        "lock: tickets left")
HINTS = {
    "no lock: told 购票成功": "every buyer read the count before any wrote it back, and each "
                           "saw a ticket left",
    "no lock: tickets left": "each buyer writes back the count it read, less one: the last "
                           "write wins, and every buyer read the same count",
    "lock: tickets sold": "with the lock, each buyer reads the count the one before it wrote",
    "lock: tickets left": "with the lock no update is lost: every ticket sold comes off the "
                        "count",
}


def check_tickets(answer) -> Verdict:
    """Lesson 10: ``answer`` predicts, for five buyers and two tickets, how many buyers
    are told 购票成功 and how many tickets the file says are left without the lock,
    and how many are sold and left with it (``KEYS``)."""
    return check(
        answer,
        form=dict_form(KEYS, "{'no lock: told 购票成功': 0, 'no lock: tickets left': 0, ...}",
                       is_int, "each answer is a number of buyers or tickets (an int)"),
        experiment=ticket_experiment, what_ran="the buyers",
        wrong=per_key(HINTS),
        right=_what_happened)


def _what_happened(seen: dict) -> str:
    told, left_without, sold, left_with = (seen[key] for key in KEYS)
    return (f"without the lock all {told} buyers were told 购票成功 and the file still says "
            f"{left_without} left; with it, {sold} sold and {left_with} left.")


def ticket_experiment() -> dict:
    """Five buyers, two tickets: once with ``targets.buy`` (no lock, every read before
    any write), once with ``targets.buy_with_the_lock``; for real, their lines kept
    out of the cell.  Returns ``{key: count}`` for ``KEYS``."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), record(show=False):
        with tickets.database(TICKETS) as db:
            everyone_read = multiprocessing.Barrier(len(BUYERS))
            _start_and_join([multiprocessing.Process(target=targets.buy,
                                                     args=(db, name, everyone_read))
                             for name in BUYERS])
            left_without = tickets.read(db)["count"]
        with tickets.database(TICKETS) as db:
            lock = multiprocessing.Lock()
            _start_and_join([multiprocessing.Process(target=targets.buy_with_the_lock,
                                                     args=(db, name, lock))
                             for name in BUYERS])
            with_lock = tickets.read(db)
    return dict(zip(KEYS, (printed.getvalue().count("购票成功"), left_without,
                           len(with_lock["sold_to"]), with_lock["count"]), strict=True))


def _start_and_join(processes) -> None:
    for p in processes:
        p.start()
    for p in processes:
        p.join()
