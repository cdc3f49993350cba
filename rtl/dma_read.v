// Read DMA: the block loads (LOAD_ACT, LOAD_WGT, LOAD_QP) and the command
// fetch for the controller, sharing the AR/R channels through
// axi_read_arbiter.
//
// With SHARED_FETCH = 0 the fetch has its own single-run generator and
// runs beside a load, its bursts marked by source in the arbiter. With
// SHARED_FETCH = 1 its bursts come from the block generator too (dma hands
// it over once a load or store is done with it), so they follow every
// burst of the load before them: a beat belongs to the load while the load
// waits for its last beat, else to the fetch.
//
// A load is a strided block whose bursts come from the block generator the
// unit shares with dma_write (see dma): its useful bytes are packed densely
// from byte 0 of the destination buffer, whatever their alignment in memory. LOAD_WGT and LOAD_QP arrive as single linear
// runs. A command fetch is one 32-byte run, 8-byte aligned, delivered as
// 256 bits (byte 0 of the command in bits [7:0]).
//
// The memory side is BUS_BYTES wide (4, 8 or 16); the buffers are written a
// WR_BYTES-byte word at a time: 8 bytes, or 4 on a 4-byte bus, which
// delivers no more (see byte_packer). Word n of a load holds its bytes
// WR_BYTES * n and up.
//
// A burst outside the memory window is never issued: the generator stops
// (ld_gen_err), the unit waits for its bursts in flight to return, and
// finishes with err set.
module dma_read #(
  parameter COLS      = 8,
  parameter ACT_BYTES = 8192,
  parameter WGT_ROWS  = 512,
  parameter MAX_OUT   = 4,           // read bursts in flight
  parameter BUS_BYTES = 8,           // bytes per memory beat: 4, 8 or 16
  parameter SHARED_FETCH = 0,        // 1: the fetch's bursts arrive on ld_b*
  parameter WR_BYTES  = (BUS_BYTES < 8) ? BUS_BYTES : 8,   // buffer word: 8, or 4 with BUS_BYTES = 4
  parameter ADDR_W    = 32,          // addresses the engine reaches (see dma_burst_gen)
  parameter [31:0] ADDR_BASE = 32'd0,
  parameter TIMING_REGS = 1          // 0: the fetch generator without its output slice,
                                     // and no read data register on the 4-byte bus
) (
  input  wire        clk,
  input  wire        rst,
  input  wire [ADDR_W-1:0] win_lo,   // memory window, offsets from ADDR_BASE,
  input  wire [ADDR_W:0]   win_hi,   // fixed while busy
  // block load
  input  wire        ld_start,       // pulse, only while !ld_busy
  input  wire [1:0]  ld_kind,        // KIND_ACT, KIND_WGT, KIND_QP
  input  wire        ld_bank,
  output wire        ld_busy,        // from the cycle after ld_start
  output reg         ld_done,        // pulse; ld_err valid with it
  output reg         ld_err,
  // bursts of the load (and with SHARED_FETCH of the fetch) from the block
  // generator (see dma_burst_gen)
  input  wire        ld_bvalid,
  output wire        ld_bready,
  input  wire [31:0] ld_baddr,
  input  wire [3:0]  ld_blen,
  input  wire [LW-1:0] ld_boff,
  input  wire [NW-1:0] ld_bbytes,
  input  wire        ld_blast,
  input  wire        ld_gen_err,     // the generator stopped at the window
  input  wire        sh_gen_err,     // ... in the fetch's run (SHARED_FETCH)
  // command fetch
  input  wire        fe_start,       // pulse, only while !fe_busy
  input  wire [31:0] fe_addr,        // 8-byte aligned
  output wire        fe_busy,        // from the cycle after fe_start
  output reg         fe_done,        // pulse; fe_err and fe_data valid with it
  output reg         fe_err,
  output reg  [255:0] fe_data,
  // destination buffers
  output wire        act_we,
  output wire        act_wbank,
  output wire [AAW-1:0] act_waddr,
  output wire [8*WR_BYTES-1:0] act_wdata,
  output wire [WR_BYTES-1:0]   act_wstrb,
  output wire        wgt_we,
  output wire        wgt_wbank,
  output wire [WAW-1:0] wgt_waddr,
  output wire [8*WR_BYTES-1:0] wgt_wdata,
  output wire        qp_we,
  output wire        qp_wbank,
  output wire [QAW-1:0] qp_waddr,
  output wire [8*WR_BYTES-1:0] qp_wdata,
  // memory read channels
  output wire        m_arvalid,
  input  wire        m_arready,
  output wire [31:0] m_araddr,
  output wire [7:0]  m_arlen,
  input  wire        m_rvalid,
  output wire        m_rready,
  input  wire [8*BUS_BYTES-1:0] m_rdata,
  input  wire        m_rlast,        // unused: burst ends are tracked by beat count
  // statistics
  output wire [4:0]  stat_rbytes,    // bytes of the read beat taken this cycle (whole beat)
  output wire        stat_stall      // waiting on the memory
);
  localparam [1:0] KIND_ACT = 2'd0, KIND_WGT = 2'd1, KIND_QP = 2'd2;

  localparam AAW = $clog2(ACT_BYTES / WR_BYTES);
  localparam WAW = $clog2(WGT_ROWS * COLS / WR_BYTES);
  localparam QAW = $clog2(12 * COLS / WR_BYTES);     // 3 int32 per column
  localparam XW  = (AAW > WAW) ? AAW : WAW;   // destination word counter
  localparam LW  = $clog2(BUS_BYTES);         // byte lane index bits
  localparam NW  = LW + 5;                    // useful bytes of a burst
  localparam [31:0] BUS_32 = BUS_BYTES;
  localparam [4:0]  BEAT_BYTES = BUS_32[4:0];

  // The read data of the wide buses, and of every TIMING_REGS build, passes
  // a register before the packer (see axi_read_arbiter): a cycle per
  // transfer, and on the boards the block RAM's output then reaches only
  // that register. The small 4-byte bus builds skip it.
  localparam R_REG = BUS_BYTES >= 8 || TIMING_REGS != 0;

  localparam [1:0] L_IDLE = 2'd0, L_RUN = 2'd1, L_FLUSH = 2'd2, L_LAST = 2'd3;
  reg  [1:0]    ld_state;

  // ---- burst sources: the load and the command fetch ------------------
  wire [1:0]  src_idle;
  wire        beat_valid, beat_ready, beat_src, beat_end, rd_waiting;
  wire [8*BUS_BYTES-1:0] beat_data;
  wire [LW-1:0] beat_lo;
  wire [LW:0]   beat_cnt;
  wire        fe_gen_err;
  wire        to_ld;                 // the beat in hand belongs to the load

  generate
    if (SHARED_FETCH == 0) begin : g_own_fetch
      wire        fe_bvalid, fe_bready, fe_blast, fe_gen_busy;
      wire [31:0] fe_baddr;
      wire [3:0]  fe_blen;
      wire [LW-1:0] fe_boff;
      wire [NW-1:0] fe_bbytes;

      // fe_addr's low bits are zero (the controller checks CMD_BASE's
      // alignment); tied off, they make the fetch's byte offsets constant.
      dma_burst_gen #(
        .BUS_BYTES(BUS_BYTES), .RUN_W(6), .CNT_W(1), .BLOCK(0), .ADDR_W(ADDR_W),
        .ADDR_BASE(ADDR_BASE), .TIMING_REGS(TIMING_REGS)
      ) fe_gen (
        .clk(clk), .rst(rst), .start(fe_start), .single(1'b1),
        .addr({fe_addr[31:3], 3'b000}), .run_bytes(6'd32), .inner_count(1'b1),
        .outer_count(1'b1), .inner_stride(32'd0), .outer_stride(32'd0),
        .win_lo(win_lo), .win_hi(win_hi),
        .busy(fe_gen_busy), .err(fe_gen_err),
        .b_valid(fe_bvalid), .b_ready(fe_bready), .b_addr(fe_baddr), .b_len(fe_blen),
        .b_off(fe_boff), .b_bytes(fe_bbytes), .b_last(fe_blast)
      );

      axi_read_arbiter #(.MAX_OUT(MAX_OUT), .BUS_BYTES(BUS_BYTES), .R_REG(R_REG)) arb (
        .clk(clk), .rst(rst),
        .s_valid({ld_bvalid, fe_bvalid}), .s_ready({ld_bready, fe_bready}),
        .s_addr({ld_baddr, fe_baddr}), .s_len({ld_blen, fe_blen}),
        .s_off({ld_boff, fe_boff}), .s_bytes({ld_bbytes, fe_bbytes}),
        .s_last({ld_blast, fe_blast}), .s_idle(src_idle),
        .m_arvalid(m_arvalid), .m_arready(m_arready), .m_araddr(m_araddr), .m_arlen(m_arlen),
        .m_rvalid(m_rvalid), .m_rready(m_rready), .m_rdata(m_rdata),
        .beat_valid(beat_valid), .beat_ready(beat_ready), .beat_src(beat_src),
        .beat_data(beat_data), .beat_lo(beat_lo), .beat_cnt(beat_cnt), .beat_end(beat_end),
        .waiting(rd_waiting)
      );
      assign to_ld = beat_src;
      wire unused_sh = &{1'b0, sh_gen_err, fe_gen_busy};
    end else begin : g_shared_fetch
      wire fe_nready;                // source 0 is not used
      axi_read_arbiter #(.MAX_OUT(MAX_OUT), .BUS_BYTES(BUS_BYTES), .R_REG(R_REG), .SOURCES(1)) arb (
        .clk(clk), .rst(rst),
        .s_valid({ld_bvalid, 1'b0}), .s_ready({ld_bready, fe_nready}),
        .s_addr({ld_baddr, 32'd0}), .s_len({ld_blen, 4'd0}),
        .s_off({ld_boff, {LW{1'b0}}}), .s_bytes({ld_bbytes, {NW{1'b0}}}),
        .s_last({ld_blast, 1'b0}), .s_idle(src_idle),
        .m_arvalid(m_arvalid), .m_arready(m_arready), .m_araddr(m_araddr), .m_arlen(m_arlen),
        .m_rvalid(m_rvalid), .m_rready(m_rready), .m_rdata(m_rdata),
        .beat_valid(beat_valid), .beat_ready(beat_ready), .beat_src(beat_src),
        .beat_data(beat_data), .beat_lo(beat_lo), .beat_cnt(beat_cnt), .beat_end(beat_end),
        .waiting(rd_waiting)
      );
      // the load's bursts all precede the fetch's, and it leaves L_RUN at its last beat
      assign to_ld      = ld_state == L_RUN;
      assign fe_gen_err = sh_gen_err;
      // dma starts and checks the fetch's run
      wire unused_sh = &{1'b0, beat_src, fe_nready, fe_addr, win_lo, win_hi};
    end
  endgenerate

  assign stat_rbytes = beat_valid ? BEAT_BYTES : 5'd0;
  assign stat_stall = (m_arvalid && !m_arready) || rd_waiting;

  // ---- block load: pack and write ------------------------------------
  reg  [1:0]    kind;
  reg           bank;
  reg  [XW-1:0] waddr;

  wire ld_beat = beat_valid && to_ld;
  wire        pk_ready, pk_drained, pk_valid;
  wire [8*WR_BYTES-1:0] pk_data;
  wire [WR_BYTES-1:0]   pk_strb;

  // The command fetch always takes its beats; loads go at the packer's pace.
  assign beat_ready = !to_ld || pk_ready;

  byte_packer #(.IN_BYTES(BUS_BYTES), .OUT_BYTES(WR_BYTES)) packer (
    .clk(clk), .rst(rst), .clear(ld_start),
    .in_valid(ld_beat), .in_ready(pk_ready),
    .in_data(beat_data), .in_lo(beat_lo), .in_cnt(beat_cnt),
    .flush(ld_state == L_FLUSH), .drained(pk_drained),
    .out_valid(pk_valid), .out_data(pk_data), .out_strb(pk_strb)
  );

  assign ld_busy = ld_state != L_IDLE;

  assign act_we    = pk_valid && kind == KIND_ACT;
  assign act_wbank = bank;
  assign act_waddr = waddr[AAW-1:0];
  assign act_wdata = pk_data;
  assign act_wstrb = pk_strb;
  assign wgt_we    = pk_valid && kind == KIND_WGT;
  assign wgt_wbank = bank;
  assign wgt_waddr = waddr[WAW-1:0];
  assign wgt_wdata = pk_data;
  assign qp_we     = pk_valid && kind == KIND_QP;
  assign qp_wbank  = bank;
  assign qp_waddr  = waddr[QAW-1:0];
  assign qp_wdata  = pk_data;

  always @(posedge clk) begin
    if (rst) begin
      ld_state <= L_IDLE;
      ld_done  <= 1'b0;
      ld_err   <= 1'b0;
      kind     <= KIND_ACT;
      bank     <= 1'b0;
      waddr    <= {XW{1'b0}};
    end else begin
      ld_done <= 1'b0;
      if (pk_valid) waddr <= waddr + 1'b1;
      case (ld_state)
        L_IDLE:
          if (ld_start) begin
            ld_state <= L_RUN;
            ld_err   <= 1'b0;
            kind     <= ld_kind;
            bank     <= ld_bank;
            waddr    <= {XW{1'b0}};
          end
        L_RUN:
          if (ld_beat && beat_end) begin
            ld_state <= L_FLUSH;
          end else if (ld_gen_err && src_idle[1]) begin
            // window error: everything issued has returned; stop here
            ld_state <= L_IDLE;
            ld_done  <= 1'b1;
            ld_err   <= 1'b1;
          end
        L_FLUSH:                       // the packer emits its last words
          if (pk_drained) ld_state <= L_LAST;
        default: begin                 // L_LAST: that word is written now
          ld_state <= L_IDLE;
          ld_done  <= 1'b1;
        end
      endcase
    end
  end

  // ---- command fetch ----------------------------------------------------
  // The command address is 8-byte aligned and the command 32 bytes long, so
  // every beat carries whole granules of G = min(BUS_BYTES, 8) bytes: each
  // one is written at the next free granule slot of fe_data (byte 0 of the
  // command ends up in bits [7:0]). Only a 16-byte beat can start at its
  // upper granule or carry two.
  localparam G   = (BUS_BYTES < 8) ? BUS_BYTES : 8;
  localparam NG  = 32 / G;                    // granule slots of a command
  localparam GPW = $clog2(NG);
  reg  fe_active;
  localparam [GPW-1:0] ONE = 1, TWO = 2;
  reg  [GPW-1:0] fe_pos;                      // granules received so far

  assign fe_busy = fe_active;

  wire fe_beat = beat_valid && !to_ld;
  // first useful granule at bits [8*G-1:0]; with two granules the second above it
  wire [8*BUS_BYTES-1:0] fe_gran;
  wire                   fe_two;
  generate
    if (BUS_BYTES > 8) begin : g_wide
      assign fe_gran = beat_lo[LW-1] ? {64'd0, beat_data[127:64]} : beat_data;
      assign fe_two  = beat_cnt[LW];
    end else begin : g_narrow
      assign fe_gran = beat_data;
      assign fe_two  = 1'b0;
    end
  endgenerate

  always @(posedge clk) begin
    if (rst) begin
      fe_active <= 1'b0;
      fe_done   <= 1'b0;
      fe_err    <= 1'b0;
      fe_pos    <= {GPW{1'b0}};
    end else begin
      fe_done <= 1'b0;
      if (fe_beat) fe_pos <= fe_pos + (fe_two ? TWO : ONE);
      if (fe_start) begin
        fe_active <= 1'b1;
        fe_err    <= 1'b0;
        fe_pos    <= {GPW{1'b0}};
      end else if (fe_active) begin
        if (fe_beat && beat_end) begin
          fe_active <= 1'b0;
          fe_done   <= 1'b1;
        end else if (fe_gen_err && src_idle[0]) begin
          fe_active <= 1'b0;
          fe_done   <= 1'b1;
          fe_err    <= 1'b1;
        end
      end
    end
  end

  genvar gs;
  generate
    for (gs = 0; gs < NG; gs = gs + 1) begin : g_slot
      localparam [GPW-1:0] SLOT = gs;
      always @(posedge clk) begin
        if (fe_beat && fe_pos == SLOT)
          fe_data[8*G*gs +: 8*G] <= fe_gran[8*G-1:0];
        else if (fe_beat && fe_two && fe_pos + ONE == SLOT)
          fe_data[8*G*gs +: 8*G] <= fe_gran[8*BUS_BYTES-1 -: 8*G];
      end
    end
  endgenerate

  wire unused_ok = &{1'b0, m_rlast, beat_lo, beat_cnt, fe_addr[2:0]};
endmodule
