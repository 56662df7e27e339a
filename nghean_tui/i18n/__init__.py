"""Message catalogues: Vietnamese (default) and English.

``t(key, **params)`` looks a message up in the current language. Validation messages live
beside their rules in ``domain.validation.MESSAGES`` and are reached as ``validation.<code>``;
enumeration labels are carried by the enums themselves (``label(member)``).
"""

from __future__ import annotations

import importlib
from functools import lru_cache

LANGUAGES = ("vi", "en")
# One module pair per area (``vi_patrols.py`` / ``en_patrols.py``…), merged into one catalogue;
# a key may be defined in only one area (a test checks).
AREAS = (
    "",
    "_ui",
    "_patrols",
    "_teams",
    "_places",
    "_settings",
    "_sync",
    "_reports",
    "_sync_ui",
    "_dashboard",
    "_records",
    "_forms",
    "_lang",
    "_onboard",
    "_layout",
    "_drives",
)


def area_messages(lang: str, area: str) -> dict[str, str]:
    return importlib.import_module(f"nghean_tui.i18n.{lang}{area}").MESSAGES


_current = "vi"


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang}")
    _current = lang


def language() -> str:
    return _current


@lru_cache(maxsize=2)
def catalogue(lang: str) -> dict[str, str]:
    from nghean_tui.domain.issues import MESSAGES  # light: no database modules

    base: dict[str, str] = {}
    for area in AREAS:
        base.update(area_messages(lang, area))
    index = 0 if lang == "vi" else 1
    base.update({f"validation.{code}": texts[index] for code, texts in MESSAGES.items()})
    return base


def t(key: str, lang: str | None = None, **params) -> str:
    """The message ``key`` in ``lang`` (default: the current language), formatted."""
    messages = catalogue(lang or _current)
    template = messages.get(key)
    if template is None:  # never show a blank: fall back to Vietnamese, then to the key
        template = catalogue("vi").get(key, key)
    try:
        return template.format(**params) if params else template
    except (KeyError, IndexError, ValueError):
        return template


def label(member, lang: str | None = None) -> str:
    """The label of an enumeration member (or '' for None)."""
    return member.label(lang or _current) if member is not None else ""
