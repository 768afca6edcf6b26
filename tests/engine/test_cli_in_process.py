"""The command line in process: troubleshooter.cli.main(argv) with capsys."""

import json

import pytest

from troubleshooter.access import compute_access
from troubleshooter.cli import main
from troubleshooter.limits import compute_limits


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys, *argv):
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, "")
    return json.loads(out)


def bad(capsys, *argv):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def test_access(capsys):
    events = ["2026-11-20T09:00:00Z=device-unavailable", "2026-11-20T09:30:00Z=temp-passcode"]
    argv = ["access", "--at", "2026-11-21T10:00:00+01:00"]
    for e in events:
        argv += ["--event", e]
    assert ok(capsys, *argv) == compute_access("2026-11-21T10:00:00+01:00", events)
    assert ok(capsys, *argv)["credential"] == "temp-passcode"


def test_access_no_events(capsys):
    assert ok(capsys, "access", "--at", "2026-11-20T09:00:00Z")["client_portal"] == "full"


def test_limits(capsys):
    r = ok(capsys, "limits", "--device", "sms", "--on", "2026-11-22",
           "--withdrawal", "2026-11-20=150000", "--withdrawal", "2026-11-21=2500.50")
    assert r == compute_limits("sms", "2026-11-22", ["2026-11-20=150000", "2026-11-21=2500.50"])
    assert r["on"] == "2026-11-23" and r["withdrawn_today"] == "2500.50"


def test_check_username(capsys):
    assert ok(capsys, "check-username", "John Smith") == {
        "value": "John Smith", "problems": ["uppercase", "bad-character"]}
    assert ok(capsys, "check-username", "") == {"value": "", "problems": ["empty"]}


@pytest.mark.parametrize("command", [[], ["access"], ["limits"], ["check-username"]])
def test_help(capsys, command):
    code, out, err = run(capsys, *command, "--help")
    assert code == 0 and "usage:" in out and err == ""


@pytest.mark.parametrize("argv, needle", [
    (["access", "--at", "2026-11-20T09:30:00"], "2026-11-20T09:30:00"),
    (["access", "--at", "2026-11-20T09:30:00Z", "--event", "2026-11-20T09:31:00Z=login-ok"],
     "2026-11-20T09:31:00Z=login-ok"),
    (["access", "--at", "2026-11-20T09:30:00Z", "--event", "2026-11-20T09:00:00Z=login-ok",
      "--event", "2026-11-20T08:00:00Z=login-ok"], "2026-11-20T08:00:00Z=login-ok"),
    (["access", "--at", "2026-11-20T09:30:00Z", "--event", "2026-11-20T09:00:00Z=lost"], "lost"),
    (["access", "--at", "2026-11-20T09:30:00Z", "--event", "2026-11-20T09:00:00Z=temp-passcode",
      "--event", "2026-11-20T09:10:00Z=temp-passcode"], "consecutive"),
    (["access", "--at", "2026-11-20T09:30:00Z", "--event", "2026-11-20T09:00:00Z=online-card"],
     "online card"),
    (["limits", "--device", "usb", "--on", "2026-11-20"], "usb"),
    (["limits", "--device", "sms", "--on", "2026-11-31"], "2026-11-31"),
    (["limits", "--device", "sms", "--on", "2026-11-20", "--withdrawal", "2026-11-20=1e5"], "1e5"),
    (["limits", "--device", "sms", "--on", "2026-11-20", "--withdrawal", "2026-11-20=-5"], "-5"),
    (["limits", "--device", "sms", "--on", "2026-11-20", "--withdrawal", "2026-11-20=1,000"],
     "1,000"),
    (["limits", "--device", "sms", "--on", "2026-11-20", "--withdrawal", "2026-11-20=1.234"],
     "1.234"),
    (["limits", "--device", "sms", "--on", "2026-11-20", "--withdrawal", "2026-11-23=5"],
     "2026-11-23=5"),
    (["access"], "--at"),
    (["limits", "--device", "sms"], "--on"),
    (["check-username"], "VALUE"),
    ([], "COMMAND"),
    (["frobnicate"], "frobnicate"),
    (["access", "--at", "2026-11-20T09:30:00Z", "--bogus"], "--bogus"),
    (["access", "--at"], "--at"),
])
def test_bad_input(capsys, argv, needle):
    err = bad(capsys, *argv)
    assert needle in err
    assert err.startswith("troubleshooter")


def test_error_line_escapes_newlines(capsys):
    err = bad(capsys, "access", "--at", "2026-11-20\nT09:30:00Z")
    assert "\\n" in err
