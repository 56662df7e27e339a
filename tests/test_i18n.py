"""Every message exists in both languages, with the same placeholders; every key used exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from nghean_tui.domain import enums
from nghean_tui.i18n import catalogue, en, en_ui, t, vi, vi_ui

PACKAGE = Path(__file__).resolve().parent.parent / "nghean_tui"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


VI = {**vi.MESSAGES, **vi_ui.MESSAGES}
EN = {**en.MESSAGES, **en_ui.MESSAGES}


def test_same_keys_in_both_languages():
    assert set(VI) - set(EN) == set()
    assert set(EN) - set(VI) == set()
    assert not set(vi.MESSAGES) & set(vi_ui.MESSAGES)  # one place per message


@pytest.mark.parametrize("key", sorted(VI))
def test_same_placeholders_and_nothing_empty(key):
    assert VI[key].strip() and EN[key].strip()
    assert _fields(VI[key]) == _fields(EN[key])


def test_validation_messages_complete():
    for lang in ("vi", "en"):
        for key, text in catalogue(lang).items():
            assert text.strip(), key


def test_every_enum_member_has_both_labels():
    for obj in vars(enums).values():
        if isinstance(obj, type) and issubclass(obj, enums.Labeled) and obj is not enums.Labeled:
            for member in obj:
                assert member.vi.strip() and member.en.strip(), member


_KEY_CALL = re.compile(r"""\bt\(\s*f?["']([a-z_]+\.[a-zA-Z0-9_.{}\-]+)["']""")


def test_every_key_used_in_the_code_exists():
    """Literal keys passed to t() must exist; f-string keys must have a known prefix."""
    known = set(catalogue("vi"))
    missing = []
    for path in PACKAGE.rglob("*.py"):
        for key in _KEY_CALL.findall(path.read_text("utf-8")):
            if "{" in key:  # an f-string: some key must start with its fixed part
                if not any(k.startswith(key.split("{")[0]) for k in known):
                    missing.append(f"{path.name}: {key}")
            elif key not in known:
                missing.append(f"{path.name}: {key}")
    assert missing == []


def test_storage_refusals_all_have_messages():
    """Every reason a StorageError can carry has a message (read from the source)."""
    reasons = set()
    for path in (PACKAGE / "storage").rglob("*.py"):
        reasons |= set(re.findall(r'StorageError\(\s*"([a-z_]+)"', path.read_text("utf-8")))
        reasons |= {f"keyslots_{r}" for r in re.findall(r'KeyslotError\(\s*"([a-z_]+)"',
                                                           path.read_text("utf-8"))}
    known = set(catalogue("en"))
    assert {r for r in reasons if f"error.{r}" not in known} == set()


def test_fallback_never_blank():
    assert t("no.such.key") == "no.such.key"
