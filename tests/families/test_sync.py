"""The synchronisation family: every primitive recorded in every process and start
method, folded into waits and holds, drawn, and said in words that hold whatever the
schedule; the locks inside multiprocessing's own objects stay out."""

import multiprocessing
import threading
from multiprocessing import Process

import pytest

from helpers import began, record
from helpers.families import sync
from helpers.families.base import repeats
from helpers.view import Run
from tests import sync_targets as targets
from tests import synthetic
from tests.bounds import SOON
from tests.processes import start_and_join


def sync_items(run, name):
    """The sync family's items of the lane called ``name``, in order."""
    return [text for _, text in repeats(sync.SYNC.lane_items(run, run.lane(name)), (1, 2, 3))]


def spans(run, name, kind):
    return [s for s in run.lane(name).spans if s.family == "sync" and s.kind == kind]


# -- Lock, RLock, Semaphore -------------------------------------------------------------------

def test_a_lock_is_held_by_one_child_at_a_time(method):
    lock = multiprocessing.Lock()
    with record(show=False) as run:
        ps = [Process(target=targets.hold, args=(lock, 0.1)) for _ in range(2)]
        start_and_join(ps)
    assert sync_items(run, "Process-1") == sync_items(run, "Process-2") == ["held Lock-1"]
    (a,), (b,) = spans(run, "Process-1", "hold"), spans(run, "Process-2", "hold")
    assert a.ended <= b.began or b.ended <= a.began  # recorded holds lie inside the real ones
    assert "Lock-1: held 2 times by 2 processes; by one process at a time." in run.summary()
    assert "begin hold(<Lock>, 0.1)" in run.summary()  # its class, not its state at start()


def test_acquire_and_release_by_hand_are_a_hold_too(method):
    lock = multiprocessing.Lock()
    with record(show=False) as run:
        p = Process(target=targets.hold_by_hand, args=(lock,))
        p.start()
        p.join()
    assert sync_items(run, "Process-1") == ["held Lock-1"]
    (wait,) = spans(run, "Process-1", "wait")
    (hold,) = spans(run, "Process-1", "hold")
    assert wait.ended == hold.began and wait.text == "acquire()"


def test_an_acquire_that_times_out_is_a_wait_without_a_hold(method):
    lock = multiprocessing.Lock()
    with record(show=False) as run:
        with lock:
            p = Process(target=targets.try_for, args=(lock, 0.2))
            p.start()
            p.join()
    assert sync_items(run, "Process-1") == ["acquire Lock-1 → timed out"]
    assert not spans(run, "Process-1", "hold")
    assert run.lane("Process-1").prints[0].text == "False"
    assert "Lock-1: held once by 1 process; 1 acquire() timed out." in run.summary()


def test_an_rlock_taken_again_by_its_holder_and_a_lock_that_cannot_be():
    rlock, lock = multiprocessing.RLock(), multiprocessing.Lock()
    with record(show=False) as run:
        with rlock, rlock:
            pass
        with lock:
            assert lock.acquire(timeout=0.05) is False
    assert sync_items(run, "MainProcess") == ["held RLock-1", "took RLock-1 again", "held Lock-1",
                                              "acquire Lock-1 → timed out"]
    assert "RLock-1: held 2 times by 1 process." in run.summary()


def test_a_semaphore_has_at_most_its_value_of_holders(method):
    sem = multiprocessing.Semaphore(2)
    with record(show=False) as run:
        ps = [Process(target=targets.hold, args=(sem, 0.2)) for _ in range(4)]
        start_and_join(ps)
    assert 1 <= sync.most_holders(run, "Semaphore-1") <= 2
    assert "Semaphore-1: held 4 times by 4 processes." in run.summary()


def test_a_release_too_many_is_an_error_that_lets_nothing_go():
    sem = multiprocessing.BoundedSemaphore(1)
    with record(show=False) as run:
        with sem:
            pass
        with pytest.raises(ValueError, match="released too many times"):
            sem.release()
    assert sync_items(run, "MainProcess") == [
        "held BoundedSemaphore-1",
        "BoundedSemaphore-1 release(): ValueError: semaphore or lock released too many times"]
    assert "BoundedSemaphore-1: held once by 1 process; 1 call raised." in run.summary()


# -- Event, Barrier, Condition ----------------------------------------------------------------

def test_an_event_wait_ends_when_it_is_set_or_times_out(method):
    event, never = multiprocessing.Event(), multiprocessing.Event()
    with record(show=False) as run:
        waiter = Process(target=targets.wait_for_event, args=(event,))
        waiter.start()
        assert began(waiter, timeout=SOON)
        setter = Process(target=targets.set_event, args=(event,))
        setter.start()
        setter.join()
        waiter.join()
        late = Process(target=targets.wait_for_event, args=(never, 0.1))
        late.start()
        late.join()
    assert sync_items(run, "Process-1") == ["wait Event-1 → True"]
    assert sync_items(run, "Process-2") == ["set Event-1"]
    assert sync_items(run, "Process-3") == ["wait Event-2 → timed out"]
    summary = run.summary()
    assert "Event-1: set once; 1 wait() call: 1 returned True." in summary
    assert "Event-2: 1 wait() call: 1 timed out (False)." in summary


