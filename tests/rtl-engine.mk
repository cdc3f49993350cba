# RTL benches of the engine's control and memory half (fragment of the top-level Makefile).
# Each bench runs under Icarus and Verilator, with a fixed seed per run (override
# with RTLE_SEED=N); a bench prints its seed when it fails.
#
# Every bench is built once per configuration, named by a tag:
#   tb_dma:    b<BUS_BYTES>[-a<ADDR_W>][-sf][-c<COLS>][-nt] (memory data width 4,
#              8, 16 bytes; -sf: the fetch through the block generator, as without
#              prefetch; -c2: 2-byte pixels, -nt: no burst output slices, both
#              as on the iCEBreaker)
#   tb_engine: <ROWS>x<COLS>-b<BUS_BYTES>[-q<RQ_UNITS>][-s][-np][-pb][-no][-nt][-a<ADDR_W>]
#              (-s: sequential requantizers, -np: no command prefetch, -pb:
#              basic counters, -no: one CONV at a time (OVERLAP = 0), -nt: no
#              register stages for fast clocks (TIMING_REGS = 0), -a16:
#              16-bit DMA addresses, as on the small boards)
# The default configuration (8x8, 8-byte bus) runs the most seeds; the other
# ones run with random latency and stalls. Every bus width and array size
# runs under both simulators; the mixed engine configurations (8x8 with a 4-
# or 16-byte bus) only under Icarus, since each Verilator build of the
# engine bench costs minutes of compile time. The 4x4 and 16x16 builds share
# their requantizers (one unit for 4 columns), the 8x8 one has one per column;
# the 2x2 one is built as the iCEBreaker's engine (boards/icebreaker/board.cfg).

RTLE_DIR   := $(BUILD)/rtl-engine
RTLE_BENCH := tests/rtl/engine
RTLE_SEED  ?= 1
RTLE_COMMON := $(RTLE_BENCH)/tb_mem.v $(RTL_SRCS)
# The benches run in well under a second, so the C++ is compiled without
# optimization: the engine bench is large and -Os would cost minutes.
RTLE_VERILATOR := verilator --binary --timing -Wno-fatal -Wno-lint -Wno-style -Wno-TIMESCALEMOD \
                  $(RTL_INC) --x-initial unique -MAKEFLAGS "OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0"

RTLE_DMA_TAGS    := b8 b4-a16 b4-a16-sf-c2-nt b16
RTLE_ENGINE_TAGS := 8x8-b8 4x4-b4-q1-np-pb-a16 16x16-b16-q4 2x2-b4-q1-s-np-pb-no-nt-a16
RTLE_ENGINE_ICARUS_ONLY := 8x8-b4 8x8-b16

# Parameter assignments of a tag: b16 -> BUS_BYTES=16,
# 4x4-b4-q1-np -> ROWS=4 COLS=4 BUS_BYTES=4 RQ_UNITS=1 PREFETCH=0.
rtle_params = $(if $(findstring x,$(1)),ROWS=$(word 1,$(subst x, ,$(word 1,$(subst -, ,$(1))))) \
                COLS=$(word 2,$(subst x, ,$(word 1,$(subst -, ,$(1)))))) \
              BUS_BYTES=$(patsubst b%,%,$(filter b%,$(subst -, ,$(1)))) \
              $(addprefix RQ_UNITS=,$(patsubst q%,%,$(filter q%,$(subst -, ,$(1))))) \
              $(if $(filter s,$(subst -, ,$(1))),RQ_SEQ=1) \
              $(if $(filter np,$(subst -, ,$(1))),PREFETCH=0) \
              $(if $(filter sf,$(subst -, ,$(1))),SHARED_FETCH=1) \
              $(if $(findstring x,$(1)),,$(addprefix COLS=,$(patsubst c%,%,$(filter c%,$(subst -, ,$(1)))))) \
              $(if $(filter pb,$(subst -, ,$(1))),PERF_BASIC=1) \
              $(if $(filter no,$(subst -, ,$(1))),OVERLAP=0) \
              $(if $(filter nt,$(subst -, ,$(1))),TIMING_REGS=0) \
              $(addprefix ADDR_W=,$(patsubst a%,%,$(filter a%,$(subst -, ,$(1)))))

# rtle_build(bench, tag): the Icarus and the Verilator binary of one configuration.
define rtle_build
$(RTLE_DIR)/$(1)-$(2).vvp: $(RTLE_BENCH)/$(1).v $(RTLE_COMMON) rtl/engine_regs.vh tests/rtl-engine.mk
	@mkdir -p $(RTLE_DIR)
	iverilog -g2012 $(RTL_INC) $(addprefix -P $(1).,$(call rtle_params,$(2))) -o $$@ -s $(1) $$< $(RTLE_COMMON)

