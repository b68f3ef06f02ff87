"""The article series' 抢票 (ticket grabbing) "database": a JSON file that buyers read
and write back, as the series' example does with its file ``db``.  Lesson 10.

Both sides use it: the buyers (:mod:`.targets`) read and write it; the parent makes
it with :func:`database`, which removes it at the end of the block, and reads it.
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager

from ...arguments import need_int


class TicketFile(str):
    """The path of a ticket database, which a summary shows as the series' ``'db'``
    (its real path is a new temporary folder every time)."""

    def __repr__(self):
        return "'db'"


@contextmanager
def database(count: int):
    """A fresh ticket database with ``count`` tickets, ``{"count": ..., "sold_to": []}``;
    yields its path (a :class:`TicketFile`); the file and its folder are gone when the
    block ends."""
    need_int(count, "count", minimum=0)
    with tempfile.TemporaryDirectory(prefix="tickets-") as folder:
        path = TicketFile(os.path.join(folder, "db"))
        write(path, {"count": count, "sold_to": []})
        yield path


def read(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write(path: str, data: dict) -> None:
    """Replace the file's content at once (a new file renamed over it): buyers writing
    at the same moment each leave a whole file, the last one's -- never a mix."""
    fd, new = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
    os.replace(new, path)
