// Bench of the boards' device memory (boards/common/dev_mem.v): random
// write bursts with random byte strobes and valid gaps, then random read
// bursts with random ready stalls, checked against a byte array kept here.
`timescale 1ns/1ps
module tb_dev_mem;
    localparam WORDS = 64;
    reg clk = 0, rst = 1;
    always #5 clk = !clk;

    reg         arvalid = 0, rready = 0, awvalid = 0, wvalid = 0, wlast = 0, bready = 0;
    reg  [31:0] araddr = 0, awaddr = 0;
    reg  [7:0]  arlen = 0, awlen = 0, wstrb = 0;
    reg  [63:0] wdata = 0;
    wire        arready, rvalid, rlast, awready, wready, bvalid;
    wire [63:0] rdata;

    dev_mem #(.WORDS(WORDS)) dut (
        .clk(clk), .rst(rst),
        .arvalid(arvalid), .arready(arready), .araddr(araddr), .arlen(arlen),
        .rvalid(rvalid), .rready(rready), .rdata(rdata), .rlast(rlast),
        .awvalid(awvalid), .awready(awready), .awaddr(awaddr), .awlen(awlen),
        .wvalid(wvalid), .wready(wready), .wdata(wdata), .wstrb(wstrb), .wlast(wlast),
        .bvalid(bvalid), .bready(bready),
        .b_we(1'b0), .b_re(1'b0), .b_rgrant(), .b_addr(32'd0), .b_wdata(8'd0));

    reg [7:0] model [0:8*WORDS-1];
    integer seed, seed0, passed = 0, failed = 0, i, n;

    task write_burst(input integer word, input integer beats, input full);
        integer b, k;
        begin
            @(negedge clk); awvalid = 1; awaddr = 8 * word; awlen = beats - 1;
            @(posedge clk); while (!awready) @(posedge clk);
            @(negedge clk); awvalid = 0;
            for (b = 0; b < beats; b = b + 1) begin
                while ($urandom(seed) % 3 == 0) @(negedge clk);   // valid gaps
                wvalid = 1; wdata = {$urandom(seed), $urandom(seed)};
                wstrb = full ? 8'hFF : $urandom(seed); wlast = b == beats - 1;
                @(posedge clk); while (!wready) @(posedge clk);
                for (k = 0; k < 8; k = k + 1)
                    if (wstrb[k]) model[8 * ((word + b) % WORDS) + k] = wdata[8*k +: 8];
                @(negedge clk); wvalid = 0; wlast = 0;
            end
            bready = 1;
            @(posedge clk); while (!bvalid) @(posedge clk);
            @(negedge clk); bready = 0;
        end
    endtask

    task read_burst(input integer word, input integer beats);
        integer b, k;
        reg [63:0] want;
        begin
            @(negedge clk); arvalid = 1; araddr = 8 * word; arlen = beats - 1;
            @(posedge clk); while (!arready) @(posedge clk);
            @(negedge clk); arvalid = 0;
            for (b = 0; b < beats; b = b + 1) begin
                rready = $urandom(seed) % 3 != 0;              // ready stalls
                @(posedge clk);
                while (!(rvalid && rready)) begin
                    @(negedge clk); rready = $urandom(seed) % 3 != 0; @(posedge clk);
                end
                for (k = 0; k < 8; k = k + 1) want[8*k +: 8] = model[8 * ((word + b) % WORDS) + k];
                if (rdata === want && rlast === (b == beats - 1)) passed = passed + 1;
                else begin
                    failed = failed + 1;
                    $display("FAIL seed %0d: word %0d beat %0d: data %h last %b, expected %h %b",
                             seed0, word, b, rdata, rlast, want, b == beats - 1);
                end
                @(negedge clk); rready = 0;
            end
        end
    endtask

    initial begin
        if (!$value$plusargs("seed=%d", seed)) seed = 1;
        seed0 = seed;
        repeat (3) @(posedge clk);
        @(negedge clk); rst = 0;
        for (i = 0; i < WORDS; i = i + 16) write_burst(i, 16, 1);    // every byte defined
        for (n = 0; n < 60; n = n + 1) begin
            write_burst($urandom(seed) % WORDS, 1 + $urandom(seed) % 16, 0);
            read_burst($urandom(seed) % WORDS, 1 + $urandom(seed) % 16);
        end
        $display("%0d passed, %0d failed", passed, failed);
        if (failed != 0) $fatal(1);
        $finish;
    end
endmodule
