// A registered product in one ECP5 MULT18X18D block, with the registers
// inside the block: p = a * b one cycle after its operands, as
// `always @(posedge clk) p <= a * b`, or with IN_REG = 1 two cycles after,
// the operands registered in the block's input registers first. Operands
// are A_W and B_W bits (at most 17), unsigned or, with SIGNED = 1, signed;
// p has A_W + B_W bits. Both operands are registered or neither: nextpnr
// times a block's inputs as register inputs only when both A and B are,
// and otherwise as paths through the multiplier (3.5 ns of set-up).
// Yosys maps a product to a MULT18X18D without its registers, so the
// registers a design puts around it sit in logic, a routed hop from the
// block; here the block's own registers end the paths, and only the
// routes into and out of the block are left on them. ECP5 builds only:
// the block is a vendor primitive (sim/gate/ecp5_cells.v models it for
// simulation).
module mul18_ecp5 #(
    parameter A_W    = 16,
    parameter B_W    = 16,
    parameter SIGNED = 0,
    parameter IN_REG = 0
) (
    input  wire               clk,
    input  wire [A_W-1:0]     a,
    input  wire [B_W-1:0]     b,
    output wire [A_W+B_W-1:0] p
);
    localparam IN_CLK = IN_REG != 0 ? "CLK0" : "NONE";
    localparam [0:0] SGN = SIGNED != 0;
    // operands widened to the block's 18 bits
    wire [17:0] a18 = {{(18 - A_W){SGN & a[A_W-1]}}, a};
    wire [17:0] b18 = {{(18 - B_W){SGN & b[B_W-1]}}, b};
    wire [35:0] prod;
    // Only the ports in use are connected, as Yosys's own mapping does: the
    // cascade inputs (SRIA, SRIB) have no general routing, and the placer
    // ties what is left open.
    /* verilator lint_off PINMISSING */
    MULT18X18D #(
        .REG_INPUTA_CLK(IN_CLK), .REG_INPUTA_CE("CE0"), .REG_INPUTA_RST("RST0"),
        .REG_INPUTB_CLK(IN_CLK), .REG_INPUTB_CE("CE0"), .REG_INPUTB_RST("RST0"),
        .REG_INPUTC_CLK("NONE"),
        .REG_PIPELINE_CLK("NONE"),
        .REG_OUTPUT_CLK("CLK0"), .REG_OUTPUT_CE("CE0"), .REG_OUTPUT_RST("RST0"),
        .GSR("DISABLED"), .RESETMODE("SYNC")
    ) u_mult (
        .A17(a18[17]), .A16(a18[16]), .A15(a18[15]), .A14(a18[14]), .A13(a18[13]), .A12(a18[12]),
        .A11(a18[11]), .A10(a18[10]), .A9(a18[9]), .A8(a18[8]), .A7(a18[7]), .A6(a18[6]),
        .A5(a18[5]), .A4(a18[4]), .A3(a18[3]), .A2(a18[2]), .A1(a18[1]), .A0(a18[0]),
        .B17(b18[17]), .B16(b18[16]), .B15(b18[15]), .B14(b18[14]), .B13(b18[13]), .B12(b18[12]),
        .B11(b18[11]), .B10(b18[10]), .B9(b18[9]), .B8(b18[8]), .B7(b18[7]), .B6(b18[6]),
        .B5(b18[5]), .B4(b18[4]), .B3(b18[3]), .B2(b18[2]), .B1(b18[1]), .B0(b18[0]),
        .C17(1'b0), .C16(1'b0), .C15(1'b0), .C14(1'b0), .C13(1'b0), .C12(1'b0),
        .C11(1'b0), .C10(1'b0), .C9(1'b0), .C8(1'b0), .C7(1'b0), .C6(1'b0),
        .C5(1'b0), .C4(1'b0), .C3(1'b0), .C2(1'b0), .C1(1'b0), .C0(1'b0),
        .SIGNEDA(SGN), .SIGNEDB(SGN), .SOURCEA(1'b0), .SOURCEB(1'b0),
        .CLK0(clk), .CE0(1'b1), .RST0(1'b0),
        .P35(prod[35]), .P34(prod[34]), .P33(prod[33]), .P32(prod[32]), .P31(prod[31]),
        .P30(prod[30]), .P29(prod[29]), .P28(prod[28]), .P27(prod[27]), .P26(prod[26]),
        .P25(prod[25]), .P24(prod[24]), .P23(prod[23]), .P22(prod[22]), .P21(prod[21]),
        .P20(prod[20]), .P19(prod[19]), .P18(prod[18]), .P17(prod[17]), .P16(prod[16]),
        .P15(prod[15]), .P14(prod[14]), .P13(prod[13]), .P12(prod[12]), .P11(prod[11]),
        .P10(prod[10]), .P9(prod[9]), .P8(prod[8]), .P7(prod[7]), .P6(prod[6]),
        .P5(prod[5]), .P4(prod[4]), .P3(prod[3]), .P2(prod[2]), .P1(prod[1]),
        .P0(prod[0])
    );
    /* verilator lint_on PINMISSING */
    assign p = prod[A_W+B_W-1:0];
    wire unused_ok = &{1'b0, prod};          // the product fits A_W + B_W bits
endmodule
