"""The messages family: every put and send matched to the get or recv that received it,
in every kind of queue and pipe and every start method; what never arrived, and why;
the queues inside multiprocessing's own machinery stay out."""

import concurrent.futures
import multiprocessing
import pickle
import queue
import sys
import threading
import traceback
from multiprocessing import Process

import pytest

from helpers import record
from helpers.families import messages
from helpers.families.base import repeats
from helpers.view import Run
from tests import message_targets as targets
from tests import synthetic
from tests.bounds import SOON


def items(run, name):
    """The messages family's items of the lane called ``name``, in order."""
    return [text for _, text in repeats(messages.MESSAGES.lane_items(run, run.lane(name)),
                                        (1, 2, 3))]


def marks(run, name, kind):
    return [m for m in run.lane(name).marks if m.family == "messages" and m.kind == kind]


# -- each kind of queue, each start method ---------------------------------------------------------

@pytest.mark.parametrize("kind", ["Queue", "SimpleQueue", "JoinableQueue"])
def test_every_item_a_child_puts_is_matched_to_the_get_that_got_it(method, kind):
    q = getattr(multiprocessing, kind)()
    with record(show=False) as run:
        p = Process(target=targets.produce, args=(q, ["a", "b", "a"]))
        p.start()
        p.join()  # small items: all in the pipe when it exits (a SimpleQueue's get() has no bound)
        got = [q.get() for _ in range(3)]
    assert got == ["a", "b", "a"]  # the items themselves, never a wrapper
    assert items(run, "Process-1") == [f"put {kind}-1 ×3"]
    assert items(run, "MainProcess") == [f"get {kind}-1 ×3"]
    puts, gots = marks(run, "Process-1", "put"), marks(run, "MainProcess", "got")
    assert [g.answer for g in gots] == puts  # in order, by identity: the two 'a's are two
    assert all(p.t < g.t for p, g in zip(puts, gots, strict=True))
    assert f"{kind}-1: 3 items put, 3 got: every item put was got once." in run.summary()
    assert f"begin produce(<{kind}>, ['a', 'b', 'a'])" in run.summary()


def test_a_pipe_is_one_object_in_every_process_both_ways(method):
    mine, theirs = multiprocessing.Pipe()
    with record(show=False) as run:
        p = Process(target=targets.echo_back, args=(theirs, 2))
        p.start()
        for word in ("ping", "pong"):
            mine.send(word)
            assert mine.recv() == word
        p.join()
    assert items(run, "MainProcess") == ["(send Pipe-1 · recv Pipe-1) ×2"]
    assert items(run, "Process-1") == ["(recv Pipe-1 · send Pipe-1) ×2"]
    answers = [g.answer.pid for g in marks(run, "MainProcess", "got")]
    assert answers == [run.lane("Process-1").pid] * 2
    assert "Pipe-1: 4 messages sent, 4 received: every message sent was received once." \
        in run.summary()


def test_recv_raises_eoferror_once_every_copy_of_the_other_end_is_closed(method):
    reading, writing = multiprocessing.Pipe(duplex=False)
    with record(show=False) as run:
        p = Process(target=targets.receive_until_eof, args=(reading, writing))
        p.start()
        reading.close()
        targets.send_all(writing, range(3))  # and closes: the child closed its copy
        p.join()
    assert items(run, "Process-1") == ["close Pipe-1", "recv Pipe-1 ×3", "recv Pipe-1 → EOFError"]
    assert run.lane("Process-1").prints[0].text == "EOFError after 3"
    assert "1 recv() call raised EOFError" in run.summary()


