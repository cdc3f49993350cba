// An unsigned 16 x 16 product, registered: p = a * b one cycle after its
// operands, as `always @(posedge clk) p <= a * b`, but built on an ECP5
// MULT18X18D block with the register inside the block (REG_OUTPUT_CLK).
// Yosys maps a product to a MULT18X18D without its registers, so the
// register a design puts after it sits in logic, one routed hop away from
// the block; here the block's own output register ends the path, and only
// the route into the block is left on it. ECP5 builds only: the block is
// a vendor primitive (sim/gate/ecp5_cells.v models it for simulation).
module mul16_ecp5 (
    input  wire        clk,
    input  wire [15:0] a,
    input  wire [15:0] b,
    output wire [31:0] p
);
    wire [35:0] prod;
    // Only the ports in use are connected, as Yosys's own mapping does: the
    // cascade inputs (SRIA, SRIB) have no general routing, and the placer
    // ties what is left open.
    /* verilator lint_off PINMISSING */
    MULT18X18D #(
        .REG_INPUTA_CLK("NONE"), .REG_INPUTB_CLK("NONE"), .REG_INPUTC_CLK("NONE"),
        .REG_PIPELINE_CLK("NONE"),
        .REG_OUTPUT_CLK("CLK0"), .REG_OUTPUT_CE("CE0"), .REG_OUTPUT_RST("RST0"),
        .GSR("DISABLED"), .RESETMODE("SYNC")
    ) u_mult (
        .A17(1'b0), .A16(1'b0), .A15(a[15]), .A14(a[14]), .A13(a[13]), .A12(a[12]),
        .A11(a[11]), .A10(a[10]), .A9(a[9]), .A8(a[8]), .A7(a[7]), .A6(a[6]),
        .A5(a[5]), .A4(a[4]), .A3(a[3]), .A2(a[2]), .A1(a[1]), .A0(a[0]),
        .B17(1'b0), .B16(1'b0), .B15(b[15]), .B14(b[14]), .B13(b[13]), .B12(b[12]),
        .B11(b[11]), .B10(b[10]), .B9(b[9]), .B8(b[8]), .B7(b[7]), .B6(b[6]),
        .B5(b[5]), .B4(b[4]), .B3(b[3]), .B2(b[2]), .B1(b[1]), .B0(b[0]),
        .C17(1'b0), .C16(1'b0), .C15(1'b0), .C14(1'b0), .C13(1'b0), .C12(1'b0),
        .C11(1'b0), .C10(1'b0), .C9(1'b0), .C8(1'b0), .C7(1'b0), .C6(1'b0),
        .C5(1'b0), .C4(1'b0), .C3(1'b0), .C2(1'b0), .C1(1'b0), .C0(1'b0),
        .SIGNEDA(1'b0), .SIGNEDB(1'b0), .SOURCEA(1'b0), .SOURCEB(1'b0),
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
    assign p = prod[31:0];
    wire unused_ok = &{1'b0, prod[35:32]};   // a 16 x 16 product fits 32 bits
endmodule
