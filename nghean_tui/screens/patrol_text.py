"""How a patrol reads: its time span and duration, a person found, and the whole patrol as
one text (the patrol's page). Used by the list, the page and the form alike."""

from __future__ import annotations

from datetime import time, timedelta

from rich.text import Text

from nghean_tui.domain.enums import FindingCategory, ParticipantKind, PatrolKind
from nghean_tui.i18n import t
from nghean_tui.storage import patrols as store
from nghean_tui.widgets.plain import fmt_code, fmt_date, fmt_int, fmt_time, plain


def time_span(start: time | None, end: time | None, *, compact: bool = False) -> str:
    """ "20:00–01:30 (+1)": a patrol ending the next day says so."""
    if start is None and end is None:
        return ""
    text = f"{fmt_time(start) or '?'}–{fmt_time(end) or '?'}" if end else fmt_time(start)
    if store.is_overnight(start, end):
        text += " +1" if compact else " (+1)"
    return text


def duration_text(minutes: int | None) -> str:
    if minutes is None:
        return ""
    return t("patrols.duration", hours=minutes // 60, minutes=f"{minutes % 60:02d}")


def _line(text: Text, label: str, value: Text | str) -> None:
    """ "Label: value", the value shown literally; an empty one says it was not recorded."""
    value = value if isinstance(value, Text) else plain(value)
    text.append(f"{label}: ", style="dim")
    text.append(value if value.plain else Text(t("patrols.nobody"), style="dim"))
    text.append("\n")


def patrol_text(detail) -> Text:
    """Everything about the patrol, one fact per line; user text shown literally."""
    p = detail.patrol
    text = Text()
    _line(text, t("patrols.kind"), fmt_code(PatrolKind, p.kind))
    when = Text(time_span(p.start_time, p.end_time))
    if store.is_overnight(p.start_time, p.end_time):
        when.append(
            " — " + t("patrols.ends_next_day", date=fmt_date(p.patrol_date + timedelta(days=1))),
            style="bold",
        )
    minutes = store.duration_minutes(p.start_time, p.end_time)
    if minutes is not None:
        when.append(" · " + duration_text(minutes))
    _line(text, t("patrols.time"), when)
    _line(text, t("patrols.leader"), detail.leader_name)
    _line(text, t("patrols.hamlets"), ", ".join(n for _, n in detail.hamlets))
    _line(text, t("patrols.routes"), p.routes)
    text.append(t("patrols.force", count=len(detail.participants)) + "\n", style="bold")
    for kind, key in (
        (ParticipantKind.OFFICER, "patrols.officers"),
        (ParticipantKind.TEAM_MEMBER, "patrols.members"),
        (ParticipantKind.OTHER, "patrols.others"),
    ):
        rows = detail.participants_of(kind)
        if rows or kind is ParticipantKind.OFFICER:
            text.append("  ")
            _line(text, t(key), ", ".join(r.name for r in rows))
    _line(text, t("patrols.people_checked"), fmt_int(p.people_checked))
    found = sum(f.count for f in detail.findings)
    text.append(t("patrols.findings", count=fmt_int(found)) + "\n", style="bold")
    if not detail.findings:
        text.append("  " + t("patrols.no_findings") + "\n", style="dim")
    for finding in detail.findings:
        text.append(f"  • {fmt_code(FindingCategory, finding.category)}: {fmt_int(finding.count)}")
        if finding.area_m2 is not None:
            text.append(" (" + t("patrols.area", area=fmt_int(finding.area_m2)) + ")")
        if finding.description:
            text.append(" — ")
            text.append(plain(finding.description.replace("\n", " ")))
        text.append("\n")
    if detail.persons:
        text.append(t("patrols.persons") + "\n", style="bold")
        for person in detail.persons:
            text.append("  • ")
            text.append(plain(person_label(person.full_name, person.birth_year, person.hamlet)))
            if person.note:
                text.append(" — ")
                text.append(plain(person.note))
            text.append("\n")
    if detail.hotspots:
        _line(text, t("patrols.hotspots"), "; ".join(n for _, n in detail.hotspots))
    if p.notes:
        _line(text, t("patrols.notes"), plain(p.notes, multiline=True))
    text.rstrip()
    return text


def person_label(name: str, birth_year: int | None, hamlet: str) -> str:
    """ "Lầu Bá Chống (1990, Bản Phá Lé)"."""
    extra = ", ".join(x for x in (str(birth_year) if birth_year else "", hamlet) if x)
    return f"{name} ({extra})" if extra else name
