# RTL compute core: unit benches (array, window generator, requantization,
# conv_core) in Icarus and Verilator, and the core's lint / synthesis check.
# Fragment of the top-level Makefile, included from tests/tests.mk.

RTLC_DIR  := $(BUILD)/rtl-core
RTLC_TB   := tests/rtl/core
RTLC_RTL  := rtl/sdp_ram.v rtl/delay_line.v rtl/pe.v rtl/systolic_array.v \
             rtl/window_gen.v rtl/requant.v rtl/requant_seq.v rtl/mul_reg.v rtl/conv_core.v
# the ECP5 DSP-block product and the cell model it runs on in simulation
RTLC_ECP5 := rtl/mul18_ecp5.v $(ECP5_MODELS)
RTLC_VL   := verilator --binary --timing -Irtl -Wno-fatal -Wno-INITIALDLY
RTLC_IV   := iverilog -g2012 -Irtl
RTLC_GENCC = $(CC) $(CSTD) $(WARN) $(CFLAGS) $(SAN) $(REF_INC) -I$(RTLC_TB)

# Case counts: random requant cases, conv tiles per core shape (Verilator /
# Icarus; Icarus runs the first tiles of the same files).
RTLC_RQ_RANDOM := 30000
RTLC_TILES     := 200
RTLC_TILES_IV  := 5
# Core shapes of tb_conv_core: ROWS COLS ACT_BYTES WGT_ROWS ACC_DEPTH seed
RTLC_CONV_8x8   := 8 8 8192 512 1024 1
RTLC_CONV_4x4   := 4 4 1024 160 256 2
RTLC_CONV_16x16 := 16 16 4096 256 512 3
RTLC_CONV_16x4  := 16 4 2048 512 1024 4
RTLC_CONV_2x2   := 2 2 1024 256 256 5
RTLC_SHAPES     := 8x8 4x4 16x16 16x4 2x2

# --- vector generators (linked against the reference library) -------------
$(RTLC_DIR)/gen_requant: $(RTLC_TB)/gen_requant.c $(RTLC_TB)/vecfile.c $(RTLC_TB)/vecfile.h $(REF_LIB_SAN)
	@mkdir -p $(@D)
	$(RTLC_GENCC) $(filter %.c,$^) $(REF_LIB_SAN) $(REF_LDLIBS) -o $@

$(RTLC_DIR)/gen_conv: $(RTLC_TB)/gen_conv.c $(RTLC_TB)/vecfile.c $(RTLC_TB)/vecfile.h $(REF_LIB_SAN)
	@mkdir -p $(@D)
	$(RTLC_GENCC) $(filter %.c,$^) $(REF_LIB_SAN) $(REF_LDLIBS) -o $@

$(RTLC_DIR)/requant.hex: $(RTLC_DIR)/gen_requant
	$< $@ $(RTLC_RQ_RANDOM) 1

$(RTLC_DIR)/conv%.hex: $(RTLC_DIR)/gen_conv
	$< $@ $(wordlist 1,5,$(RTLC_CONV_$*)) $(RTLC_TILES) $(word 6,$(RTLC_CONV_$*))

# --- bench builds -----------------------------------------------------------
# tb_NAME.sv with the RTL modules it needs
RTLC_DEPS_requant    := rtl/requant.v rtl/requant_seq.v rtl/delay_line.v
RTLC_DEPS_array      := rtl/systolic_array.v rtl/pe.v rtl/delay_line.v
RTLC_DEPS_window     := rtl/window_gen.v rtl/delay_line.v
RTLC_DEPS_conv_core  := $(RTLC_RTL) $(RTLC_ECP5) rtl/byte_ram_ecp5.v
RTLC_BENCHES := requant array window conv_core

$(RTLC_DIR)/iv/tb_%.vvp: $(RTLC_TB)/tb_%.sv $(RTLC_RTL)
	@mkdir -p $(@D)
	$(RTLC_IV) -o $@ $< $(RTLC_DEPS_$*)

