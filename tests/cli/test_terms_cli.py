"""``nghean-tui check`` lists stored management terms outside the legal range (a warning: the
rows are kept, not rewritten)."""

from __future__ import annotations

from sqlalchemy import text

from nghean_tui.domain import models as M
from nghean_tui.storage.records import Records
from nghean_tui.storage.vault import Vault
from tests.cli.test_cli import initialised, run  # noqa: F401  (fixture)
from tests.conftest import PASSPHRASE


def test_check_warns_about_a_stored_term_outside_the_law(initialised, capsys):  # noqa: F811
    folder, _ = initialised
    with Vault(folder) as vault:
        db = vault.unlock(passphrase=PASSPHRASE)
        records = Records(db)
        person = records.create(
            M.Person, {"full_name": "Moong Văn Xá", "sex": "male", "birth_year": 1985}
        )
        episode = records.create(
            M.ManagementEpisode,
            {
                "person_id": person.id,
                "episode_type": "voluntary_community",
                "decision_date": "01/03/2026",
                "start_date": "01/03/2026",
                "term_months": 9,
            },
        )
        with db.engine.begin() as conn:  # as a row saved before the range was enforced
            conn.execute(text("UPDATE management_episode SET term_months = 18"))
        db.close()
    code, out, _ = run(
        ["check", "--passphrase-stdin", "--data-dir", str(folder), "--lang", "en"],
        PASSPHRASE + "\n",
        capsys,
    )
    line = next(x for x in out.splitlines() if "Management terms" in x)
    assert line.startswith("[WARNING]") and episode.id in line
    assert code == 0  # the database itself is sound
    with Vault(folder) as vault:
        db = vault.unlock(passphrase=PASSPHRASE)
        assert records_term(db) == [(18,)]
        db.close()


def records_term(db):
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT term_months FROM management_episode")).all()
