"""check_username: uppercase, bad-character, empty."""

import pytest

from troubleshooter.username import check_username


@pytest.mark.parametrize("value, problems", [
    ("jsmith42", []),
    ("JSmith42", ["uppercase"]),
    ("j smith", ["bad-character"]),
    ("John Smith", ["uppercase", "bad-character"]),
    ("j.smith", ["bad-character"]),
    ("j_smith", ["bad-character"]),
    ("jsmith ", ["bad-character"]),
    (" ", ["bad-character"]),
    ("", ["empty"]),
    ("2024", []),
    ("ABC", ["uppercase"]),
    ("a-B", ["uppercase", "bad-character"]),
    ("a\tb", ["bad-character"]),
])
def test_problems(value, problems):
    assert check_username(value) == {"value": value, "problems": problems}


def test_each_problem_once_in_a_fixed_order():
    r = check_username("AB CD!!")
    assert r["problems"] == ["uppercase", "bad-character"]


def test_value_is_returned_as_given():
    assert check_username("  Mixed ")["value"] == "  Mixed "


def test_not_a_string():
    with pytest.raises(TypeError):
        check_username(None)


def test_letters_and_digits_are_ascii_so_every_python_agrees():
    # Unicode's notion of a letter changes between versions (Pyodide 314 has Unicode 16,
    # CPython 3.13 has 15.1); a username is ASCII letters and digits only.
    assert check_username("andré")["problems"] == ["bad-character"]
    assert check_username("\u1c89abc")["problems"] == ["bad-character"]
    assert check_username("ÉLISE")["problems"] == ["uppercase", "bad-character"]
    assert check_username("jdoe2026")["problems"] == []
