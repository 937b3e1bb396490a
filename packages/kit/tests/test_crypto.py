import pytest

from fluxkit.crypto import Keyring, KeyringError, generate_key_spec


def test_roundtrip_and_ciphertext_is_not_plaintext() -> None:
    keyring = Keyring.from_spec(generate_key_spec("k1"))
    token = keyring.encrypt("JBSWY3DPEHPK3PXP")
    assert "JBSWY3DPEHPK3PXP" not in token
    assert token.startswith("v1.k1.")
    assert keyring.decrypt_str(token) == "JBSWY3DPEHPK3PXP"


def test_same_plaintext_encrypts_differently() -> None:
    keyring = Keyring.from_spec(generate_key_spec("k1"))
    assert keyring.encrypt("x") != keyring.encrypt("x")


def test_rotation_keeps_old_values_readable_and_rewraps_them() -> None:
    old_spec = generate_key_spec("k1")
    old = Keyring.from_spec(old_spec)
    stored = old.encrypt("provider-api-key")
    rotated = Keyring.from_spec(f"{old_spec},{generate_key_spec('k2')}")
    assert rotated.active == "k2"
    assert rotated.decrypt_str(stored) == "provider-api-key"
    rewrapped = rotated.rotate_value(stored)
    assert rotated.key_id_of(rewrapped) == "k2"
    assert rotated.decrypt_str(rewrapped) == "provider-api-key"
    assert rotated.rotate_value(rewrapped) == rewrapped


def test_tampering_and_unknown_keys_are_rejected() -> None:
    keyring = Keyring.from_spec(generate_key_spec("k1"))
    token = keyring.encrypt("secret")
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(KeyringError):
        keyring.decrypt(flipped)
    other = Keyring.from_spec(generate_key_spec("k9"))
    with pytest.raises(KeyringError):
        other.decrypt(token)


def test_associated_data_binds_ciphertext_to_its_row() -> None:
    keyring = Keyring.from_spec(generate_key_spec("k1"))
    token = keyring.encrypt("secret", b"user:1")
    assert keyring.decrypt(token, b"user:1") == b"secret"
    with pytest.raises(KeyringError):
        keyring.decrypt(token, b"user:2")


@pytest.mark.parametrize("spec", ["", "nokey", "k1:c2hvcnQ=", "a.b:" + "A" * 43])
def test_bad_specs_are_refused(spec: str) -> None:
    with pytest.raises(KeyringError):
        Keyring.from_spec(spec)