def test_a_joinable_queue_counts_task_done_and_join_returns(method):
    q = multiprocessing.JoinableQueue()
    with record(show=False) as run:
        p = Process(target=targets.work_through, args=(q,), daemon=True)
        p.start()
        for i in range(4):
            q.put(i)
        q.join()
        p.terminate()
        p.join()
    assert items(run, "MainProcess") == ["put JoinableQueue-1 ×4", "join() JoinableQueue-1"]
    assert items(run, "Process-1") == ["(get JoinableQueue-1 · task_done() JoinableQueue-1) ×4"]
    assert len(marks(run, "Process-1", "done")) == 4
    (join,) = [s for s in run.lane("MainProcess").spans if s.family == "messages"]
    last_done = max(m.t for m in marks(run, "Process-1", "done"))
    assert join.ended > last_done  # task_done is written before the call that lets join go
    assert "4 task_done() calls; join() returned" in run.summary()


# -- what did not arrive --------------------------------------------------------------------------

def test_a_get_that_times_out_is_an_empty_mark_and_a_full_queue_refuses():
    q = multiprocessing.Queue(maxsize=1)
    with record(show=False) as run:
        with pytest.raises(queue.Empty):
            q.get(timeout=0.05)
        with pytest.raises(queue.Empty):
            q.get_nowait()
        q.put(1)
        with pytest.raises(queue.Full):
            q.put_nowait(2)
        assert q.get(timeout=SOON) == 1
    assert items(run, "MainProcess") == [
        "get(timeout=0.05) Queue-1 → Empty", "get_nowait Queue-1 → Empty", "put Queue-1",
        "put_nowait Queue-1 → Full", "get Queue-1"]
    assert ("Queue-1: 1 item put, 1 got: every item put was got once; 2 get() calls raised "
            "queue.Empty; 1 put_nowait() call raised queue.Full.") in run.summary()


def test_an_item_of_a_terminated_sender_is_never_got(method):
    q, put = multiprocessing.Queue(), multiprocessing.Event()
    with record(show=False) as run:
        p = Process(target=targets.put_and_sleep, args=(q, bytes(1_000_000), put))
        p.start()
        assert put.wait(SOON)
        p.terminate()
        p.join()
    assert items(run, "Process-1") == ["put Queue-1"]
    (put,) = marks(run, "Process-1", "put")
    assert put.answer is None
    assert "Queue-1: 1 item put, 0 got; 1 never got (put by Process-1)." in run.summary()
    texts = [t.get_text() for ax in run.figure().axes for t in ax.texts]
    assert "Queue-1: never got" in texts


def test_an_unpicklable_item_fails_in_the_feeder_thread_not_at_put(method):
    q = multiprocessing.Queue()
    with record(show=False) as run:
        p = Process(target=targets.put_unpicklable, args=(q,))
        p.start()
        p.join()
    lane = run.lane("Process-1")
    assert lane.raised is None and lane.exitcode == 0  # put() returned; the target ended
    lost = "TypeError: cannot pickle '_thread.lock' object"
    assert items(run, "Process-1") == ["put Queue-1",
                                       f"Queue-1's feeder thread could not send an item: {lost}"]
    said = "".join(p.text for p in lane.prints if p.stream == "stderr")
    assert said.startswith("Traceback") and said.rstrip().endswith(lost)
    assert "helpers" not in said and "_Tagged" not in said  # no note of the tag (3.14+)
    assert f"Queue-1: 1 item put, 0 got; 1 never sent by the feeder thread ({lost})." \
        in run.summary()


def test_send_of_an_unpicklable_object_raises_at_once():
    mine, theirs = multiprocessing.Pipe()
    with record(show=False) as run:
        with pytest.raises(TypeError):
            mine.send(threading.Lock())
        mine.send(1)
        assert theirs.recv() == 1
    assert items(run, "MainProcess") == [
        "send Pipe-1 → TypeError: cannot pickle '_thread.lock' object", "send Pipe-1",
        "recv Pipe-1"]
    assert "Pipe-1: 1 message sent, 1 received: every message sent was received once; " \
           "1 call raised." in run.summary()


def _said(error: BaseException) -> str:
    """An error as a traceback ends: its type, message and notes (3.14 notes where pickling
    failed)."""
    return "".join(traceback.format_exception_only(error))


