// Command processor: fetches the 32-byte commands of the list at CMD_BASE in
// order, validates each one, and dispatches it to its unit: LOAD_ACT,
// LOAD_WGT, LOAD_QP and STORE to the DMA (one unit: dma_read and dma_write
// never run at the same time), CONV to conv_core. A command waits only for
// its own unit, or for both with the SYNC flag; END waits for both, then
// raises DONE. The command after the one in hand is fetched while that one
// is decoded and waits for its unit, so a dispatch is followed at once by
// the next command's decode; nothing is fetched beyond an END. Without
// PREFETCH the next fetch starts at the dispatch instead, and the command in
// hand is read straight from the fetch buffer: 256 fewer flip-flops for a
// fetch's latency per command.
//
// On an error (a failed check, or a window error on a fetch or a DMA
// transfer) nothing more is dispatched; once the units and the fetch are
// idle, the error code and the index of the failing command are reported
// with DONE. If several commands fail, the lowest index is reported, as a
// one-command-at-a-time execution would.
module controller #(
  parameter COLS      = 8,
  parameter ACT_BYTES = 8192,
  parameter WGT_ROWS  = 512,
  parameter ACC_DEPTH = 1024,
  parameter RUN_W     = 16,          // bits of x_run: the longest run is a RUN_BYTES
                                     // field or a block that fits its buffer
  parameter ADDR_W    = 32,          // the DMA reaches the 2^ADDR_W bytes from
  parameter [31:0] ADDR_BASE = 32'd0,  // ADDR_BASE (aligned to 2^ADDR_W)
  parameter ECP5_DSP  = 0,           // 1: the size products in ECP5 DSP blocks' registers
  parameter PREFETCH  = 1,           // 1: fetch the next command while one waits
  parameter PERF_BASIC = 0           // 1: PERF_CYCLES and PERF_CMDS only, the
                                     // other five counters read 0
) (
  input  wire        clk,
  input  wire        rst,
  // from the CSRs
  input  wire        start,
  input  wire        clear,
  input  wire [31:0] cmd_base,       // these three hold still while busy
  input  wire [31:0] mem_base,
  input  wire [31:0] mem_size,
  // status and counters
  output wire        busy,
  output reg         done,
  output reg         error,
  output reg  [7:0]  err_code,
  output wire [31:0] err_cmd,
  output reg  [31:0] perf_cycles,
  output wire [31:0] perf_compute,
  output wire [31:0] perf_macs,
  output wire [31:0] perf_rd_bytes,
  output wire [31:0] perf_wr_bytes,
  output wire [31:0] perf_stall,
  output wire [31:0] perf_cmds,
  // memory window for every DMA access, fixed from the first fetch to
  // DONE: the MEM_BASE/MEM_SIZE window clipped to what the DMA reaches, as
  // offsets from ADDR_BASE (win_hi = 0 if nothing is left)
  output reg  [ADDR_W-1:0] win_lo,
  output reg  [ADDR_W:0]   win_hi,
  // command fetch (dma_read)
  output wire        fe_start,
  output wire [31:0] fe_addr,
  input  wire        fe_busy,
  input  wire        fe_done,
  input  wire        fe_err,
  input  wire [255:0] fe_data,
  // block transfer of the DMA command being issued
  output wire [31:0] x_addr,         // address and strides: from cmd, taken at the start
  output reg  [RUN_W-1:0] x_run,
  output reg  [15:0] x_inner,
  output reg  [15:0] x_outer,
  output wire [31:0] x_istride,
  output wire [31:0] x_ostride,
  output wire        ld_start,
  output reg  [1:0]  ld_kind,
  output wire        ld_bank,
  input  wire        ld_busy,
  input  wire        ld_done,
  input  wire        ld_err,
  output wire        st_start,
  output wire        st_bank,
  output wire [7:0]  st_ncols,
  output wire [$clog2(ACC_DEPTH):0] st_npix,
  input  wire        st_busy,
  input  wire        st_done,
  input  wire        st_err,
  // CONV command (fields stable while conv_valid)
  output wire        conv_valid,
  input  wire        conv_ready,
  input  wire        conv_busy,
  input  wire        conv_busy_prev,
  output wire [15:0] conv_in_w,
  output wire [15:0] conv_in_h,
  output wire [15:0] conv_in_c,
  output wire [15:0] conv_out_w,
  output wire [15:0] conv_out_h,
  output wire [7:0]  conv_ncols,
  output wire [7:0]  conv_k_w,
  output wire [7:0]  conv_k_h,
  output wire [7:0]  conv_stride_w,
  output wire [7:0]  conv_stride_h,
  output wire [7:0]  conv_pad_l,
  output wire [7:0]  conv_pad_t,
  output wire [7:0]  conv_zp_in,
  output wire [7:0]  conv_zp_out,
  output wire [7:0]  conv_act_min,
  output wire [7:0]  conv_act_max,
  output wire        conv_act_bank,
  output wire        conv_wgt_bank,
  output wire        conv_out_bank,
  output wire        conv_acc_first,
  output wire        conv_acc_last,
  // statistics
  input  wire [4:0]  stat_rbytes,    // bytes of the read beat taken this cycle
  input  wire        stat_rstall,
  input  wire [4:0]  stat_wbytes,
  input  wire        stat_wstall,
  input  wire        stat_vec,
  input  wire [15:0] stat_macs
);
/* verilator lint_off UNUSEDPARAM */
`include "engine_regs.vh"
/* verilator lint_on UNUSEDPARAM */

  localparam PW = $clog2(ACC_DEPTH) + 1;
  localparam [1:0] KIND_ACT = 2'd0, KIND_WGT = 2'd1, KIND_QP = 2'd2;
  localparam [31:0] ACT_LIMIT = ACT_BYTES;
  localparam [31:0] WGT_LIMIT = WGT_ROWS;
  localparam [31:0] ACC_LIMIT = ACC_DEPTH;
  localparam [31:0] COLS_32   = COLS;
  localparam [7:0]  NCOLS_MAX = COLS_32[7:0];
  localparam [31:0] WGT_BYTES_PER_ROW = COLS;
  localparam [31:0] QP_BYTES = 12 * COLS;     // 3*COLS int32
  localparam [RUN_W-1:0] QP_RUN = QP_BYTES[RUN_W-1:0];
  localparam [31:0] STORE_LIMIT_MAX = ACC_LIMIT * COLS_32;
  localparam [31:0] SZ_MAX = ACT_LIMIT > STORE_LIMIT_MAX ? ACT_LIMIT : STORE_LIMIT_MAX;
  localparam SZW = $clog2((SZ_MAX > WGT_LIMIT ? SZ_MAX : WGT_LIMIT) + 1);
  // A size register keeps SZW + 1 bits of a product: exact ones are below
  // 2^SZW, a saturated one reads as all ones, above every limit.
  localparam SW  = SZW + 1;
  localparam DNW = $clog2(PW);                 // division step counter
  // v > k for a constant k, written out bit by bit: plain logic, a few
  // LUTs, where a comparison would take a carry chain
  function gt_k;
    input [31:0] v, k;
    integer i;
    reg     g;
    begin
      g = 1'b0;
      for (i = 0; i < 32; i = i + 1) g = k[i] ? v[i] && g : v[i] || g;
      gt_k = g;
    end
  endfunction

  localparam [3:0] S_IDLE   = 4'd0,
                   S_FETCH  = 4'd1,    // start the fetch of command idx
                   S_FWAIT  = 4'd2,    // wait for its bytes
                   S_SIZE   = 4'd3,    // buffer sizes, two-stage products
                   S_DIV    = 4'd4,    // STORE: bytes / ncols
                   S_DECIDE = 4'd5,    // all checks; set up the transfer
                   S_ISSUE  = 4'd6,    // wait for the unit, dispatch
                   S_DRAIN  = 4'd7;    // error: wait for everything in flight

  reg  [3:0]   state;
  // Command indices: commands 0..i all fetched means i + 1 distinct 32-byte
  // slots inside the window, which is at most 2^ADDR_W bytes (2^32 - 1 at
  // ADDR_W = 32), so a list fails its window check before i reaches
  // 2^(ADDR_W-5); the index of the failing command, or of the next one
  // (the prefetch), needs ADDR_W - 4 bits, and fe_addr takes 27 of them.
  localparam IXW = ADDR_W - 4 < 27 ? ADDR_W - 4 : 27;
  reg  [IXW-1:0] idx;                  // index of the command in hand
  reg  [IXW-1:0] dma_idx;              // index of the command the DMA runs
  reg  [IXW-1:0] err_idx;              // ERR_CMD
  assign err_cmd = {{(32-IXW){1'b0}}, err_idx};
  wire [255:0] cmd;                    // the command in hand
  // prefetch of command idx + 1: in flight, or done. A finished fetch's
  // fe_data and fe_err hold until the next fe_start, and none is started
  // while a prefetched command waits, so it is taken from there.
  reg          nx_pend, nx_valid;
  reg          conv_acc_q;             // CONV accepted last cycle (busy may lag a cycle)

  /* verilator lint_off UNUSED */    // not every bit of a command is a field
  wire [31:0] w0 = cmd[31:0];
  wire [31:0] w1 = cmd[63:32];
  wire [31:0] w2 = cmd[95:64];
  wire [31:0] w3 = cmd[127:96];
  wire [31:0] w4 = cmd[159:128];
  wire [31:0] w5 = cmd[191:160];
  wire [31:0] w6 = cmd[223:192];
  wire [31:0] w7 = cmd[255:224];
  /* verilator lint_on UNUSED */

  wire [7:0] flags = w0[F_FLAGS_LSB +: F_FLAGS_WIDTH];
  wire       sync  = flags[FLAG_SYNC_BIT];

  // Block transfer fields: LOAD_ACT and STORE share their layout.
  wire [31:0] b_addr    = w1;
  wire [15:0] b_run     = w2[F_LOAD_ACT_RUN_BYTES_LSB +: F_LOAD_ACT_RUN_BYTES_WIDTH];
  wire [15:0] b_inner   = w3[F_LOAD_ACT_INNER_COUNT_LSB +: F_LOAD_ACT_INNER_COUNT_WIDTH];
  wire [15:0] b_outer   = w3[F_LOAD_ACT_OUTER_COUNT_LSB +: F_LOAD_ACT_OUTER_COUNT_WIDTH];
  wire [31:0] b_istride = w4;
  wire [31:0] b_ostride = w5;
  wire [7:0]  s_ncols   = w6[F_STORE_NCOLS_LSB +: F_STORE_NCOLS_WIDTH];
  wire [15:0] k_rows    = w2[F_LOAD_WGT_K_ROWS_LSB +: F_LOAD_WGT_K_ROWS_WIDTH];

  assign conv_in_w     = w1[F_CONV_IN_W_LSB +: F_CONV_IN_W_WIDTH];
  assign conv_in_h     = w1[F_CONV_IN_H_LSB +: F_CONV_IN_H_WIDTH];
  assign conv_in_c     = w2[F_CONV_IN_C_LSB +: F_CONV_IN_C_WIDTH];
  assign conv_ncols    = w2[F_CONV_NCOLS_LSB +: F_CONV_NCOLS_WIDTH];
  assign conv_out_w    = w3[F_CONV_OUT_W_LSB +: F_CONV_OUT_W_WIDTH];
  assign conv_out_h    = w3[F_CONV_OUT_H_LSB +: F_CONV_OUT_H_WIDTH];
  assign conv_k_w      = w4[F_CONV_K_W_LSB +: F_CONV_K_W_WIDTH];
  assign conv_k_h      = w4[F_CONV_K_H_LSB +: F_CONV_K_H_WIDTH];
  assign conv_stride_w = w4[F_CONV_STRIDE_W_LSB +: F_CONV_STRIDE_W_WIDTH];
  assign conv_stride_h = w4[F_CONV_STRIDE_H_LSB +: F_CONV_STRIDE_H_WIDTH];
  assign conv_pad_l    = w5[F_CONV_PAD_L_LSB +: F_CONV_PAD_L_WIDTH];
  assign conv_pad_t    = w5[F_CONV_PAD_T_LSB +: F_CONV_PAD_T_WIDTH];
  assign conv_zp_in    = w6[F_CONV_ZP_IN_LSB +: F_CONV_ZP_IN_WIDTH];
  assign conv_zp_out   = w6[F_CONV_ZP_OUT_LSB +: F_CONV_ZP_OUT_WIDTH];
  assign conv_act_min  = w6[F_CONV_ACT_MIN_LSB +: F_CONV_ACT_MIN_WIDTH];
  assign conv_act_max  = w6[F_CONV_ACT_MAX_LSB +: F_CONV_ACT_MAX_WIDTH];
  assign conv_act_bank  = flags[FLAG_ACT_BANK_BIT];
  assign conv_wgt_bank  = flags[FLAG_WGT_BANK_BIT];
  assign conv_out_bank  = flags[FLAG_OUT_BANK_BIT];
  assign conv_acc_first = flags[FLAG_ACC_FIRST_BIT];
  assign conv_acc_last  = flags[FLAG_ACC_LAST_BIT];

  // ---- opcode, decoded as a command enters cmd ------------------------------
  // A command enters cmd from fe_data, in S_FWAIT (a fetch just finished or
  // the prefetch).
  wire [7:0] in_op = fe_data[F_OPCODE_LSB +: F_OPCODE_WIDTH];
  reg  op_end, op_lact, op_lwgt, op_lqp, op_conv, op_store;

  // ---- buffer sizes: a*b*c, saturated -------------------------------------
  // Each product takes two stages, a*b into ab, then ab*c, each a
  // registered multiplier plus a register (two cycles), and a new one
  // starts every cycle: CONV's three sizes take steps 0..5, a block's byte
  // count steps 0..3 (one step more with ECP5_DSP, see abc).
  // The operands are registered, a and b of the first product as the
  // command enters cmd, so no decode sits in front of the
  // multipliers. Each operand takes the same word of every command where
  // it can, so it has few sources: the first product is INNER_COUNT *
  // RUN_BYTES * OUTER_COUNT for a block and OUT_W * 1 * OUT_H for CONV,
  // which then takes IN_W * IN_C * IN_H and K_W * IN_C * K_H.
  // Every size is only compared with a buffer limit, or used after passing
  // that check, so the products are computed in SZW bits, the width of the
  // largest limit, and kept in SW = SZW + 1 bits (see SW). An operand is
  // the SZW low bits of its field: a field of 2^SZW or more makes its
  // product too big for every limit (no field is 0, or the command fails
  // its field check), which the field check reports as TOO_BIG. Kernel
  // sizes are 1..16, or the field check fails, so they take 5 bits.
  localparam OW = SZW < 16 ? SZW : 16;        // bits of a 16-bit field kept
  localparam KW = SZW < 5 ? SZW : 5;          // bits of a kernel size kept
  /* verilator lint_off UNUSED */   // an operand keeps the low bits
  function [SZW-1:0] opnd;
    input [15:0] v;
    opnd = SZW'(v[OW-1:0]);
  endfunction
  function hi;                                // v >= 2^SZW
    input [15:0] v;
    hi = ({16'd0, v} >> SZW) != 32'd0;
  endfunction
  function [SZW-1:0] kopnd;
    input [7:0] v;
    kopnd = SZW'(v[KW-1:0]);
  endfunction
  /* verilator lint_on UNUSED */
  reg  [2:0]  step;
  reg  [SZW-1:0] ma, mb, mc;
  wire        in_conv = in_op == OP_CONV;
  wire        in_sized = in_conv || in_op == OP_LOAD_ACT || in_op == OP_STORE;   // else no S_SIZE
  wire [SW-1:0] m_ab, m_abc;
  reg  [SW-1:0] ab;
  size_mul #(.W(SZW), .AW(SZW), .BW(SZW), .ECP5_DSP(ECP5_DSP)) u_ab  (.clk(clk), .a(ma), .b(mb), .p(m_ab));
  size_mul #(.W(SZW), .AW(SW),  .BW(SZW), .ECP5_DSP(ECP5_DSP)) u_abc (.clk(clk), .a(ab), .b(mc), .p(m_abc));
  // The operands are loaded every cycle (no enables, so they can be the
  // multipliers' input registers): from the command entering cmd as it
  // loads (in S_FWAIT), else from the command in hand, where a
  // block's stay put: from S_SIZE's step 2 on, m_ab holds its
  // RUN_BYTES*INNER_COUNT and from step 3 on m_abc its byte count.
  /* verilator lint_off UNUSED */
  wire [255:0] src = PREFETCH != 0 && state != S_FWAIT ? cmd : fe_data;
  wire [31:0]  s_w2 = src[95:64], s_w3 = src[127:96];
  /* verilator lint_on UNUSED */
  wire         s_conv = src[F_OPCODE_LSB +: F_OPCODE_WIDTH] == OP_CONV;
  wire         conv_size = state == S_SIZE && op_conv;
  always @(posedge clk) begin
    ma <= conv_size ? (step[0] ? kopnd(conv_k_w) : opnd(conv_in_w))
                    : opnd(s_w3[F_LOAD_ACT_INNER_COUNT_LSB +: F_LOAD_ACT_INNER_COUNT_WIDTH]);
    mb <= state != S_SIZE && s_conv ? SZW'(1)
                    : opnd(s_w2[F_LOAD_ACT_RUN_BYTES_LSB +: F_LOAD_ACT_RUN_BYTES_WIDTH]);
    ab <= m_ab;
    mc <= conv_size && step[1] ? (step[0] ? kopnd(conv_k_h) : opnd(conv_in_h))
                    : opnd(s_w3[F_LOAD_ACT_OUTER_COUNT_LSB +: F_LOAD_ACT_OUTER_COUNT_WIDTH]);
  end
  // With ECP5_DSP the products are compared and used from abc, their copy
  // in logic a cycle after the DSP block's output register, whose route
  // into the compares was too long (PD = 1): a block's byte count is there
  // at step 3 + PD, CONV's sizes at steps 3, 4 and 5 (+ PD).
  localparam [2:0] PD = ECP5_DSP != 0 ? 3'd1 : 3'd0;
  wire [SW-1:0] abc;
  delay_line #(.W(SW), .N(ECP5_DSP != 0 ? 1 : 0)) u_abc_q (
    .clk(clk), .rst(rst), .d(m_abc), .q(abc));
  wire          size_done = op_conv ? step == 3'd5 + PD : step == 3'd3 + PD;

  // ---- STORE: pixels = bytes / ncols ---------------------------------------
  // A legal STORE has at most ACC_DEPTH pixels, so the quotient has PW bits.
  // Over-sized blocks fail the size check before the remainder is looked
  // at. The bytes are in abc from S_SIZE's step 3 + PD on (see the
  // operands). With COLS <= 2 a legal ncols is 1 or 2: the pixels are the
  // bytes or half of them, taken at that step, and there is no S_DIV. Otherwise a
  // restoring division in S_DIV starts at bit PW-1 (the bytes above it,
  // then below ncols, are the first partial remainder); div_q shifts the
  // dividend out and the quotient in, reading the bytes from abc (S_DIV
  // follows S_SIZE's last step, where abc holds them).
  localparam DIV_SHIFT = COLS <= 2;
  reg  [PW-1:0]  div_q;
  wire           div_rem;  // the bytes are not whole pixels
  wire           div_done; // the last step of S_DIV
  generate
    if (DIV_SHIFT) begin : g_div_shift
      reg rem_q;
      always @(posedge clk)
        if (state == S_SIZE) begin
          div_q <= PW'(abc >> s_ncols[1]);
          rem_q <= s_ncols[1] && abc[0];
        end
      assign div_rem  = rem_q;
      assign div_done = 1'b1;
    end else begin : g_div_seq
      reg  [7:0]     div_r;     // a remainder is below ncols: 8 bits
      reg            rem_nz;    // div_r != 0, registered with it
      reg  [DNW-1:0] div_n;
      wire           div_first = div_n == {DNW{1'b0}};
      wire [PW-1:0]  div_qin   = div_first ? abc[PW-1:0] : div_q;
      wire [7:0]     div_rin   = div_first ? 8'(abc >> PW) : div_r;
      wire [8:0]     div_trial = {div_rin, div_qin[PW-1]};
      // one subtraction: its borrow is the compare
      wire [9:0]     div_diff  = {1'b0, div_trial} - {2'b00, s_ncols};
      wire           div_fits  = !div_diff[9];
      wire [8:0]     div_rnext = div_fits ? div_diff[8:0] : div_trial;
      always @(posedge clk)
        if (state != S_DIV) begin
          div_n <= {DNW{1'b0}};
        end else begin
          div_q  <= {div_qin[PW-2:0], div_fits};
          div_r  <= div_rnext[7:0];
          rem_nz <= div_rnext != 9'd0;
          div_n  <= div_n + 1'b1;
        end
      // S_DECIDE's checks read the remainder's test from a flip-flop
      assign div_rem  = rem_nz;
      assign div_done = div_n == DNW'(PW - 1);
    end
  endgenerate

  // ---- checks ---------------------------------------------------------------
  // A command's own fields are checked in two parts. Those of the commands
  // without sizes (LOAD_WGT, LOAD_QP, END, an unknown opcode) are checked on
  // fe_data as it enters cmd, since S_DECIDE follows at once; those of
  // LOAD_ACT, CONV and STORE are checked on cmd during S_SIZE, first into
  // flags, then into f_err, so neither part is a long path. A command whose
  // fetch failed gets ADDR_RANGE in f_err as it enters cmd, and skips
  // S_SIZE. Each size is compared with its limit as it is computed
  // (sz_big). S_DECIDE then reads a few flags, not cmd, whose bits fan out
  // to every unit and lie far apart on an FPGA.
  /* verilator lint_off UNUSED */    // not every bit of a command is checked
  // pad >= k where k < 32 (a larger k fails its own check): 5-bit compare
  function pad_ge;
    input [7:0] pad, k;
    pad_ge = pad[7:5] != 3'd0 || pad[4:0] >= k[4:0];
  endfunction
  function [7:0] unsized_err;
    input [255:0] c;
    reg [31:0] v1, v2;
    reg [15:0] kr;
    begin
      v1 = c[63:32];   v2 = c[95:64];
      kr = v2[F_LOAD_WGT_K_ROWS_LSB +: F_LOAD_WGT_K_ROWS_WIDTH];
      unsized_err = ERR_NONE;
      case (c[F_OPCODE_LSB +: F_OPCODE_WIDTH])
        OP_END, OP_LOAD_ACT, OP_CONV, OP_STORE: ;
        OP_LOAD_WGT:
          if (kr == 16'd0)                     unsized_err = ERR_BAD_PARAM;
          else if (v1[2:0] != 3'd0)            unsized_err = ERR_MISALIGNED;
          else if (gt_k(32'(kr), WGT_LIMIT))   unsized_err = ERR_TOO_BIG;
        OP_LOAD_QP:  if (v1[2:0] != 3'd0) unsized_err = ERR_MISALIGNED;
        default:     unsized_err = ERR_BAD_OPCODE;
      endcase
    end
  endfunction
  /* verilator lint_on UNUSED */
  // the sized commands' field flags, from cmd's fields, a cycle behind it;
  // a size field too big for an operand (see opnd) is TOO_BIG
  reg  cf_conv_bad, cf_conv_big, cf_block_bad, cf_block_big, cf_ncols_bad;
  always @(posedge clk) begin
    cf_conv_bad  <= conv_in_w == 16'd0 || conv_in_h == 16'd0 || conv_in_c == 16'd0 ||
                    conv_out_w == 16'd0 || conv_out_h == 16'd0 ||
                    conv_k_w == 8'd0 || gt_k(32'(conv_k_w), 16) ||
                    conv_k_h == 8'd0 || gt_k(32'(conv_k_h), 16) ||
                    conv_stride_w == 8'd0 || gt_k(32'(conv_stride_w), 8) ||
                    conv_stride_h == 8'd0 || gt_k(32'(conv_stride_h), 8) ||
                    pad_ge(conv_pad_l, conv_k_w) || pad_ge(conv_pad_t, conv_k_h) ||
                    conv_ncols == 8'd0 || gt_k(32'(conv_ncols), 32'(NCOLS_MAX));
    cf_conv_big  <= hi(conv_in_w) || hi(conv_in_h) || hi(conv_in_c) ||
                    hi(conv_out_w) || hi(conv_out_h) ||
                    (KW < 5 && (hi({8'd0, conv_k_w}) || hi({8'd0, conv_k_h})));
    // LOAD_ACT and STORE share the block fields
    cf_block_bad <= b_run == 16'd0 || b_inner == 16'd0 || b_outer == 16'd0;
    cf_block_big <= hi(b_run) || hi(b_inner) || hi(b_outer);
    cf_ncols_bad <= s_ncols == 8'd0 || gt_k(32'(s_ncols), 32'(NCOLS_MAX));
  end
  wire [7:0] sized_err =
      op_conv  ? (cf_conv_bad ? ERR_BAD_PARAM : cf_conv_big ? ERR_TOO_BIG : ERR_NONE)
    : op_lact  ? (cf_block_bad ? ERR_BAD_PARAM : cf_block_big ? ERR_TOO_BIG : ERR_NONE)
    : op_store ? (cf_block_bad || cf_ncols_bad ? ERR_BAD_PARAM
                  : cf_block_big ? ERR_TOO_BIG : ERR_NONE)
    : ERR_NONE;

  reg  [7:0]    f_err;     // field checks of the command in hand
  reg           sz_big;    // one of its sizes is over its buffer's limit
  // A STORE whose ncols passed its check has a limit of at most
  // STORE_LIMIT_MAX, below 2^SZW; st_limit is only compared then.
  wire [31:0]   store_limit = ACC_LIMIT * {24'd0, s_ncols};
  reg  [SW-1:0] st_limit;
  wire          unused_limit = &{1'b0, store_limit[31:SW]};
  // The fields' errors come first, then the sizes (a field too big for
  // an operand is in f_err, after the other field errors), then a STORE
  // that is not whole pixels.
  wire [7:0] check = f_err != ERR_NONE      ? f_err
                   : sz_big                 ? ERR_TOO_BIG
                   : op_store && div_rem    ? ERR_BAD_PARAM
                   : ERR_NONE;

  // ---- dispatch -------------------------------------------------------------
  // A DMA window error belongs to the command the DMA runs, which is always
  // earlier than the command in hand. The controller acts on it a cycle
  // after the unit reports it (dma_fail is a register), so the error, the
  // dispatch and the state logic start from one flip-flop instead of the
  // units' done and err. Until then the failing unit counts as busy: no
  // DMA command is dispatched, END is not reached and S_DRAIN does not
  // finish in that cycle. (A CONV may still be taken in it: a CONV never
  // waits for a DMA command without SYNC.)
  wire dma_fail_now = (ld_done && ld_err) || (st_done && st_err);
  reg  dma_fail;
  always @(posedge clk) dma_fail <= !rst && dma_fail_now;
  wire dma_busy   = ld_busy || st_busy || dma_fail_now;
  wire conv_act   = conv_busy || conv_acc_q;
  wire all_idle   = !dma_busy && !conv_act;
  wire is_load    = op_lact || op_lwgt || op_lqp;
  wire is_dma     = is_load || op_store;
  // The core runs CONVs in order and takes the next one while the previous
  // one drains, so a CONV never waits for an earlier CONV, only SYNC makes
  // it wait for the DMA. A DMA command may run beside the latest CONV but
  // not beside an earlier one still draining: the host's SYNC rule counts
  // only the latest command of each unit as possibly running.
  // The units' answer is registered, which keeps their busy logic off the
  // dispatch path. It is one cycle old, which is safe: a unit only becomes
  // busy by a dispatch, busy shows from the next cycle on, and the next
  // command reaches S_ISSUE three cycles after a dispatch at the earliest. A
  // unit going idle is seen a cycle late. It is registered together with
  // "S_ISSUE next cycle" and the command's unit (go_q, ld_go_q, ...), so a
  // start is a register and the DMA's error pulse, not a state decode: the
  // starts cross to the DMA, and the dispatch comes back to the enables of idx
  // and the fetch pointers.
  // (error is never set in S_ISSUE: it leaves for S_DRAIN as it is set.)
  wire unit_ok    = op_conv ? (!sync || !dma_busy)
                  : sync ? all_idle : !conv_busy_prev && !(is_dma && dma_busy);
  wire to_issue;                       // state is S_ISSUE next cycle
  wire unit_go    = to_issue && unit_ok;
  reg  go_q, ld_go_q, st_go_q, cv_go_q;
  always @(posedge clk) begin
    if (rst) begin
      go_q    <= 1'b0;
      ld_go_q <= 1'b0;
      st_go_q <= 1'b0;
      cv_go_q <= 1'b0;
    end else begin
      go_q    <= unit_go;
      ld_go_q <= unit_go && is_load;
      st_go_q <= unit_go && op_store;
      cv_go_q <= unit_go && op_conv;
    end
  end
  wire issue      = go_q && !dma_fail;

  assign ld_start   = ld_go_q && !dma_fail;
  assign st_start   = st_go_q && !dma_fail;
  assign conv_valid = cv_go_q && !dma_fail;
  assign ld_bank    = op_lact ? flags[FLAG_ACT_BANK_BIT] : flags[FLAG_WGT_BANK_BIT];
  assign st_bank    = flags[FLAG_OUT_BANK_BIT];
  assign st_ncols   = s_ncols;
  assign st_npix    = div_q[PW-1:0];
  wire   dispatched = ld_start || st_start || (conv_valid && conv_ready);
  wire   end_reached = issue && op_end && all_idle;
  assign to_issue = !dma_fail && (state == S_DECIDE ? !error && check == ERR_NONE
                                  : state == S_ISSUE && !end_reached && !dispatched);

  // Prefetch while the command in hand (not an END) is decoded or waits.
  wire in_hand    = state == S_SIZE || state == S_DIV || state == S_DECIDE || state == S_ISSUE;
  wire nx_start   = PREFETCH != 0 && in_hand && !op_end && !nx_pend && !nx_valid &&
                    !fe_busy && !error;
  // With PREFETCH the fetch address is one of two registers, command idx's
  // and the next one's, kept a step ahead of idx: the prefetch decision
  // (nx_start) only picks between them, with no adder after it.
  reg  [31:0] fe_ptr, fe_ptr_nx;       // cmd_base + 32 * idx, + 32 * (idx + 1)
  assign fe_start = state == S_FETCH || nx_start;
  assign fe_addr  = PREFETCH == 0 ? cmd_base + 32'({idx, 5'd0})
                  : nx_start ? fe_ptr_nx : fe_ptr;
  assign busy     = state != S_IDLE;


  // With PREFETCH the fetch buffer moves on to the next command while this
  // one is in hand, so cmd keeps its own copy; without, the buffer holds
  // until the dispatch, and cmd is the buffer.
  generate
    if (PREFETCH != 0) begin : g_cmd_copy
      reg [255:0] cmd_q;
      always @(posedge clk)
        if (state == S_FWAIT && (fe_done || nx_valid)) cmd_q <= fe_data;
      assign cmd = cmd_q;
    end else begin : g_cmd_buf
      assign cmd = fe_data;
    end
  endgenerate

  // ---- memory window -------------------------------------------------------
  // MEM_BASE and MEM_SIZE hold still from START on, so the window is set in
  // S_FETCH, a cycle after START, from their sum registered the cycle
  // before; the fetch checks its first burst against it the cycle after.
  // Later fetches write the same values again.
  // ADDR_BASE is aligned to 2^ADDR_W, so the reach is one value of an
  // address's bits from ADDR_W up (RH), and each bound is clipped by
  // comparing those bits alone; the offsets are then the bits below.
  localparam HW = 33 - ADDR_W;                 // bits 32..ADDR_W
  localparam [32:0] REACH_LO = {1'b0, ADDR_BASE};
  localparam [HW-1:0] RH = REACH_LO[32:ADDR_W];
  reg  [32:0] mem_hi;
  always @(posedge clk) mem_hi <= {1'b0, mem_base} + {1'b0, mem_size};
  wire [32:0] mem_lo  = {1'b0, mem_base};
  // (below is "neither above nor in": RH may be 0, where < is constant)
  wire        lo_above = gt_k(32'(mem_lo[32:ADDR_W]), 32'(RH));   // mem_lo >= REACH_HI
  wire        lo_below = !lo_above && mem_lo[32:ADDR_W] != RH;   // mem_lo < REACH_LO
  wire        hi_above = gt_k(32'(mem_hi[32:ADDR_W]), 32'(RH));   // mem_hi >= REACH_HI
  wire        hi_below = !hi_above &&                     // mem_hi <= REACH_LO
                         !(mem_hi[32:ADDR_W] == RH && mem_hi[ADDR_W-1:0] != {ADDR_W{1'b0}});
  // the window is empty if c_lo >= c_hi, checked term by term, so no
  // compare waits for another
  wire        clip_empty = mem_size == 32'd0 || lo_above || hi_below;
  // max(mem_lo, REACH_LO) - REACH_LO, modulo 2^ADDR_W as before; and
  // min(mem_hi, REACH_HI) - REACH_LO where the window is not empty
  wire [ADDR_W-1:0] clip_lo = lo_below ? {ADDR_W{1'b0}} : mem_lo[ADDR_W-1:0];
  wire [ADDR_W:0]   clip_hi = hi_above ? {1'b1, {ADDR_W{1'b0}}} : {1'b0, mem_hi[ADDR_W-1:0]};

  // A command enters cmd from fe_data: its opcode decoded, the operands of
  // its first product set up, the checks of its fields begun.
  task cmd_load;
    begin
      step     <= 3'd0;
      op_end   <= in_op == OP_END;
      op_lact  <= in_op == OP_LOAD_ACT;
      op_lwgt  <= in_op == OP_LOAD_WGT;
      op_lqp   <= in_op == OP_LOAD_QP;
      op_conv  <= in_conv;
      op_store <= in_op == OP_STORE;
      f_err    <= fe_err ? ERR_ADDR_RANGE : unsized_err(fe_data);
      sz_big   <= 1'b0;
      state    <= in_sized && !fe_err ? S_SIZE : S_DECIDE;
    end
  endtask

  always @(posedge clk) begin
    if (rst) begin
      state      <= S_IDLE;
      done       <= 1'b0;
      error      <= 1'b0;
      err_code   <= ERR_NONE;
      err_idx    <= {IXW{1'b0}};
      idx        <= {IXW{1'b0}};
      dma_idx    <= {IXW{1'b0}};
      win_lo     <= {ADDR_W{1'b0}};
      win_hi     <= {(ADDR_W+1){1'b0}};
      conv_acc_q <= 1'b0;
      step       <= 3'd0;
      nx_pend    <= 1'b0;
      nx_valid   <= 1'b0;
    end else begin
      conv_acc_q <= conv_valid && conv_ready;
      if (clear) done <= 1'b0;
      if (dma_fail && (!error || dma_idx < err_idx)) begin
        error    <= 1'b1;
        err_code <= ERR_ADDR_RANGE;
        err_idx  <= dma_idx;
      end
      if (nx_start) nx_pend <= 1'b1;
      if (nx_pend && fe_done && state != S_FWAIT) begin
        nx_pend  <= 1'b0;
        nx_valid <= 1'b1;
      end
      case (state)
        S_IDLE:
          if (start) begin
            nx_valid <= 1'b0;
            done     <= 1'b0;
            idx      <= {IXW{1'b0}};
            fe_ptr    <= cmd_base;
            fe_ptr_nx <= cmd_base + 32'd32;
            if (cmd_base[2:0] != 3'd0) begin
              error    <= 1'b1;
              err_code <= ERR_MISALIGNED;
              err_idx  <= {IXW{1'b0}};
              state    <= S_DRAIN;
            end else begin
              error    <= 1'b0;
              err_code <= ERR_NONE;
              err_idx  <= {IXW{1'b0}};
              state    <= S_FETCH;
            end
          end
        S_FETCH: begin
          win_lo <= clip_lo;
          win_hi <= clip_empty ? {(ADDR_W+1){1'b0}} : clip_hi;
          state  <= S_FWAIT;
        end
        S_FWAIT:
          // the fetch just finished, or the prefetch already had
          if (fe_done || nx_valid) begin
            nx_pend  <= 1'b0;
            nx_valid <= 1'b0;
            cmd_load;
          end
        S_SIZE: begin
          // a*b leaves u_ab one step after its operands and ab one step
          // after that; ab*c leaves u_abc two steps after ab
          step <= step + 3'd1;
          // the field flags are a cycle behind cmd (see sized_err)
          if (step == 3'd1) f_err <= sized_err;
          // sizes: CONV OUT_H*OUT_W, IN_H*IN_W*IN_C, K; LOAD_ACT its bytes,
          // a STORE's against ACC_DEPTH * NCOLS
          if (step == 3'd3 + PD)
            sz_big <= op_conv ? gt_k(32'(abc), ACC_LIMIT)
                    : op_lact ? gt_k(32'(abc), ACT_LIMIT)
                    : op_store && abc > st_limit;
          if (step == 3'd4 + PD) sz_big <= sz_big || gt_k(32'(abc), ACT_LIMIT);
          if (step == 3'd5 + PD) sz_big <= sz_big || gt_k(32'(abc), WGT_LIMIT);
          st_limit <= store_limit[SW-1:0];
          if (size_done) state <= op_store && !DIV_SHIFT ? S_DIV : S_DECIDE;
        end
        S_DIV:
          if (div_done) state <= S_DECIDE;
        S_DECIDE:
          if (error || dma_fail) begin
            state <= S_DRAIN;
          end else if (check != ERR_NONE) begin
            error    <= 1'b1;
            err_code <= check;
            err_idx  <= idx;
            state    <= S_DRAIN;
          end else begin
            state <= S_ISSUE;
          end
        S_ISSUE:
          if (error || dma_fail) begin
            state <= S_DRAIN;
          end else if (dispatched) begin
            // (END is never dispatched, so this comes before end_reached,
            // which waits for the units: their busy logic stays off idx,
            // the fetch pointers and cmd)
            if (is_dma) dma_idx <= idx;
            idx       <= idx + 1'b1;
            fe_ptr    <= fe_ptr_nx;
            fe_ptr_nx <= fe_ptr_nx + 32'd32;
            // the next command enters cmd in S_FWAIT, a cycle on, even when
            // it is already here: cmd's 256 enables then come from state
            // registers, not from the units' ready logic
            state <= nx_pend || nx_start || nx_valid ? S_FWAIT : S_FETCH;
          end else if (end_reached) begin
            done  <= 1'b1;
            state <= S_IDLE;
          end
        default:  // S_DRAIN
          if (!dma_busy && !conv_act && !fe_busy) begin
            done  <= 1'b1;
            state <= S_IDLE;
          end
      endcase
    end
  end

  // The units take a transfer's parameters with its start pulse, while the
  // command is still in cmd.
  assign x_addr    = b_addr;
  assign x_istride = b_istride;
  assign x_ostride = b_ostride;
  // The rest of the transfer set-up is registered in S_DECIDE. A block
  // whose runs (or rows) follow each other without a gap becomes one long
  // run, so it moves in full bursts. Only LOAD_ACT and STORE use the merge
  // tests, which reach S_DECIDE from S_SIZE or S_DIV, where the command
  // and ab (m_ab's register, from S_SIZE's step 3 on) hold still: the tests
  // are registered there, a cycle ahead, and their compares stay off the
  // set-up. They and the set-up read ab, not the multiplier's output.
  reg  merge_inner, merge_outer;
  always @(posedge clk) begin
    merge_inner <= b_inner == 16'd1 || b_istride == {16'd0, b_run};
    merge_outer <= b_outer == 16'd1 || b_ostride == {{(32-SW){1'b0}}, ab};
  end
  // Dispatched only after the size checks, so every run fits in RUN_W bits.
  wire [31:0] b_run_x = {16'd0, b_run};
  wire [31:0] wgt_run = {16'd0, k_rows} * WGT_BYTES_PER_ROW;
  wire        unused_run = &{1'b0, b_run_x[31:RUN_W], wgt_run[31:RUN_W]};
  always @(posedge clk) begin
    if (state == S_DECIDE) begin
      x_inner   <= 16'd1;
      x_outer   <= 16'd1;
      if (op_lwgt) begin
        x_run <= wgt_run[RUN_W-1:0]; ld_kind <= KIND_WGT;
      end else if (op_lqp) begin
        x_run <= QP_RUN;             ld_kind <= KIND_QP;
      end else begin
        ld_kind <= KIND_ACT;
        if (!merge_inner) begin
          x_run   <= b_run_x[RUN_W-1:0];
          x_inner <= b_inner;
          x_outer <= b_outer;
        end else if (!merge_outer) begin
          x_run   <= RUN_W'(ab);
          x_outer <= b_outer;
        end else begin
          x_run   <= RUN_W'(abc);
        end
      end
    end
  end

  // ---- performance counters, cleared at START -------------------------------
  wire perf_clear = rst || (start && state == S_IDLE);
  // commands executed: the END one more than the last index (see IXW)
  reg [IXW-1:0] cmd_count;
  assign perf_cmds = {{(32-IXW){1'b0}}, cmd_count};
  always @(posedge clk) begin
    if (perf_clear) begin
      perf_cycles <= 32'd0;
      cmd_count   <= {IXW{1'b0}};
    end else if (busy) begin
      perf_cycles <= perf_cycles + 32'd1;
      cmd_count   <= cmd_count + {{(IXW-1){1'b0}}, dispatched || end_reached};
    end
  end
  generate
    if (PERF_BASIC == 0) begin : g_perf_detail
      reg [31:0] compute, macs, rd_bytes, wr_bytes, stall;
      always @(posedge clk) begin
        if (perf_clear) begin
          compute  <= 32'd0;
          macs     <= 32'd0;
          rd_bytes <= 32'd0;
          wr_bytes <= 32'd0;
          stall    <= 32'd0;
        end else if (busy) begin
          compute  <= compute + {31'd0, stat_vec};
          macs     <= macs + {16'd0, stat_macs};
          rd_bytes <= rd_bytes + {27'd0, stat_rbytes};
          wr_bytes <= wr_bytes + {27'd0, stat_wbytes};
          stall    <= stall + {31'd0, stat_rstall || stat_wstall};
        end
      end
      assign perf_compute  = compute;
      assign perf_macs     = macs;
      assign perf_rd_bytes = rd_bytes;
      assign perf_wr_bytes = wr_bytes;
      assign perf_stall    = stall;
    end else begin : g_perf_basic
      assign perf_compute  = 32'd0;
      assign perf_macs     = 32'd0;
      assign perf_rd_bytes = 32'd0;
      assign perf_wr_bytes = 32'd0;
      assign perf_stall    = 32'd0;
      wire unused_stat = &{1'b0, stat_vec, stat_macs, stat_rbytes, stat_wbytes,
                           stat_rstall, stat_wstall};
    end
  endgenerate
endmodule
