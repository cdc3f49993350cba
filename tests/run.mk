# End-to-end tests and benchmark of `cnnacc run` (fragment included at the
# end of tests/tests.mk). The LeNet-5 runs need the shipped model; the MNIST
# part needs a model trained on digits and is skipped with a message without one.

RUN_TEST_MODEL  ?= $(RUN_MODEL)
RUN_MNIST_MODEL ?= models/lenet5-mnist-int8.cnnm
RUN_TEST_TMP    := $(BUILD)/tmp/test-run

test-run: $(CNNACC) ## LeNet-5 on the RTL simulation: 200 images bit-exact, --jobs, --shard/merge, bad inputs
	scripts/run-test run-e2e python3 tests/run/test_run.py $(CNNACC) $(RUN_TEST_MODEL) \
	  $(FASHION_MNIST_DIR) $(MNIST_DIR) $(RUN_MNIST_MODEL) $(RUN_TEST_TMP)

bench-sim: $(CNNACC) ## all 10,000 Fashion-MNIST test images on the RTL simulation (--jobs 2) -> build/bench/sim.json
	@mkdir -p $(BUILD)/bench
	python3 tests/run/bench_sim.py $(CNNACC) $(RUN_MODEL) $(FASHION_MNIST_DIR) \
	  $(BUILD)/bench/sim.json $(BUILD)/tmp/bench-sim

# JSON reader and report merge alone, under the sanitizers.
$(BUILD)/bin/tests/test-run-report: tests/run/test_run_report.c host/json.c host/run_report.c \
                                    host/json.h host/run_report.h host/accel.h host/model.h
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(SAN) $(REF_INC) $(filter %.c,$^) -lm -o $@

test-run-report: $(BUILD)/bin/tests/test-run-report ## JSON reader, run report round trip and shard merging
	@rm -rf $(RUN_TEST_TMP)-report && mkdir -p $(RUN_TEST_TMP)-report
	scripts/run-test run-report $< $(RUN_TEST_TMP)-report

TEST_TARGETS  += test-run-report test-run
BENCH_TARGETS += bench-sim
.PHONY: test-run test-run-report bench-sim
