# Tests of the Verilator harness (tests/sim/): the memory model alone, and
# the RTL through hand-built command lists. The RTL tests run on the
# configuration selected by SIM_ROWS/SIM_COLS (sim/rtl.mk, default 8x8).

SIMT_BIN     := $(BUILD)/bin/tests/sim
SIMT_CFLAGS  := $(CSTD) $(WARN) $(CFLAGS) $(SAN) $(SIM_INC) $(REF_INC) -Itests/ref
SIMT_JOB     := tests/sim/conv_job.c tests/ref/check.c
SIMT_HDRS    := tests/sim/conv_job.h tests/ref/check.h sim/rtl/engine_sim.h \
                sim/rtl/memory_model.h firmware/engine_regs.h firmware/platform.h host/ref/ref.h

$(SIMT_BIN)/test-memory-model: tests/sim/test_memory_model.c sim/rtl/memory_model.c \
                               tests/ref/check.c sim/rtl/memory_model.h tests/ref/check.h
	@mkdir -p $(@D)
	$(CC) $(SIMT_CFLAGS) $(filter %.c,$^) -o $@

# sim_test_prog(name, main source, config dir, library): a test linked with
# one configuration's harness library (C++ inside, so linked with $(CXX)).
define sim_test_prog
$(3)/tests/$(1): $(2) $(SIMT_JOB) $(SIMT_HDRS) $(4) $(REF_LIB_SAN)
	@mkdir -p $$(@D)
	$(CC) $(SIMT_CFLAGS) -c $(2) -o $$@.o
	$(CC) $(SIMT_CFLAGS) -c tests/sim/conv_job.c -o $$@-job.o
	$(CC) $(SIMT_CFLAGS) -c tests/ref/check.c -o $$@-check.o
	$(CXX) $(SAN) $$@.o $$@-job.o $$@-check.o $(4) $(REF_LIB_SAN) $(REF_LDLIBS) $(SIM_LDLIBS) -o $$@
endef
$(eval $(call sim_test_prog,test-sim-smoke,tests/sim/test_sim_smoke.c,$(SIM_DIR),$(SIM_LIB)))

test-sim-mem: $(SIMT_BIN)/test-memory-model ## memory model of the RTL harness: latency, bandwidth, stalls, protocol checks
	scripts/run-test sim-memory-model $(SIMT_BIN)/test-memory-model

test-sim-smoke: $(SIM_DIR)/tests/test-sim-smoke ## RTL smoke test: hand-built conv command lists vs ref_conv2d under several memory settings
	scripts/run-test sim-smoke-$(SIM_TAG) $(SIM_DIR)/tests/test-sim-smoke

test-sim: test-sim-mem test-sim-smoke ## every test of the Verilator harness

TEST_TARGETS += test-sim
.PHONY: test-sim test-sim-mem test-sim-smoke
