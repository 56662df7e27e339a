"""The bundle file format: a signed inner layer inside an age v1 envelope.

The inner layer (what age decrypts to) is, byte for byte::

    magic                 16 bytes  b"NGHEAN-BUNDLE/1\\n"
    manifest length        4 bytes  big-endian
    manifest               canonical JSON (UTF-8, sorted keys, no spaces)
    payload length         8 bytes  big-endian
    payload                zlib-compressed canonical JSON
    signature             64 bytes  Ed25519

The signature covers ``SIGN_DOMAIN || SHA-256(manifest) || SHA-256(payload)``; the manifest
also names the payload digest, so the payload is covered twice. The exact bytes received are
verified — nothing is re-serialised to check it. docs/bundle-format.md is the specification,
with test vectors that tests/sync/test_vectors.py keeps honest.

Everything here is pure: no database, no files.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import unicodedata
import zlib
from dataclasses import dataclass

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from nghean_tui.domain.strictjson import strict_loads

FORMAT = 1
MAGIC = b"NGHEAN-BUNDLE/1\n"
SIGN_DOMAIN = b"nghean-tui bundle signature v1\x00"
AGE_HEADER = b"age-encryption.org/v1\n"
KINDS = ("changes", "reply")
EXTENSION = ".nghean"

# Limits checked before anything is parsed or decompressed (step 1 of the import). They bound
# the memory of an import whatever a file holds (docs/security-notes.md, "Bounded work"):
# a bundle's rows are held in memory while they are checked, so a bundle is at most
# MAX_RECORDS records and MAX_PAYLOAD_RAW bytes of JSON, and an export larger than that is
# split into several bundles (outbox.EXPORT_RECORDS). A commune's busiest day is a few
# hundred records; its first export after a spreadsheet import some tens of thousands.
MAX_MANIFEST = 1024 * 1024
MAX_PAYLOAD_RAW = 16 * 1024 * 1024
MAX_FILE = MAX_PAYLOAD_RAW + MAX_MANIFEST + 64 * 1024  # deflate never grows data by more
MAX_RECORDS = 25_000
MAX_RECIPIENTS = 16
MAX_TABLES = 64
# JSON nesting: a payload is object > object > block > rows > row (5); replies' sections are
# no deeper. Containers and values are bounded by the declared counts before parsing.
MAX_DEPTH = 6
MAX_ROW_WIDTH = 64
SLACK_CONTAINERS = 20_000  # reply sections: populations, revocations

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
DEVICE_ID = _DEVICE = re.compile(r"^[0-9a-z]{1,64}$")
_UNIT = re.compile(r"^[0-9]{2,5}$")
_TABLE = re.compile(r"^[a-z][a-z_]{0,39}$")
_PRINTABLE = re.compile(r"^[\x21-\x7e]{1,40}$")  # informational fields: ASCII, no spaces
_MANIFEST_KEYS = {
    "format",
    "bundle_id",
    "kind",
    "sender",
    "recipients",
    "seq",
    "prev_digest",
    "schema",
    "app_version",
    "created_at",
    "counts",
    "payload_digest",
    "payload_size",
}  # and "demo": true in a demo database's bundles, only there


class BundleError(Exception):
    """A bundle refused at some step; ``reason`` is a stable code (messages in the catalogue)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason, self.detail = reason, detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


def canonical(obj) -> bytes:
    """The one serialisation used for manifests and payloads."""
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def sha256(data: bytes | memoryview) -> str:
    return hashlib.sha256(data).hexdigest()


def signed_message(manifest: bytes, payload: bytes | memoryview) -> bytes:
    return SIGN_DOMAIN + hashlib.sha256(manifest).digest() + hashlib.sha256(payload).digest()


# ---------------------------------------------------------------- writing


