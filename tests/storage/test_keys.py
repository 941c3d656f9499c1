"""Key wrapping, Argon2id parameters and recovery keys."""

from __future__ import annotations

import pytest

from trustrepair.storage import keys

FAST = keys.OWASP_MINIMUM_KDF


def test_wrap_round_trip_and_parameters_stored() -> None:
    """A wrapped key unwraps with the same secret; the KDF parameters travel with it."""
    data_key = keys.new_data_key()
    wrapped = keys.wrap(data_key, "correct horse", FAST)
    assert wrapped["kdf"] == {"name": "argon2id", "m": 19 * 1024, "t": 2, "p": 1}
    assert keys.unwrap(wrapped, "correct horse") == data_key


def test_wrong_secret_is_refused() -> None:
    """Unwrapping with another secret raises KeyUnwrapError (AEAD tag check)."""
    wrapped = keys.wrap(keys.new_data_key(), "one", FAST)
    with pytest.raises(keys.KeyUnwrapError):
        keys.unwrap(wrapped, "two")


def test_each_wrap_uses_fresh_salt_and_nonce() -> None:
    """Two wraps of the same key with the same secret share no salt, nonce or ciphertext."""
    data_key = keys.new_data_key()
    a, b = keys.wrap(data_key, "s", FAST), keys.wrap(data_key, "s", FAST)
    assert (
        a["salt"] != b["salt"] and a["nonce"] != b["nonce"] and a["ciphertext"] != b["ciphertext"]
    )


def test_defaults_meet_owasp_minimum() -> None:
    """Real vaults use at least OWASP's Argon2id minimum."""
    assert keys.DEFAULT_KDF.memory_kib >= 19 * 1024
    assert keys.DEFAULT_KDF.iterations >= 2


def test_absurd_stored_parameters_are_rejected() -> None:
    """A tampered wrap cannot make us allocate unbounded memory."""
    wrapped = keys.wrap(keys.new_data_key(), "s", FAST)
    wrapped["kdf"]["m"] = 10**12
    with pytest.raises(keys.KeyFormatError):
        keys.unwrap(wrapped, "s")


def test_recovery_key_is_printable_and_forgiving() -> None:
    """Recovery keys are 8 groups of 4 base32 characters; typing variations normalise."""
    key = keys.new_recovery_key()
    groups = key.split("-")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    sloppy = key.lower().replace("-", " ").replace("O", "0")
    assert keys.normalise_recovery_key(sloppy) == key
    with pytest.raises(keys.KeyUnwrapError):
        keys.normalise_recovery_key("not a key")


@pytest.mark.parametrize(
    ("m", "t", "p"),
    [
        (4 * 1024 * 1024, 2, 1),  # 4 GiB
        (keys.MAX_MEMORY_KIB, 8, 1),  # within each limit, but 2 GiB x passes: seconds per try
        (19 * 1024, 10**6, 1),
        (19 * 1024, 2, 64),
        (8, 1, 2),  # less memory than lanes need
    ],
)
def test_costly_parameters_are_refused_before_any_derivation(
    m: int, t: int, p: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoever writes a file chooses its Argon2id cost and every passphrase try pays it: past
    the limits it is refused untried (the maximum once cost 68 s and 1.1 GB per try)."""

    def derive(*_args: object) -> bytes:
        raise AssertionError("a key was derived")

    wrapped = keys.wrap(keys.new_data_key(), "s", FAST)
    wrapped["kdf"].update(m=m, t=t, p=p)
    monkeypatch.setattr(keys, "derive", derive)
    with pytest.raises(keys.KdfOutOfRange):
        keys.unwrap(wrapped, "s")


def test_the_default_and_the_test_cost_are_within_the_limits() -> None:
    """The parameters the program writes are ones it accepts back."""
    for params in (keys.DEFAULT_KDF, keys.OWASP_MINIMUM_KDF):
        assert keys.KdfParams.from_json(params.to_json()) == params


@pytest.mark.parametrize(
    ("secret", "params", "expected"),
    [
        (
            "pâssphrase",
            keys.OWASP_MINIMUM_KDF,
            "4eb6bb7824788a7cd87e6969111e484eb8dbb2f0dd0fdb19187b7d23e30d0a8d",
        ),
        (
            "x",
            keys.KdfParams(memory_kib=64, iterations=1, lanes=2),
            "4ea47d9769a592c8eebd4fe689268d75df7ba8dd9ae1d62e7ab5c7c1069a1a39",
        ),
    ],
)
def test_derive_gives_the_keys_earlier_versions_derived(
    secret: str, params: keys.KdfParams, expected: str
) -> None:
    """Argon2id gives the keys cryptography's Argon2id gave (vectors made with it), so every
    existing vault, backup and encrypted file still opens."""
    assert keys.derive(secret, b"trustrepair-salt", params).hex() == expected


def test_a_key_derived_soon_is_taken_by_the_unwrap(monkeypatch: pytest.MonkeyPatch) -> None:
    """derive_soon starts the derivation; the unwrap with the same secret takes its result
    instead of deriving again, and nothing of it is kept afterwards."""
    data_key = keys.new_data_key()
    wrapped = keys.wrap(data_key, "correct horse", FAST)
    keys.derive_soon(wrapped, "correct horse")
    derived_again: list[object] = []
    real = keys._argon2id
    monkeypatch.setattr(keys, "_argon2id", lambda *a: derived_again.append(a) or real(*a))
    assert keys.unwrap(wrapped, "correct horse") == data_key
    assert derived_again == []
    assert keys._pending == {}


def test_a_key_derived_soon_for_another_secret_is_not_used() -> None:
    """A derivation started for a wrong secret never opens the wrap with the right one, nor
    the right secret's derivation a wrong one; an unreadable wrap starts nothing."""
    data_key = keys.new_data_key()
    wrapped = keys.wrap(data_key, "right", FAST)
    keys.derive_soon(wrapped, "wrong")
    assert keys.unwrap(wrapped, "right") == data_key
    keys.derive_soon(wrapped, "right")
    with pytest.raises(keys.KeyUnwrapError):
        keys.unwrap(wrapped, "wrong")
    keys.derive_soon({"kdf": {"name": "scrypt"}}, "other")
    keys.derive_soon("not a wrap", "other")
    assert [secret for secret, _salt, _params in keys._pending] == ["right"]
    keys._pending.clear()


def test_data_wrapped_in_pieces_unwraps_whole() -> None:
    """wrap_chunks gives what wrap gives: any cut of the data into pieces, base64 cut in
    threes of bytes, unwraps to the data joined (the tag last)."""
    data = bytes(range(256)) * 40 + b"the end"
    pieces = [data[:1], data[1:5], b"", data[5:4001], data[4001:]]
    fields, ciphertext = keys.wrap_chunks(iter(pieces), "correct horse", FAST, aad=b"test")
    wrapped = {**fields, "ciphertext": "".join(ciphertext)}
    assert keys.unwrap(wrapped, "correct horse", aad=b"test") == data
    with pytest.raises(keys.KeyUnwrapError):
        keys.unwrap(wrapped, "correct horse", aad=b"other")
