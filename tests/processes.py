"""A step the tests share: start processes, then join them all."""


def start_and_join(processes) -> None:
    """Start every process of ``processes``, then join each (all run at once)."""
    for p in processes:
        p.start()
    for p in processes:
        p.join()
