// Bench of the boards' device memory (boards/common/dev_mem.v): random
// write bursts with random byte strobes and valid gaps, then random read
// bursts with random ready stalls, checked against a byte array kept here.
`timescale 1ns/1ps
module tb_dev_mem;
    parameter ONE_PORT = 0;                 // iverilog -Ptb_dev_mem.ONE_PORT=1: single-port RAM
    parameter BB       = 8;                 // bus bytes (-Ptb_dev_mem.BB=4)
    localparam WORDS = 64;
    reg clk = 0, rst = 1;
    always #5 clk = !clk;

    reg         arvalid = 0, rready = 0, awvalid = 0, wvalid = 0, wlast = 0, bready = 0;
    reg  [31:0] araddr = 0, awaddr = 0;
    reg  [7:0]  arlen = 0, awlen = 0;
    reg  [BB-1:0]   wstrb = 0;
    reg  [8*BB-1:0] wdata = 0;
    wire        arready, rvalid, rlast, awready, wready, bvalid;
    wire [8*BB-1:0] rdata;

    dev_mem #(.WORDS(WORDS), .ONE_PORT(ONE_PORT), .BUS_BYTES(BB)) dut (
        .clk(clk), .rst(rst),
        .arvalid(arvalid), .arready(arready), .araddr(araddr), .arlen(arlen),
        .rvalid(rvalid), .rready(rready), .rdata(rdata), .rlast(rlast),
        .awvalid(awvalid), .awready(awready), .awaddr(awaddr), .awlen(awlen),
        .wvalid(wvalid), .wready(wready), .wdata(wdata), .wstrb(wstrb), .wlast(wlast),
        .bvalid(bvalid), .bready(bready),
        .b_we(1'b0), .b_re(1'b0), .b_rgrant(), .b_addr(32'd0), .b_wdata(8'd0));

    reg [7:0] model [0:BB*WORDS-1];
    integer seed, seed0, passed = 0, failed = 0, i, n;

    `include "dev_mem_tasks.vh"

    initial begin
        if (!$value$plusargs("seed=%d", seed)) seed = 1;
        seed0 = seed;
        repeat (3) @(posedge clk);
        @(negedge clk); rst = 0;
        for (i = 0; i < WORDS; i = i + 16) write_burst(i, 16, 1);    // every byte defined
        for (n = 0; n < 60; n = n + 1) begin
            i = $urandom(seed) % WORDS;
            write_burst(i, 1 + $urandom(seed) % room16(i), 0);
            i = $urandom(seed) % WORDS;
            read_burst(i, 1 + $urandom(seed) % room16(i));
        end
        $display("%0d passed, %0d failed", passed, failed);
        if (failed != 0) $fatal(1);
        $finish;
    end
endmodule
