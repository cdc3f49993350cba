#!/usr/bin/env python3
"""scripts/boardcfg.py's reader: every board in boards/ reads, and each
kind of bad board.cfg is refused with its file named.

    tests/synth/test_boardcfg.py

Needs no FPGA tools. Run from the repository root; prints "N passed, M failed".
"""
import glob
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
from tally import check, summary  # noqa: E402
from boardcfg import BadConfig, read  # noqa: E402

ECP5 = "FAMILY = ecp5\nROWS = 4\nCOLS = 4\n"


def refused(text, want):
    """A board.cfg of `text` must be refused, naming the file and `want`."""
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(f"{tmp}/boards/x")
        with open(f"{tmp}/boards/x/board.cfg", "w") as f:
            f.write(text)
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            read("x")
        except BadConfig as e:
            return "boards/x/board.cfg" in str(e) and want in str(e), str(e)
        finally:
            os.chdir(cwd)
    return False, "accepted"


def main():
    for path in sorted(glob.glob("boards/*/board.cfg")):
        board = path.split("/")[1]
        try:
            read(board)
            ok, detail = True, ""
        except BadConfig as e:
            ok, detail = False, str(e)
        check(ok, f"{path} reads", detail)
    cases = [
        ("line without =", ECP5 + "ROWS 4\n", "expected KEY = value"),
        ("ECP5 key on an iCE40 board", "FAMILY = ice40\nECP5_DSP = 1\n", "FAMILY ecp5 builds only"),
        ("ECP5_EBR not 0 or 1", ECP5 + "ECP5_EBR = 2\n", "must be 0 or 1"),
        ("ECP5_EBR without TIMING_REGS", ECP5 + "ECP5_EBR = 1\nTIMING_REGS = 0\n",
         "needs TIMING_REGS = 1"),
    ]
    for what, text, want in cases:
        ok, detail = refused(text, want)
        check(ok, f"refused: {what}", detail)
    ok, detail = refused(ECP5 + "ECP5_EBR = 1\n", "")
    check(not ok and detail == "accepted", "accepted: ECP5_EBR = 1 with TIMING_REGS' default",
          detail)
    try:
        read("no-such-board")
        check(False, "missing board refused", "accepted")
    except BadConfig as e:
        check("boards/no-such-board/board.cfg" in str(e), "missing board refused, file named", str(e))
    return summary()


if __name__ == "__main__":
    sys.exit(main())
