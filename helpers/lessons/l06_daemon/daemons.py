"""Lesson 06's helpers: a daemon that tries to have a child, the exercise's script,
and script runs whose summary tells the interpreter's exit without its races.

When a script's main code ends, the interpreter terminates the daemons that still
run, then joins every child that is still there (``multiprocessing.util``'s exit
function).  :mod:`helpers.tools.scripts` records those actions as they happen, and two
details of them are races: the children are joined in the order of a ``set``
(arbitrary), and a daemon that was just sent SIGTERM is joined too only if it has
not died yet.  :func:`exit_summary` says what happened at exit per child, in the
order they were started, so a lesson's stored output stays the same on every run.

It says the process family alone.  The lesson's scripts add Events to the article's
code only to force the order of its lines, and a daemon terminated at exit may or
may not have noted that its last ``wait()`` returned (the main code set the Event
just before it ended): the picture shows those waits, the summary leaves them out.
"""

from __future__ import annotations

from ...families.process import AT_EXIT, PROCESS
from ...tools import scripts
from ...view import Run
from ...view.model import Lane, need_run
from ...view.summary import describe_run

# The lesson's exercise: which "... end" lines does this script print?
EXERCISE_SCRIPT = '''\
import time
from multiprocessing import Process

def task(name, seconds):
    print(name, 'start')
    time.sleep(seconds)
    print(name, 'end')

if __name__ == '__main__':
    a = Process(target=task, args=('a', 0.2), daemon=True)
    b = Process(target=task, args=('b', 4.0))
    c = Process(target=task, args=('c', 3.0), daemon=True)
    for p in (a, b, c):
        p.start()
    a.join()
    print('main end')
'''


def exercise_end_lines(start_method: str | None = None) -> set[str]:
    """Run :data:`EXERCISE_SCRIPT` for real; return the ``'<name> end'`` lines of its
    children that it printed.  Lesson 06."""
    result = scripts.run_script(EXERCISE_SCRIPT, start_method=start_method)
    if result.returncode != 0:
        raise RuntimeError(f"the script exited with status {result.returncode}")
    return {line for line in result.output.splitlines()
            if line.endswith(" end") and line != "main end"}


class ExitRun(Run):
    """The :class:`~helpers.view.Run` of a script, summarised by :func:`exit_summary`.
    Lesson 06."""

    def summary(self) -> str:
        return exit_summary(self)


def run_script(code: str, start_method: str | None = None,
               timeout: float = 30.0) -> scripts.ScriptResult:
    """:func:`helpers.tools.scripts.run_script`, with an :class:`ExitRun` as the result's
    run: the same output and timeline, a summary without the exit's races.  Lesson 06."""
    result = scripts.run_script(code, start_method=start_method, timeout=timeout)
    result.run = ExitRun(result.run.events)
    return result


def exit_summary(run: Run) -> str:
    """The usual summary, with the recording process's actions after the main code
    ended replaced by one line per child still running then, in start order::

        at exit: terminate Process-1 (a daemon)
        at exit: join Process-2 (not a daemon)

    How long each join took is left to the timeline: it depends on the order of the
    joins, and on how long each start method takes to start a child.

    Lesson 06."""
    need_run(run)
    text = describe_run(run, items=_until_the_code_ended, said_by=[PROCESS])
    if not run.lanes or run.code_end is None:
        return text
    recorder = run.lanes[0]
    running = [lane for lane in run.children if _running_at(lane, run.code_end)]
    if not running:
        return text + "\nWhen the main code ended, no child was running."
    lines = ["When the main code ended:"]
    lines += [f"  {AT_EXIT}: {_exit_action(recorder, lane)}" for lane in running]
    return text + "\n" + "\n".join(lines)


def _until_the_code_ended(run: Run, lane: Lane) -> list[str]:
    """The recording process's items without the exit's own actions (said once per
    child below): what its code did, and what its threads did after the main code;
    any other lane's items as usual; the process family's alone."""
    items = [text for _, text in sorted(PROCESS.lane_items(run, lane), key=lambda item: item[0])]
    if lane.pid == run.recorder and run.code_end is not None and "code ends" in items:
        end = items.index("code ends") + 1
        return items[:end] + [item for item in items[end:]
                              if not item.startswith(f"{AT_EXIT}: ")]
    return items


def _running_at(lane: Lane, t: float) -> bool:
    started = lane.requested is not None and lane.requested < t
    return started and (lane.exited is None or lane.exited > t)


def _exit_action(recorder: Lane, lane: Lane) -> str:
    terminated = any(a.kind == "terminate" and a.child == lane.pid and a.by == AT_EXIT
                     for a in recorder.actions)
    kind = "a daemon" if lane.daemon else "not a daemon"
    return f"{'terminate' if terminated else 'join'} {lane.name} ({kind})"
