// The convolution engine: CSR slave, command controller, the DMA unit (loads,
// stores and the command fetch on one AXI-like memory master), and the
// compute core behind CONV.
module cnn_engine #(
  parameter ROWS      = 8,
  parameter COLS      = 8,
  parameter ACT_BYTES = 8192,
  parameter WGT_ROWS  = 512,
  parameter ACC_DEPTH = 1024,
  parameter BUS_BYTES = 8,           // memory data width in bytes per beat: 4, 8 or 16
  parameter RQ_UNITS  = COLS,        // requantization units, dividing COLS (fewer: slower last chunk)
  parameter RQ_SEQ    = 0,           // 1: sequential requantization units (one multiplier each)
  parameter ECP5_DSP  = 0,           // 1: ECP5, PE and requantizer products in DSP blocks
  parameter ECP5_EBR  = 0,           // 1: ECP5, window memories in blocks with output registers
  // small builds: no command prefetch (a fetch's latency per command, 256
  // fewer flip-flops), only the cycle and command counters (HWCFG.PERF_BASIC)
  parameter PREFETCH   = 1,
  parameter PERF_BASIC = 0,
  // 0: the core holds one CONV at a time (fewer registers, a CONV's set-up
  // and drain per command); 1: it takes the next one during the last chunk
  parameter OVERLAP    = 1,
  // 1: register stages for fast FPGA clocks (each accumulator's word
  // registered after its block RAM, the burst generators' run end in a
  // register and an output slice on each, which puts a DMA's first burst a
  // cycle later, the store ring's pixel registered); 0: small devices,
  // fewer flip-flops. Same results
  parameter TIMING_REGS = 1,
  // the DMA reaches the 2^ADDR_W bytes from ADDR_BASE (aligned to 2^ADDR_W);
  // beyond them every access is an ADDR_RANGE error. A board sets them to
  // its device memory, which keeps address arithmetic that narrow.
  parameter ADDR_W     = 32,
  parameter [31:0] ADDR_BASE = 32'd0
) (
  input  wire        clk,
  input  wire        rst,
  // CSR slave: one access per cycle; a read returns csr_rdata with csr_rvalid two cycles later
  input  wire        csr_valid,
  input  wire        csr_write,
  input  wire [7:0]  csr_addr,
  input  wire [31:0] csr_wdata,
  output reg  [31:0] csr_rdata,
  output reg         csr_rvalid,
  output wire        irq,
  // memory master, 8*BUS_BYTES-bit data, BUS_BYTES-aligned addresses, len = beats-1
  // (0..15), bursts never cross a 16*BUS_BYTES-byte boundary, reads return in order
  output wire        m_arvalid,
  input  wire        m_arready,
  output wire [31:0] m_araddr,
  output wire [7:0]  m_arlen,
  input  wire        m_rvalid,
  output wire        m_rready,
  input  wire [8*BUS_BYTES-1:0] m_rdata,
  input  wire        m_rlast,
  output wire        m_awvalid,
  input  wire        m_awready,
  output wire [31:0] m_awaddr,
  output wire [7:0]  m_awlen,
  output wire        m_wvalid,
  input  wire        m_wready,
  output wire [8*BUS_BYTES-1:0] m_wdata,
  output wire [BUS_BYTES-1:0]   m_wstrb,
  output wire        m_wlast,
  input  wire        m_bvalid,
  output wire        m_bready
);
  // the DMA writes the buffers a word of WB bytes at a time: 8, or 4 on a
  // 4-byte bus, which brings no more a cycle (narrower packing and writes)
  localparam WB  = (BUS_BYTES < 8) ? BUS_BYTES : 8;
  localparam AAW = $clog2(ACT_BYTES / WB);
  localparam WAW = $clog2(WGT_ROWS * COLS / WB);
  localparam QAW = $clog2(12 * COLS / WB);
  localparam OAW = $clog2(ACC_DEPTH);
  // Longest DMA run: a RUN_BYTES field, or a merged block that fits the
  // buffer it fills or empties.
  localparam RUN_A   = (ACT_BYTES > ACC_DEPTH * COLS) ? ACT_BYTES : ACC_DEPTH * COLS;
  localparam RUN_B   = (WGT_ROWS * COLS > 65535) ? WGT_ROWS * COLS : 65535;
  localparam RUN_W   = $clog2(((RUN_A > RUN_B) ? RUN_A : RUN_B) + 1);

  // ---- CSRs ---------------------------------------------------------------
  wire [31:0] csr_rdata_q;
  wire        csr_rvalid_q;
  wire        start, clear;
  wire [31:0] cmd_base, mem_base, mem_size;
  wire        busy, done, error;
  wire [7:0]  err_code;
  wire [31:0] err_cmd;
  wire [31:0] perf_cycles, perf_compute, perf_macs, perf_rd_bytes, perf_wr_bytes,
              perf_stall, perf_cmds;

  always @(*) begin
    csr_rdata  = csr_rdata_q;
    csr_rvalid = csr_rvalid_q;
  end

  csr_regs #(
    .ROWS(ROWS), .COLS(COLS), .ACT_BYTES(ACT_BYTES), .WGT_ROWS(WGT_ROWS), .ACC_DEPTH(ACC_DEPTH),
    .PERF_BASIC(PERF_BASIC)
  ) csr (
    .clk(clk), .rst(rst),
    .csr_valid(csr_valid), .csr_write(csr_write), .csr_addr(csr_addr), .csr_wdata(csr_wdata),
    .csr_rdata(csr_rdata_q), .csr_rvalid(csr_rvalid_q), .irq(irq),
    .start(start), .clear(clear), .cmd_base(cmd_base), .mem_base(mem_base), .mem_size(mem_size),
    .busy(busy), .done(done), .error(error), .err_code(err_code), .err_cmd(err_cmd),
    .perf_cycles(perf_cycles), .perf_compute(perf_compute), .perf_macs(perf_macs),
    .perf_rd_bytes(perf_rd_bytes), .perf_wr_bytes(perf_wr_bytes), .perf_stall(perf_stall),
    .perf_cmds(perf_cmds)
  );

  // ---- controller ---------------------------------------------------------
  wire [ADDR_W-1:0] win_lo;
  wire [ADDR_W:0]   win_hi;
  wire         fe_start, fe_busy, fe_done, fe_err;
  wire [31:0]  fe_addr;
  wire [255:0] fe_data;
  wire [31:0]  x_addr, x_istride, x_ostride;
  wire [RUN_W-1:0] x_run;
  wire [15:0]  x_inner, x_outer;
  wire         ld_start, ld_bank, ld_busy, ld_done, ld_err;
  wire [1:0]   ld_kind;
  wire         st_start, st_bank, st_busy, st_done, st_err;
  wire [7:0]   st_ncols;
  wire [OAW:0] st_npix;
  wire         conv_valid, conv_ready, conv_busy, conv_busy_prev;
  wire [15:0]  in_w, in_h, in_c, out_w, out_h;
  wire [7:0]   ncols, k_w, k_h, stride_w, stride_h, pad_l, pad_t, zp_in, zp_out, act_min, act_max;
  wire         act_bank, wgt_bank, out_bank, acc_first, acc_last;
  wire         stat_rstall, stat_wstall, stat_vec;
  wire [4:0]   stat_rbytes, stat_wbytes;
  wire [15:0]  stat_macs;

  controller #(
    .COLS(COLS), .ACT_BYTES(ACT_BYTES), .WGT_ROWS(WGT_ROWS), .ACC_DEPTH(ACC_DEPTH),
    .RUN_W(RUN_W), .ADDR_W(ADDR_W), .ADDR_BASE(ADDR_BASE), .PREFETCH(PREFETCH),
    .PERF_BASIC(PERF_BASIC), .ECP5_DSP(ECP5_DSP)
  ) ctrl (
    .clk(clk), .rst(rst),
    .start(start), .clear(clear), .cmd_base(cmd_base), .mem_base(mem_base), .mem_size(mem_size),
    .busy(busy), .done(done), .error(error), .err_code(err_code), .err_cmd(err_cmd),
    .perf_cycles(perf_cycles), .perf_compute(perf_compute), .perf_macs(perf_macs),
    .perf_rd_bytes(perf_rd_bytes), .perf_wr_bytes(perf_wr_bytes), .perf_stall(perf_stall),
    .perf_cmds(perf_cmds),
    .win_lo(win_lo), .win_hi(win_hi),
    .fe_start(fe_start), .fe_addr(fe_addr), .fe_busy(fe_busy), .fe_done(fe_done),
    .fe_err(fe_err), .fe_data(fe_data),
    .x_addr(x_addr), .x_run(x_run), .x_inner(x_inner), .x_outer(x_outer),
    .x_istride(x_istride), .x_ostride(x_ostride),
    .ld_start(ld_start), .ld_kind(ld_kind), .ld_bank(ld_bank),
    .ld_busy(ld_busy), .ld_done(ld_done), .ld_err(ld_err),
    .st_start(st_start), .st_bank(st_bank), .st_ncols(st_ncols), .st_npix(st_npix),
    .st_busy(st_busy), .st_done(st_done), .st_err(st_err),
    .conv_valid(conv_valid), .conv_ready(conv_ready), .conv_busy(conv_busy),
    .conv_busy_prev(conv_busy_prev),
    .conv_in_w(in_w), .conv_in_h(in_h), .conv_in_c(in_c), .conv_out_w(out_w), .conv_out_h(out_h),
    .conv_ncols(ncols), .conv_k_w(k_w), .conv_k_h(k_h),
    .conv_stride_w(stride_w), .conv_stride_h(stride_h), .conv_pad_l(pad_l), .conv_pad_t(pad_t),
    .conv_zp_in(zp_in), .conv_zp_out(zp_out), .conv_act_min(act_min), .conv_act_max(act_max),
    .conv_act_bank(act_bank), .conv_wgt_bank(wgt_bank), .conv_out_bank(out_bank),
    .conv_acc_first(acc_first), .conv_acc_last(acc_last),
    .stat_rbytes(stat_rbytes), .stat_rstall(stat_rstall), .stat_wbytes(stat_wbytes),
    .stat_wstall(stat_wstall), .stat_vec(stat_vec), .stat_macs(stat_macs)
  );

  // ---- DMA ----------------------------------------------------------------
  wire           act_we, act_wbank, wgt_we, wgt_wbank, qp_we, qp_wbank;
  wire [AAW-1:0] act_waddr;
  wire [WAW-1:0] wgt_waddr;
  wire [QAW-1:0] qp_waddr;
  wire [8*WB-1:0] act_wdata, wgt_wdata, qp_wdata;
  wire [WB-1:0]  act_wstrb;
  wire           out_re, out_rbank;
  wire [OAW-1:0] out_raddr;
  wire [COLS*8-1:0] out_rdata;

  dma #(
    .COLS(COLS), .ACT_BYTES(ACT_BYTES), .WGT_ROWS(WGT_ROWS), .ACC_DEPTH(ACC_DEPTH),
    .BUS_BYTES(BUS_BYTES), .RUN_W(RUN_W), .ADDR_W(ADDR_W), .ADDR_BASE(ADDR_BASE),
    // without prefetch no load or store starts while a fetch is busy
    .SHARED_FETCH(PREFETCH == 0), .WR_BYTES(WB), .TIMING_REGS(TIMING_REGS)
  ) dma (
    .clk(clk), .rst(rst), .win_lo(win_lo), .win_hi(win_hi),
    .x_addr(x_addr), .x_run(x_run), .x_inner(x_inner), .x_outer(x_outer),
    .x_istride(x_istride), .x_ostride(x_ostride),
    .ld_start(ld_start), .ld_kind(ld_kind), .ld_bank(ld_bank),
    .ld_busy(ld_busy), .ld_done(ld_done), .ld_err(ld_err),
    .fe_start(fe_start), .fe_addr(fe_addr), .fe_busy(fe_busy), .fe_done(fe_done),
    .fe_err(fe_err), .fe_data(fe_data),
    .st_start(st_start), .st_bank(st_bank), .st_ncols(st_ncols), .st_npix(st_npix),
    .st_busy(st_busy), .st_done(st_done), .st_err(st_err),
    .act_we(act_we), .act_wbank(act_wbank), .act_waddr(act_waddr), .act_wdata(act_wdata),
    .act_wstrb(act_wstrb),
    .wgt_we(wgt_we), .wgt_wbank(wgt_wbank), .wgt_waddr(wgt_waddr), .wgt_wdata(wgt_wdata),
    .qp_we(qp_we), .qp_wbank(qp_wbank), .qp_waddr(qp_waddr), .qp_wdata(qp_wdata),
    .out_re(out_re), .out_rbank(out_rbank), .out_raddr(out_raddr), .out_rdata(out_rdata),
    .m_arvalid(m_arvalid), .m_arready(m_arready), .m_araddr(m_araddr), .m_arlen(m_arlen),
    .m_rvalid(m_rvalid), .m_rready(m_rready), .m_rdata(m_rdata), .m_rlast(m_rlast),
    .m_awvalid(m_awvalid), .m_awready(m_awready), .m_awaddr(m_awaddr), .m_awlen(m_awlen),
    .m_wvalid(m_wvalid), .m_wready(m_wready), .m_wdata(m_wdata), .m_wstrb(m_wstrb),
    .m_wlast(m_wlast), .m_bvalid(m_bvalid), .m_bready(m_bready),
    .stat_rbytes(stat_rbytes), .stat_rstall(stat_rstall),
    .stat_wbytes(stat_wbytes), .stat_wstall(stat_wstall)
  );

  // ---- compute ------------------------------------------------------------
  conv_core #(
    .ROWS(ROWS), .COLS(COLS), .ACT_BYTES(ACT_BYTES), .WGT_ROWS(WGT_ROWS), .ACC_DEPTH(ACC_DEPTH),
    .RQ_UNITS(RQ_UNITS), .RQ_SEQ(RQ_SEQ), .ECP5_DSP(ECP5_DSP), .ECP5_EBR(ECP5_EBR),
    .OVERLAP(OVERLAP), .TIMING_REGS(TIMING_REGS), .WR_BYTES(WB)
  ) core (
    .clk(clk), .rst(rst),
    .cmd_valid(conv_valid), .cmd_ready(conv_ready),
    .in_w(in_w), .in_h(in_h), .in_c(in_c), .out_w(out_w), .out_h(out_h),
    .ncols(ncols), .k_w(k_w), .k_h(k_h), .stride_w(stride_w), .stride_h(stride_h),
    .pad_l(pad_l), .pad_t(pad_t), .zp_in(zp_in), .zp_out(zp_out),
    .act_min(act_min), .act_max(act_max),
    .act_bank(act_bank), .wgt_bank(wgt_bank), .out_bank(out_bank),
    .acc_first(acc_first), .acc_last(acc_last),
    .busy(conv_busy), .busy_prev(conv_busy_prev),
    .act_we(act_we), .act_wbank(act_wbank), .act_waddr(act_waddr), .act_wdata(act_wdata),
    .act_wstrb(act_wstrb),
    .wgt_we(wgt_we), .wgt_wbank(wgt_wbank), .wgt_waddr(wgt_waddr), .wgt_wdata(wgt_wdata),
    .qp_we(qp_we), .qp_wbank(qp_wbank), .qp_waddr(qp_waddr), .qp_wdata(qp_wdata),
    .out_re(out_re), .out_rbank(out_rbank), .out_raddr(out_raddr), .out_rdata(out_rdata),
    .stat_vec(stat_vec), .stat_macs(stat_macs)
  );
endmodule
