"""Password hashing with argon2id (memory-hard), rehash when the parameters change, and a dummy
verification for unknown users so that a wrong user name costs as long as a wrong password.

The parameters live in the settings (argon2_time_cost, argon2_memory_kib, argon2_parallelism);
the defaults are argon2-cffi's (RFC 9106 low-memory profile: t=3, 64 MiB, p=4)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


@dataclass(frozen=True)
class HashParams:
    time_cost: int = 3
    memory_kib: int = 65536
    parallelism: int = 4


@lru_cache(maxsize=8)
def hasher(params: HashParams = HashParams()) -> PasswordHasher:
    return PasswordHasher(
        time_cost=params.time_cost, memory_cost=params.memory_kib, parallelism=params.parallelism, type=Type.ID
    )


@lru_cache(maxsize=8)
def _dummy_hash(params: HashParams) -> str:
    return hasher(params).hash("dummy password for unknown users")


def hash_password(password: str, params: HashParams = HashParams()) -> str:
    return hasher(params).hash(password)


def verify(stored_hash: str | None, password: str, params: HashParams = HashParams()) -> tuple[bool, bool]:
    """(password matches, hash should be recomputed with the current parameters).

    With no stored hash (unknown user, OIDC-only account) a dummy hash is verified instead and
    the answer is always no: the time spent does not tell whether the account exists."""
    h = hasher(params)
    if not stored_hash:
        try:
            h.verify(_dummy_hash(params), password)
        except VerificationError:
            pass
        return False, False
    try:
        h.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False, False
    return True, h.check_needs_rehash(stored_hash)


def password_problem(password: str, min_length: int, username: str = "") -> tuple[str, dict] | None:
    """Why this password is not acceptable, as a text key and its parameters (rendered in the
    reader's language where it is shown), or None."""
    if len(password) < min_length:
        return "auth.password.too_short", {"n": min_length}
    if username and username.lower() in password.lower():
        return "auth.password.contains_username", {}
    if len(set(password)) < 4:
        return "auth.password.too_simple", {}
    return None
