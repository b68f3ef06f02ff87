"""Lesson 12 (queues and pipes): its producers and consumers, the feeder thread's two
surprises, the ends of a pipe, the measurements and the exercise, run for real.  (The
notebook's cells run under every start method in nbval.)"""

import multiprocessing
from multiprocessing import JoinableQueue, Lock, Pipe, Process, Queue

import pytest

from helpers import began, ended, record
from helpers.families.messages import message_lines, messages
from helpers.lessons.l12_queues_pipes import checks, speed, targets
from tests.bounds import SOON
from tests.processes import start_and_join

RIGHT = {checks.SENTINELS: 3, checks.ORDER: "get", checks.CLOSE: True}


def test_every_consumer_stops_at_its_none_and_every_item_is_eaten_once():
    with record(show=False) as run:
        q, eaten = Queue(), Queue()
        producers = [Process(target=targets.producer, args=(q, name, "包子", 2))
                     for name in ("a", "b")]
        consumers = [Process(target=targets.consumer, args=(q, eaten)) for _ in range(3)]
        for p in producers + consumers:
            p.start()
        for p in producers:
            p.join()
        for _ in consumers:
            q.put(None)
        meals = [eaten.get(timeout=SOON) for _ in consumers]
        for c in consumers:
            c.join()
    assert sorted(food for meal in meals for food in meal) == [
        "a生产的包子0", "a生产的包子1", "b生产的包子0", "b生产的包子1"]
    assert message_lines(run) == ["Queue-1: 7 items put, 7 got: every item put was got once.",
                                  "Queue-2: 3 items put, 3 got: every item put was got once."]
    assert [c.exitcode for c in consumers] == [0, 0, 0]


def test_a_joinable_queue_join_returns_once_every_item_is_done():
    with record(show=False) as run:
        q = JoinableQueue()
        consumer = Process(target=targets.eat_forever, args=(q,), daemon=True)
        consumer.start()
        for i in range(3):
            q.put(i)
        q.join()
        consumer.terminate()
        consumer.join()
    assert message_lines(run) == ["JoinableQueue-1: 3 items put, 3 got: every item put was got "
                                  "once; 3 task_done() calls; join() returned."]


def test_a_child_that_put_a_big_item_cannot_exit_until_it_is_got():
    with record(show=False) as run:
        q = Queue()
        p = Process(target=targets.put_big, args=(q, 1_000_000))
        p.start()
        assert ended(p, timeout=SOON)  # its code returned...
        p.join(timeout=0.5)
        assert p.is_alive()  # ...but it cannot exit: its feeder thread waits for the pipe
        assert len(q.get(timeout=SOON)) == 1_000_000
        p.join(SOON)
    assert p.exitcode == 0
    assert message_lines(run) == ["Queue-1: 1 item put, 1 got: every item put was got once."]


def test_ended_says_false_for_a_child_whose_code_is_still_running():
    with record(show=False):
        q = Queue()
        p = Process(target=targets.consumer_until_none, args=(q, SOON))
        p.start()
        assert began(p, timeout=SOON)
        assert not ended(p, timeout=0.2)
        q.put(None)
        assert ended(p, timeout=SOON)
        p.join()


def test_a_consumer_without_a_none_gives_up_and_the_count_says_so():
    with record(show=False) as run:
        q = Queue()
        consumers = [Process(target=targets.consumer_until_none, args=(q, 0.5), name=name)
                     for name in ("a", "b")]
        for c in consumers:
            c.start()
        q.put(None)
        for c in consumers:
            c.join()
    assert checks.consumers_ended(run, ["a", "b"]) == \
        "1 consumer stopped at a None; 1 gave up waiting for one (queue.Empty)"


def test_readers_taking_turns_on_one_end_get_every_message_whole():
    with record(show=False) as run:
        reading, writing = Pipe(duplex=False)
        lock = Lock()
        readers = [Process(target=targets.read_one_end, args=(reading, lock)) for _ in range(2)]
        for p in readers:
            p.start()
        for message in [*range(20), None, None]:
            writing.send(message)
        for p in readers:
            p.join()
    sent = messages(run, "Pipe-1")
    assert len(sent) == 22 and all(receiver is not None for _, receiver, _, _ in sent)
    assert [p.exitcode for p in readers] == [0, 0]


