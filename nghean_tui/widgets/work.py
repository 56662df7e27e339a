"""Work off the interface thread, with one way a failure reaches the person.

Every thread worker of the application starts here. A failure — in the work, or in what
is done with its result — becomes a translated message (:func:`nghean_tui.errors.describe`:
an unknown error is named by its type only, never by its text, which can hold a record) and
the application keeps running. No worker may end the application: Textual's default
(``exit_on_error=True``) would, printing a traceback with the local variables, a person's
row among them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.worker import Worker, get_current_worker


def run_guarded(
    node,
    job: Callable[[], Any],
    *,
    done: Callable[[Any], object] | None = None,
    failed: Callable[[Exception], bool | None] | None = None,
    group: str = "default",
    exclusive: bool = True,
) -> Worker:
    """Run ``job()`` in a thread worker owned by ``node`` (a screen or widget).

    ``done(result)`` runs on the interface thread unless a newer worker of the group has
    superseded this one. An exception from ``job`` or from ``done`` goes to ``failed(exc)``
    on the interface thread; unless that returns True (it showed the message itself), the
    application shows it (``App.show_error``).
    """
    app = node.app

    def body() -> None:
        worker = get_current_worker()
        try:
            result = job()
            if done is not None and not worker.is_cancelled:
                app.call_from_thread(done, result)
        except Exception as exc:  # told to the person on the interface thread, below
            if worker.is_cancelled:
                return
            try:
                app.call_from_thread(report, app, exc, failed)
            except Exception:  # the application is closing: nobody left to tell
                pass

    return node.run_worker(body, thread=True, group=group, exclusive=exclusive, exit_on_error=False)


def db_run(
    node,
    fn: Callable[..., Any],
    *args,
    done: Callable[[Any], object] | None = None,
    failed: Callable[[Exception], bool | None] | None = None,
    group: str = "db",
    exclusive: bool = True,
) -> Worker:
    """Run ``fn(db, *args)`` through :func:`run_guarded`; ``db`` is the database as the
    screens see it (a commune's records, read-only, when a station looks at one). Locked
    meanwhile: the "locked" refusal, like any other failure."""
    app = node.app

    def job():
        if app.db is None:
            from nghean_tui.storage.vault import StorageError

            raise StorageError("locked")
        return fn(app.scoped_db(), *args)

    return run_guarded(node, job, done=done, failed=failed, group=group, exclusive=exclusive)


def report(app, exc: Exception, failed: Callable[[Exception], bool | None] | None) -> None:
    """On the interface thread: let ``failed`` show ``exc`` where it belongs, or show it
    as a notification. A ``failed`` that itself breaks (its screen already gone) leaves the
    notification."""
    try:
        if failed is not None and failed(exc):
            return
    except Exception:
        pass
    app.show_error(exc)
