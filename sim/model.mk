# C functional model of the engine (fragment included by sim/sim.mk)
# Users link $(MODEL_LIB) $(REF_LIB) (or the -san variants under $(SAN)).
MODEL_SRCS     := sim/model/engine_model.c sim/model/model_exec.c
MODEL_HDRS     := $(wildcard sim/model/*.h) $(wildcard firmware/*.h) host/ref/ref.h
MODEL_OBJS     := $(patsubst %.c,$(BUILD)/obj/model/%.o,$(MODEL_SRCS))
MODEL_OBJS_SAN := $(patsubst %.c,$(BUILD)/obj/model-san/%.o,$(MODEL_SRCS))
MODEL_LIB      := $(BUILD)/lib/libenginemodel.a
MODEL_LIB_SAN  := $(BUILD)/lib/libenginemodel-san.a

$(MODEL_OBJS): $(BUILD)/obj/model/%.o: %.c $(MODEL_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(REF_INC) -c $< -o $@

$(MODEL_OBJS_SAN): $(BUILD)/obj/model-san/%.o: %.c $(MODEL_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(SAN) $(REF_INC) -c $< -o $@

$(MODEL_LIB): $(MODEL_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

$(MODEL_LIB_SAN): $(MODEL_OBJS_SAN)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

engine-model: $(MODEL_LIB) $(MODEL_LIB_SAN) ## build the C functional model of the engine
.PHONY: engine-model
