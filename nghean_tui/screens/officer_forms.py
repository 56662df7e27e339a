"""An officer's form and passphrase dialog, shared by Settings and the first-run wizard."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from nghean_tui.domain import models
from nghean_tui.domain.passphrase import context_words
from nghean_tui.i18n import t
from nghean_tui.screens.base import db_run, workspace
from nghean_tui.storage import reference
from nghean_tui.widgets.fields import spec_for
from nghean_tui.widgets.form import FormScreen
from nghean_tui.widgets.passphrase import PassphraseDialog

OFFICER_FIELDS = ("full_name", "position", "rank", "phone", "active")


def officer_form(officer: models.Officer | None) -> FormScreen:
    """The form for a new officer (``None``) or for editing one; saved through Records."""
    from nghean_tui.storage.records import Records

    specs = [spec_for(models.Officer, n) for n in OFFICER_FIELDS]
    values = {n: getattr(officer, n) for n in OFFICER_FIELDS} if officer else {"active": True}

    def save(db, values: dict, confirm: bool):
        if officer is None:
            return Records(db).create(models.Officer, values, confirm_warnings=confirm)
        return Records(db).update(
            models.Officer,
            officer.id,
            values,
            expected_version=officer.version,
            confirm_warnings=confirm,
        )

    return FormScreen(t("settings.officer_form"), specs, values, save=save)


def ask_passphrase(
    screen: Screen,
    officer: models.Officer,
    *,
    has_passphrase: bool,
    done: Callable[[str], None],
    mine: bool = False,
) -> None:
    """Set (or change) ``officer``'s own passphrase in the PassphraseDialog; ``done`` gets
    the message to show once it is saved."""
    vault = workspace(screen).vault
    title = t("settings.passphrase_for", name=officer.full_name)

    def answered(answer) -> None:
        if answer is None:
            return

        def change(db):
            if mine:
                vault.verify_passphrase(db.officer_id, answer.current)
            if has_passphrase:
                vault.change_passphrase(db, officer.id, answer.new)
            else:
                vault.add_passphrase(db, officer.id, answer.new)

        db_run(
            screen,
            change,
            done=lambda _: done(t("settings.passphrase_saved")),
            group="keyslots",
        )

    screen.app.push_screen(
        PassphraseDialog(
            title,
            ask_current=mine,
            subtitle=t("settings.passphrase_hint"),
            guessable=officer_words(screen, officer),
        ),
        answered,
    )


def officer_words(node, officer: models.Officer) -> tuple[str, ...]:
    """The officer's and the unit's names: a guesser who has the laptop tries them first."""
    db = workspace(node).db
    unit = reference.unit(db.unit_code) if db is not None else None
    return context_words(
        officer.full_name, unit.code if unit else None, unit.name if unit else None
    )
