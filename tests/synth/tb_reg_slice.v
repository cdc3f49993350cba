// Bench of the register slice (rtl/reg_slice.v): a source
// that holds each beat until it is taken and a sink with random stalls.
// Every beat arrives once and in order; with neither side stalling, one
// beat passes per cycle; s_ready and m_valid change only at clock edges
// (checked half a cycle after each edge, while the other side's inputs
// change).
`timescale 1ns/1ps
module tb_reg_slice;
    localparam W = 16, N = 2000;
    reg clk = 0, rst = 1;
    always #5 clk = !clk;

    reg          s_valid = 0, m_ready = 0;
    reg  [W-1:0] s_data = 0;
    wire         s_ready, m_valid;
    wire [W-1:0] m_data;
    reg_slice #(.W(W)) dut (
        .clk(clk), .rst(rst), .s_valid(s_valid), .s_ready(s_ready), .s_data(s_data),
        .m_valid(m_valid), .m_ready(m_ready), .m_data(m_data));

    integer seed = 1, passed = 0, failed = 0;
    integer sent = 0, got = 0, errors = 0, glitches = 0, cycles = 0;
    integer p_src = 70, p_snk = 70;         // percent of cycles each side is willing

    task check(input cond, input [8*64-1:0] what);
        begin
            if (cond) passed = passed + 1;
            else begin failed = failed + 1; $display("FAIL: %0s", what); end
        end
    endtask

    // Inputs change just after each rising edge; s_ready and m_valid are
    // sampled before and after that change, and must not follow it.
    reg sr_q, mv_q, taken;
    always @(posedge clk) if (!rst) begin
        cycles = cycles + 1;
        taken = s_valid && s_ready;
        if (taken) sent = sent + 1;
        if (m_valid && m_ready) begin
            if (m_data !== got[W-1:0]) begin
                if (errors < 5) $display("beat %0d: got %h", got, m_data);
                errors = errors + 1;
            end
            got = got + 1;
        end
        #1;
        sr_q = s_ready; mv_q = m_valid;
        if (!s_valid || taken) begin        // a taken beat is replaced, a held one stays
            s_valid = sent < N && ($random(seed) % 100 + 100) % 100 < p_src;
            s_data  = sent[W-1:0];
        end
        m_ready = ($random(seed) % 100 + 100) % 100 < p_snk;
        #1;
        if (s_ready !== sr_q || m_valid !== mv_q) glitches = glitches + 1;
    end

    task run(input integer ps, input integer pk);
        begin
            @(negedge clk); rst = 1; s_valid = 0; m_ready = 0;
            sent = 0; got = 0; errors = 0; glitches = 0; cycles = 0; p_src = ps; p_snk = pk;
            @(negedge clk); rst = 0;
            while (got < N && cycles < 20 * N) @(posedge clk);
        end
    endtask

    initial begin
        if (!$value$plusargs("seed=%d", seed)) seed = 1;
        run(70, 70);
        check(got == N && errors == 0, "random stalls: every beat once, in order");
        check(glitches == 0, "random stalls: s_ready and m_valid come from registers");
        run(100, 100);
        check(got == N && errors == 0, "no stalls: every beat once, in order");
        check(cycles <= N + 2, "no stalls: a beat per cycle");
        run(100, 30);
        check(got == N && errors == 0, "slow sink: every beat once, in order");
        run(30, 100);
        check(got == N && errors == 0, "slow source: every beat once, in order");
        $display("%0d passed, %0d failed", passed, failed);
        $finish;
    end
endmodule
