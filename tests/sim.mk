# Tests of the Verilator harness (tests/sim/): the memory model alone, the
# RTL through hand-built command lists, and the RTL through the tiler and
# driver on random layers. The RTL tests run on the configuration selected
# by SIM_ROWS/SIM_COLS/SIM_BUS_BYTES/... (sim/rtl.mk, default 8x8, 8-byte bus).

SIMT_BIN     := $(BUILD)/bin/tests/sim
SIMT_CFLAGS  := $(CSTD) $(WARN) $(CFLAGS) $(SIM_INC) $(REF_INC) -Itests/ref
SIMT_HDRS    := tests/sim/conv_job.h tests/ref/check.h sim/rtl/engine_sim.h \
                sim/rtl/memory_model.h $(wildcard firmware/*.h) host/ref/ref.h
SIMT_JOB     := tests/sim/conv_job.c tests/ref/check.c
SIMT_ACCEL   := host/accel.c host/tiler.c host/tiler_emit.c tests/ref/check.c
SIMT_ACCEL_H := host/accel.h host/tiler.h host/tiler_priv.h
# Random layers per run of test-sim-diff; `make soak` runs SIMT_SOAK_CASES.
SIMT_DIFF_CASES ?= 3000
SIMT_SOAK_CASES ?= 40000
# The other array sizes (4x4, 16x16) run the smoke test and this many layers.
SIMT_CONFIG_CASES ?= 200
# Other memory bus widths, as <ROWS>x<COLS>-b<BUS_BYTES>[-q<RQ_UNITS>][-np][-pb][-no][-nt]:
# the smoke test and this many layers each. These also share requantizers
# (2 units for 8 columns, 1 for 4), whose slower last chunk then meets the
# memory timing of the other widths. The 4-byte ones are built as the small
# boards are: no command prefetch (-np), basic counters (-pb), and one with
# one CONV at a time in the core (-no) and no register stages for fast
# clocks (-nt), as on the iCEBreaker.
SIMT_BUS_CONFIGS ?= 8x8-b16-q2 4x4-b4-q1-np-pb 4x4-b4-q1-np-pb-no-nt
SIMT_BUS_CASES   ?= 40
SIMT_SEED       ?= 20250101

$(SIMT_BIN)/test-memory-model: tests/sim/test_memory_model.c sim/rtl/memory_model.c \
                               tests/ref/check.c sim/rtl/memory_model.h tests/ref/check.h
	@mkdir -p $(@D)
	$(CC) $(SIMT_CFLAGS) $(SAN) $(filter %.c,$^) -o $@

# sim_test_prog(program, sources, extra deps, flags, libraries): a program
# linked with the selected harness library (C++ inside: linked with $(CXX)).
# Each source compiles to its own object under the program's folder.
define sim_test_prog
$(SIM_DIR)/tests/$(1): $(2) $(3) $(SIMT_HDRS) $(SIM_LIB) $(5)
	@rm -rf $$(@D)/$(1).objs && mkdir -p $$(@D)/$(1).objs
	for f in $(2); do $(CC) $(SIMT_CFLAGS) $(4) -c $$$$f -o $$(@D)/$(1).objs/$$$$(basename $$$$f .c).o \
	  || exit 1; done
	$(CXX) $(4) $$(@D)/$(1).objs/*.o $(SIM_LIB) $(5) $(REF_LDLIBS) $(SIM_LDLIBS) -o $$@
endef
$(eval $(call sim_test_prog,test-sim-smoke,tests/sim/test_sim_smoke.c $(SIMT_JOB),,$(SAN),$(REF_LIB_SAN)))
$(eval $(call sim_test_prog,test-sim-diff,tests/sim/test_sim_diff.c $(SIMT_ACCEL),$(SIMT_ACCEL_H),$(SAN),$(FW_LIB_SAN) $(REF_LIB_SAN)))
# Without sanitizers: the soak run and the speed benchmark.
$(eval $(call sim_test_prog,soak-sim-diff,tests/sim/test_sim_diff.c $(SIMT_ACCEL),$(SIMT_ACCEL_H),,$(FW_LIB) $(REF_LIB)))
$(eval $(call sim_test_prog,bench-sim-speed,tests/sim/bench_sim_speed.c $(SIMT_JOB),,,$(REF_LIB)))

test-sim-mem: $(SIMT_BIN)/test-memory-model ## memory model of the RTL harness: latency, bandwidth, stalls, protocol checks
	scripts/run-test sim-memory-model $(SIMT_BIN)/test-memory-model

test-sim-smoke: $(SIM_DIR)/tests/test-sim-smoke ## RTL smoke test: hand-built conv command lists vs ref_conv2d under several memory settings
	scripts/run-test sim-smoke-$(SIM_TAG) $(SIM_DIR)/tests/test-sim-smoke $(SIM_DIR)/tests/smoke.fst

test-sim-diff: $(SIM_DIR)/tests/test-sim-diff ## random conv layers through tiler + driver on the RTL under random memory timing, vs ref_conv2d
	scripts/run-test sim-diff-$(SIM_TAG) $(SIM_DIR)/tests/test-sim-diff $(SIMT_DIFF_CASES) $(SIMT_SEED)

# Each other array size is its own Verilator build: a recursive make selects it.
test-sim-configs: ## build the 4x4 and 16x16 harnesses and the other bus widths (SIMT_BUS_CONFIGS); run the smoke test and random layers on each
	@for t in $(SIM_OTHER_TAGS); do \
	  $(MAKE) --no-print-directory test-sim-smoke test-sim-diff SIM_ROWS=$${t%x*} \
	    SIM_COLS=$${t#*x} SIM_BUS_BYTES=8 SIM_ACT_BYTES=8192 SIM_WGT_ROWS=512 SIM_ACC_DEPTH=1024 \
	    SIM_RQ_UNITS= SIM_PREFETCH=1 SIM_PERF_BASIC=0 SIM_OVERLAP=1 SIM_TIMING_REGS=1 SIM_TRACE=0 \
	    SIMT_DIFF_CASES=$(SIMT_CONFIG_CASES) || exit 1; done
	@for c in $(SIMT_BUS_CONFIGS); do t=$${c%%-*}; b=$${c#*-b}; b=$${b%%-*}; \
	  q=$$(echo "$$c" | sed -n 's/.*-q\([0-9]*\).*/\1/p'); \
	  case "$$c-" in *-np-*) pf=0;; *) pf=1;; esac; \
	  case "$$c-" in *-pb-*) pb=1;; *) pb=0;; esac; \
	  case "$$c-" in *-no-*) ov=0;; *) ov=1;; esac; \
	  case "$$c-" in *-nt-*) tr=0;; *) tr=1;; esac; \
	  $(MAKE) --no-print-directory test-sim-smoke test-sim-diff SIM_ROWS=$${t%x*} \
	    SIM_COLS=$${t#*x} SIM_BUS_BYTES=$$b SIM_ACT_BYTES=8192 SIM_WGT_ROWS=512 \
	    SIM_ACC_DEPTH=1024 SIM_RQ_UNITS=$$q SIM_PREFETCH=$$pf SIM_PERF_BASIC=$$pb \
	    SIM_OVERLAP=$$ov SIM_TIMING_REGS=$$tr SIM_TRACE=0 SIMT_DIFF_CASES=$(SIMT_BUS_CASES) || exit 1; done

test-sim: test-sim-mem test-sim-smoke test-sim-diff test-sim-configs ## every test of the Verilator harness

soak: $(SIM_DIR)/tests/soak-sim-diff ## long randomized RTL differential run (SIMT_SOAK_CASES layers, SIMT_SEED)
	scripts/run-test soak-sim-diff-$(SIM_TAG) $(SIM_DIR)/tests/soak-sim-diff $(SIMT_SOAK_CASES) $(SIMT_SEED)

bench-sim-speed: $(SIM_DIR)/tests/bench-sim-speed ## simulated cycles per second of the RTL harness (build/bench/sim-speed.json)
	@mkdir -p $(BUILD)/bench
	$(SIM_DIR)/tests/bench-sim-speed $(BUILD)/bench/sim-speed.json

TEST_TARGETS  += test-sim
BENCH_TARGETS += bench-sim-speed
.PHONY: test-sim test-sim-mem test-sim-smoke test-sim-diff test-sim-configs soak bench-sim-speed
