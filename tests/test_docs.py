"""Every page the code, the tests and the README point at is in the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CITED = re.compile(r"(?<![\w/.-])docs/([\w-]+\.md)")
# The one page cited that is not ours: the project brief's security design, always named so.
BRIEFS = "` of the project brief"


def _texts():
    for base in ("nghean_tui", "tests", "bench", "scripts"):
        for path in sorted((ROOT / base).rglob("*.py")):
            if path != Path(__file__).resolve():
                yield path.relative_to(ROOT), path.read_text(encoding="utf-8")
    for path in [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]:
        yield path.relative_to(ROOT), path.read_text(encoding="utf-8")


def missing_pages(texts, docs: Path) -> list[str]:
    missing = []
    for name, text in texts:
        for match in CITED.finditer(text):
            if text.startswith(BRIEFS, match.end()):
                continue
            if not (docs / match.group(1)).is_file():
                line = text.count("\n", 0, match.start()) + 1
                missing.append(f"{name}:{line}: docs/{match.group(1)}")
    return missing


def test_every_cited_page_exists():
    missing = missing_pages(_texts(), ROOT / "docs")
    assert not missing, "\n".join(missing)


def test_the_check_finds_a_page_that_is_not_there(tmp_path):
    (tmp_path / "here.md").write_text("")
    texts = [("a.py", "see docs/here.md and docs/nowhere.md; `docs/brief.md` of the project brief")]
    assert missing_pages(texts, tmp_path) == ["a.py:1: docs/nowhere.md"]
