// Window generator bench: every kernel height 1..11 x vertical stride 1..4
// x top padding 0..K_H-1, and the same sweep horizontally, the other axis
// and the tile picked at random. The generator runs the schedule conv_core
// uses (next chunk's descriptors written while the current chunk streams,
// chunk period max(P, ROWS)); every lane's element of every pixel is
// compared with an im2col computed here from the tap decomposition
// k = (ky*K_W + kx)*IN_C + ci. RAM_REG = 1 runs the generator with its
// extra register after the block RAM (one cycle more latency), ECP5_EBR = 1
// with its lane memories in ECP5 block RAMs (on sim/gate/ecp5_cells.v),
// which have that register inside; WB is the activation write width.
`timescale 1ns/1ps
module tb_window #(parameter RAM_REG = 0, ECP5_EBR = 0, WB = 8, ACT_BYTES = 1024);
    localparam ROWS = 8;
    localparam AB = $clog2(ACT_BYTES);
    localparam WBL = $clog2(WB);
    localparam RR = RAM_REG != 0 || ECP5_EBR != 0 ? 1 : 0;   // the extra register
    localparam KBITS = 12;

    reg clk = 1'b0;
    always #5 clk = !clk;

    reg rst = 1'b1;
    reg [15:0] in_w, in_h, in_c;
    reg [7:0]  k_w, s_w, s_h, pad_l, pad_t, zp_in;
    reg        act_bank;
    reg [KBITS-1:0] k_total;
    reg [AB-1:0] row_bytes, step_x, step_y, addr_start;
    reg        act_we = 0, act_wbank = 0;
    reg [AB-WBL-1:0] act_waddr = 0;
    reg [8*WB-1:0] act_wdata = 0, word;
    reg        tap_init = 0, tap_we = 0, tap_kv = 0;
    reg [2:0]  tap_lane = 0;
    reg        pix_valid = 0, chunk_start = 0, row_start = 0, bank_sel = 0;
    wire [ROWS*8-1:0] x;
    wire [ROWS-1:0] sel;

    window_gen #(.ROWS(ROWS), .ACT_BYTES(ACT_BYTES), .KBITS(KBITS), .WB(WB),
                 .RAM_REG(RAM_REG), .ECP5_EBR(ECP5_EBR)) dut (
        .clk(clk), .rst(rst), .in_w(in_w), .in_h(in_h), .in_c(in_c), .k_w(k_w),
        .stride_w(s_w), .stride_h(s_h), .pad_l(pad_l), .pad_t(pad_t), .zp_in(zp_in),
        .act_bank(act_bank), .row_bytes(row_bytes), .step_x(step_x),
        .step_y(step_y), .addr_start(addr_start),
        .act_we(act_we), .act_wbank(act_wbank), .act_waddr(act_waddr), .act_wdata(act_wdata),
        .act_wstrb({WB{1'b1}}), .tap_init(tap_init), .tap_we(tap_we), .tap_lane(tap_lane),
        .tap_kv(tap_kv),
        .pix_valid(pix_valid), .chunk_start(chunk_start), .row_start(row_start),
        .bank_sel(bank_sel), .x(x), .sel(sel));

    reg [31:0] rng = 32'd12345;
    function integer rnd(input integer lo, input integer hi);
        begin
            rng = rng * 32'd1664525 + 32'd1013904223;
            rnd = lo + (rng[31:8] % (hi - lo + 1));
        end
    endfunction

    reg [7:0] act [0:ACT_BYTES-1];            // the tile, from its first byte
    integer   base;                           // where the tile starts in its bank
    integer passed = 0, failed = 0, ncfg = 0;
    integer k_h, pad_b, pad_r, out_h, out_w, np, nch, period, g0, tend, t, r, u, j, v, k;
    integer ky, kx, ci, iy, ix, oy, ox, bad, sweep, kk, ss, pp, cfg_ok, wi, wb;
    reg [7:0] want;

    // one configuration: the globals above hold the shape
    task run_config;
        begin
            np = out_h * out_w;
            nch = (k_total + ROWS - 1) / ROWS;
            period = np > ROWS ? np : ROWS;
            row_bytes = in_w * in_c;
            step_x = s_w * in_c;
            step_y = s_h * in_w * in_c;
            // the tile anywhere in the bank (whole writes), so every block
            // RAM of a lane's copy is read
            base = WB * rnd(0, (ACT_BYTES - in_h * in_w * in_c) / WB);
            addr_start = AB'(base - (pad_t * in_w + pad_l) * in_c);
            act_bank = ncfg % 2;
            zp_in = rnd(0, 255);
            // new bytes into this bank
            for (wi = 0; wi < in_h * in_w * in_c; wi = wi + WB) begin
                @(negedge clk);
                act_we = 1; act_wbank = act_bank; act_waddr = (AB-WBL)'((base + wi) / WB);
                for (wb = 0; wb < WB; wb = wb + 1) begin
                    act[wi + wb] = rnd(0, 255);
                    word[8*wb +: 8] = act[wi + wb];
                end
                // the whole word at once: Verilator (5.006) did not pass
                // byte-wise writes on through continuous assignments
                act_wdata = word;
            end
            @(negedge clk);
            act_we = 0;
            // schedule: tap_init at 0, chunk 0's descriptors at 1..ROWS,
            // chunk j's pixels from g0 + j*period, chunk j+1's descriptors
            // right after chunk j starts
            g0 = ROWS + 1;
            tend = g0 + nch * period + ROWS + 4 + RR;
            bad = 0;
            for (t = 0; t < tend; t = t + 1) begin
                // check the lanes (registered at the last rising edge)
                for (r = 0; r < ROWS; r = r + 1) begin
                    u = t - 1 - r - 3 - RR - g0;   // lane-0 time of lane r's element
                    if (u >= 0 && u < nch * period && u % period < np) begin
                        j = u / period; v = u % period;
                        k = j * ROWS + r;
                        oy = v / out_w; ox = v % out_w;
                        ci = k % in_c; kx = (k / in_c) % k_w; ky = k / (in_c * k_w);
                        iy = oy * s_h + ky - pad_t;
                        ix = ox * s_w + kx - pad_l;
                        if (k >= k_total) want = 0;
                        else if (iy < 0 || iy >= in_h || ix < 0 || ix >= in_w) want = zp_in;
                        else want = act[(iy * in_w + ix) * in_c + ci];
                        if (x[8*r +: 8] !== want || sel[r] !== j[0]) begin
                            if (bad == 0 && failed < 10)
                                $display("FAIL k %0dx%0d s %0dx%0d pad %0d,%0d in %0dx%0dx%0d out %0dx%0d: chunk %0d pixel %0d lane %0d: got %h sel %b, want %h sel %b",
                                         k_h, k_w, s_h, s_w, pad_t, pad_l, in_h, in_w, in_c, out_h, out_w,
                                         j, v, r, x[8*r +: 8], sel[r], want, j[0]);
                            bad = 1;
                        end
                    end
                end
                @(negedge clk);
                tap_init = t == 0;
                tap_we = 0;
                u = t - 1;                      // descriptors of chunk 0
                if (u >= 0 && u < ROWS) begin
                    tap_we = 1; tap_lane = u; tap_kv = u < k_total;
                end
                u = t - g0 - 1;                 // descriptors of the next chunk
                if (u >= 0 && u % period < ROWS && u / period + 1 < nch) begin
                    tap_we = 1; tap_lane = u % period;
                    tap_kv = (u / period + 1) * ROWS + u % period < k_total;
                end
                u = t - g0;
                pix_valid = 0; chunk_start = 0; row_start = 0;
                if (u >= 0 && u < nch * period) begin
                    v = u % period;
                    pix_valid = v < np;
                    chunk_start = v == 0;
                    row_start = v % out_w == 0;
                    bank_sel = (u / period) % 2;
                    if (!pix_valid) bank_sel = rnd(0, 1);
                end
            end
            ncfg = ncfg + 1;
            if (bad) failed = failed + 1;
            else     passed = passed + 1;
        end
    endtask

    // random tile around the swept axis; returns 0 if it does not fit
    task pick_rest;
        begin
            pad_b = rnd(0, k_h - 1);
            pad_r = rnd(0, k_w - 1);
            in_c = k_h * k_w > 40 ? 1 : rnd(1, 3);
            in_h = rnd(1, 10);
            in_w = rnd(1, 10);
            out_h = (in_h + pad_t + pad_b - k_h) / s_h + 1;
            out_w = (in_w + pad_l + pad_r - k_w) / s_w + 1;
            k_total = k_h * k_w * in_c;
            cfg_ok = in_h + pad_t + pad_b >= k_h && in_w + pad_l + pad_r >= k_w
                     && out_h * out_w <= 48;
        end
    endtask

    initial begin
        repeat (3) @(negedge clk);
        rst = 0;
        for (sweep = 0; sweep < 2; sweep = sweep + 1)
            for (kk = 1; kk <= 11; kk = kk + 1)
                for (ss = 1; ss <= 4; ss = ss + 1)
                    for (pp = 0; pp < kk; pp = pp + 1) begin
                        cfg_ok = 0;
                        while (!cfg_ok) begin
                            if (sweep == 0) begin
                                k_h = kk; s_h = ss; pad_t = pp;
                                k_w = rnd(1, 11); s_w = rnd(1, 4); pad_l = rnd(0, k_w - 1);
                            end else begin
                                k_w = kk; s_w = ss; pad_l = pp;
                                k_h = rnd(1, 11); s_h = rnd(1, 4); pad_t = rnd(0, k_h - 1);
                            end
                            pick_rest;
                        end
                        run_config;
                    end
        $display("%0d passed, %0d failed", passed, failed);
        if (failed != 0) $fatal(1);
        $finish;
    end
endmodule
