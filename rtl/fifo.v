// Small synchronous FIFO in registers. Used for the per-burst bookkeeping of
// the DMA engines, where DEPTH is the number of bursts in flight (a handful).
// Push while full and pop while empty are ignored; the user checks the flags.
module fifo #(
  parameter WIDTH = 8,
  parameter DEPTH = 4                 // any value >= 2
) (
  input  wire             clk,
  input  wire             rst,
  input  wire             push,
  input  wire [WIDTH-1:0] din,
  input  wire             pop,
  output wire [WIDTH-1:0] dout,       // head entry, valid while !empty
  output wire             empty,
  output wire             full
);
  localparam AW = $clog2(DEPTH);
  localparam [31:0]   DEPTH_32   = DEPTH;
  localparam [AW:0]   FULL_COUNT = DEPTH_32[AW:0];
  localparam [31:0]   LAST_INDEX = DEPTH - 1;
  localparam [AW-1:0] LAST_SLOT  = LAST_INDEX[AW-1:0];

  reg [WIDTH-1:0] mem [0:DEPTH-1];
  reg [AW-1:0]    rd_ptr, wr_ptr;
  reg [AW:0]      count;

  wire do_push = push && !full;
  wire do_pop  = pop && !empty;

  assign dout  = mem[rd_ptr];
  assign empty = (count == 0);
  assign full  = (count == FULL_COUNT);

  function [AW-1:0] next_ptr(input [AW-1:0] p);
    next_ptr = (p == LAST_SLOT) ? {AW{1'b0}} : p + 1'b1;
  endfunction

  always @(posedge clk) begin
    if (do_push) mem[wr_ptr] <= din;
  end

  always @(posedge clk) begin
    if (rst) begin
      rd_ptr <= 0;
      wr_ptr <= 0;
      count  <= 0;
    end else begin
      if (do_push) wr_ptr <= next_ptr(wr_ptr);
      if (do_pop)  rd_ptr <= next_ptr(rd_ptr);
      count <= count + {{AW{1'b0}}, do_push} - {{AW{1'b0}}, do_pop};
    end
  end
endmodule
