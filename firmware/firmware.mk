# firmware build rules (fragment of the top-level Makefile)

# --- driver core: command encoding, engine identification, run/watchdog ---
# Host users link $(FW_LIB) (or $(FW_LIB_SAN) under $(SAN)).
FW_SRCS     := firmware/cmd.c firmware/drv.c
FW_HDRS     := $(wildcard firmware/*.h)
FW_OBJS     := $(patsubst %.c,$(BUILD)/obj/fw/%.o,$(FW_SRCS))
FW_OBJS_SAN := $(patsubst %.c,$(BUILD)/obj/fw-san/%.o,$(FW_SRCS))
FW_LIB      := $(BUILD)/lib/libfw.a
FW_LIB_SAN  := $(BUILD)/lib/libfw-san.a

$(FW_OBJS): $(BUILD)/obj/fw/%.o: %.c $(FW_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) -c $< -o $@

$(FW_OBJS_SAN): $(BUILD)/obj/fw-san/%.o: %.c $(FW_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(SAN) -c $< -o $@

$(FW_LIB): $(FW_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

$(FW_LIB_SAN): $(FW_OBJS_SAN)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

# --- the same core cross-compiled for an RV32 soft core --------------------
FW_RV32_PREFIX := riscv64-unknown-elf-
FW_RV32_CFLAGS := -march=rv32im -mabi=ilp32 -ffreestanding -nostdlib -Os -std=c11 $(WARN) -Werror
FW_RV32_LIB    := $(BUILD)/lib/rv32/libfw.a

$(FW_RV32_LIB): $(FW_SRCS) $(FW_HDRS) firmware/rv32-check
	@rm -rf $(BUILD)/obj/fw-rv32 && mkdir -p $(BUILD)/obj/fw-rv32 $(@D)
	FW_CC=$(FW_RV32_PREFIX)gcc FW_AR=$(FW_RV32_PREFIX)ar FW_NM=$(FW_RV32_PREFIX)nm \
	  firmware/rv32-check $@ $(BUILD)/obj/fw-rv32 "$(FW_RV32_CFLAGS)" $(FW_SRCS)

firmware-rv32: ## cross-compile the driver core for RV32IM (freestanding, no libc)
	@rm -f $(FW_RV32_LIB)
	scripts/run-test firmware-rv32 $(MAKE) --no-print-directory $(FW_RV32_LIB)

TEST_TARGETS += firmware-rv32
.PHONY: firmware-rv32
