"""Binding descriptions written as catalogue keys, translated when the widget is made."""

from __future__ import annotations

import dataclasses

from nghean_tui.i18n import t


class Translated:
    """Mixin for screens and the app: ``Binding(..., "key.save")`` shows "Lưu" or "Save".

    Each instance translates its own copy of the bindings, so screens made after the
    language changes speak the new language.
    """

    def _translate_bindings(self) -> None:
        bindings = self._bindings  # type: ignore[attr-defined]
        for key, items in list(bindings.key_to_bindings.items()):
            bindings.key_to_bindings[key] = [
                dataclasses.replace(b, description=t(b.description),
                                    tooltip=t(b.tooltip) if b.tooltip.startswith("key.") else b.tooltip)
                if b.description.startswith("key.") else b
                for b in items]
