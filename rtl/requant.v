// Pipelined int8 requantization, bit-exact with host/ref (TFLite int8):
//   a0 = acc + bias                     (int32, wraps)
//   a  = shift > 0 ? a0 << shift : a0   (wraps)
//   t  = (a * mult + 2^30) >>> 31       (saturates the one overflow case,
//                                        a == mult == INT32_MIN)
//   e  = max(-shift, 0);  r = round-half-away(t / 2^e)
//   y  = clamp(r + zp_out, act_min, act_max)
// Each parameter is read by the stage that uses it, so back-to-back inputs
// may use different parameters and none is copied down the pipeline: bias
// and shift come with their input (in_valid; the shift is decoded a stage
// ahead of its use), mult two cycles later, and zp_out, act_min and act_max
// in the cycle the input's tag is on last_tag (its last stage but one), so
// the parent looks them up by tag. Latency: 9 cycles from in_valid to
// out_valid (ECP5_DSP: 11, see step 3). out_scaled is r (before the zero
// point).
//
// The 32 x 32 product is built from four unsigned 16 x 16 partial products
// (one DSP block each on ECP5 and iCE40, since each fits a block exactly)
// plus a sign correction, and summed over two registered stages, so no
// stage holds more than one carry chain after a multiplier; the rounding
// shift likewise takes one stage for its add and one for the shift.
module requant #(
    parameter TAG_W = 1,
    // 1 (ECP5 builds): each partial product in a MULT18X18D block with the
    // block's own input and output registers (rtl/mul18_ecp5.v), and the
    // products registered once more in logic; two cycles more latency,
    // same bits
    parameter ECP5_DSP = 0
) (
    input  wire             clk,
    input  wire             rst,
    input  wire             in_valid,
    input  wire [31:0]      in_acc,
    input  wire [TAG_W-1:0] in_tag,
    input  wire [31:0]      bias,
    input  wire [31:0]      mult,       // two cycles after its input
    input  wire [5:0]       shift,      // -31 .. 31, > 0 shifts left; with its input
    output wire [TAG_W-1:0] last_tag,   // input in the last stage but one
    input  wire [7:0]       zp_out,     // for the input on last_tag
    input  wire [7:0]       act_min,
    input  wire [7:0]       act_max,
    output wire             out_valid,
    output reg  [7:0]       out_y,
    output reg  [31:0]      out_scaled,
    output wire [TAG_W-1:0] out_tag
);
    // ECP5_DSP: the cycles the operands wait in the blocks' input registers
    // and the products in logic after the blocks' output registers
    localparam XD = ECP5_DSP != 0 ? 2 : 0;
    localparam LAT = 9 + XD;

    // Valid bits (reset) and the tag travel alongside the arithmetic.
    reg [LAT-1:0] vld;
    always @(posedge clk)
        if (rst) vld <= {LAT{1'b0}};
        else     vld <= {vld[LAT-2:0], in_valid};
    assign out_valid = vld[LAT-1];

    // The tag rides along, updated only with valid data so idle cycles
    // leave the pipeline untouched. side[i] holds the tag of the input that
    // stage i+1 is working on.
    wire [TAG_W-1:0] side [0:LAT-1];
    reg  [TAG_W-1:0] side_0;
    always @(posedge clk) if (in_valid) side_0 <= in_tag;
    assign side[0] = side_0;
    genvar i;
    generate
        for (i = 1; i < LAT; i = i + 1) begin : g_side
            reg [TAG_W-1:0] q;
            always @(posedge clk) if (vld[i-1]) q <= side[i-1];
            assign side[i] = q;
        end
    endgenerate
    assign last_tag = side[LAT-3];
    assign out_tag = side[LAT-1];

    // 1: bias add; the shift split into its left and right amounts.
    reg [31:0] a0_1;
    reg [4:0]  l_1, e_1;
    always @(posedge clk) if (in_valid) begin
        a0_1 <= in_acc + bias;
        l_1 <= shift[5] ? 5'd0 : shift[4:0];
        e_1 <= shift[5] ? 5'd0 - shift[4:0] : 5'd0;
    end

    // 2: left shift (wrapping).
    reg [31:0] a_2;
    reg [4:0]  e_2;
    always @(posedge clk) if (vld[0]) begin
        a_2 <= a0_1 << l_1;
        e_2 <= e_1;
    end

    // 3: partial products of the unsigned operands A, M, and the sign
    //    correction: as signed values a = A - 2^32 a[31], m = M - 2^32 m[31],
    //    so mod 2^64  a * m = A * M - 2^32 (a[31] ? M : 0) - 2^32 (m[31] ? A : 0).
    wire [31:0] m_2 = mult;             // mult in this step's cycle
    wire [15:0] al = a_2[15:0], ah = a_2[31:16], ml = m_2[15:0], mh = m_2[31:16];
    wire [31:0] ll_3, lh_3, hl_3, hh_3;
    wire [31:0] corr_3;
    wire        amin_3, mmin_3;     // a, m == INT32_MIN: both saturate (step 4)
    wire [4:0]  e_3;
    // The products are registered every cycle (stage 4 takes them only
    // after a valid input), so the register can be the DSP block's own.
    // With ECP5_DSP the operands are registered in the blocks too, so the
    // routes from logic into the blocks end at registers instead of
    // running on through the multiplier (nextpnr times an ECP5 block's
    // inputs as registered only when both A and B are: with mult alone in
    // its B register, those routes took up to 6.5 ns of a 10.5 ns path on
    // the 85F). The products are then registered once more in logic, so
    // the route out of a block ends at a flip-flop placed near the adders
    // (at 8 ns, that route was most of the 85F's slowest paths). The sign
    // correction waits the two extra cycles in logic.
    generate
        if (ECP5_DSP != 0) begin : g_ecp5
            wire [31:0] ll, lh, hl, hh;
            mul18_ecp5 #(.IN_REG(1)) u_ll (.clk(clk), .a(al), .b(ml), .p(ll));
            mul18_ecp5 #(.IN_REG(1)) u_lh (.clk(clk), .a(al), .b(mh), .p(lh));
            mul18_ecp5 #(.IN_REG(1)) u_hl (.clk(clk), .a(ah), .b(ml), .p(hl));
            mul18_ecp5 #(.IN_REG(1)) u_hh (.clk(clk), .a(ah), .b(mh), .p(hh));
            delay_line #(.W(128), .N(1)) u_prod_q (
                .clk(clk), .rst(rst), .d({ll, lh, hl, hh}), .q({ll_3, lh_3, hl_3, hh_3}));
        end else begin : g_infer
            reg [31:0] ll, lh, hl, hh;
            always @(posedge clk) begin
                ll <= al * ml;
                lh <= al * mh;
                hl <= ah * ml;
                hh <= ah * mh;
            end
            assign {ll_3, lh_3, hl_3, hh_3} = {ll, lh, hl, hh};
        end
    endgenerate
    reg [31:0] corr_c;
    reg        amin_c, mmin_c;
    reg [4:0]  e_c;
    always @(posedge clk) if (vld[1]) begin
        corr_c <= (a_2[31] ? m_2 : 32'd0) + (m_2[31] ? a_2 : 32'd0);
        amin_c <= a_2 == 32'h8000_0000;
        mmin_c <= m_2 == 32'h8000_0000;
        e_c <= e_2;
    end
    delay_line #(.W(39), .N(XD)) u_corr_wait (
        .clk(clk), .rst(rst), .d({corr_c, amin_c, mmin_c, e_c}),
        .q({corr_3, amin_3, mmin_3, e_3}));

    // 4: middle sum, low part with the rounding constant 2^30, high part
    //    with the correction (only its bits [30:0] reach bit 62).
    reg [32:0] mid_4, lo_4;
    reg [30:0] hi_4;
    reg        sat_4;
    reg [4:0]  e_4;
    always @(posedge clk) if (vld[2 + XD]) begin
        mid_4 <= {1'b0, lh_3} + {1'b0, hl_3};
        lo_4 <= {1'b0, ll_3} + 33'h0_4000_0000;
        hi_4 <= hh_3[30:0] - corr_3[30:0];
        sat_4 <= amin_3 && mmin_3;
        e_4 <= e_3;
    end

    // 5: p + 2^30 = 2^32 hi + s with s = lo + 2^16 mid; keep s[49:31].
    wire [49:0] s_5w = {17'd0, lo_4} + {1'b0, mid_4, 16'd0};
    reg  [18:0] s_5;
    reg  [30:0] hi_5;
    reg         sat_5;
    reg  [4:0]  e_5;
    always @(posedge clk) if (vld[3 + XD]) begin
        s_5 <= s_5w[49:31];
        hi_5 <= hi_4;
        sat_5 <= sat_4;
        e_5 <= e_4;
    end

    // 6: doubling high half with rounding: t = bits [62:31] of p + 2^30.
    // The rounding nudge of step 7 is prepared here from e alone:
    // 2^(e-1) - (t < 0) = mask + (t >= 0) with mask = 2^(e-1) - 1, and no
    // nudge at all when e == 0.
    wire [30:0] t_hi = hi_5 + {13'd0, s_5[18:1]};
    reg  [31:0] t_6;
    reg  [4:0]  e_6;
    reg  [29:0] mask_6;
    reg         nz_6;
    always @(posedge clk) if (vld[4 + XD]) begin
        t_6 <= sat_5 ? 32'h7FFF_FFFF : {t_hi, s_5[0]};
        e_6 <= e_5;
        mask_6 <= e_5 == 5'd0 ? 30'd0 : ~(~30'd0 << (e_5 - 5'd1));
        nz_6 <= e_5 != 5'd0;
    end

    // 7, 8: rounding right shift by e, halves away from zero:
    //    (t + 2^(e-1) - (t < 0)) >>> e in 33 bits, t itself when e == 0.
    wire [32:0] t_ext = {t_6[31], t_6};
    reg  [32:0] t_sum_7;
    reg  [4:0]  e_7;
    reg  [22:0] hm_7;
    always @(posedge clk) if (vld[5 + XD]) begin
        t_sum_7 <= t_ext + {3'd0, mask_6} + {32'd0, nz_6 && !t_6[31]};
        e_7 <= e_6;
        hm_7 <= ~23'd0 << e_6;
    end
    // 8 also saturates r to 10 bits for step 9: since zp_out, act_min and
    // act_max are int8, r only matters within [-512, 511], and beyond that
    // the clamp picks the same bound as for the saturated value. r is
    // outside when a bit of t_sum_7 from 9 + e up differs from the sign
    // (hm_7 marks bits 9 + e .. 31; with e >= 23 r always fits). The
    // output stage's parameters arrive here too: the clamp compares r with
    // act_min - zp_out and act_max - zp_out, so that step 9 has no carry
    // chain after another.
    wire [32:0] t_shr = $signed(t_sum_7) >>> e_7;
    wire        r_hi = |((t_sum_7[31:9] ^ {23{t_sum_7[32]}}) & hm_7);
    reg  [31:0] r_8;
    reg  [9:0]  rs_8, lo_8, hi_8;
    reg  [7:0]  zp_8, min_8, max_8;
    always @(posedge clk)
        if (vld[6 + XD]) begin
            r_8 <= t_shr[31:0];
            rs_8 <= r_hi ? {t_sum_7[32], {9{!t_sum_7[32]}}} : t_shr[9:0];
            lo_8 <= {{2{act_min[7]}}, act_min} - {{2{zp_out[7]}}, zp_out};
            hi_8 <= {{2{act_max[7]}}, act_max} - {{2{zp_out[7]}}, zp_out};
            zp_8 <= zp_out;
            min_8 <= act_min;
            max_8 <= act_max;
        end

    // 9: zero point and clamp: r + zp_out < act_min exactly when
    // r < act_min - zp_out (all values fit 10 bits), likewise for act_max.
    always @(posedge clk) if (vld[LAT-2]) begin
        out_scaled <= r_8;
        if ($signed(rs_8) < $signed(lo_8))      out_y <= min_8;
        else if ($signed(rs_8) > $signed(hi_8)) out_y <= max_8;
        else                                    out_y <= rs_8[7:0] + zp_8;
    end

    // Bits of the product below 31 only matter through their carry, and
    // bit 31 of the high parts lands beyond bit 62; the shifted 33-bit sum
    // always fits in 32 bits.
    wire unused_ok = &{1'b0, hh_3[31], corr_3[31], s_5w[30:0], t_shr[32]};
endmodule
