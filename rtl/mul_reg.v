// A registered unsigned product, p = a * b one cycle after its operands.
// A module of its own so that a board's synthesis settings can name the
// multiplier (DSP_SELECT in boards/*/board.cfg) and put it in a DSP block.
module mul_reg #(
    parameter W = 16
) (
    input  wire         clk,
    input  wire [W-1:0] a,
    input  wire [W-1:0] b,
    output reg  [W-1:0] p          // the low W bits of the product
);
    always @(posedge clk) p <= a * b;
endmodule
