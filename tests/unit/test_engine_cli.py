"""`python -m troubleshooter` in a subprocess (CPython only): exit status, one line on
standard error, no traceback, nothing on standard output for bad input; JSON for good."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AT = "2026-11-20T09:30:00Z"


def run(*argv):
    return subprocess.run([sys.executable, "-m", "troubleshooter", *argv], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


BAD = {
    "at-no-offset": ["access", "--at", "2026-11-20T09:30:00"],
    "event-no-offset": ["access", "--at", AT, "--event", "2026-11-20T09:00:00=login-ok"],
    "at-not-a-time": ["access", "--at", "tomorrow"],
    "events-out-of-order": ["access", "--at", AT, "--event", "2026-11-20T09:00:00Z=login-ok",
                            "--event", "2026-11-20T08:59:59Z=login-failed"],
    "event-after-at": ["access", "--at", AT, "--event", "2026-11-20T09:30:01Z=login-ok"],
    "unknown-event": ["access", "--at", AT, "--event", "2026-11-20T09:00:00Z=device-lost"],
    "event-without-when": ["access", "--at", AT, "--event", "login-ok"],
    "second-temp-passcode": ["access", "--at", AT,
                             "--event", "2026-11-20T08:00:00Z=device-unavailable",
                             "--event", "2026-11-20T08:10:00Z=temp-passcode",
                             "--event", "2026-11-20T09:00:00Z=temp-passcode"],
    "card-without-passcode": ["access", "--at", AT,
                              "--event", "2026-11-20T08:00:00Z=device-unavailable",
                              "--event", "2026-11-20T09:00:00Z=online-card"],
    "card-after-passcode-expired": ["access", "--at", "2026-12-20T00:00:00Z",
                                    "--event", "2026-11-20T08:00:00Z=temp-passcode",
                                    "--event", "2026-12-19T00:00:00Z=online-card"],
    "lockout-unknown-answer": ["lockout", "--at", AT, "--attempts", "lots", "--last-attempt", "hour"],
    "lockout-no-offset": ["lockout", "--at", "2026-11-20T09:30:00", "--attempts", "many", "--last-attempt", "hour"],
    "unknown-device": ["limits", "--device", "yubikey", "--on", "2026-11-20"],
    "bad-date": ["limits", "--device", "sms", "--on", "2026-02-30"],
    "bad-withdrawal-date": ["limits", "--device", "sms", "--on", "2026-11-20",
                            "--withdrawal", "20/11/2026=100"],
    "amount-exponent": ["limits", "--device", "sms", "--on", "2026-11-20",
                        "--withdrawal", "2026-11-20=1e5"],
    "amount-negative": ["limits", "--device", "sms", "--on", "2026-11-20",
                        "--withdrawal", "2026-11-20=-5"],
    "amount-separator": ["limits", "--device", "sms", "--on", "2026-11-20",
                         "--withdrawal", "2026-11-20=1,000"],
    "amount-decimals": ["limits", "--device", "sms", "--on", "2026-11-20",
                        "--withdrawal", "2026-11-20=1.234"],
    "amount-zero": ["limits", "--device", "sms", "--on", "2026-11-20",
                    "--withdrawal", "2026-11-20=0"],
    "withdrawal-after-on": ["limits", "--device", "sms", "--on", "2026-11-20",
                            "--withdrawal", "2026-11-21=100"],
    "withdrawal-without-amount": ["limits", "--device", "sms", "--on", "2026-11-20",
                                  "--withdrawal", "2026-11-20"],
    "missing-command": [],
    "unknown-command": ["frobnicate"],
    "access-missing-at": ["access"],
    "access-at-without-value": ["access", "--at"],
    "limits-missing-device": ["limits", "--on", "2026-11-20"],
    "limits-missing-on": ["limits", "--device", "sms"],
    "username-missing-value": ["check-username"],
    "unknown-option": ["access", "--at", AT, "--verbose"],
}

NEEDLE = {
    "at-no-offset": "2026-11-20T09:30:00", "event-after-at": "2026-11-20T09:30:01Z",
    "unknown-event": "device-lost", "second-temp-passcode": "consecutive",
    "unknown-device": "yubikey", "bad-date": "2026-02-30", "amount-exponent": "1e5",
    "amount-negative": "-5", "amount-separator": "1,000", "amount-decimals": "1.234",
    "withdrawal-after-on": "2026-11-21", "access-missing-at": "--at",
    "limits-missing-on": "--on", "unknown-option": "--verbose",
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input(case):
    p = run(*BAD[case])
    assert p.returncode == 2, (p.stdout, p.stderr)
    assert p.stdout == ""
    assert "Traceback" not in p.stderr
    lines = p.stderr.splitlines()
    assert len(lines) == 1, p.stderr
    assert lines[0].strip()
    if case in NEEDLE:
        assert NEEDLE[case] in lines[0]


def good(*argv):
    p = run(*argv)
    assert (p.returncode, p.stderr) == (0, "")
    return json.loads(p.stdout)


def test_access_good():
    assert good("access", "--at", "2026-11-23T09:30:00+01:00",
                "--event", "2026-11-20T09:00:00Z=device-unavailable",
                "--event", "2026-11-20T09:30:00Z=temp-passcode") == {
        "at": "2026-11-23T08:30:00Z", "client_portal": "card-only", "trading": False,
        "credential": "temp-passcode", "access_until": "2026-12-02T09:30:00Z",
        "locked_until": None, "failed_attempts": 0,
    }


def test_access_lockout_good():
    argv = ["access", "--at", "2026-11-20T12:00:00Z"]
    for minute in range(10):
        argv += ["--event", f"2026-11-20T10:{minute:02d}:00Z=login-failed"]
    r = good(*argv)
    assert r["locked_until"] == "2026-11-21T10:09:00Z"
    assert (r["client_portal"], r["trading"], r["failed_attempts"]) == ("none", False, 10)


def test_lockout_good():
    # The customer's day (UTC+1) began at 23:00 UTC: "yesterday or before" counts from there.
    r = good("lockout", "--at", "2026-11-20T09:30:00+01:00", "--attempts", "unsure", "--last-attempt", "yesterday")
    assert r == {"at": "2026-11-20T08:30:00Z", "attempts": "unsure", "last_attempt": "yesterday",
                 "state": "locked", "locked_until": "2026-11-20T23:00:00Z", "lock_ended": None,
                 "last_failed": "2026-11-19T23:00:00Z", "exact": False,
                 "assumes": ["max-when-unsure", "last-latest"]}


def test_limits_good():
    assert good("limits", "--device", "none", "--on", "2026-11-21",
                "--withdrawal", "2026-11-17=45000", "--withdrawal", "2026-11-20=40000.5") == {
        "device": "none", "on": "2026-11-23", "unlimited": False,
        "daily_limit": "50000.00", "window_limit": "100000.00", "window_start": "2026-11-17",
        "withdrawn_today": "0.00", "withdrawn_in_window": "85000.50",
        "available": "14999.50", "binding": "window", "next_increase_on": "2026-11-24",
    }


def test_limits_unlimited_good():
    r = good("limits", "--device", "dsc-plus", "--on", "2026-11-20")
    assert (r["unlimited"], r["available"], r["binding"]) == (True, None, None)


def test_check_username_good():
    assert good("check-username", "j smith") == {"value": "j smith", "problems": ["bad-character"]}


@pytest.mark.parametrize("command", [[], ["access"], ["limits"], ["check-username"]])
def test_help(command):
    p = run(*command, "--help")
    assert p.returncode == 0 and p.stdout.startswith("usage:") and p.stderr == ""
