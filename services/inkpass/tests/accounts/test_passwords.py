import secrets
import string

import pytest

from inkpass.passwords import (
    WeakPassword,
    burn_verify_time,
    check_password_policy,
    hash_password,
    needs_rehash,
    verify_password,
)


def policy(password: str, email: str = "jane.doe@example.com", **kwargs: object) -> None:
    check_password_policy(password, email=email, min_length=8, max_length=128, **kwargs)  # type: ignore[arg-type]


def test_hashes_are_argon2id_with_owasp_parameters() -> None:
    hashed = hash_password("Blue-Kettle-Morning-7")
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert verify_password(hashed, "Blue-Kettle-Morning-7")
    assert not verify_password(hashed, "blue-kettle-morning-7")
    assert hash_password("Blue-Kettle-Morning-7") != hashed  # salted
    assert not needs_rehash(hashed)


def test_weaker_old_hashes_ask_for_a_rehash_and_garbage_never_verifies() -> None:
    from argon2 import PasswordHasher

    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("Blue-Kettle-Morning-7")
    assert verify_password(old, "Blue-Kettle-Morning-7")
    assert needs_rehash(old)
    assert not verify_password("not-a-hash", "anything")
    burn_verify_time()


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1!", "at least 8"),
        ("password", "commonly used"),
        ("qwertyuiop", "commonly used"),
        ("mary12345678", "too easy"),
        ("Passw0rd!", "too easy"),
        ("aaaaaaaaaaaa", "too easy"),
        ("janedoe-1987", "email address"),
        ("JANE.DOE.strong-Kettle", "email address"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password: str, reason: str) -> None:
    with pytest.raises(WeakPassword) as caught:
        policy(password)
    assert caught.value.status_code == 422
    assert any(reason in item for item in caught.value.reasons), caught.value.reasons
    assert caught.value.body()["reasons"] == caught.value.reasons


def test_names_given_as_user_inputs_count_against_the_password() -> None:
    policy("Zanzibar-Quokka")
    with pytest.raises(WeakPassword):
        policy("Zanzibar-Quokka", user_inputs=["Zanzibar Quokka"])


def test_strong_passwords_up_to_the_maximum_are_accepted() -> None:
    policy("Blue-Kettle-Morning-7")
    policy("correct horse battery staple")
    alphabet = string.ascii_letters + string.digits + string.punctuation
    long_password = "".join(secrets.choice(alphabet) for _ in range(128))
    policy(long_password)
    policy("".join(secrets.choice(alphabet) for _ in range(64)))
    with pytest.raises(WeakPassword) as caught:
        policy(long_password + "x")
    assert "at most 128" in caught.value.reasons[0]


def test_control_characters_are_refused() -> None:
    with pytest.raises(WeakPassword):
        policy("Blue-Kettle\x00Morning-7")