def build_inner(manifest: dict, payload: dict, signer: Ed25519PrivateKey) -> bytes:
    """The signed inner layer. ``manifest`` is completed with the payload's digest and size."""
    raw = canonical(payload)
    compressed = zlib.compress(raw, 6)
    manifest = {
        **manifest,
        "format": FORMAT,
        "payload_digest": sha256(compressed),
        "payload_size": len(raw),
    }
    manifest_bytes = canonical(manifest)
    signature = signer.sign(signed_message(manifest_bytes, compressed))
    return b"".join(
        (
            MAGIC,
            struct.pack(">I", len(manifest_bytes)),
            manifest_bytes,
            struct.pack(">Q", len(compressed)),
            compressed,
            signature,
        )
    )


def encrypt(inner: bytes, recipients: list[str]) -> bytes:
    """The age v1 envelope (binary, not armored) to every recipient."""
    return pyrage.encrypt(inner, [pyrage.x25519.Recipient.from_str(r) for r in recipients])


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class Inner:
    """A parsed inner layer: the exact bytes, and the manifest they hold."""

    data: bytes
    manifest_bytes: bytes
    payload_bytes: bytes | memoryview  # a view into ``data``: a bundle is held once
    signature: bytes
    manifest: dict

    @property
    def digest(self) -> str:
        """The bundle's identity: the digest of its whole inner layer."""
        return sha256(self.data)

    @property
    def sender(self) -> str:
        return self.manifest["sender"]["device_id"]

    @property
    def seq(self) -> int:
        return self.manifest["seq"]

    @property
    def kind(self) -> str:
        return self.manifest["kind"]

    @property
    def demo(self) -> bool:
        """Sent by a demo database (synthetic data); a bundle without the mark is real."""
        return "demo" in self.manifest

    def verify(self, sign_key_hex: str) -> None:
        try:
            key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(sign_key_hex))
            key.verify(self.signature, signed_message(self.manifest_bytes, self.payload_bytes))
        except (InvalidSignature, ValueError):
            raise BundleError("forged") from None

    def payload(self) -> dict:
        """Decompress (never beyond the declared size) and parse the payload strictly."""
        size = self.manifest["payload_size"]
        inflater = zlib.decompressobj()
        try:
            raw = inflater.decompress(self.payload_bytes, size + 1)
        except zlib.error:
            raise BundleError("damaged", "payload does not decompress") from None
        if len(raw) != size or inflater.unconsumed_tail or not inflater.eof or inflater.unused_data:
            raise BundleError("damaged", "payload size")
        counts = self.manifest["counts"]
        rows = sum(counts.values())
        tables = len(counts) or MAX_TABLES
        try:
            obj = strict_loads(
                raw,
                max_depth=MAX_DEPTH,
                max_containers=rows + 3 * tables + SLACK_CONTAINERS,
                max_values=(rows + tables) * MAX_ROW_WIDTH + SLACK_CONTAINERS,
            )
        except (UnicodeDecodeError, ValueError) as exc:
            raise BundleError("damaged", f"payload: {exc}") from None
        if not isinstance(obj, dict):
            raise BundleError("damaged", "payload is not an object")
        return obj


def decrypt(data: bytes, identity: pyrage.x25519.Identity) -> bytes:
    """Steps 1–2: limits, then the age envelope with our identity."""
    if len(data) > MAX_FILE:
        raise BundleError("too_large")
    if not data.startswith(AGE_HEADER):
        raise BundleError("not_a_bundle")
    try:
        return pyrage.decrypt(data, [identity])
    except pyrage.DecryptError as exc:
        # age cannot tell "not for you" from a damaged header: both mean no stanza opened.
        message = str(exc).lower()
        if "no matching keys" in message or "no identity matched" in message:
            raise BundleError("not_addressed") from None
        raise BundleError("damaged", "envelope") from None


