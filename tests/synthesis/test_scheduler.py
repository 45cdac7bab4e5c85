"""The synthesis scheduler: who gets the voice next."""

from __future__ import annotations

import threading
import time

import pytest
from waiting import DEADLINE, wait_until

from tts_service.synthesis.scheduler import SynthesisScheduler


def queue_up(scheduler: SynthesisScheduler, turns: list[tuple[str, int, float, float]],
             order: list[tuple[str, int]]) -> list[threading.Thread]:
    """Start a thread per turn that records when it gets the voice; wait until all wait."""
    def take(article_id: str, index: int, ahead: float, arrived: float) -> None:
        with scheduler.turn(article_id, index, ahead, arrived):
            order.append((article_id, index))

    threads = [threading.Thread(target=take, args=turn) for turn in turns]
    for thread in threads:
        thread.start()
    wait_until(lambda: len(scheduler.waiting()) == len(turns), f"all {len(turns)} turns queued", poll=0.01)
    return threads


def run_in_order(scheduler: SynthesisScheduler,
                 turns: list[tuple[str, int, float, float]]) -> list[tuple[str, int]]:
    """The order in which the turns get the single slot, all queued while it was busy."""
    order: list[tuple[str, int]] = []
    with scheduler.turn("busy", 5, 0.0, 0.0):  # hold the voice while the others queue up
        threads = queue_up(scheduler, turns, order)
    for thread in threads:
        thread.join(timeout=DEADLINE)
        assert not thread.is_alive(), "a turn never got the voice"
    return order


def test_first_segments_of_new_articles_go_before_any_later_segment() -> None:
    scheduler = SynthesisScheduler(slots=1)
    now = time.monotonic()
    with scheduler.listening("old"):
        order = run_in_order(scheduler, [("old", 7, 1.0, now - 60), ("new-b", 0, 0.0, now - 1),
                                         ("new-a", 0, 0.0, now - 2)])
    assert order == [("new-a", 0), ("new-b", 0), ("old", 7)]


def test_listeners_closest_to_running_out_come_first() -> None:
    scheduler = SynthesisScheduler(slots=1)
    now = time.monotonic()
    with scheduler.listening("long"), scheduler.listening("short"):
        # both started listening now: "short" has 2 s of audio made, "long" 12 s
        order = run_in_order(scheduler, [("long", 9, 12.0, now), ("short", 2, 2.0, now)])
    assert order == [("short", 2), ("long", 9)]


def test_background_work_waits_while_a_listener_is_close_to_running_out() -> None:
    scheduler = SynthesisScheduler(slots=1, lead=20.0)
    now = time.monotonic()
    with scheduler.listening("heard"), scheduler.listening("far-ahead"):
        order = run_in_order(scheduler, [("unheard", 3, 5.0, now - 100),
                                         ("far-ahead", 30, 300.0, now - 50),
                                         ("heard", 4, 8.0, now)])
    # the listener 8 s from the end first, then work nobody waits for, then the one 300 s ahead
    assert order == [("heard", 4), ("unheard", 3), ("far-ahead", 30)]


def test_slots_bound_how_many_syntheses_run_at_once() -> None:
    scheduler = SynthesisScheduler(slots=2)
    inside, most = [0], [0]
    lock = threading.Lock()
    release = threading.Event()

    def synthesize(n: int) -> None:
        with scheduler.turn(f"a{n}", 1, float(n), 0.0):
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            release.wait(timeout=DEADLINE)  # the first ones hold their slot until the test looks
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=synthesize, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    # Every one of the six has asked: as many inside as there are slots, the rest waiting.
    wait_until(lambda: inside[0] + len(scheduler.waiting()) == 6, "all six syntheses asking", poll=0.01)
    assert (inside[0], len(scheduler.waiting())) == (2, 4)
    release.set()
    for thread in threads:
        thread.join(timeout=DEADLINE)
        assert not thread.is_alive()
    assert most[0] == 2


def test_a_listener_counts_while_it_streams() -> None:
    scheduler = SynthesisScheduler()
    with scheduler.listening("a"), scheduler.listening("a"):
        assert scheduler.listened() == {"a"}
    assert scheduler.listened() == set()


@pytest.mark.parametrize("slots", [1, 2])
def test_a_turn_given_up_by_an_error_frees_its_slot(slots: int) -> None:
    scheduler = SynthesisScheduler(slots=slots)
    with pytest.raises(RuntimeError):
        with scheduler.turn("a", 0, 0.0, 0.0):
            raise RuntimeError("the voice failed")
    with scheduler.turn("b", 0, 0.0, 0.0):
        assert scheduler.waiting() == []
