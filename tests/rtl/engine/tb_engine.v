// Full-engine bench: cnn_engine with the bench memory, driven through its
// CSRs like a driver would. One good layer (LOAD_ACT, LOAD_WGT, LOAD_QP,
// CONV, STORE, END) is checked byte for byte against a convolution computed
// here, and every error path must set STATUS.ERROR, the code and ERR_CMD,
// raise DONE (and irq), leave the engine idle, and let the next START run
// the good layer again.
// Plusargs: +seed=N +lat_min=N +lat_max=N +stall=PCT.
// Parameters: the array size ROWS x COLS (2, 4, 8, 16), the memory data
// width BUS_BYTES (4, 8, 16), the number of requantization units and the
// other engine options.
`timescale 1ns/1ps
module tb_engine #(parameter ROWS = 8, COLS = 8, BUS_BYTES = 8, RQ_UNITS = COLS,
                   RQ_SEQ = 0, PREFETCH = 1, PERF_BASIC = 0, OVERLAP = 1, TIMING_REGS = 1,
                   ADDR_W = 32);
`include "engine_regs.vh"
  localparam ACT_BYTES = 8192, WGT_ROWS = 512, ACC_DEPTH = 1024;
  localparam MEMB = 65536;

  reg clk = 0, rst = 1;
  always #5 clk = ~clk;

  reg         csr_valid = 0, csr_write = 0;
  reg  [7:0]  csr_addr = 0;
  reg  [31:0] csr_wdata = 0;
  wire [31:0] csr_rdata;
  wire        csr_rvalid, irq;
  wire arvalid, arready, rvalid, rready, rlast, awvalid, awready, wvalid, wready, wlast, bvalid, bready;
  wire [31:0] araddr, awaddr; wire [7:0] arlen, awlen;
  wire [BUS_BYTES-1:0] wstrb; wire [8*BUS_BYTES-1:0] rdata, wdata;

  cnn_engine #(.ROWS(ROWS), .COLS(COLS), .ACT_BYTES(ACT_BYTES), .WGT_ROWS(WGT_ROWS), .ACC_DEPTH(ACC_DEPTH),
               .BUS_BYTES(BUS_BYTES), .RQ_UNITS(RQ_UNITS), .RQ_SEQ(RQ_SEQ), .PREFETCH(PREFETCH),
               .PERF_BASIC(PERF_BASIC), .OVERLAP(OVERLAP), .TIMING_REGS(TIMING_REGS),
               .ADDR_W(ADDR_W)) dut (
    .clk(clk), .rst(rst),
    .csr_valid(csr_valid), .csr_write(csr_write), .csr_addr(csr_addr), .csr_wdata(csr_wdata),
    .csr_rdata(csr_rdata), .csr_rvalid(csr_rvalid), .irq(irq),
    .m_arvalid(arvalid), .m_arready(arready), .m_araddr(araddr), .m_arlen(arlen),
    .m_rvalid(rvalid), .m_rready(rready), .m_rdata(rdata), .m_rlast(rlast),
    .m_awvalid(awvalid), .m_awready(awready), .m_awaddr(awaddr), .m_awlen(awlen),
    .m_wvalid(wvalid), .m_wready(wready), .m_wdata(wdata), .m_wstrb(wstrb), .m_wlast(wlast),
    .m_bvalid(bvalid), .m_bready(bready));

  tb_mem #(.BYTES(MEMB), .BUS_BYTES(BUS_BYTES)) mem (
    .clk(clk), .rst(rst),
    .arvalid(arvalid), .arready(arready), .araddr(araddr), .arlen(arlen),
    .rvalid(rvalid), .rready(rready), .rdata(rdata), .rlast(rlast),
    .awvalid(awvalid), .awready(awready), .awaddr(awaddr), .awlen(awlen),
    .wvalid(wvalid), .wready(wready), .wdata(wdata), .wstrb(wstrb), .wlast(wlast),
    .bvalid(bvalid), .bready(bready));

  integer passed = 0, failed = 0;
  reg [31:0] seed, brng, r;
  integer n;

  function [31:0] xs(input [31:0] x);
    reg [31:0] y;
    begin y = x ^ (x << 13); y = y ^ (y >> 17); y = y ^ (y << 5); xs = y; end
  endfunction
  task rnd(output [31:0] v); begin brng = xs(brng); v = brng; end endtask

  task result(input ok, input [8*72-1:0] name);
    begin
      if (ok) passed = passed + 1;
      else begin
        failed = failed + 1;
        $display("FAIL: %0s (seed %0d, lat %0d..%0d, stall %0d%%)", name, seed, mem.lat_min, mem.lat_max, mem.stall_pct);
      end
    end
  endtask

  // ---- CSR access -----------------------------------------------------------
  task csr_wr(input [7:0] a, input [31:0] d);
    begin
      @(negedge clk); csr_valid = 1; csr_write = 1; csr_addr = a; csr_wdata = d;
      @(negedge clk); csr_valid = 0; csr_write = 0;
    end
  endtask
  reg [31:0] rd_val;
  integer    rd_wait;
  integer    csr_late_early = 0;   // reads whose csr_rvalid came early or late
  task csr_rd(input [7:0] a);
    begin
      @(negedge clk); csr_valid = 1; csr_write = 0; csr_addr = a;
      @(negedge clk); csr_valid = 0;
      // csr_rvalid exactly ENG_CSR_READ_LATENCY cycles after the request
      for (rd_wait = 1; rd_wait < ENG_CSR_READ_LATENCY; rd_wait = rd_wait + 1) begin
        if (csr_rvalid) csr_late_early = csr_late_early + 1;
        @(negedge clk);
      end
      if (!csr_rvalid) csr_late_early = csr_late_early + 1;
      rd_val = csr_rdata;
    end
  endtask

  // ---- memory helpers ---------------------------------------------------------
  task put32(input [31:0] a, input [31:0] v);
    begin mem.mem[a] = v[7:0]; mem.mem[a+1] = v[15:8]; mem.mem[a+2] = v[23:16]; mem.mem[a+3] = v[31:24]; end
  endtask
  // one 32-byte command
  task cmd(input [31:0] a, input [31:0] w0, input [31:0] w1, input [31:0] w2, input [31:0] w3,
           input [31:0] w4, input [31:0] w5, input [31:0] w6);
    begin
      put32(a, w0); put32(a + 4, w1); put32(a + 8, w2); put32(a + 12, w3);
      put32(a + 16, w4); put32(a + 20, w5); put32(a + 24, w6); put32(a + 28, 32'hDEAD_BEEF);
    end
  endtask
  function [31:0] op(input [7:0] code, input [7:0] flags);
    op = {16'h0000, flags, code};
  endfunction
  localparam [7:0] F_SYNC = 8'h01, F_ACT1 = 8'h02, F_WGT1 = 8'h04, F_OUT1 = 8'h08,
                   F_FIRST = 8'h10, F_LAST = 8'h20;

  // ---- the good layer -------------------------------------------------------------
  // A 6x6x3 tile at rows 2..7, columns 1..6 of a 10x10x3 NHWC image at IMG;
  // 3x3 kernel, stride 1, padding 1, 6x6 output, NC of the COLS channels
  // (5, or 3 on a 4-column array, 2 on a 2-column one) stored into rows
  // 1..6, columns 1..6 of an 8x8xNC NHWC image at OUT.
  // Requantization is the identity (mult 2^30, shift 1, bias 0) so the
  // expected output is clamp(sum w*x + zp_out).
  localparam [31:0] LIST = 32'h0000, IMG = 32'h1003, WGT = 32'h2000, QP = 32'h3000, OUT = 32'h4001;
  localparam IW = 10, IC = 3, TW = 6, TH = 6, KK = 3, NC = (COLS > 4) ? 5 : (COLS > 2) ? 3 : 2, OW = 8;
  localparam [7:0] SNC = COLS > 4 ? 4 : COLS;   // the columns of an oversized STORE
  localparam [7:0] NC8 = NC, COLS8 = COLS, ROWS8 = ROWS;
  localparam K = KK * KK * IC;
  reg signed [7:0] w [0:COLS-1][0:K-1];
  reg [7:0] expect_out [0:MEMB-1];
  reg signed [7:0] zp_out, act_min, act_max;

  task build_layer(input [31:0] list, input integer ncmd_before);
    integer oy, ox, c, ky, kx, ci, iy, ix, acc, k, y, t;
    reg signed [7:0] x;
    begin
      zp_out = 3; act_min = -100; act_max = 90;
      for (n = 0; n < IW * IW * IC; n = n + 1) begin rnd(r); mem.mem[IMG + n] = (r % 9) - 4; end
      for (c = 0; c < COLS; c = c + 1)
        for (k = 0; k < K; k = k + 1) begin
          rnd(r); w[c][k] = (r % 7) - 3;
          mem.mem[WGT + k * COLS + c] = w[c][k];
        end
      for (c = 0; c < COLS; c = c + 1) begin
        put32(QP + 4 * c, 0); put32(QP + 4 * (COLS + c), 32'h4000_0000); put32(QP + 4 * (2 * COLS + c), 1);
      end
      for (n = 0; n < 512; n = n + 1) begin rnd(r); mem.mem[OUT - 1 + n] = r[7:0]; end
      t = list + 32 * ncmd_before;
      cmd(t,       op(OP_LOAD_ACT, F_ACT1), IMG + (2 * IW + 1) * IC, TW * IC, {16'd1, 16'd6}, IW * IC, 0, 0);
      cmd(t + 32,  op(OP_LOAD_WGT, F_WGT1), WGT, K, 0, 0, 0, 0);
      cmd(t + 64,  op(OP_LOAD_QP, F_WGT1), QP, 0, 0, 0, 0, 0);
      cmd(t + 96,  op(OP_CONV, F_SYNC | F_ACT1 | F_WGT1 | F_FIRST | F_LAST),
          {16'd6, 16'd6}, {8'd0, NC8, 16'd3}, {16'd6, 16'd6}, {8'd1, 8'd1, 8'd3, 8'd3}, {16'd0, 8'd1, 8'd1},
          {act_max, act_min, zp_out, 8'd0});
      cmd(t + 128, op(OP_STORE, F_SYNC), OUT + (OW + 1) * NC, TW * NC, {16'd1, 16'd6}, OW * NC, 0, NC);
      cmd(t + 160, op(OP_END, 0), 0, 0, 0, 0, 0, 0);
      for (n = 0; n < MEMB; n = n + 1) expect_out[n] = mem.mem[n];
      for (oy = 0; oy < TH; oy = oy + 1)
        for (ox = 0; ox < TW; ox = ox + 1)
          for (c = 0; c < NC; c = c + 1) begin
            acc = 0;
            for (ky = 0; ky < KK; ky = ky + 1)
              for (kx = 0; kx < KK; kx = kx + 1)
                for (ci = 0; ci < IC; ci = ci + 1) begin
                  iy = oy + ky - 1; ix = ox + kx - 1;
                  if (iy < 0 || iy >= TH || ix < 0 || ix >= TW) x = 0;   // zp_in = 0
                  else x = mem.mem[IMG + ((iy + 2) * IW + ix + 1) * IC + ci];
                  acc = acc + w[c][(ky * KK + kx) * IC + ci] * x;
                end
            y = acc + zp_out;
            if (y < act_min) y = act_min;
            if (y > act_max) y = act_max;
            expect_out[OUT + ((oy + 1) * OW + ox + 1) * NC + c] = y[7:0];
          end
    end
  endtask

  // ---- running a list -----------------------------------------------------------
  integer cycles;
  // polls STATUS until DONE (or 20000 polls: check_status calls that a hang);
  // rd_val holds the last STATUS read, or 0 to poll at least once
  task wait_done;
    begin
      cycles = 0;
      while (!rd_val[STATUS_DONE_BIT] && cycles < 20000) begin
        csr_rd(CSR_STATUS); cycles = cycles + 1;
      end
    end
  endtask

  task run(input [31:0] base);
    begin
      csr_wr(CSR_CMD_BASE, base);
      csr_wr(CSR_CTRL, 1 << CTRL_START_BIT);
      rd_val = 0;
      wait_done;
    end
  endtask

  reg ok;
  task check_status(input [7:0] code, input [31:0] err_cmd, input [8*72-1:0] name);
    begin
      ok = cycles < 20000;
      if (!ok) $display("  %0s: engine hung", name);
      csr_rd(CSR_STATUS);
      ok = ok && rd_val[STATUS_BUSY_BIT] == 0 && rd_val[STATUS_DONE_BIT] == 1 &&
           rd_val[STATUS_ERROR_BIT] == (code != ERR_NONE) && rd_val[15:8] == code;
      if (!ok) $display("  %0s: STATUS 0x%08x, expected error code %0d", name, rd_val, code);
      if (code != ERR_NONE) begin
        csr_rd(CSR_ERR_CMD);
        if (rd_val != err_cmd) begin ok = 0; $display("  %0s: ERR_CMD %0d, expected %0d", name, rd_val, err_cmd); end
      end
      ok = ok && irq;
      csr_wr(CSR_CTRL, 1 << CTRL_CLEAR_BIT);
      csr_rd(CSR_STATUS);
      ok = ok && !irq && rd_val[STATUS_DONE_BIT] == 0;
      result(ok, name);
    end
  endtask

  task check_output(input [8*72-1:0] name);
    begin
      ok = 1;
      for (n = 0; n < MEMB; n = n + 1)
        if (mem.mem[n] !== expect_out[n]) begin
          if (ok) $display("  %0s: byte 0x%04x is %02x, expected %02x", name, n, mem.mem[n], expect_out[n]);
          ok = 0;
        end
      result(ok, name);
    end
  endtask

  // A good run after an error: the engine must accept START and work.
  task good_run(input [8*72-1:0] name);
    begin
      build_layer(LIST, 0);
      run(LIST);
      check_status(ERR_NONE, 0, name);
      check_output(name);
    end
  endtask

  // A list whose command `bad` (index nbad) is preceded by a good LOAD_WGT.
  localparam [31:0] ELIST = 32'h0800;
  task error_case(input [31:0] w0, input [31:0] w1, input [31:0] w2, input [31:0] w3,
                  input [31:0] w4, input [31:0] w5, input [31:0] w6,
                  input [7:0] code, input [8*72-1:0] name);
    begin
      cmd(ELIST,      op(OP_LOAD_WGT, 0), WGT, 9, 0, 0, 0, 0);
      cmd(ELIST + 32, w0, w1, w2, w3, w4, w5, w6);
      cmd(ELIST + 64, op(OP_END, 0), 0, 0, 0, 0, 0, 0);
      run(ELIST);
      check_status(code, 1, name);
      good_run({name, ", then a good run"});
    end
  endtask

  integer lat_min, lat_max, stall;
  reg [31:0] conv_w1, conv_w2, conv_w3, conv_w4, conv_w5;
  initial begin
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    if (!$value$plusargs("lat_min=%d", lat_min)) lat_min = 0;
    if (!$value$plusargs("lat_max=%d", lat_max)) lat_max = 0;
    if (!$value$plusargs("stall=%d", stall)) stall = 0;
    brng = seed * 32'h9E37_79B9 + 7;
    mem.rng = seed ^ 32'h2545_F491;
    mem.lat_min = lat_min; mem.lat_max = lat_max; mem.stall_pct = stall;
    for (n = 0; n < MEMB; n = n + 1) begin rnd(r); mem.mem[n] = r[7:0]; end
    repeat (4) @(negedge clk);
    rst = 0;

    // configuration registers
    csr_rd(CSR_ID);        ok = rd_val == ENG_ID_VALUE;
    csr_rd(CSR_HWCFG);     ok = ok && rd_val == {7'd0, PERF_BASIC != 0, ENG_ARCH_VERSION, COLS8, ROWS8};
    csr_rd(CSR_ACT_BYTES); ok = ok && rd_val == ACT_BYTES;
    csr_rd(CSR_WGT_ROWS);  ok = ok && rd_val == WGT_ROWS;
    csr_rd(CSR_ACC_DEPTH); ok = ok && rd_val == ACC_DEPTH;
    csr_rd(CSR_STATUS);    ok = ok && rd_val == 0;
    result(ok, "configuration registers and idle status");

    csr_wr(CSR_MEM_BASE, 0);
    csr_wr(CSR_MEM_SIZE, MEMB);
    csr_wr(CSR_IRQ_EN, 1);
    csr_rd(CSR_MEM_SIZE); ok = rd_val == MEMB;
    csr_rd(CSR_IRQ_EN);   ok = ok && rd_val == 1;
    result(ok, "read-write registers");

    good_run("LOAD_ACT + LOAD_WGT + LOAD_QP + CONV + STORE + END");
    csr_rd(CSR_PERF_CMDS);     ok = rd_val == 6;
    csr_rd(CSR_PERF_CYCLES);   ok = ok && rd_val > 0;
    // a build with the basic counters only reads 0 from the other five
    csr_rd(CSR_PERF_WR_BYTES); ok = ok && rd_val == (PERF_BASIC != 0 ? 0 : TW * TH * NC);
    csr_rd(CSR_PERF_RD_BYTES);
    ok = ok && (PERF_BASIC != 0 ? rd_val == 0 : rd_val >= 6 * 32 + TW * TH * IC + K * COLS + 12 * COLS);
    csr_rd(CSR_PERF_MACS);     ok = ok && rd_val == (PERF_BASIC != 0 ? 0 : TW * TH * K * NC);
    csr_rd(CSR_PERF_COMPUTE);  ok = ok && (PERF_BASIC != 0 ? rd_val == 0 : rd_val > 0);
    csr_rd(CSR_PERF_STALL);    ok = ok && (PERF_BASIC == 0 || rd_val == 0);
    result(ok, "performance counters");

    // A START with DONE still set from the run before: the irq drops the
    // cycle after the write, a CMD_BASE write on that very cycle is lost
    // (the engine is not BUSY yet, but the START holds it), and STATUS reads
    // BUSY and not DONE from the first read on.
    build_layer(LIST, 0);
    run(LIST);
    ok = irq;
    @(negedge clk); csr_valid = 1; csr_write = 1; csr_addr = CSR_CTRL; csr_wdata = 1 << CTRL_START_BIT;
    @(negedge clk); csr_addr = CSR_CMD_BASE; csr_wdata = ELIST;
    ok = ok && !irq;
    @(negedge clk); csr_valid = 0; csr_write = 0;
    csr_rd(CSR_STATUS);
    ok = ok && rd_val[STATUS_BUSY_BIT] == 1 && rd_val[STATUS_DONE_BIT] == 0;
    wait_done;
    csr_rd(CSR_CMD_BASE);
    ok = ok && rd_val == LIST;
    result(ok, "START: irq drops, STATUS busy, CMD_BASE locked from the next cycle");
    check_status(ERR_NONE, 0, "a run started with DONE set");
    check_output("a run started with DONE set");

    // a list at an address that is 8- but not 16-byte aligned: with a
    // 16-byte bus every command straddles beats
    build_layer(LIST + 8, 0);
    run(LIST + 8);
    check_status(ERR_NONE, 0, "list at an 8-byte aligned address");
    check_output("list at an 8-byte aligned address");

    // ---- every error path ----
    error_case(op(8'h09, 0), 0, 0, 0, 0, 0, 0, ERR_BAD_OPCODE, "unknown opcode");
    error_case(op(OP_LOAD_ACT, 0), IMG, 2049, {16'd2, 16'd2}, 4000, 9000, 0, ERR_TOO_BIG,
               "LOAD_ACT larger than the activation bank");
    error_case(op(OP_LOAD_ACT, 0), IMG, 0, {16'd1, 16'd1}, 0, 0, 0, ERR_BAD_PARAM, "LOAD_ACT with zero bytes");
    // a field too wide for the size products: a zero field still comes first
    error_case(op(OP_LOAD_ACT, 0), IMG, 65535, {16'd0, 16'd1}, 0, 0, 0, ERR_BAD_PARAM,
               "LOAD_ACT with no rows of 65535-byte runs");
    error_case(op(OP_STORE, 0), OUT, 65535, {16'd1, 16'd1}, 0, 0, NC, ERR_TOO_BIG,
               "STORE of a 65535-byte run");
    conv_w1 = {16'd6, 16'd6}; conv_w2 = {8'd0, NC8, 16'd3}; conv_w3 = {16'd6, 16'd6};
    conv_w4 = {8'd1, 8'd1, 8'd3, 8'd3}; conv_w5 = {16'd0, 8'd1, 8'd1};
    error_case(op(OP_CONV, 0), conv_w1, conv_w2, conv_w3, {8'd9, 8'd1, 8'd3, 8'd3}, conv_w5, 0,
               ERR_BAD_PARAM, "CONV stride 9");
    error_case(op(OP_CONV, 0), conv_w1, conv_w2, conv_w3, {8'd1, 8'd1, 8'd3, 8'd17}, conv_w5, 0,
               ERR_BAD_PARAM, "CONV kernel 17");
    error_case(op(OP_CONV, 0), conv_w1, conv_w2, conv_w3, conv_w4, {16'd0, 8'd3, 8'd1}, 0,
               ERR_BAD_PARAM, "CONV PAD_T equal to K_H");
    error_case(op(OP_CONV, 0), conv_w1, {8'd0, COLS8 + 8'd1, 16'd3}, conv_w3, conv_w4, conv_w5, 0,
               ERR_BAD_PARAM, "CONV NCOLS above COLS");
    error_case(op(OP_CONV, 0), {16'd0, 16'd6}, conv_w2, conv_w3, conv_w4, conv_w5, 0,
               ERR_BAD_PARAM, "CONV IN_H zero");
    error_case(op(OP_CONV, 0), {16'd64, 16'd64}, conv_w2, conv_w3, conv_w4, conv_w5, 0,
               ERR_TOO_BIG, "CONV tile larger than the activation bank");
    error_case(op(OP_CONV, 0), {16'd6, 16'd65535}, conv_w2, conv_w3, conv_w4, conv_w5, 0,
               ERR_TOO_BIG, "CONV with IN_W 65535");
    error_case(op(OP_CONV, 0), conv_w1, {8'd0, NC8, 16'd57}, conv_w3, conv_w4, conv_w5, 0,
               ERR_TOO_BIG, "CONV K larger than the weight bank");
    error_case(op(OP_CONV, 0), conv_w1, conv_w2, {16'd33, 16'd32}, conv_w4, conv_w5, 0,
               ERR_TOO_BIG, "CONV output larger than the accumulators");
    error_case(op(OP_STORE, 0), OUT, 7, {16'd1, 16'd1}, 0, 0, NC, ERR_BAD_PARAM, "STORE of a partial pixel");
    error_case(op(OP_STORE, 0), OUT, 1025 * SNC, {16'd1, 16'd1}, 0, 0, SNC, ERR_TOO_BIG,
               "STORE of more pixels than the accumulators hold");
    error_case(op(OP_LOAD_WGT, 0), WGT + 4, 9, 0, 0, 0, 0, ERR_MISALIGNED, "LOAD_WGT misaligned");
    error_case(op(OP_LOAD_QP, 0), QP + 2, 0, 0, 0, 0, 0, ERR_MISALIGNED, "LOAD_QP misaligned");
    error_case(op(OP_LOAD_WGT, 0), WGT, 513, 0, 0, 0, 0, ERR_TOO_BIG, "LOAD_WGT larger than the weight bank");
    error_case(op(OP_LOAD_ACT, 0), MEMB - 100, 50, {16'd1, 16'd3}, 60, 0, 0, ERR_ADDR_RANGE,
               "LOAD_ACT leaving the memory window");
    error_case(op(OP_STORE, 0), MEMB - 4 * NC, 8 * NC, {16'd1, 16'd1}, 0, 0, NC, ERR_ADDR_RANGE,
               "STORE leaving the memory window");

    // misaligned CMD_BASE: nothing is fetched
    mem.quiet = 1;
    run(LIST + 4);
    check_status(ERR_MISALIGNED, 0, "misaligned CMD_BASE");
    good_run("misaligned CMD_BASE, then a good run");

    // CMD_BASE outside the window
    mem.win_lo = 0; mem.win_hi = 32768;
    csr_wr(CSR_MEM_SIZE, 32768);
    run(32768);
    check_status(ERR_ADDR_RANGE, 0, "CMD_BASE outside the window");
    // a list that runs off the end of the window (no END): error on the fetch
    cmd(32768 - 64, op(OP_LOAD_WGT, 0), WGT, 9, 0, 0, 0, 0);
    cmd(32768 - 32, op(OP_LOAD_QP, 0), QP, 0, 0, 0, 0, 0);
    run(32768 - 64);
    check_status(ERR_ADDR_RANGE, 2, "command list running out of the window");
    // a window error on a load stops the list: the STORE after it never runs
    cmd(ELIST,      op(OP_LOAD_ACT, 0), 32768 - 40, 50, {16'd1, 16'd1}, 0, 0, 0);
    cmd(ELIST + 32, op(OP_STORE, 0), OUT, 8 * NC, {16'd1, 16'd1}, 0, 0, NC);
    cmd(ELIST + 64, op(OP_END, 0), 0, 0, 0, 0, 0, 0);
    for (n = 0; n < MEMB; n = n + 1) expect_out[n] = mem.mem[n];
    run(ELIST);
    check_status(ERR_ADDR_RANGE, 0, "LOAD_ACT outside the window stops the list");
    check_output("no command runs after the failing load");
    // a load that leaves the window only after 1000 bytes, while the command
    // after it has already failed its check: the earlier command's error wins
    cmd(ELIST,      op(OP_LOAD_ACT, 0), 32768 - 1000, 2000, {16'd1, 16'd1}, 0, 0, 0);
    cmd(ELIST + 32, op(8'h09, 0), 0, 0, 0, 0, 0, 0);
    run(ELIST);
    check_status(ERR_ADDR_RANGE, 0, "window error of a load after the next command's error");
    mem.win_hi = MEMB;
    csr_wr(CSR_MEM_SIZE, MEMB);
    mem.quiet = 0;
    good_run("window errors, then a good run");

    result(mem.violations == 0, "no protocol violations");
    result(csr_late_early == 0, "every CSR read answered ENG_CSR_READ_LATENCY cycles after it");
    $display("%0d passed, %0d failed", passed, failed);
    if (failed != 0) $fatal(1, "failures with seed %0d", seed);
    $finish;
  end

  initial begin
    #100000000;
    $display("FAIL: bench timeout (seed %0d)", seed);
    $display("%0d passed, %0d failed", passed, failed + 1);
    $fatal(1, "timeout with seed %0d", seed);
  end
endmodule
