"""Binding descriptions written as catalogue keys, translated when the widget is made."""

from __future__ import annotations

import dataclasses

from nghean_tui.i18n import t

_OURS = ("key.", "nav.")  # catalogue keys used as binding descriptions


class Translated:
    """Mixin for screens and the app: ``Binding(..., "key.save")`` shows "Lưu" or "Save".

    Each instance translates its own copy of the bindings, so screens made after the
    language changes speak the new language.
    """

    def _translate_bindings(self) -> None:
        bindings = self._bindings  # type: ignore[attr-defined]
        for key, items in list(bindings.key_to_bindings.items()):
            bindings.key_to_bindings[key] = [
                dataclasses.replace(b, description=t(b.description))
                if b.description.startswith(_OURS)
                else b
                for b in items
            ]


def is_ours(description: str) -> bool:
    """Whether a binding's description is one of this application's (translated) key names,
    as opposed to a built-in widget key (help and the palette list ours; the general keys
    have their own translated section)."""
    from nghean_tui.i18n import catalogue, language

    return description in _key_names(language(), len(catalogue(language())))


def _key_names(lang: str, _size: int) -> frozenset[str]:
    from nghean_tui.i18n import catalogue

    return frozenset(v for k, v in catalogue(lang).items() if k.startswith(_OURS))
