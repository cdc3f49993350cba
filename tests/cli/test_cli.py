#!/usr/bin/env python3
"""Command-line behaviour of `cnnacc info`, `eval`, `classify` and `layer`.

usage: test_cli.py CNNACC MODEL DATA_DIR LAYER_FILE TMPDIR

Checks exit status and message text for help, usage errors (exit 2), bad
input files (exit 1, message naming the file and the problem) and normal
runs. Expected values are independent of the program: the LeNet-5 table is
derived from the layer shapes below, image labels are read from the IDX file
here, the layer output is recomputed by a naive convolution in this file,
and eval is cross-checked against classify image by image.
`run` and `merge-reports` are covered by tests/run/test_run.py; only their
--help is checked here.
"""
import gzip
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tally import check, summary  # noqa: E402

CNNACC, MODEL, DATA, LAYER_FILE, TMP = sys.argv[1:6]
SUBCOMMANDS = ["info", "eval", "classify", "layer", "run", "merge-reports"]


def run(*args):
    p = subprocess.run([CNNACC, *args], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def tmp(name):
    return os.path.join(TMP, name)


def write(name, data):
    path = tmp(name)
    with open(path, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)
    return path


def expect_error(args, rc_want, pattern, what):
    """Exit status rc_want, nothing on stdout, stderr matching pattern."""
    rc, out, err = run(*args)
    ok = rc == rc_want and out == "" and re.search(pattern, err) is not None
    check(ok, f"{what}: exit {rc_want}, stderr ~ /{pattern}/ (got {rc}: {err.strip()!r})")


# --- help and usage errors -------------------------------------------------

def test_help():
    for flag in ("--help", "-h", "help"):
        rc, out, err = run(flag)
        check(rc == 0 and out.startswith("usage: cnnacc <command>") and err == ""
              and all(f"  {c} " in out for c in SUBCOMMANDS),
              f"cnnacc {flag}: exit 0, usage listing every command on stdout")
    for cmd in SUBCOMMANDS:
        for flag in ("--help", "-h"):
            rc, out, err = run(cmd, flag)
            check(rc == 0 and out.startswith(f"usage: cnnacc {cmd}") and err == "",
                  f"cnnacc {cmd} {flag}: exit 0, usage on stdout ({rc})")


def test_usage_errors():
    rc, out, err = run()
    check(rc == 2 and out == "" and err.startswith("usage: cnnacc <command>"),
          f"cnnacc without a command: exit 2, usage on stderr ({rc})")
    expect_error(["frobnicate"], 2, r"^cnnacc: unknown command 'frobnicate'\nusage: cnnacc",
                 "unknown command")
    for cmd, extra in (("info", []), ("eval", ["--model", MODEL]),
                       ("classify", ["--model", MODEL, "--index", "0"]),
                       ("layer", [LAYER_FILE])):
        expect_error([cmd, *extra, "--bogus"], 2,
                     rf"^cnnacc {cmd}: unexpected argument '--bogus'\n"
                     rf"Try 'cnnacc {cmd} --help'\.\n$", f"{cmd} --bogus")
    expect_error(["info", "stray"], 2, r"^cnnacc info: unexpected argument 'stray'",
                 "info with a positional argument")
    expect_error(["eval", "--model"], 2, r"^cnnacc eval: option --model needs a value",
                 "eval --model without a value")
    expect_error(["eval"], 2, r"^cnnacc eval: --model FILE is required", "eval without --model")
    for bad in ("0", "-3", "12x", ""):
        expect_error(["eval", "--model", MODEL, "--limit", bad], 2,
                     rf"^cnnacc eval: --limit: '{re.escape(bad)}' is not an integer in \[1, ",
                     f"eval --limit '{bad}'")
    expect_error(["classify", "--model", MODEL], 2,
                 r"^cnnacc classify: --model FILE and --index I are required",
                 "classify without --index")
    expect_error(["classify", "--model", MODEL, "--index", "-1"], 2,
                 r"^cnnacc classify: --index: '-1' is not an integer in \[0, ",
                 "classify --index -1")
    expect_error(["layer"], 2, r"^cnnacc layer: a layer FILE is required", "layer without FILE")
    expect_error(["layer", LAYER_FILE, LAYER_FILE], 2,
                 r"^cnnacc layer: unexpected argument", "layer with two files")


# --- info --------------------------------------------------------------------

def lenet_rows():
    """LeNet-5 from its shapes (28x28 input, padding 2 on C1, 5x5 kernels,
    2x2 max pools). Connections of a conv or fc unit = its fan-in (one MAC
    each); a pool output has 4 connections and no MACs; weights exclude
    biases. These give the course-notes figures: C1 4704 units, 117,600
    connections, 150 weights; total 416,520 MACs."""
    rows = []
    c1 = 28 * 28 * 6
    rows.append(("C1", "conv", "28x28x6", c1, c1 * 5 * 5 * 1, 6 * 5 * 5 * 1, c1 * 25))
    s2 = 14 * 14 * 6
    rows.append(("S2", "maxpool", "14x14x6", s2, s2 * 4, 0, 0))
    c3 = 10 * 10 * 16
    rows.append(("C3", "conv", "10x10x16", c3, c3 * 5 * 5 * 6, 16 * 5 * 5 * 6, c3 * 150))
    s4 = 5 * 5 * 16
    rows.append(("S4", "maxpool", "5x5x16", s4, s4 * 4, 0, 0))
    for name, n_in, n_out in (("F5", 400, 120), ("F6", 120, 84), ("output", 84, 10)):
        rows.append((name, "fc", f"1x1x{n_out}", n_out, n_in * n_out, n_in * n_out,
                     n_in * n_out))
    return rows


def number(s):
    return int(s.replace(",", ""))


def check_table(out, what):
    rows = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) == 7 and re.fullmatch(r"[0-9,]+", f[3]):
            rows[f[0]] = (f[0], f[1], f[2], *map(number, f[3:]))
    want = lenet_rows()
    for r in want:
        check(rows.get(r[0]) == r, f"{what}: row {r[0]} {r[1:]} (got {rows.get(r[0])})")
    totals = tuple(sum(r[i] for r in want) for i in (3, 4, 5, 6))
    m = re.search(r"^total\s+([0-9,]+)\s+([0-9,]+)\s+([0-9,]+)\s+([0-9,]+)$", out, re.M)
    got = tuple(map(number, m.groups())) if m else None
    check(got == totals and totals[3] == 416520,
          f"{what}: totals units/connections/weights/MACs {totals} (got {got})")
    # The printed thousands separators are part of the table's format.
    check(re.search(r"^C1\s+conv\s+28x28x6\s+4704\s+117,600\s+150\s+117,600$", out, re.M)
          is not None, f"{what}: C1 line reads '4704  117,600  150  117,600'")


