"""Where data lives and the few settings that must be readable before unlocking."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from nghean_tui.domain.strictjson import check_structure

APP_NAME = "nghean-tui"
LANGUAGES = ("vi", "en")
DEFAULT_IDLE_LOCK_MINUTES = 5
SETTINGS_FILE = "settings.json"
MAX_SETTINGS_BYTES = 4096
MAX_FOLDER_CHARS = 1024


def default_data_dir() -> Path:
    """The user data folder (platformdirs), or ``NGHEAN_DATA_DIR`` when set."""
    env = os.environ.get("NGHEAN_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def resolve_data_dir(value: str | os.PathLike | None) -> Path:
    return Path(value).expanduser() if value else default_data_dir()


def _usable_folder_text(value: str) -> bool:
    """A remembered folder is offered again only if it reads as one path (the file may
    have been edited by hand): not too long, no control characters."""
    return len(value) <= MAX_FOLDER_CHARS and value.isprintable()


@dataclass
class Settings:
    """Non-secret preferences kept beside the database in plain JSON."""

    lang: str = "vi"
    idle_lock_minutes: int = DEFAULT_IDLE_LOCK_MINUTES
    last_folder: str = ""  # the drive or folder last chosen for a file, offered first

    @classmethod
    def load(cls, data_dir: Path) -> Settings:
        try:
            with open(Path(data_dir) / SETTINGS_FILE, "rb") as f:
                data = f.read(MAX_SETTINGS_BYTES + 1)
            if len(data) > MAX_SETTINGS_BYTES:
                return cls()
            check_structure(data, 2, 16, 256, whitespace=True)  # one flat object
            raw = json.loads(data.decode("utf-8"))
        except (OSError, ValueError, RecursionError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        settings = cls()
        if raw.get("lang") in LANGUAGES:
            settings.lang = raw["lang"]
        minutes = raw.get("idle_lock_minutes")
        if isinstance(minutes, int) and 0 <= minutes <= 240:
            settings.idle_lock_minutes = minutes
        folder = raw.get("last_folder")
        if isinstance(folder, str) and _usable_folder_text(folder):
            settings.last_folder = folder
        return settings

    def save(self, data_dir: Path) -> None:
        from nghean_tui.storage.atomic import write_atomic

        Path(data_dir).mkdir(parents=True, exist_ok=True)
        write_atomic(
            Path(data_dir) / SETTINGS_FILE, json.dumps(asdict(self), indent=1).encode("utf-8")
        )
