# Benches of the FPGA board files (fragment; not part of `make test` unless
# tests/tests.mk includes it). They need only Icarus, not the FPGA tools.

SYNT_DIR   := $(BUILD)/synth-test
SYNT_BENCH := tests/synth
SYNT_SEED  ?= 1
SYNT_BOARD := $(sort $(wildcard boards/common/*.v))

$(SYNT_DIR)/tb_dev_mem.vvp: $(SYNT_BENCH)/tb_dev_mem.v boards/common/dev_mem.v rtl/sdp_ram.v
	@mkdir -p $(@D)
	iverilog -g2012 $(RTL_INC) -o $@ -s tb_dev_mem $^

$(SYNT_DIR)/tb_board_top.vvp: $(SYNT_BENCH)/tb_board_top.v $(SYNT_BOARD) $(RTL_SRCS) rtl/engine_regs.vh
	@mkdir -p $(@D)
	iverilog -g2012 $(RTL_INC) -o $@ -s tb_board_top $(filter %.v,$^)

.PHONY: test-synth

test-synth: $(SYNT_DIR)/tb_dev_mem.vvp $(SYNT_DIR)/tb_board_top.vvp ## benches of the board files: device memory bursts, UART CSR link (Icarus)
	@rc=0; \
	scripts/run-test synth-dev-mem vvp -n $(SYNT_DIR)/tb_dev_mem.vvp +seed=$(SYNT_SEED) || rc=1; \
	scripts/run-test synth-dev-mem-seed2 vvp -n $(SYNT_DIR)/tb_dev_mem.vvp +seed=$$(($(SYNT_SEED)+1)) || rc=1; \
	scripts/run-test synth-board-top vvp -n $(SYNT_DIR)/tb_board_top.vvp || rc=1; \
	exit $$rc
