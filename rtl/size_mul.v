// Saturating product a * b of two sizes, computed in W bits: p is exact
// when the product is below 2^W and all ones (at least 2^W) when it is
// not, so a comparison with any limit below 2^W gives the same answer as
// the full product would. A saturated p fed back in as a saturates again,
// so chained products saturate like one long product. A zero operand is
// not special: a saturated one times 0 reads as saturated (the controller
// rejects zero sizes before any product counts), which keeps the zero
// tests, and the operand flip-flops they would read, out of logic.
// The product is registered (p follows its operands by one cycle), so the
// multiplier, a DSP block on FPGAs, has no logic behind it on the path.
// Operands narrower than W + 1 bits are exact; one of W + 1 bits may be a
// saturated value (any with bit W set), as p is.
// ECP5_DSP = 1 (ECP5 builds, W <= 17) makes the product register the DSP
// block's own (rtl/mul18_ecp5.v), so the route out of the block starts
// from a register instead of ending a path that crossed the block too.
module size_mul #(
  parameter W  = 16,                  // bits of an exact product
  parameter AW = 16,                  // bits of a
  parameter BW = 16,                  // bits of b
  parameter ECP5_DSP = 0
) (
  input  wire          clk,
  input  wire [AW-1:0] a,
  input  wire [BW-1:0] b,
  output wire [W:0]    p
);
  // operands widened to one bit above the widest of a, b and W, so 2^W fits
  localparam XW = ((AW > BW ? AW : BW) > W ? (AW > BW ? AW : BW) : W) + 1;
  wire [XW-1:0] ax = XW'(a), bx = XW'(b);
  // an operand of 2^W or more makes the product too big (or 0, see above)
  reg            op_big;
  wire [2*W-1:0] full;
  always @(posedge clk)
    op_big <= ax >= (XW'(1) << W) || bx >= (XW'(1) << W);
  generate
    if (ECP5_DSP != 0 && W <= 17) begin : g_ecp5
      mul18_ecp5 #(.A_W(W), .B_W(W)) u_mult (.clk(clk), .a(ax[W-1:0]), .b(bx[W-1:0]), .p(full));
    end else begin : g_infer
      reg [2*W-1:0] full_q;
      always @(posedge clk) full_q <= ax[W-1:0] * bx[W-1:0];
      assign full = full_q;
    end
  endgenerate
  wire big = op_big || full[2*W-1:W] != {W{1'b0}};

  assign p = big ? {(W+1){1'b1}} : {1'b0, full[W-1:0]};
endmodule
