"""The one bound the tests put on a wait for something that will happen.

A child's start, its first print, an event it sets, an item it puts, its exit after a
kill, a subprocess that runs to its end: each of these comes, and a wait for it returns
the moment it does.  Its bound is no part of what is tested; it only turns a hang into a
failure.  CI runs the whole suite at once on 2 cores (the unit tests beside three
notebook runs), sometimes at a load average of 15-20, where starting a spawned
interpreter alone can take many seconds: a bound a loaded machine can exceed is a sleep
margin in disguise.  So every such wait uses :data:`SOON`, far above what any of them
takes even there -- a passing test never waits it out.

Not for the bounds that ARE the behaviour under test (a timeout that is meant to
expire, a ``wait=`` or ``timeout=`` the product is given to see what it does when the
time runs out, a check that something did *not* happen within a short time), nor for
sleep lengths.  A target module that a spawned child imports may import this one too.
"""

SOON = 120.0  # s: what the tests wait at most for something that will happen (a child's
# start, a print, an exit) -- long enough for a machine loaded 10 times over, since a wait
# that ends returns at once; it only turns a hang into a failure

WHOLE_SCRIPT = 2 * SOON  # s: the bound of a script run whose own waits are bounded by SOON,
# so that a wait that fails inside it says so, instead of the runner's timeout
