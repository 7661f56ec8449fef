"""Issue 16, defect 5: after repeated wrong passwords an existing account and an unknown name give
the same messages (and the same argon2 work), and a per-address throttle stops one visitor from
locking every account."""

import datetime as dt

import pytest
from auth_support import PASSWORD, T0, prepare

from auth import audit, signin, store
from warehouse.db import connect, copy_store


@pytest.fixture(scope="module")
def people_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("discovery") / "people.duckdb"
    prepare(db, settings={"address_attempts": 12})
    return db


@pytest.fixture
def con(people_db, tmp_path):
    copy = tmp_path / "people.duckdb"
    copy_store(people_db, copy)
    c = connect(copy)
    yield c
    c.close()


def tries(con, name: str, n: int, ip: str | None = None, start: dt.datetime = T0) -> list[str]:
    return [
        signin.sign_in(con, name, "sai mật khẩu", now=start + dt.timedelta(seconds=i), ip=ip).message for i in range(n)
    ]


def test_existing_and_unknown_names_get_the_same_messages(con):
    real = tries(con, "hcm", 7)
    ghost = tries(con, "khong_ton_tai", 7)
    assert real == ghost
    assert "tạm khóa" in real[4] and "tạm khóa" in real[6] and real[0] == "Tên đăng nhập hoặc mật khẩu không đúng."
    # and after the lock runs out both are asked again the same way
    later = T0 + dt.timedelta(minutes=16)
    assert (
        signin.sign_in(con, "hcm", "sai", now=later).message
        == signin.sign_in(con, "khong_ton_tai", "sai", now=later).message
    )


def test_every_path_costs_one_password_verification(con, monkeypatch):
    calls = []
    real_verify = signin.verify
    monkeypatch.setattr(signin, "verify", lambda *a, **kw: calls.append(a[0] is None) or real_verify(*a, **kw))
    tries(con, "hcm", 6)
    tries(con, "khong_ton_tai", 6)
    assert calls == [False] * 6 + [True] * 6  # the real hash, then the dummy one, once per attempt


def test_one_address_cannot_lock_every_account(con):
    ip = "203.0.113.7"
    for i, name in enumerate(("hcm", "binhduong")):  # 10 failures: two accounts locked ...
        tries(con, name, 5, ip=ip, start=T0 + dt.timedelta(minutes=i))
    two = tries(con, "quocgia", 2, ip=ip, start=T0 + dt.timedelta(minutes=3))  # ... 12: the address is blocked
    assert "tạm khóa" not in two[-1]
    blocked = signin.sign_in(con, "xem", PASSWORD, now=T0 + dt.timedelta(minutes=4), ip=ip)
    assert not blocked.ok and blocked.reason == "throttled" and "địa chỉ mạng này" in blocked.message
    assert store.get_account(con, "quocgia").failed_attempts == 2  # nothing counted against accounts now
    assert signin.sign_in(con, "khong_ton_tai", "x", now=T0 + dt.timedelta(minutes=4), ip=ip).message == blocked.message
    # another address is not affected, and the block runs out
    assert signin.sign_in(con, "xem", PASSWORD, now=T0 + dt.timedelta(minutes=4), ip="198.51.100.2").ok
    assert signin.sign_in(con, "xem", PASSWORD, now=T0 + dt.timedelta(minutes=20), ip=ip).ok
    [entry] = audit.entries(con, action="auth.throttled")
    assert entry.target == ip and entry.actor == "system"


def test_failures_spread_over_time_do_not_block_an_address(con):
    ip = "203.0.113.8"
    for i in range(30):  # one failure every two minutes: never 12 within 15 minutes
        signin.sign_in(con, f"ai_{i}", "x", now=T0 + dt.timedelta(minutes=2 * i), ip=ip)
    assert signin.sign_in(con, "xem", PASSWORD, now=T0 + dt.timedelta(minutes=61), ip=ip).ok