$(RTLC_DIR)/vl/tb_%/tb: $(RTLC_TB)/tb_%.sv $(RTLC_RTL)
	@mkdir -p $(@D)
	$(RTLC_VL) --top-module tb_$* -Mdir $(@D) -o tb $< $(RTLC_DEPS_$*) > $(@D).log 2>&1 \
	  || { cat $(@D).log; exit 1; }

# the requantization bench again on variants of the unit, each a tb_requant
# parameter set to 1: SEQ (the sequential unit) and ECP5_DSP (the pipelined
# unit with ECP5 DSP-block products, on the ECP5_MODELS cell models)
RTLC_RQ_VARIANTS  := seq ecp5
RTLC_RQ_PARAM_seq  := SEQ
RTLC_RQ_PARAM_ecp5 := ECP5_DSP
RTLC_RQ_EXTRA_ecp5 := $(RTLC_ECP5)
$(RTLC_DIR)/iv/tb_requant_%.vvp: $(RTLC_TB)/tb_requant.sv $(RTLC_RTL) $(RTLC_ECP5)
	@mkdir -p $(@D)
	$(RTLC_IV) -Ptb_requant.$(RTLC_RQ_PARAM_$*)=1 -o $@ $< $(RTLC_DEPS_requant) $(RTLC_RQ_EXTRA_$*)

$(RTLC_DIR)/vl/tb_requant_%/tb: $(RTLC_TB)/tb_requant.sv $(RTLC_RTL) $(RTLC_ECP5)
	@mkdir -p $(@D)
	$(RTLC_VL) --top-module tb_requant -G$(RTLC_RQ_PARAM_$*)=1 -Mdir $(@D) -o tb $< \
	  $(RTLC_DEPS_requant) $(RTLC_RQ_EXTRA_$*) > $(@D).log 2>&1 || { cat $(@D).log; exit 1; }

# the array bench again with the PEs' ECP5 DSP-block products
$(RTLC_DIR)/iv/tb_array_ecp5.vvp: $(RTLC_TB)/tb_array.sv $(RTLC_RTL) $(RTLC_ECP5)
	@mkdir -p $(@D)
	$(RTLC_IV) -Ptb_array.ECP5_DSP=1 -o $@ $< $(RTLC_DEPS_array) $(RTLC_ECP5)

$(RTLC_DIR)/vl/tb_array_ecp5/tb: $(RTLC_TB)/tb_array.sv $(RTLC_RTL) $(RTLC_ECP5)
	@mkdir -p $(@D)
	$(RTLC_VL) --top-module tb_array -GECP5_DSP=1 -Mdir $(@D) -o tb $< \
	  $(RTLC_DEPS_array) $(RTLC_ECP5) > $(@D).log 2>&1 || { cat $(@D).log; exit 1; }

# the window bench again on variants of the generator: the register after
# the block RAM (RAM_REG), and the lane memories in ECP5 block RAMs with
# that register inside (ECP5_EBR, on the ECP5_MODELS cell models)
# at 4-byte writes across four blocks a lane (the ULX3S-25F's) and 8-byte
# writes across two
RTLC_WIN_VARIANTS    := reg ebr4 ebr8
RTLC_WIN_PARAMS_reg  := RAM_REG=1
RTLC_WIN_PARAMS_ebr4 := ECP5_EBR=1 WB=4 ACT_BYTES=4096
RTLC_WIN_PARAMS_ebr8 := ECP5_EBR=1 WB=8 ACT_BYTES=2048
RTLC_WIN_EXTRA_ebr4  := rtl/byte_ram_ecp5.v $(ECP5_MODELS)
RTLC_WIN_EXTRA_ebr8  := $(RTLC_WIN_EXTRA_ebr4)
$(RTLC_DIR)/iv/tb_window_%.vvp: $(RTLC_TB)/tb_window.sv $(RTLC_RTL) $(RTLC_WIN_EXTRA_ebr4)
	@mkdir -p $(@D)
	$(RTLC_IV) $(RTLC_WIN_PARAMS_$*:%=-Ptb_window.%) -o $@ $< $(RTLC_DEPS_window) \
	  $(RTLC_WIN_EXTRA_$*)

