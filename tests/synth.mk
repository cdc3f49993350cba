# FPGA build test (fragment, included by boards/boards.mk; not part of
# `make test`): the Icarus benches of the board files, then the full Yosys +
# nextpnr + pack flow for SYNT_BOARDS, each a test that fails when the build
# fails, does not fit, or misses its clock. Takes tens of minutes.

SYNT_DIR   := $(BUILD)/synth-test
SYNT_BENCH := tests/synth
SYNT_SEED  ?= 1
SYNT_BOARD := $(sort $(wildcard boards/common/*.v))
SYNT_BOARDS ?= ulx3s-25f icebreaker

$(SYNT_DIR)/tb_dev_mem.vvp: $(SYNT_BENCH)/tb_dev_mem.v boards/common/dev_mem.v boards/common/sp_ram.v \
                            rtl/sdp_ram.v tests/board/dev_mem_tasks.vh
	@mkdir -p $(@D)
	iverilog -g2012 $(RTL_INC) -Itests/board -o $@ -s tb_dev_mem $(filter %.v,$^)

$(SYNT_DIR)/tb_board_top.vvp: $(SYNT_BENCH)/tb_board_top.v $(SYNT_BOARD) $(RTL_SRCS) rtl/engine_regs.vh
	@mkdir -p $(@D)
	iverilog -g2012 $(RTL_INC) -o $@ -s tb_board_top $(filter %.v,$^)

.PHONY: test-synth

test-synth: $(SYNT_DIR)/tb_dev_mem.vvp $(SYNT_DIR)/tb_board_top.vvp ## board file benches, then bitstreams for SYNT_BOARDS (ulx3s-25f icebreaker; tens of minutes)
	@rc=0; start=$$(date +%s); \
	scripts/run-test synth-dev-mem vvp -n $(SYNT_DIR)/tb_dev_mem.vvp +seed=$(SYNT_SEED) || rc=1; \
	scripts/run-test synth-dev-mem-seed2 vvp -n $(SYNT_DIR)/tb_dev_mem.vvp +seed=$$(($(SYNT_SEED)+1)) || rc=1; \
	scripts/run-test synth-board-top vvp -n $(SYNT_DIR)/tb_board_top.vvp || rc=1; \
	for b in $(SYNT_BOARDS); do \
	  scripts/run-test synth-$$b scripts/synth $$b --bitstream --tally --seed $(SYNTH_SEED) \
	    --build $(BUILD) --rtl "$(RTL_SRCS)" || rc=1; \
	done; \
	echo "test-synth: $$(( $$(date +%s) - start )) s wall clock"; exit $$rc
