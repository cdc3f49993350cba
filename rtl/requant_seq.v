// Sequential int8 requantization for small devices: the arithmetic of
// requant.v (see there), bit for bit, with its interface and parameter
// timing, on one 16 x 16 multiplier used for four cycles in a row. It
// takes an input every II = 8 cycles at most (conv_core's RQ_II); each
// register below is rewritten by the next input only after this input is
// done with it. Latency: 13 cycles from in_valid to out_valid. There is
// no out_scaled: only the low 10 bits of the shifted value are formed.
//
// Cycle by cycle, after in_valid in cycle 0 (register <- value at the end
// of the cycle):
//   0      a0 <- acc + bias
//   1      x <- a0 << shift (shift > 0, else a0), e <- -shift (shift < 0)
//   2      m <- mult, sign bits and the saturation case
//   3..6   pp <- one 16 x 16 partial product of x and m each cycle:
//          ll, lh, hl, hh (the product register is the DSP block's own)
//   4..7   r accumulates p + 2^30 from the partial products, dropping
//          16 bits below bit 31 once they can no longer change
//   8, 9   r minus the sign corrections (see requant.v)
//   10     ts <- t + 2^(e-1) - (t < 0), t = bits [62:31] of p + 2^30
//   11     rs <- ts >>> e saturated to 10 bits
//   12     out_y <- clamp(rs + zp_out)
module requant_seq #(
    parameter TAG_W = 1
) (
    input  wire             clk,
    input  wire             rst,
    input  wire             in_valid,
    input  wire [31:0]      in_acc,
    input  wire [TAG_W-1:0] in_tag,
    input  wire [31:0]      bias,
    input  wire [31:0]      mult,       // two cycles after its input
    input  wire [5:0]       shift,      // -31 .. 31, > 0 shifts left; one cycle after
    output wire [TAG_W-1:0] last_tag,   // input in the last stage
    input  wire [7:0]       zp_out,     // for the input on last_tag
    input  wire [7:0]       act_min,
    input  wire [7:0]       act_max,
    output wire             out_valid,
    output reg  [7:0]       out_y,
    output wire [TAG_W-1:0] out_tag
);
    localparam LAT = 13;

    // v[k]: an input is in step k (v[0] is in_valid itself)
    reg  [LAT:1] vq;
    wire [LAT:0] v = {vq, in_valid};
    always @(posedge clk)
        if (rst) vq <= {LAT{1'b0}};
        else     vq <= v[LAT-1:0];
    assign out_valid = v[LAT];

    // The tag is copied once on the way, since the next input's tag
    // arrives (cycle 8) before this one leaves (cycle 13).
    reg [TAG_W-1:0] tag_a, tag_b;
    always @(posedge clk) begin
        if (v[0]) tag_a <= in_tag;
        if (v[7]) tag_b <= tag_a;
    end
    assign last_tag = tag_b;
    assign out_tag  = tag_b;

    // 0..2: operands. a0 and x are separate registers so that x has a
    // single source (a shift by 0 passes a0).
    reg  [31:0] a0, x, m;
    reg  [4:0]  e, e_r;
    reg         sx, sm, sat;
    always @(posedge clk) begin
        if (v[0]) a0 <= in_acc + bias;
        if (v[1]) x <= a0 << (shift[5] ? 5'd0 : shift[4:0]);
        if (v[1]) e <= shift[5] ? 5'd0 - shift[4:0] : 5'd0;
        if (v[2]) begin
            m   <= mult;
            sx  <= x[31];
            sm  <= mult[31];
            sat <= x == 32'h8000_0000 && mult == 32'h8000_0000;
        end
        if (v[8]) e_r <= e;
    end

    // 3..6: partial products of the unsigned halves
    reg  [31:0] pp;
    wire [15:0] pa = (v[5] || v[6]) ? x[31:16] : x[15:0];
    wire [15:0] pb = (v[4] || v[6]) ? m[31:16] : m[15:0];
    always @(posedge clk) pp <= pa * pb;

    // 4..9: r holds the sum from bit 0 (step 4), bit 16 (5, 6) or bit 32
    // (7..9) up; b31 keeps bit 31 when bits 16..31 are dropped at step 7.
    // Steps 8 and 9 subtract 2^32 (sm ? A : 0) and 2^32 (sx ? M : 0); only
    // r's bits [30:0] reach t.
    reg  [33:0] r;
    reg         b31;
    wire [33:0] r_in  = v[4] ? 34'h0_4000_0000
                      : (v[5] || v[7]) ? {16'd0, r[33:16]} : r;
    wire [31:0] r_sub = v[8] ? (sm ? x : 32'd0) : (sx ? m : 32'd0);
    wire [33:0] r_add = (v[8] || v[9]) ? ~{2'b00, r_sub} : {2'b00, pp};
    wire        r_cin = v[8] || v[9];
    always @(posedge clk) begin
        if (|v[9:4]) r <= r_in + r_add + {33'd0, r_cin};
        if (v[7]) b31 <= r[15];
    end

    // 10: t with the rounding nudge of requant.v's step 6..7:
    // t + 2^(e-1) - (t < 0) = t + mask + (e > 0 && t >= 0), mask = 2^(e-1) - 1
    wire [31:0] t    = sat ? 32'h7FFF_FFFF : {r[30:0], b31};
    wire [29:0] mask = e_r == 5'd0 ? 30'd0 : ~(~30'd0 << (e_r - 5'd1));
    wire        nudge_one = e_r != 5'd0 && !t[31];
    reg  [32:0] ts;
    always @(posedge clk)
        if (v[10]) ts <= {t[31], t} + {3'd0, mask} + {32'd0, nudge_one};

    // 11: ts >>> e, saturated to [-512, 511]. The shifted value is outside
    // that range when ts's bits from e + 9 up are not all equal to its sign.
    wire [32:0] sh = $signed(ts) >>> e_r;
    reg  [32:0] differs_from;   // differs_from[k]: some bit k..32 differs from ts[32]
    integer k;
    always @(*) begin
        differs_from[32] = 1'b0;
        for (k = 31; k >= 0; k = k - 1)
            differs_from[k] = differs_from[k+1] || ts[k] != ts[32];
    end
    wire [5:0]  top = {1'b0, e_r} + 6'd9;
    wire        out_of_range = top <= 6'd32 && differs_from[top];
    reg  [9:0]  rs;
    always @(posedge clk)
        if (v[11]) rs <= out_of_range ? {ts[32], {9{!ts[32]}}} : sh[9:0];

    // 12: zero point and clamp, as in requant.v
    wire [10:0] y_wide = {rs[9], rs} + {{3{zp_out[7]}}, zp_out};
    wire [10:0] min_w  = {{3{act_min[7]}}, act_min};
    wire [10:0] max_w  = {{3{act_max[7]}}, act_max};
    always @(posedge clk) if (v[12]) begin
        if ($signed(y_wide) < $signed(min_w))      out_y <= act_min;
        else if ($signed(y_wide) > $signed(max_w)) out_y <= act_max;
        else                                       out_y <= y_wide[7:0];
    end

    wire unused_ok = &{1'b0, sh[32:10], r[33:31]};
endmodule
