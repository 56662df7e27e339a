"""A laptop clock that ran ahead and was then set right (issue: the database refused to open).

Everything goes through the command line: records written with the clock 30 days ahead, the
clock corrected, then the database opens, ``check`` warns (and passes), and new records are
stamped after the old ones."""

from __future__ import annotations

import json
import time

from tests.cli.test_sync_cli import at, init, ok, scalar

DAY = 24 * 3600


def test_a_clock_set_back_after_running_ahead_opens_and_warns(capsys, tmp_path, monkeypatch):
    folder = init(capsys, tmp_path / "c1", "commune", "16816")
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 30 * DAY)  # the clock ran ahead
    ok(at(capsys, folder, "seed", "--persons", "3", "--seed", "5"))
    ahead = scalar(folder, "SELECT max(version) FROM person")
    monkeypatch.setattr(time, "time", real)  # …and was set right

    code, out, err = at(capsys, folder, "check")
    assert code == 0, err
    assert err.startswith("nghean-tui: ") and len(err.splitlines()) == 1, err
    assert "clock is about 29 day(s) behind the last record" in err, err
    assert "[WARNING]" in out and "The database is healthy." in out
    code, out, _ = at(capsys, folder, "check", "--json")
    report = json.loads(out)
    assert report["ok"] is True
    clock = next(c for c in report["checks"] if c["name"] == "clock")
    assert clock["ok"] is False and clock["warning"] is True

    ok(at(capsys, folder, "seed", "--persons", "2", "--seed", "6"))  # work goes on
    assert scalar(folder, "SELECT max(version) FROM person") > ahead
    assert scalar(folder, "SELECT count(*) FROM person") == 5


def test_a_right_clock_gives_no_warning(capsys, tmp_path):
    folder = init(capsys, tmp_path / "c1", "commune", "16816")
    ok(at(capsys, folder, "seed", "--persons", "2", "--seed", "5"))
    code, out, err = at(capsys, folder, "check")
    assert code == 0 and "nghean-tui:" not in err and "WARNING" not in out, (out, err)
