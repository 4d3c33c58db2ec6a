"""Resetting the rate limits between tests, without racing the in-memory storage's expiry thread."""

from webapp.extensions import limiter


def reset_rate_limits() -> None:
    """limiter.reset(), once the in-memory storage's expiry timer (a thread limits starts every 10 ms while it
    holds limits) has stopped: that thread walks the storage's expirations without a lock, and a reset clearing them
    under it raised KeyError in the thread, which pytest reports as an error of whichever test ran next (seen under
    faketime, whose slower clock calls widen the window). The next limit hit starts a new timer."""
    storage = getattr(limiter, "_storage", None)
    timer = getattr(storage, "timer", None)
    if timer is not None:
        timer.cancel()
        if timer.is_alive():
            timer.join()
    limiter.reset()
