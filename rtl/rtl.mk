# rtl build rules (fragment of the top-level Makefile)
#
# RTL_SRCS is every synthesizable module of the engine; other fragments
# (simulation harnesses, benches) reuse it together with RTL_INC.

RTL_SRCS := $(sort $(wildcard rtl/*.v))
RTL_INC  := -Irtl
RTL_TOP  := cnn_engine
RTL_VERILATOR_LINT := verilator --lint-only -Wall $(RTL_INC) --top-module $(RTL_TOP)

# Two Yosys checks. Generic `synth` has no block RAM, so it would turn every
# buffer into flip-flops: at the default sizes that takes many minutes.
# (1) At the default sizes, stop after memory inference and list the memories:
#     every buffer must come out as a $$mem cell (what block RAM mapping needs).
# (2) Full generic synthesis with small buffers: the logic is the same, and
#     `check -assert` fails on latches, multiple drivers or undriven nets.
RTL_MEM_SCRIPT   := hierarchy -top $(RTL_TOP); proc; flatten; opt; memory -nomap; opt -fast; stat
RTL_SYNTH_SCRIPT := hierarchy -top $(RTL_TOP) -chparam ACT_BYTES 512 -chparam WGT_ROWS 64 -chparam ACC_DEPTH 64; \
                    synth -top $(RTL_TOP); check -assert; stat

.PHONY: lint-rtl check-regmap test-regmap

lint-rtl: ## Verilator -Wall lint of the engine (8x8, 4x4, 16x16) and a Yosys synthesis check
	$(RTL_VERILATOR_LINT) $(RTL_SRCS)
	$(RTL_VERILATOR_LINT) -GROWS=4 -GCOLS=4 $(RTL_SRCS)
	$(RTL_VERILATOR_LINT) -GROWS=16 -GCOLS=16 $(RTL_SRCS)
	@mkdir -p $(BUILD)/rtl
	yosys -q -l $(BUILD)/rtl/memories.log -p "read_verilog -sv $(RTL_INC) $(RTL_SRCS); $(RTL_MEM_SCRIPT)"
	@scripts/check-memories $(BUILD)/rtl/memories.log 25  # 8 lanes + weights + 8 acc + 8 out
	yosys -q -l $(BUILD)/rtl/synth.log -p "read_verilog -sv $(RTL_INC) $(RTL_SRCS); $(RTL_SYNTH_SCRIPT)"
	@grep -E "Number of cells|LATCH" $(BUILD)/rtl/synth.log | tail -3

check-regmap: ## fail if rtl/engine_regs.vh, firmware/engine_regs.h or docs/ARCHITECTURE.md drift from scripts/gen-regmap
	scripts/gen-regmap --check

test-regmap: ## the generated register-map copies match scripts/gen-regmap
	@scripts/run-test regmap scripts/gen-regmap --check

LINT_TARGETS += lint-rtl check-regmap
TEST_TARGETS += test-regmap
