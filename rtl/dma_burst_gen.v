// Splits a strided block transfer into memory bursts.
//
// The block is OUTER_COUNT rows of INNER_COUNT runs of RUN_BYTES bytes; run
// (o, i) starts at ADDR + o*OUTER_STRIDE + i*INNER_STRIDE. Each burst covers
// one piece of one run: it starts at the current byte, ends at the run end or
// the next burst-window boundary (16 beats = 16*BUS_BYTES bytes: 64, 128 or
// 256), whichever comes first, so it never crosses that boundary and is at
// most 16 beats. The burst is described by its aligned beat address, beat
// count, the byte offset of its first useful byte and its useful byte count.
//
// Before a burst is offered it is checked against the memory window
// [win_base, win_base + win_size); a burst that leaves it is never offered:
// the generator stops and raises err until the next start.
module dma_burst_gen #(
  parameter BUS_BYTES = 8            // bytes per beat: 4, 8 or 16
) (
  input  wire        clk,
  input  wire        rst,
  input  wire        start,          // pulse, parameters valid with it
  input  wire [31:0] addr,
  input  wire [31:0] run_bytes,      // >= 1
  input  wire [15:0] inner_count,    // >= 1
  input  wire [15:0] outer_count,    // >= 1
  input  wire [31:0] inner_stride,
  input  wire [31:0] outer_stride,
  input  wire [31:0] win_base,
  input  wire [31:0] win_size,
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
  reg        active;
  reg [31:0] cur, run_left, run_base, row_base;
  reg [15:0] inner_left, outer_left;
  reg [31:0] run_len, istride, ostride;
  reg [15:0] inner_total;
  reg [31:0] wbase, wsize;

  localparam [NW-1:0] WINDOW = {1'b1, {WB{1'b0}}};
  localparam [31:0]   LANE_32  = BUS_BYTES - 1;
  localparam [NW:0]   LANE_MAX = LANE_32[NW:0];

  // Bytes up to the next window boundary: 1..2^WB.
  wire [NW-1:0] to_boundary = WINDOW - {1'b0, cur[WB-1:0]};
  wire          run_ends    = (run_left <= {{(32-NW){1'b0}}, to_boundary});
  wire [NW-1:0] nbytes      = run_ends ? run_left[NW-1:0] : to_boundary;
  // beats * BUS_BYTES + 0..BUS_BYTES-1
  wire [NW:0]   span        = {{(NW+1-LW){1'b0}}, cur[LW-1:0]} + {1'b0, nbytes} + LANE_MAX;
  wire          last_run    = (inner_left == 16'd1) && (outer_left == 16'd1);

  wire [32:0] burst_end   = {1'b0, cur} + {{(33-NW){1'b0}}, nbytes};
  wire [32:0] win_end     = {1'b0, wbase} + {1'b0, wsize};
  wire        in_window   = (cur >= wbase) && (burst_end <= win_end);

  assign busy    = active;
  assign b_valid = active && in_window;
  assign b_addr  = {cur[31:LW], {LW{1'b0}}};
  assign b_len   = span[WB-1:LW] - 4'd1;   // span/BUS_BYTES is 1..16
  assign b_off   = cur[LW-1:0];
  assign b_bytes = nbytes;
  assign b_last  = run_ends && last_run;

  wire [31:0] next_run  = run_base + istride;
  wire [31:0] next_row  = row_base + ostride;

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
    end else if (b_valid && b_ready && b_last) begin
      active <= 1'b0;
    end
  end

  always @(posedge clk) begin
    if (start) begin
      cur         <= addr;
      run_left    <= run_bytes;
      run_base    <= addr;
      row_base    <= addr;
      inner_left  <= inner_count;
      outer_left  <= outer_count;
      run_len     <= run_bytes;
      inner_total <= inner_count;
      istride     <= inner_stride;
      ostride     <= outer_stride;
      wbase       <= win_base;
      wsize       <= win_size;
    end else if (b_valid && b_ready) begin
      if (!run_ends) begin
        cur      <= cur + {{(32-NW){1'b0}}, nbytes};
        run_left <= run_left - {{(32-NW){1'b0}}, nbytes};
      end else if (inner_left != 16'd1) begin
        cur        <= next_run;
        run_base   <= next_run;
        run_left   <= run_len;
        inner_left <= inner_left - 16'd1;
      end else if (outer_left != 16'd1) begin
        cur        <= next_row;
        run_base   <= next_row;
        row_base   <= next_row;
        run_left   <= run_len;
        inner_left <= inner_total;
        outer_left <= outer_left - 16'd1;
      end
    end
  end
  wire unused_ok = &{1'b0, span[NW:WB], span[LW-1:0]};
endmodule
