"""Lesson 06's exercise: which ``... end`` lines does the daemons' script print?  The
check runs the script for real.

Parent side; each check returns a :class:`~helpers.lessons.exercise.Verdict`."""

from __future__ import annotations

from ..exercise import Verdict, check
from .daemons import exercise_end_lines

END_LINES = ("a end", "b end", "c end")
END_LINE_HINTS = {
    "a end": "a is a daemon, but the main code joins it: the main code ends only after a "
             "has finished, and a daemon is cut short only if it still runs then",
    "b end": "b is not a daemon: when the main code ends, the interpreter joins it, so b "
             "finishes its 2 s task",
    "c end": "c is a daemon still running when the main code ends (right after a.join(), "
             "at about 0.2 s): it is terminated then, although the interpreter goes on "
             "waiting for b for almost two seconds",
}


def check_daemon_lines(answer) -> Verdict:
    """Lesson 06: which of the lines 'a end', 'b end', 'c end' does
    ``daemons.EXERCISE_SCRIPT`` print?  ``answer`` is a set (or list, tuple) of them.
    Well-formed answers are compared with the script's output, run for real.  Lesson 06."""
    return check(
        answer, form=_end_lines_form, experiment=exercise_end_lines, what_ran="the script",
        wrong=lambda answer, printed: [
            f"{line!r}: {END_LINE_HINTS[line]}" for line in END_LINES
            if (line in {chosen.strip() for chosen in answer}) != (line in printed)],
        right=lambda printed: (
            f"the script printed {' and '.join(map(repr, sorted(printed)))}. The main code "
            "joined the daemon a, so a finished; b was joined at exit; the daemon c was "
            "terminated when the main code ended -- while the interpreter still waited "
            "for b."))


def _end_lines_form(answer) -> str | None:
    example = "{'a end'}"
    if isinstance(answer, str) or not isinstance(answer, (set, frozenset, list, tuple)):
        return f"answer with a set of lines like {example}, not {answer!r}"
    if not all(isinstance(line, str) for line in answer):
        return f"put only strings in the set, like {example}: {answer!r}"
    unknown = sorted({line.strip() for line in answer} - set(END_LINES))
    if unknown:
        return (f"choose among {END_LINES} only (the question is about the children's "
                f"'end' lines), not {unknown}")
    return None
