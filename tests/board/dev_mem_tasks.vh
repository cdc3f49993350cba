// Engine-port tasks shared by the device-memory benches (tests/synth/tb_dev_mem.v,
// tests/board/tb_dev_mem_bridge.v): one write burst with random byte strobes
// and valid gaps, and one read burst with random ready stalls checked against
// the bench's byte array `model` (WORDS words of BB bytes, addresses wrap as
// in dev_mem). The including module declares clk, the AXI-like signals, model,
// seed, seed0, passed and failed. Bursts follow the engine's rules, which
// dev_mem relies on: at most 16 beats, within one 16-beat block (room16).
    // beats left in the 16-beat block of word
    function integer room16(input integer word);
        room16 = 16 - word % 16;
    endfunction

    task write_burst(input integer word, input integer beats, input full);
        integer b, k;
        begin
            @(negedge clk); awvalid = 1; awaddr = BB * word; awlen = beats - 1;
            @(posedge clk); while (!awready) @(posedge clk);
            @(negedge clk); awvalid = 0;
            for (b = 0; b < beats; b = b + 1) begin
                while ($urandom(seed) % 3 == 0) @(negedge clk);   // valid gaps
                wvalid = 1; wdata = {$urandom(seed), $urandom(seed), $urandom(seed), $urandom(seed)};
                wstrb = full ? {BB{1'b1}} : $urandom(seed); wlast = b == beats - 1;
                @(posedge clk); while (!wready) @(posedge clk);
                for (k = 0; k < BB; k = k + 1)
                    if (wstrb[k]) model[BB * ((word + b) % WORDS) + k] = wdata[8*k +: 8];
                @(negedge clk); wvalid = 0; wlast = 0;
            end
            bready = 1;
            @(posedge clk); while (!bvalid) @(posedge clk);
            @(negedge clk); bready = 0;
        end
    endtask

    task read_burst(input integer word, input integer beats);
        integer b, k;
        reg [8*BB-1:0] want;
        begin
            @(negedge clk); arvalid = 1; araddr = BB * word; arlen = beats - 1;
            @(posedge clk); while (!arready) @(posedge clk);
            @(negedge clk); arvalid = 0;
            for (b = 0; b < beats; b = b + 1) begin
                rready = $urandom(seed) % 3 != 0;              // ready stalls
                @(posedge clk);
                while (!(rvalid && rready)) begin
                    @(negedge clk); rready = $urandom(seed) % 3 != 0; @(posedge clk);
                end
                for (k = 0; k < BB; k = k + 1) want[8*k +: 8] = model[BB * ((word + b) % WORDS) + k];
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