def test_a_barrier_passes_all_parties_or_breaks(method):
    barrier, short = multiprocessing.Barrier(2), multiprocessing.Barrier(2)
    with record(show=False) as run:
        ps = [Process(target=targets.pass_barrier, args=(barrier,)) for _ in range(2)]
        ps.append(Process(target=targets.pass_barrier, args=(short, 0.1)))
        start_and_join(ps)
    assert sync_items(run, "Process-1") == sync_items(run, "Process-2") == [
        "wait Barrier-1 → passed"]
    assert sync_items(run, "Process-3") == ["wait Barrier-2 → BrokenBarrierError"]
    assert run.lane("Process-3").exitcode == 1
    summary = run.summary()
    assert "Barrier-1: 2 wait() calls: 2 passed." in summary
    assert "Barrier-2: 1 wait() call: 1 raised BrokenBarrierError." in summary


def test_a_condition_wait_lets_go_of_its_lock_until_notified(method):
    cond, ready = multiprocessing.Condition(), multiprocessing.Event()
    with record(show=False) as run:
        p = Process(target=targets.wait_on, args=(cond, ready))
        p.start()
        assert ready.wait(SOON)
        with cond:  # only once the child's wait() has let go of the lock
            cond.notify()
        p.join()
    assert sync_items(run, "Process-1") == ["held Condition-1", "set Event-1",
                                            "wait Condition-1 → True"]
    assert len(spans(run, "Process-1", "hold")) == 2  # let go while it waited
    assert sync_items(run, "MainProcess") == ["wait Event-1 → True", "held Condition-1",
                                              "notify() Condition-1"]
    assert "Condition-1: held 2 times by 2 processes; by one process at a time; notified once; " \
        "1 wait() call: 1 returned True." in run.summary()


def test_wait_for_a_predicate_already_true_does_not_wait():
    cond = multiprocessing.Condition()
    with record(show=False) as run:
        with cond:
            assert cond.wait_for(lambda: True, timeout=1)
        with cond:
            assert not cond.wait_for(lambda: False, timeout=0.05)
    assert sync_items(run, "MainProcess") == [
        "held Condition-1", "wait_for Condition-1 → True",
        "held Condition-1", "wait_for Condition-1 → timed out"]
    waits = [s for s in spans(run, "MainProcess", "wait") if s.text.startswith("wait_for")]
    assert len(waits) == 1  # only the second one waited
    assert "Condition-1: held 2 times by 1 process; 2 wait_for() calls: 1 returned True, " \
        "1 timed out." in run.summary()


def test_notify_without_the_lock_is_recorded_as_the_error_it_is():
    cond = multiprocessing.Condition()
    with record(show=False) as run:
        with pytest.raises(AssertionError, match="lock is not owned"):
            cond.notify()
    assert sync_items(run, "MainProcess") == [
        "Condition-1 notify(): AssertionError: lock is not owned"]


# -- which processes, which locks -------------------------------------------------------------

def test_a_grandchild_is_recorded_too(method):
    lock = multiprocessing.Lock()
    with record(show=False) as run:
        p = Process(target=targets.hold_in_a_grandchild, args=(lock,))
        p.start()
        p.join()
    grandchild = [lane for lane in run.children if lane.parent == run.lane("Process-1").pid]
    assert [sync_items(run, lane.name) for lane in grandchild] == [["held Lock-1"]]


def test_a_terminated_holder_never_lets_go(method):
    lock, holding = multiprocessing.Lock(), multiprocessing.Event()
    with record(show=False) as run:
        holder = Process(target=targets.take_and_keep, args=(lock, holding))
        holder.start()
        assert holding.wait(SOON)
        holder.terminate()
        holder.join()
        waiter = Process(target=targets.try_for, args=(lock, 0.2))
        waiter.start()
        waiter.join()
    assert sync_items(run, "Process-1") == ["got Lock-1, never let go", "set Event-1"]
    assert sync_items(run, "Process-2") == ["acquire Lock-1 → timed out"]
    assert "Lock-1: held once by 1 process; never let go by Process-1; 1 acquire() timed out." \
        in run.summary()
    fig = run.figure()
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "Lock-1: timed out" in texts


def test_the_locks_inside_multiprocessing_objects_are_not_shown(method):
    counter, queue = multiprocessing.Value("i", 0), multiprocessing.Queue()
    with record(show=False) as run:
        ps = [Process(target=targets.count_with_the_lock, args=(counter, 3)),
              Process(target=targets.use_a_queue, args=(queue,))]
        for p in ps:
            p.start()
        assert queue.get(timeout=SOON) == 1
        for p in ps:
            p.join()
        counter.value += 1  # takes the Value's lock twice, inside sharedctypes
    assert sync_items(run, "Process-1") == ["held RLock-1 ×3"]  # get_lock(): the learner's
    assert sync_items(run, "Process-2") == sync_items(run, "MainProcess") == []
    assert counter.value == 4


