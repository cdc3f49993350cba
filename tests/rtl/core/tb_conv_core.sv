// conv_core bench: random conv tiles from gen_conv (expected bytes from
// host/ref's ref_conv2d). Per tile: quantization words into both weight
// banks, then one CONV per input-channel slice, alternating activation and
// weight banks, the next slice's buffers written while the current CONV
// runs. Then the output bank is read back and compared byte by byte; the
// perf outputs (stat_vec, stat_macs) are checked against the tile's shape.
// The buffers take words of WR_BYTES bytes (8, or 4 as behind a 4-byte
// bus): the vector file's 8-byte words go in as one or two writes.
// Plusargs: +dir=DIR (vector files DIR/convRxC.hex), +tiles=N (at most N
// tiles per shape), +verbose (cycle counts of every tile).
`timescale 1ns/1ps

module conv_check #(
    parameter ROWS      = 8,
    parameter COLS      = 8,
    parameter ACT_BYTES = 8192,
    parameter WGT_ROWS  = 512,
    parameter ACC_DEPTH = 1024,
    parameter RQ_UNITS  = COLS,
    parameter RQ_SEQ    = 0,
    parameter OVERLAP   = 1,
    parameter WR_BYTES  = 8,
    parameter ECP5      = 0,            // 1: ECP5_DSP and ECP5_EBR (on sim/gate/ecp5_cells.v)
    parameter MAXW      = 1 << 18
) (
    input  wire clk,
    output reg  done
);
    localparam WB  = WR_BYTES;
    localparam WPD = 8 / WB;                   // writes per 8-byte vector word
    localparam AWA = $clog2(ACT_BYTES / WB);
    localparam AWW = $clog2(WGT_ROWS * COLS / WB);
    localparam AWQ = $clog2(12 * COLS / WB);
    localparam PB  = $clog2(ACC_DEPTH);

    reg rst = 1'b1;
    reg cmd_valid = 1'b0;
    wire cmd_ready, busy, busy_prev;
    reg [15:0] in_w, in_h, in_c, out_w, out_h;
    reg [7:0]  ncols, k_w, k_h, s_w, s_h, pad_l, pad_t, zp_in, zp_out, act_min, act_max;
    reg        act_bank, wgt_bank, out_bank, acc_first, acc_last;
    reg        act_we = 1'b0, act_wbank = 1'b0, wgt_we = 1'b0, wgt_wbank = 1'b0;
    reg        qp_we = 1'b0, qp_wbank = 1'b0;
    reg [AWA-1:0] act_waddr = 0;
    reg [AWW-1:0] wgt_waddr = 0;
    reg [AWQ-1:0] qp_waddr = 0;
    reg [8*WB-1:0] act_wdata = 0, wgt_wdata = 0, qp_wdata = 0;
    reg        out_re = 1'b0, out_rbank = 1'b0;
    reg [PB-1:0] out_raddr = 0;
    wire [COLS*8-1:0] out_rdata;
    wire stat_vec;
    wire [15:0] stat_macs;

    conv_core #(.ROWS(ROWS), .COLS(COLS), .ACT_BYTES(ACT_BYTES), .WGT_ROWS(WGT_ROWS),
                .ACC_DEPTH(ACC_DEPTH), .RQ_UNITS(RQ_UNITS), .RQ_SEQ(RQ_SEQ),
                .OVERLAP(OVERLAP), .WR_BYTES(WR_BYTES), .ECP5_DSP(ECP5), .ECP5_EBR(ECP5)) dut (
        .clk(clk), .rst(rst), .cmd_valid(cmd_valid), .cmd_ready(cmd_ready),
        .in_w(in_w), .in_h(in_h), .in_c(in_c), .out_w(out_w), .out_h(out_h),
        .ncols(ncols), .k_w(k_w), .k_h(k_h), .stride_w(s_w), .stride_h(s_h),
        .pad_l(pad_l), .pad_t(pad_t), .zp_in(zp_in), .zp_out(zp_out),
        .act_min(act_min), .act_max(act_max), .act_bank(act_bank), .wgt_bank(wgt_bank),
        .out_bank(out_bank), .acc_first(acc_first), .acc_last(acc_last), .busy(busy), .busy_prev(busy_prev),
        .act_we(act_we), .act_wbank(act_wbank), .act_waddr(act_waddr),
        .act_wdata(act_wdata), .act_wstrb({WB{1'b1}}),
        .wgt_we(wgt_we), .wgt_wbank(wgt_wbank), .wgt_waddr(wgt_waddr), .wgt_wdata(wgt_wdata),
        .qp_we(qp_we), .qp_wbank(qp_wbank), .qp_waddr(qp_waddr), .qp_wdata(qp_wdata),
        .out_re(out_re), .out_rbank(out_rbank), .out_raddr(out_raddr), .out_rdata(out_rdata),
        .stat_vec(stat_vec), .stat_macs(stat_macs));

    // cycle counter and statistics
    integer cycle = 0, vec_cnt = 0, first_vec = -1, last_vec = -1;
    longint mac_cnt = 0;
    always @(posedge clk) begin
        cycle <= cycle + 1;
        if (stat_vec) begin
            vec_cnt <= vec_cnt + 1;
            mac_cnt <= mac_cnt + stat_macs;
            if (first_vec < 0) first_vec <= cycle;
            last_vec <= cycle;
        end
    end

    reg [63:0] mem [0:MAXW-1];
    integer passed = 0, failed = 0;
    integer ntiles, maxtiles, tile, ptr, i, s, nsl, p, c, np, bad, verbose;
    integer sl_ptr [0:2];
    integer q_ptr, e_ptr, want_vec, accept;
    longint want_mac;
    reg [63:0] hdr [0:15];
    reg [1023:0] dir, file;
    reg [7:0] got, want;

    // WB-byte word j of the 8-byte vector words from index pp on
    function automatic [8*WB-1:0] vword(input integer pp, input integer j);
        reg [63:0] w;
        begin
            w = mem[pp + j / WPD];
            vword = w[8 * WB * (j % WPD) +: 8 * WB];
        end
    endfunction

    // writes the act and weight words of slice sl into bank b
    task load_slice(input integer sl, input integer b);
        integer pp, na, nw, j;
        begin
            pp = sl_ptr[sl];
            na = mem[pp + 2];
            nw = mem[pp + 3];
            pp = pp + 4;
            for (j = 0; j < na * WPD; j = j + 1) begin
                @(negedge clk);
                act_we = 1'b1; act_wbank = b[0]; act_waddr = j[AWA-1:0]; act_wdata = vword(pp, j);
            end
            pp = pp + na;
            for (j = 0; j < nw * WPD; j = j + 1) begin
                @(negedge clk);
                act_we = 1'b0;
                wgt_we = 1'b1; wgt_wbank = b[0]; wgt_waddr = j[AWW-1:0]; wgt_wdata = vword(pp, j);
            end
            @(negedge clk);
            act_we = 1'b0; wgt_we = 1'b0;
        end
    endtask

    initial begin
        done = 1'b0;
        verbose = $test$plusargs("verbose");
        if (!$value$plusargs("dir=%s", dir)) dir = ".";
        if (!$value$plusargs("tiles=%d", maxtiles)) maxtiles = 1000000;
        $sformat(file, "%0s/conv%0dx%0d.hex", dir, ROWS, COLS);
        $readmemh(file, mem);
        ntiles = mem[0];
        if (ntiles > maxtiles) ntiles = maxtiles;
        ptr = 1;
        repeat (3) @(negedge clk);
        rst = 1'b0;
        for (tile = 0; tile < ntiles; tile = tile + 1) begin
            for (i = 0; i < 16; i = i + 1) hdr[i] = mem[ptr + i];
            ptr = ptr + 16;
            nsl = hdr[15];
            np = hdr[2] * hdr[3];
            want_vec = 0; want_mac = 0;
            for (s = 0; s < nsl; s = s + 1) begin
                sl_ptr[s] = ptr;
                want_vec = want_vec + (mem[ptr + 1] + ROWS - 1) / ROWS * np;
                want_mac = want_mac + mem[ptr + 1] * hdr[4] * np;
                ptr = ptr + 4 + mem[ptr + 2] + mem[ptr + 3];
            end
            q_ptr = ptr;
            e_ptr = ptr + 3 * COLS / 2;
            ptr = e_ptr + (np * hdr[4] + 7) / 8;

            for (i = 0; i < 3 * COLS * WPD; i = i + 1) begin   // both banks
                @(negedge clk);
                qp_we = 1'b1; qp_wbank = i >= 3 * COLS / 2 * WPD;
                qp_waddr = i % (3 * COLS / 2 * WPD); qp_wdata = vword(q_ptr, i % (3 * COLS / 2 * WPD));
            end
            @(negedge clk);
            qp_we = 1'b0;
            vec_cnt = 0; mac_cnt = 0; first_vec = -1; last_vec = -1;
            load_slice(0, 0);
            for (s = 0; s < nsl; s = s + 1) begin
                while (!cmd_ready) @(negedge clk);
                in_w = hdr[0]; in_h = hdr[1]; in_c = mem[sl_ptr[s]];
                out_w = hdr[2]; out_h = hdr[3]; ncols = hdr[4];
                k_w = hdr[5]; k_h = hdr[6]; s_w = hdr[7]; s_h = hdr[8];
                pad_l = hdr[9]; pad_t = hdr[10];
                zp_in = hdr[11]; zp_out = hdr[12]; act_min = hdr[13]; act_max = hdr[14];
                act_bank = s % 2; wgt_bank = s % 2; out_bank = tile % 2;
                acc_first = s == 0; acc_last = s == nsl - 1;
                cmd_valid = 1'b1;
                accept = cycle;
                @(negedge clk);
                cmd_valid = 1'b0;
                // like the engine's controller: the banks of the previous
                // slice are free once only the latest CONV is in flight
                while (busy_prev) @(negedge clk);
                if (s + 1 < nsl) load_slice(s + 1, (s + 1) % 2);
            end
            while (busy) @(negedge clk);
            if (verbose || tile == 0)
                $display("%0dx%0d/%0d%s%s tile %0d: P=%0d K=%0d slices=%0d: last CONV %0d cycles (accept to idle); fill %0d, vectors %0d..%0d, drain %0d",
                         ROWS, COLS, RQ_UNITS, RQ_SEQ ? "s" : "", OVERLAP ? "" : "n", tile, np, mem[sl_ptr[nsl-1] + 1], nsl, cycle - accept,
                         first_vec - accept, first_vec, last_vec, cycle - last_vec);
            bad = 0;
            for (p = 0; p < np; p = p + 1) begin
                out_re = 1'b1; out_rbank = tile % 2; out_raddr = p[PB-1:0];
                @(negedge clk);
                out_re = 1'b0;
                for (c = 0; c < hdr[4]; c = c + 1) begin
                    i = p * hdr[4] + c;
                    want = mem[e_ptr + i / 8] >> (8 * (i % 8));
                    got = out_rdata[8*c +: 8];
                    if (got !== want && bad == 0) begin
                        $display("FAIL %0dx%0d/%0d%s%s tile %0d (in %0dx%0d, out %0dx%0d, k %0dx%0d, s %0dx%0d, pad %0d,%0d, slices %0d): first mismatch at pixel %0d column %0d: got %0d want %0d",
                                 ROWS, COLS, RQ_UNITS, RQ_SEQ ? "s" : "", OVERLAP ? "" : "n", tile, hdr[1], hdr[0], hdr[3], hdr[2], hdr[6], hdr[5],
                                 hdr[8], hdr[7], hdr[10], hdr[9], nsl, p, c, $signed(got), $signed(want));
                        bad = 1;
                    end
                end
            end
            if (vec_cnt != want_vec || mac_cnt != want_mac) begin
                if (bad == 0)
                    $display("FAIL %0dx%0d/%0d%s%s tile %0d: stat_vec %0d (want %0d), stat_macs sum %0d (want %0d)",
                             ROWS, COLS, RQ_UNITS, RQ_SEQ ? "s" : "", OVERLAP ? "" : "n", tile, vec_cnt, want_vec, mac_cnt, want_mac);
                bad = 1;
            end
            if (bad) failed = failed + 1;
            else     passed = passed + 1;
        end
        done = 1'b1;
    end
endmodule

module tb_conv_core;
    reg clk = 1'b0;
    always #5 clk = !clk;
    // Shapes with fewer requantization units than columns (X/U: U units)
    // time-multiplex them over 4 (4x4/1, 8x8/2) and 2 (16x4/2) columns;
    // the s shapes have sequential units, serving 4 columns (4x4/1s) and
    // one column each (8x8s). The n shapes hold one CONV at a time
    // (OVERLAP = 0): the iCEBreaker's 2x2/1s and an 8x8 with a unit per
    // column. 4x4/1s and 2x2/1sn take 4-byte buffer writes, as behind a
    // 4-byte bus. The e shapes run the ECP5 primitives (DSP-block products,
    // block-RAM window lanes): the ULX3S-25F's 4x4/2 on 4-byte writes and
    // an 8x8 with a unit per column, as on the 85F.
    wire d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10;
    conv_check #(.ROWS(8),  .COLS(8))  c88 (.clk(clk), .done(d0));
    conv_check #(.ROWS(4),  .COLS(4),  .ACT_BYTES(1024), .WGT_ROWS(160), .ACC_DEPTH(256),
                 .RQ_UNITS(1)) c44 (.clk(clk), .done(d1));
    conv_check #(.ROWS(16), .COLS(16), .ACT_BYTES(4096), .WGT_ROWS(256), .ACC_DEPTH(512)) c1616 (.clk(clk), .done(d2));
    conv_check #(.ROWS(16), .COLS(4),  .ACT_BYTES(2048), .WGT_ROWS(512), .ACC_DEPTH(1024),
                 .RQ_UNITS(2)) c164 (.clk(clk), .done(d3));
    conv_check #(.ROWS(8),  .COLS(8),  .RQ_UNITS(2)) c88q2 (.clk(clk), .done(d4));
    conv_check #(.ROWS(4),  .COLS(4),  .ACT_BYTES(1024), .WGT_ROWS(160), .ACC_DEPTH(256),
                 .RQ_UNITS(1), .RQ_SEQ(1), .WR_BYTES(4)) c44s (.clk(clk), .done(d5));
    conv_check #(.ROWS(8),  .COLS(8),  .RQ_SEQ(1)) c88s (.clk(clk), .done(d6));
    conv_check #(.ROWS(2),  .COLS(2),  .ACT_BYTES(1024), .WGT_ROWS(256), .ACC_DEPTH(256),
                 .RQ_UNITS(1), .RQ_SEQ(1), .OVERLAP(0), .WR_BYTES(4)) c22sn (.clk(clk), .done(d7));
    conv_check #(.ROWS(8),  .COLS(8),  .OVERLAP(0)) c88n (.clk(clk), .done(d8));
    conv_check #(.ROWS(4),  .COLS(4),  .ACT_BYTES(4096), .WGT_ROWS(512), .ACC_DEPTH(1024),
                 .RQ_UNITS(2), .WR_BYTES(4), .ECP5(1)) c44e (.clk(clk), .done(d9));
    conv_check #(.ROWS(8),  .COLS(8),  .ECP5(1)) c88e (.clk(clk), .done(d10));
    integer passed, failed;
    initial begin
        wait (d0 && d1 && d2 && d3 && d4 && d5 && d6 && d7 && d8 && d9 && d10);
        passed = c88.passed + c44.passed + c1616.passed + c164.passed + c88q2.passed
               + c44s.passed + c88s.passed + c22sn.passed + c88n.passed + c44e.passed
               + c88e.passed;
        failed = c88.failed + c44.failed + c1616.failed + c164.failed + c88q2.failed
               + c44s.failed + c88s.failed + c22sn.failed + c88n.failed + c44e.failed
               + c88e.failed;
        $display("%0d passed, %0d failed", passed, failed);
        if (failed != 0) $fatal(1);
        $finish;
    end
endmodule