$(RTLC_DIR)/vl/tb_window_%/tb: $(RTLC_TB)/tb_window.sv $(RTLC_RTL) $(RTLC_WIN_EXTRA_ebr4)
	@mkdir -p $(@D)
	$(RTLC_VL) --top-module tb_window $(RTLC_WIN_PARAMS_$*:%=-G%) -Mdir $(@D) -o tb $< \
	  $(RTLC_DEPS_window) $(RTLC_WIN_EXTRA_$*) > $(@D).log 2>&1 || { cat $(@D).log; exit 1; }

RTLC_CONV_HEX := $(foreach s,$(RTLC_SHAPES),$(RTLC_DIR)/conv$(s).hex)
RTLC_SIMS := $(foreach b,$(RTLC_BENCHES) $(RTLC_RQ_VARIANTS:%=requant_%) array_ecp5 $(RTLC_WIN_VARIANTS:%=window_%),$(RTLC_DIR)/iv/tb_$(b).vvp $(RTLC_DIR)/vl/tb_$(b)/tb)
RTLC_RQ_ARGS = +vec=$(RTLC_DIR)/requant.hex +n=$$(wc -l < $(RTLC_DIR)/requant.hex)

test-rtl-core: $(RTLC_SIMS) $(RTLC_DIR)/requant.hex $(RTLC_CONV_HEX) ## RTL compute core benches (array, window, requant, conv_core) in Icarus and Verilator
	scripts/run-test rtl-core-array-icarus vvp -n $(RTLC_DIR)/iv/tb_array.vvp
	scripts/run-test rtl-core-array-verilator $(RTLC_DIR)/vl/tb_array/tb
	scripts/run-test rtl-core-array-ecp5-icarus vvp -n $(RTLC_DIR)/iv/tb_array_ecp5.vvp
	scripts/run-test rtl-core-array-ecp5-verilator $(RTLC_DIR)/vl/tb_array_ecp5/tb
	scripts/run-test rtl-core-window-icarus vvp -n $(RTLC_DIR)/iv/tb_window.vvp
	scripts/run-test rtl-core-window-verilator $(RTLC_DIR)/vl/tb_window/tb
	@for v in $(RTLC_WIN_VARIANTS); do \
	  scripts/run-test rtl-core-window-$$v-icarus vvp -n $(RTLC_DIR)/iv/tb_window_$$v.vvp || exit 1; \
	  scripts/run-test rtl-core-window-$$v-verilator $(RTLC_DIR)/vl/tb_window_$$v/tb || exit 1; done
	scripts/run-test rtl-core-requant-icarus vvp -n $(RTLC_DIR)/iv/tb_requant.vvp $(RTLC_RQ_ARGS)
	scripts/run-test rtl-core-requant-verilator $(RTLC_DIR)/vl/tb_requant/tb $(RTLC_RQ_ARGS)
	scripts/run-test rtl-core-requant-seq-icarus vvp -n $(RTLC_DIR)/iv/tb_requant_seq.vvp $(RTLC_RQ_ARGS)
	scripts/run-test rtl-core-requant-seq-verilator $(RTLC_DIR)/vl/tb_requant_seq/tb $(RTLC_RQ_ARGS)
	scripts/run-test rtl-core-requant-ecp5-icarus vvp -n $(RTLC_DIR)/iv/tb_requant_ecp5.vvp $(RTLC_RQ_ARGS)
	scripts/run-test rtl-core-requant-ecp5-verilator $(RTLC_DIR)/vl/tb_requant_ecp5/tb $(RTLC_RQ_ARGS)
	scripts/run-test rtl-core-conv-icarus vvp -n $(RTLC_DIR)/iv/tb_conv_core.vvp +dir=$(RTLC_DIR) +tiles=$(RTLC_TILES_IV)
	scripts/run-test rtl-core-conv-verilator $(RTLC_DIR)/vl/tb_conv_core/tb +dir=$(RTLC_DIR)

