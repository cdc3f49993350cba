// Splits a strided block transfer into memory bursts.
//
// The block is OUTER_COUNT rows of INNER_COUNT runs of RUN_BYTES bytes; run
// (o, i) starts at ADDR + o*OUTER_STRIDE + i*INNER_STRIDE. Each burst covers
// one piece of one run: it starts at the current byte, ends at the run end or
// the next 128-byte boundary, whichever comes first, so it never crosses a
// 128-byte boundary and is at most 16 beats of 8 bytes. The burst is
// described by its aligned beat address, beat count, the byte offset of its
// first useful byte and its useful byte count.
//
// Before a burst is offered it is checked against the memory window
// [win_base, win_base + win_size); a burst that leaves it is never offered:
// the generator stops and raises err until the next start.
module dma_burst_gen (
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
  output wire [31:0] b_addr,         // 8-byte aligned
  output wire [3:0]  b_len,          // beats - 1
  output wire [2:0]  b_off,          // first useful byte within the first beat
  output wire [7:0]  b_bytes,        // useful bytes, 1..128
  output wire        b_last          // last burst of the block
);
  reg        active;
  reg [31:0] cur, run_left, run_base, row_base;
  reg [15:0] inner_left, outer_left;
  reg [31:0] run_len, istride, ostride;
  reg [15:0] inner_total;
  reg [31:0] wbase, wsize;

  // Bytes up to the next 128-byte boundary: 1..128.
  wire [7:0]  to_boundary = 8'd128 - {1'b0, cur[6:0]};
  wire        run_ends    = (run_left <= {24'd0, to_boundary});
  wire [7:0]  nbytes      = run_ends ? run_left[7:0] : to_boundary;
  wire [8:0]  span        = {6'd0, cur[2:0]} + {1'b0, nbytes} + 9'd7;   // beats * 8 + 0..7
  wire        last_run    = (inner_left == 16'd1) && (outer_left == 16'd1);

  wire [32:0] burst_end   = {1'b0, cur} + {25'd0, nbytes};
  wire [32:0] win_end     = {1'b0, wbase} + {1'b0, wsize};
  wire        in_window   = (cur >= wbase) && (burst_end <= win_end);

  assign busy    = active;
  assign b_valid = active && in_window;
  assign b_addr  = {cur[31:3], 3'b000};
  assign b_len   = span[6:3] - 4'd1;    // span/8 is 1..16
  assign b_off   = cur[2:0];
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
        cur      <= cur + {24'd0, nbytes};
        run_left <= run_left - {24'd0, nbytes};
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
  wire unused_ok = &{1'b0, span[8:7], span[2:0]};
endmodule
