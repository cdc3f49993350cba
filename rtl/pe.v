// One processing element of the weight-stationary array.
//
// Two weight registers: the one selected by sel_in (which travels with the
// activation) multiplies, the other is the shadow that the next chunk's
// weight is written into. A write happens in the cycle the load token
// passes through this PE; the token then moves one row down.
// The multiplier has registers on both sides: its operands are the
// activation as passed on to the right (x_out) and a copy of the selected
// weight (w_mul), and its product is registered before it is added to the
// partial sum from above. So neither the weight select nor the adder
// shares a path with the multiplier, which on FPGAs is a DSP block that
// may sit far from the PE's logic.
//
// In the first row (FIRST = 1) there is no partial sum to add: the sum out
// is the product itself, and the register stage it would take comes before
// the multiplier (a second copy of each operand) instead of after it. The
// product then leaves the same cycle, and every register sits on a
// multiplier port, where a DSP block can hold it.
//
// ECP5_DSP = 1 (ECP5 builds) makes that so: the product is a MULT18X18D
// block whose input registers hold the operands (copies of the ones in
// logic, which x_out still passes on) and whose output register is prod
// (rtl/mul18_ecp5.v). Same cycles and bits. With DSP_IN_REG = 0 the block
// multiplies the operand registers in logic instead: for a PE whose x_in
// comes straight from a block RAM, whose slow clock-to-output leaves no
// time for the route to a DSP block.
module pe #(
    parameter FIRST = 0,                  // 1: first row, psum_in is ignored
    parameter ECP5_DSP = 0,
    parameter DSP_IN_REG = 1
) (
    input  wire               clk,
    input  wire               rst,
    input  wire signed [7:0]  x_in,       // activation from the left
    input  wire               sel_in,     // weight register this activation uses
    input  wire signed [31:0] psum_in,    // partial sum from above
    input  wire               wtok_in,    // weight load token from above
    input  wire               wbank_in,   // register the token writes
    input  wire signed [7:0]  wdata,      // weight byte of this column
    output reg  signed [7:0]  x_out,
    output reg                sel_out,
    output wire signed [31:0] psum_out,
    output reg                wtok_out,
    output reg                wbank_out
);
    reg signed [7:0]  w0, w1;
    reg signed [7:0]  w_mul;
    wire signed [7:0] w_sel = sel_in ? w1 : w0;
    wire signed [15:0] prod;
    // multiplier operands: x_out and w_mul, or in the first row copies of
    // them; x_next and w_next are what those registers take next
    wire signed [7:0] x_op, w_op, x_next, w_next;

    always @(posedge clk) begin
        if (rst) begin
            w0 <= 8'sd0;
            w1 <= 8'sd0;
            wtok_out <= 1'b0;
            wbank_out <= 1'b0;
        end else begin
            if (wtok_in && !wbank_in) w0 <= wdata;
            if (wtok_in && wbank_in)  w1 <= wdata;
            wtok_out <= wtok_in;
            wbank_out <= wbank_in;
        end
    end

    // Data path registers: meaning is carried by the valid bits outside the
    // array, so they need no reset.
    always @(posedge clk) begin
        x_out <= x_in;
        sel_out <= sel_in;
        w_mul <= w_sel;
    end

    generate
        if (ECP5_DSP != 0) begin : g_dsp
            if (DSP_IN_REG != 0) begin : g_in
                mul18_ecp5 #(.A_W(8), .B_W(8), .SIGNED(1), .IN_REG(1)) u_mul (
                    .clk(clk), .a(x_next), .b(w_next), .p(prod));
                wire unused_ok = &{1'b0, x_op, w_op};
            end else begin : g_out
                mul18_ecp5 #(.A_W(8), .B_W(8), .SIGNED(1), .IN_REG(0)) u_mul (
                    .clk(clk), .a(x_op), .b(w_op), .p(prod));
                wire unused_ok = &{1'b0, x_next, w_next};
            end
        end else begin : g_logic
            // 16-bit operands: the low 16 bits of the product are the exact int8 product
            wire signed [15:0] x_ext = {{8{x_op[7]}}, x_op};
            wire signed [15:0] w_ext = {{8{w_op[7]}}, w_op};
            reg  signed [15:0] p;
            always @(posedge clk) p <= x_ext * w_ext;
            assign prod = p;
            wire unused_ok = &{1'b0, x_next, w_next};
        end
    endgenerate

    generate
        if (FIRST != 0) begin : g_first
            reg signed [7:0] x_d, w_d;
            always @(posedge clk) begin
                x_d <= x_out;
                w_d <= w_mul;
            end
            assign x_op = x_d;
            assign w_op = w_d;
            assign x_next = x_out;
            assign w_next = w_mul;
            assign psum_out = {{16{prod[15]}}, prod};
            wire unused_ok = &{1'b0, psum_in};
        end else begin : g_add
            reg signed [31:0] psum;
            always @(posedge clk) psum <= psum_in + {{16{prod[15]}}, prod};
            assign x_op = x_out;
            assign w_op = w_mul;
            assign x_next = x_in;
            assign w_next = w_sel;
            assign psum_out = psum;
        end
    endgenerate
endmodule
