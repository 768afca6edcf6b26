"""Run the engine cases of cases.json and print their outcomes as canonical JSON.

Standard library only: the same file runs in Pyodide (run-engine-tests.mjs loads it there)
and in CPython (the runner starts `python tests/pyodide/parity.py --wheel <the bundle's wheel>
tests/pyodide/cases.json`; tests/unit/test_pyodide_parity.py imports it), so the two outcomes
are computed by identical code and compared byte for byte.

A case: {"id": unique, "fn": "access" | "limits" | "username" | "lockout", "args": {keyword arguments of
the public function}, "expect": "ok" | an InputError code | an exception type name}.
An outcome: {"id", "outcome": what happened (as "expect"), and "result" (the returned dict),
"error" (every public attribute of the InputError) or "exception" (type and message)}.
"""

import importlib
import json
import sys

FUNCTIONS = {
    "access": ("troubleshooter.access", "compute_access"),
    "limits": ("troubleshooter.limits", "compute_limits"),
    "username": ("troubleshooter.username", "check_username"),
    "lockout": ("troubleshooter.lockout", "check_lockout"),
}
ERROR_ATTRIBUTES = ("code", "field", "value", "params", "message")


def function(name):
    module, attr = FUNCTIONS[name]
    return getattr(importlib.import_module(module), attr)


def run_case(case):
    from troubleshooter.errors import InputError

    out = {"id": case["id"]}
    try:
        result = function(case["fn"])(**case["args"])
    except InputError as e:
        out["outcome"] = e.code
        out["error"] = {a: getattr(e, a) for a in ERROR_ATTRIBUTES if hasattr(e, a)}
    except Exception as e:  # a TypeError for a non-str input, or a bug: compared all the same
        out["outcome"] = type(e).__name__
        out["exception"] = {"type": type(e).__name__, "message": str(e)}
    else:
        out["outcome"] = "ok"
        out["result"] = result
    return out


def _default(obj):
    # Anything that is not JSON (a tuple is a list) is compared by type and repr.
    return {"__type__": type(obj).__name__, "repr": repr(obj)}


def dumps(outcomes):
    return json.dumps(outcomes, default=_default, ensure_ascii=True, sort_keys=True, indent=1) + "\n"


def run_file(cases_path):
    with open(cases_path, encoding="utf-8") as fh:
        cases = json.load(fh)
    return dumps([run_case(case) for case in cases])


def interpreter():
    """Which Python computed the outcomes (printed when the two sides differ)."""
    import platform
    import unicodedata

    return f"{platform.python_implementation()} {platform.python_version()} on {sys.platform}, " \
           f"Unicode {unicodedata.unidata_version}"


def main(argv=None):
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--wheel"]:
        # Import the engine from the very wheel Pyodide loaded, not from the checkout.
        sys.path.insert(0, args[1])
        args = args[2:]
        import troubleshooter

        if not troubleshooter.__file__.startswith(sys.path[0]):
            sys.exit(f"parity: troubleshooter was imported from {troubleshooter.__file__}, not the wheel")
    if len(args) != 1:
        sys.exit("usage: parity.py [--wheel WHEEL] CASES.json")
    sys.stdout.write(run_file(args[0]))
    print(f"parity: outcomes computed by {interpreter()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
