#!/usr/bin/env python3
"""End-to-end tests of `cnnacc run` and `cnnacc merge-reports`.

usage: test_run.py CNNACC MODEL FASHION_DIR MNIST_DIR MNIST_MODEL TMPDIR

Expected values come from outside the engine path: bit-exactness is the
pure reference's logits, accuracy is `cnnacc eval` (reference only), and the
per-image MAC counts are LeNet-5's connection counts from the course notes
(C1 117,600, C3 240,000).
"""
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tally import check, summary  # noqa: E402

CNNACC, MODEL, FASHION, MNIST, MNIST_MODEL, TMP = sys.argv[1:7]
LENET_MACS = {"C1": 117600, "C3": 240000}


def run(*args):
    p = subprocess.run([CNNACC, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def tmp(name):
    return os.path.join(TMP, name)


def load(path):
    with open(path) as f:
        return json.load(f)


def without_timing(report):
    report = dict(report)
    report.pop("timing", None)
    return report


def reference_accuracy(model, data, count):
    rc, out, err = run("eval", "--model", model, "--data", data, "--limit", str(count))
    m = re.search(r"accuracy [0-9.]+% \((\d+) / (\d+)\)", out)
    return (int(m.group(1)), int(m.group(2))) if rc == 0 and m else None


def end_to_end(name, model, data, count):
    """count images through the RTL with --verify: every image bit-exact."""
    rep = tmp(f"{name}.json")
    rc, out, err = run("run", "--model", model, "--data", data, "--count", str(count),
                       "--verify", "--jobs", "2", "--report", rep)
    check(rc == 0, f"{name}: {count} images through the RTL with --verify exit 0 ({err.strip()})")
    if rc != 0:
        return
    r = load(rep)
    images = r["images"]
    check(len(images) == count and all(im["bitexact"] for im in images),
          f"{name}: logits of all {count} images bit-exact with the reference")
    check(all(im["prediction"] == im["reference"] for im in images),
          f"{name}: every prediction equals the reference's")
    ref = reference_accuracy(model, data, count)
    check(ref is not None and r["totals"]["correct"] == ref[0],
          f"{name}: accuracy {r['totals']['correct']}/{count} equals cnnacc eval's {ref}")
    check(f"bit-exact logits vs reference: {count} / {count} images" in out,
          f"{name}: summary reports {count}/{count} bit-exact")
    macs = {l["name"]: l["macs"] // count for l in r["layers"]}
    check(macs == LENET_MACS, f"{name}: MACs per image {macs} match the LeNet-5 table")
    u = r["totals"]["conv_utilization"]
    check(0 < u <= 1 and r["totals"]["cycles_per_image"] > 0,
          f"{name}: conv utilization {u:.3f} within (0, 1], cycles counted")


def jobs_identical():
    outs, reps = [], []
    for jobs in (1, 2, 3):
        rep = tmp(f"jobs{jobs}.json")
        rc, out, err = run("run", "--model", MODEL, "--data", FASHION, "--first", "7",
                           "--count", "20", "--jobs", str(jobs), "--report", rep)
        check(rc == 0, f"--jobs {jobs} runs ({err.strip()})")
        if rc != 0:
            return
        outs.append([l for l in out.splitlines() if not l.startswith("wall clock")])
        reps.append(without_timing(load(rep)))
    check(outs[0] == outs[1] == outs[2], "--jobs 1, 2 and 3 print the same results")
    check(reps[0] == reps[1] == reps[2], "--jobs 1, 2 and 3 write the same report")


def shards_merge():
    whole = tmp("whole.json")
    rc, _, _ = run("run", "--model", MODEL, "--data", FASHION, "--count", "21",
                   "--report", whole)
    parts = []
    for i in range(2):
        parts.append(tmp(f"shard{i}.json"))
        rc2, _, err = run("run", "--model", MODEL, "--data", FASHION, "--count", "21",
                          "--shard", f"{i}/2", "--report", parts[-1])
        rc = rc or rc2
    check(rc == 0, "whole run and both shards run")
    if rc != 0:
        return
    merged = tmp("merged.json")
    rc, out, err = run("merge-reports", parts[1], parts[0], "-o", merged)
    check(rc == 0, f"merge-reports exits 0 ({err.strip()})")
    check(rc == 0 and load(merged) == without_timing(load(whole)),
          "shard 0/2 + 1/2 merged equals the whole run")
    check([im["index"] for im in load(parts[0])["images"]] == list(range(10)),
          "shard 0/2 of 21 images holds images 0..9")
    bad = tmp("bad-merge.json")
    rc, _, err = run("merge-reports", parts[0], parts[0], "-o", bad)
    check(rc != 0 and "overlap" in err and not os.path.exists(bad),
          f"merging a shard with itself fails cleanly ({err.strip()})")


def bad_inputs():
    corrupt = tmp("corrupt.cnnm")
    with open(MODEL, "rb") as f:
        data = f.read()
    with open(corrupt, "wb") as f:
        f.write(data[: len(data) // 2])
    missing_model = tmp("no-such-model.cnnm")
    missing_dir = tmp("no-such-dir")
    cases = [
        ("missing model file", ["--model", missing_model], 1, missing_model),
        ("corrupt model file", ["--model", corrupt], 1, corrupt),
        ("missing data directory", ["--data", missing_dir], 1, missing_dir),
        ("bad --shard 2/2", ["--shard", "2/2"], 2, "--shard"),
        ("bad --shard 1/0", ["--shard", "1/0"], 2, "--shard"),
        ("bad --shard abc", ["--shard", "abc"], 2, "--shard"),
        ("bad --backend", ["--backend", "fpga"], 2, "--backend"),
        ("--count past the set", ["--first", "9990", "--count", "20"], 2, "9990"),
        ("driver error: --watchdog 10", ["--watchdog", "10"], 1, "watchdog expired"),
    ]
    for what, args, want_rc, needle in cases:
        rep = tmp("bad.json")
        if os.path.exists(rep):
            os.remove(rep)
        full = ["run", "--model", MODEL, "--data", FASHION, "--count", "4", "--report", rep]
        rc, out, err = run(*full, *args)
        check(rc == want_rc and needle in err and not os.path.exists(rep)
              and not any(n.startswith("bad.json") for n in os.listdir(TMP)),
              f"{what}: exit {rc} (want {want_rc}), no report, says: {err.strip()[:120]}")


def model_backend():
    rc, out, err = run("run", "--model", MODEL, "--data", FASHION, "--count", "50",
                       "--backend", "model", "--verify")
    check(rc == 0 and "bit-exact logits vs reference: 50 / 50 images" in out,
          f"C model backend: 50 images bit-exact with --verify ({err.strip()})")


def main():
    shutil.rmtree(TMP, ignore_errors=True)
    os.makedirs(TMP)
    if not os.path.exists(MODEL):
        print(f"{MODEL}: missing; build it with 'make train quantize'")
        print("0 passed, 1 failed")
        return 1
    end_to_end("fashion-mnist", MODEL, FASHION, 200)
    absent = [p for p in (MNIST_MODEL, MNIST) if not os.path.exists(p)]
    if absent:
        print(f"skipped: 200 MNIST digits on the RTL ({', '.join(absent)} absent; "
              "no model trained on digits is shipped)")
    else:
        end_to_end("mnist", MNIST_MODEL, MNIST, 200)
    jobs_identical()
    shards_merge()
    bad_inputs()
    model_backend()
    return summary()


if __name__ == "__main__":
    sys.exit(main())
