# Verilator harness of the engine (sim/rtl/), one static library per build
# configuration: $(BUILD)/sim/<tag>/libengine_sim.a holds the Verilated
# cnn_engine, the Verilator runtime, the C API shim and the memory model.
# Link users with:  $(SIM_LIB) $(SIM_LDLIBS), compile them with $(SIM_INC),
# and link with $(CXX) (the library is C++ inside).
#
# Select a configuration with SIM_ROWS/SIM_COLS (default 8x8), the memory
# data width SIM_BUS_BYTES (4, 8 or 16 bytes a beat, default 8) and the buffer
# sizes SIM_ACT_BYTES/SIM_WGT_ROWS/SIM_ACC_DEPTH, the number of requantization
# units SIM_RQ_UNITS (empty: one per column), SIM_RQ_SEQ=1 (sequential
# requantization units), SIM_PREFETCH=0 (no command
# prefetch), SIM_PERF_BASIC=1 (cycle and command counters only) and
# SIM_OVERLAP=0 (one CONV at a time in the compute core) and
# SIM_TIMING_REGS=0 (no register stages for fast clocks), the
# small boards' settings; SIM_ECP5_DSP=1 and SIM_ECP5_EBR=1 build the
# engine with the ECP5 primitives the ULX3S builds instantiate (their
# simulation models, ECP5_MODELS), so its cycles are the board's (ECP5_DSP
# adds some: see its row in docs/ARCHITECTURE.md). SIM_TRACE=1 selects the
# variant with FST waveform support (a separate build: tracing support costs
# speed even when no trace is open).
#
# The model's C++ compiler is SIM_VL_CXX: clang++ (-O3) when installed
# (scripts/setup installs clang-14), whose code for Verilator's output runs
# about a fifth faster than GCC's plain -O2. With GCC the model is built
# with profile-guided optimization (SIM_PGO=1, the default; not for trace
# builds): an instrumented build runs LeNet-5's conv layers
# (sim/rtl/pgo_train.c), then the model is compiled again with that profile,
# about an eighth faster than without. If any step of the profile run fails,
# the build says so on stderr and compiles without a profile.

SIM_ROWS      ?= 8
SIM_COLS      ?= 8
SIM_BUS_BYTES ?= 8
SIM_ACT_BYTES ?= 8192
SIM_WGT_ROWS  ?= 512
SIM_ACC_DEPTH ?= 1024
SIM_RQ_UNITS  ?=
SIM_RQ_SEQ    ?= 0
SIM_PREFETCH  ?= 1
SIM_PERF_BASIC ?= 0
SIM_OVERLAP   ?= 1
SIM_TIMING_REGS ?= 1
SIM_ECP5_DSP  ?= 0
SIM_ECP5_EBR  ?= 0
SIM_TRACE     ?= 0
SIM_VL_JOBS   ?= 2
# Looked up once per make run (a plain ?= would run the lookup at every use).
ifeq ($(origin SIM_VL_CXX),undefined)
SIM_VL_CXX    := $(or $(firstword $(shell for c in clang++ clang++-14; do command -v $$c; done)),g++)
endif
SIM_PGO       ?= 1
# Extra compiler flags for the model, e.g. -march=native (only where the
# library runs on the machine that built it).
SIM_VL_CFLAGS ?=
SIM_VL_RUNTIME := verilated.o verilated_threads.o
SIM_VL_INC    := $(if $(RTL_INC),$(RTL_INC),-Irtl)

