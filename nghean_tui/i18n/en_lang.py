"""English messages: what the framework and the command line say (Textual's own keys,
argparse's usage and errors, the operating system's errors), in the catalogue's words."""

MESSAGES: dict[str, str] = {
    # Textual
    "lang.key_dismiss_menu": "Close list",
    "lang.key_close_palette": "Close the command palette",
    "lang.palette_placeholder": "🔎 Search for commands…",
    "lang.palette_no_matches": "No matching commands",
    "lang.press_to_quit": "Press {keys} to quit the application.",
    "lang.quit_title": "Quit?",
}