def test_a_send_that_cannot_pickle_reads_as_it_does_without_record():
    """The tag a recorded message travels in is not the learner's: none of its notes."""
    item = {"lock": threading.Lock()}
    mine, _theirs = multiprocessing.Pipe()
    with pytest.raises(TypeError) as plain:
        mine.send(item)
    with record(show=False), pytest.raises(TypeError) as recorded:
        mine.send(item)
    assert _said(recorded.value) == _said(plain.value)
    assert "helpers" not in _said(recorded.value) and "_Tagged" not in _said(recorded.value)
    if sys.version_info >= (3, 14):
        assert recorded.value.__notes__ == ["when serializing dict item 'lock'"]


def test_task_done_too_many_times_is_an_error_not_a_done():
    q = multiprocessing.JoinableQueue()
    with record(show=False) as run:
        with pytest.raises(ValueError):
            q.task_done()
    assert items(run, "MainProcess") == [
        "task_done JoinableQueue-1 → ValueError: task_done() called too many times"]


# -- several senders and receivers ----------------------------------------------------------------

def test_receivers_that_share_a_queue_each_say_they_got_their_share(method):
    q, results = multiprocessing.Queue(), multiprocessing.Queue()
    with record(show=False) as run:
        consumers = [Process(target=targets.consume, args=(q, results)) for _ in range(2)]
        for c in consumers:
            c.start()
        for i in range(6):
            q.put(i)
        for _ in consumers:
            q.put(None)
        got = sorted(x for _ in consumers for x in results.get(timeout=SOON))
        for c in consumers:
            c.join()
    assert got == list(range(6))
    for name in ("Process-1", "Process-2"):
        assert items(run, name) == ["get Queue-1, its share", "put Queue-2"]
    assert items(run, "MainProcess") == ["put Queue-1 ×8", "get Queue-2 ×2"]
    assert "Queue-1: 8 items put, 8 got: every item put was got once." in run.summary()
    sent = messages.messages(run, "Queue-1")
    assert len(sent) == 8 and {receiver for _, receiver, _, _ in sent} <= {"Process-1",
                                                                            "Process-2"}


def test_a_grandchild_and_a_spawn_child_of_a_fork_child_are_matched_too(method):
    q = multiprocessing.Queue()
    with record(show=False) as run:
        p = Process(target=targets.produce_in_a_grandchild, args=(q, [1, 2]))
        p.start()
        assert [q.get(timeout=SOON) for _ in range(2)] == [1, 2]
        p.join()
    assert "Queue-1: 2 items put, 2 got: every item put was got once." in run.summary()


def test_an_item_got_outside_the_recording_is_the_item_itself():
    q = multiprocessing.SimpleQueue()
    with record(show=False) as run:
        q.put({"a": 1})
    assert q.get() == {"a": 1}
    assert "SimpleQueue-1: 1 item put, 0 got; 1 never got (put by MainProcess)." in run.summary()


def test_a_tagged_item_pickles_as_the_item_for_any_receiver():
    tagged = messages._Tagged([1, 2], [123, 4])
    assert pickle.loads(pickle.dumps(tagged)) == [1, 2]


# -- what stays out ------------------------------------------------------------------------------

def test_pool_and_executor_queues_are_not_shown(method):
    with record(show=False) as run:
        with multiprocessing.Pool(2) as pool:
            assert pool.map(abs, [-1, -2]) == [1, 2]
        context = multiprocessing.get_context(method)
        with concurrent.futures.ProcessPoolExecutor(2, mp_context=context) as executor:
            assert list(executor.map(abs, [-3])) == [3]
    assert not [e for e in run.events if e["kind"].startswith("msg-")]


