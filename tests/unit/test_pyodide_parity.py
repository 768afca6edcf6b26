"""The CPython side of the CPython-vs-Pyodide cross-check (tests/pyodide/cases.json).

`node tests/pyodide/run-engine-tests.mjs` runs every case through the engine's public
functions in Pyodide and in CPython (tests/pyodide/parity.py, the same code in both, on the
same wheel) and fails on any difference. These tests keep the cases themselves honest under
CPython: well formed, each giving the outcome it states, covering every function and every
documented error code, and giving JSON a browser can take as is.
"""

import importlib.util
import inspect
import json
from pathlib import Path

import pytest

import troubleshooter.errors

ROOT = Path(__file__).resolve().parents[2]
CASES_FILE = ROOT / "tests/pyodide/cases.json"

_spec = importlib.util.spec_from_file_location("parity", ROOT / "tests/pyodide/parity.py")
parity = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(parity)

CASES = json.loads(CASES_FILE.read_text(encoding="utf-8"))
# Error codes that only the command line raises: the public functions never do.
CLI_ONLY_CODES = {"usage"}


def documented_codes():
    """The codes the engine declares (troubleshooter.errors.CODES)."""
    return set(troubleshooter.errors.CODES)


def test_cases_are_well_formed():
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    for case in CASES:
        assert set(case) == {"id", "fn", "args", "expect"}, case["id"]
        assert case["fn"] in parity.FUNCTIONS, case["id"]
        assert case["id"].startswith(case["fn"] + "/"), case["id"]
        params = inspect.signature(parity.function(case["fn"])).parameters
        required = {n for n, p in params.items() if p.default is inspect.Parameter.empty}
        assert set(case["args"]) == required, f"{case['id']}: arguments {sorted(case['args'])}, expected {sorted(required)}"
        assert isinstance(case["expect"], str) and case["expect"], case["id"]


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case_gives_its_expected_outcome_in_cpython(case):
    outcome = parity.run_case(case)
    assert outcome["outcome"] == case["expect"], outcome
    if "error" in outcome:
        error = outcome["error"]
        assert {"code", "field", "message"} <= set(error)
        assert isinstance(error["message"], str) and "\n" not in error["message"]


def test_cases_cover_every_function_and_documented_error_code():
    for fn in parity.FUNCTIONS:
        expects = [case["expect"] for case in CASES if case["fn"] == fn]
        assert "ok" in expects, f"no successful {fn} case"
        assert any(e != "ok" for e in expects), f"no failing {fn} case"
    documented = documented_codes()
    covered = {case["expect"] for case in CASES}
    missing = sorted(documented - CLI_ONLY_CODES - covered)
    assert not missing, f"add a case to {CASES_FILE.relative_to(ROOT)} for each of: {', '.join(missing)}"


def test_outcomes_are_plain_json_and_deterministic():
    first = parity.dumps([parity.run_case(case) for case in CASES])
    assert first == parity.dumps([parity.run_case(case) for case in CASES])
    # Only JSON types: no tuple/Decimal/datetime that the page would receive differently.
    assert '"__type__"' not in first
    assert json.loads(first) == json.loads(json.dumps(json.loads(first)))
