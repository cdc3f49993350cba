// The DMA unit: block loads and the command fetch (dma_read), stores
// (dma_write), and the one block burst generator that loads and stores share.
//
// The controller never runs a load and a store at the same time (it starts
// either only while neither is busy), so one generator splits both kinds of
// block. It works for a store from the cycle after st_start until the
// store's last burst is taken, a span inside st_busy, so st_busy decides
// where its bursts go; at any other time they belong to the load.
//
// The command fetch (one 32-byte run) runs beside a load or store. With
// SHARED_FETCH = 0 it has its own single-run generator inside dma_read.
// With SHARED_FETCH = 1 it takes the shared generator once that has offered
// the last burst of the load or store in hand (a fetch started earlier
// waits), so the read side needs no second burst source. This requires
// that a load or store starts only while no fetch is busy, as with the
// controller's PREFETCH = 0, where the command in hand is the fetch buffer.
// A load or store that stopped at the window keeps the generator until it
// is done, so its error reaches it.
module dma #(
  parameter COLS      = 8,
  parameter ACT_BYTES = 8192,
  parameter WGT_ROWS  = 512,
  parameter ACC_DEPTH = 1024,
  parameter BUS_BYTES = 8,           // bytes per memory beat: 4, 8 or 16
  parameter RUN_W     = 16,          // bits of a run length
  parameter ADDR_W    = 32,          // addresses the engine reaches (see dma_burst_gen)
  parameter [31:0] ADDR_BASE = 32'd0,
  parameter SHARED_FETCH = 0,        // 1: the fetch uses the block generator (see above)
  parameter TIMING_REGS  = 1,        // 0: small devices, fewer registers (dma_burst_gen, dma_write)
  // bytes per buffer write of a load: 8, or 4 with BUS_BYTES = 4 (see dma_read)
  parameter WR_BYTES  = (BUS_BYTES < 8) ? BUS_BYTES : 8
) (
  input  wire        clk,
  input  wire        rst,
  input  wire [ADDR_W-1:0] win_lo,   // memory window, offsets from ADDR_BASE,
  input  wire [ADDR_W:0]   win_hi,   // fixed while busy
  // block of the load or store being started, valid with its start pulse
  input  wire [31:0] x_addr,
  input  wire [RUN_W-1:0] x_run,
  input  wire [15:0] x_inner,
  input  wire [15:0] x_outer,
  input  wire [31:0] x_istride,
  input  wire [31:0] x_ostride,
  // block load (LOAD_ACT, LOAD_WGT, LOAD_QP); only while !ld_busy && !st_busy
  input  wire        ld_start,
  input  wire [1:0]  ld_kind,
  input  wire        ld_bank,
  output wire        ld_busy,
  output wire        ld_done,
  output wire        ld_err,
  // command fetch
  input  wire        fe_start,
  input  wire [31:0] fe_addr,
  output wire        fe_busy,
  output wire        fe_done,
  output wire        fe_err,
  output wire [255:0] fe_data,
  // STORE; only while !ld_busy && !st_busy
  input  wire        st_start,
  input  wire        st_bank,
  input  wire [7:0]  st_ncols,
  input  wire [$clog2(ACC_DEPTH):0] st_npix,
  output wire        st_busy,
  output wire        st_done,
  output wire        st_err,
  // destination buffers of the loads
  output wire        act_we,
  output wire        act_wbank,
  output wire [$clog2(ACT_BYTES/WR_BYTES)-1:0] act_waddr,
  output wire [8*WR_BYTES-1:0] act_wdata,
  output wire [WR_BYTES-1:0]   act_wstrb,
  output wire        wgt_we,
  output wire        wgt_wbank,
  output wire [$clog2(WGT_ROWS*COLS/WR_BYTES)-1:0] wgt_waddr,
  output wire [8*WR_BYTES-1:0] wgt_wdata,
  output wire        qp_we,
  output wire        qp_wbank,
  output wire [$clog2(12*COLS/WR_BYTES)-1:0] qp_waddr,
  output wire [8*WR_BYTES-1:0] qp_wdata,
  // output bank read port of the store
  output wire        out_re,
  output wire        out_rbank,
  output wire [$clog2(ACC_DEPTH)-1:0] out_raddr,
  input  wire [COLS*8-1:0] out_rdata,
  // memory master
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
  output wire        m_bready,
  // statistics
  output wire [4:0]  stat_rbytes,
  output wire        stat_rstall,
  output wire [4:0]  stat_wbytes,
  output wire        stat_wstall
);
  localparam LW = $clog2(BUS_BYTES);          // byte lane index bits
  localparam NW = LW + 5;                     // useful bytes of a burst
  // A load or store fills or empties one buffer, and the controller starts
  // it only after checking its size (RUN_BYTES * INNER_COUNT * OUTER_COUNT
  // for a block) against that buffer, so no block count or run length
  // exceeds the largest buffer: the generator's counters need only CW bits.
  localparam ACC_MAX = ACC_DEPTH * COLS;
  localparam WGT_MAX = WGT_ROWS * COLS;
  localparam BLK_A   = (ACT_BYTES > ACC_MAX) ? ACT_BYTES : ACC_MAX;
  localparam BLK_MAX = (BLK_A > WGT_MAX) ? BLK_A : WGT_MAX;
  localparam BLK_W   = $clog2(BLK_MAX + 1);
  localparam CW      = (BLK_W < 16) ? BLK_W : 16;       // count bits in the generator
  localparam GRW     = (BLK_W < RUN_W) ? BLK_W : RUN_W; // run length bits in the generator

  wire          g_busy, g_err, g_valid, g_last, ld_bready, st_bready;
  wire [31:0]   g_addr;
  wire [3:0]    g_len;
  wire [LW-1:0] g_off;
  wire [NW-1:0] g_bytes;
  wire          fe_go;               // the fetch's run starts in the generator
  wire          fe_own;              // the generator works for the fetch
  wire [31:0]   g_start_addr;
  wire [GRW-1:0] g_run;
  wire          to_store = st_busy && !fe_own;
  localparam [GRW-1:0] FE_RUN = 32;

  generate
    if (SHARED_FETCH != 0) begin : g_shared
      reg fe_wait, own;
      // an error of a load or store stays until it is done; one of a fetch
      // (own) is over with that fetch
      assign fe_go  = (fe_start || fe_wait) && !g_busy &&
                      (!g_err || own || (!ld_busy && !st_busy));
      assign fe_own = own;
      always @(posedge clk) begin
        if (rst) begin
          fe_wait <= 1'b0;
          own     <= 1'b0;
        end else begin
          fe_wait <= (fe_start || fe_wait) && !fe_go;
          if (fe_go) own <= 1'b1;
          else if (ld_start || st_start) own <= 1'b0;
        end
      end
      // fe_addr's low bits are zero (the controller checks CMD_BASE's alignment)
      assign g_start_addr = fe_go ? {fe_addr[31:3], 3'b000} : x_addr;
      assign g_run        = fe_go ? FE_RUN : x_run[GRW-1:0];
    end else begin : g_own
      assign fe_go        = 1'b0;
      assign fe_own       = 1'b0;
      assign g_start_addr = x_addr;
      assign g_run        = x_run[GRW-1:0];
    end
  endgenerate

  // With the shared fetch no command is fetched while a block is in the
  // generator, so the command the block's parameters come from stays put.
  dma_burst_gen #(
    .BUS_BYTES(BUS_BYTES), .RUN_W(GRW), .CNT_W(CW), .HELD(SHARED_FETCH),
    .ADDR_W(ADDR_W), .ADDR_BASE(ADDR_BASE), .TIMING_REGS(TIMING_REGS)
  ) gen (
    .clk(clk), .rst(rst), .start(ld_start || st_start || fe_go), .single(fe_go),
    .addr(g_start_addr), .run_bytes(g_run),
    .inner_count(x_inner[CW-1:0]), .outer_count(x_outer[CW-1:0]),
    .inner_stride(x_istride), .outer_stride(x_ostride),
    .win_lo(win_lo), .win_hi(win_hi),
    .busy(g_busy), .err(g_err),
    .b_valid(g_valid), .b_ready(to_store ? st_bready : ld_bready),
    .b_addr(g_addr), .b_len(g_len), .b_off(g_off), .b_bytes(g_bytes), .b_last(g_last)
  );

  dma_read #(
    .COLS(COLS), .ACT_BYTES(ACT_BYTES), .WGT_ROWS(WGT_ROWS), .BUS_BYTES(BUS_BYTES),
    .SHARED_FETCH(SHARED_FETCH), .WR_BYTES(WR_BYTES), .ADDR_W(ADDR_W), .ADDR_BASE(ADDR_BASE),
    .TIMING_REGS(TIMING_REGS)
  ) rd (
    .clk(clk), .rst(rst), .win_lo(win_lo), .win_hi(win_hi),
    .ld_start(ld_start), .ld_kind(ld_kind), .ld_bank(ld_bank),
    .ld_busy(ld_busy), .ld_done(ld_done), .ld_err(ld_err),
    .ld_bvalid(g_valid && !to_store), .ld_bready(ld_bready), .ld_baddr(g_addr),
    .ld_blen(g_len), .ld_boff(g_off), .ld_bbytes(g_bytes), .ld_blast(g_last),
    .ld_gen_err(g_err && !fe_own), .sh_gen_err(g_err && fe_own),
    .fe_start(fe_start), .fe_addr(fe_addr), .fe_busy(fe_busy), .fe_done(fe_done),
    .fe_err(fe_err), .fe_data(fe_data),
    .act_we(act_we), .act_wbank(act_wbank), .act_waddr(act_waddr), .act_wdata(act_wdata),
    .act_wstrb(act_wstrb),
    .wgt_we(wgt_we), .wgt_wbank(wgt_wbank), .wgt_waddr(wgt_waddr), .wgt_wdata(wgt_wdata),
    .qp_we(qp_we), .qp_wbank(qp_wbank), .qp_waddr(qp_waddr), .qp_wdata(qp_wdata),
    .m_arvalid(m_arvalid), .m_arready(m_arready), .m_araddr(m_araddr), .m_arlen(m_arlen),
    .m_rvalid(m_rvalid), .m_rready(m_rready), .m_rdata(m_rdata), .m_rlast(m_rlast),
    .stat_rbytes(stat_rbytes), .stat_stall(stat_rstall)
  );

  dma_write #(
    .COLS(COLS), .ACC_DEPTH(ACC_DEPTH), .BUS_BYTES(BUS_BYTES), .TIMING_REGS(TIMING_REGS)
  ) wr (
    .clk(clk), .rst(rst),
    .st_start(st_start), .st_bank(st_bank), .st_ncols(st_ncols), .st_npix(st_npix),
    .st_busy(st_busy), .st_done(st_done), .st_err(st_err),
    .st_bvalid(g_valid && to_store), .st_bready(st_bready), .st_baddr(g_addr),
    .st_blen(g_len), .st_boff(g_off), .st_bbytes(g_bytes),
    .st_gen_busy(g_busy && !fe_own), .st_gen_err(g_err && !fe_own),
    .out_re(out_re), .out_rbank(out_rbank), .out_raddr(out_raddr), .out_rdata(out_rdata),
    .m_awvalid(m_awvalid), .m_awready(m_awready), .m_awaddr(m_awaddr), .m_awlen(m_awlen),
    .m_wvalid(m_wvalid), .m_wready(m_wready), .m_wdata(m_wdata), .m_wstrb(m_wstrb),
    .m_wlast(m_wlast), .m_bvalid(m_bvalid), .m_bready(m_bready),
    .stat_wbytes(stat_wbytes), .stat_stall(stat_wstall)
  );

  wire unused_ok = &{1'b0, x_run, x_inner, x_outer};   // bits above GRW and CW are zero
endmodule
