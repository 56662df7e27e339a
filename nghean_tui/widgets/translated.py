"""Binding descriptions written as catalogue keys, translated when the widget is made."""

from __future__ import annotations

import dataclasses

from textual.binding import Binding

from nghean_tui.i18n import catalogue, language, t

_OURS = ("key.", "nav.")  # catalogue keys used as binding descriptions


class Translated:
    """Mixin for screens and the app: ``Binding(..., "key.save")`` shows "Lưu" or "Save".

    Each instance translates its own copy of the bindings, so screens made after the
    language changes speak the new language. Where the catalogue has a shorter footer text
    (``key.save.footer``), the footer shows it and the help screen, the palette and the
    footer's tooltip the full name (the binding's ``tooltip``: :func:`full_name`).
    """

    def _translate_bindings(self) -> None:
        bindings = self._bindings  # type: ignore[attr-defined]
        for key, items in list(bindings.key_to_bindings.items()):
            bindings.key_to_bindings[key] = [_translated(b) for b in items]


def _translated(binding: Binding) -> Binding:
    name = binding.description
    if not name.startswith(_OURS):
        return binding
    full = t(name)
    short = catalogue(language()).get(f"{name}.footer")
    if short is None:
        return dataclasses.replace(binding, description=full)
    return dataclasses.replace(binding, description=short, tooltip=full)


def full_name(binding: Binding) -> str:
    """What a binding does, in full (the footer may show a shorter text)."""
    return binding.tooltip or binding.description


def is_ours(description: str) -> bool:
    """Whether a binding's description is one of this application's (translated) key names,
    as opposed to a built-in widget key (help and the palette list ours; the general keys
    have their own translated section)."""
    return description in _key_names(language(), len(catalogue(language())))


def _key_names(lang: str, _size: int) -> frozenset[str]:
    return frozenset(v for k, v in catalogue(lang).items() if k.startswith(_OURS))