def test_nothing_is_recorded_outside_record():
    q, (a, b) = multiprocessing.Queue(), multiprocessing.Pipe()
    q.put(1)
    assert q.get(timeout=SOON) == 1
    a.send(2)
    assert b.recv() == 2
    with record(show=False) as run:
        pass
    assert not [e for e in run.events if e["kind"].startswith("msg-")]


# -- the picture and the words --------------------------------------------------------------------

def _run_with(extra):
    events = synthetic.events()
    events += [{"t": t, "pid": pid, "kind": kind, **fields} for t, pid, kind, fields in extra]
    return Run(events)


def test_an_arrow_goes_from_the_put_to_the_get_and_a_lost_one_dangles():
    q = ["Queue", "q"]
    run = _run_with([
        (10.40, synthetic.CHILD, "msg-put", {"obj": q, "op": "put", "n": 1}),
        (10.45, synthetic.CHILD, "msg-put", {"obj": q, "op": "put", "n": 2}),
        (10.50, synthetic.PARENT, "msg-got", {"obj": q, "op": "get", "src": [synthetic.CHILD, 1]}),
    ])
    fig = run.figure()
    (arrows,) = [c for c in fig.axes[0].collections if type(c).__name__ == "Quiver"]
    assert arrows.U.tolist() == [pytest.approx(0.1)]  # from 10.40 to 10.50
    labels = [text.get_text() for legend in fig.legends for text in legend.get_texts()]
    assert {"message through Queue-1", "never received"} <= set(labels)
    assert "get(): queue.Empty" not in labels  # only the kinds of mark the picture has
    assert "Queue-1: 2 items put, 1 got; 1 never got (put by Process-1)." in run.summary()


def test_a_summary_says_a_loop_of_puts_and_gets_once():
    q = ["Queue", "q"]
    extra = []
    for n in range(1, 101):
        t = 10.41 + n * 0.0008  # between the synthetic run's prints
        extra += [(t, synthetic.PARENT, "msg-put", {"obj": q, "op": "put", "n": n}),
                  (t + 0.0004, synthetic.PARENT, "msg-got",
                   {"obj": q, "op": "get", "src": [synthetic.PARENT, n]})]
    assert "(put Queue-1 · get Queue-1) ×100" in _run_with(extra).summary()


def test_ten_thousand_messages_fold_and_say_themselves_in_a_few_lines():
    q = ["Queue", "q"]
    extra = [(10.4 + n * 1e-5, synthetic.CHILD, "msg-put", {"obj": q, "op": "put", "n": n})
             for n in range(10_000)]
    extra += [(10.5 + n * 1e-5, synthetic.PARENT, "msg-got",
               {"obj": q, "op": "get", "src": [synthetic.CHILD, n]}) for n in range(10_000)]
    run = _run_with(extra)
    assert "put Queue-1 ×10000" in run.summary()
    assert len(run.summary().splitlines()) < 10


def test_only_ends_that_pipe_made_are_drawn():
    from multiprocessing.connection import Client, Listener
    with Listener(("127.0.0.1", 0)) as listener:
        with record(show=False) as run:
            with Client(listener.address) as client, listener.accept() as server:
                client.send("hi")
                assert server.recv() == "hi"  # the item itself: never tagged
    assert not [e for e in run.events if e["kind"].startswith("msg-")]


def test_the_hooks_frames_are_hidden_from_ipython_tracebacks():
    mine, _theirs = multiprocessing.Pipe()
    with record(show=False), pytest.raises(TypeError) as caught:
        mine.send(threading.Lock())
    ours = [entry for entry in caught.traceback if entry.path.name == "messages.py"]
    assert ours and all(entry.frame.f_locals.get("__tracebackhide__") for entry in ours)


def test_a_feeder_loss_of_an_item_put_before_the_recording_is_ignored():
    run = _run_with([(10.4, synthetic.CHILD, "msg-lost", {"n": 7, "error": "TypeError: x"})])
    assert not [m for m in run.lane("Process-1").marks if m.family == "messages"]
    run.figure()  # draws