def test_nothing_is_recorded_outside_record():
    lock, event = multiprocessing.Lock(), multiprocessing.Event()
    with lock:
        event.set()
    with record(show=False) as run:
        pass
    assert not [e for e in run.events if e["kind"].startswith("sync-")]


def test_threads_of_one_process_share_its_lane():
    lock = multiprocessing.Lock()
    with record(show=False) as run:
        threads = [threading.Thread(target=targets.hold, args=(lock, 0.05)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sync_items(run, "MainProcess") == ["held Lock-1 ×2"]


# -- folding, naming, drawing (synthetic runs) ------------------------------------------------

def _run_with(extra):
    """The synthetic run of two children, with sync events (t, pid, kind, fields) added."""
    events = synthetic.events()
    events += [{"t": t, "pid": pid, "kind": kind, **fields} for t, pid, kind, fields in extra]
    return Run(events)


def test_objects_are_named_in_the_order_of_the_lanes_not_of_time():
    a, b = ["Lock", "a"], ["Lock", "b"]
    run = _run_with([
        (10.35, synthetic.OTHER, "sync-wait", {"obj": b, "op": "acquire", "timeout": None}),
        (10.36, synthetic.OTHER, "sync-got", {"obj": b, "hold": True}),
        (10.40, synthetic.CHILD, "sync-wait", {"obj": a, "op": "acquire", "timeout": None}),
        (10.41, synthetic.CHILD, "sync-got", {"obj": a, "hold": True}),
        (10.42, synthetic.CHILD, "sync-release", {"obj": a}),
        (10.45, synthetic.CHILD, "sync-wait", {"obj": b, "op": "acquire", "timeout": 0.1}),
        (10.55, synthetic.CHILD, "sync-timeout", {"obj": b, "hold": False}),
    ])
    # Process-2 took b first in time, but Process-1's lane comes first: a is Lock-1
    assert sync_items(run, "Process-1") == ["held Lock-1", "acquire Lock-2 → timed out"]
    assert sync_items(run, "Process-2") == ["got Lock-2, never let go"]


def test_a_picture_draws_waits_hatched_holds_solid_one_colour_per_object():
    lock = ["Lock", "a"]
    run = _run_with([
        (10.40, synthetic.CHILD, "sync-wait", {"obj": lock, "op": "acquire", "timeout": None}),
        (10.60, synthetic.CHILD, "sync-got", {"obj": lock, "hold": True}),
        (10.90, synthetic.CHILD, "sync-release", {"obj": lock}),
        (10.50, synthetic.PARENT, "sync-set", {"obj": ["Event", "e"]}),
    ])
    fig = run.figure()
    labels = [text.get_text() for legend in fig.legends for text in legend.get_texts()]
    assert {"waiting for Lock-1", "holding Lock-1", "Event set()"} <= set(labels)
    bars = [p for p in fig.axes[0].patches if p.get_hatch() == "////"]
    assert len(bars) == 1 and bars[0].get_width() == pytest.approx(0.2)
    assert set(sync.object_colors(run)) == {"Lock-1", "Event-1"}


def test_a_hold_too_short_for_a_bar_is_a_tick_in_the_legend_and_an_at_once_wait_is_not():
    """#28: lesson 10's two locks taken for a moment are drawn as ticks: the legend names
    them; a wait that got its lock at once draws nothing, and is not named."""
    lock = ["Lock", "a"]
    run = _run_with([
        (10.40, synthetic.CHILD, "sync-wait", {"obj": lock, "op": "acquire", "timeout": None}),
        (10.40, synthetic.CHILD, "sync-got", {"obj": lock, "hold": True}),
        (10.4001, synthetic.CHILD, "sync-release", {"obj": lock}),
    ])
    labels = [text.get_text() for legend in run.figure().legends for text in legend.get_texts()]
    assert "holding Lock-1" in labels and "waiting for Lock-1" not in labels


def test_a_summary_says_a_long_loop_once():
    lock = ["Lock", "a"]
    extra = []
    for i in range(50):
        t = 10.4 + i * 0.01
        wait = {"obj": lock, "op": "acquire", "timeout": None}
        extra += [(t, synthetic.CHILD, "sync-wait", wait),
                  (t + 0.001, synthetic.CHILD, "sync-got", {"obj": lock, "hold": True}),
                  (t + 0.002, synthetic.CHILD, "sync-release", {"obj": lock})]
    assert sync_items(_run_with(extra), "Process-1") == ["held Lock-1 ×50"]


def test_holds_that_overlap_are_said_as_such():
    """The check behind "by one process at a time" can fail: two processes holding
    one object at once (a Semaphore, or a bug) are said to."""
    sem = ["Lock", "a"]
    run = _run_with([
        (10.40, synthetic.CHILD, "sync-got", {"obj": sem, "hold": True}),
        (10.45, synthetic.OTHER, "sync-got", {"obj": sem, "hold": True}),
        (10.50, synthetic.CHILD, "sync-release", {"obj": sem}),
        (10.55, synthetic.OTHER, "sync-release", {"obj": sem}),
    ])
    assert sync.most_holders(run, "Lock-1") == 2
    assert "Lock-1: held 2 times by 2 processes; by 2 processes at once." in run.summary()
