# RTL benches of the engine's control and memory half (fragment of the top-level Makefile).
# Each bench runs under Icarus and Verilator, with a fixed seed per run (override
# with RTLE_SEED=N); a bench prints its seed when it fails.

RTLE_DIR   := $(BUILD)/rtl-engine
RTLE_BENCH := tests/rtl/engine
RTLE_SEED  ?= 1
RTLE_COMMON := $(RTLE_BENCH)/tb_mem.v $(RTL_SRCS)
# The benches run in well under a second, so the C++ is compiled without
# optimization: the engine bench is large and -Os would cost minutes.
RTLE_VERILATOR := verilator --binary --timing -Wno-fatal -Wno-lint -Wno-style -Wno-TIMESCALEMOD \
                  $(RTL_INC) --x-initial unique -MAKEFLAGS "OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0"

$(RTLE_DIR)/%.vvp: $(RTLE_BENCH)/%.v $(RTLE_COMMON) rtl/engine_regs.vh
	@mkdir -p $(RTLE_DIR)
	iverilog -g2012 $(RTL_INC) -o $@ -s $* $< $(RTLE_COMMON)

$(RTLE_DIR)/vl-%/Vbench: $(RTLE_BENCH)/%.v $(RTLE_COMMON) rtl/engine_regs.vh
	@mkdir -p $(RTLE_DIR)
	$(RTLE_VERILATOR) --top-module $* -Mdir $(RTLE_DIR)/vl-$* -o Vbench $< $(RTLE_COMMON) >$(RTLE_DIR)/vl-$*.log 2>&1 || \
	  { tail -30 $(RTLE_DIR)/vl-$*.log; exit 1; }

.PHONY: test-rtl-engine

RTLE_BINS := $(RTLE_DIR)/tb_dma.vvp $(RTLE_DIR)/tb_engine.vvp \
             $(RTLE_DIR)/vl-tb_dma/Vbench $(RTLE_DIR)/vl-tb_engine/Vbench

test-rtl-engine: $(RTLE_BINS) ## RTL benches: DMA, command fetch, controller error paths (Icarus + Verilator)
	@rc=0; \
	scripts/run-test rtl-engine-dma-icarus vvp -n $(RTLE_DIR)/tb_dma.vvp +seed=$(RTLE_SEED) +n=12 || rc=1; \
	scripts/run-test rtl-engine-dma-icarus-stalls vvp -n $(RTLE_DIR)/tb_dma.vvp +seed=$$(($(RTLE_SEED)+1)) +n=12 +lat_max=30 +stall=30 || rc=1; \
	scripts/run-test rtl-engine-dma-verilator $(RTLE_DIR)/vl-tb_dma/Vbench +seed=$$(($(RTLE_SEED)+2)) +n=100 || rc=1; \
	scripts/run-test rtl-engine-dma-verilator-stalls $(RTLE_DIR)/vl-tb_dma/Vbench +seed=$$(($(RTLE_SEED)+3)) +n=100 +lat_min=5 +lat_max=40 +stall=40 || rc=1; \
	scripts/run-test rtl-engine-icarus-stalls vvp -n $(RTLE_DIR)/tb_engine.vvp +seed=$(RTLE_SEED) +lat_max=25 +stall=30 || rc=1; \
	scripts/run-test rtl-engine-verilator $(RTLE_DIR)/vl-tb_engine/Vbench +seed=$$(($(RTLE_SEED)+1)) || rc=1; \
	scripts/run-test rtl-engine-verilator-stalls $(RTLE_DIR)/vl-tb_engine/Vbench +seed=$$(($(RTLE_SEED)+2)) +lat_min=3 +lat_max=40 +stall=40 || rc=1; \
	exit $$rc

TEST_TARGETS += test-rtl-engine
