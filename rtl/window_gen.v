// Implicit im2col: turns the activation tile into one ROWS-element input
// vector per output pixel, at one pixel per cycle.
//
// Reduction index k = (ky * K_W + kx) * IN_C + ci. Lane r serves
// k = j*ROWS + r during chunk j; its tap (ky, kx, ci) is fixed for the
// chunk, so per pixel it only steps an address:
//   iy = oy*STRIDE_H + ky - PAD_T, ix = ox*STRIDE_W + kx - PAD_L,
//   byte (iy*IN_W + ix)*IN_C + ci, or ZP_IN outside the tile, 0 if k >= K.
// Next pixel in the row: ix += STRIDE_W, address += STRIDE_W*IN_C. Next
// row: ix back to the lane's start, iy += STRIDE_H, address of the row
// start += STRIDE_H*IN_W*IN_C. No multiplier runs per cycle.
//
// Lane descriptors: a tap iterator walks k upwards; each tap_we writes the
// current tap into lane tap_lane's shadow descriptor and moves to k+1.
// A lane copies its shadow when the chunk_start it sees reaches it, so the
// next chunk's descriptors may be written while the current chunk streams,
// as long as lane r's write comes after lane r's chunk_start.
//
// Each lane reads its own copy of both activation banks (DMA writes go to
// every copy). Schedule inputs describe lane 0's pixel; lane r sees them r
// cycles later, and its element leaves on x[8r +: 8] 3 cycles after that:
// read address, RAM read, byte select / padding.
//
// Each lane latches the command constants it uses per pixel at its own
// chunk start, so the next command's constants may be applied at lane 0
// while later lanes still finish the previous command.
module window_gen #(
    parameter ROWS      = 8,
    parameter ACT_BYTES = 8192,
    parameter KBITS     = 11,                 // holds K
    // signed tile coordinates: |iy|, |ix| < max(8 * OUT_H, 8 * OUT_W) + 16,
    // and IN_W, IN_H <= ACT_BYTES (the controller's checks); 20 bits cover
    // any 16-bit size, conv_core passes what its buffers allow
    parameter IXW       = 20,
    parameter AB        = $clog2(ACT_BYTES),
    parameter LW        = ROWS > 1 ? $clog2(ROWS) : 1
) (
    input  wire                   clk,
    input  wire                   rst,
    // command constants, stable from tap_init until lane ROWS-1 saw the
    // command's last chunk start
    input  wire [15:0]            in_w,
    input  wire [15:0]            in_h,
    input  wire [15:0]            in_c,
    input  wire [7:0]             k_w,
    input  wire [7:0]             stride_w,
    input  wire [7:0]             stride_h,
    input  wire [7:0]             pad_l,
    input  wire [7:0]             pad_t,
    input  wire [7:0]             zp_in,
    input  wire                   act_bank,
    input  wire [KBITS-1:0]       k_total,     // K = K_H * K_W * IN_C
    input  wire [AB-1:0]          row_bytes,   // IN_W * IN_C
    input  wire [AB-1:0]          step_x,      // STRIDE_W * IN_C
    input  wire [AB-1:0]          step_y,      // STRIDE_H * IN_W * IN_C
    input  wire [AB-1:0]          addr_start,  // -(PAD_T * IN_W + PAD_L) * IN_C
    // activation bank writes, broadcast to every lane copy
    input  wire                   act_we,
    input  wire                   act_wbank,
    input  wire [AB-4:0]          act_waddr,
    input  wire [63:0]            act_wdata,
    input  wire [7:0]             act_wstrb,
    // tap iterator
    input  wire                   tap_init,    // back to k = 0
    input  wire                   tap_we,
    input  wire [LW-1:0]          tap_lane,
    // lane 0 schedule: one pixel (oy, ox) per cycle when pix_valid
    input  wire                   pix_valid,
    input  wire                   chunk_start, // first pixel of a chunk
    input  wire                   row_start,   // ox == 0
    input  wire                   bank_sel,    // weight register bank of the chunk
    // array inputs, lane r delayed r + 3 cycles
    output wire [ROWS*8-1:0]      x,
    output wire [ROWS-1:0]        sel
);

    // ---- tap iterator ------------------------------------------------------
    // A tap's offsets kx - PAD_L and ky - PAD_T lie in -15..15 (K_W, K_H <=
    // 16, PAD_L < K_W, PAD_T < K_H: the controller's checks), so they take
    // TW bits and widen to IXW only as a lane steps from them; ky passes
    // K_H - 1 only for taps beyond K, which a lane outputs as 0 whatever
    // its offsets. For the same reason kx takes 4 bits, and ci < IN_C <= K
    // takes KBITS.
    localparam TW = 5;
    reg [KBITS-1:0]        t_k;
    reg [KBITS-1:0]        t_ci;
    reg [3:0]              t_kx;
    reg signed [TW-1:0]    t_ix0, t_iy0;
    reg [AB-1:0]           t_addr, t_row;
    wire                   t_kvalid = t_k < k_total;
    wire [KBITS-1:0]       ci_last  = KBITS'(in_c - 16'd1);
    wire [3:0]             kx_last  = 4'(k_w - 8'd1);
    wire signed [TW-1:0]   ix0_first = -$signed({1'b0, pad_l[TW-2:0]});
    wire signed [TW-1:0]   iy0_first = -$signed({1'b0, pad_t[TW-2:0]});

    always @(posedge clk) begin
        if (rst || tap_init) begin
            t_k <= {KBITS{1'b0}};
            t_ci <= {KBITS{1'b0}};
            t_kx <= 4'd0;
            t_ix0 <= ix0_first;
            t_iy0 <= iy0_first;
            t_addr <= addr_start;
            t_row <= addr_start;
        end else if (tap_we) begin
            t_k <= t_k + 1'b1;
            if (t_ci != ci_last) begin
                t_ci <= t_ci + 1'b1;
                t_addr <= t_addr + 1'b1;
            end else if (t_kx != kx_last) begin
                // (kx, ci) is contiguous in memory: the next kx is the next byte
                t_ci <= {KBITS{1'b0}};
                t_kx <= t_kx + 4'd1;
                t_ix0 <= t_ix0 + 1'b1;
                t_addr <= t_addr + 1'b1;
            end else begin
                t_ci <= {KBITS{1'b0}};
                t_kx <= 4'd0;
                t_ix0 <= ix0_first;
                t_iy0 <= t_iy0 + 1'b1;
                t_addr <= t_row + row_bytes;
                t_row <= t_row + row_bytes;
            end
        end
    end

    // ---- lane schedule chain: lane r sees lane 0's schedule r cycles late ---
    wire [3:0] sched [0:ROWS];
    assign sched[0] = {pix_valid, chunk_start, row_start, bank_sel};

    genvar r;
    generate
        for (r = 0; r < ROWS; r = r + 1) begin : g_lane
            reg [3:0] sched_q;
            always @(posedge clk)
                if (rst) sched_q <= 4'd0;
                else     sched_q <= sched[r];
            assign sched[r+1] = sched_q;

            wire s_v  = sched[r][3];
            wire s_cs = sched[r][2];
            wire s_rs = sched[r][1];

            // shadow and active descriptors
            reg signed [TW-1:0]  sh_ix0, sh_iy0, a_ix0;
            reg [AB-1:0]         sh_addr;
            reg                  sh_kv, a_kv;
            always @(posedge clk) begin
                if (rst) begin
                    sh_kv <= 1'b0;
                end else if (tap_we && tap_lane == r) begin
                    sh_ix0 <= t_ix0;
                    sh_iy0 <= t_iy0;
                    sh_addr <= t_addr;
                    sh_kv <= t_kvalid;
                end
            end

            // the lane's copy of the command constants
            reg [IXW-2:0] l_in_w, l_in_h;
            reg [3:0]    l_s_w, l_s_h;     // strides are 1..8
            reg [7:0]    l_zp;
            reg [AB-1:0] l_step_x, l_step_y;
            reg          l_bank;
            always @(posedge clk)
                if (s_v && s_cs) begin
                    l_in_w <= (IXW-1)'(in_w); l_in_h <= (IXW-1)'(in_h);
                    l_s_w <= stride_w[3:0]; l_s_h <= stride_h[3:0];
                    l_step_x <= step_x;     l_step_y <= step_y;
                    l_zp <= zp_in;          l_bank <= act_bank;
                end
            wire signed [IXW-1:0] in_w_s = {1'b0, l_in_w};
            wire signed [IXW-1:0] in_h_s = {1'b0, l_in_h};
            wire signed [IXW-1:0] s_w_s  = {{(IXW-4){1'b0}}, l_s_w};
            wire signed [IXW-1:0] s_h_s  = {{(IXW-4){1'b0}}, l_s_h};
            wire signed [IXW-1:0] sh_ix0_s = IXW'(sh_ix0);   // sign-extended
            wire signed [IXW-1:0] sh_iy0_s = IXW'(sh_iy0);
            wire signed [IXW-1:0] a_ix0_s  = IXW'(a_ix0);

            // stage G: step to this pixel
            reg signed [IXW-1:0] ix, iy;
            reg [AB-1:0]         addr, row_addr;
            reg                  v1, sel1;
            always @(posedge clk) begin
                if (rst) begin
                    a_kv <= 1'b0;
                    v1 <= 1'b0;
                end else begin
                    v1 <= s_v;
                    if (s_v && s_cs) a_kv <= sh_kv;
                end
                sel1 <= sched[r][0];
                if (s_v) begin
                    if (s_cs) begin
                        a_ix0 <= sh_ix0;
                        ix <= sh_ix0_s;
                        iy <= sh_iy0_s;
                        addr <= sh_addr;
                        row_addr <= sh_addr;
                    end else if (s_rs) begin
                        ix <= a_ix0_s;
                        iy <= iy + s_h_s;
                        addr <= row_addr + l_step_y;
                        row_addr <= row_addr + l_step_y;
                    end else begin
                        ix <= ix + s_w_s;
                        addr <= addr + l_step_x;
                    end
                end
            end

            // stage 1: RAM read, bounds check
            wire [63:0] rdata;
            sdp_ram #(.WIDTH(64), .DEPTH(2 << (AB - 3))) u_bank (
                .clk(clk),
                .we(act_we), .waddr({act_wbank, act_waddr}), .wdata(act_wdata), .wstrb(act_wstrb),
                .re(1'b1), .raddr({l_bank, addr[AB-1:3]}), .rdata(rdata));

            wire in_tile = ix >= 0 && ix < in_w_s && iy >= 0 && iy < in_h_s;
            reg       v2, kv2, pad2, sel2;
            reg [2:0] byte2;
            reg [7:0] zp2;
            always @(posedge clk) begin
                if (rst) v2 <= 1'b0;
                else     v2 <= v1;
                kv2 <= a_kv;
                pad2 <= !in_tile;
                zp2 <= l_zp;
                sel2 <= sel1;
                byte2 <= addr[2:0];
            end

            // stage 2: byte select, padding, unused lanes
            reg [7:0] x3;
            reg       sel3;
            always @(posedge clk) begin
                if (rst || !v2 || !kv2) x3 <= 8'd0;
                else if (pad2)          x3 <= zp2;
                else                    x3 <= rdata[8*byte2 +: 8];
                sel3 <= sel2;
            end
            assign x[8*r +: 8] = x3;
            assign sel[r] = sel3;
        end
    endgenerate

    // The schedule leaving the last lane has no consumer; the sizes' bits
    // above IXW - 1 are zero for any tile that fits, and the other fields'
    // upper bits are zero in any command that passed its checks.
    wire unused_ok = &{1'b0, sched[ROWS], in_w, in_h, stride_w[7:4], stride_h[7:4],
                       pad_l[7:TW-1], pad_t[7:TW-1]};
endmodule
