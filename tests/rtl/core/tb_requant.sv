// Requantization unit bench: one case per cycle, back to back, each with
// its own parameters; out_scaled and out_y must equal the reference values
// that gen_requant computed with host/ref. zp_out, act_min and act_max are
// looked up by the tag the unit shows on last_tag, as conv_core does,
// shift comes with its input and mult follows it by two cycles.
// SEQ = 1 tests requant_seq instead: a case every 8 cycles (its fastest
// rate), out_y only (it has no out_scaled). ECP5_DSP = 1 tests the
// pipelined unit with its products in MULT18X18D blocks (rtl/mul18_ecp5.v,
// simulated on sim/gate/ecp5_cells.v).
// Plusargs: +vec=FILE +n=CASES
`timescale 1ns/1ps
module tb_requant #(
    parameter SEQ = 0,
    parameter ECP5_DSP = 0
);
    localparam II = SEQ ? 8 : 1;
    localparam MAXN = 1 << 17;
    reg clk = 1'b0, rst = 1'b1;
    always #5 clk = !clk;

    reg [191:0] vec [0:MAXN-1];
    reg         in_valid = 1'b0;
    reg [31:0]  acc, bias, mult_in, shift_in;   // of the input on in_valid
    reg [31:0]  mult_d1, mult_d2;               // delayed by 1, 2 cycles
    reg [16:0]  tag;
    wire        out_valid;
    wire [7:0]  y;
    wire [31:0] scaled;
    wire [16:0] out_tag, last_tag;
    wire [7:0]  zp, lo, hi;
    assign {zp, lo, hi} = vec[last_tag][31:8];

    generate
        if (SEQ) begin : g_seq
            requant_seq #(.TAG_W(17)) dut (
                .clk(clk), .rst(rst), .in_valid(in_valid), .in_acc(acc), .in_tag(tag),
                .bias(bias), .mult(mult_d2), .shift(shift_in[5:0]), .last_tag(last_tag),
                .zp_out(zp), .act_min(lo), .act_max(hi),
                .out_valid(out_valid), .out_y(y), .out_tag(out_tag));
            assign scaled = 32'bx;
        end else begin : g_pipe
            requant #(.TAG_W(17), .ECP5_DSP(ECP5_DSP)) dut (
                .clk(clk), .rst(rst), .in_valid(in_valid), .in_acc(acc), .in_tag(tag),
                .bias(bias), .mult(mult_d2), .shift(shift_in[5:0]),
                .last_tag(last_tag), .zp_out(zp), .act_min(lo), .act_max(hi),
                .out_valid(out_valid), .out_y(y), .out_scaled(scaled), .out_tag(out_tag));
        end
    endgenerate

    integer n, i, seen = 0, passed = 0, failed = 0;
    reg [1023:0] file;

    always @(posedge clk) begin
        mult_d1 <= mult_in;
        mult_d2 <= mult_d1;
    end

    always @(posedge clk) begin
        if (out_valid) begin : check
            reg [191:0] e;
            e = vec[out_tag];
            if ((SEQ || scaled === e[63:32]) && y === e[7:0]) begin
                passed = passed + 1;
            end else begin
                failed = failed + 1;
                if (failed <= 10)
                    $display("FAIL case %0d: acc=%h bias=%h mult=%h shift=%0d zp=%0d [%0d,%0d]: got scaled=%h y=%0d, want scaled=%h y=%0d",
                             out_tag, e[191:160], e[159:128], e[127:96], $signed(e[95:64]),
                             $signed(e[31:24]), $signed(e[23:16]), $signed(e[15:8]),
                             scaled, $signed(y), e[63:32], $signed(e[7:0]));
            end
            seen = seen + 1;
        end
    end

    initial begin
        if (!$value$plusargs("vec=%s", file) || !$value$plusargs("n=%d", n)) begin
            $display("usage: +vec=FILE +n=CASES");
            $fatal(1);
        end
        if (n > MAXN) begin
            $display("too many cases: %0d > %0d", n, MAXN);
            $fatal(1);
        end
        $readmemh(file, vec, 0, n - 1);
        repeat (3) @(posedge clk);
        rst <= 1'b0;
        for (i = 0; i < n; i = i + 1) begin
            @(posedge clk);
            in_valid <= 1'b1;
            {acc, bias, mult_in, shift_in} <= vec[i][191:64];
            tag <= i[16:0];
            // between cases the operand inputs carry noise, so a value
            // read in the wrong cycle shows
            repeat (II - 1) begin
                @(posedge clk);
                in_valid <= 1'b0;
                {acc, bias, mult_in, shift_in} <= {$random, $random, $random, $random};
            end
        end
        @(posedge clk);
        in_valid <= 1'b0;
        repeat (20) @(posedge clk);
        if (seen != n) begin
            $display("FAIL: %0d results for %0d cases", seen, n);
            failed = failed + 1;
        end
        $display("%0d passed, %0d failed", passed, failed);
        if (failed != 0) $fatal(1);
        $finish;
    end
endmodule
