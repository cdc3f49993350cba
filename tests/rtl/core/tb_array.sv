// Systolic array bench: chunks of random int8 vectors stream back to back
// (period max(P, ROWS)) while the next chunk's random weights load into
// the other register bank at a random point of the window the array
// allows. Every column output is compared with sum_r W[r][c] * x[r]
// computed here. Four shapes run side by side: 4x4, 8x8, 16x16, 8x4; with
// ECP5_DSP = 1 their PEs multiply in the MULT18X18D model (ecp5_cells.v),
// and the 8x8 and 8x4 arrays' column 0 takes x_in in the blocks' input
// registers (COL0_DSP_IN_REG), the others' in logic registers.
`timescale 1ns/1ps

// One array and its checker. Drives on the falling edge, samples values
// registered at the rising edge, so both simulators see the same order.
module array_check #(
    parameter ROWS = 4,
    parameter COLS = 4,
    parameter SEED = 1,
    parameter ECP5_DSP = 0,             // 1: PE products in MULT18X18D models (sim/gate/ecp5_cells.v)
    parameter COL0_DSP_IN_REG = 0
) (
    input  wire clk,
    output reg  done
);
    localparam NCH = 5;          // chunks per run
    localparam MAXP = 40;
    localparam NRUN = 7;

    reg              rst;
    reg [ROWS*8-1:0] x_in;
    reg [ROWS-1:0]   sel_in;
    reg              wl_start, wl_bank;
    reg [COLS*8-1:0] wl_row;
    wire [COLS*32-1:0] psum;

    systolic_array #(.ROWS(ROWS), .COLS(COLS), .ECP5_DSP(ECP5_DSP),
                     .COL0_DSP_IN_REG(COL0_DSP_IN_REG)) dut (
        .clk(clk), .rst(rst), .x_in(x_in), .sel_in(sel_in),
        .wl_start(wl_start), .wl_bank(wl_bank), .wl_row(wl_row), .psum_out(psum));

    reg [31:0] rng;
    function [7:0] rnd8(input dummy);
        begin
            rng = rng * 32'd1664525 + 32'd1013904223;
            rnd8 = rng[31:24];
        end
    endfunction

    reg signed [7:0] w  [0:NCH*ROWS*COLS-1];
    reg signed [7:0] xv [0:NCH*MAXP*ROWS-1];
    integer s [0:NCH-1];      // cycle the weight load of chunk j starts
    integer passed, failed;
    integer run, p, period, t, t0, tend, j, v, r, c, u, k;
    reg signed [31:0] want;
    integer runp [0:NRUN-1];

    initial begin
        runp[0] = 1; runp[1] = 3; runp[2] = ROWS - 1; runp[3] = ROWS;
        runp[4] = ROWS + 5; runp[5] = 37; runp[6] = 2;
        rng = SEED;
        passed = 0; failed = 0; done = 0;
        rst = 1; x_in = 0; sel_in = 0; wl_start = 0; wl_bank = 0; wl_row = 0;
        repeat (3) @(negedge clk);
        rst = 0;
        for (run = 0; run < NRUN; run = run + 1) begin
            p = runp[run];
            period = p > ROWS ? p : ROWS;
            for (k = 0; k < NCH * ROWS * COLS; k = k + 1) w[k] = rnd8(0);
            for (k = 0; k < NCH * MAXP * ROWS; k = k + 1) xv[k] = rnd8(0);
            // chunk j's first vector reaches PE (0,0) at t0 + j*period; its
            // weights may load in [t0 + (j-1)*period, t0 + j*period - ROWS]
            t0 = 2 * ROWS + 4;
            s[0] = t0 - ROWS - (rnd8(0) % 4);
            for (j = 1; j < NCH; j = j + 1)
                s[j] = t0 + (j - 1) * period + (rnd8(0) % (period - ROWS + 1));
            tend = t0 + NCH * period + ROWS + COLS + 5;
            for (t = 0; t < tend; t = t + 1) begin
                @(negedge clk);
                // check what the array registered at the last rising edge
                for (c = 0; c < COLS; c = c + 1) begin
                    u = t - t0 - ROWS - c - 2;   // the array's latency
                    if (u >= 0 && u < NCH * period && u % period < p) begin
                        j = u / period; v = u % period;
                        want = 0;
                        for (r = 0; r < ROWS; r = r + 1)
                            want = want + w[(j*ROWS + r)*COLS + c] * xv[(j*MAXP + v)*ROWS + r];
                        if ($signed(psum[32*c +: 32]) === want) begin
                            passed = passed + 1;
                        end else begin
                            failed = failed + 1;
                            if (failed <= 5)
                                $display("FAIL %0dx%0d P=%0d chunk %0d vector %0d column %0d: got %0d want %0d",
                                         ROWS, COLS, p, j, v, c, $signed(psum[32*c +: 32]), want);
                        end
                    end
                end
                // activations: row r sees vector u = t - t0 - r
                for (r = 0; r < ROWS; r = r + 1) begin
                    u = t - t0 - r;
                    x_in[8*r +: 8] = rnd8(0);     // idle cycles carry garbage
                    sel_in[r] = rng[0];
                    if (u >= 0 && u < NCH * period) begin
                        j = u / period; v = u % period;
                        sel_in[r] = j % 2;
                        if (v < p) x_in[8*r +: 8] = xv[(j*MAXP + v)*ROWS + r];
                    end
                end
                // weight rows
                wl_start = 0; wl_bank = 0; wl_row = {COLS{8'hA5}};
                for (j = 0; j < NCH; j = j + 1)
                    if (t >= s[j] && t < s[j] + ROWS) begin
                        wl_start = t == s[j];
                        wl_bank = j % 2;
                        for (c = 0; c < COLS; c = c + 1)
                            wl_row[8*c +: 8] = w[(j*ROWS + t - s[j])*COLS + c];
                    end
            end
        end
        done = 1;
    end
endmodule

module tb_array;
    parameter ECP5_DSP = 0;             // 1: every shape with the PEs' DSP-block products
    reg clk = 1'b0;
    always #5 clk = !clk;
    wire d0, d1, d2, d3;
    array_check #(.ROWS(4),  .COLS(4),  .SEED(11), .ECP5_DSP(ECP5_DSP)) a44   (.clk(clk), .done(d0));
    array_check #(.ROWS(8),  .COLS(8),  .SEED(22), .ECP5_DSP(ECP5_DSP),
                  .COL0_DSP_IN_REG(ECP5_DSP)) a88   (.clk(clk), .done(d1));
    array_check #(.ROWS(16), .COLS(16), .SEED(33), .ECP5_DSP(ECP5_DSP)) a1616 (.clk(clk), .done(d2));
    array_check #(.ROWS(8),  .COLS(4),  .SEED(44), .ECP5_DSP(ECP5_DSP),
                  .COL0_DSP_IN_REG(ECP5_DSP)) a84   (.clk(clk), .done(d3));
    integer passed, failed;
    initial begin
        wait (d0 && d1 && d2 && d3);
        passed = a44.passed + a88.passed + a1616.passed + a84.passed;
        failed = a44.failed + a88.failed + a1616.failed + a84.failed;
        $display("%0d passed, %0d failed", passed, failed);
        if (failed != 0) $fatal(1);
        $finish;
    end
endmodule
