// A registered unsigned product, p = a * b one cycle after its operands.
// A module of its own so that a board's synthesis settings can name the
// multiplier (DSP_SELECT in boards/*/board.cfg) and put it in a DSP block.
// ECP5_DSP = 1 (ECP5 builds, W <= 17) uses the block's own product register
// (rtl/mul18_ecp5.v).
module mul_reg #(
    parameter W = 16,
    parameter ECP5_DSP = 0
) (
    input  wire         clk,
    input  wire [W-1:0] a,
    input  wire [W-1:0] b,
    output wire [W-1:0] p          // the low W bits of the product
);
    generate
        if (ECP5_DSP != 0 && W <= 17) begin : g_ecp5
            wire [2*W-1:0] full;
            mul18_ecp5 #(.A_W(W), .B_W(W)) u_mult (.clk(clk), .a(a), .b(b), .p(full));
            assign p = full[W-1:0];
            wire unused_ok = &{1'b0, full[2*W-1:W]};
        end else begin : g_infer
            reg [W-1:0] p_q;
            always @(posedge clk) p_q <= a * b;
            assign p = p_q;
        end
    endgenerate
endmodule
