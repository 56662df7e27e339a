"""Keyslots: the database key (DBK) wrapped once per way of opening the database.

The DBK is 32 random bytes and never touches the disk in clear. Each slot wraps it with
ChaCha20-Poly1305 under a key derived from something a person holds:

* ``passphrase`` slots, one per officer: Argon2id, parameters calibrated at setup;
* one ``recovery`` slot: a random code of 130 bits written down at setup (it has enough
  entropy that HKDF suffices; stretching it would add nothing);
* ``escrow`` slots: the DBK encrypted with age to an enrolled supervisor station.

A slot's metadata (id, kind, officer, KDF parameters) and the database id are the AEAD's
associated data, so changing any of them makes the slot fail to open. The whole file also
carries an HMAC keyed from the DBK, checked after unlocking, which reveals slots added,
removed or edited by someone without the key. The file is written atomically in two copies.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from nghean_tui.storage.atomic import write_atomic

FORMAT = "nghean-keyslots/1"
PRIMARY, BACKUP = "keyslots.json", "keyslots.bak.json"

# Bounds (docs/security-notes.md, "Keys (§1)"): refuse weaker (brute-forceable) or absurd (denial of
# service by a tampered file) parameters before running the KDF at all.
MIN_MEMORY_KIB, MAX_MEMORY_KIB = 19 * 1024, 1024 * 1024
MIN_ITERATIONS, MAX_ITERATIONS = 2, 10
MIN_LANES, MAX_LANES = 1, 4
CALIBRATION_TARGET_S = 0.6
CALIBRATION_START_MEMORY_KIB = 64 * 1024

# Crockford's base32: no I, L, O, U, so what is written down reads back unambiguously.
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_RANDOM_CHARS = 26  # 130 bits
RECOVERY_CHECK_CHARS = 2


class KeyslotError(Exception):
    """The keyslot file cannot be used; ``reason`` is a stable code for messages."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        super().__init__(f"{reason}: {detail}" if detail else reason)


class WrongSecret(KeyslotError):
    def __init__(self) -> None:
        super().__init__("wrong_secret")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _canonical(obj) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


# ---------------------------------------------------------------- KDF parameters


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int
    iterations: int
    lanes: int = 1

    def check(self) -> None:
        ok = (
            MIN_MEMORY_KIB <= self.memory_kib <= MAX_MEMORY_KIB
            and MIN_ITERATIONS <= self.iterations <= MAX_ITERATIONS
            and MIN_LANES <= self.lanes <= MAX_LANES
        )
        if not ok:
            raise KeyslotError(
                "kdf_out_of_range", f"m={self.memory_kib} KiB, t={self.iterations}, p={self.lanes}"
            )

    def derive(self, secret: bytes, salt: bytes) -> bytes:
        self.check()
        return Argon2id(
            salt=salt,
            length=32,
            iterations=self.iterations,
            lanes=self.lanes,
            memory_cost=self.memory_kib,
        ).derive(secret)


FLOOR = KdfParams(MIN_MEMORY_KIB, MIN_ITERATIONS, 1)


def _time(params: KdfParams) -> float:
    start = time.perf_counter()
    params.derive(b"calibration", os.urandom(16))
    return time.perf_counter() - start


def _scaled(params: KdfParams, factor: float) -> KdfParams:
    """``params`` made ``factor`` times as costly: iterations first, then memory."""
    iterations = round(params.iterations * factor)
    memory = params.memory_kib
    if iterations < MIN_ITERATIONS:  # a slow machine: shrink memory, never below the floor
        memory = max(MIN_MEMORY_KIB, int(memory * iterations / MIN_ITERATIONS) or MIN_MEMORY_KIB)
        iterations = MIN_ITERATIONS
    elif iterations > MAX_ITERATIONS:
        memory = min(MAX_MEMORY_KIB, int(memory * iterations / MAX_ITERATIONS))
        iterations = MAX_ITERATIONS
    return KdfParams(memory, iterations, params.lanes)


def calibrate(target_s: float = CALIBRATION_TARGET_S) -> KdfParams:
    """Parameters that take about ``target_s`` on this machine, within the allowed bounds.

    Memory is preferred over iterations (it is what makes guessing on GPUs expensive), but
    starts at 64 MiB because the field laptops are old; iterations rise to the target, and
    memory grows further only when ten iterations are still too fast. Two rounds of
    measuring, because the first pass pays for allocating the memory.
    """
    params = KdfParams(CALIBRATION_START_MEMORY_KIB, MIN_ITERATIONS)
    for _ in range(2):
        params = _scaled(params, target_s / max(_time(params), 1e-4))
    return params


