"""Everything the officer reads in a key name or a prompt, in the officer's language: our own
binding descriptions (catalogue keys, translated when the widget is made) and the few strings
Textual itself shows (a dropdown's "Dismiss menu", the command palette's placeholder, its "No
matches found" and the Ctrl+C hint).

Textual's strings are reached through subclasses and documented hooks only (a screen's
``active_bindings``, the app's ``action_command_palette`` and ``action_help_quit``); nothing of
Textual's modules is patched. :data:`FRAMEWORK_BINDINGS` names each framework binding a person
can see, by widget class and action, so a new Textual wording still reads in Vietnamese (a test
fails if an action disappears).
"""

from __future__ import annotations

import dataclasses

from rich.align import Align
from rich.text import Text
from textual.binding import ActiveBinding, Binding
from textual.command import CommandList, CommandPalette

from nghean_tui.i18n import catalogue, language, t

_OURS = ("key.", "nav.")  # catalogue keys used as binding descriptions

# Textual's bindings shown in a footer (``show=True``), by (widget class name, action) → catalogue
# key. Names, not classes: a dropdown's overlay lives in a private module, imported only when used.
FRAMEWORK_BINDINGS: dict[tuple[str, str], str] = {
    ("SelectOverlay", "dismiss"): "lang.key_dismiss_menu",
    ("CommandPalette", "escape"): "lang.key_close_palette",
}


def framework_description(node: object, action: str) -> str | None:
    """The translated description of Textual's binding ``action`` on ``node``, or None when it is
    not one of :data:`FRAMEWORK_BINDINGS`."""
    classes = {cls.__name__ for cls in type(node).__mro__}
    for (name, known), key in FRAMEWORK_BINDINGS.items():
        if action == known and name in classes:
            return t(key)
    return None


class Translated:
    """Mixin for screens and the app: ``Binding(..., "key.save")`` shows "Lưu" or "Save".

    Each instance translates its own copy of the bindings, so screens made after the
    language changes speak the new language. Where the catalogue has a shorter footer text
    (``key.save.footer``), the footer shows it and the help screen, the palette and the
    footer's tooltip the full name (the binding's ``tooltip``: :func:`full_name`). The active
    bindings (what the footer shows) have Textual's own descriptions translated too.
    """

    def _translate_bindings(self) -> None:
        bindings = self._bindings  # type: ignore[attr-defined]
        for key, items in list(bindings.key_to_bindings.items()):
            bindings.key_to_bindings[key] = [_translated(b) for b in items]

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        active: dict[str, ActiveBinding] = super().active_bindings  # type: ignore[misc]
        result = {}
        for key, item in active.items():
            description = framework_description(item.node, item.binding.action)
            if description is not None:
                binding = dataclasses.replace(item.binding, description=description, tooltip="")
                item = item._replace(binding=binding, tooltip="")
            result[key] = item
        return result


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


class TranslatedPalette(CommandPalette):
    """Textual's command palette with its placeholder and its "no matches" line translated."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("placeholder", t("lang.palette_placeholder"))
        super().__init__(**kwargs)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        super()._start_no_matches_countdown(search_value)
        # Textual adds its English line after the countdown; ours replaces it just after.
        self.set_timer(self._NO_MATCHES_COUNTDOWN + 0.01, self._translate_no_matches)

    def _translate_no_matches(self) -> None:
        commands = self.query_one(CommandList)
        if commands.option_count and commands.get_option_at_index(0).id == self._NO_MATCHES:
            no_matches = Align.center(Text(t("lang.palette_no_matches"), style="not bold"))
            commands.replace_option_prompt(self._NO_MATCHES, no_matches)


class TranslatedApp(Translated):
    """Mixin for the application: the palette and the Ctrl+C hint in the officer's language."""

    def action_command_palette(self) -> None:
        app = self  # an App
        if app.use_command_palette and not CommandPalette.is_open(app):  # type: ignore[arg-type, attr-defined]
            app.push_screen(TranslatedPalette(id="--command-palette"))  # type: ignore[attr-defined]

    def action_help_quit(self) -> None:
        """Ctrl+C no longer quits (it copies): say which key does."""
        app = self
        for active in app.active_bindings.values():
            if active.binding.action in ("quit", "app.quit"):
                key = app.get_key_display(active.binding)  # type: ignore[attr-defined]
                app.notify(  # type: ignore[attr-defined]
                    t("lang.press_to_quit", keys=key), title=t("lang.quit_title"), markup=False
                )
                return


def is_ours(description: str) -> bool:
    """Whether a binding's description is one of this application's (translated) key names,
    as opposed to a built-in widget key (help and the palette list ours; the general keys
    have their own translated section)."""
    return description in _key_names(language(), len(catalogue(language())))


def _key_names(lang: str, _size: int) -> frozenset[str]:
    return frozenset(v for k, v in catalogue(lang).items() if k.startswith(_OURS))
