# FPGA builds (fragment of the top-level Makefile). Each board is a folder
# boards/<name>/ with board.cfg (device, pins file, engine parameters, DSP
# policy, clock target); scripts/synth runs Yosys + nextpnr (YoWASP builds
# installed by scripts/setup-fpga into $(BUILD)/fpga) and writes
# $(BUILD)/synth/<name>/report.json.

SYNTH_BOARDS := ulx3s-25f icebreaker ulx3s-85f tangnano9k
# nextpnr seed; empty: each board.cfg's SEED (else 1)
SYNTH_SEED   ?=
SYNTH_SEED_ARG = $(if $(SYNTH_SEED),--seed $(SYNTH_SEED))
# the smallest build shows the fixed cost around the array best
SYNTH_AREA_BOARD ?= icebreaker
BOARD        ?=

.PHONY: setup-fpga synth bitstream synth-all synth-area synth-paths netlist-sim

setup-fpga: ## install the pinned YoWASP Yosys/nextpnr tools into build/fpga
	@scripts/setup-fpga $(BUILD) >/dev/null

synth: ## synthesize, place and route for BOARD=<name>; fails if the clock target is missed
	@test -n "$(BOARD)" || { echo "make synth: set BOARD to one of: $(SYNTH_BOARDS)" >&2; exit 2; }
	scripts/synth $(BOARD) $(SYNTH_SEED_ARG) --build $(BUILD) --rtl "$(RTL_SRCS)"

bitstream: ## synth plus the bitstream file for BOARD=<name>
	@test -n "$(BOARD)" || { echo "make bitstream: set BOARD to one of: $(SYNTH_BOARDS)" >&2; exit 2; }
	scripts/synth $(BOARD) --bitstream $(SYNTH_SEED_ARG) --build $(BUILD) --rtl "$(RTL_SRCS)"

netlist-sim: ## gate-level check for an iCE40 or ECP5 BOARD=<name>: the engine as its flow maps it runs LeNet-5 bit-exact, cycle for cycle with the RTL
	@test -n "$(BOARD)" || { echo "make netlist-sim: set BOARD to an iCE40 board" >&2; exit 2; }
	scripts/netlist-sim $(BOARD) --build $(BUILD)

synth-area: ## per-module LUT/FF/DSP table of the engine at BOARD=<name>'s parameters (native Yosys, no flatten)
	@test -n "$(BOARD)" || { echo "make synth-area: set BOARD to one of: $(SYNTH_BOARDS)" >&2; exit 2; }
	scripts/synth-area $(BOARD) --build $(BUILD)

synth-paths: ## estimated deepest paths of the engine at ECP5 BOARD=<name>'s parameters, by register (native Yosys)
	@test -n "$(BOARD)" || { echo "make synth-paths: set BOARD to an ECP5 board" >&2; exit 2; }
	scripts/synth-paths $(BOARD) --build $(BUILD)

synth-all: ## bitstreams for every board, then docs/synthesis.md from their reports and a per-module table
	@rc=0; for b in $(SYNTH_BOARDS); do \
	  scripts/synth $$b --bitstream $(SYNTH_SEED_ARG) --build $(BUILD) --rtl "$(RTL_SRCS)" || rc=1; \
	done; \
	{ scripts/synth-table $(addprefix $(BUILD)/synth/,$(addsuffix /report.json,$(SYNTH_BOARDS))) && \
	  printf '\n## Where the logic goes\n\n' && \
	  scripts/synth-area $(SYNTH_AREA_BOARD) --build $(BUILD); } \
	  > docs/synthesis.md.tmp && mv docs/synthesis.md.tmp docs/synthesis.md; exit $$rc

include tests/synth.mk
