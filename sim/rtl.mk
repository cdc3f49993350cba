# Verilator harness of the engine (sim/rtl/), one static library per build
# configuration: $(BUILD)/sim/<tag>/libengine_sim.a holds the Verilated
# cnn_engine, the Verilator runtime, the C API shim and the memory model.
# Link users with:  $(SIM_LIB) $(SIM_LDLIBS), compile them with $(SIM_INC),
# and link with $(CXX) (the library is C++ inside).
#
# Select a configuration with SIM_ROWS/SIM_COLS (default 8x8), the memory
# data width SIM_BUS_BYTES (4, 8 or 16 bytes a beat, default 8) and the buffer
# sizes SIM_ACT_BYTES/SIM_WGT_ROWS/SIM_ACC_DEPTH; SIM_TRACE=1 selects the
# variant with FST waveform support (a separate build: tracing support costs
# speed even when no trace is open).

SIM_ROWS      ?= 8
SIM_COLS      ?= 8
SIM_BUS_BYTES ?= 8
SIM_ACT_BYTES ?= 8192
SIM_WGT_ROWS  ?= 512
SIM_ACC_DEPTH ?= 1024
SIM_TRACE     ?= 0
SIM_VL_JOBS   ?= 2
SIM_VL_OPT    := OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2
SIM_VL_RUNTIME := verilated.o verilated_threads.o
SIM_VL_INC    := $(if $(RTL_INC),$(RTL_INC),-Irtl)

SIM_VSRCS     := $(if $(RTL_SRCS),$(RTL_SRCS),$(wildcard rtl/*.v))
SIM_VL_ROOT   := $(shell verilator --getenv VERILATOR_ROOT 2>/dev/null)
SIM_INC       := -Isim/rtl -Ifirmware
SIM_LDLIBS    := -pthread -lz
SIM_SHIM_SRCS := sim/rtl/engine_sim.cpp sim/rtl/memory_model.c
SIM_SHIM_DEPS := $(SIM_SHIM_SRCS) sim/rtl/engine_sim.h sim/rtl/memory_model.h \
                 firmware/backend.h firmware/engine_regs.h sim/rtl.mk
SIM_CXXFLAGS  := -std=c++17 -O2 -g -Wall -Wextra

# Tag: RxC, then -b<bytes> when the bus is not 8 bytes wide, the buffer sizes
# when they differ from the defaults, then -trace for the tracing variant.
sim_bus_tag = $(if $(filter-out 8,$(1)),-b$(1))
sim_buf_tag = $(if $(filter-out 8192/512/1024,$(1)/$(2)/$(3)),-a$(1)-w$(2)-d$(3))
SIM_TAG := $(SIM_ROWS)x$(SIM_COLS)$(call sim_bus_tag,$(SIM_BUS_BYTES))$(call sim_buf_tag,$(SIM_ACT_BYTES),$(SIM_WGT_ROWS),$(SIM_ACC_DEPTH))$(if $(filter 1,$(SIM_TRACE)),-trace)
SIM_DIR := $(BUILD)/sim/$(SIM_TAG)
SIM_LIB := $(SIM_DIR)/libengine_sim.a

# sim_rtl_config(tag, rows, cols, act_bytes, wgt_rows, acc_depth, trace 0/1, bus_bytes):
# Verilate and compile the RTL (obj/Vcnn_engine__ALL.a plus the runtime
# objects), then archive it with the shim and the memory model, so a change
# to the shim does not re-verilate.
define sim_rtl_config
$(BUILD)/sim/$(1)/obj/Vcnn_engine__ALL.a: $(SIM_VSRCS) rtl/engine_regs.vh sim/rtl.mk
	@test -f rtl/cnn_engine.v || { echo "sim: rtl/cnn_engine.v does not exist yet" >&2; exit 1; }
	@rm -rf $(BUILD)/sim/$(1)/obj && mkdir -p $(BUILD)/sim/$(1)/obj
	+verilator --cc --build -j $(SIM_VL_JOBS) -Mdir $(BUILD)/sim/$(1)/obj \
	  --top-module cnn_engine --prefix Vcnn_engine $(SIM_VL_INC) -Wno-fatal -Wno-lint -Wno-style \
	  -GROWS=$(2) -GCOLS=$(3) -GACT_BYTES=$(4) -GWGT_ROWS=$(5) -GACC_DEPTH=$(6) -GBUS_BYTES=$(8) \
	  -O3 --x-assign fast --x-initial fast $(if $(filter 1,$(7)),--trace-fst) \
	  -MAKEFLAGS "$(SIM_VL_OPT)" $(SIM_VSRCS) >/dev/null
	+$(MAKE) --no-print-directory -s -C $(BUILD)/sim/$(1)/obj -f Vcnn_engine.mk $(SIM_VL_OPT) \
	  $(SIM_VL_RUNTIME) $(if $(filter 1,$(7)),verilated_fst_c.o)

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

$(eval $(call sim_rtl_config,$(SIM_TAG),$(SIM_ROWS),$(SIM_COLS),$(SIM_ACT_BYTES),$(SIM_WGT_ROWS),$(SIM_ACC_DEPTH),$(if $(filter 1,$(SIM_TRACE)),1,0),$(SIM_BUS_BYTES)))

# The other array sizes every change must keep building.
SIM_OTHER_TAGS := $(filter-out $(SIM_TAG),4x4 8x8 16x16)
$(foreach t,$(SIM_OTHER_TAGS),$(eval $(call sim_rtl_config,$(t),$(word 1,$(subst x, ,$(t))),$(word 2,$(subst x, ,$(t))),8192,512,1024,0,8)))
SIM_ALL_LIBS := $(SIM_LIB) $(foreach t,$(SIM_OTHER_TAGS),$(BUILD)/sim/$(t)/libengine_sim.a)

sim-rtl: $(SIM_LIB) ## build the Verilator harness library for SIM_ROWS x SIM_COLS (default 8x8) and SIM_BUS_BYTES
sim-rtl-all: $(SIM_ALL_LIBS) ## build the Verilator harness for 4x4, 8x8 and 16x16 arrays
.PHONY: sim-rtl sim-rtl-all
