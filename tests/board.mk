# The full board top (boards/common/board_top.v: engine, device memory,
# UART bridge) in Verilator, driven end to end over a simulated serial line
# by the host's uart backend (tests/board/). Fragment included by tests/tests.mk.
#
# Small and fast: a 4x4 engine (the ULX3S-25F build's buffers and memory
# register slices), 16 KB of device memory, 8 clock cycles per UART bit and
# a 400-cycle frame timeout.

BRDT_DIR     := $(BUILD)/board-sim
BRDT_DIV     := 8
BRDT_TIMEOUT := 400
BRDT_ROWS    := 4
BRDT_COLS    := 4
BRDT_MEM     := 16384
# cycles the simulator keeps clocking after the line went quiet: the
# bridge's timeout, then a two-byte error reply, with margin
BRDT_GRACE   := $(shell echo $$(( 2 * $(BRDT_TIMEOUT) + 40 * $(BRDT_DIV) )))
BRDT_PARAMS  := -GROWS=$(BRDT_ROWS) -GCOLS=$(BRDT_COLS) -GACT_BYTES=4096 -GWGT_ROWS=512 \
                -GACC_DEPTH=1024 -GMEM_BYTES=$(BRDT_MEM) -GCLK_HZ=$(BRDT_DIV) -GBAUD=1 \
                -GTIMEOUT=$(BRDT_TIMEOUT) -GMEM_SLICE=1
