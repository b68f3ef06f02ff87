"""Process targets for the unit tests (importable, so spawn can pickle them)."""

import os
import sys
import time
from multiprocessing import Process


def say(text, pause=0.0):
    time.sleep(pause)
    print(text)


def say_then_sleep(text, pause, printed=None):
    """Print ``text``, set the event ``printed`` (if given), sleep ``pause`` s."""
    print(text, flush=True)
    if printed is not None:
        printed.set()
    time.sleep(pause)
    print("never printed")


def boom():
    print("about to fail")
    return 1 / 0


def exit_with(code):
    sys.exit(code)


def start_grandchild():
    child = Process(target=say, args=("grandchild",))
    child.start()
    child.join()
    print("child done")


def print_pid():
    print(os.getpid())


class Greeter(Process):
    def __init__(self, person):
        super().__init__()
        self.person = person

    def run(self):
        print("hi", self.person)