def default_params() -> KdfParams:
    """Calibrated parameters, or the floor when ``NGHEAN_KDF=fast`` (tests and the demo)."""
    if os.environ.get("NGHEAN_KDF") == "fast":
        return FLOOR
    return calibrate()


# ---------------------------------------------------------------- recovery codes


def _checksum(chars: str) -> str:
    digest = hashlib.sha256(chars.encode("ascii")).digest()
    return "".join(_CROCKFORD[b % 32] for b in digest[:RECOVERY_CHECK_CHARS])


def new_recovery_code() -> str:
    """A fresh code, grouped by four for writing down: ``7KQ2-M9XD-…`` (28 characters)."""
    body = "".join(secrets.choice(_CROCKFORD) for _ in range(RECOVERY_RANDOM_CHARS))
    chars = body + _checksum(body)
    return "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))


def normalize_recovery_code(text: str) -> str:
    """The code's canonical characters, forgiving case, spaces, dashes and O/I/L look-alikes.

    Raises ``KeyslotError("recovery_code_malformed")`` when it cannot be a code, so a typo is
    reported as a typo instead of as a wrong code.
    """
    table = str.maketrans({"O": "0", "I": "1", "L": "1"})
    chars = "".join(ch for ch in text.upper().translate(table) if ch not in " -\t")
    expected = RECOVERY_RANDOM_CHARS + RECOVERY_CHECK_CHARS
    if len(chars) != expected or any(ch not in _CROCKFORD for ch in chars):
        raise KeyslotError("recovery_code_malformed")
    body, check = chars[:RECOVERY_RANDOM_CHARS], chars[RECOVERY_RANDOM_CHARS:]
    if not hmac.compare_digest(_checksum(body), check):
        raise KeyslotError("recovery_code_malformed", "checksum")
    return chars


def _recovery_key(code: str, salt: bytes) -> bytes:
    chars = normalize_recovery_code(code)
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"nghean-tui recovery slot v1"
    ).derive(chars.encode("ascii"))


# ---------------------------------------------------------------- the file


@dataclass
class Unlocked:
    """What a successful unlock yields."""

    dbk: bytes
    slot_id: str
    kind: str
    officer_id: str | None


