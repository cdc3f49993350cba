// Pipelined int8 requantization, bit-exact with host/ref (TFLite int8):
//   a0 = acc + bias                     (int32, wraps)
//   a  = shift > 0 ? a0 << shift : a0   (wraps)
//   t  = (a * mult + 2^30) >>> 31       (saturates the one overflow case,
//                                        a == mult == INT32_MIN)
//   e  = max(-shift, 0);  r = round-half-away(t / 2^e)
//   y  = clamp(r + zp_out, act_min, act_max)
// Every parameter is sampled with its input and travels down the pipeline,
// so back-to-back inputs may use different parameters. Latency: 6 cycles
// from in_valid to out_valid. out_scaled is r (before the zero point).
module requant #(
    parameter TAG_W = 1
) (
    input  wire             clk,
    input  wire             rst,
    input  wire             in_valid,
    input  wire [31:0]      in_acc,
    input  wire [TAG_W-1:0] in_tag,
    input  wire [31:0]      bias,
    input  wire [31:0]      mult,
    input  wire [31:0]      shift,      // -31 .. 31; > 0 shifts left
    input  wire [7:0]       zp_out,
    input  wire [7:0]       act_min,
    input  wire [7:0]       act_max,
    output wire             out_valid,
    output reg  [7:0]       out_y,
    output reg  [31:0]      out_scaled,
    output wire [TAG_W-1:0] out_tag
);
    // Valid bits (reset) and the tag travel alongside the arithmetic.
    reg [5:0] vld;
    always @(posedge clk)
        if (rst) vld <= 6'd0;
        else     vld <= {vld[4:0], in_valid};
    assign out_valid = vld[5];

    // Tag and output-stage parameters ride along, updated only with valid
    // data so idle cycles leave the pipeline untouched.
    reg [TAG_W-1:0] tag_1, tag_2, tag_3, tag_4, tag_5, tag_6;
    reg [23:0]      zmm_1, zmm_2, zmm_3, zmm_4, zmm;
    always @(posedge clk) begin
        if (in_valid) begin tag_1 <= in_tag; zmm_1 <= {zp_out, act_min, act_max}; end
        if (vld[0]) begin tag_2 <= tag_1; zmm_2 <= zmm_1; end
        if (vld[1]) begin tag_3 <= tag_2; zmm_3 <= zmm_2; end
        if (vld[2]) begin tag_4 <= tag_3; zmm_4 <= zmm_3; end
        if (vld[3]) begin tag_5 <= tag_4; zmm <= zmm_4; end
        if (vld[4]) tag_6 <= tag_5;
    end
    assign out_tag = tag_6;

    // 1: bias add.
    reg [31:0] a0_1, mult_1, shift_1;
    always @(posedge clk) if (in_valid) begin
        a0_1 <= in_acc + bias;
        mult_1 <= mult;
        shift_1 <= shift;
    end

    // 2: left shift (wrapping) and the right-shift amount.
    wire       left_2 = !shift_1[31] && shift_1[4:0] != 5'd0;
    reg [31:0] a_2, mult_2;
    reg [4:0]  e_2;
    always @(posedge clk) if (vld[0]) begin
        a_2 <= left_2 ? a0_1 << shift_1[4:0] : a0_1;
        mult_2 <= mult_1;
        e_2 <= shift_1[31] ? 5'd0 - shift_1[4:0] : 5'd0;
    end

    // 3: 32 x 32 -> 64 signed product.
    reg [63:0] p_3;
    reg        sat_3;
    reg [4:0]  e_3;
    always @(posedge clk) if (vld[1]) begin
        p_3 <= $signed(a_2) * $signed(mult_2);
        sat_3 <= a_2 == 32'h8000_0000 && mult_2 == 32'h8000_0000;
        e_3 <= e_2;
    end

    // 4: doubling high half with rounding: bits [62:31] of p + 2^30.
    wire [63:0] p_round = p_3 + 64'h0000_0000_4000_0000;
    reg  [31:0] t_4;
    reg  [4:0]  e_4;
    always @(posedge clk) if (vld[2]) begin
        t_4 <= sat_3 ? 32'h7FFF_FFFF : p_round[62:31];
        e_4 <= e_3;
    end

    // 5: rounding right shift by e, halves away from zero:
    //    (t + 2^(e-1) - (t < 0)) >>> e in 33 bits, t itself when e == 0.
    wire [32:0] t_ext  = {t_4[31], t_4};
    wire [32:0] nudge  = e_4 == 5'd0 ? 33'd0
                       : (33'd1 << (e_4 - 5'd1)) - {32'd0, t_4[31]};
    wire [32:0] t_sum  = t_ext + nudge;
    wire [32:0] t_shr  = $signed(t_sum) >>> e_4;
    reg  [31:0] r_5;
    always @(posedge clk)
        if (vld[3]) r_5 <= t_shr[31:0];

    // 6: zero point and clamp.
    wire [7:0]  zp_5 = zmm[23:16], min_5 = zmm[15:8], max_5 = zmm[7:0];
    wire [33:0] y_wide = {{2{r_5[31]}}, r_5} + {{26{zp_5[7]}}, zp_5};
    wire [33:0] min_w  = {{26{min_5[7]}}, min_5};
    wire [33:0] max_w  = {{26{max_5[7]}}, max_5};
    always @(posedge clk) if (vld[4]) begin
        out_scaled <= r_5;
        if ($signed(y_wide) < $signed(min_w))      out_y <= min_5;
        else if ($signed(y_wide) > $signed(max_w)) out_y <= max_5;
        else                                       out_y <= y_wide[7:0];
    end

    // Only bits [4:0] and the sign of the shift matter for -31..31; bit 63
    // of the rounded product is beyond the doubling high half; the shifted
    // 33-bit sum always fits in 32 bits.
    wire unused_ok = &{1'b0, shift_1[30:5], p_round[63], p_round[30:0], t_shr[32]};
endmodule
