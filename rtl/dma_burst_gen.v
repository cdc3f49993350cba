// Splits a strided block transfer into memory bursts.
//
// The block is OUTER_COUNT rows of INNER_COUNT runs of RUN_BYTES bytes; run
// (o, i) starts at ADDR + o*OUTER_STRIDE + i*INNER_STRIDE. Each burst covers
// one piece of one run: it starts at the current byte, ends at the run end or
// the next burst-window boundary (16 beats = 16*BUS_BYTES bytes: 64, 128 or
// 256), whichever comes first, so it never crosses that boundary and is at
// most 16 beats. The burst is described by its aligned beat address, beat
// count, the byte offset of its first useful byte and its useful byte count.
// With BLOCK = 0 the generator handles a single run only (the command
// fetch) and ignores the counts and strides; with BLOCK = 1, single at
// start does the same for one block (the fetch through a shared generator).
// HELD = 1 promises that run_bytes, the counts and the strides hold still
// from start until the last burst is taken (the command they come from
// stays in place that long), so they are read where they are instead of
// being copied at start.
//
// Before a burst is offered it is checked against the memory window
// [win_lo, win_hi); a burst that leaves it is never offered: the
// generator stops and raises err until the next start. Each burst is set
// up, with its check, in registers (see o_valid), then passes a register
// slice (rtl/reg_slice.v) to the consumer, so the first burst of a start
// is offered three cycles after it, and bursts still leave one a cycle.
// TIMING_REGS = 0 (small devices) offers the burst straight from the set-up
// registers, two cycles after the start, with the consumer's ready on the
// set-up logic's paths, and works out run_ends from cur and left directly.
// The window comes from the controller and is fixed while the generator is
// busy. The check needs no adder: a burst ends at the next boundary or, if
// the run ends first, at a byte of the current 2^WB-byte block, so comparing
// block numbers with win_hi and, in the block of win_hi, the offset in the
// block decides it.
//
// Addresses: the engine reaches the 2^ADDR_W bytes from ADDR_BASE, and the
// window lies inside them (the controller clips it), so the generator keeps
// addresses as ADDR_W-bit offsets from ADDR_BASE plus a flag for "outside".
// Addresses and strides arrive as 32-bit values and advance modulo 2^32; an
// offset plus a stride stays inside exactly when the stride's bits above
// ADDR_W are all zeros and the low sum does not carry, or all ones and it
// does (a negative stride). Only in-range run and row starts are ever
// advanced: the first out-of-range one stops the generator. With ADDR_W = 32
// every flag is constant 0 and this is plain 32-bit arithmetic.
module dma_burst_gen #(
  parameter BUS_BYTES = 8,           // bytes per beat: 4, 8 or 16
  parameter RUN_W     = 16,          // bits of a run length
  parameter CNT_W     = 16,          // bits of the inner and outer counts
  parameter BLOCK     = 1,           // 1: strided block, 0: one run
  parameter HELD      = 0,           // 1: block parameters hold still while busy
  parameter TIMING_REGS = 1,         // 0: no run-end register and no output slice (see o_valid)
  parameter ADDR_W    = 32,          // address bits the engine moves
  parameter [31:0] ADDR_BASE = 32'd0 // first byte it reaches, 2^ADDR_W aligned
) (
  input  wire        clk,
  input  wire        rst,
  input  wire        start,          // pulse, parameters valid with it
  input  wire        single,         // one run: counts and strides ignored
  input  wire [31:0] addr,
  input  wire [RUN_W-1:0] run_bytes, // >= 1
  input  wire [CNT_W-1:0] inner_count,   // >= 1
  input  wire [CNT_W-1:0] outer_count,   // >= 1
  input  wire [31:0] inner_stride,
  input  wire [31:0] outer_stride,
  input  wire [AW-1:0] win_lo,       // window, as offsets from ADDR_BASE
  input  wire [AW:0]   win_hi,
  output wire        busy,           // bursts left to offer
  output reg         err,            // window check failed; generation stopped
  output wire        b_valid,
  input  wire        b_ready,
  output wire [31:0] b_addr,         // BUS_BYTES aligned
  output wire [3:0]  b_len,          // beats - 1
  output wire [LW-1:0] b_off,        // first useful byte within the first beat
  output wire [NW-1:0] b_bytes,      // useful bytes, 1..16*BUS_BYTES
  output wire        b_last          // last burst of the block
);
  localparam LW = $clog2(BUS_BYTES);          // byte lane index bits
  localparam WB = LW + 4;                     // burst window: 16 beats
  localparam NW = WB + 1;                     // 1..2^WB useful bytes
  localparam XW = RUN_W + NW + 1;             // run length, zero-extended
  localparam [NW-1:0] WINDOW = {1'b1, {WB{1'b0}}};
  localparam AW = ADDR_W;
  localparam [31:0] BASE_HI = ADDR_BASE >> AW;

  reg              active;                    // bursts left to set up
  reg  [AW-1:0]    cur;                       // next byte to move (offset)
  reg              cur_out;                   // ... lies outside the 2^AW bytes
  reg  [RUN_W-1:0] left;                      // bytes left in the current run

  wire [WB-1:0]    lo      = cur[WB-1:0];     // offset in the current block
  wire [AW-1-WB:0] blk     = cur[AW-1:WB];    // block number
  wire [XW-1:0]    left_x  = {{(NW+1){1'b0}}, left};
  // Offset of the run end in the current block, if the run ends there.
  wire [NW:0]      reach   = {2'b00, lo} + {1'b0, left_x[NW-1:0]};
  // Whether the run ends in the current block is kept in a register, worked
  // out with each new cur and left (below), so the set-up and handshake
  // logic starts from a flip-flop instead of after an adder and a compare.
  reg              run_ends_q;
  // the same question for a run of len bytes from offset o in its block
  function ends_in_block;
    input [WB-1:0]    o;
    input [RUN_W-1:0] len;
    reg   [XW-1:0]    len_x;
    begin
      len_x = {{(NW+1){1'b0}}, len};
      ends_in_block = len_x[XW-1:NW] == 0 &&
                      {2'b00, o} + {1'b0, len_x[NW-1:0]} <= {1'b0, WINDOW};
    end
  endfunction
  wire             run_ends = TIMING_REGS != 0 ? run_ends_q : ends_in_block(lo, left);
  // For the next run of a block the run length is the block's, fixed from
  // start: ends_in_block(o, len) is len <= WINDOW && o <= WINDOW - len, so
  // both sides of that are worked out at start, and the next run's end
  // costs one compare after its address.
  reg              run_fit_q;                 // run_bytes <= WINDOW
  reg  [NW-1:0]    run_lim_q;                 // WINDOW - run_bytes, if it fits
  wire [XW-1:0]    run_bytes_x = {{(NW+1){1'b0}}, run_bytes};
  wire [NW-1:0]    to_boundary = WINDOW - {1'b0, lo};   // 1..2^WB
  // beats after the first, if the run ends in this block: the last byte's
  // beat counted from the first's, which needs only the first byte's lane
  wire [WB:0]      end_beat = {{(WB-LW+1){1'b0}}, lo[LW-1:0]} + left_x[WB:0] - 1'b1;
  wire             last_run;
  wire [AW-1:0]    next_addr;                 // start of the next run
  wire             next_out;
  wire [RUN_W-1:0] run_len;
  wire [AW-WB:0]   blk_inc = {1'b0, blk} + 1'b1;

  // Window: every byte of the burst in [win_lo, win_hi).
  wire             ge_base = cur >= win_lo;
  wire             blk_lt  = {1'b0, blk} < win_hi[AW:WB];
  wire             blk_eq  = {1'b0, blk} == win_hi[AW:WB];
  wire             tail_ok = reach[WB:0] <= {1'b0, win_hi[WB-1:0]};
  wire             in_window = !cur_out && ge_base &&
                               (blk_lt || (run_ends && blk_eq && tail_ok));

  // The burst at cur is set up in the o_ registers, with its window check,
  // and handed from there to the output slice: the set-up logic (the window
  // compares, the run end) ends at registers, and it sees the slice's
  // registered ready, never the consumer's. A burst handed on frees the
  // stage for the next one in the same cycle.
  reg              o_valid, o_ok, o_last;
  reg  [AW-1:LW]   o_addr;
  reg  [3:0]       o_len;
  reg  [LW-1:0]    o_off;
  reg  [NW-1:0]    o_bytes;
  wire             last    = run_ends && last_run;
  wire             s_ready;                   // the slice takes a burst
  wire             take    = o_valid && o_ok && s_ready;
  wire             adv     = active && (!o_valid || take);   // set up the burst at cur
  wire [AW-1:LW]   b_word;

  // a burst outside the window stops in the o_ stage and never enters
  generate
    if (TIMING_REGS != 0) begin : g_slice
      reg_slice #(.W(AW - LW + 4 + LW + NW + 1)) u_out (
        .clk(clk), .rst(rst),
        .s_valid(o_valid && o_ok), .s_ready(s_ready),
        .s_data({o_addr, o_len, o_off, o_bytes, o_last}),
        .m_valid(b_valid), .m_ready(b_ready),
        .m_data({b_word, b_len, b_off, b_bytes, b_last}));
    end else begin : g_direct
      assign s_ready = b_ready;
      assign {b_valid, b_word, b_len, b_off, b_bytes, b_last} =
             {o_valid && o_ok, o_addr, o_len, o_off, o_bytes, o_last};
    end
  endgenerate

  assign busy    = active || o_valid || b_valid;
  assign b_addr  = ADDR_BASE | 32'({b_word, {LW{1'b0}}});

  always @(posedge clk) begin
    if (rst) begin
      active  <= 1'b0;
      o_valid <= 1'b0;
      err     <= 1'b0;
    end else if (start) begin
      active  <= 1'b1;
      o_valid <= 1'b0;
      err     <= 1'b0;
    end else if (o_valid && !o_ok) begin
      active  <= 1'b0;                 // a burst outside the window: stop
      o_valid <= 1'b0;                 // (it holds the stage, so nothing
      err     <= 1'b1;                 // after it was set up)
    end else begin
      if (adv) begin
        o_valid <= 1'b1;
        if (last) active <= 1'b0;
      end else if (take) begin
        o_valid <= 1'b0;
      end
    end
  end

  always @(posedge clk) begin
    if (adv) begin
      o_ok    <= in_window;
      o_last  <= last;
      o_addr  <= cur[AW-1:LW];
      // last beat minus first beat, both counted within the block
      o_len   <= run_ends ? end_beat[WB-1:LW] : ~lo[WB-1:LW];
      o_off   <= cur[LW-1:0];
      o_bytes <= run_ends ? left_x[NW-1:0] : to_boundary;
    end
  end

  // left - to_boundary = left + lo - 2^WB: one adder, not two in a row
  wire [XW-1:0] left_next = left_x + {{(XW-WB){1'b1}}, lo};
  always @(posedge clk) begin
    if (start) begin
      cur      <= addr[AW-1:0];
      cur_out  <= (addr >> AW) != BASE_HI;
      left     <= run_bytes;
      run_ends_q <= ends_in_block(addr[WB-1:0], run_bytes);
      run_fit_q <= run_bytes_x <= XW'(WINDOW);
      run_lim_q <= WINDOW - run_bytes_x[NW-1:0];
    end else if (adv && !run_ends) begin
      cur      <= {blk_inc[AW-WB-1:0], {WB{1'b0}}};
      cur_out  <= blk_inc[AW-WB];
      left     <= left_next[RUN_W-1:0];
      run_ends_q <= ends_in_block({WB{1'b0}}, left_next[RUN_W-1:0]);
    end else if (adv && !last_run) begin
      cur      <= next_addr;
      cur_out  <= next_out;
      left     <= run_len;
      run_ends_q <= run_fit_q && {1'b0, next_addr[WB-1:0]} <= run_lim_q;
    end
  end

  // ---- runs and rows of a block ----------------------------------------------
  generate
    if (BLOCK != 0) begin : g_block
      reg  [AW-1:0]    run_base, row_base;
      reg  [CNT_W-1:0] inner_left, outer_left;
      reg              one_run;
      // the block's fixed parameters: the inputs, or their copies from start
      wire [AW-1:0]    istride, ostride;
      wire             i_zero, i_ones, o_zero, o_ones;   // stride bits above AW
      wire [CNT_W-1:0] inner_total;
      wire [RUN_W-1:0] len;
      wire             i0 = (inner_stride >> AW) == 32'd0;
      wire             i1 = (inner_stride >> AW) == (32'hFFFF_FFFF >> AW);
      wire             o0 = (outer_stride >> AW) == 32'd0;
      wire             o1 = (outer_stride >> AW) == (32'hFFFF_FFFF >> AW);
      if (HELD != 0) begin : g_held
        assign {istride, ostride, i_zero, i_ones, o_zero, o_ones, inner_total, len} =
               {inner_stride[AW-1:0], outer_stride[AW-1:0], i0, i1, o0, o1, inner_count, run_bytes};
      end else begin : g_copy
        reg  [AW-1:0]    istride_q, ostride_q;
        reg  [3:0]       flags_q;
        reg  [CNT_W-1:0] inner_total_q;
        reg  [RUN_W-1:0] len_q;
        always @(posedge clk)
          if (start) begin
            istride_q     <= inner_stride[AW-1:0];
            ostride_q     <= outer_stride[AW-1:0];
            flags_q       <= {i0, i1, o0, o1};
            inner_total_q <= inner_count;
            len_q         <= run_bytes;
          end
        assign {istride, ostride, i_zero, i_ones, o_zero, o_ones, inner_total, len} =
               {istride_q, ostride_q, flags_q, inner_total_q, len_q};
      end
      localparam [CNT_W-1:0] ONE = 1;
      localparam [CNT_W-1:0] TWO = 2;
      // inner_left == 1 and outer_left == 1, registered beside the counters
      // (and inner_count == 1 for the reloads), so the next run's address
      // and run end start from flip-flops rather than from 16-bit compares;
      // TIMING_REGS = 0 compares the counters instead
      reg              inner_one, outer_one, total_one;
      wire             in_last  = TIMING_REGS != 0 ? inner_one : inner_left == ONE;
      wire             out_last = TIMING_REGS != 0 ? outer_one : outer_left == ONE;
      wire             more_inner = !in_last;
      wire [AW:0]      next_run   = {1'b0, run_base} + {1'b0, istride};
      wire [AW:0]      next_row   = {1'b0, row_base} + {1'b0, ostride};
      wire             run_out    = !((i_zero && !next_run[AW]) || (i_ones && next_run[AW]));
      wire             row_out    = !((o_zero && !next_row[AW]) || (o_ones && next_row[AW]));

      assign last_run  = one_run || (in_last && out_last);
      assign next_addr = more_inner ? next_run[AW-1:0] : next_row[AW-1:0];
      assign next_out  = more_inner ? run_out : row_out;
      assign run_len   = len;

      always @(posedge clk) begin
        if (start) begin
          one_run     <= single;
          run_base    <= addr[AW-1:0];
          row_base    <= addr[AW-1:0];
          inner_left  <= inner_count;
          outer_left  <= outer_count;
          inner_one   <= inner_count == ONE;
          outer_one   <= outer_count == ONE;
          total_one   <= inner_count == ONE;
        end else if (adv && run_ends && !last_run) begin
          if (more_inner) begin
            run_base   <= next_run[AW-1:0];
            inner_left <= inner_left - ONE;
            inner_one  <= inner_left == TWO;
          end else begin
            run_base   <= next_row[AW-1:0];
            row_base   <= next_row[AW-1:0];
            inner_left <= inner_total;
            inner_one  <= total_one;
            outer_left <= outer_left - ONE;
            outer_one  <= outer_left == TWO;
          end
        end
      end
    end else begin : g_run
      assign last_run  = 1'b1;
      assign next_addr = {AW{1'b0}};
      assign next_out  = 1'b0;
      assign run_len   = {RUN_W{1'b0}};
      wire unused_ok = &{1'b0, single, inner_count, outer_count, inner_stride, outer_stride};
    end
  endgenerate

  wire unused_ok = &{1'b0, reach[NW], end_beat[WB], end_beat[LW-1:0], left_next[XW-1:RUN_W]};
endmodule
