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

$(REF_OBJS): $(BUILD)/obj/libref/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) -MMD -MP -c $< -o $@

$(REF_OBJS_SAN): $(BUILD)/obj/libref-san/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(SAN) -MMD -MP -c $< -o $@

$(REF_LIB): $(REF_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

$(REF_LIB_SAN): $(REF_OBJS_SAN)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

libref: $(REF_LIB) $(REF_LIB_SAN) ## build the int8 reference library (plain and sanitized)
.PHONY: libref

-include $(REF_OBJS:.o=.d) $(REF_OBJS_SAN:.o=.d)
