"""A hand-written event log: a parent starts two children, terminates one, joins both."""

PARENT, CHILD, OTHER = 100, 201, 202


def events():
    def ev(t, pid, kind, **fields):
        return {"t": t, "pid": pid, "kind": kind, **fields}

    return [
        ev(10.0, PARENT, "record", method="spawn", name="MainProcess"),
        ev(10.1, PARENT, "start", child=CHILD, name="Process-1", target="f('bob')",
           daemon=False, method="spawn", by=None),
        ev(10.2, CHILD, "begin", name="Process-1", ppid=PARENT),
        ev(10.3, PARENT, "start", child=OTHER, name="Process-2", target="g()",
           daemon=True, method="fork", explicit=True, by=None),
        ev(10.31, OTHER, "begin", name="Process-2", ppid=PARENT),
        ev(10.4, CHILD, "print", stream="stdout", text="hello bob"),
        ev(10.5, PARENT, "print", stream="stdout", text="parent here"),
        ev(10.6, OTHER, "print", stream="stderr", text="oops"),
        ev(10.7, PARENT, "join-begin", child=CHILD, timeout=None, by=None),
        ev(11.2, CHILD, "end", raised=None),
        ev(11.21, PARENT, "exit", child=CHILD),
        ev(11.22, PARENT, "join-end", child=CHILD, exitcode=0, by=None),
        ev(11.3, PARENT, "terminate", child=OTHER, by=None),
        ev(11.31, PARENT, "exit", child=OTHER),
        ev(11.4, PARENT, "code-end"),
        ev(11.5, PARENT, "exitcode", child=OTHER, code=-15),
        ev(11.6, PARENT, "record-end"),
    ]
