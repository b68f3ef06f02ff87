"""Instruments any lesson may use: run a snippet as a real script (:mod:`.scripts`) or
as plain Python (:mod:`.plain_python`), both through one bounded runner
(:mod:`.runner`); find left-over processes (:mod:`.leaks`); draw the process tree
(:mod:`.tree`); an echo server with one process per connection (:mod:`.echo_server`);
look at a process from outside (:mod:`.process_state`); catch a child's raw stderr
(:mod:`.raw_output`)."""
