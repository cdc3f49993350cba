#!/usr/bin/env python3
"""bench-sim: the whole Fashion-MNIST test set through the RTL simulation.

usage: bench_sim.py CNNACC MODEL DATA_DIR OUT_JSON WORK_DIR

Runs `cnnacc run --all --jobs 2` (conv layers cycle-accurate, memory model at
cnnacc's defaults) and writes a flat metric file for scripts/merge-bench.
Utilization is over LeNet's conv layers end to end per image: every cycle
from START to DONE of each layer's command list counts, weight loads, DMA,
array fill and drain included.
"""
import json
import os
import subprocess
import sys
import time

cnnacc, model, data, out_json, work = sys.argv[1:6]
JOBS = 2
os.makedirs(work, exist_ok=True)
report_path = os.path.join(work, "report.json")
if os.path.exists(report_path):
    os.remove(report_path)
cmd = [cnnacc, "run", "--model", model, "--data", data, "--set", "t10k", "--all",
       "--jobs", str(JOBS), "--backend", "rtl", "--report", report_path]
start = time.monotonic()
proc = subprocess.run(cmd)
seconds = time.monotonic() - start
# A logits mismatch still writes the report (exit 1): the count goes into the
# metrics. Anything else that stops the run is a failed benchmark.
if not os.path.exists(report_path):
    sys.exit(f"bench-sim: {' '.join(cmd)} failed with status {proc.returncode}")
with open(report_path) as f:
    report = json.load(f)
totals = report["totals"]
images = totals["images"]
metrics = {
    "sim.lenet_conv_utilization": round(totals["conv_utilization"], 6),
    "sim.lenet_cycles_per_image": round(totals["cycles_per_image"], 3),
    "sim.images_per_s": round(images / seconds, 3),
    "sim.full_testset_seconds": round(seconds, 3),
    "sim.full_testset_bitexact": totals["bitexact"],
    "sim.full_testset_accuracy": round(totals["accuracy"], 6),
    "config": {
        "model": report["model"],
        "images": images,
        "jobs": JOBS,
        "backend": report["backend"],
        "engine": report["engine"],
        "memory": report["memory"],
        "per_layer": {l["name"]: {"cycles_per_image": l["cycles"] / images,
                                  "utilization": l["utilization"]}
                      for l in report["layers"]},
    },
}
tmp = out_json + ".tmp"
with open(tmp, "w") as f:
    json.dump(metrics, f, indent=2)
    f.write("\n")
os.replace(tmp, out_json)
print(json.dumps(metrics, indent=2))
