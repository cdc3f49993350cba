# host build rules (fragment of the top-level Makefile)

# --- libref: bit-exact int8 reference kernels plus the IDX reader ---------
# Link with: $(REF_LIB) $(REF_LDLIBS); compile users with $(REF_INC).
REF_SRCS     := $(sort $(wildcard host/ref/*.c)) host/idx.c
REF_OBJS     := $(patsubst %.c,$(BUILD)/obj/libref/%.o,$(REF_SRCS))
REF_OBJS_SAN := $(patsubst %.c,$(BUILD)/obj/libref-san/%.o,$(REF_SRCS))
REF_LIB      := $(BUILD)/lib/libref.a
REF_LIB_SAN  := $(BUILD)/lib/libref-san.a
REF_INC      := -Ihost
REF_LDLIBS   := -lz -lm
# -O3 (after CFLAGS' -O2): the kernels' int16 dot products are written for
# gcc's vectorizer (pmaddwd on the SSE2 baseline), which -O2 applies only to
# loops it can prove cheap.
REF_OPT      := -O3

$(REF_OBJS): $(BUILD)/obj/libref/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(REF_OPT) -MMD -MP -c $< -o $@

$(REF_OBJS_SAN): $(BUILD)/obj/libref-san/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(REF_OPT) $(SAN) -MMD -MP -c $< -o $@

$(REF_LIB): $(REF_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

$(REF_LIB_SAN): $(REF_OBJS_SAN)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

libref: $(REF_LIB) $(REF_LIB_SAN) ## build the int8 reference library (plain and sanitized)
.PHONY: libref

-include $(REF_OBJS:.o=.d) $(REF_OBJS_SAN:.o=.d)

# --- application: model file, LeNet-5 graph, layer table, cnnacc CLI -------
# Library users link $(APP_LIB) $(REF_LIB) $(REF_LDLIBS) (the -san variants
# under $(SAN)). A new subcommand host/cmd_<name>.c is picked up by the
# wildcard; extra libraries it needs go into CNNACC_LDLIBS.
APP_SRCS      := host/model.c host/model_file.c host/model_check.c host/lenet.c \
                 host/layer_table.c host/layer_file.c host/cli.c
APP_OBJS      := $(patsubst %.c,$(BUILD)/obj/app/%.o,$(APP_SRCS))
APP_OBJS_SAN  := $(patsubst %.c,$(BUILD)/obj/app-san/%.o,$(APP_SRCS))
APP_LIB       := $(BUILD)/lib/libapp.a
APP_LIB_SAN   := $(BUILD)/lib/libapp-san.a
CNNACC_SRCS   := host/main.c $(sort $(wildcard host/cmd_*.c))
CNNACC_OBJS   := $(patsubst %.c,$(BUILD)/obj/app/%.o,$(CNNACC_SRCS))
CNNACC        := $(BUILD)/bin/cnnacc
CNNACC_LDLIBS ?=

$(APP_OBJS) $(CNNACC_OBJS): $(BUILD)/obj/app/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(REF_INC) -MMD -MP -c $< -o $@

$(APP_OBJS_SAN): $(BUILD)/obj/app-san/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(SAN) $(REF_INC) -MMD -MP -c $< -o $@

$(APP_LIB): $(APP_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

$(APP_LIB_SAN): $(APP_OBJS_SAN)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

$(CNNACC): $(CNNACC_OBJS) $(APP_LIB) $(REF_LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $(CNNACC_OBJS) $(APP_LIB) $(REF_LIB) $(CNNACC_LDLIBS) $(REF_LDLIBS)

cnnacc: $(CNNACC) ## build the cnnacc command-line tool (build/bin/cnnacc)
.PHONY: cnnacc

info: $(CNNACC) ## print the LeNet-5 layer table (units, connections, weights, MACs)
	@$(CNNACC) info

-include $(APP_OBJS:.o=.d) $(APP_OBJS_SAN:.o=.d) $(CNNACC_OBJS:.o=.d)
include host/run.mk

# Static checks over the application side of host/ and the harness's C memory
# model (the reference, driver and models fragments check their own files).
HOST_LINT_INC := -Ihost -Ifirmware -Isim/rtl -Isim/model
.PHONY: lint-host
lint-host: ## warnings as errors and cppcheck on host/*.c (CLI, model file, runner) and the memory model
	@for f in host/*.c sim/rtl/memory_model.c; do \
	  $(CC) $(CSTD) $(WARN) -Werror -fsyntax-only $(HOST_LINT_INC) $$f || exit 1; done
	cppcheck -q --enable=warning,portability --error-exitcode=1 --inline-suppr \
	  $(HOST_LINT_INC) host/*.c sim/rtl/memory_model.c
LINT_TARGETS += lint-host
