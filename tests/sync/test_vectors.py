"""The test vectors of docs/bundle-format.md, read from the document and recomputed."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import zlib
from pathlib import Path

import pyrage
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from nghean_tui.sync import bundle, records

DOC = Path(__file__).resolve().parents[2] / "docs" / "bundle-format.md"


def _vectors() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    found = dict(re.findall(r"^```\w+ vector=(\w+)\n(.*?)\n```$", text, re.M | re.S))
    assert len(found) == 13, sorted(found)
    return found


V = _vectors()


def _hex(name: str) -> bytes:
    return bytes.fromhex("".join(V[name].split()))


def _signer() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_hex("seed"))


def test_the_key_and_the_manifest_inputs():
    assert _signer().public_key().public_bytes_raw() == _hex("public_key")
    manifest = json.loads(V["manifest_input"])
    assert manifest["prev_digest"] == hashlib.sha256(b"the inner layer of bundle 1").hexdigest()
    # The payload is written in the document canonically.
    payload = json.loads(V["payload"])
    assert bundle.canonical(payload) == V["payload"].encode()
    assert len(V["payload"].encode()) == 358


def test_parsing_the_vector_inner_layer():
    inner = bundle.parse_inner(_hex("inner"))
    assert inner.manifest_bytes == V["manifest"].encode()
    assert inner.payload_bytes == _hex("compressed_payload")
    assert inner.signature == _hex("signature")
    assert (
        bundle.sha256(inner.payload_bytes)
        == V["payload_digest"]
        == inner.manifest["payload_digest"]
    )
    assert bundle.signed_message(inner.manifest_bytes, inner.payload_bytes) == _hex(
        "signed_message"
    )
    assert len(_hex("signed_message")) == 95
    assert inner.digest == V["inner_sha256"] == hashlib.sha256(_hex("inner")).hexdigest()
    inner.verify(_hex("public_key").hex())
    payload = inner.payload()
    assert payload == json.loads(V["payload"])
    incoming = records.check_records(payload["records"], inner.manifest["counts"])
    assert incoming.counts() == {"hamlet": 1}
    # The completed manifest is the input plus the three fields build_inner adds.
    completed = {
        **json.loads(V["manifest_input"]),
        "format": bundle.FORMAT,
        "payload_digest": V["payload_digest"],
        "payload_size": 358,
    }
    assert bundle.canonical(completed) == V["manifest"].encode()


def test_the_signature_is_the_documented_one():
    # Ed25519 is deterministic: the same key and message give the same signature.
    assert _signer().sign(_hex("signed_message")) == _hex("signature")


@pytest.mark.skipif(
    "ng" in zlib.ZLIB_RUNTIME_VERSION,
    reason="zlib-ng deflates to other (valid) bytes; the vector is zlib's",
)
def test_building_gives_the_documented_bytes():
    assert zlib.compress(V["payload"].encode(), 6) == _hex("compressed_payload")
    built = bundle.build_inner(json.loads(V["manifest_input"]), json.loads(V["payload"]), _signer())
    assert built == _hex("inner")
    assert hashlib.sha256(built).hexdigest() == V["inner_sha256"]


def test_the_age_vector_decrypts_to_the_inner_layer():
    identity = pyrage.x25519.Identity.from_str(V["age_identity"].strip())
    data = base64.b64decode("".join(V["age_file_base64"].split()))
    assert bundle.decrypt(data, identity) == _hex("inner")
    other = pyrage.x25519.Identity.generate()
    with pytest.raises(bundle.BundleError) as caught:
        bundle.decrypt(data, other)
    assert caught.value.reason == "not_addressed"


def test_a_changed_vector_byte_is_refused():
    data = bytearray(_hex("inner"))
    data[-1] ^= 1
    inner = bundle.parse_inner(bytes(data))
    with pytest.raises(bundle.BundleError) as caught:
        inner.verify(_hex("public_key").hex())
    assert caught.value.reason == "forged"
