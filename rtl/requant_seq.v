// Sequential int8 requantization for small devices: the arithmetic of
// requant.v (see there), bit for bit, with its interface and parameter
// timing, on one 16 x 16 multiplier used for four cycles in a row. It
// takes an input every II = 8 cycles at most (conv_core's RQ_II); each
// register below is rewritten by the next input only after this input is
// done with it. Latency: 20 cycles from in_valid to out_valid. There is
// no out_scaled: only the low 10 bits of the shifted value are formed.
//
// Cycle by cycle, after in_valid in cycle 0 (register <- value at the end
// of the cycle):
//   0      a0 <- acc + bias, l <- shift (shift > 0, else 0),
//          e <- -shift (shift < 0, else 0)
//   1      x <- a0 << l
//   2      m <- mult
//   3..6   pp <- one 16 x 16 partial product of x and m each cycle:
//          ll, lh, hl, hh (the product register is the DSP block's own);
//          in 3, sat <- the saturation case x = m = -2^31
//   4..7   r accumulates p + 2^30 from the partial products, dropping
//          16 bits below bit 31 once they can no longer change
//   8, 9   r minus the sign corrections (see requant.v)
//   10     s <- t, bits [62:31] of p + 2^30 (or the saturated value)
//   11..17 s >>>= 4 while 4 * steps < e, noting the bits shifted out
//   18     rs <- (s >>> e mod 4) + round, saturated to 10 bits, where round
//          is requant.v's nudge seen from the bits shifted out
//   19     out_y <- clamp(rs + zp_out)
// The right shift runs in steps of 4 rather than through a barrel shifter
// and a 33-bit rounding adder: s is free for it until the next input's
// cycle 10, 8 cycles on, and 7 steps reach any shift up to 31.
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
    input  wire [5:0]       shift,      // -31 .. 31, > 0 shifts left; with its input
    output wire [TAG_W-1:0] last_tag,   // input in the last stage
    input  wire [7:0]       zp_out,     // for the input on last_tag
    input  wire [7:0]       act_min,
    input  wire [7:0]       act_max,
    output wire             out_valid,
    output reg  [7:0]       out_y,
    output wire [TAG_W-1:0] out_tag
);
    localparam LAT = 20;

    // v[k]: an input is in step k (v[0] is in_valid itself)
    reg  [LAT:1] vq;
    wire [LAT:0] v = {vq, in_valid};
    always @(posedge clk)
        if (rst) vq <= {LAT{1'b0}};
        else     vq <= v[LAT-1:0];
    assign out_valid = v[LAT];

    // The tag is copied twice on the way: the next input's tag arrives 8
    // cycles after this one's, and this one leaves 20 cycles after it came.
    reg [TAG_W-1:0] tag_a, tag_b, tag_c;
    always @(posedge clk) begin
        if (v[0])  tag_a <= in_tag;
        if (v[7])  tag_b <= tag_a;
        if (v[14]) tag_c <= tag_b;
    end
    assign last_tag = tag_c;
    assign out_tag  = tag_c;

    // 0..2: operands. a0 and x are separate registers so that x has a
    // single source (a shift by 0 passes a0).
    // mult is read only into m, so m's flip-flops sit behind the LUTs that
    // pick it; the saturation case is looked up a cycle later, from m. x and
    // m hold until the next input's cycles 1 and 2, past their last use in
    // cycles 8 and 9 (the sign corrections), so their sign bits are read there.
    // e holds until the next input's cycle 0, this input's cycle 8, where
    // e_r takes it.
    reg  [31:0] a0, x, m;
    reg  [4:0]  l, e, e_r;
    reg         sat;
    wire        sx = x[31], sm = m[31];
    always @(posedge clk) begin
        if (v[0]) a0 <= in_acc + bias;
        if (v[0]) l <= shift[5] ? 5'd0 : shift[4:0];
        if (v[0]) e <= shift[5] ? 5'd0 - shift[4:0] : 5'd0;
        if (v[1]) x <= a0 << l;
        if (v[2]) m <= mult;
        if (v[3]) sat <= x == 32'h8000_0000 && m == 32'h8000_0000;
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

    // 10: s <- t. 11..17: s >>>= 4, steps times. requant.v rounds by adding
    // 2^(e-1) - (t < 0) before shifting; that carries into the shifted
    // value exactly when the last bit shifted out (bit e-1 of t) is set
    // and, for a negative t, some bit below it is set too (sticky).
    wire [31:0] t = sat ? 32'h7FFF_FFFF : {r[30:0], b31};
    reg  [31:0] s;
    reg  [2:0]  steps;              // coarse steps of 4 still to go
    reg  [1:0]  fine;               // e mod 4, shifted in step 18
    reg         out_last, out_sticky;   // bit e'-1 of t, any bit below it (e' = e - fine)
    always @(posedge clk) begin
        if (v[10]) begin
            s          <= t;
            steps      <= e_r[4:2];
            fine       <= e_r[1:0];
            out_last   <= 1'b0;
            out_sticky <= 1'b0;
        end else if (steps != 3'd0) begin
            s          <= {{4{s[31]}}, s[31:4]};
            steps      <= steps - 3'd1;
            out_last   <= s[3];
            out_sticky <= out_sticky || out_last || s[2:0] != 3'd0;
        end
    end

    // 18: the fine shift by 0..3, the rounding carry, saturation to 10 bits
    wire [13:0] s_lo = s[13:0] >> fine;       // sf = s >>> fine, its bits 10..0
    wire        last   = fine == 2'd0 ? out_last : s[{3'd0, fine - 2'd1}];
    wire        sticky = fine == 2'd0 ? out_sticky
                       : out_sticky || out_last || (fine == 2'd3 ? s[1:0] != 2'd0
                                                   : fine == 2'd2 && s[0]);
    wire        round  = last && (!s[31] || sticky);
    // sf outside [-1024, 1023] saturates whatever the carry; inside, the
    // 12-bit sum with the carry decides. sf's bits 31..10 are s's bits 31..10
    // + fine, so sf is outside when one of those differs from the sign: the
    // bits from 13 up always count, bits 12..10 as fine leaves them.
    wire [2:0]  mid    = (s[12:10] ^ {3{s[31]}}) & (3'b111 << fine);
    wire        far    = s[30:13] != {18{s[31]}} || mid != 3'd0;
    wire [11:0] q      = {s_lo[10], s_lo[10:0]} + {11'd0, round};
    reg  [9:0]  rs;
    always @(posedge clk)
        if (v[18])
            rs <= far || (q[11:9] != 3'b000 && q[11:9] != 3'b111)
                  ? {s[31], {9{!s[31]}}} : q[9:0];

    // 19: zero point and clamp, as in requant.v
    wire [10:0] y_wide = {rs[9], rs} + {{3{zp_out[7]}}, zp_out};
    wire [10:0] min_w  = {{3{act_min[7]}}, act_min};
    wire [10:0] max_w  = {{3{act_max[7]}}, act_max};
    always @(posedge clk) if (v[19]) begin
        if ($signed(y_wide) < $signed(min_w))      out_y <= act_min;
        else if ($signed(y_wide) > $signed(max_w)) out_y <= act_max;
        else                                       out_y <= y_wide[7:0];
    end

    wire unused_ok = &{1'b0, r[33:31], s_lo[13:11]};
endmodule
