"""Command line: `python -m troubleshooter access|lockout|limits|check-username`.

Output: one JSON object on standard output, exit status 0. Bad input (including a
missing or unknown argument): exit status 2, one line on standard error naming the
offending value and what is expected, nothing on standard output, never a traceback.
`--help` on every command (exit status 0).

`main(argv)` returns the exit status instead of exiting, so tests call it in process.
"""

import argparse
import json
import sys
import textwrap
from datetime import timedelta

from . import access, limits, lockout, username
from .errors import InputError
from .facts import load_facts
from .timeparse import WHEN_EXAMPLE

PROG = "troubleshooter"


class _UsageError(Exception):
    def __init__(self, prog, message):
        super().__init__(message)
        self.prog = prog
        self.message = message


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error and no exit: main() reports it."""

    def error(self, message):
        raise _UsageError(self.prog, message)


def _one_line(text):
    return " ".join(str(text).split())


def _days(delta):
    return delta // timedelta(days=1)


def _hours(delta):
    return delta // timedelta(hours=1)


def _wrap(lines, width=79, indent=23):
    """Epilog lines wrapped for the terminal, continuation lines under the description."""
    out = []
    for line in lines:
        out.append(textwrap.fill(line, width=width, subsequent_indent=" " * indent)
                   if line.startswith("  ") else textwrap.fill(line, width=width) if line else "")
    return "\n".join(out)


def build_parser():
    f = load_facts()
    parser = _Parser(
        prog=PROG, allow_abbrev=False,
        description="Secure Login System troubleshooter: login state, withdrawal limits and "
                    "username checks. Prints one JSON object.",
        epilog="Bad input: exit status 2 and one line on standard error. The troubleshooter "
               "never asks for a password, passcode, PIN or device code.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    events_help = _wrap([
        "events (WHEN=EVENT, in time order, none after --at):",
        "  device-unavailable   the permanent device is forgotten, lost or damaged",
        f"  temp-passcode        Client Services issued a temporary passcode: full access for "
        f"{_days(f.temp_full_access)} days, then Client Portal (card printing only) for "
        f"{_days(f.temp_card_only)} more days; no consecutive passcodes",
        f"  online-card          the Online Security Code Card was activated (only while the "
        f"passcode admits to Client Portal): full access for {_days(f.online_card_full_access)} days",
        "  device-reactivated   the permanent or replacement device was activated; temporary "
        "credentials stop",
        f"  replacement-shipped  a replacement was shipped; it auto-activates "
        f"{_days(f.replacement_auto_activation)} days later",
        f"  login-failed         a failed login ({f.lockout_max_failed_attempts} consecutive within "
        f"{_hours(f.lockout_window)} h lock the login until {_hours(f.lockout_duration)} h after "
        "the last one)",
        "  login-ok             a login with correct credentials (refused and counted as failed "
        "while locked)",
        "",
        "output keys: at, client_portal (full|card-only|none), trading, credential "
        "(device|temp-passcode|online-card|null), access_until, locked_until, failed_attempts",
    ])
    p = commands.add_parser(
        "access", allow_abbrev=False, formatter_class=argparse.RawDescriptionHelpFormatter,
        help="what the customer can log in to at a given time",
        description="Compute the login state (Client Portal, trading platforms, credential, "
                    "lockout) at --at after the given events.",
        epilog=events_help)
    p.add_argument("--at", required=True, metavar="WHEN",
                   help=f"the time asked about, ISO 8601 with a UTC offset (e.g. {WHEN_EXAMPLE} "
                        "or 2026-11-20T10:30:00+01:00)")
    p.add_argument("--event", action="append", default=[], metavar="WHEN=EVENT",
                   help="an event (repeatable), e.g. 2026-11-20T09:30:00Z=temp-passcode")

    p = commands.add_parser(
        "lockout", allow_abbrev=False, formatter_class=argparse.RawDescriptionHelpFormatter,
        help="whether the login is locked, from what the customer can tell",
        description=f"The lockout check as the troubleshooter asks it: roughly how many attempts "
                    f"failed in a row and when the last one was. When unsure, the answer is "
                    f"\"locked\"; the last attempt is taken at the latest moment the answer "
                    f"allows ({f.lockout_max_failed_attempts} attempts lock until "
                    f"{_hours(f.lockout_duration)} h after the last one).",
        epilog=_wrap([
            "output keys: at, attempts, last_attempt, state (locked|not-locked|lock-over), "
            "locked_until, lock_ended, last_failed, exact, assumes"]))
    p.add_argument("--at", required=True, metavar="WHEN",
                   help="the moment of the check, ISO 8601 with the customer's UTC offset "
                        "(their day starts at their midnight)")
    p.add_argument("--attempts", required=True, metavar="ANSWER",
                   help=f"one of: {', '.join(lockout.ATTEMPTS)}")
    p.add_argument("--last-attempt", required=True, metavar="ANSWER",
                   help=f"when the last attempt failed, one of: {', '.join(lockout.LAST_ATTEMPTS)}")

    devices = ", ".join(f.devices)
    p = commands.add_parser(
        "limits", allow_abbrev=False, formatter_class=argparse.RawDescriptionHelpFormatter,
        help="how much the customer can still withdraw",
        description=f"Compute the withdrawal limits of a security device on a business day: "
                    f"daily limit and a {f.window_business_days}-business-day window. A weekend "
                    "date counts as the next Monday.",
        epilog=_wrap([
            "amounts: USD, a positive decimal with at most two decimals (150000, 2500.50); "
            "no sign, no exponent, no thousands separators. Output amounts are decimal "
            "strings with two decimals (\"150000.00\"); null means unlimited.", "",
            "output keys: device, on, unlimited, daily_limit, window_limit, window_start, "
            "withdrawn_today, withdrawn_in_window, available, binding (daily|window|null), "
            "next_increase_on"]))
    p.add_argument("--device", required=True, metavar="DEVICE", help=f"one of: {devices}")
    p.add_argument("--on", required=True, metavar="DATE",
                   help="the day of the withdrawal request, YYYY-MM-DD")
    p.add_argument("--withdrawal", action="append", default=[], metavar="DATE=AMOUNT",
                   help="an earlier withdrawal (repeatable), e.g. 2026-11-18=2500.50; "
                        "none after --on")

    p = commands.add_parser(
        "check-username", allow_abbrev=False,
        help="why a username might be refused",
        description="Check a username: problems are \"uppercase\" (letters must be lower case), "
                    "\"bad-character\" (anything but letters and digits, spaces included) and "
                    "\"empty\". Output: {\"value\": ..., \"problems\": [...]}.")
    p.add_argument("value", metavar="VALUE", help="the username as typed (quote it if it has spaces)")
    return parser


def _run(args):
    if args.command == "access":
        return access.compute_access(args.at, args.event)
    if args.command == "lockout":
        return lockout.check_lockout(args.at, args.attempts, args.last_attempt)
    if args.command == "limits":
        return limits.compute_limits(args.device, args.on, args.withdrawal)
    return username.check_username(args.value)


def main(argv=None):
    """Run the command line; returns the exit status (0 ok, 2 bad input, 1 internal error)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as done:          # --help (and argparse's own exits)
            code = done.code
            return code if isinstance(code, int) else (0 if code is None else 2)
        result = _run(args)
    except _UsageError as e:
        print(f"{e.prog}: error: {_one_line(e.message)}", file=sys.stderr)
        return 2
    except InputError as e:
        print(f"{PROG} {args.command}: error: {_one_line(e.message)}", file=sys.stderr)
        return 2
    except Exception as e:  # never a traceback: one line, and a distinct status
        print(f"{PROG}: internal error: {type(e).__name__}: {_one_line(e)}", file=sys.stderr)
        return 1
    sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=True) + "\n")
    return 0
