# rtl build rules (fragment of the top-level Makefile)
#
# RTL_SRCS is every synthesizable module of the engine; other fragments
# (simulation harnesses, benches) reuse it together with RTL_INC.

RTL_SRCS := $(sort $(wildcard rtl/*.v))
RTL_INC  := -Irtl
RTL_TOP  := cnn_engine
RTL_VERILATOR_LINT := verilator --lint-only -Wall $(RTL_INC) --top-module $(RTL_TOP)
# Lint configurations: every array size at the default 8-byte bus, every
# bus width (BUS_BYTES 4, 16) at the smallest and largest array, and the
# small boards' options (no prefetch, basic counters, sequential requantizers,
# one CONV at a time: the iCEBreaker's engine), and the ULX3S-25F's
# engine with its ECP5 DSP-block products and window block RAMs (on the
# cell models).
RTL_LINT_CONFIGS := "" "-GROWS=4 -GCOLS=4" "-GROWS=16 -GCOLS=16" \
                    "-GBUS_BYTES=4 -GROWS=4 -GCOLS=4 -GPREFETCH=0 -GPERF_BASIC=1 -GRQ_SEQ=1" \
                    "-GBUS_BYTES=4 -GROWS=2 -GCOLS=2 -GACT_BYTES=1024 -GWGT_ROWS=256 -GACC_DEPTH=256 \
                     -GRQ_UNITS=1 -GPREFETCH=0 -GPERF_BASIC=1 -GRQ_SEQ=1 -GOVERLAP=0 -GTIMING_REGS=0" \
                    "-GBUS_BYTES=4 -GROWS=16 -GCOLS=16" \
                    "-GBUS_BYTES=16 -GROWS=4 -GCOLS=4" "-GBUS_BYTES=16 -GROWS=16 -GCOLS=16" \
                    "-GROWS=4 -GCOLS=4 -GRQ_UNITS=2 -GACT_BYTES=4096 -GECP5_DSP=1 -GECP5_EBR=1 \
                     -v $(ECP5_MODELS)"

# Two Yosys checks. Generic `synth` has no block RAM, so it would turn every
# buffer into flip-flops: at the default sizes that takes many minutes.
# (1) At the default sizes, stop after memory inference and list the memories:
#     every buffer must come out as a $$mem cell (what block RAM mapping needs).
# (2) Full generic synthesis with small buffers: the logic is the same, and
#     `check -assert` fails on latches, multiple drivers or undriven nets.
# (3) The same check on the DMA unit (rtl/dma.v: load, store and their
#     shared burst generator) at the other bus widths (4 and 16 bytes): it
#     holds all the width-dependent logic, and alone it takes seconds
#     instead of minutes.
RTL_MEM_SCRIPT   := hierarchy -top $(RTL_TOP); proc; flatten; opt; memory -nomap; opt -fast; stat
RTL_SYNTH_SCRIPT := hierarchy -top $(RTL_TOP) -chparam ACT_BYTES 512 -chparam WGT_ROWS 64 -chparam ACC_DEPTH 64; \
                    synth -top $(RTL_TOP); check -assert; stat
rtl_dma_synth_script = hierarchy -top $(1) -chparam BUS_BYTES $(2); synth -top $(1); check -assert

.PHONY: lint-rtl check-regmap test-regmap

lint-rtl: ## Verilator -Wall lint of the engine (4x4, 8x8, 16x16; 4-, 8-, 16-byte bus) and a Yosys synthesis check
	@for g in $(RTL_LINT_CONFIGS); do echo "$(RTL_VERILATOR_LINT) $$g"; \
	  $(RTL_VERILATOR_LINT) $$g $(RTL_SRCS) || exit 1; done
	@mkdir -p $(BUILD)/rtl
	yosys -q -l $(BUILD)/rtl/memories.log -p "read_verilog -sv $(RTL_INC) $(RTL_SRCS); $(RTL_MEM_SCRIPT)"
	@scripts/check-memories $(BUILD)/rtl/memories.log 25  # 8 lanes + weights + 8 acc + 8 out
	yosys -q -l $(BUILD)/rtl/synth.log -p "read_verilog -sv $(RTL_INC) $(RTL_SRCS); $(RTL_SYNTH_SCRIPT)"
	@grep -E "Number of cells|LATCH" $(BUILD)/rtl/synth.log | tail -3
	@for b in 4 16; do echo "yosys: synth dma BUS_BYTES=$$b"; \
	  yosys -q -l $(BUILD)/rtl/synth-dma-b$$b.log -p "read_verilog -sv $(RTL_INC) $(RTL_SRCS); \
	    $(call rtl_dma_synth_script,dma,$$b)" || exit 1; done

check-regmap: ## fail if rtl/engine_regs.vh, firmware/engine_regs.h or docs/ARCHITECTURE.md drift from scripts/gen-regmap
	scripts/gen-regmap --check

test-regmap: ## the generated register-map copies match scripts/gen-regmap
	@scripts/run-test regmap scripts/gen-regmap --check

LINT_TARGETS += lint-rtl check-regmap
TEST_TARGETS += test-regmap
