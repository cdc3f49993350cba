// Implicit im2col: turns the activation tile into one ROWS-element input
// vector per output pixel, at one pixel per cycle.
//
// Reduction index k = (ky * K_W + kx) * IN_C + ci. Lane r serves
// k = j*ROWS + r during chunk j; its tap (ky, kx, ci) is fixed for the
// chunk, so per pixel it only steps an address:
//   iy = oy*STRIDE_H + ky - PAD_T, ix = ox*STRIDE_W + kx - PAD_L,
//   byte (iy*IN_W + ix)*IN_C + ci, or ZP_IN outside the tile, 0 if k >= K.
// ix and iy are unsigned IXW-bit numbers: a coordinate -15 .. -1 left or
// above the tile wraps to 2^IXW - 15 or more, which the caller makes larger
// than any IN_W, IN_H, so one unsigned compare per axis finds the tile.
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
// read address, RAM read (one byte), padding. RAM_REG = 1 registers the
// byte once more before the padding (4 cycles), so the block RAM's slow
// clock-to-output ends at a flip-flop. ECP5_EBR = 1 (ECP5 builds) puts
// that register in the block RAM itself (rtl/byte_ram_ecp5.v); it implies
// RAM_REG's 4 cycles.
//
// With LATCH, each lane latches the command constants it uses per pixel at
// its own chunk start, so the next command's constants may be applied at
// lane 0 while later lanes still finish the previous command. Without it
// the lanes read the inputs directly, which must then hold until the last
// lane's last pixel has passed.
module window_gen #(
    parameter ROWS      = 8,
    parameter ACT_BYTES = 8192,
    parameter KBITS     = 11,                 // holds IN_C
    parameter LATCH     = 1,                  // per-lane copies of the command constants
    // unsigned tile coordinates: 2^IXW must exceed the largest coordinate,
    // 8 * (max(OUT_H, OUT_W) - 1) + 15, and IN_W + 15, IN_H + 15 (wrapped
    // negative ones are at least 2^IXW - 15); IN_W, IN_H <= ACT_BYTES (the
    // controller's size check). 20 bits cover any 16-bit size, conv_core
    // passes what its buffers allow.
    parameter IXW       = 20,
    parameter WB        = 8,                  // bytes per activation write: 8 or 4
    parameter RAM_REG   = 0,                  // 1: the RAM's byte registered once more
    parameter ECP5_EBR  = 0,                  // 1: lane memories in ECP5 blocks, that register inside
    parameter AB        = $clog2(ACT_BYTES),
    parameter LW        = ROWS > 1 ? $clog2(ROWS) : 1
) (
    input  wire                   clk,
    input  wire                   rst,
    // command constants, stable from tap_init until lane ROWS-1 saw the
    // command's last chunk start (without LATCH: its last pixel)
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
    input  wire [AB-1:0]          row_bytes,   // IN_W * IN_C
    input  wire [AB-1:0]          step_x,      // STRIDE_W * IN_C
    input  wire [AB-1:0]          step_y,      // STRIDE_H * IN_W * IN_C
    input  wire [AB-1:0]          addr_start,  // -(PAD_T * IN_W + PAD_L) * IN_C
    // activation bank writes, broadcast to every lane copy
    input  wire                   act_we,
    input  wire                   act_wbank,
    input  wire [AB-WBL-1:0]      act_waddr,
    input  wire [8*WB-1:0]        act_wdata,
    input  wire [WB-1:0]          act_wstrb,
    // tap iterator
    input  wire                   tap_init,    // back to k = 0
    input  wire                   tap_we,
    input  wire [LW-1:0]          tap_lane,
    input  wire                   tap_kv,      // the tap's k is below K
    // lane 0 schedule: one pixel (oy, ox) per cycle when pix_valid
    input  wire                   pix_valid,
    input  wire                   chunk_start, // first pixel of a chunk
    input  wire                   row_start,   // ox == 0
    input  wire                   bank_sel,    // weight register bank of the chunk
    // array inputs, lane r delayed r + 3 + RR cycles (RR: RAM_REG or ECP5_EBR)
    output wire [ROWS*8-1:0]      x,
    output wire [ROWS-1:0]        sel
);

    localparam WBL = $clog2(WB);              // byte within an activation write
    localparam RR  = RAM_REG != 0 || ECP5_EBR != 0 ? 1 : 0;

    // ---- tap iterator ------------------------------------------------------
    // A tap's offsets kx - PAD_L and ky - PAD_T lie in -15..15 (K_W, K_H <=
    // 16, PAD_L < K_W, PAD_T < K_H: the controller's checks), so they take
    // TW bits and widen to IXW only as a lane steps from them; ky passes
    // K_H - 1 only for taps beyond K, which a lane outputs as 0 whatever
    // its offsets. For the same reason kx takes 4 bits. t_ci counts ci + 1,
    // up to IN_C <= K < 2^KBITS, so its end needs no subtraction.
    localparam TW = 5;
    // IN_W, IN_H <= IN_H * IN_W * IN_C <= ACT_BYTES (controller's size check)
    localparam SZB = $clog2(ACT_BYTES + 1);
    reg [KBITS-1:0]        t_ci1;
    reg [3:0]              t_kx;
    reg signed [TW-1:0]    t_iy0;
    reg [AB-1:0]           t_addr, t_row;
    wire [3:0]             kx_last  = 4'(k_w - 8'd1);
    // kx - PAD_L from kx, rather than a register stepping with it
    wire signed [TW-1:0]   t_ix0 = $signed({1'b0, t_kx}) - $signed({1'b0, pad_l[TW-2:0]});
    wire signed [TW-1:0]   iy0_first = -$signed({1'b0, pad_t[TW-2:0]});

    always @(posedge clk) begin
        if (rst || tap_init) begin
            t_ci1 <= KBITS'(1);
            t_kx <= 4'd0;
            t_iy0 <= iy0_first;
            t_addr <= addr_start;
            t_row <= addr_start;
        end else if (tap_we) begin
            if (t_ci1 != KBITS'(in_c)) begin
                t_ci1 <= t_ci1 + 1'b1;
                t_addr <= t_addr + 1'b1;
            end else if (t_kx != kx_last) begin
                // (kx, ci) is contiguous in memory: the next kx is the next byte
                t_ci1 <= KBITS'(1);
                t_kx <= t_kx + 4'd1;
                t_addr <= t_addr + 1'b1;
            end else begin
                t_ci1 <= KBITS'(1);
                t_kx <= 4'd0;
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
                    sh_kv <= tap_kv;
                end
            end

            // the lane's copy of the command constants, or the inputs
            wire [SZB-1:0] l_in_w, l_in_h;
            wire [3:0]     l_s_w, l_s_h;   // strides are 1..8
            wire [7:0]     l_zp;
            wire [AB-1:0]  l_step_x, l_step_y;
            wire           l_bank;
            if (LATCH != 0) begin : g_latch
                reg [SZB-1:0] q_in_w, q_in_h;
                reg [3:0]     q_s_w, q_s_h;
                reg [7:0]     q_zp;
                reg [AB-1:0]  q_step_x, q_step_y;
                reg           q_bank;
                always @(posedge clk)
                    if (s_v && s_cs) begin
                        q_in_w <= SZB'(in_w);   q_in_h <= SZB'(in_h);
                        q_s_w <= stride_w[3:0]; q_s_h <= stride_h[3:0];
                        q_step_x <= step_x;     q_step_y <= step_y;
                        q_zp <= zp_in;          q_bank <= act_bank;
                    end
                assign {l_in_w, l_in_h, l_s_w, l_s_h, l_step_x, l_step_y, l_zp, l_bank} =
                       {q_in_w, q_in_h, q_s_w, q_s_h, q_step_x, q_step_y, q_zp, q_bank};
            end else begin : g_direct
                assign {l_in_w, l_in_h, l_s_w, l_s_h, l_step_x, l_step_y, l_zp, l_bank} =
                       {SZB'(in_w), SZB'(in_h), stride_w[3:0], stride_h[3:0], step_x, step_y,
                        zp_in, act_bank};
            end
            // a row's first x: the new chunk's at its start; offsets are
            // sign-extended, so negative ones wrap (see the top)
            wire signed [TW-1:0] row_ix0 = s_cs ? sh_ix0 : a_ix0;

            // stage G: step to this pixel
            reg [IXW-1:0]        ix, iy;
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
                    if (s_cs || s_rs) ix <= IXW'(row_ix0);
                    else              ix <= ix + IXW'(l_s_w);
                    if (s_cs) begin
                        a_ix0 <= sh_ix0;
                        iy <= IXW'(sh_iy0);
                        addr <= sh_addr;
                        row_addr <= sh_addr;
                    end else if (s_rs) begin
                        iy <= iy + IXW'(l_s_h);
                        addr <= row_addr + l_step_y;
                        row_addr <= row_addr + l_step_y;
                    end else begin
                        addr <= addr + l_step_x;
                    end
                end
            end

            // stage 1: RAM read, bounds check. The lane's copy of the two
            // banks is a byte array written WB bytes at a time and read one
            // byte at a time: block RAMs with a read port narrower than
            // their write port (iCE40, ECP5, Gowin) then pick most of the
            // byte themselves, where a word-wide read needs a byte select
            // in logic. As in sdp_ram, the lane never reads a byte in the
            // cycle it is written (the host's SYNC rule keeps the DMA off a
            // bank in use), so that case is left open (no_rw_check).
            // With RR the byte and the rest of stage 2's inputs wait a
            // cycle (N = 0: wires); with ECP5_EBR the byte waits in the
            // block's output register.
            wire [7:0] byte_r;
            reg        v2, kv2, pad2, sel2;
            reg [7:0]  zp2;
            wire       v_r, kv_r, pad_r, sel_r;
            wire [7:0] zp_r;
            delay_line #(.W(1), .N(RR), .RESET(1)) u_v_r (
                .clk(clk), .rst(rst), .d(v2), .q(v_r));
            delay_line #(.W(11), .N(RR)) u_d_r (
                .clk(clk), .rst(rst), .d({zp2, kv2, pad2, sel2}),
                .q({zp_r, kv_r, pad_r, sel_r}));
            if (ECP5_EBR != 0) begin : g_ebr
                byte_ram_ecp5 #(.BYTES(2 << AB), .WB(WB)) u_ram (
                    .clk(clk), .we(act_we), .waddr({act_wbank, act_waddr}),
                    .wdata(act_wdata), .wstrb(act_wstrb), .raddr({l_bank, addr}),
                    .rdata(byte_r));
            end else begin : g_infer
                (* no_rw_check *) reg [7:0] mem [0:(2 << AB) - 1];
                reg [7:0] rbyte;
                integer   b;
                always @(posedge clk) begin
                    for (b = 0; b < WB; b = b + 1)
                        if (act_we && act_wstrb[b])
                            mem[{act_wbank, act_waddr, WBL'(b)}] <= act_wdata[8*b +: 8];
                    rbyte <= mem[{l_bank, addr}];
                end
                delay_line #(.W(8), .N(RR)) u_byte_r (
                    .clk(clk), .rst(rst), .d(rbyte), .q(byte_r));
            end

            wire in_tile = ix < IXW'(l_in_w) && iy < IXW'(l_in_h);
            // without LATCH zp_in holds for the whole command: no copy
            wire [7:0] zp_pad = LATCH != 0 ? zp_r : l_zp;
            always @(posedge clk) begin
                if (rst) v2 <= 1'b0;
                else     v2 <= v1;
                kv2 <= a_kv;
                pad2 <= !in_tile;
                zp2 <= l_zp;
                sel2 <= sel1;
            end

            // stage 2: padding, unused lanes
            reg [7:0] x3;
            reg       sel3;
            always @(posedge clk) begin
                if (rst || !v_r || !kv_r) x3 <= 8'd0;
                else if (pad_r)         x3 <= zp_pad;
                else                    x3 <= byte_r;
                sel3 <= sel_r;
            end
            assign x[8*r +: 8] = x3;
            assign sel[r] = sel3;
        end
    endgenerate

    // The schedule leaving the last lane has no consumer; the sizes' bits
    // above SZB - 1 are zero for any tile that fits, and the other fields'
    // upper bits are zero in any command that passed its checks.
    wire unused_ok = &{1'b0, sched[ROWS], in_w, in_h, in_c, stride_w[7:4], stride_h[7:4],
                       pad_l[7:TW-1], pad_t[7:TW-1]};
endmodule
