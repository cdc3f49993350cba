# rtl build rules (fragment of the top-level Makefile)
#
# RTL_SRCS is every synthesizable module of the engine; other fragments
# (simulation harnesses, benches) reuse it together with RTL_INC.

RTL_SRCS := $(sort $(wildcard rtl/*.v))
RTL_INC  := -Irtl
RTL_TOP  := cnn_engine
RTL_VERILATOR_LINT := verilator --lint-only -Wall $(RTL_INC) --top-module $(RTL_TOP)

.PHONY: lint-rtl check-regmap

lint-rtl: ## Verilator -Wall lint of the engine (8x8, 4x4, 16x16) and a Yosys synthesis check
	$(RTL_VERILATOR_LINT) $(RTL_SRCS)
	$(RTL_VERILATOR_LINT) -GROWS=4 -GCOLS=4 $(RTL_SRCS)
	$(RTL_VERILATOR_LINT) -GROWS=16 -GCOLS=16 $(RTL_SRCS)
	@mkdir -p $(BUILD)/rtl
	yosys -q -l $(BUILD)/rtl/synth.log -p "read_verilog -sv $(RTL_INC) $(RTL_SRCS); synth -top $(RTL_TOP); check -assert; stat"
	@grep -A200 "=== design hierarchy ===" $(BUILD)/rtl/synth.log | grep -E "Number of cells|DFF|LATCH|_DLATCH" | tail -20 || true

check-regmap: ## fail if rtl/engine_regs.vh, firmware/engine_regs.h or docs/regmap.md drift from scripts/gen-regmap
	scripts/gen-regmap --check

LINT_TARGETS += lint-rtl check-regmap