$(RTLE_DIR)/vl-$(1)-$(2)/Vbench: $(RTLE_BENCH)/$(1).v $(RTLE_COMMON) rtl/engine_regs.vh tests/rtl-engine.mk
	@mkdir -p $(RTLE_DIR)
	$(RTLE_VERILATOR) --top-module $(1) $(addprefix -G,$(call rtle_params,$(2))) -Mdir $(RTLE_DIR)/vl-$(1)-$(2) \
	  -o Vbench $$< $(RTLE_COMMON) >$(RTLE_DIR)/vl-$(1)-$(2).log 2>&1 || \
	  { tail -30 $(RTLE_DIR)/vl-$(1)-$(2).log; exit 1; }
endef
$(foreach t,$(RTLE_DMA_TAGS),$(eval $(call rtle_build,tb_dma,$(t))))
$(foreach t,$(RTLE_ENGINE_TAGS) $(RTLE_ENGINE_ICARUS_ONLY),$(eval $(call rtle_build,tb_engine,$(t))))

RTLE_BINS := $(foreach t,$(RTLE_DMA_TAGS),$(RTLE_DIR)/tb_dma-$(t).vvp $(RTLE_DIR)/vl-tb_dma-$(t)/Vbench) \
             $(foreach t,$(RTLE_ENGINE_TAGS),$(RTLE_DIR)/tb_engine-$(t).vvp $(RTLE_DIR)/vl-tb_engine-$(t)/Vbench) \
             $(foreach t,$(RTLE_ENGINE_ICARUS_ONLY),$(RTLE_DIR)/tb_engine-$(t).vvp)

# Extra runs of the other configurations: Icarus and Verilator, both with stalls.
RTLE_DMA_OTHER    := $(filter-out b8,$(RTLE_DMA_TAGS))
RTLE_ENGINE_OTHER := $(filter-out 8x8-b8,$(RTLE_ENGINE_TAGS))

.PHONY: test-rtl-engine

test-rtl-engine: $(RTLE_BINS) ## RTL benches: DMA, command fetch, controller error paths at every bus width and array size (Icarus + Verilator)
	@rc=0; \
	scripts/run-test rtl-engine-dma-icarus vvp -n $(RTLE_DIR)/tb_dma-b8.vvp +seed=$(RTLE_SEED) +n=12 || rc=1; \
	scripts/run-test rtl-engine-dma-icarus-stalls vvp -n $(RTLE_DIR)/tb_dma-b8.vvp +seed=$$(($(RTLE_SEED)+1)) +n=12 +lat_max=30 +stall=30 || rc=1; \
	scripts/run-test rtl-engine-dma-verilator $(RTLE_DIR)/vl-tb_dma-b8/Vbench +seed=$$(($(RTLE_SEED)+2)) +n=100 || rc=1; \
	scripts/run-test rtl-engine-dma-verilator-stalls $(RTLE_DIR)/vl-tb_dma-b8/Vbench +seed=$$(($(RTLE_SEED)+3)) +n=100 +lat_min=5 +lat_max=40 +stall=40 || rc=1; \
	scripts/run-test rtl-engine-icarus-stalls vvp -n $(RTLE_DIR)/tb_engine-8x8-b8.vvp +seed=$(RTLE_SEED) +lat_max=25 +stall=30 || rc=1; \
	scripts/run-test rtl-engine-verilator $(RTLE_DIR)/vl-tb_engine-8x8-b8/Vbench +seed=$$(($(RTLE_SEED)+1)) || rc=1; \
	scripts/run-test rtl-engine-verilator-stalls $(RTLE_DIR)/vl-tb_engine-8x8-b8/Vbench +seed=$$(($(RTLE_SEED)+2)) +lat_min=3 +lat_max=40 +stall=40 || rc=1; \
	for t in $(RTLE_DMA_OTHER); do \
	  scripts/run-test rtl-engine-dma-$$t-icarus-stalls vvp -n $(RTLE_DIR)/tb_dma-$$t.vvp +seed=$$(($(RTLE_SEED)+4)) +n=12 +lat_max=30 +stall=30 || rc=1; \
	  scripts/run-test rtl-engine-dma-$$t-verilator-stalls $(RTLE_DIR)/vl-tb_dma-$$t/Vbench +seed=$$(($(RTLE_SEED)+5)) +n=100 +lat_min=5 +lat_max=40 +stall=40 || rc=1; \
	done; \
	for t in $(RTLE_ENGINE_OTHER); do \
	  scripts/run-test rtl-engine-$$t-icarus-stalls vvp -n $(RTLE_DIR)/tb_engine-$$t.vvp +seed=$$(($(RTLE_SEED)+3)) +lat_max=25 +stall=30 || rc=1; \
	  scripts/run-test rtl-engine-$$t-verilator-stalls $(RTLE_DIR)/vl-tb_engine-$$t/Vbench +seed=$$(($(RTLE_SEED)+4)) +lat_min=3 +lat_max=40 +stall=40 || rc=1; \
	done; \
	for t in $(RTLE_ENGINE_ICARUS_ONLY); do \
	  scripts/run-test rtl-engine-$$t-icarus-stalls vvp -n $(RTLE_DIR)/tb_engine-$$t.vvp +seed=$$(($(RTLE_SEED)+3)) +lat_max=25 +stall=30 || rc=1; \
	done; \
	exit $$rc

TEST_TARGETS += test-rtl-engine
