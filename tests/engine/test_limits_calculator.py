"""The withdrawal-limit calculator: business days, window, binding, validation."""

from decimal import Decimal

import pytest

from troubleshooter.errors import InputError
from troubleshooter.facts import load_facts
from troubleshooter.limits import (add_business_days, business_day, compare_devices,
                                   compute_limits, format_amount)

F = load_facts()
# November 2026: Mon 16, Tue 17, Wed 18, Thu 19, Fri 20, Sat 21, Sun 22, Mon 23, Tue 24
KEYS = ["device", "on", "unlimited", "daily_limit", "window_limit", "window_start",
        "withdrawn_today", "withdrawn_in_window", "available", "binding", "next_increase_on"]


def money(device_id, which):
    return format_amount(getattr(F.devices[device_id], which))


def lim(device, on, *withdrawals, facts=None):
    return compute_limits(device, on, list(withdrawals), facts=facts)


def error(device, on, *withdrawals):
    with pytest.raises(InputError) as info:
        lim(device, on, *withdrawals)
    return info.value


def test_current_values():
    assert F.window_business_days == 5
    assert (F.devices["none"].daily, F.devices["none"].window) == (Decimal(50000), Decimal(100000))
    assert (F.devices["sms"].daily, F.devices["sms"].window) == (Decimal(200000), Decimal(600000))
    assert F.devices["dsc-plus"].unlimited and F.devices["platinum-gold"].unlimited
    assert set(F.devices) == {"none", "sms", "ib-key", "code-card", "dsc", "dsc-plus",
                              "platinum-gold"}


def test_no_withdrawals():
    assert lim("sms", "2026-11-20") == {
        "device": "sms", "on": "2026-11-20", "unlimited": False,
        "daily_limit": "200000.00", "window_limit": "600000.00", "window_start": "2026-11-16",
        "withdrawn_today": "0.00", "withdrawn_in_window": "0.00", "available": "200000.00",
        "binding": "daily", "next_increase_on": None,
    }


def test_output_keys_in_contract_order():
    assert list(lim("none", "2026-11-20")) == KEYS
    assert list(lim("dsc-plus", "2026-11-20")) == KEYS


@pytest.mark.parametrize("on", ["2026-11-21", "2026-11-22"])
def test_weekend_counts_as_next_monday(on):
    r = lim("sms", on)
    assert r["on"] == "2026-11-23"
    assert r["window_start"] == "2026-11-17"


def test_business_day_helpers():
    from datetime import date
    assert business_day(date(2026, 11, 21)) == date(2026, 11, 23)
    assert business_day(date(2026, 11, 20)) == date(2026, 11, 20)
    assert add_business_days(date(2026, 11, 23), -1) == date(2026, 11, 20)
    assert add_business_days(date(2026, 11, 20), 1) == date(2026, 11, 23)
    assert add_business_days(date(2026, 11, 20), 0) == date(2026, 11, 20)


def test_weekend_withdrawal_counts_on_monday():
    r = lim("sms", "2026-11-23", "2026-11-21=1000", "2026-11-22=500")
    assert r["withdrawn_today"] == "1500.00"
    r = lim("sms", "2026-11-20", "2026-11-15=1000")     # Sunday 15 → Monday 16, in window
    assert r["withdrawn_in_window"] == "1000.00"


def test_window_is_the_business_day_and_the_ones_before():
    # on Mon 23: window Tue 17 .. Mon 23; Mon 16 is out
    r = lim("sms", "2026-11-23", "2026-11-16=100", "2026-11-17=200", "2026-11-20=300",
            "2026-11-23=400")
    assert r["window_start"] == "2026-11-17"
    assert r["withdrawn_in_window"] == "900.00"
    assert r["withdrawn_today"] == "400.00"


def test_daily_binding():
    r = lim("none", "2026-11-20", "2026-11-20=30000")
    assert (r["available"], r["binding"]) == ("20000.00", "daily")
    assert r["next_increase_on"] == "2026-11-23"       # Friday → Monday


def test_window_binding():
    # none: daily 50 000, window 100 000; 90 000 already in the window on earlier days
    r = lim("none", "2026-11-20", "2026-11-16=45000", "2026-11-17=45000")
    assert (r["available"], r["binding"]) == ("10000.00", "window")
    # Mon 16 leaves the window on Mon 23
    assert r["next_increase_on"] == "2026-11-23"
    r = lim("none", "2026-11-20", "2026-11-17=45000", "2026-11-18=45000")
    assert r["next_increase_on"] == "2026-11-24"


def test_tie_is_daily():
    # none: 50 000 − 0 vs 100 000 − 50 000
    r = lim("none", "2026-11-20", "2026-11-19=50000")
    assert (r["available"], r["binding"]) == ("50000.00", "daily")
    # ib-key: daily and window limits equal, nothing withdrawn
    assert lim("ib-key", "2026-11-20")["binding"] == "daily"


def test_never_below_zero():
    r = lim("none", "2026-11-20", "2026-11-20=60000")
    assert r["available"] == "0.00"
    assert r["binding"] == "daily"
    r = lim("none", "2026-11-20", "2026-11-18=99999.99", "2026-11-19=99999.99")
    assert (r["available"], r["binding"]) == ("0.00", "window")


def test_next_increase_none_when_nothing_to_recover():
    assert lim("none", "2026-11-20", "2026-11-02=50000")["next_increase_on"] is None


def test_next_increase_waits_for_the_window():
    # daily binding today, but tomorrow the window binds at the same amount: no increase
    # until the window frees up
    r = lim("none", "2026-11-20", "2026-11-20=50000", "2026-11-19=50000")
    assert r["available"] == "0.00"
    assert r["next_increase_on"] == "2026-11-26"   # Thu 19 leaves the window on Thu 26


