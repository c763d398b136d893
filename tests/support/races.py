"""Races on PostgreSQL with real threads: each thread has its own connection, closed at its end."""

import threading

from django.db import connection

from evaluations.services.votes.surveys import VoteRefused


def race(action, attempts: int = 50) -> tuple[int, list[VoteRefused], list[BaseException]]:
    """Run ``action`` in ``attempts`` threads released together; count successes, refusals and other errors."""
    barrier = threading.Barrier(attempts)
    lock = threading.Lock()
    successes: list[int] = []
    refusals: list[VoteRefused] = []
    errors: list[BaseException] = []

    def attempt() -> None:
        try:
            barrier.wait(timeout=30)
            action()
            with lock:
                successes.append(1)
        except VoteRefused as refusal:
            with lock:
                refusals.append(refusal)
        except BaseException as error:  # reported by the test, never swallowed
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return len(successes), refusals, errors