SIM_VSRCS     := $(if $(RTL_SRCS),$(RTL_SRCS),$(wildcard rtl/*.v))
# Gate-level variant (scripts/netlist-sim): SIM_GATE is a synthesized
# netlist of cnn_engine, its parameters already applied, and SIM_GATE_ARGS
# the FPGA family's cell models with the defines they need. It replaces the
# RTL; the build tree (BUILD) keeps it apart from the RTL harness.
SIM_GATE      ?=
SIM_GATE_ARGS ?=
ifneq ($(SIM_GATE),)
SIM_VSRCS     := $(SIM_GATE)
endif
# the cell model files among SIM_GATE_ARGS: a changed model rebuilds
SIM_GATE_DEPS := $(filter %.v %.vh,$(SIM_GATE_ARGS))
SIM_VL_ROOT   := $(shell verilator --getenv VERILATOR_ROOT 2>/dev/null)
SIM_INC       := -Isim/rtl -Ifirmware
# libatomic: clang's code for the Verilator runtime calls into it
SIM_LDLIBS    := -pthread -lz -latomic
SIM_SHIM_SRCS := sim/rtl/engine_sim.cpp sim/rtl/memory_model.c
SIM_SHIM_DEPS := $(SIM_SHIM_SRCS) sim/rtl/engine_sim.h sim/rtl/memory_model.h \
                 firmware/backend.h firmware/engine_regs.h sim/rtl.mk
SIM_CXXFLAGS  := -std=c++17 -O2 -g -Wall -Wextra
SIM_VL_CLANG  := $(if $(findstring clang,$(notdir $(SIM_VL_CXX))),1,0)
SIM_VL_O      := $(if $(filter 1,$(SIM_VL_CLANG)),-O3,-O2)
# The profile step: GCC builds of the default 8-byte bus only (Debian's clang
# lacks its profile runtime; the training program drives an 8-byte bus).
SIM_PGO_ON    := $(if $(filter 1,$(SIM_PGO)),$(if $(filter 0,$(SIM_VL_CLANG)),1))
# The profile run: its sources, and what its C files compile with.
SIM_PGO_SRCS  := sim/rtl/pgo_train.c tests/sim/conv_job.c tests/ref/check.c
SIM_PGO_CFLAGS = $(CSTD) $(WARN) -O2 $(SIM_INC) $(REF_INC) -Itests/sim -Itests/ref

# Tag: RxC, then -b<bytes> when the bus is not 8 bytes wide, the buffer sizes
# when they differ from the defaults, -q<units> when SIM_RQ_UNITS is set, -s
# with sequential requantization units, -np
# without prefetch, -pb with the basic counters, -no without CONV overlap,
# then -trace for the tracing variant.
sim_bus_tag = $(if $(filter-out 8,$(1)),-b$(1))
sim_buf_tag = $(if $(filter-out 8192/512/1024,$(1)/$(2)/$(3)),-a$(1)-w$(2)-d$(3))
# RTL built with the ECP5 primitives: their parameters and models (main
# configuration only)
SIM_ECP5_ARGS := $(if $(filter 1,$(SIM_ECP5_DSP) $(SIM_ECP5_EBR)),-GECP5_DSP=$(SIM_ECP5_DSP) \
                   -GECP5_EBR=$(SIM_ECP5_EBR) $(ECP5_MODELS))
SIM_TAG := $(SIM_ROWS)x$(SIM_COLS)$(call sim_bus_tag,$(SIM_BUS_BYTES))$(call sim_buf_tag,$(SIM_ACT_BYTES),$(SIM_WGT_ROWS),$(SIM_ACC_DEPTH))$(if $(SIM_RQ_UNITS),-q$(SIM_RQ_UNITS))$(if $(filter 1,$(SIM_RQ_SEQ)),-s)$(if $(filter 0,$(SIM_PREFETCH)),-np)$(if $(filter 1,$(SIM_PERF_BASIC)),-pb)$(if $(filter 0,$(SIM_OVERLAP)),-no)$(if $(filter 0,$(SIM_TIMING_REGS)),-nt)$(if $(filter 1,$(SIM_ECP5_DSP)),-e5d)$(if $(filter 1,$(SIM_ECP5_EBR)),-e5e)$(if $(filter 1,$(SIM_TRACE)),-trace)
SIM_DIR := $(BUILD)/sim/$(SIM_TAG)
SIM_LIB := $(SIM_DIR)/libengine_sim.a

# sim_vl_make(tag, trace 0/1, extra compiler flags): compile the Verilated
# model (obj/Vcnn_engine__ALL.a) and the runtime objects. The model's own
# make runs with SIM_VL_JOBS jobs, outside this make's job server.
sim_vl_make = MAKEFLAGS= $(MAKE) --no-print-directory -s -j $(SIM_VL_JOBS) \
  -C $(BUILD)/sim/$(1)/obj -f Vcnn_engine.mk CXX="$(SIM_VL_CXX)" \
  OPT_FAST="$(SIM_VL_O) $(SIM_VL_CFLAGS) $(3)" OPT_SLOW="-O1 $(SIM_VL_CFLAGS) $(3)" \
  OPT_GLOBAL="$(SIM_VL_O) $(SIM_VL_CFLAGS) $(3)" \
  Vcnn_engine__ALL.a $(SIM_VL_RUNTIME) $(if $(filter 1,$(2)),verilated_fst_c.o) >/dev/null

# sim_pgo_profile(tag): instrumented model, training program linked with it
# and run; leaves the profile in $(BUILD)/sim/<tag>/pgo and removes the
# instrumented objects. A subshell, log in $(BUILD)/sim/<tag>/pgo.log.
sim_pgo_profile = ( P=$(abspath $(BUILD)/sim/$(1)/pgo) && T=$(BUILD)/sim/$(1)/pgo-train && \
  O=$(BUILD)/sim/$(1)/obj && rm -rf $$P $$T && mkdir -p $$P $$T && \
  $(call sim_vl_make,$(1),0,-fprofile-generate=$$P) && \
  for f in $(SIM_PGO_SRCS); do \
    $(CC) $(SIM_PGO_CFLAGS) -c $$f -o $$T/$$(basename $$f .c).o || exit 1; done && \
  $(CC) $(CSTD) $(WARN) -O2 -c sim/rtl/memory_model.c -o $$T/memory_model.o && \
  $(CXX) $(SIM_CXXFLAGS) -DVM_TRACE=0 -DVM_TRACE_FST=0 $(SIM_INC) -isystem $$O \
    -isystem $(SIM_VL_ROOT)/include -isystem $(SIM_VL_ROOT)/include/vltstd \
    -c sim/rtl/engine_sim.cpp -o $$T/engine_sim.o && \
  $(CXX) -fprofile-generate $$T/*.o $$O/Vcnn_engine__ALL.a $(addprefix $$O/,$(SIM_VL_RUNTIME)) \
    $(REF_LIB) $(SIM_LDLIBS) $(REF_LDLIBS) -o $$T/pgo-train && \
  $$T/pgo-train && ls $$P/*.gcda >/dev/null && \
  rm -f $$O/*.o $$O/*.a ) >$(BUILD)/sim/$(1)/pgo.log 2>&1
# sim_pgo_step(tag): the profile run, or a loud warning and no profile.
sim_pgo_step = @echo "sim: $(1): profile run for the optimized build, log in $(BUILD)/sim/$(1)/pgo.log"; \
  $(call sim_pgo_profile,$(1)) || { \
  rm -rf $(BUILD)/sim/$(1)/pgo $(BUILD)/sim/$(1)/obj/*.o $(BUILD)/sim/$(1)/obj/*.a; \
  echo "sim: WARNING: the profile run for $(1) failed; building the model WITHOUT" \
       "profile-guided optimization (about 15% slower). End of $(BUILD)/sim/$(1)/pgo.log:" >&2; \
  tail -n 15 $(BUILD)/sim/$(1)/pgo.log >&2; }
sim_pgo_use = -fprofile-use=$(abspath $(BUILD)/sim/$(1)/pgo) -fprofile-partial-training \
  -Wno-missing-profile

# sim_rtl_config(tag, rows, cols, act_bytes, wgt_rows, acc_depth, trace 0/1, bus_bytes,
# requantization units or empty, prefetch 0/1, basic counters 0/1,
# sequential requantization 0/1, CONV overlap 0/1, timing registers 0/1,
# further Verilator arguments such as SIM_ECP5_ARGS):
# Verilate and compile the RTL (obj/Vcnn_engine__ALL.a plus the runtime
# objects; with the profile step for GCC builds unless SIM_PGO=0 or a
# trace build), then
# archive it with the shim and the memory model, so a change to the shim
# does not re-verilate.
define sim_rtl_config
$(BUILD)/sim/$(1)/obj/Vcnn_engine__ALL.a: $(SIM_VSRCS) $(SIM_GATE_DEPS) $(filter %.v,$(15)) rtl/engine_regs.vh sim/rtl.mk \
  $(if $(SIM_PGO_ON),$(if $(filter 0/8,$(7)/$(8)),$(SIM_PGO_SRCS) | $(REF_LIB)))
	@test -f rtl/cnn_engine.v || { echo "sim: rtl/cnn_engine.v does not exist yet" >&2; exit 1; }
	@rm -rf $(BUILD)/sim/$(1)/obj $(BUILD)/sim/$(1)/pgo && mkdir -p $(BUILD)/sim/$(1)/obj
	verilator --cc -Mdir $(BUILD)/sim/$(1)/obj \
	  --top-module cnn_engine --prefix Vcnn_engine $(SIM_VL_INC) -Wno-fatal -Wno-lint -Wno-style \
	  $(if $(SIM_GATE),$(SIM_GATE_ARGS),-GROWS=$(2) -GCOLS=$(3) -GACT_BYTES=$(4) -GWGT_ROWS=$(5) \
	  -GACC_DEPTH=$(6) -GBUS_BYTES=$(8) $(if $(9),-GRQ_UNITS=$(9)) -GPREFETCH=$(10) -GPERF_BASIC=$(11) -GRQ_SEQ=$(12) \
	  -GOVERLAP=$(13) -GTIMING_REGS=$(14) $(15)) \
	  -O3 --x-assign fast --x-initial fast $(if $(filter 1,$(7)),--trace-fst) \
	  $(SIM_VSRCS) >/dev/null
	$(if $(SIM_PGO_ON),$(if $(filter 0/8,$(7)/$(8)),$$(call sim_pgo_step,$(1))))
	$$(call sim_vl_make,$(1),$(7),$(if $(SIM_PGO_ON),`test -d $(BUILD)/sim/$(1)/pgo && echo '$$(call sim_pgo_use,$(1))'`))

$(BUILD)/sim/$(1)/libengine_sim.a: $(BUILD)/sim/$(1)/obj/Vcnn_engine__ALL.a $(SIM_SHIM_DEPS)
	$(CXX) $(SIM_CXXFLAGS) -DVM_TRACE=$(7) -DVM_TRACE_FST=$(7) $(SIM_INC) \
	  -isystem $(BUILD)/sim/$(1)/obj -isystem $(SIM_VL_ROOT)/include \
	  -isystem $(SIM_VL_ROOT)/include/vltstd \
	  -c sim/rtl/engine_sim.cpp -o $(BUILD)/sim/$(1)/engine_sim.o
	$(CC) $(CSTD) $(WARN) -O2 -g -c sim/rtl/memory_model.c -o $(BUILD)/sim/$(1)/memory_model.o
	rm -f $$@.tmp
	cp $(BUILD)/sim/$(1)/obj/Vcnn_engine__ALL.a $$@.tmp
	$(AR) rs $$@.tmp $(BUILD)/sim/$(1)/engine_sim.o $(BUILD)/sim/$(1)/memory_model.o \
	  $(addprefix $(BUILD)/sim/$(1)/obj/,$(SIM_VL_RUNTIME) $(if $(filter 1,$(7)),verilated_fst_c.o))
	mv $$@.tmp $$@
endef

$(eval $(call sim_rtl_config,$(SIM_TAG),$(SIM_ROWS),$(SIM_COLS),$(SIM_ACT_BYTES),$(SIM_WGT_ROWS),$(SIM_ACC_DEPTH),$(if $(filter 1,$(SIM_TRACE)),1,0),$(SIM_BUS_BYTES),$(SIM_RQ_UNITS),$(SIM_PREFETCH),$(SIM_PERF_BASIC),$(SIM_RQ_SEQ),$(SIM_OVERLAP),$(SIM_TIMING_REGS),$(SIM_ECP5_ARGS)))

# The other array sizes every change must keep building (RTL builds only: a
# gate-level netlist has its one size baked in).
SIM_OTHER_TAGS := $(if $(SIM_GATE),,$(filter-out $(SIM_TAG),4x4 8x8 16x16))
$(foreach t,$(SIM_OTHER_TAGS),$(eval $(call sim_rtl_config,$(t),$(word 1,$(subst x, ,$(t))),$(word 2,$(subst x, ,$(t))),8192,512,1024,0,8,,1,0,0,1,1)))
SIM_ALL_LIBS := $(SIM_LIB) $(foreach t,$(SIM_OTHER_TAGS),$(BUILD)/sim/$(t)/libengine_sim.a)

sim-rtl: $(SIM_LIB) ## build the Verilator harness library for SIM_ROWS x SIM_COLS (default 8x8) and SIM_BUS_BYTES
sim-rtl-all: $(SIM_ALL_LIBS) ## build the Verilator harness for 4x4, 8x8 and 16x16 arrays
.PHONY: sim-rtl sim-rtl-all

# The ECP5 cell models (ECP5_MODELS) are simulation code, kept
# lint-clean like the RTL.
lint-gate-models: ## verilator -Wall on the cell models of the gate-level check (sim/gate/)
	@for m in DP16KD MULT18X18D; do echo "lint $$m"; \
	  verilator --lint-only -Wall -Wno-DECLFILENAME --top-module $$m $(ECP5_MODELS) || exit 1; done
LINT_TARGETS += lint-gate-models
.PHONY: lint-gate-models
