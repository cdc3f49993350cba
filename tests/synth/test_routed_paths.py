#!/usr/bin/env python3
"""scripts/routed-paths on small hand-made SDF files whose arrival times
are worked out here by hand, so every figure it prints is checked.

    tests/synth/test_routed_paths.py [WORKDIR]

Needs no FPGA tools. Run from the repository root; prints "N passed, M failed".
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tally import check, summary  # noqa: E402

# Two registers a and b, a LUT between them, and b's output through a
# second LUT into register c; a constant net into c's CE, which carries no
# timing. Delays in ps (min:typ:max), the maximum counts:
#   a/Q  at 500 (clock-to-output)
#   a/Q -> l1/A   net 1000   -> l1/F at 1500 + 240 = 1740
#   l1/F -> b/DI  net 2000   -> b/DI at 3740, setup 0
#   b/Q  -> l2/B  net 3000   -> 3500; l2 B->F 240 -> 3740
#   l2/F -> c/M   net 6500   -> c/M at 10240 (misses 100 MHz by 0.24 ns)
#   l1/F -> c/DI  net 300    -> 2040
#   $PACKER_VCC -> c/CE net 9000: ignored
SDF = r"""(DELAYFILE
  (SDFVERSION "3.0")
  (DESIGN "top")
  (TIMESCALE 1ps)
  (CELL
    (CELLTYPE "top")
    (INSTANCE )
    (DELAY
      (ABSOLUTE
        (INTERCONNECT u\.a_TRELLIS_FF_Q/Q l1_LUT4_Z/A (900:950:1000) (900:950:1000))
        (INTERCONNECT l1_LUT4_Z/F u\.b_TRELLIS_FF_Q_3/DI (1500:1800:2000) (1500:1800:2000))
        (INTERCONNECT l1_LUT4_Z/F u\.c\[1\]_TRELLIS_FF_Q/DI (300:300:300) (300:300:300))
        (INTERCONNECT u\.b_TRELLIS_FF_Q_3/Q l2_LUT4_Z/B (2000:2500:3000) (2000:2500:3000))
        (INTERCONNECT l2_LUT4_Z/F u\.c\[1\]_TRELLIS_FF_Q/M (6000:6200:6500) (6000:6200:6500))
        (INTERCONNECT \$PACKER_VCC/Z u\.c\[1\]_TRELLIS_FF_Q/CE (9000:9000:9000) (9000:9000:9000))
      )
    )
  )
  (CELL
    (CELLTYPE "TRELLIS_FF")
    (INSTANCE u\.a_TRELLIS_FF_Q)
    (DELAY (ABSOLUTE
        (IOPATH CLK Q (430:477:500) (430:477:500))
    ))
    (TIMINGCHECK
      (SETUPHOLD (posedge DI) (posedge CLK) (0:0:0) (267:285:303))
    )
  )
  (CELL
    (CELLTYPE "TRELLIS_COMB")
    (INSTANCE l1_LUT4_Z)
    (DELAY
      (ABSOLUTE
        (IOPATH A F (200:218:240) (200:218:240))
      )
    )
  )
  (CELL
    (CELLTYPE "TRELLIS_FF")
    (INSTANCE u\.b_TRELLIS_FF_Q_3)
    (DELAY
      (ABSOLUTE
        (IOPATH CLK Q (430:477:500) (430:477:500))
      )
    )
  )
  (CELL
    (CELLTYPE "TRELLIS_COMB")
    (INSTANCE l2_LUT4_Z)
    (DELAY
      (ABSOLUTE
        (IOPATH B F (200:218:240) (200:218:240))
      )
    )
  )
  (CELL
    (CELLTYPE "TRELLIS_FF")
    (INSTANCE u\.c\[1\]_TRELLIS_FF_Q)
    (DELAY
      (ABSOLUTE
        (IOPATH CLK Q (430:477:500) (430:477:500))
      )
    )
  )
)
"""


def run(*args):
    p = subprocess.run([sys.executable, "scripts/routed-paths", *args],
                       capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def main():
    work = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp()
    os.makedirs(work, exist_ok=True)
    sdf = os.path.join(work, "small.sdf")
    with open(sdf, "w") as f:
        f.write(SDF)

    rc, out, err = run(sdf)
    check(rc == 0, "a small SDF is read", err)
    check("worst path 10.24 ns (97.66 MHz)" in out, "worst path: 0.5 + 3.0 + 0.24 + 6.5 ns", out)
    # endpoints: a/DI (its setup check, nothing drives it), b/DI, c/DI, c/M;
    # c/CE hangs on the constant net only
    check("1 of 4 endpoints miss 100 MHz, in 1 registers" in out,
          "one endpoint of four misses 100 MHz (the constant net is no path)", out)
    check("| u.c[1] | 10.24 | 1 | u.b |" in out, "the failing register and where its path starts", out)

    rc, out, _ = run(sdf, "--mhz", "90")
    check(rc == 0 and "0 of 4 endpoints miss 90 MHz" in out, "nothing misses 90 MHz", out)
    rc, out, _ = run(sdf, "--mhz", "300")
    check("2 of 4 endpoints miss 300 MHz, in 2 registers" in out,
          "b (3.74 ns) and c miss 300 MHz; c's DI at 2.04 ns does not", out)

    rc, out, _ = run(sdf, "--trace", "u.b")
    check(rc == 0 and "worst path into u.b: 3.74 ns" in out, "trace: the arrival at b", out)
    lines = [ln.split() for ln in out.splitlines()[1:]]
    check([ln[0] for ln in lines] == ["0.50", "1.50", "1.74", "3.74"],
          "trace: every pin's arrival in order", out)

    rc, _, err = run(sdf, "--trace", "nothing")
    check(rc != 0 and "no endpoint in register nothing" in err, "trace of an unknown register fails", err)
    missing = os.path.join(work, "missing.sdf")
    rc, _, err = run(missing)
    check(rc != 0 and missing in err, "a missing file is an error naming it", err)
    empty = os.path.join(work, "empty.sdf")
    open(empty, "w").close()
    rc, _, err = run(empty)
    check(rc != 0 and "no INTERCONNECT entries" in err, "a file with no nets is refused", err)
    bad = os.path.join(work, "bad.sdf")
    with open(bad, "w") as f:
        f.write("(INTERCONNECT a/Q\n")
    rc, _, err = run(bad)
    check(rc != 0 and bad in err and "Traceback" not in err, "a malformed file is a clean error", err)

    sys.exit(summary())


if __name__ == "__main__":
    main()