# --- lint and synthesis check -----------------------------------------------
# Every module alone at the default parameters, the core at every array
# shape the contract allows and a few with OVERLAP = 0, then Yosys generic
# synthesis of the core, with and without OVERLAP (small buffers keep
# memory_map's flip-flop expansion quick; the logic is the same).
RTLC_LINT = verilator --lint-only -Wall -Irtl
RTLC_YS   = read_verilog -sv -Irtl $(RTLC_RTL); $(RTLC_YS_SMALL); synth -top conv_core; check -assert
RTLC_YS_SMALL := chparam -set ACT_BYTES 512 -set WGT_ROWS 64 -set ACC_DEPTH 64 conv_core
# the same with one CONV at a time (OVERLAP = 0), at the iCEBreaker's array
RTLC_YS_NO = read_verilog -sv -Irtl $(RTLC_RTL); $(RTLC_YS_SMALL); \
             chparam -set OVERLAP 0 -set TIMING_REGS 0 -set ROWS 2 -set COLS 2 -set RQ_UNITS 1 \
                     -set RQ_SEQ 1 conv_core; \
             synth -top conv_core; check -assert
RTLC_TOPS := pe systolic_array window_gen requant requant_seq mul_reg sdp_ram delay_line conv_core

lint-rtl-core: ## verilator -Wall on the compute core modules and a Yosys synthesis check
	@for m in $(RTLC_TOPS); do echo "lint $$m"; \
	  $(RTLC_LINT) --top-module $$m $(RTLC_RTL) || exit 1; done
	@for r in 4 8 16; do for c in 4 8 16; do echo "lint conv_core ROWS=$$r COLS=$$c"; \
	  $(RTLC_LINT) --top-module conv_core -GROWS=$$r -GCOLS=$$c $(RTLC_RTL) || exit 1; done; done
	@for q in 1 2 4; do echo "lint conv_core ROWS=4 COLS=4 RQ_UNITS=$$q RQ_SEQ=1"; \
	  $(RTLC_LINT) --top-module conv_core -GROWS=4 -GCOLS=4 -GRQ_UNITS=$$q -GRQ_SEQ=1 $(RTLC_RTL) || exit 1; done
	@for g in "-GROWS=2 -GCOLS=2 -GRQ_UNITS=1 -GRQ_SEQ=1" "-GROWS=8 -GCOLS=8" "-GROWS=16 -GCOLS=4 -GRQ_UNITS=2"; do \
	  echo "lint conv_core OVERLAP=0 $$g"; \
	  $(RTLC_LINT) --top-module conv_core -GOVERLAP=0 -GTIMING_REGS=0 $$g $(RTLC_RTL) || exit 1; done
	@for m in requant systolic_array; do echo "lint $$m ECP5_DSP=1"; \
	  $(RTLC_LINT) --top-module $$m -GECP5_DSP=1 $(RTLC_RTL) rtl/mul18_ecp5.v -v $(ECP5_MODELS) \
	  || exit 1; done
	@for g in "-GWB=4 -GACT_BYTES=4096" "-GWB=8 -GACT_BYTES=2048" "-GWB=8 -GACT_BYTES=256"; do \
	  echo "lint window_gen ECP5_EBR=1 $$g"; \
	  $(RTLC_LINT) --top-module window_gen -GECP5_EBR=1 $$g $(RTLC_RTL) rtl/byte_ram_ecp5.v \
	  -v $(ECP5_MODELS) || exit 1; done
	@mkdir -p $(RTLC_DIR)
	yosys -q -l $(RTLC_DIR)/yosys.log -p '$(RTLC_YS)'
	yosys -q -l $(RTLC_DIR)/yosys-no.log -p '$(RTLC_YS_NO)'

TEST_TARGETS += test-rtl-core
LINT_TARGETS += lint-rtl-core
.PHONY: test-rtl-core lint-rtl-core