def parse_inner(data: bytes) -> Inner:
    """Step 3: the strict parse of the inner layer and its manifest."""
    if not data.startswith(MAGIC):
        raise BundleError("damaged", "magic")
    at = len(MAGIC)
    try:
        (mlen,) = struct.unpack_from(">I", data, at)
        at += 4
        if mlen > MAX_MANIFEST:
            raise BundleError("too_large", "manifest")
        manifest_bytes = data[at : at + mlen]
        at += mlen
        (plen,) = struct.unpack_from(">Q", data, at)
        at += 8
    except struct.error:
        raise BundleError("damaged", "truncated") from None
    payload_bytes = memoryview(data)[at : at + plen]
    at += plen
    signature = data[at : at + 64]
    if (
        len(manifest_bytes) != mlen
        or len(payload_bytes) != plen
        or len(signature) != 64
        or at + 64 != len(data)
    ):
        raise BundleError("damaged", "length")
    try:
        manifest = strict_loads(
            manifest_bytes,
            max_depth=3,
            max_containers=4 + MAX_TABLES,
            max_values=64 + MAX_RECIPIENTS + MAX_TABLES,
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise BundleError("damaged", f"manifest: {exc}") from None
    if canonical(manifest) != manifest_bytes:
        raise BundleError("damaged", "manifest is not canonical")
    check_manifest(manifest)
    if sha256(payload_bytes) != manifest["payload_digest"]:
        raise BundleError("damaged", "payload digest")
    return Inner(data, manifest_bytes, payload_bytes, signature, manifest)


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_manifest(m) -> None:
    """Every field present, of its type and within its limits; nothing else."""

    def bad(what: str):
        raise BundleError("damaged", f"manifest {what}")

    if not isinstance(m, dict) or set(m) - {"demo"} != _MANIFEST_KEYS:
        bad("fields")
    if "demo" in m and m["demo"] is not True:  # the mark is present and true, or absent
        bad("demo")
    if m["format"] != FORMAT:
        raise BundleError("unsupported_format", str(m["format"]))
    if m["kind"] not in KINDS:
        bad("kind")
    if not (isinstance(m["bundle_id"], str) and re.fullmatch(r"[0-9a-f]{32}", m["bundle_id"])):
        bad("bundle_id")
    sender = m["sender"]
    if not (
        isinstance(sender, dict)
        and set(sender) == {"device_id", "unit_code", "role"}
        and all(isinstance(v, str) for v in sender.values())
        and _DEVICE.match(sender["device_id"])
        and _UNIT.match(sender["unit_code"])
        and sender["role"] in ("commune", "supervisor")
    ):
        bad("sender")
    recipients = m["recipients"]
    if not (
        isinstance(recipients, list)
        and 0 < len(recipients) <= MAX_RECIPIENTS
        and all(isinstance(r, str) and _DEVICE.match(r) for r in recipients)
        and recipients == sorted(set(recipients))
    ):
        bad("recipients")
    if not (is_int(m["seq"]) and 1 <= m["seq"] < 2**53):
        bad("seq")
    if not (
        m["prev_digest"] == ""
        and m["seq"] == 1
        or isinstance(m["prev_digest"], str)
        and _HEX64.match(m["prev_digest"])
        and m["seq"] > 1
    ):
        bad("prev_digest")
    for key in ("schema", "app_version", "created_at"):
        if not (isinstance(m[key], str) and _PRINTABLE.match(m[key])):
            bad(key)
    counts = m["counts"]
    if not (
        isinstance(counts, dict)
        and len(counts) <= MAX_TABLES
        and all(_TABLE.match(k) and is_int(v) and v >= 0 for k, v in counts.items())
    ):
        bad("counts")
    if sum(counts.values()) > MAX_RECORDS:
        raise BundleError("too_large", "records")
    if not (isinstance(m["payload_digest"], str) and _HEX64.match(m["payload_digest"])):
        bad("payload_digest")
    if not (is_int(m["payload_size"]) and 0 <= m["payload_size"] <= MAX_PAYLOAD_RAW):
        raise BundleError("too_large", "payload")


def is_nfc(value: str) -> bool:
    return unicodedata.is_normalized("NFC", value)