BRDT_VSRCS   := $(sort $(wildcard boards/common/*.v)) $(RTL_SRCS)
BRDT_DEFS    := -DBOARD_ROWS=$(BRDT_ROWS)u -DBOARD_COLS=$(BRDT_COLS)u \
                -DBOARD_MEM_BYTES=$(BRDT_MEM)u \
                -DBOARD_DIV=$(BRDT_DIV)u -DBOARD_GRACE=$(BRDT_GRACE)u
BRDT_HOST    := host/uart_backend.c host/uart_link.c host/uart_proto.c host/accel.c \
                host/tiler.c host/tiler_emit.c tests/driver/tcheck.c tests/board/test_board.c
BRDT_HDRS    := $(wildcard host/uart_*.h host/tiler*.h firmware/*.h) host/accel.h \
                host/model.h host/idx.h tests/board/board_sim.h tests/driver/tcheck.h
BRDT_LIBS    := $(FW_LIB_SAN) $(APP_LIB_SAN) $(REF_LIB_SAN)
BRDT_MODEL   ?= models/lenet5-fashion-int8.cnnm
# The board model is small and runs for seconds: the default C++ compiler at -O2.
BRDT_VL_OPT  := OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2

$(BRDT_DIR)/obj/Vboard_top__ALL.a: $(BRDT_VSRCS) rtl/engine_regs.vh tests/board.mk
	@rm -rf $(@D) && mkdir -p $(@D)
	verilator --cc -Mdir $(@D) --top-module board_top \
	  --prefix Vboard_top $(RTL_INC) -Wno-fatal -Wno-lint -Wno-style $(BRDT_PARAMS) \
	  -O3 --x-assign fast --x-initial fast $(BRDT_VSRCS) >/dev/null
	+MAKEFLAGS= $(MAKE) --no-print-directory -s -j $(SIM_VL_JOBS) -C $(@D) -f Vboard_top.mk \
	  $(BRDT_VL_OPT) Vboard_top__ALL.a $(SIM_VL_RUNTIME) >/dev/null

$(BRDT_DIR)/board_sim.o: tests/board/board_sim.cpp tests/board/board_sim.h $(BRDT_DIR)/obj/Vboard_top__ALL.a
	$(CXX) $(SIM_CXXFLAGS) -Itests/board -isystem $(BRDT_DIR)/obj -isystem $(SIM_VL_ROOT)/include \
	  -isystem $(SIM_VL_ROOT)/include/vltstd -c $< -o $@

# The host side is built with the sanitizers; the Verilated model is not.
$(BRDT_DIR)/test-board: $(BRDT_HOST) $(BRDT_HDRS) $(BRDT_DIR)/board_sim.o $(BRDT_LIBS)
	@rm -rf $@.objs && mkdir -p $@.objs
	for f in $(BRDT_HOST); do $(CC) $(CSTD) $(WARN) $(CFLAGS) $(SAN) $(REF_INC) -Itests/board \
	  -Itests/driver $(BRDT_DEFS) -c $$f -o $@.objs/$$(basename $$f .c).o || exit 1; done
	$(CXX) $(SAN) $@.objs/*.o $(BRDT_DIR)/board_sim.o $(BRDT_DIR)/obj/Vboard_top__ALL.a \
	  $(addprefix $(BRDT_DIR)/obj/,$(SIM_VL_RUNTIME)) $(BRDT_LIBS) $(REF_LDLIBS) -pthread -o $@

test-board: $(BRDT_DIR)/test-board ## board top in Verilator: UART protocol errors and LeNet C1 over a simulated serial line
	scripts/run-test board $< $(BRDT_MODEL) $(FASHION_MNIST_DIR)

TEST_TARGETS += test-board
.PHONY: test-board

# Verilator -Wall on the board top at the ULX3S-25F and iCEBreaker sizes
# (boards/*/board.cfg), with their shared (iCEBreaker: sequential) requantizers;
# the iCEBreaker's core holds one CONV at a time (OVERLAP = 0).
BRDT_LINT := verilator --lint-only -Wall $(RTL_INC) --top-module board_top $(BRDT_VSRCS)
lint-board: ## Verilator -Wall lint of the board top (engine, device memory, UART bridge)
	$(BRDT_LINT) -GMEM_BYTES=32768 -GRQ_UNITS=2 -GMEM_SLICE=1
	$(BRDT_LINT) -GROWS=2 -GCOLS=2 -GACT_BYTES=1024 -GWGT_ROWS=256 -GACC_DEPTH=256 \
	  -GRQ_UNITS=1 -GBUS_BYTES=4 -GMEM_BYTES=65536 -GMEM_ONE_PORT=1 -GCLK_HZ=24000000 \
	  -GPREFETCH=0 -GPERF_BASIC=1 -GRQ_SEQ=1 -GOVERLAP=0 -GTIMING_REGS=0

LINT_TARGETS += lint-board
.PHONY: lint-board

# The same simulated board on a pseudo-terminal for cnnacc itself.
$(BRDT_DIR)/board-pty: tests/board/board_pty.c tests/board/board_sim.h $(BRDT_DIR)/board_sim.o
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(BRDT_DEFS) -Itests/board -c $< -o $@.o
	$(CXX) $@.o $(BRDT_DIR)/board_sim.o $(BRDT_DIR)/obj/Vboard_top__ALL.a \
	  $(addprefix $(BRDT_DIR)/obj/,$(SIM_VL_RUNTIME)) -pthread -o $@

BRDT_CLI_COUNT ?= 3
test-board-cli: $(BRDT_DIR)/board-pty $(CNNACC) ## cnnacc run --backend uart: on the simulated board: LeNet-5 bit-exact
	scripts/run-test board-cli tests/board/test_cli_uart.sh $< $(CNNACC) $(BRDT_MODEL) \
	  $(FASHION_MNIST_DIR) $(BRDT_CLI_COUNT)

TEST_TARGETS += test-board-cli
.PHONY: test-board-cli

# dev_mem's bridge port against the engine's port (Icarus), two seeds, with
# the two-port block RAM, the single-port RAM (ONE_PORT=1), and the
# single-port RAM on a 4-byte bus (the iCEBreaker's).
# Board-file benches are built once per variant, stem suffix -2p, -1p or
# -1p-b4; these give a stem's ONE_PORT and bus bytes (tests/synth.mk uses
# them too).
BRDT_MEM_VARIANTS := 2p 1p 1p-b4
brd_one_port  = $(if $(findstring -1p,$(1)),1,0)
brd_bus_bytes = $(if $(findstring -b4,$(1)),4,8)
BRDT_MEM_SRCS := tests/board/tb_dev_mem_bridge.v boards/common/dev_mem.v boards/common/sp_ram.v \
                 rtl/sdp_ram.v
$(BRDT_DIR)/tb_dev_mem_bridge%.vvp: $(BRDT_MEM_SRCS) tests/board/dev_mem_tasks.vh
	@mkdir -p $(@D)
	iverilog -g2012 $(RTL_INC) -Itests/board -Ptb_dev_mem_bridge.ONE_PORT=$(call brd_one_port,$*) \
	  -Ptb_dev_mem_bridge.BB=$(call brd_bus_bytes,$*) -o $@ -s tb_dev_mem_bridge $(BRDT_MEM_SRCS)

test-board-mem: $(foreach v,$(BRDT_MEM_VARIANTS),$(BRDT_DIR)/tb_dev_mem_bridge-$(v).vvp) ## device memory: bridge byte accesses during random engine bursts, two-port and single-port RAM, 8- and 4-byte bus (Icarus)
	@rc=0; for v in $(BRDT_MEM_VARIANTS); do for s in 1 2; do \
	  scripts/run-test board-mem-$$v-seed$$s vvp -n $(BRDT_DIR)/tb_dev_mem_bridge-$$v.vvp +seed=$$s || rc=1; \
	done; done; exit $$rc

TEST_TARGETS += test-board-mem
.PHONY: test-board-mem
