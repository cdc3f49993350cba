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
// fetch) and ignores the counts and strides.
//
// Before a burst is offered it is checked against the memory window
// [win_base, win_end); a burst that leaves it is never offered: the
// generator stops and raises err until the next start. The window comes from
// the controller and is fixed while the generator is busy. The check needs
// no adder: a burst ends at the next boundary or, if the run ends first, at
// a byte of the current 2^WB-byte block, so comparing block numbers with
// win_end and, in the block of win_end, the offset in the block decides it.
module dma_burst_gen #(
  parameter BUS_BYTES = 8,           // bytes per beat: 4, 8 or 16
  parameter RUN_W     = 16,          // bits of a run length
  parameter BLOCK     = 1            // 1: strided block, 0: one run
) (
  input  wire        clk,
  input  wire        rst,
  input  wire        start,          // pulse, parameters valid with it
  input  wire [31:0] addr,
  input  wire [RUN_W-1:0] run_bytes, // >= 1
  input  wire [15:0] inner_count,    // >= 1
  input  wire [15:0] outer_count,    // >= 1
  input  wire [31:0] inner_stride,
  input  wire [31:0] outer_stride,
  input  wire [31:0] win_base,
  input  wire [32:0] win_end,        // win_base + win_size
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

  reg              active;
  reg  [31:0]      cur;                       // next byte to move
  reg  [RUN_W-1:0] left;                      // bytes left in the current run

  wire [WB-1:0]    lo      = cur[WB-1:0];     // offset in the current block
  wire [31-WB:0]   blk     = cur[31:WB];      // block number
  wire [XW-1:0]    left_x  = {{(NW+1){1'b0}}, left};
  // Offset of the run end in the current block, if the run ends there.
  wire [NW:0]      reach   = {2'b00, lo} + {1'b0, left_x[NW-1:0]};
  wire             run_ends = (left_x[XW-1:NW] == 0) && (reach <= {1'b0, WINDOW});
  wire [NW-1:0]    to_boundary = WINDOW - {1'b0, lo};   // 1..2^WB
  wire [NW:0]      reach_m1 = reach - 1'b1;
  wire             last_run;
  wire [31:0]      next_addr;                 // start of the next run
  wire [RUN_W-1:0] run_len;

  // Window: every byte of the burst in [win_base, win_end).
  wire             ge_base = cur >= win_base;
  wire             blk_lt  = {1'b0, blk} < win_end[32:WB];
  wire             blk_eq  = {1'b0, blk} == win_end[32:WB];
  wire             tail_ok = reach[WB:0] <= {1'b0, win_end[WB-1:0]};
  wire             in_window = ge_base && (blk_lt || (run_ends && blk_eq && tail_ok));
  wire             take    = b_valid && b_ready;

  assign busy    = active;
  assign b_valid = active && in_window;
  assign b_addr  = {cur[31:LW], {LW{1'b0}}};
  // last beat minus first beat, both counted within the block
  assign b_len   = (run_ends ? reach_m1[WB-1:LW] : 4'hF) - lo[WB-1:LW];
  assign b_off   = cur[LW-1:0];
  assign b_bytes = run_ends ? left_x[NW-1:0] : to_boundary;
  assign b_last  = run_ends && last_run;

  always @(posedge clk) begin
    if (rst) begin
      active <= 1'b0;
      err    <= 1'b0;
    end else if (start) begin
      active <= 1'b1;
      err    <= 1'b0;
    end else if (active && !in_window) begin
      active <= 1'b0;
      err    <= 1'b1;
    end else if (take && b_last) begin
      active <= 1'b0;
    end
  end

  wire [XW-1:0] left_next = left_x - {{(XW-NW){1'b0}}, to_boundary};
  always @(posedge clk) begin
    if (start) begin
      cur  <= addr;
      left <= run_bytes;
    end else if (take && !run_ends) begin
      cur  <= {blk + 1'b1, {WB{1'b0}}};
      left <= left_next[RUN_W-1:0];
    end else if (take && !last_run) begin
      cur  <= next_addr;
      left <= run_len;
    end
  end

  // ---- runs and rows of a block ----------------------------------------------
  generate
    if (BLOCK != 0) begin : g_block
      reg  [31:0]      run_base, row_base, istride, ostride;
      reg  [15:0]      inner_left, outer_left, inner_total;
      reg  [RUN_W-1:0] len;
      wire             more_inner = inner_left != 16'd1;
      wire [31:0]      next_run   = run_base + istride;
      wire [31:0]      next_row   = row_base + ostride;

      assign last_run  = !more_inner && outer_left == 16'd1;
      assign next_addr = more_inner ? next_run : next_row;
      assign run_len   = len;

      always @(posedge clk) begin
        if (start) begin
          run_base    <= addr;
          row_base    <= addr;
          inner_left  <= inner_count;
          outer_left  <= outer_count;
          inner_total <= inner_count;
          len         <= run_bytes;
          istride     <= inner_stride;
          ostride     <= outer_stride;
        end else if (take && run_ends && !last_run) begin
          if (more_inner) begin
            run_base   <= next_run;
            inner_left <= inner_left - 16'd1;
          end else begin
            run_base   <= next_row;
            row_base   <= next_row;
            inner_left <= inner_total;
            outer_left <= outer_left - 16'd1;
          end
        end
      end
    end else begin : g_run
      assign last_run  = 1'b1;
      assign next_addr = 32'd0;
      assign run_len   = {RUN_W{1'b0}};
      wire unused_ok = &{1'b0, inner_count, outer_count, inner_stride, outer_stride};
    end
  endgenerate

  wire unused_ok = &{1'b0, reach[NW], reach_m1[NW:WB], reach_m1[LW-1:0], left_next[XW-1:RUN_W]};
endmodule
