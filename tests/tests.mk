# tests build rules (fragment of the top-level Makefile)

# --- reference library and IDX reader tests -------------------------------
REFT_DIR     := $(BUILD)/bin/tests
REFT_TMP     := $(BUILD)/tmp/test-idx
REFT_CFLAGS  := $(CSTD) $(WARN) $(CFLAGS) $(REF_INC) -Itests/ref
REFT_COMMON  := tests/ref/check.c tests/ref/oracle.c
REFT_HDRS    := $(wildcard tests/ref/*.h) host/ref/ref.h host/idx.h
# Data sets read in place; override on the command line (make test-idx MNIST_DIR=...).
FASHION_MNIST_DIR ?= /usr/share/datasets/fashion-mnist
MNIST_DIR         ?= ../shared/datasets/mnist

# Random case counts: modest under the sanitizers, larger in the optimized build.
REFT_REQUANT_SAN_N  := 40000
REFT_REQUANT_FAST_N := 400000
REFT_KERNELS_N      := 3000

$(REFT_DIR)/test-requant: tests/ref/test_requant.c $(REFT_COMMON) $(REFT_HDRS) $(REF_LIB_SAN)
	@mkdir -p $(@D)
	$(CC) $(REFT_CFLAGS) $(SAN) $(filter %.c,$^) $(REF_LIB_SAN) $(REF_LDLIBS) -o $@

# Same program without sanitizers, for the large random run.
$(REFT_DIR)/test-requant-fast: tests/ref/test_requant.c $(REFT_COMMON) $(REFT_HDRS) $(REF_LIB)
	@mkdir -p $(@D)
	$(CC) $(REFT_CFLAGS) $(filter %.c,$^) $(REF_LIB) $(REF_LDLIBS) -o $@

$(REFT_DIR)/test-kernels: tests/ref/test_kernels.c tests/ref/naive.c $(REFT_COMMON) $(REFT_HDRS) $(REF_LIB_SAN)
	@mkdir -p $(@D)
	$(CC) $(REFT_CFLAGS) $(SAN) $(filter %.c,$^) $(REF_LIB_SAN) $(REF_LDLIBS) -o $@

$(REFT_DIR)/test-handworked: tests/ref/test_handworked.c tests/ref/check.c $(REFT_HDRS) $(REF_LIB_SAN)
	@mkdir -p $(@D)
	$(CC) $(REFT_CFLAGS) $(SAN) $(filter %.c,$^) $(REF_LIB_SAN) $(REF_LDLIBS) -o $@

$(REFT_DIR)/test-idx: tests/ref/test_idx.c tests/ref/check.c $(REFT_HDRS) $(REF_LIB_SAN)
	@mkdir -p $(@D)
	$(CC) $(REFT_CFLAGS) $(SAN) $(filter %.c,$^) $(REF_LIB_SAN) $(REF_LDLIBS) -o $@

test-ref: $(REFT_DIR)/test-requant $(REFT_DIR)/test-requant-fast $(REFT_DIR)/test-kernels $(REFT_DIR)/test-handworked ## reference kernels vs an independent oracle and hand-worked examples
	scripts/run-test ref-requant $(REFT_DIR)/test-requant $(REFT_REQUANT_SAN_N)
	scripts/run-test ref-requant-large $(REFT_DIR)/test-requant-fast $(REFT_REQUANT_FAST_N)
	scripts/run-test ref-kernels $(REFT_DIR)/test-kernels $(REFT_KERNELS_N)
	scripts/run-test ref-handworked $(REFT_DIR)/test-handworked

test-idx: $(REFT_DIR)/test-idx ## IDX reader on generated malformed files and the real data sets
	@rm -rf $(REFT_TMP) && mkdir -p $(REFT_TMP)
	scripts/run-test idx $(REFT_DIR)/test-idx $(REFT_TMP) $(FASHION_MNIST_DIR) $(MNIST_DIR)

lint-c: ## warnings as errors and cppcheck on the reference library and IDX reader
	@for f in $(REF_SRCS); do \
	  $(CC) $(CSTD) $(WARN) -Werror $(CFLAGS) -c $$f -o /dev/null || exit 1; done
	cppcheck -q --std=c11 --enable=warning,portability --error-exitcode=1 --inline-suppr \
	  -Ihost -Ihost/ref host/ref host/idx.c

TEST_TARGETS += test-ref test-idx
LINT_TARGETS += lint-c
.PHONY: test-ref test-idx lint-c
include tests/app.mk
include tests/driver.mk
include tests/sim.mk
include tests/rtl-engine.mk
include tests/train.mk
include tests/rtl-core.mk
include tests/run.mk
include tests/cli.mk
include tests/outside.mk
include tests/board.mk
