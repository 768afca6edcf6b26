"""Username checks: why a username might give "BAD CHARACTER" or "Invalid user name".

    check_username(value) -> {"value": value, "problems": [...]}

Problems, in this order, each at most once:
- "empty"          nothing was entered (then it is the only problem);
- "uppercase"      a letter is upper case (usernames are case-sensitive and lower case);
- "bad-character"  a character that is not a letter or a digit, spaces included.

"Letter" and "digit" mean the ASCII letters a-z / A-Z and digits 0-9, the characters a
username is made of (the seeds' examples of bad characters are punctuation and spaces).
Not Unicode's str.isalpha: its answer depends on the Unicode tables of the Python that
runs it (Pyodide 314 has Unicode 16, CPython 3.13 has 15.1), and the browser and the
command line must agree. Any other character, accented letters included, is a bad
character. The value is checked as given, without trimming.
The troubleshooter never asks for a password, passcode, PIN or device code.
"""

import string

LOWER, UPPER, DIGITS = set(string.ascii_lowercase), set(string.ascii_uppercase), set(string.digits)
EMPTY, UPPERCASE, BAD_CHARACTER = "empty", "uppercase", "bad-character"
PROBLEMS = (EMPTY, UPPERCASE, BAD_CHARACTER)


def check_username(value: str) -> dict:
    if not isinstance(value, str):
        raise TypeError(f"a username must be a str, got {type(value).__name__}")
    if value == "":
        return {"value": value, "problems": [EMPTY]}
    problems = []
    if any(ch in UPPER for ch in value):
        problems.append(UPPERCASE)
    if any(ch not in LOWER and ch not in UPPER and ch not in DIGITS for ch in value):
        problems.append(BAD_CHARACTER)
    return {"value": value, "problems": problems}