class KeyslotFile:
    """The two copies of the keyslot file in ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.db_id: str = ""
        self.generation = 0
        self.slots: list[dict] = []
        self.mac: str = ""
        self.tampered = False  # set after unlock if the MAC did not verify on any copy

    # ------------------------------------------------------------ reading and writing

    @property
    def paths(self) -> tuple[Path, Path]:
        return self.directory / PRIMARY, self.directory / BACKUP

    def exists(self) -> bool:
        return any(p.exists() for p in self.paths)

    def _parse(self, raw: bytes) -> dict:
        try:
            doc = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise KeyslotError("damaged", "not JSON") from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise KeyslotError("damaged", "unknown format")
        slots = doc.get("slots")
        if (
            not isinstance(doc.get("db_id"), str)
            or not isinstance(doc.get("generation"), int)
            or not isinstance(slots, list)
            or not all(isinstance(s, dict) for s in slots)
            or not isinstance(doc.get("mac"), str)
        ):
            raise KeyslotError("damaged", "bad structure")
        return doc

    def _candidates(self) -> list[dict]:
        """Parsable copies, newest generation first."""
        docs, errors = [], []
        for path in self.paths:
            try:
                docs.append(self._parse(path.read_bytes()))
            except FileNotFoundError:
                continue
            except (KeyslotError, OSError) as exc:
                errors.append(exc)
        if not docs:
            if errors:
                raise KeyslotError("damaged", "no readable copy of the keyslot file")
            raise KeyslotError("missing")
        docs.sort(key=lambda d: d["generation"], reverse=True)
        return docs

    def _adopt(self, doc: dict) -> None:
        self.db_id, self.generation = doc["db_id"], doc["generation"]
        self.slots, self.mac = doc["slots"], doc["mac"]

    def load(self) -> None:
        self._adopt(self._candidates()[0])

    def _body(self) -> dict:
        return {
            "format": FORMAT,
            "db_id": self.db_id,
            "generation": self.generation,
            "slots": self.slots,
        }

    def _compute_mac(self, dbk: bytes, body: dict) -> str:
        key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"nghean-tui keyslot file mac v1"
        ).derive(dbk)
        return hmac.new(key, _canonical(body), hashlib.sha256).hexdigest()

    def save(self, dbk: bytes) -> None:
        """Write both copies (primary first); each write is atomic, so at every instant at
        least one complete copy exists."""
        self.generation += 1
        body = self._body()
        self.mac = self._compute_mac(dbk, body)
        data = json.dumps({**body, "mac": self.mac}, indent=1, sort_keys=True).encode()
        self.directory.mkdir(parents=True, exist_ok=True)
        for path in self.paths:
            write_atomic(path, data)

    def verify_and_repair(self, dbk: bytes) -> bool:
        """After unlock: make the copy in use one whose MAC verifies and rewrite the other
        copy if it is missing, stale or damaged. Returns False (and sets ``tampered``)
        when no copy verifies."""
        good = None
        for doc in self._candidates():
            body = {k: doc[k] for k in ("format", "db_id", "generation", "slots")}
            if doc["db_id"] == self.db_id and hmac.compare_digest(
                self._compute_mac(dbk, body), doc["mac"]
            ):
                good = doc
                break
        if good is None:
            self.tampered = True
            return False
        self._adopt(good)
        data = json.dumps(good, indent=1, sort_keys=True).encode()
        for path in self.paths:
            try:
                current = path.read_bytes()
            except OSError:
                current = b""
            if current != data:
                write_atomic(path, data)
        return True

    # ------------------------------------------------------------ slot crypto

    def _ad(self, slot: dict) -> bytes:
        meta = {k: v for k, v in slot.items() if k not in ("nonce", "wrapped")}
        return _canonical({"db_id": self.db_id, "slot": meta})

    def _wrap(self, slot: dict, wrap_key: bytes, dbk: bytes) -> dict:
        nonce = os.urandom(12)
        slot["nonce"] = _b64(nonce)
        slot["wrapped"] = _b64(ChaCha20Poly1305(wrap_key).encrypt(nonce, dbk, self._ad(slot)))
        return slot

    def _unwrap(self, slot: dict, wrap_key: bytes) -> bytes:
        try:
            nonce, wrapped = _unb64(slot["nonce"]), _unb64(slot["wrapped"])
            dbk = ChaCha20Poly1305(wrap_key).decrypt(nonce, wrapped, self._ad(slot))
        except (InvalidTag, KeyError, ValueError, TypeError):
            raise WrongSecret() from None
        if len(dbk) != 32:
            raise WrongSecret()
        return dbk

    @staticmethod
    def _slot_params(slot: dict) -> tuple[KdfParams, bytes]:
        try:
            kdf = slot["kdf"]
            if kdf["alg"] != "argon2id":
                raise KeyslotError("damaged", "unknown KDF")
            params = KdfParams(int(kdf["m_kib"]), int(kdf["t"]), int(kdf["p"]))
            salt = _unb64(kdf["salt"])
        except (KeyError, TypeError, ValueError):
            raise KeyslotError("damaged", "bad KDF block") from None
        params.check()
        return params, salt

    # ------------------------------------------------------------ creating slots

    def create(self, db_id: str) -> None:
        """Start an empty file for a new database (nothing is written until :meth:`save`)."""
        self.db_id, self.generation, self.slots = db_id, 0, []

    def _passphrase_slot(
        self, dbk: bytes, officer_id: str, passphrase: str, params: KdfParams | None, slot_id: str
    ) -> dict:
        params = params or default_params()
        params.check()
        salt = os.urandom(16)
        slot = {
            "id": slot_id,
            "kind": "passphrase",
            "officer_id": officer_id,
            "kdf": {
                "alg": "argon2id",
                "m_kib": params.memory_kib,
                "t": params.iterations,
                "p": params.lanes,
                "salt": _b64(salt),
            },
        }
        return self._wrap(slot, params.derive(passphrase.encode("utf-8"), salt), dbk)

    def add_passphrase(
        self, dbk: bytes, officer_id: str, passphrase: str, params: KdfParams | None = None
    ) -> str:
        slot = self._passphrase_slot(dbk, officer_id, passphrase, params, str(uuid.uuid4()))
        self.slots.append(slot)
        return slot["id"]

    def set_recovery(self, dbk: bytes) -> str:
        """Replace the recovery slot with a new code, returned for showing once."""
        code = new_recovery_code()
        salt = os.urandom(16)
        slot = {
            "id": str(uuid.uuid4()),
            "kind": "recovery",
            "kdf": {"alg": "hkdf-sha256", "salt": _b64(salt)},
        }
        self.slots = [s for s in self.slots if s.get("kind") != "recovery"]
        self.slots.append(self._wrap(slot, _recovery_key(code, salt), dbk))
        return code

    def add_escrow(self, dbk: bytes, recipient: str, device_id: str) -> str:
        """Encrypt the DBK to a supervisor's age recipient (replacing that device's slot)."""
        import pyrage

        try:
            wrapped = pyrage.encrypt(dbk, [pyrage.x25519.Recipient.from_str(recipient)])
        except Exception as exc:  # pyrage raises its own types for a malformed recipient
            raise KeyslotError("bad_recipient", str(exc)) from None
        slot = {
            "id": str(uuid.uuid4()),
            "kind": "escrow",
            "recipient": recipient,
            "device_id": device_id,
            "wrapped": _b64(wrapped),
        }
        self.slots = [
            s
            for s in self.slots
            if not (s.get("kind") == "escrow" and s.get("device_id") == device_id)
        ]
        self.slots.append(slot)
        return slot["id"]

    def remove(self, slot_id: str) -> None:
        remaining = [s for s in self.slots if s.get("id") != slot_id]
        if len(remaining) == len(self.slots):
            raise KeyslotError("no_such_slot")
        if not any(s.get("kind") == "passphrase" for s in remaining):
            raise KeyslotError("last_passphrase")
        self.slots = remaining

    def rewrap_passphrase(
        self, dbk: bytes, slot_id: str, passphrase: str, params: KdfParams | None = None
    ) -> None:
        """Change one officer's passphrase: a new salt and wrap, same DBK, same slot id."""
        old = self.slot(slot_id)
        if old.get("kind") != "passphrase":
            raise KeyslotError("no_such_slot")
        index = self.slots.index(old)
        self.slots[index] = self._passphrase_slot(
            dbk, old["officer_id"], passphrase, params, slot_id
        )

    # ------------------------------------------------------------ unlocking

    def slot(self, slot_id: str) -> dict:
        for s in self.slots:
            if s.get("id") == slot_id:
                return s
        raise KeyslotError("no_such_slot")

    def passphrase_slots(self) -> list[dict]:
        return [s for s in self.slots if s.get("kind") == "passphrase"]

    def unlock_passphrase(self, passphrase: str, prefer: str | None = None) -> Unlocked:
        """Try each passphrase slot, the preferred (last used) one first.

        Every slot's parameters are checked before any KDF runs, so one tampered slot with
        absurd parameters cannot make unlocking hang or exhaust memory.
        """
        slots = self.passphrase_slots()
        if not slots:
            raise KeyslotError("no_passphrase_slot")
        checked = [(s, *self._slot_params(s)) for s in slots]
        checked.sort(key=lambda item: item[0].get("id") != prefer)
        secret = passphrase.encode("utf-8")
        for slot, params, salt in checked:
            try:
                dbk = self._unwrap(slot, params.derive(secret, salt))
            except WrongSecret:
                continue
            return Unlocked(dbk, slot["id"], "passphrase", slot.get("officer_id"))
        raise WrongSecret()

    def unlock_recovery(self, code: str) -> Unlocked:
        for slot in self.slots:
            if slot.get("kind") != "recovery":
                continue
            try:
                salt = _unb64(slot["kdf"]["salt"])
            except (KeyError, TypeError, ValueError):
                raise KeyslotError("damaged", "bad recovery slot") from None
            dbk = self._unwrap(slot, _recovery_key(code, salt))
            return Unlocked(dbk, slot["id"], "recovery", None)
        raise KeyslotError("no_recovery_slot")

    def unlock_escrow(self, identity) -> Unlocked:
        """Open with a supervisor's age identity (a ``pyrage.x25519.Identity``)."""
        import pyrage

        for slot in self.slots:
            if slot.get("kind") != "escrow":
                continue
            try:
                dbk = pyrage.decrypt(_unb64(slot["wrapped"]), [identity])
            except Exception:  # not addressed to this identity, or damaged
                continue
            if len(dbk) == 32:
                return Unlocked(dbk, slot["id"], "escrow", None)
        raise WrongSecret()
