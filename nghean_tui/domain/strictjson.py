"""Strict, bounded JSON for what comes from outside (bundles, identity cards, criteria files,
settings): depth, containers and values are counted before the parser runs, so a deeply
nested or inflated document is refused with a ValueError, never a RecursionError."""

from __future__ import annotations

import json
import re

# A JSON string, escapes included: removed to see the structure around the strings.
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)


def check_structure(
    data: bytes, max_depth: int, max_containers: int, max_values: int, *, whitespace: bool = False
) -> None:
    """Refuse (ValueError) JSON deeper or larger than allowed before the parser builds
    anything: the strings are cut out, and what remains is the structure. Canonical JSON
    (bundles, cards) has no whitespace outside strings, so none is allowed unless asked."""
    skeleton = _JSON_STRING.sub(b"0", data)
    if not whitespace and any(c in skeleton for c in b" \t\r\n"):
        raise ValueError("whitespace")
    opened = skeleton.count(b"[") + skeleton.count(b"{")
    if opened > max_containers:
        raise ValueError("too many containers")
    if skeleton.count(b",") + opened > max_values:
        raise ValueError("too many values")
    brackets = skeleton.translate(None, delete=bytes(c for c in range(256) if c not in b"[]{}"))
    depth = 0
    for c in brackets:
        depth += 1 if c in (0x5B, 0x7B) else -1
        if depth > max_depth:
            raise ValueError("nested too deeply")


def strict_loads(data: bytes, *, max_depth: int, max_containers: int = 64, max_values: int = 4096):
    """Strict JSON: bounded (see :func:`check_structure`), UTF-8, no duplicate keys, no NaN."""
    check_structure(data, max_depth, max_containers, max_values)

    def no_duplicates(pairs):
        obj = dict(pairs)
        if len(obj) != len(pairs):
            raise ValueError("duplicate key")
        return obj

    def no_constants(name):
        raise ValueError(f"non-standard number {name}")

    try:
        return json.loads(
            data.decode("utf-8"), object_pairs_hook=no_duplicates, parse_constant=no_constants
        )
    except RecursionError:  # cannot happen after the depth check; never let it escape
        raise ValueError("nested too deeply") from None
