// Bench memory: an AXI-like slave with a byte array, a latency drawn per
// burst from [lat_min, lat_max], and random stalls (ready/valid low) on
// every channel with probability stall_pct percent. All randomness comes
// from one xorshift generator seeded by the bench, so a run is reproducible
// from its seed in any simulator.
//
// It also checks the master's side of the protocol: BUS_BYTES-aligned
// addresses, 1..16 beats, no crossing of a 16-beat (16*BUS_BYTES-byte)
// boundary, every beat inside the window [win_lo, win_hi), stable requests
// while stalled, WLAST on the right beat.
// Violations are counted in `violations` and printed.
module tb_mem #(
  parameter BYTES = 65536,
  parameter QDEPTH = 64,
  parameter BUS_BYTES = 8
) (
  input  wire        clk,
  input  wire        rst,
  input  wire        arvalid,
  output reg         arready,
  input  wire [31:0] araddr,
  input  wire [7:0]  arlen,
  output reg         rvalid,
  input  wire        rready,
  output reg  [8*BUS_BYTES-1:0] rdata,
  output reg         rlast,
  input  wire        awvalid,
  output reg         awready,
  input  wire [31:0] awaddr,
  input  wire [7:0]  awlen,
  input  wire        wvalid,
  output reg         wready,
  input  wire [8*BUS_BYTES-1:0] wdata,
  input  wire [BUS_BYTES-1:0]   wstrb,
  input  wire        wlast,
  output reg         bvalid,
  input  wire        bready
);
  reg [7:0] mem [0:BYTES-1];

  integer lat_min = 0, lat_max = 0, stall_pct = 0;
  reg [31:0] rng = 32'h1234_5678;
  integer violations = 0;
  integer beats_read = 0, bytes_written = 0;   // for the masters' byte counters
  reg [31:0] win_lo = 0, win_hi = BYTES;
  reg quiet = 0;                      // expected violations are not printed
  integer cycle = 0;

  function [31:0] xs(input [31:0] x);
    reg [31:0] y;
    begin
      y = x ^ (x << 13); y = y ^ (y >> 17); y = y ^ (y << 5); xs = y;
    end
  endfunction

  task next_rand(output [31:0] v);
    begin rng = xs(rng); v = rng; end
  endtask

  task stall_draw(output reg s);
    reg [31:0] v;
    begin next_rand(v); s = (v % 100) < stall_pct; end
  endtask

  task lat_draw(output integer l);
    reg [31:0] v;
    begin next_rand(v); l = lat_min + (v % (lat_max - lat_min + 1)); end
  endtask

  task violation(input [8*48-1:0] what, input [31:0] addr);
    begin
      violations = violations + 1;
      if (!quiet) $display("tb_mem: protocol violation at cycle %0d: %0s (addr 0x%08x)", cycle, what, addr);
    end
  endtask

  task check_burst(input [31:0] a, input [7:0] len);
    begin
      if (a % BUS_BYTES != 0) violation("unaligned burst", a);
      if (len > 15) violation("burst longer than 16 beats", a);
      if (a % (16 * BUS_BYTES) + (len + 1) * BUS_BYTES > 16 * BUS_BYTES) violation("burst crosses a 16-beat boundary", a);
      if (a < win_lo || a + (len + 1) * BUS_BYTES > win_hi) violation("burst outside the window", a);
    end
  endtask

  // read requests: address, beats, cycle from which data may flow
  reg [31:0] rq_addr [0:QDEPTH-1];
  reg [7:0]  rq_len  [0:QDEPTH-1];
  integer    rq_time [0:QDEPTH-1];
  integer    rq_head = 0, rq_count = 0, r_beat = 0;
  // write requests and pending responses
  reg [31:0] wq_addr [0:QDEPTH-1];
  reg [7:0]  wq_len  [0:QDEPTH-1];
  integer    wq_head = 0, wq_count = 0, w_beat = 0;
  integer    bq_time [0:QDEPTH-1];
  integer    bq_head = 0, bq_count = 0;
  reg        ar_hold = 0, aw_hold = 0;
  reg [31:0] ar_prev_addr, aw_prev_addr;

  integer i, l, slot;
  reg s;
  reg [8*BUS_BYTES-1:0] beat;

  always @(posedge clk) begin
    cycle = cycle + 1;
    if (rst) begin
      arready <= 0; awready <= 0; wready <= 0;
      rvalid <= 0; rlast <= 0; bvalid <= 0;
      rq_head = 0; rq_count = 0; r_beat = 0;
      wq_head = 0; wq_count = 0; w_beat = 0;
      bq_head = 0; bq_count = 0;
      ar_hold = 0; aw_hold = 0;
    end else begin
      // ---- stability of stalled requests
      if (ar_hold && (!arvalid || araddr != ar_prev_addr)) violation("AR changed while stalled", araddr);
      if (aw_hold && (!awvalid || awaddr != aw_prev_addr)) violation("AW changed while stalled", awaddr);
      ar_hold = arvalid && !arready;  ar_prev_addr = araddr;
      aw_hold = awvalid && !awready;  aw_prev_addr = awaddr;

      // ---- read address
      if (arvalid && arready) begin
        check_burst(araddr, arlen);
        if (rq_count == QDEPTH) violation("read queue overflow", araddr);
        slot = (rq_head + rq_count) % QDEPTH;
        lat_draw(l);
        rq_addr[slot] = araddr; rq_len[slot] = arlen; rq_time[slot] = cycle + l;
        rq_count = rq_count + 1;
      end
      // ---- read data
      if (rvalid && rready) begin
        beats_read = beats_read + 1;
        if (r_beat == rq_len[rq_head]) begin
          r_beat = 0;
          rq_head = (rq_head + 1) % QDEPTH;
          rq_count = rq_count - 1;
        end else begin
          r_beat = r_beat + 1;
        end
      end
      if (!(rvalid && !rready)) begin
        stall_draw(s);
        if (rq_count > 0 && rq_time[rq_head] <= cycle && !s) begin
          for (i = 0; i < BUS_BYTES; i = i + 1)
            beat[8*i +: 8] = mem[(rq_addr[rq_head] + BUS_BYTES * r_beat + i) % BYTES];
          rvalid <= 1; rdata <= beat; rlast <= (r_beat == rq_len[rq_head]);
        end else begin
          rvalid <= 0;
        end
      end

      // ---- write address
      if (awvalid && awready) begin
        check_burst(awaddr, awlen);
        if (wq_count == QDEPTH) violation("write queue overflow", awaddr);
        slot = (wq_head + wq_count) % QDEPTH;
        wq_addr[slot] = awaddr; wq_len[slot] = awlen;
        wq_count = wq_count + 1;
      end
      // ---- write data
      if (wvalid && wready) begin
        if (wq_count == 0) begin
          violation("write data before its address", 0);
        end else begin
          for (i = 0; i < BUS_BYTES; i = i + 1)
            if (wstrb[i]) begin
              mem[(wq_addr[wq_head] + BUS_BYTES * w_beat + i) % BYTES] = wdata[8*i +: 8];
              bytes_written = bytes_written + 1;
            end
          if (wlast != (w_beat == wq_len[wq_head])) violation("WLAST on the wrong beat", wq_addr[wq_head]);
          if (w_beat == wq_len[wq_head]) begin
            w_beat = 0;
            wq_head = (wq_head + 1) % QDEPTH;
            wq_count = wq_count - 1;
            lat_draw(l);
            bq_time[(bq_head + bq_count) % QDEPTH] = cycle + l;
            bq_count = bq_count + 1;
          end else begin
            w_beat = w_beat + 1;
          end
        end
      end
      // ---- write response
      if (bvalid && bready) begin
        bq_head = (bq_head + 1) % QDEPTH;
        bq_count = bq_count - 1;
      end
      if (!(bvalid && !bready)) begin
        stall_draw(s);
        bvalid <= bq_count > 0 && bq_time[bq_head] <= cycle && !s;
      end

      stall_draw(s); arready <= !s;
      stall_draw(s); awready <= !s;
      stall_draw(s); wready  <= !s;
    end
  end
endmodule
