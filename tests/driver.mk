# Driver, tiler and engine-model tests (fragment included by tests/tests.mk)
DRVT_DIR    := $(BUILD)/bin/tests
DRVT_CFLAGS := $(CSTD) $(WARN) $(CFLAGS) $(SAN) $(REF_INC) -Itests/driver
# The tiler and layer runner, compiled into each test with the sanitizers.
DRVT_ACCEL  := host/accel.c host/tiler.c host/tiler_emit.c tests/driver/tcheck.c
DRVT_HDRS   := $(wildcard tests/driver/*.h host/tiler*.h firmware/*.h sim/model/*.h) \
               host/accel.h host/ref/ref.h
DRVT_LIBS   := $(MODEL_LIB_SAN) $(FW_LIB_SAN) $(REF_LIB_SAN)
DRVT_CASES  ?= 100

$(DRVT_DIR)/test-conv-random: tests/driver/test_conv_random.c $(DRVT_ACCEL) $(DRVT_HDRS) $(DRVT_LIBS)
	@mkdir -p $(@D)
	$(CC) $(DRVT_CFLAGS) $(filter %.c,$^) $(DRVT_LIBS) $(REF_LDLIBS) -o $@

$(DRVT_DIR)/test-driver-errors: tests/driver/test_errors.c $(DRVT_ACCEL) $(DRVT_HDRS) $(DRVT_LIBS)
	@mkdir -p $(@D)
	$(CC) $(DRVT_CFLAGS) $(filter %.c,$^) $(DRVT_LIBS) $(REF_LDLIBS) -o $@

test-conv-random: $(DRVT_DIR)/test-conv-random ## random conv layers: tiler + driver + engine model vs the reference
	scripts/run-test conv-random $< $(DRVT_CASES)

test-driver-errors: $(DRVT_DIR)/test-driver-errors ## engine error codes, watchdog, hazard checker, unsupported shapes
	scripts/run-test driver-errors $<

TEST_TARGETS += test-conv-random test-driver-errors
.PHONY: test-conv-random test-driver-errors

DRVT_LINT_SRCS := $(FW_SRCS) $(MODEL_SRCS) host/accel.c host/tiler.c host/tiler_emit.c \
                  $(wildcard tests/driver/*.c)
lint-driver: ## warnings as errors and cppcheck on the driver core, tiler, runner and engine model
	@for f in $(DRVT_LINT_SRCS); do \
	  $(CC) $(CSTD) $(WARN) -Werror $(CFLAGS) $(REF_INC) -Itests/driver -c $$f -o /dev/null || exit 1; done
	cppcheck -q --std=c11 --enable=warning,portability --error-exitcode=1 --inline-suppr \
	  -Ihost -Ifirmware -Isim/model $(DRVT_LINT_SRCS)

LINT_TARGETS += lint-driver
.PHONY: lint-driver
