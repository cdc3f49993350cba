// Bench of the bridge port of boards/common/dev_mem.v against the engine's
// port: random engine bursts (random byte strobes, valid gaps, ready
// stalls) in the lower half of the memory while byte reads and writes of
// the bridge hit the upper half every few cycles, far more often than a
// UART can. Both sides are checked against one byte array kept here, so a
// bridge access that steals an engine beat or overwrites read data the
// engine has not taken yet shows up as a wrong byte; a watchdog catches a
// side that is starved.
`timescale 1ns/1ps
module tb_dev_mem_bridge;
    parameter ONE_PORT = 0;                 // iverilog -Ptb_dev_mem_bridge.ONE_PORT=1: single-port RAM
    parameter BB       = 8;                 // bus bytes (-Ptb_dev_mem_bridge.BB=4)
    localparam WORDS = 64, HALF = WORDS / 2, QUARTER = WORDS / 4;
    reg clk = 0, rst = 1;
    always #5 clk = !clk;

    reg         arvalid = 0, rready = 0, awvalid = 0, wvalid = 0, wlast = 0, bready = 0;
    reg  [31:0] araddr = 0, awaddr = 0;
    reg  [7:0]  arlen = 0, awlen = 0;
    reg  [BB-1:0]   wstrb = 0;
    reg  [8*BB-1:0] wdata = 0;
    wire        arready, rvalid, rlast, awready, wready, bvalid;
    wire [8*BB-1:0] rdata;
    reg         b_we = 0, b_re = 0;
    reg  [31:0] b_addr = 0;
    reg  [7:0]  b_wdata = 0;
    wire        b_rgrant;

    dev_mem #(.WORDS(WORDS), .ONE_PORT(ONE_PORT), .BUS_BYTES(BB)) dut (
        .clk(clk), .rst(rst),
        .arvalid(arvalid), .arready(arready), .araddr(araddr), .arlen(arlen),
        .rvalid(rvalid), .rready(rready), .rdata(rdata), .rlast(rlast),
        .awvalid(awvalid), .awready(awready), .awaddr(awaddr), .awlen(awlen),
        .wvalid(wvalid), .wready(wready), .wdata(wdata), .wstrb(wstrb), .wlast(wlast),
        .bvalid(bvalid), .bready(bready),
        .b_we(b_we), .b_re(b_re), .b_rgrant(b_rgrant), .b_addr(b_addr), .b_wdata(b_wdata));

    reg [7:0] model [0:BB*WORDS-1];
    integer seed, bseed, seed0, passed = 0, failed = 0, i, j, n, m, bridge_ops = 0;
    reg engine_done = 0, wr_done = 0, rd_done = 0;

    // engine bursts stay in the lower half, so the wrap never applies
    `include "dev_mem_tasks.vh"

    // one bridge access to a random byte of the upper half, after 0..3 idle cycles
    task bridge_access(input write);
        integer a;
        begin
            repeat ($urandom(bseed) % 4) @(negedge clk);
            a = BB * HALF + $urandom(bseed) % (BB * HALF);
            b_addr = a;
            if (write) begin
                b_we = 1; b_wdata = $urandom(bseed);
                model[a] = b_wdata;
                @(negedge clk); b_we = 0;
            end else begin
                b_re = 1;
                @(posedge clk); while (!b_rgrant) @(posedge clk);
                @(negedge clk); b_re = 0;                      // word on rdata until the next read
                if (rdata[8 * (a % BB) +: 8] === model[a]) passed = passed + 1;
                else begin
                    failed = failed + 1;
                    $display("FAIL seed %0d: bridge byte %0d read %h, expected %h", seed0, a,
                             rdata[8 * (a % BB) +: 8], model[a]);
                end
            end
            bridge_ops = bridge_ops + 1;
        end
    endtask

    initial begin
        if (!$value$plusargs("seed=%d", seed)) seed = 1;
        seed0 = seed;
        bseed = seed + 1000;
        repeat (3) @(posedge clk);
        @(negedge clk); rst = 0;
        for (i = 0; i < HALF; i = i + 16) write_burst(i, 16, 1);      // lower half defined
        for (i = BB * HALF; i < BB * WORDS; i = i + 1) begin              // upper half defined
            @(negedge clk); b_we = 1; b_addr = i; b_wdata = $urandom(bseed); model[i] = b_wdata;
            @(negedge clk); b_we = 0;
        end
        fork
            begin
                for (n = 0; n < 80; n = n + 1) begin
                    i = $urandom(seed) % HALF;
                    write_burst(i, 1 + $urandom(seed) % room16(i), 0);
                    i = $urandom(seed) % HALF;
                    read_burst(i, 1 + $urandom(seed) % room16(i));
                end
                engine_done = 1;
            end
            while (!engine_done) bridge_access($urandom(bseed) % 2);
        join
        // then engine reads and writes at once (first and second quarter),
        // which share the one RAM port when ONE_PORT is set
        engine_done = 0;
        fork
            begin
                for (n = 0; n < 40; n = n + 1) begin
                    i = $urandom(seed) % QUARTER;
                    write_burst(i, 1 + $urandom(seed) % room16(i), 0);
                end
                wr_done = 1;
            end
            begin
                for (m = 0; m < 40; m = m + 1) begin
                    j = QUARTER + $urandom(seed) % QUARTER;
                    read_burst(j, 1 + $urandom(seed) % room16(j));
                end
                rd_done = 1;
            end
            while (!(wr_done && rd_done)) bridge_access($urandom(bseed) % 2);
        join
        $display("%0d bridge accesses during the engine's bursts", bridge_ops);
        $display("%0d passed, %0d failed", passed, failed);
        if (failed != 0) $fatal(1);
        $finish;
    end

    initial begin
        #2_000_000;
        $display("FAIL: a side is starved (timeout)");
        $display("%0d passed, %0d failed", passed, failed + 1);
        $fatal(1);
    end
endmodule
