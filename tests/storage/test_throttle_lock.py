"""The wait after wrong passphrases, and one instance per database."""

from __future__ import annotations

import pytest

from nghean_tui.storage.lock import DatabaseBusy, InstanceLock
from nghean_tui.storage.throttle import UnlockThrottle, delay_after


def test_delay_grows_and_is_capped():
    delays = [delay_after(n) for n in range(0, 14)]
    assert delays[0] == 0
    assert all(a < b for a, b in zip(delays[1:9], delays[2:10], strict=False))
    assert max(delays) == 300


def test_throttle_survives_a_new_instance(tmp_path):
    now = [1000.0]
    first = UnlockThrottle(tmp_path / "state.json", clock=lambda: now[0])
    first.record_failure()
    first.record_failure()
    second = UnlockThrottle(tmp_path / "state.json", clock=lambda: now[0])
    assert second.failures == 2
    assert second.remaining() == pytest.approx(2.0)
    now[0] += 2.5
    assert second.remaining() == 0
    second.record_success("slot")
    assert UnlockThrottle(tmp_path / "state.json").failures == 0


def test_clock_set_back_does_not_shorten_the_wait(tmp_path):
    now = [1000.0]
    throttle = UnlockThrottle(tmp_path / "state.json", clock=lambda: now[0])
    for _ in range(4):
        throttle.record_failure()
    now[0] = 10.0  # someone sets the clock back
    assert throttle.remaining() == pytest.approx(8.0)


def test_damaged_state_file_assumes_the_worst(tmp_path):
    path = tmp_path / "state.json"
    path.write_text("{not json")
    assert UnlockThrottle(path).remaining() > 60


def test_second_lock_is_refused_and_released_on_exit(tmp_path):
    path = tmp_path / "db.lock"
    with InstanceLock(path):
        with pytest.raises(DatabaseBusy) as err:
            InstanceLock(path).acquire()
        import os

        assert err.value.pid == os.getpid()
    with InstanceLock(path) as again:
        assert again.held
