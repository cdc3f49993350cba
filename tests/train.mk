# LeNet-5 trainer and quantizer tests (models/), included from tests/tests.mk.
# Uses FASHION_MNIST_DIR and MNIST_DIR from tests/tests.mk.

TRAINT_DIR    := $(BUILD)/bin/tests
TRAINT_TMP    := $(BUILD)/tmp/test-train
TRAINT_CFLAGS := $(MODELS_CFLAGS) $(SAN)
TRAINT_LIBS   := $(MODELS_SAN_OBJS) $(APP_LIB_SAN) $(REF_LIB_SAN)
TRAINT_LDLIBS := -lpng -pthread $(REF_LDLIBS)
TRAINT_DEPS   := $(TRAINT_LIBS) $(wildcard models/*.h)

# The gradient check builds lf_net.c in double precision (LF_REAL=double).
$(TRAINT_DIR)/test-train-gradcheck: tests/train/test_gradcheck.c models/lf_net.c $(wildcard models/*.h)
	@mkdir -p $(@D)
	$(CC) $(TRAINT_CFLAGS) -DLF_REAL=double $(filter %.c,$^) -lm -o $@

$(TRAINT_DIR)/test-train-quantize: tests/train/test_quantize.c $(TRAINT_DEPS)
	@mkdir -p $(@D)
	$(CC) $(TRAINT_CFLAGS) $< $(TRAINT_LIBS) -lcmocka $(TRAINT_LDLIBS) -o $@

$(TRAINT_DIR)/test-train-files: tests/train/test_files.c $(TRAINT_DEPS)
	@mkdir -p $(@D)
	$(CC) $(TRAINT_CFLAGS) $< $(TRAINT_LIBS) -lcmocka $(TRAINT_LDLIBS) -o $@

$(TRAINT_DIR)/test-train-%: tests/train/test_%.c $(TRAINT_DEPS)
	@mkdir -p $(@D)
	$(CC) $(TRAINT_CFLAGS) $< $(TRAINT_LIBS) $(TRAINT_LDLIBS) -o $@

# Training runs are ~20x slower under ASan+UBSan, so the longer ones also get
# an optimized build (as test-requant-fast does); the sanitized build still
# trains a smaller run through the same code.
$(TRAINT_DIR)/test-train-%-fast: tests/train/test_%.c $(MODELS_LIB_OBJS) $(APP_LIB) $(REF_LIB) $(wildcard models/*.h)
	@mkdir -p $(@D)
	$(CC) $(MODELS_CFLAGS) $< $(MODELS_LIB_OBJS) $(APP_LIB) $(REF_LIB) $(TRAINT_LDLIBS) -o $@

TRAINT_PROGS := $(addprefix $(TRAINT_DIR)/test-train-,gradcheck quantize files short \
                  short-fast shipped mnist-fast)

test-train: $(TRAINT_PROGS) $(LENET5) ## LeNet-5 trainer/quantizer: gradient check, quantizer edge cases, short training, shipped model, MNIST
	@rm -rf $(TRAINT_TMP) && mkdir -p $(TRAINT_TMP)
	scripts/run-test train-gradcheck $(TRAINT_DIR)/test-train-gradcheck
	scripts/run-test train-quantize $(TRAINT_DIR)/test-train-quantize
	scripts/run-test train-files $(TRAINT_DIR)/test-train-files $(TRAINT_TMP)
	scripts/run-test train-short $(TRAINT_DIR)/test-train-short $(FASHION_MNIST_DIR) 600 0.40
	scripts/run-test train-short-large $(TRAINT_DIR)/test-train-short-fast $(FASHION_MNIST_DIR) 4000 0.72
	scripts/run-test train-shipped $(TRAINT_DIR)/test-train-shipped $(MODELS_INT8) \
	  $(MODELS_FLOAT) $(MODELS_RECORD) $(FASHION_MNIST_DIR)
	scripts/run-test train-quantize-twice tests/train/quantize_twice.sh $(LENET5) \
	  $(MODELS_FLOAT) $(MODELS_INT8) $(FASHION_MNIST_DIR) $(TRAINT_TMP)/twice
	scripts/run-test train-mnist $(TRAINT_DIR)/test-train-mnist-fast $(MNIST_DIR)

TEST_TARGETS += test-train
.PHONY: test-train
