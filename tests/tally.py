"""Pass/fail tally of the Python test scripts: one line per check, then the
"N passed, M failed" summary that scripts/test-summary reads."""

passed = failed = 0


def check(ok, what, detail=""):
    """Counts one check; a failure prints its detail (e.g. the output seen)."""
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {what}")
    else:
        failed += 1
        print(f"FAIL {what}{': ' + detail if detail else ''}")


def summary():
    """Prints the totals; returns the exit status (1 if any check failed)."""
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0