@pytest.mark.parametrize("device", ["dsc-plus", "platinum-gold"])
def test_unlimited_devices(device):
    r = lim(device, "2026-11-20", "2026-11-20=1000000", "2026-11-18=2.5")
    assert r == {
        "device": device, "on": "2026-11-20", "unlimited": True,
        "daily_limit": None, "window_limit": None, "window_start": "2026-11-16",
        "withdrawn_today": "1000000.00", "withdrawn_in_window": "1000002.50",
        "available": None, "binding": None, "next_increase_on": None,
    }


def test_amount_format_two_decimals():
    r = lim("sms", "2026-11-20", "2026-11-20=2500.5", "2026-11-20=0.01", "2026-11-19=007")
    assert r["withdrawn_today"] == "2500.51"
    assert r["withdrawn_in_window"] == "2507.51"
    assert r["available"] == "197499.49"
    for key in ("daily_limit", "window_limit", "withdrawn_today", "available"):
        assert r[key].count(".") == 1 and len(r[key].split(".")[1]) == 2


def test_huge_amounts_are_exact():
    big = "9" * 40
    r = lim("dsc-plus", "2026-11-20", f"2026-11-20={big}.99", "2026-11-20=0.01")
    assert r["withdrawn_today"] == "1" + "0" * 40 + ".00"


def test_device_spelling_forgiven():
    assert lim(" IB_Key ", "2026-11-20")["device"] == "ib-key"


def test_unknown_device():
    e = error("yubikey", "2026-11-20")
    assert (e.code, e.field, e.value) == ("unknown-device", "device", "yubikey")
    assert e.params["allowed"] == list(F.devices)
    assert "yubikey" in e.message and "ib-key" in e.message


def test_empty_device():
    assert error("", "2026-11-20").code == "empty-value"


@pytest.mark.parametrize("on", ["2026-11-31", "20/11/2026", "2026-11-20T00:00:00Z", "today"])
def test_bad_on(on):
    e = error("sms", on)
    assert (e.code, e.field, e.value) == ("bad-date", "on", on)


def test_bad_withdrawal_date():
    e = error("sms", "2026-11-20", "2026-02-30=100")
    assert (e.code, e.field, e.value) == ("bad-date", "withdrawal", "2026-02-30")
    assert e.params["withdrawal"] == "2026-02-30=100"


@pytest.mark.parametrize("text", ["2026-11-20", "100", "2026-11-20:100"])
def test_withdrawal_without_equals(text):
    e = error("sms", "2026-11-20", text)
    assert (e.code, e.field, e.value) == ("bad-withdrawal", "withdrawal", text)


def test_withdrawal_after_on():
    e = error("sms", "2026-11-20", "2026-11-21=100")
    assert (e.code, e.field, e.value) == ("withdrawal-after-on", "withdrawal", "2026-11-21=100")
    assert e.params == {"withdrawal": "2026-11-21=100", "date": "2026-11-21", "on": "2026-11-20"}
    # dated after --on even when both count on the same Monday
    assert error("sms", "2026-11-21", "2026-11-22=100").code == "withdrawal-after-on"


def test_withdrawal_on_the_day_is_accepted():
    assert lim("sms", "2026-11-21", "2026-11-21=100")["withdrawn_today"] == "100.00"


@pytest.mark.parametrize("amount, reason", [
    ("-5", "sign"), ("+5", "sign"), ("\u22125", "sign"),
    ("1e5", "exponent"), ("1E5", "exponent"), ("1.5e3", "exponent"),
    ("1,000", "separator"), ("1 000", "separator"), ("1_000", "separator"),
    ("1'000", "separator"), ("1,000.50", "separator"), ("1.000,50", "separator"),
    ("1.234", "decimals"), ("0.001", "decimals"),
    ("0", "not-positive"), ("0.00", "not-positive"),
    ("abc", "format"), (".5", "format"), ("5.", "format"), ("NaN", "format"),
    ("Infinity", "format"), ("$5", "format"), ("1.2.3", "format"), ("\u0665", "format"),
])
def test_bad_amounts(amount, reason):
    text = f"2026-11-20={amount}"
    e = error("sms", "2026-11-20", text)
    assert (e.code, e.field, e.value) == ("bad-amount", "withdrawal", amount)
    assert e.params["reason"] == reason
    assert e.params["withdrawal"] == text
    assert amount in e.message and "\n" not in e.message


@pytest.mark.parametrize("amount, expected", [("150000", "150000.00"), ("2500.50", "2500.50"),
                                             ("2500.5", "2500.50"), ("0.01", "0.01"),
                                             (" 12 ", "12.00")])
def test_good_amounts(amount, expected):
    assert lim("sms", "2026-11-20", f"2026-11-20={amount}")["withdrawn_today"] == expected


def test_empty_amount():
    e = error("sms", "2026-11-20", "2026-11-20=")
    assert (e.code, e.field) == ("empty-value", "withdrawal")


def test_date_out_of_range():
    e = error("sms", "0001-01-01")
    assert (e.code, e.field) == ("date-out-of-range", "on")


def test_compare_devices():
    rows = compare_devices("2026-11-20", ["2026-11-20=60000"])
    assert [r["device"] for r in rows] == list(F.devices)
    assert rows == [lim(r["device"], "2026-11-20", "2026-11-20=60000") for r in rows]
    # least to most generous, unlimited last
    assert rows[0]["device"] == "none" and rows[-1]["unlimited"]
    by = {r["device"]: r for r in rows}
    assert by["none"]["available"] == "0.00"
    assert by["sms"]["available"] == "140000.00"
    assert by["dsc-plus"]["available"] is None