def test_info():
    rc, out, err = run("info")
    check(rc == 0 and err == "" and out.startswith("model lenet5: 7 layers, input 28x28x1"),
          f"info: exit 0, header line ({rc}, {err.strip()!r})")
    check_table(out, "info")
    rc, out, err = run("info", "--model", MODEL)
    check(rc == 0 and err == "", f"info --model {MODEL}: exit 0 ({err.strip()!r})")
    check_table(out, "info --model")


# --- bad input files ---------------------------------------------------------

def test_bad_model():
    missing = tmp("no-such-model.cnnm")
    for cmd, extra in (("info", []), ("eval", ["--limit", "1"]), ("classify", ["--index", "0"])):
        expect_error([cmd, "--model", missing, *extra], 1,
                     rf"^{re.escape(missing)}: No such file or directory\n$",
                     f"{cmd} with a missing model")
    with open(MODEL, "rb") as f:
        blob = f.read()
    # Cut inside the header, just after it, in the middle, and one byte short.
    for size in (0, 7, 64, len(blob) // 2, len(blob) - 1):
        path = write(f"truncated-{size}.cnnm", blob[:size])
        expect_error(["info", "--model", path], 1, rf"^{re.escape(path)}: \S.*\n$",
                     f"info with the model cut to {size} bytes")
    path = tmp(f"truncated-{len(blob) // 2}.cnnm")
    expect_error(["info", "--model", path], 1,
                 rf"truncated: {len(blob) // 2} bytes, header declares {len(blob)}",
                 "truncated model: message gives the actual and declared sizes")
    expect_error(["eval", "--model", path, "--limit", "1"], 1, rf"^{re.escape(path)}: ",
                 "eval with a truncated model")
    expect_error(["info", "--model", TMP], 1, rf"^{re.escape(TMP)}",
                 "info with a directory as the model")


def test_bad_data():
    nodir = tmp("no-such-data")
    for cmd, extra in (("eval", ["--limit", "1"]), ("classify", ["--index", "0"])):
        expect_error([cmd, "--model", MODEL, "--data", nodir, *extra], 1,
                     rf"^{re.escape(nodir)}/t10k-images-idx3-ubyte: not found",
                     f"{cmd} with a missing data directory")
    empty = tmp("empty-data")
    os.makedirs(empty, exist_ok=True)
    expect_error(["eval", "--model", MODEL, "--data", empty, "--set", "train", "--limit", "1"],
                 1, rf"^{re.escape(empty)}/train-images-idx3-ubyte: not found",
                 "eval --set train on an empty directory names the train file")
    n = len(read_labels())
    expect_error(["classify", "--model", MODEL, "--data", DATA, "--index", str(n)], 1,
                 rf"^cnnacc classify: --index {n}: set t10k has {n} images\n$",
                 "classify --index one past the end")
    rc, out, err = run("classify", "--model", MODEL, "--data", DATA, "--index", str(n - 1))
    check(rc == 0, f"classify --index {n - 1} (the last image): exit 0 ({err.strip()!r})")


def test_bad_layer():
    missing = tmp("no-such.layer")
    expect_error(["layer", missing], 1, rf"^{re.escape(missing)}: No such file or directory\n$",
                 "layer with a missing file")
    with open(LAYER_FILE) as f:
        good = f.read()
    cases = [
        ("unknown-key.layer", "kind = conv\n# comment\nstrides = 1 1\n",
         r":3: unknown key 'strides'"),
        ("bad-int.layer", "kind = conv\ninput_shape = 2 x 2\n", r":2: 'x' is not an integer"),
        ("bad-kind.layer", "kind = dense\n", r":1: kind 'dense' is not conv, maxpool or avgpool"),
        ("no-kind.layer", "input_shape = 1 1 1\n", r": missing key 'kind'"),
        ("short-bias.layer", good.replace("bias = 10 -20", "bias = 10"),
         r":\d+: bias: expected 2 values \(one per output channel\), got 1"),
        ("empty.layer", "", r": missing key 'kind'"),
    ]
    for name, text, problem in cases:
        path = write(name, text)
        expect_error(["layer", path], 1, rf"^{re.escape(path)}{problem}",
                     f"layer {name}")


# --- normal runs ---------------------------------------------------------------

def read_labels():
    base = os.path.join(DATA, "t10k-labels-idx1-ubyte")
    opener = (gzip.open, base + ".gz") if os.path.exists(base + ".gz") else (open, base)
    with opener[0](opener[1], "rb") as f:
        raw = f.read()
    assert raw[:4] == b"\x00\x00\x08\x01", "not an IDX label file"
    return raw[8:]


def eval_confusion(limit):
    """(correct, total, confusion matrix rows) from `cnnacc eval`, or None."""
    rc, out, err = run("eval", "--model", MODEL, "--data", DATA, "--limit", str(limit))
    m = re.search(r"^accuracy ([0-9.]+)% \((\d+) / (\d+)\)$", out, re.M)
    if rc != 0 or err or not m:
        return None
    rows = [list(map(int, line.split()[1:11]))
            for line in out.splitlines() if re.match(r"^\s+\d\s+(\s+\d+){10}\s", line)]
    return float(m.group(1)), int(m.group(2)), int(m.group(3)), rows


def classify(index):
    rc, out, err = run("classify", "--model", MODEL, "--data", DATA, "--index", str(index))
    logits = [int(l.split()[1]) for l in out.splitlines() if re.match(r"^\s+\d\s+-?\d+\s", l)]
    m = re.search(r"^prediction (\d+), label (\d+): (correct|wrong)$", out, re.M)
    marked = [int(l.split()[0]) for l in out.splitlines() if l.endswith("<- prediction")]
    return rc, err, logits, m, marked


def test_eval_and_classify():
    labels = read_labels()
    r = eval_confusion(200)
    check(r is not None, "eval --limit 200: exit 0, accuracy line")
    if r is None:
        return
    pct, correct, total, conf = r
    check(total == 200 and len(conf) == 10 and sum(map(sum, conf)) == 200,
          f"eval --limit 200: 200 images, 10x10 confusion matrix summing to 200")
    check(sum(conf[i][i] for i in range(10)) == correct and abs(pct - 100 * correct / 200) < 0.01,
          f"eval: accuracy {pct}% = {correct}/200 = confusion matrix trace")
    check([sum(row) for row in conf] == [labels[:200].count(c) for c in range(10)],
          "eval: confusion row sums equal the label counts of the first 200 images")
    # The shipped model reaches about 90% on Fashion-MNIST; far below means broken.
    check(correct >= 160, f"eval: {correct}/200 correct, at least 80%")
    # eval(i+1) - eval(i) adds exactly image i at (label, prediction) of classify i.
    for i in (0, 1, 57, 199):
        rc, err, logits, m, marked = classify(i)
        ok = rc == 0 and err == "" and m is not None and len(logits) == 10
        check(ok, f"classify --index {i}: exit 0, ten logits, prediction line")
        if not ok:
            continue
        pred, label = int(m.group(1)), int(m.group(2))
        check(label == labels[i], f"classify {i}: label {label} = IDX file's {labels[i]}")
        check(pred == logits.index(max(logits)) and marked == [pred]
              and m.group(3) == ("correct" if pred == label else "wrong"),
              f"classify {i}: prediction {pred} is the first largest logit, marked once")
        before = eval_confusion(i)[3] if i else [[0] * 10 for _ in range(10)]
        after = eval_confusion(i + 1)[3]
        diff = [(t, p) for t in range(10) for p in range(10)
                if after[t][p] - before[t][p] != 0]
        check(diff == [(label, pred)] and after[label][pred] - before[label][pred] == 1,
              f"classify {i}: eval --limit {i + 1} minus --limit {i} adds one image "
              f"at (label {label}, prediction {pred}) (diff {diff})")


def test_eval_logits():
    # --logits holds, image after image, the logits classify prints.
    path = tmp("logits.bin")
    rc, out, err = run("eval", "--model", MODEL, "--data", DATA, "--limit", "3", "--logits", path)
    data = open(path, "rb").read() if rc == 0 and os.path.exists(path) else b""
    check(rc == 0 and len(data) == 30, f"eval --limit 3 --logits: exit 0, 30 bytes ({len(data)})")
    for i in range(3):
        logits = classify(i)[2]
        got = [b - 256 if b > 127 else b for b in data[10 * i:10 * i + 10]]
        check(got == logits, f"eval --logits: image {i} logits {got} = classify's {logits}")
    bad = os.path.join(tmp("no-such-dir"), "logits.bin")
    expect_error(["eval", "--model", MODEL, "--data", DATA, "--limit", "1", "--logits", bad], 1,
                 rf"^cnnacc eval: {re.escape(bad)}: cannot write the logits file",
                 "eval --logits into a missing directory")
    check(not os.path.exists(bad) and not os.path.exists(bad + ".tmp"),
          "eval --logits: no file left behind after a failed write")


def parse_layer(text):
    """key -> list of numbers (or the word for kind); values may continue
    on the following lines until the next key."""
    keys, cur = {}, None
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        if "=" in line:
            k, v = (s.strip() for s in line.split("=", 1))
            cur = keys.setdefault(k, [])
            line = v
        cur.extend(line.split())
    return {k: (v if k == "kind" else [int(x) for x in v]) for k, v in keys.items()}


def requant(acc, mult, shift, zp_out, relu):
    """TFLite MultiplyByQuantizedMultiplier, written out from its definition."""
    x = acc * (1 << max(shift, 0))
    ab = x * mult
    nudge = (1 << 30) if ab >= 0 else 1 - (1 << 30)
    x = int((ab + nudge) / (1 << 31))  # C division truncates toward zero
    e = max(-shift, 0)
    if e:
        mask = (1 << e) - 1
        rem, thr = x & mask, (mask >> 1) + (1 if x < 0 else 0)
        x = (x >> e) + (1 if rem > thr else 0)
    lo = zp_out if relu else -128
    return max(lo, min(127, x + zp_out))


def conv_reference(p):
    ih, iw, ic = p["input_shape"]
    oc, (kh, kw), (sh, sw) = p["out_channels"][0], p["kernel"], p["stride"]
    pt, pb, pl, pr = p["padding"]
    oh, ow = (ih + pt + pb - kh) // sh + 1, (iw + pl + pr - kw) // sw + 1
    rows = []
    for y in range(oh):
        row = []
        for x in range(ow):
            pix = []
            for o in range(oc):
                acc = p["bias"][o]
                for ky in range(kh):
                    for kx in range(kw):
                        iy, ix = y * sh + ky - pt, x * sw + kx - pl
                        if 0 <= iy < ih and 0 <= ix < iw:  # padding reads zp_in: adds 0
                            for c in range(ic):
                                v = p["input"][(iy * iw + ix) * ic + c] - p["zp_in"][0]
                                acc += v * p["weights"][((o * kh + ky) * kw + kx) * ic + c]
                pix.append(requant(acc, p["multiplier"][o], p["shift"][o],
                                   p["zp_out"][0], p["relu"][0]))
            row.append(pix)
        rows.append(row)
    return rows


def test_layer():
    with open(LAYER_FILE) as f:
        p = parse_layer(f.read())
    want = conv_reference(p)
    rc, out, err = run("layer", LAYER_FILE)
    oh, ow, oc = len(want), len(want[0]), len(want[0][0])
    check(rc == 0 and err == "" and out.startswith(
        f"{LAYER_FILE}: conv output {oh}x{ow}x{oc} (HWC), int8\n"),
        f"layer {LAYER_FILE}: exit 0, header line ({rc}, {err.strip()!r})")
    got = [[list(map(int, px.split())) for px in re.findall(r"\[([^\]]*)\]", line)]
           for line in out.splitlines()[1:]]
    check(got == want, f"layer: output {got} equals the naive convolution {want}")


def main():
    os.makedirs(TMP, exist_ok=True)
    for t in (test_help, test_usage_errors, test_info, test_bad_model, test_bad_data,
              test_bad_layer, test_eval_and_classify, test_eval_logits, test_layer):
        print(f"-- {t.__name__}")
        t()
    return summary()


if __name__ == "__main__":
    sys.exit(main())
