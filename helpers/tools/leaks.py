"""Find what a run left behind: descendants of a process that should be gone, and
shared memory segments nobody unlinked.

multiprocessing keeps two long-lived helpers per process that used them -- the
fork server and the resource tracker -- which are not leaks; every other
descendant still present (a zombie included: nobody joined it) is one.  A
``multiprocessing.shared_memory`` segment lives in ``/dev/shm`` (Linux) until
somebody unlinks it, whether or not any process still maps it.
"""

from __future__ import annotations

import os

import psutil

from ..arguments import need_pid, need_process

HELPER_MARKS = ("multiprocessing.forkserver", "multiprocessing.resource_tracker")


def is_multiprocessing_helper(proc: psutil.Process) -> bool:
    try:
        command = " ".join(proc.cmdline())
    except (psutil.Error, OSError):
        return False
    return any(mark in command for mark in HELPER_MARKS)


def leftovers(root_pid: int) -> list[psutil.Process]:
    """Descendants of ``root_pid`` other than multiprocessing's helpers (and their
    children: a fork server's own forks are the run's processes, so they count)."""
    need_pid(root_pid, "root_pid")
    try:
        descendants = psutil.Process(root_pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    helpers = {p.pid for p in descendants if is_multiprocessing_helper(p)}
    return [p for p in descendants
            if _alive(p) and (p.pid not in helpers or _parent_pid(p) in helpers)]


def _parent_pid(proc: psutil.Process) -> int | None:
    try:
        return proc.ppid()
    except psutil.Error:
        return None


def _alive(proc: psutil.Process) -> bool:
    try:
        return proc.is_running()
    except psutil.Error:
        return False


def describe(procs: list[psutil.Process]) -> str:
    """One line per process: pid, name, state, command line (a zombie has none left)."""
    if isinstance(procs, psutil.Process):
        raise TypeError("procs must be a list of psutil.Process (as leftovers() gives), "
                        "not one process")
    for proc in procs:
        need_process(proc, "procs[...]")
    lines = []
    for p in procs:
        try:
            name, status = p.name(), p.status()
        except psutil.NoSuchProcess as error:
            if not isinstance(error, psutil.ZombieProcess):
                lines.append(f"pid {p.pid} (gone while being described)")
                continue
            name, status = error.name or "?", psutil.STATUS_ZOMBIE
        except psutil.Error:
            name, status = "?", "?"
        try:
            command = " ".join(p.cmdline())
        except psutil.Error:
            command = ""
        lines.append(f"pid {p.pid} {name!r} [{status}]: {command}")
    return "\n".join(lines)


SHM = "/dev/shm"  # where POSIX shared memory lives on Linux (elsewhere: nothing to list)


def shm_segments() -> set[str]:
    """The names of the shared memory segments that exist now (``psm_...`` for a
    ``SharedMemory`` of a made-up name), not the named semaphores beside them
    (``sem.*``: a Lock under spawn)."""
    try:
        return {name for name in os.listdir(SHM) if not name.startswith("sem.")}
    except OSError:
        return set()


def shm_unlink(names) -> None:
    """Remove the entries ``names`` of /dev/shm that are still there (what a leak check
    found and named)."""
    for name in names:
        try:
            os.unlink(os.path.join(SHM, name))
        except OSError:
            pass


def shm_users(names) -> dict[str, set[int]]:
    """For each segment of ``names``, the pids of the processes that have it open or
    mapped now (an empty set: nobody -- it was closed everywhere, not unlinked)."""
    paths = {os.path.join(SHM, name): name for name in names}
    users = {name: set() for name in names}
    if not paths:
        return users  # (nothing to look for: no scan of every process's maps)
    for pid in psutil.pids():
        for path in _shm_in_use(pid):
            if path in paths:
                users[paths[path]].add(pid)
    return users


def _shm_in_use(pid: int) -> set[str]:
    """The /dev/shm files that process ``pid`` maps or has open."""
    found = set()
    try:
        with open(f"/proc/{pid}/maps") as maps:
            for line in maps:
                at = line.find(SHM + "/")
                if at >= 0:
                    found.add(line[at:].split()[0])
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:  # gone meanwhile, or not ours to read
        return found
    for fd in fds:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:  # closed meanwhile
            continue
        if target.startswith(SHM + "/"):
            found.add(target.split()[0])  # "/dev/shm/psm_... (deleted)": unlinked, still open
    return found
