"""Username checks: why a username might give "BAD CHARACTER" or "Invalid user name".

    check_username(value) -> {"value": value, "problems": [...]}

Problems, in this order, each at most once:
- "empty"          nothing was entered (then it is the only problem);
- "uppercase"      a letter is upper case (usernames are case-sensitive and lower case);
- "bad-character"  a character that is not a letter or a digit, spaces included.

"Letter" and "digit" are taken as Unicode defines them (str.isalpha, str.isdecimal); the
value is checked as given, without trimming: a leading or trailing space is a problem.
The troubleshooter never asks for a password, passcode, PIN or device code.
"""

EMPTY, UPPERCASE, BAD_CHARACTER = "empty", "uppercase", "bad-character"
PROBLEMS = (EMPTY, UPPERCASE, BAD_CHARACTER)


def check_username(value: str) -> dict:
    if not isinstance(value, str):
        raise TypeError(f"a username must be a str, got {type(value).__name__}")
    if value == "":
        return {"value": value, "problems": [EMPTY]}
    problems = []
    if any(ch.isalpha() and ch != ch.lower() for ch in value):
        problems.append(UPPERCASE)
    if any(not (ch.isalpha() or ch.isdecimal()) for ch in value):
        problems.append(BAD_CHARACTER)
    return {"value": value, "problems": problems}
