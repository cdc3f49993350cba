// Unit bench for the DMA unit (dma_read, dma_write and the block generator
// they share) against the bench memory: random strided loads and stores at
// random alignments, command fetches (alone and beside loads and stores),
// window errors, and the throughput of one long run.
// Expected bytes come from walking the block description byte by byte over
// the bench memory, independently of the burst splitting in the DUT.
// Plusargs: +seed=N, +lat_min=N +lat_max=N +stall=PCT, +n=NUMBER_OF_RANDOM_CASES.
// Parameter BUS_BYTES (4, 8, 16) selects the memory data width; ADDR_W = 16
// narrows the DMA's address arithmetic to the bench memory (2^16 bytes), the
// way a board build does: every window here lies inside it, so every
// expectation is the same as with 32-bit addresses. SHARED_FETCH = 1 runs
// the fetch through the block generator (as without command prefetch): a
// fetch then waits for the load or store beside it instead of overtaking it.
// COLS (8; 2 as on the iCEBreaker) is the bytes per output pixel. The
// buffers are written in words of WB bytes: 8, or 4 on a 4-byte bus.
`timescale 1ns/1ps
module tb_dma #(parameter BUS_BYTES = 8, ADDR_W = 32, SHARED_FETCH = 0, COLS = 8,
                TIMING_REGS = 1);
  localparam ACT_BYTES = 8192, WGT_ROWS = 512, ACC_DEPTH = 1024;
  localparam WINDOW = 16 * BUS_BYTES;   // bursts never cross this boundary
  localparam MEMB = 65536, STORE_AREA = 32768;
  localparam WB = BUS_BYTES < 8 ? BUS_BYTES : 8;
  localparam AAW = $clog2(ACT_BYTES / WB), WAW = $clog2(WGT_ROWS * COLS / WB), QAW = $clog2(12 * COLS / WB);
  localparam OAW = $clog2(ACC_DEPTH);
  localparam [7:0] NC4 = COLS < 4 ? COLS : 4;   // NCOLS of the fixed STORE cases

  reg clk = 0, rst = 1;
  always #5 clk = ~clk;

  localparam RUN_W = 16;                // the longest run here is ACT_BYTES = ACC_DEPTH * COLS
  reg [31:0] win_base = 0, win_size = MEMB;
  wire [32:0] win_end = {1'b0, win_base} + {1'b0, win_size};
  // load / fetch / store commands
  reg        ld_start = 0, ld_bank = 0, fe_start = 0, st_start = 0, st_bank = 0;
  reg [1:0]  ld_kind = 0;
  reg [31:0] x_addr, x_run, x_istride, x_ostride, fe_addr;
  reg [15:0] x_inner, x_outer;
  reg [7:0]  st_ncols;
  reg [OAW:0] st_npix;
  wire ld_busy, ld_done, ld_err, fe_busy, fe_done, fe_err, st_busy, st_done, st_err;
  wire [255:0] fe_data;
  wire act_we, act_wbank, wgt_we, wgt_wbank, qp_we, qp_wbank;
  wire [AAW-1:0] act_waddr; wire [WAW-1:0] wgt_waddr; wire [QAW-1:0] qp_waddr;
  wire [8*WB-1:0] act_wdata, wgt_wdata, qp_wdata; wire [WB-1:0] act_wstrb;
  wire out_re, out_rbank; wire [OAW-1:0] out_raddr; reg [COLS*8-1:0] out_rdata;
  wire stat_rstall, stat_wstall; wire [4:0] stat_rbytes, stat_wbytes;

  wire arvalid, arready, rvalid, rready, rlast, awvalid, awready, wvalid, wready, wlast, bvalid, bready;
  wire [31:0] araddr, awaddr; wire [7:0] arlen, awlen;
  wire [BUS_BYTES-1:0] wstrb; wire [8*BUS_BYTES-1:0] rdata, wdata;

  dma #(.COLS(COLS), .ACT_BYTES(ACT_BYTES), .WGT_ROWS(WGT_ROWS), .ACC_DEPTH(ACC_DEPTH), .BUS_BYTES(BUS_BYTES),
        .RUN_W(RUN_W), .ADDR_W(ADDR_W), .SHARED_FETCH(SHARED_FETCH), .TIMING_REGS(TIMING_REGS)) dut (
    .clk(clk), .rst(rst), .win_lo(win_base[ADDR_W-1:0]), .win_hi(win_end[ADDR_W:0]),
    .x_addr(x_addr), .x_run(x_run[RUN_W-1:0]), .x_inner(x_inner), .x_outer(x_outer),
    .x_istride(x_istride), .x_ostride(x_ostride),
    .ld_start(ld_start), .ld_kind(ld_kind), .ld_bank(ld_bank),
    .ld_busy(ld_busy), .ld_done(ld_done), .ld_err(ld_err),
    .fe_start(fe_start), .fe_addr(fe_addr), .fe_busy(fe_busy), .fe_done(fe_done), .fe_err(fe_err),
    .fe_data(fe_data),
    .st_start(st_start), .st_bank(st_bank), .st_ncols(st_ncols), .st_npix(st_npix),
    .st_busy(st_busy), .st_done(st_done), .st_err(st_err),
    .act_we(act_we), .act_wbank(act_wbank), .act_waddr(act_waddr), .act_wdata(act_wdata), .act_wstrb(act_wstrb),
    .wgt_we(wgt_we), .wgt_wbank(wgt_wbank), .wgt_waddr(wgt_waddr), .wgt_wdata(wgt_wdata),
    .qp_we(qp_we), .qp_wbank(qp_wbank), .qp_waddr(qp_waddr), .qp_wdata(qp_wdata),
    .out_re(out_re), .out_rbank(out_rbank), .out_raddr(out_raddr), .out_rdata(out_rdata),
    .m_arvalid(arvalid), .m_arready(arready), .m_araddr(araddr), .m_arlen(arlen),
    .m_rvalid(rvalid), .m_rready(rready), .m_rdata(rdata), .m_rlast(rlast),
    .m_awvalid(awvalid), .m_awready(awready), .m_awaddr(awaddr), .m_awlen(awlen),
    .m_wvalid(wvalid), .m_wready(wready), .m_wdata(wdata), .m_wstrb(wstrb), .m_wlast(wlast),
    .m_bvalid(bvalid), .m_bready(bready),
    .stat_rbytes(stat_rbytes), .stat_rstall(stat_rstall), .stat_wbytes(stat_wbytes), .stat_wstall(stat_wstall));

  tb_mem #(.BYTES(MEMB), .BUS_BYTES(BUS_BYTES)) mem (
    .clk(clk), .rst(rst),
    .arvalid(arvalid), .arready(arready), .araddr(araddr), .arlen(arlen),
    .rvalid(rvalid), .rready(rready), .rdata(rdata), .rlast(rlast),
    .awvalid(awvalid), .awready(awready), .awaddr(awaddr), .awlen(awlen),
    .wvalid(wvalid), .wready(wready), .wdata(wdata), .wstrb(wstrb), .wlast(wlast),
    .bvalid(bvalid), .bready(bready));

  // ---- destination buffers as seen by the core --------------------------------
  reg [7:0] act_cap [0:2*ACT_BYTES-1];
  reg [7:0] wgt_cap [0:2*WGT_ROWS*COLS-1];
  reg [7:0] qp_cap  [0:2*12*COLS-1];
  reg [7:0] outb    [0:2*ACC_DEPTH*COLS-1];
  integer k, c;
  always @(posedge clk) begin
    for (k = 0; k < WB; k = k + 1) begin
      if (act_we && act_wstrb[k]) act_cap[act_wbank * ACT_BYTES + act_waddr * WB + k] <= act_wdata[8*k +: 8];
      if (wgt_we) wgt_cap[wgt_wbank * WGT_ROWS * COLS + wgt_waddr * WB + k] <= wgt_wdata[8*k +: 8];
      if (qp_we)  qp_cap[qp_wbank * 12 * COLS + qp_waddr * WB + k] <= qp_wdata[8*k +: 8];
    end
    if (out_re)
      for (c = 0; c < COLS; c = c + 1) out_rdata[8*c +: 8] <= outb[(out_rbank * ACC_DEPTH + out_raddr) * COLS + c];
  end

  // the statistics outputs must add up to what the memory saw
  integer stat_rd = 0, stat_wr = 0;
  always @(posedge clk)
    if (!rst) begin
      stat_rd <= stat_rd + stat_rbytes;
      stat_wr <= stat_wr + stat_wbytes;
    end

  // ---- bookkeeping --------------------------------------------------------------
  integer passed = 0, failed = 0;
  reg [31:0] seed, brng;
  integer ncases;

  function [31:0] xs(input [31:0] x);
    reg [31:0] y;
    begin y = x ^ (x << 13); y = y ^ (y >> 17); y = y ^ (y << 5); xs = y; end
  endfunction
  task rnd(output [31:0] v); begin brng = xs(brng); v = brng; end endtask
  function integer urange(input [31:0] r, input integer lo, input integer hi);
    urange = lo + r % (hi - lo + 1);
  endfunction

  task result(input ok, input [8*64-1:0] name);
    begin
      if (ok) passed = passed + 1;
      else begin
        failed = failed + 1;
        $display("FAIL: %0s (seed %0d, lat %0d..%0d, stall %0d%%)", name, seed, mem.lat_min, mem.lat_max, mem.stall_pct);
      end
    end
  endtask

  // Waits for a done pulse, or one seen since the start (a load or store
  // may finish while the bench waits for a fetch beside it); returns the
  // cycles taken (or -1 on a hang).
  reg ld_seen = 0, fe_seen = 0, st_seen = 0;
  always @(posedge clk) begin
    if (ld_start) ld_seen <= 0; else if (ld_done) ld_seen <= 1;
    if (fe_start) fe_seen <= 0; else if (fe_done) fe_seen <= 1;
    if (st_start) st_seen <= 0; else if (st_done) st_seen <= 1;
  end
  wire ld_fin = ld_done || ld_seen, fe_fin = fe_done || fe_seen, st_fin = st_done || st_seen;
  integer cycles;
  task wait_done(input integer which);   // 0 load, 1 fetch, 2 store
    begin
      cycles = 0;
      while (!(which == 0 ? ld_fin : which == 1 ? fe_fin : st_fin) && cycles < 200000) begin
        @(negedge clk); cycles = cycles + 1;
      end
      if (cycles >= 200000) cycles = -1;
    end
  endtask

  reg [7:0] expect_b [0:MEMB-1];
  reg [7:0] prior_b   [0:MEMB-1];
  integer n, o, i, b, total, v0;
  reg ok;
  reg [31:0] r;

  // ---- load of a random block ----------------------------------------------------
  task run_load(input [1:0] kind, input bank, input [31:0] addr, input [31:0] run,
                input [15:0] inner, input [15:0] outer, input [31:0] istr, input [31:0] ostr,
                input expect_err);
    begin
      run_load_go(kind, bank, addr, run, inner, outer, istr, ostr);
      run_load_check(expect_err);
    end
  endtask
  task run_load_go(input [1:0] kind, input bank, input [31:0] addr, input [31:0] run,
                   input [15:0] inner, input [15:0] outer, input [31:0] istr, input [31:0] ostr);
    integer base, cap;
    begin
      total = 0;
      for (o = 0; o < outer; o = o + 1)
        for (i = 0; i < inner; i = i + 1)
          for (b = 0; b < run; b = b + 1) begin
            expect_b[total] = mem.mem[addr + o * ostr + i * istr + b];
            total = total + 1;
          end
      base = kind == 0 ? bank * ACT_BYTES : kind == 1 ? bank * WGT_ROWS * COLS : bank * 12 * COLS;
      cap  = kind == 0 ? ACT_BYTES : kind == 1 ? WGT_ROWS * COLS : 12 * COLS;
      for (n = 0; n < cap; n = n + 1)
        if (kind == 0) act_cap[base + n] = 8'hA5; else if (kind == 1) wgt_cap[base + n] = 8'hA5; else qp_cap[base + n] = 8'hA5;
      @(negedge clk);
      ld_kind = kind; ld_bank = bank; x_addr = addr; x_run = run; x_inner = inner; x_outer = outer;
      x_istride = istr; x_ostride = ostr; ld_start = 1;
      @(negedge clk); ld_start = 0;
      ld_base = base; ld_cap = cap; ld_kind_q = kind;
    end
  endtask
  // the load started by run_load_go: wait for it and check it
  integer ld_base, ld_cap; reg [1:0] ld_kind_q;
  task run_load_check(input expect_err);
    integer base, cap; reg [1:0] kind;
    begin
      base = ld_base; cap = ld_cap; kind = ld_kind_q;
      wait_done(0);
      ok = cycles >= 0 && ld_err == expect_err;
      if (!expect_err)
        for (n = 0; n < cap; n = n + 1) begin
          // act: bytes past the block keep their old value (byte strobes);
          // wgt/qp: whole words are written, the last one zero-padded
          if (kind == 0) v0 = act_cap[base + n]; else if (kind == 1) v0 = wgt_cap[base + n]; else v0 = qp_cap[base + n];
          if (n < total && v0 !== expect_b[n]) ok = 0;
          if (n >= total && kind == 0 && v0 !== 8'hA5) ok = 0;
          if (n >= total && kind != 0 && v0 !== (n < (total + WB - 1) / WB * WB ? 8'h00 : 8'hA5)) ok = 0;
        end
    end
  endtask

  task random_load;
    begin
      random_load_go;
      run_load_check(0);
      result(ok, "random LOAD_ACT block");
    end
  endtask
  task random_load_go;
    reg [31:0] run, istr, ostr, addr; reg [15:0] inner, outer;
    begin
      rnd(r); run = (r[3:0] == 0) ? urange(r >> 4, 300, 2000) : urange(r >> 4, 1, 200);
      rnd(r); inner = urange(r, 1, 4);
      rnd(r); outer = urange(r, 1, 4);
      while (run * inner * outer > ACT_BYTES) run = run / 2 + 1;
      rnd(r); istr = (r[1:0] == 0) ? run : run + urange(r >> 2, 0, 70);
      rnd(r); ostr = (r[1:0] == 0) ? inner * istr : inner * istr + urange(r >> 2, 0, 70);
      rnd(r); addr = urange(r, 0, STORE_AREA - 1 - (outer - 1) * ostr - (inner - 1) * istr - run);
      rnd(r);
      run_load_go(0, r[0], addr, run, inner, outer, istr, ostr);
    end
  endtask

  // ---- store of a random block ------------------------------------------------
  task run_store(input bank, input [7:0] ncols, input [31:0] addr, input [31:0] run,
                 input [15:0] inner, input [15:0] outer, input [31:0] istr, input [31:0] ostr,
                 input expect_err);
    begin
      run_store_go(bank, ncols, addr, run, inner, outer, istr, ostr);
      run_store_check(expect_err);
    end
  endtask
  task run_store_go(input bank, input [7:0] ncols, input [31:0] addr, input [31:0] run,
                    input [15:0] inner, input [15:0] outer, input [31:0] istr, input [31:0] ostr);
    integer p;
    begin
      total = run * inner * outer;
      for (n = 0; n < MEMB; n = n + 1) prior_b[n] = mem.mem[n];
      for (n = 0; n < MEMB; n = n + 1) expect_b[n] = mem.mem[n];
      n = 0;
      for (o = 0; o < outer; o = o + 1)
        for (i = 0; i < inner; i = i + 1)
          for (b = 0; b < run; b = b + 1) begin
            p = n / ncols;
            expect_b[addr + o * ostr + i * istr + b] = outb[(bank * ACC_DEPTH + p) * COLS + n % ncols];
            n = n + 1;
          end
      @(negedge clk);
      st_bank = bank; st_ncols = ncols; st_npix = total / ncols; x_addr = addr; x_run = run;
      x_inner = inner; x_outer = outer; x_istride = istr; x_ostride = ostr; st_start = 1;
      @(negedge clk); st_start = 0;
    end
  endtask
  // the store started by run_store_go: wait for it and check it
  task run_store_check(input expect_err);
    integer lo, hi;
    begin
      wait_done(2);
      ok = cycles >= 0 && st_err == expect_err;
      if (!expect_err) begin
        for (n = 0; n < MEMB; n = n + 1)
          if (mem.mem[n] !== expect_b[n]) begin
            if (ok) $display("  store: byte 0x%0x is %02x, expected %02x", n, mem.mem[n], expect_b[n]);
            ok = 0;
          end
      end else begin
        // nothing outside the window may change
        lo = win_base; hi = win_base + win_size;
        for (n = 0; n < MEMB; n = n + 1)
          if ((n < lo || n >= hi) && mem.mem[n] !== prior_b[n]) ok = 0;
      end
    end
  endtask

  task random_store;
    begin
      random_store_go;
      run_store_check(0);
      result(ok, "random STORE block");
    end
  endtask
  task random_store_go;
    reg [31:0] run, istr, ostr, addr; reg [15:0] inner, outer; reg [7:0] ncols; integer d;
    begin
      rnd(r); run = (r[3:0] == 0) ? urange(r >> 4, 200, 2000) : urange(r >> 4, 1, 100);
      rnd(r); inner = urange(r, 1, 4);
      rnd(r); outer = urange(r, 1, 3);
      while (run * inner * outer > ACC_DEPTH) run = run / 2 + 1;
      total = run * inner * outer;
      rnd(r); ncols = 1;
      for (d = 1; d <= COLS; d = d + 1) if (total % d == 0 && (r[2:0] != 0 || d <= 3)) ncols = d;
      rnd(r); istr = (r[1:0] == 0) ? run : run + urange(r >> 2, 0, 70);
      rnd(r); ostr = (r[1:0] == 0) ? inner * istr : inner * istr + urange(r >> 2, 0, 70);
      rnd(r); addr = STORE_AREA + urange(r, 0, MEMB - STORE_AREA - 1 - (outer - 1) * ostr - (inner - 1) * istr - run);
      rnd(r);
      run_store_go(r[0], ncols, addr, run, inner, outer, istr, ostr);
    end
  endtask

  // ---- command fetch --------------------------------------------------------------
  task run_fetch(input [31:0] addr);
    begin
      @(negedge clk); fe_addr = addr; fe_start = 1;
      @(negedge clk); fe_start = 0;
      wait_done(1);
      ok = cycles >= 0 && !fe_err;
      for (n = 0; n < 32; n = n + 1) if (fe_data[8*n +: 8] !== mem.mem[addr + n]) ok = 0;
    end
  endtask

  // A fetch started delay cycles after a load or store (right after its
  // *_go task; 0: the cycle after its start pulse, as the controller does
  // without prefetch); fe_ok says whether it completed with the right bytes.
  reg fe_ok, fe_ended;
  task fetch_beside(input integer delay, input [31:0] addr);
    integer j;
    begin
      repeat (delay) @(negedge clk);
      fe_addr = addr; fe_start = 1;
      @(negedge clk); fe_start = 0;
      wait_done(1);
      fe_ended = cycles >= 0;
      fe_ok = fe_ended && !fe_err;
      for (j = 0; j < 32; j = j + 1) if (fe_data[8*j +: 8] !== mem.mem[addr + j]) fe_ok = 0;
    end
  endtask

  // ---- throughput of one long run ---------------------------------------------------
  task throughput(input integer lat, input integer offset);
    integer t0;
    begin
      mem.lat_min = lat; mem.lat_max = lat; mem.stall_pct = 0;
      t0 = $time;
      run_load(0, 0, 1024 + offset, ACT_BYTES, 1, 1, 0, 0, 0);
      result(ok, "long LOAD_ACT run");
      $display("throughput: load  %0d bytes, latency %0d, offset %0d: %0d cycles, %0d.%02d bytes/cycle",
               ACT_BYTES, lat, offset, cycles, ACT_BYTES / cycles, (ACT_BYTES * 100 / cycles) % 100);
      for (n = 0; n < ACC_DEPTH * COLS; n = n + 1) outb[n] = n * 7;
      run_store(0, COLS, STORE_AREA + offset, ACC_DEPTH * COLS, 1, 1, 0, 0, 0);
      result(ok, "long STORE run");
      $display("throughput: store %0d bytes, latency %0d, offset %0d: %0d cycles, %0d.%02d bytes/cycle",
               ACC_DEPTH * COLS, lat, offset, cycles, ACC_DEPTH * COLS / cycles, (ACC_DEPTH * COLS * 100 / cycles) % 100);
    end
  endtask

  integer t, lat_min, lat_max, stall, fdelay;
  reg [31:0] faddr;
  initial begin
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    if (!$value$plusargs("lat_min=%d", lat_min)) lat_min = 0;
    if (!$value$plusargs("lat_max=%d", lat_max)) lat_max = 0;
    if (!$value$plusargs("stall=%d", stall)) stall = 0;
    if (!$value$plusargs("n=%d", ncases)) ncases = 40;
    brng = seed * 32'h9E37_79B9 + 1;
    mem.rng = seed ^ 32'h5bd1_e995;
    mem.lat_min = lat_min; mem.lat_max = lat_max; mem.stall_pct = stall;
    for (n = 0; n < MEMB; n = n + 1) begin rnd(r); mem.mem[n] = r[7:0]; end
    for (n = 0; n < 2 * ACC_DEPTH * COLS; n = n + 1) begin rnd(r); outb[n] = r[7:0]; end
    repeat (4) @(negedge clk);
    rst = 0;
    @(negedge clk);

    for (t = 0; t < ncases; t = t + 1) begin
      random_load;
      random_store;
    end

    // LOAD_WGT: K rows of COLS bytes, including an odd K (last word half used with COLS=4)
    rnd(r); run_load(1, 1, (r % 2000) * 8, 37 * COLS, 1, 1, 0, 0, 0);
    result(ok, "LOAD_WGT linear copy");
    run_load(1, 0, 4096, WGT_ROWS * COLS, 1, 1, 0, 0, 0);
    result(ok, "LOAD_WGT full bank");
    rnd(r); run_load(2, 1, (r % 2000) * 8, 12 * COLS, 1, 1, 0, 0, 0);
    result(ok, "LOAD_QP copy");

    // command fetch, including lists that cross a burst-window boundary
    for (t = 0; t < 8; t = t + 1) begin
      rnd(r); run_fetch((r % 4000) * 8 + (t < 4 ? 0 : 0));
      result(ok, "command fetch");
    end
    run_fetch(WINDOW - 8);  result(ok, "command fetch across a burst-window boundary");
    run_fetch(3 * WINDOW - 24);  result(ok, "command fetch ending past a burst-window boundary");

    // fetch while a long load is streaming: both must be right
    @(negedge clk);
    ld_kind = 0; ld_bank = 0; x_addr = 3; x_run = 6000; x_inner = 1; x_outer = 1; ld_start = 1;
    @(negedge clk); ld_start = 0;
    repeat (20) @(negedge clk);
    run_fetch(20000);
    if (SHARED_FETCH == 0) ok = ok && ld_busy;   // the fetch overtook the load
    result(ok, "command fetch beside a load");
    wait_done(0);
    ok = cycles >= 0 && !ld_err;
    for (n = 0; n < 6000; n = n + 1) if (act_cap[n] !== mem.mem[3 + n]) ok = 0;
    result(ok, "load beside a command fetch");

    // fetches started beside random loads and stores, from the cycle after
    // their start on
    for (t = 0; t < 12; t = t + 1) begin
      rnd(r); fdelay = (t < 4) ? t / 2 : urange(r, 0, 40);
      rnd(r); faddr = (r % 2000) * 8;
      if (t % 2 == 0) random_load_go; else random_store_go;
      fetch_beside(fdelay, faddr);
      result(fe_ok, t % 2 == 0 ? "command fetch beside a random load" : "command fetch beside a random store");
      if (t % 2 == 0) run_load_check(0); else run_store_check(0);
      result(ok, t % 2 == 0 ? "random LOAD_ACT block beside a command fetch" : "random STORE block beside a command fetch");
    end

    // window errors: a block that leaves [win_base, win_base + win_size)
    mem.quiet = 1;
    win_base = 1024; win_size = 4096; mem.win_lo = 1024; mem.win_hi = 1024 + 4096;
    run_load(0, 0, 1024 + 4000, 50, 2, 1, 200, 0, 1);           // first run ends outside
    result(ok && mem.violations == 0, "LOAD_ACT outside the window: error, nothing issued outside");
    run_load(0, 0, 1024 + 512, 64, 3, 4, 100, 1200, 1);         // fails in the last row
    result(ok && mem.violations == 0, "LOAD_ACT leaving the window late: error after draining");
    run_load(0, 0, 1000, 64, 1, 1, 0, 0, 1);                    // starts below the window
    result(ok && mem.violations == 0, "LOAD_ACT below the window");
    @(negedge clk); fe_addr = 1024 + 4096 - 16; fe_start = 1;   // half inside
    @(negedge clk); fe_start = 0;
    wait_done(1);
    result(cycles >= 0 && fe_err && mem.violations == 0, "command fetch outside the window");
    run_load_go(0, 0, 1024 + 4000, 50, 2, 1, 200, 0);         // fails after a first run
    fetch_beside(0, 1024 + 64);
    run_load_check(1);
    result(ok && fe_ok && mem.violations == 0, "command fetch beside a LOAD_ACT that leaves the window");
    run_load_go(0, 0, 1024 + 512, 64, 3, 4, 100, 1200);       // fails in the last row
    fetch_beside(5, 1024 + 4096 - 8);                         // and so does the fetch
    run_load_check(1);
    result(ok && fe_ended && fe_err && mem.violations == 0, "command fetch outside the window beside a failing LOAD_ACT");
    win_base = STORE_AREA; win_size = 8192; mem.win_lo = STORE_AREA; mem.win_hi = STORE_AREA + 8192;
    run_store(1, NC4, STORE_AREA + 8000, 100, 4, 1, 300, 0, 1);
    result(ok && mem.violations == 0, "STORE outside the window: error, nothing written outside");
    // addresses and strides with bits above 2^16 (beyond the bench memory)
    win_base = 0; win_size = MEMB; mem.win_lo = 0; mem.win_hi = MEMB;
    run_load(0, 0, 32'h0001_0010, 64, 1, 1, 0, 0, 1);
    result(ok && mem.violations == 0, "LOAD_ACT above the memory: error");
    run_load(0, 0, 20000, 64, 2, 1, 32'h0001_0064, 0, 1);      // second run 2^16 + 100 on
    result(ok && mem.violations == 0, "LOAD_ACT stride past the memory: error");
    run_load(0, 0, 20000, 64, 2, 1, 32'hFFFF_0040, 0, 1);      // second run 64 - 2^16 on
    result(ok && mem.violations == 0, "LOAD_ACT stride below address 0: error");
    run_store(1, NC4, 40000, 64, 2, 2, 100, 32'h0001_0000, 1);   // second row 2^16 on
    result(ok && mem.violations == 0, "STORE row stride past the memory: error");
    mem.quiet = 0;
    win_base = 0; win_size = MEMB; mem.win_lo = 0; mem.win_hi = MEMB;
    // the unit is usable again after an error
    random_load;
    random_store;
    // strides that step backwards (modulo 2^32)
    run_load(0, 1, 20000, 64, 3, 2, 32'hFFFF_FF38, 1000, 0);   // runs -200 apart
    result(ok, "LOAD_ACT with a negative run stride");
    run_load(0, 0, 30000, 40, 2, 3, 50, 32'hFFFF_FE0C, 0);     // rows -500 apart
    result(ok, "LOAD_ACT with a negative row stride");

    throughput(0, 0);
    throughput(20, 0);
    throughput(0, 5);
    throughput(20, 5);

    result(mem.violations == 0, "no protocol violations");
    @(negedge clk);
    if (stat_rd != mem.beats_read * BUS_BYTES || stat_wr != mem.bytes_written)
      $display("  statistics: read %0d, memory %0d; written %0d, memory %0d", stat_rd, mem.beats_read * BUS_BYTES, stat_wr, mem.bytes_written);
    result(stat_rd == mem.beats_read * BUS_BYTES && stat_wr == mem.bytes_written,
           "read and write byte statistics match the memory");
    $display("%0d passed, %0d failed", passed, failed);
    if (failed != 0) $fatal(1, "failures with seed %0d", seed);
    $finish;
  end

  // stop a hung bench
  initial begin
    #200000000;
    $display("FAIL: bench timeout (seed %0d)", seed);
    $display("%0d passed, %0d failed", passed, failed + 1);
    $fatal(1, "timeout with seed %0d", seed);
  end
endmodule
