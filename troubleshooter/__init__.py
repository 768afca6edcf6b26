"""The Secure Login System troubleshooter engine (standard library only; CPython and Pyodide).

    compute_access(at, events)              login state at a time after "WHEN=EVENT" events
    access_timeline(at, events)             the same as consecutive segments, for drawing
    check_lockout(at, attempts, last_attempt)  whether the login is locked, from a person's choices
    compute_limits(device, on, withdrawals) withdrawal limits after "DATE=AMOUNT" withdrawals
    compare_devices(on, withdrawals)        compute_limits for every device
    check_username(value)                   problems with a username
    load_facts(data=None)                   the typed facts (every number the engine uses)
    InputError                              bad input: .code .field .value .params .message

Every computing function takes an optional `facts` (a Facts, or a dict of the JSON shape);
the default is the packaged troubleshooter/_data/facts.json. The command line is
`python -m troubleshooter` (troubleshooter.cli); the contract is engine-contract.md.
"""

from .access import EVENTS, access_timeline, compute_access
from .errors import FactsError, InputError
from .facts import Facts, load_facts
from .limits import compare_devices, compute_limits
from .lockout import check_lockout
from .username import check_username

__all__ = [
    "EVENTS", "Facts", "FactsError", "InputError", "access_timeline", "check_lockout", "check_username",
    "compare_devices", "compute_access", "compute_limits", "load_facts",
]
