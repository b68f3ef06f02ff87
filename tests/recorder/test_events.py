"""The event log: one file per process, complete lines only."""

import os
import signal
import threading
import time

import pytest

from helpers.recorder import events
from helpers.recorder.events import EventWriter, Tail, read_events
from tests.bounds import SOON


def test_write_and_read(tmp_path):
    w = EventWriter(str(tmp_path), pid=7)
    w.write("print", t=2.0, stream="stdout", text="二")
    w.write("begin", t=1.0, name="x", ppid=1)
    w.close()
    kinds = [(e["kind"], e["pid"]) for e in read_events(str(tmp_path))]
    assert kinds == [("begin", 7), ("print", 7)]
    assert read_events(str(tmp_path))[1]["text"] == "二"


def test_tail_skips_own_file_and_half_lines(tmp_path):
    own, other = EventWriter(str(tmp_path), pid=1), EventWriter(str(tmp_path), pid=2)
    tail = Tail(str(tmp_path), skip_pid=1)
    own.write("print", stream="stdout", text="mine")
    other.write("print", stream="stdout", text="a")
    with open(os.path.join(tmp_path, "2.jsonl"), "ab") as f:
        f.write(b'{"t": 9, "pid": 2, "kind": "pri')  # a writer killed mid-line
    assert [e["text"] for e in tail.new_events()] == ["a"]
    assert tail.new_events() == []
    with open(os.path.join(tmp_path, "2.jsonl"), "ab") as f:
        f.write(b'nt", "stream": "stdout", "text": "b"}\n')
    assert [e["text"] for e in tail.new_events()] == ["b"]


def test_a_corrupt_line_is_skipped(tmp_path):
    with open(os.path.join(tmp_path, "3.jsonl"), "wb") as f:
        f.write(b'{"t": 1, "pid": 3, "kind": "begin"}\n{"t": 2, "pi\n')
    assert [e["kind"] for e in read_events(str(tmp_path))] == ["begin"]


def test_line_capture_records_and_echoes_whole_lines(tmp_path):
    import io

    from helpers.recorder.capture import LineCapture

    echo = io.StringIO()
    writes = []
    echo.write = lambda text: writes.append(text) or len(text)
    capture = LineCapture(EventWriter(str(tmp_path), pid=5), "stdout", echo=echo)
    print("a", "b", file=capture)  # print() writes "a", " ", "b" and "\n" separately
    print("partial", end="", file=capture)
    capture.flush()
    assert writes == ["a b\n", "partial"]
    events = read_events(str(tmp_path))
    assert [(e["text"], e.get("nl", True)) for e in events] == [("a b", True), ("partial", False)]


def test_an_event_is_written_as_json_dumps_would_write_it(tmp_path):
    """The encoder made once (:func:`helpers.recorder.events._encoder`) writes what
    ``json.dumps(..., ensure_ascii=False, default=repr)`` writes."""
    import json

    from helpers.recorder.events import _encode
    event = {"t": 1.5, "pid": 1, "kind": "print", "text": '购票成功 "q"\n\t', "none": None,
             "yes": True, "object": object, "list": [1, 2.25, "a", {"b": -0.0}], "tiny": 1e-7}
    assert _encode(event) == json.dumps(event, ensure_ascii=False, default=repr)


def test_an_event_written_after_close_is_dropped(tmp_path):
    """A pool's thread may finish a join it began inside the recording after its end."""
    w = EventWriter(str(tmp_path))
    w.write("begin")
    w.close()
    w.write("join-end", child=1)  # no OSError from a closed descriptor
    assert [e["kind"] for e in read_events(str(tmp_path))] == ["begin"]


def test_a_write_that_another_thread_closes_under_it_is_dropped_without_an_error(
        tmp_path, monkeypatch):
    """A pool's thread terminates a worker (an event) just as the recording ends and
    closes the writer: the event is dropped, not written to a closed (or reused)
    descriptor -- which raised OSError in the pool's thread."""
    writer = EventWriter(str(tmp_path))
    writer.write("before")
    encode = events._encode

    def encode_while_another_thread_closes(event):
        closer = threading.Thread(target=writer.close)
        closer.start()
        closer.join(SOON)  # (it waits for no write: the event is not being written yet)
        return encode(event)

    monkeypatch.setattr(events, "_encode", encode_while_another_thread_closes)
    writer.write("terminate", child=1)
    assert [e["kind"] for e in read_events(str(tmp_path))] == ["before"]


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_child_forked_while_another_thread_writes_can_write_at_once(tmp_path):
    """os.fork() itself, while another thread of the parent holds the writer's lock: the
    child's copy of the writer is not left locked for ever."""
    writer = EventWriter(str(tmp_path))
    holding, done = threading.Event(), threading.Event()

    def write_slowly():  # a thread of the parent, in the middle of a write
        with writer._lock:
            holding.set()
            done.wait(SOON)

    thread = threading.Thread(target=write_slowly)
    thread.start()
    try:
        assert holding.wait(SOON)
        pid = os.fork()
        if pid == 0:  # the child: one write, then out, whatever happens
            try:
                writer.write("in the child")
            finally:
                os._exit(0)
    finally:
        done.set()
        thread.join(SOON)
    deadline = time.monotonic() + SOON
    while (ended := os.waitpid(pid, os.WNOHANG))[0] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    if ended[0] == 0:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        pytest.fail("the child could not write: its copy of the lock stayed locked")
    assert os.waitstatus_to_exitcode(ended[1]) == 0
    assert [e["kind"] for e in read_events(str(tmp_path))] == ["in the child"]
