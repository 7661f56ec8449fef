"""An account refusal is a text key + parameters, read in the reader's language where it is shown
(the admin and login pages, the CLI in Vietnamese), as the loader's problems are (issue 18)."""

from __future__ import annotations

import pytest

from auth import accounts
from auth.accounts import AccountError
from auth.passwords import password_problem
from warehouse.db import connect


def test_password_problem_is_a_key_with_parameters():
    assert password_problem("ngắn", 12) == ("auth.password.too_short", {"n": 12})
    assert password_problem("Mat-khau-dung-1", 12) is None


def test_account_error_renders_in_each_language(empty_db):
    con = connect(empty_db)
    try:
        accounts.change_setting(con, "test", "argon2_memory_kib", 8192)
        with pytest.raises(AccountError) as exc:
            accounts.create_user(con, "test", "xem", "X", "viewer", password="ngắn")
    finally:
        con.close()
    assert exc.value.key == "auth.password.too_short"
    assert str(exc.value) == exc.value.message("vi") and "ít nhất" in str(exc.value)
    assert exc.value.message("en").startswith("A password needs at least")
