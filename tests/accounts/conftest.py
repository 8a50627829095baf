"""The personas of tests/api, for the accounts tests."""
from tests.api.conftest import (  # noqa: F401
    alice,
    alice_client,
    anon,
    bob,
    bob_client,
    fast_password_hashing,
    machine,
)
