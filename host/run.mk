# `cnnacc run`: a data set through the model with its conv layers on the
# engine (fragment included at the end of host/host.mk).
#
# The runner, the tiler and the layer driver are compiled into cnnacc
# together with the Verilator harness ($(SIM_LIB)), the C model and the
# driver core. Those libraries are defined by fragments read after this
# one, hence the second expansion of the cnnacc prerequisites.

RUN_SRCS := host/lenet_accel.c host/run_device.c host/run_jobs.c host/run_report.c \
            host/json.c host/progress.c host/accel.c host/tiler.c host/tiler_emit.c \
            host/uart_backend.c host/uart_link.c host/uart_proto.c
RUN_OBJS := $(patsubst %.c,$(BUILD)/obj/run/%.o,$(RUN_SRCS))

$(RUN_OBJS): $(BUILD)/obj/run/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(REF_INC) $(SIM_INC) -MMD -MP -c $< -o $@

# The harness library is C++ inside: -lstdc++. APP/REF come again after the
# runner objects that need them.
CNNACC_LDLIBS += $(RUN_OBJS) $(SIM_LIB) $(MODEL_LIB) $(FW_LIB) $(APP_LIB) $(REF_LIB) \
                 $(SIM_LDLIBS) -lstdc++

# The harness build cnnacc links in, by its tag: the file changes only when
# the tag does, so switching SIM_BUS_BYTES (or any other knob) and back
# relinks cnnacc against the library of the knobs in effect, which a
# library older than the binary alone would not.
RUN_SIM_STAMP := $(BUILD)/bin/cnnacc.sim-tag
$(RUN_SIM_STAMP): FORCE
	@mkdir -p $(@D)
	@echo '$(SIM_TAG)' | cmp -s - $@ || echo '$(SIM_TAG)' > $@
.PHONY: FORCE
FORCE:

.SECONDEXPANSION:
$(CNNACC): $(RUN_OBJS) $$(SIM_LIB) $$(MODEL_LIB) $$(FW_LIB) $(RUN_SIM_STAMP)

-include $(RUN_OBJS:.o=.d)

# --- demo --------------------------------------------------------------------
# The RTL simulation costs about 12 ms of CPU per LeNet-5 image (7478 engine
# cycles), so two jobs on a 2-core machine run 100 or more images/s: 5000
# images take under a minute. `make bench-sim` measures the full set.
RUN_MODEL  ?= models/lenet5-fashion-int8.cnnm
RUN_DATA   ?= /usr/share/datasets/fashion-mnist
DEMO_COUNT ?= 5000
DEMO_JOBS  ?= 2

demo: ## LeNet-5 int8 on Fashion-MNIST test images in cycle-accurate RTL simulation (DEMO_COUNT=5000)
	@$(SETUP)
	@$(MAKE) --no-print-directory $(CNNACC)
	$(CNNACC) run --model $(RUN_MODEL) --data $(RUN_DATA) --set t10k --count $(DEMO_COUNT) \
	  --jobs $(DEMO_JOBS) --backend rtl
