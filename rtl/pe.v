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
module pe (
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
    output reg  signed [31:0] psum_out,
    output reg                wtok_out,
    output reg                wbank_out
);
    reg signed [7:0]  w0, w1;
    reg signed [7:0]  w_mul;
    reg signed [15:0] prod;
    // 16-bit operands: the low 16 bits of the product are the exact int8 product
    wire signed [15:0] x_ext = {{8{x_out[7]}}, x_out};
    wire signed [15:0] w_ext = {{8{w_mul[7]}}, w_mul};

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
        w_mul <= sel_in ? w1 : w0;
        prod <= x_ext * w_ext;
        psum_out <= psum_in + {{16{prod[15]}}, prod};
    end
endmodule
