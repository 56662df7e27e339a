"""Every message exists in both languages, with the same placeholders; every key used exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

from nghean_tui.domain import enums
from nghean_tui.i18n import AREAS, area_messages, catalogue, t

PACKAGE = Path(__file__).resolve().parent.parent / "nghean_tui"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


VI = {k: v for area in AREAS for k, v in area_messages("vi", area).items()}
EN = {k: v for area in AREAS for k, v in area_messages("en", area).items()}


def test_same_keys_in_both_languages():
    assert set(VI) - set(EN) == set()
    assert set(EN) - set(VI) == set()
    for area in AREAS:
        assert set(area_messages("vi", area)) == set(area_messages("en", area)), area


def test_each_key_is_defined_in_one_area_only():
    for lang in ("vi", "en"):
        seen: dict[str, str] = {}
        for area in AREAS:
            for key in area_messages(lang, area):
                assert key not in seen, f"{key} in {seen.get(key)!r} and {area!r}"
                seen[key] = area


def test_short_labels_for_every_code():
    from nghean_tui.domain.enums import EpisodeStatus, EpisodeType, FollowUpKind

    for enum, prefix in (
        (EpisodeType, "short.episode_type."),
        (EpisodeStatus, "short.status."),
        (FollowUpKind, "short.followup."),
    ):
        for member in enum:
            assert prefix + member.value in VI and prefix + member.value in EN


def _catalogue_mismatches(vi: dict[str, str], en: dict[str, str]) -> list[str]:
    """Every key whose message is missing or empty in a language, or whose placeholders
    differ between the two, each with why."""
    problems = []
    for key in sorted(set(vi) | set(en)):
        for lang, messages in (("vi", vi), ("en", en)):
            if key not in messages:
                problems.append(f"{key}: no {lang} message")
            elif not messages[key].strip():
                problems.append(f"{key}: the {lang} message is empty")
        if key in vi and key in en and _fields(vi[key]) != _fields(en[key]):
            problems.append(
                f"{key}: placeholders differ, vi {sorted(_fields(vi[key]))} "
                f"en {sorted(_fields(en[key]))}"
            )
    return problems


def test_same_placeholders_and_nothing_empty():
    """One check over the whole catalogue: every key, both languages, all bad keys named."""
    problems = _catalogue_mismatches(VI, EN)
    assert not problems, f"{len(problems)} catalogue problem(s):\n" + "\n".join(problems)


def test_the_catalogue_check_names_each_bad_key():
    """The check above can fail, and says which key and why."""
    vi = {"a.ok": "Có {n} người", "a.fields": "{n} người", "a.empty": " ", "a.vi_only": "x"}
    en = {"a.ok": "{n} people", "a.fields": "{count} people", "a.empty": "Empty"}
    assert _catalogue_mismatches(vi, en) == [
        "a.empty: the vi message is empty",
        "a.fields: placeholders differ, vi ['n'] en ['count']",
        "a.vi_only: no en message",
    ]


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
        reasons |= {
            f"keyslots_{r}"
            for r in re.findall(r'KeyslotError\(\s*"([a-z_]+)"', path.read_text("utf-8"))
        }
    known = set(catalogue("en"))
    assert {r for r in reasons if f"error.{r}" not in known} == set()


def test_fallback_never_blank():
    assert t("no.such.key") == "no.such.key"
