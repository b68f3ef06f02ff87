"""Who is whose parent: the process tree of a run, with names instead of pids.

A pid is a number the operating system hands out; it changes from run to run.  To
say something that stays true, name every process by its *role*: the name of its
lane in a recorded :class:`~helpers.view.Run` (``MainProcess``, ``Process-1``), or,
for multiprocessing's own helper processes, what they are (``fork server``,
``resource tracker``).

:func:`snapshot` asks psutil for a process and all its descendants *now* (take it
while the children are alive); :func:`render` draws that tree as text, showing only
the processes of the run and the ones between them and the root -- so the text does
not depend on what else happened in the kernel before.  Lesson 03.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import psutil

from ..arguments import need_int, need_pid
from ..view.model import Run, need_run

MULTIPROCESSING_HELPERS = {"multiprocessing.forkserver": "fork server",
           "multiprocessing.resource_tracker": "resource tracker"}


@dataclass(frozen=True)
class Snapshot:
    """The process tree under ``root`` at one moment: pid -> parent pid, command line."""

    root: int
    parents: dict[int, int]
    commands: dict[int, str]


def snapshot(root: int | None = None) -> Snapshot:
    """``root`` (default: this process) and all its descendants as they are now."""
    if root is not None:
        need_pid(root, "root")
    root = os.getpid() if root is None else root
    top = psutil.Process(root)
    parents, commands = {root: top.ppid()}, {root: _command(top)}
    for proc in top.children(recursive=True):
        try:
            parents[proc.pid] = proc.ppid()
        except psutil.Error:  # gone in the meantime
            continue
        commands[proc.pid] = _command(proc)
    return Snapshot(root, parents, commands)


def _command(proc: psutil.Process) -> str:
    try:
        return " ".join(proc.cmdline())
    except (psutil.Error, OSError):
        return ""


def command_of(pid: int) -> str:
    """The command line of process ``pid`` now ('' if it is gone or hidden)."""
    try:
        return _command(psutil.Process(pid))
    except psutil.Error:
        return ""


def role(pid: int | None, run: Run, command: str | None = None) -> str:
    """Who process ``pid`` is: its name in ``run``, else which helper of multiprocessing
    (from its command line: ``command``, or asked of the live process), else
    ``'a process outside the run'``."""
    need_run(run)
    if pid is not None:
        need_int(pid, "pid")
    for lane in run.lanes:
        if lane.pid == pid:
            return lane.name
    if pid is None:
        return "nobody (not recorded)"
    command = command_of(pid) if command is None else command
    for mark, name in MULTIPROCESSING_HELPERS.items():
        if mark in command:
            return name
    return "a process outside the run"


def render(snap: Snapshot, run: Run) -> str:
    """The tree of ``snap`` as text, one process a line, named by :func:`role`.

    Shown: the root, the run's processes, and every process between them (a fork
    server, say); other descendants of the root are left out.  A process of the run
    whose parent *in the tree* is not the process that started it says who did:
    ``(started by MainProcess)``.  Siblings are sorted by name; run processes that had
    already exited when the snapshot was taken are listed at the end.
    """
    if not isinstance(snap, Snapshot):
        raise TypeError(f"snap must be what tree.snapshot() returns, not a {type(snap).__name__}")
    need_run(run)
    started_by = {lane.pid: lane.parent for lane in run.children}
    shown = {snap.root}
    for pid in started_by:
        while pid in snap.parents and pid not in shown:  # climb up to the root
            shown.add(pid)
            pid = snap.parents[pid]

    def label(pid):
        name = role(pid, run, snap.commands.get(pid, ""))
        starter = started_by.get(pid)
        if starter is not None and snap.parents.get(pid) != starter:
            name += f"  (started by {role(starter, run)})"
        return name

    kids: dict[int, list[int]] = {}
    for pid in shown - {snap.root}:
        kids.setdefault(snap.parents[pid], []).append(pid)
    lines = [label(snap.root)]

    def draw(pid, prefix):
        below = sorted(kids.get(pid, []), key=label)
        for i, kid in enumerate(below):
            last = i == len(below) - 1
            lines.append(prefix + ("└── " if last else "├── ") + label(kid))
            draw(kid, prefix + ("    " if last else "│   "))

    draw(snap.root, "")
    gone = sorted(role(pid, run) for pid in started_by if pid not in shown)
    if gone:
        lines.append("not running at the snapshot: " + ", ".join(gone))
    return "\n".join(lines)

