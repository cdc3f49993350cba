# Tests of the application side: model file, LeNet-5 graph and table,
# layer files, forward pass, cnnacc CLI. Built with $(SAN).
APP_TEST_DIR  := $(BUILD)/tests/app
APP_TEST_TMP  := $(BUILD)/tmp/app-tests
APP_TEST_BINS := $(addprefix $(APP_TEST_DIR)/,test_model_file test_model_fuzz \
                   test_layer_table test_layer_file test_model_forward)

$(APP_TEST_BINS): $(APP_TEST_DIR)/%: tests/%.c tests/random_model.c tests/random_model.h \
                  $(APP_LIB_SAN) $(REF_LIB_SAN)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(SAN) $(REF_INC) -Itests -o $@ $< tests/random_model.c \
	  $(APP_LIB_SAN) $(REF_LIB_SAN) -lcmocka $(REF_LDLIBS)

test-model-file: $(APP_TEST_DIR)/test_model_file ## model file round trip and every malformed-file error
	@mkdir -p $(APP_TEST_TMP)/file
	@scripts/run-test $@ $< $(APP_TEST_TMP)/file

test-model-fuzz: $(APP_TEST_DIR)/test_model_fuzz ## 5000 mutated model files: clean error or valid model
	@mkdir -p $(APP_TEST_TMP)/fuzz
	@scripts/run-test $@ $< $(APP_TEST_TMP)/fuzz

test-layer-table: $(APP_TEST_DIR)/test_layer_table ## LeNet-5 table numbers of the course notes
	@scripts/run-test $@ $<

test-layer-file: $(APP_TEST_DIR)/test_layer_file ## layer text files: hand-checked example and errors
	@mkdir -p $(APP_TEST_TMP)/layer
	@scripts/run-test $@ $< tests/data $(APP_TEST_TMP)/layer

test-model-forward: $(APP_TEST_DIR)/test_model_forward ## model_forward equals a layer-by-layer run
	@scripts/run-test $@ $<

TEST_TARGETS += test-model-file test-model-fuzz test-layer-table test-layer-file \
                test-model-forward
.PHONY: test-model-file test-model-fuzz test-layer-table test-layer-file test-model-forward

# --- benchmark: reference LeNet-5 throughput -------------------------------
APP_BENCH_MODEL := models/lenet5-fashion-int8.cnnm
APP_BENCH_DATA  ?= /usr/share/datasets/fashion-mnist

$(BUILD)/bin/bench_ref: tests/bench_ref.c tests/random_model.c tests/random_model.h \
                        $(APP_LIB) $(REF_LIB)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(REF_INC) -Itests -o $@ $< tests/random_model.c \
	  $(APP_LIB) $(REF_LIB) $(REF_LDLIBS)

bench-ref: $(BUILD)/bin/bench_ref ## reference LeNet-5 int8 images/s on one core (build/bench/ref.json)
	@mkdir -p $(BUILD)/bench
	$(BUILD)/bin/bench_ref $(APP_BENCH_MODEL) $(APP_BENCH_DATA) $(BUILD)/bench/ref.json "$(CFLAGS) $(REF_OPT)"

BENCH_TARGETS += bench-ref
.PHONY: bench-ref