def test_the_unpicklable_item_fails_in_the_childs_feeder_thread():
    with record(show=False) as run:
        q = Queue()
        start_and_join([Process(target=targets.put_unpicklable, args=(q,))])
    lane = run.lane("Process-1")
    assert lane.exitcode == 0 and lane.raised is None
    assert [p.text for p in lane.prints if p.stream == "stdout"] == [
        "put() had returned; the feeder thread is done"]
    errors = [p for p in lane.prints if p.stream == "stderr"]
    assert errors[0].text == "Traceback (most recent call last):"
    assert "in _feed" in errors[1].text  # the feeder thread's, not the target's
    assert errors[-1].text == "TypeError: cannot pickle 'generator' object"
    assert errors[-1].t < lane.prints[-1].t  # before the line printed once it was done
    assert "1 never sent by the feeder thread (TypeError: cannot pickle 'generator' object)" \
        in message_lines(run)[0]


def test_a_pipe_end_copy_left_open_means_no_eoferror():
    reading, writing = Pipe(duplex=False)
    p = Process(target=targets.send_words, args=(writing,))
    p.start()
    p.join(SOON)
    got = []
    while reading.poll(0.3):
        got.append(reading.recv())
    assert got == ["你好", "再见", "谢谢"]  # and then nothing: our copy of writing is open
    writing.close()
    with pytest.raises(EOFError):
        reading.recv()


# -- the measurements -------------------------------------------------------------------------

@pytest.mark.parametrize("kind", speed.KINDS)
def test_a_transfer_carries_every_message_in_order(kind):
    seconds, in_order = speed.transfer(kind, 200, 10)
    assert in_order and seconds > 0
    assert not multiprocessing.active_children()


def test_the_facts_follow_the_figures():
    figures = {"per second": {"Pipe": 5e4, "SimpleQueue": 4e4, "Queue": 500.0},
               "in order": {"Pipe": True, "SimpleQueue": True, "Queue": True},
               "big": 0.2, "small": 0.1}
    said = speed.facts(figures)
    assert said[0].endswith("in order: True")
    assert said[1].endswith("well under 1 ms a message: False")  # 500/s: 2 ms each
    assert said[2].endswith("(the same bytes): False")


def test_a_transfer_of_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind must be one of"):
        speed.transfer("Manager", 1, 1)


# -- the exercise -----------------------------------------------------------------------------

def test_the_right_answer_is_right_and_leaves_nothing_running():
    verdict = checks.check_pipeline(RIGHT)
    assert verdict, verdict
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("key, wrong, hint", [
    (checks.SENTINELS, 2, "1 of the 3 consumers waited 1 s for a None that never came"),
    (checks.SENTINELS, 5, "2 stayed in the queue"),
    (checks.ORDER, "join", "join(timeout=1) gave up"),
    (checks.CLOSE, False, "no EOFError"),
])
def test_each_wrong_answer_gets_the_hint_of_what_really_hung(key, wrong, hint):
    verdict = checks.check_pipeline({**RIGHT, key: wrong})
    assert not verdict
    assert hint in verdict.text and f"{key}:" in verdict.text
    assert [k for k in checks.KEYS if f"{k}:" in verdict.text] == [key]  # only that part
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("answer", [None, {}, {**RIGHT, checks.ORDER: "wait"},
                                    {**RIGHT, checks.SENTINELS: True},
                                    {**RIGHT, checks.CLOSE: "yes"}])
def test_an_answer_of_the_wrong_form_gets_a_hint_not_a_traceback(answer):
    verdict = checks.check_pipeline(answer)
    assert not verdict and verdict.text.startswith("Not yet: ")


def test_join_within_says_false_when_an_item_is_never_done():
    q = JoinableQueue()
    q.put(1)  # nobody gets it: q.join() would wait for ever
    assert checks.join_within(q, 0.2) is False
    assert q.get(timeout=SOON) == 1
    q.task_done()
    assert checks.join_within(q, SOON) is True
