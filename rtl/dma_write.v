// Write DMA: the STORE command.
//
// Pixels are read from the output bank in order (COLS bytes each, the first
// ncols taken) and appended to a small byte stream buffer: a ring of byte
// slots the pixel is written into, or on the 16-byte bus a shift buffer;
// either takes the pixel from a register (which keeps the block RAM's slow
// clock-to-output off the buffer) except on TIMING_REGS = 0. The strided destination
// block, whose bursts come from the block generator the unit shares with
// dma_read (see dma), is filled from that stream, each beat shifted to
// its byte position with byte strobes for partial beats. The fill and room
// counts decide when beats go, whatever the buffer (see SB). Write
// data for a burst is sent after its address was accepted. The unit finishes
// when every write response has arrived.
//
// A burst outside the memory window is never issued: the generator stops
// (st_gen_err), the unit completes the bursts already issued, and finishes
// with err set.
module dma_write #(
  parameter COLS      = 8,
  parameter ACC_DEPTH = 1024,
  parameter MAX_OUT   = 16,          // write bursts awaiting their response
  parameter BUS_BYTES = 8,           // bytes per memory beat: 4, 8 or 16
  parameter TIMING_REGS = 1          // 0: the ring takes its pixel straight from the bank
) (
  input  wire        clk,
  input  wire        rst,
  // STORE command; the block holds exactly npix * ncols bytes
  input  wire        st_start,       // pulse, only while !st_busy
  input  wire        st_bank,
  input  wire [7:0]  st_ncols,       // 1..COLS
  input  wire [$clog2(ACC_DEPTH):0] st_npix,   // 1..ACC_DEPTH
  output wire        st_busy,        // from the cycle after st_start
  output reg         st_done,        // pulse; st_err valid with it
  output reg         st_err,
  // bursts of the store from the block generator (see dma_burst_gen)
  input  wire        st_bvalid,
  output wire        st_bready,
  input  wire [31:0] st_baddr,
  input  wire [3:0]  st_blen,
  input  wire [LW-1:0] st_boff,
  input  wire [NW-1:0] st_bbytes,
  input  wire        st_gen_busy,    // bursts left to offer
  input  wire        st_gen_err,     // the generator stopped at the window
  // output bank read port: data valid the cycle after out_re
  output wire        out_re,
  output wire        out_rbank,
  output wire [$clog2(ACC_DEPTH)-1:0] out_raddr,
  input  wire [COLS*8-1:0] out_rdata,
  // memory write channels
  output reg         m_awvalid,
  input  wire        m_awready,
  output reg  [31:0] m_awaddr,
  output wire [7:0]  m_awlen,
  output wire        m_wvalid,
  input  wire        m_wready,
  output wire [8*BUS_BYTES-1:0] m_wdata,
  output wire [BUS_BYTES-1:0]   m_wstrb,
  output wire        m_wlast,
  input  wire        m_bvalid,
  output wire        m_bready,
  // statistics
  output wire [4:0]  stat_wbytes,    // bytes written this cycle
  output wire        stat_stall      // waiting on the memory
);
  localparam PW  = $clog2(ACC_DEPTH) + 1;
  // stream buffer kind (see below): a ring where a pixel is at most a beat,
  // on 4- and 8-byte buses (8 only with TIMING_REGS, where its head is
  // registered); the shift buffer elsewhere. The ring's beat is a mux from
  // flip-flops where the shift buffer shifts every cycle, by the fill and
  // by the beat sent (at 8 bytes that update led the ULX3S-85F's paths
  // over 10 ns).
  localparam RING = COLS <= BUS_BYTES &&
                    (BUS_BYTES <= 4 || (TIMING_REGS != 0 && BUS_BYTES <= 8));
  // stream buffer bytes: three pixels and a beat, so pixels stream at one
  // a cycle while beats go out; both kinds then send the same beats on the
  // same cycles. The small builds' ring (TIMING_REGS = 0) holds a pixel and
  // a byte less (SB + COLS - 1 slots: two rows of lanes at COLS = 2): the
  // store is mostly bound by the bank's one pixel a cycle, and the
  // iCEBreaker's LeNet-5 convolutions take the same cycles.
  localparam SB  = RING && TIMING_REGS == 0 ? 2 * COLS + BUS_BYTES - 1
                                            : 3 * COLS + BUS_BYTES;
  localparam LW  = $clog2(BUS_BYTES);       // byte lane index bits
  localparam NW  = LW + 5;                  // useful bytes of a burst
  localparam FW  = $clog2(SB + 1);
  localparam CW  = $clog2(MAX_OUT + 1);
  localparam NCB = $clog2(COLS + 1);       // bits of ncols, 1..COLS (the controller checks it)
  localparam [31:0]   SB_32    = SB;
  localparam [FW-1:0] SB_BYTES = SB_32[FW-1:0];
  localparam [CW-1:0] MAX_CNT  = MAX_OUT;

  reg active;
  reg bank;
  reg [NCB-1:0] ncols;
  reg [PW-1:0] npix, pix;

  // ---- address channel ----------------------------------------------------
  reg  [CW-1:0] pending;             // bursts taken from the generator, response not yet in
  reg  [3:0]    aw_len;
  reg  [LW-1:0] aw_off;
  reg  [NW-1:0] aw_bytes;
  wire          b_fire  = m_bvalid;
  wire          aw_fire = m_awvalid && m_awready;

  assign st_bready = (!m_awvalid || m_awready) && (pending != MAX_CNT);
  assign m_awlen  = {4'd0, aw_len};
  assign m_bready = 1'b1;

  // Write data follows the accepted addresses, in order: each accepted
  // burst's first byte and byte count wait here until its beats start,
  // with the byte count of its first beat (as beat_split's load makes it),
  // which the look-ahead of wvalid reads straight from the FIFO.
  localparam [31:0] BUS_32 = BUS_BYTES;
  localparam [LW:0] LANES  = BUS_32[LW:0];
  wire [LW:0]      aw_room  = LANES - {1'b0, aw_off};
  wire [LW:0]      aw_first = aw_bytes <= {{(NW-LW-1){1'b0}}, aw_room} ? aw_bytes[LW:0]
                                                                      : aw_room;
  wire [2*LW+NW:0] wd_head;
  wire        wd_empty;
  wire        wd_full;                 // never: at most MAX_OUT bursts are pending
  wire        wd_pop;

  fifo #(.WIDTH(2 * LW + NW + 1), .DEPTH(MAX_OUT)) wdesc (
    .clk(clk), .rst(rst),
    .push(aw_fire), .din({aw_first, aw_off, aw_bytes}),
    .pop(wd_pop), .dout(wd_head),
    .empty(wd_empty), .full(wd_full)
  );

  always @(posedge clk) begin
    if (rst) begin
      m_awvalid <= 1'b0;
      pending   <= {CW{1'b0}};
    end else begin
      if (!m_awvalid || m_awready) m_awvalid <= st_bvalid && st_bready;
      pending <= pending + {{(CW-1){1'b0}}, st_bvalid && st_bready} - {{(CW-1){1'b0}}, b_fire};
    end
  end

  always @(posedge clk) begin
    if (st_bvalid && st_bready) begin
      m_awaddr <= st_baddr;
      aw_len   <= st_blen;
      aw_off   <= st_boff;
      aw_bytes <= st_bbytes;
    end
  end

  // ---- pixel stream -----------------------------------------------------
  reg  [FW-1:0]   sfill;             // bytes of the stream in the buffer
  reg             rd_pend;           // a pixel arrives on out_rdata this cycle
  reg             pix_pend;          // ... and last cycle's pixel counts from now on

  // ---- write data ---------------------------------------------------------
  // The next beat (first lane, byte count, last) comes from registers,
  // computed a cycle ahead from the previous beat or from the burst's
  // descriptor as it leaves the FIFO, so no arithmetic sits between the
  // FIFO and wvalid or between wready and the buffer.
  reg           bd_valid;
  wire          bd_last;
  wire [LW-1:0] bd_lo, bd_lo_next;
  wire [LW:0]   bd_cnt, st_cnt;
  wire [LW:0]   ld_cnt   = wd_head[2*LW+NW:LW+NW];   // first beat of the next burst
  reg           wv_q;                // m_wvalid, see below
  wire          w_fire   = m_wvalid && m_wready;
  wire          bd_next  = !bd_valid || (w_fire && bd_last);   // a new burst's beat is due
  assign        wd_pop   = bd_next && !wd_empty;

  always @(posedge clk) begin
    if (rst || st_start) begin
      bd_valid <= 1'b0;
    end else if (bd_next) begin
      bd_valid <= !wd_empty;
    end
  end

  beat_split #(.BUS_BYTES(BUS_BYTES)) beats (
    .clk(clk), .load(bd_next), .off(wd_head[LW+NW-1:NW]), .bytes(wd_head[NW-1:0]),
    .step(w_fire), .lo(bd_lo), .cnt(bd_cnt), .last(bd_last),
    .step_cnt(st_cnt), .lo_next(bd_lo_next)
  );

  assign m_wvalid = wv_q;
  assign m_wstrb  = ~({BUS_BYTES{1'b1}} << bd_cnt) << bd_lo;
  assign m_wlast  = bd_last;

  wire [FW-1:0]   take     = w_fire ? {{(FW-LW-1){1'b0}}, bd_cnt} : {FW{1'b0}};
  wire [FW-1:0]   kept     = sfill - take;

  // Read the next pixel if it fits behind the bytes kept this cycle and the
  // two pixels already on their way: the fill, less this cycle's beat, is
  // at most SB less k pixels (this one and those on their way). The three
  // limits are set at the start, as ncols holds for the store, so the
  // compares start at registers (a limit below 0 never passes); both
  // answers, with and without this cycle's beat sent, come from them and
  // wready only picks one.
  wire [FW-1:0] ncols_f  = {{(FW-NCB){1'b0}}, ncols};
  wire [FW-1:0] add_now  = pix_pend ? ncols_f : {FW{1'b0}};
  reg  [FW+1:0] lim1, lim2, lim3;    // SB - k * ncols, signed
  wire [FW+1:0] st_nc    = {{(FW+2-NCB){1'b0}}, st_ncols[NCB-1:0]};
  wire [FW+1:0] sb_x     = {2'b00, SB_BYTES};
  always @(posedge clk)
    if (st_start) begin
      lim1 <= sb_x - st_nc;
      lim2 <= sb_x - {st_nc[FW:0], 1'b0};
      lim3 <= sb_x - {st_nc[FW:0], 1'b0} - st_nc;
    end
  wire [FW+1:0] lim      = pix_pend && rd_pend ? lim3 : pix_pend || rd_pend ? lim2 : lim1;
  wire [FW+1:0] fill_0   = {2'b00, sfill};
  wire [FW+1:0] fill_1   = {2'b00, sfill - {{(FW-LW-1){1'b0}}, bd_cnt}};  // sent: bd_cnt <= sfill
  wire          room_0   = $signed(fill_0) <= $signed(lim);
  wire          room_1   = $signed(fill_1) <= $signed(lim);
  wire          rd_room  = w_fire ? room_1 : room_0;
  wire          rd_issue = active && (pix != npix) && rd_room;

  // wvalid: a beat is in hand and the buffer holds its bytes. It is
  // registered, from the next fill and the next beat both with and without
  // this cycle's beat sent; wready only picks one, so the fill's compare
  // and the descriptor FIFO stay off the path from the memory's wready.
  // With the beat sent the fill is sfill - bd_cnt + add_now: the beat's
  // count moves to the other side, beside the next beat's, so both
  // compares share one adder on the fill.
  wire [FW:0]   cnt_idle  = {{(FW-LW){1'b0}}, bd_valid ? bd_cnt : ld_cnt};
  wire [FW:0]   cnt_sent  = {{(FW-LW){1'b0}}, bd_last ? ld_cnt : st_cnt}
                            + {{(FW-LW){1'b0}}, bd_cnt};
  wire [FW:0]   fill_next = {1'b0, sfill} + {1'b0, add_now};
  wire          wv_idle   = (bd_valid || !wd_empty) && fill_next >= cnt_idle;
  wire          wv_sent   = (!bd_last || !wd_empty) && fill_next >= cnt_sent;

  // The bank is read every cycle of a store at the next pixel's address;
  // only reads made with rd_issue are used (rd_pend). An enable computed
  // from this cycle's room check would sit on the store's longest path.
  assign out_re    = active;
  assign out_rbank = bank;
  assign out_raddr = pix[PW-2:0];

  always @(posedge clk) begin
    if (rst || st_start) begin
      sfill    <= {FW{1'b0}};
      rd_pend  <= 1'b0;
      pix_pend <= 1'b0;
      wv_q     <= 1'b0;
    end else begin
      sfill    <= kept + add_now;
      wv_q     <= w_fire ? wv_sent : wv_idle;
      rd_pend  <= rd_issue;
      pix_pend <= rd_pend;
    end
  end

  // ---- stream buffer ----------------------------------------------------
  // Both kinds hold the bytes the fill counts, the oldest first, and put
  // m_wdata's bytes at bd_lo up; only the bytes under the strobes matter.
  generate
    if (RING) begin : g_ring
      // A ring of N = D * BUS_BYTES byte slots, in D rows of BUS_BYTES
      // lanes: stream byte k sits in lane k mod BUS_BYTES, so the bytes of
      // a beat lie in distinct lanes, each in one of two rows. Nothing
      // moves: a beat sent only advances the head (hd_row, hd_lane), so
      // wready reaches just that pointer. The room check keeps the fill and
      // the pixels on their way within SB bytes, so the ring needs
      // SB + COLS - 1 slots.
      localparam D  = (SB + COLS - 1 + BUS_BYTES - 1) / BUS_BYTES;
      localparam RW = (D > 1) ? $clog2(D) : 1;
      localparam [31:0] D_32 = D;
      localparam [RW-1:0] LAST_ROW = D_32[RW-1:0] - 1'b1;
      localparam N = BUS_BYTES * D;
      reg  [8*N-1:0] ring;

      // Write side. A pixel is registered as it arrives on out_rdata (the
      // block RAM's slow clock-to-output stays off the slots), then written
      // in the cycle it counts, as pix_pend: the fill includes it from the
      // next cycle on. With TIMING_REGS = 0 it is written as it arrives, a
      // cycle earlier. All COLS bytes are written, to the slots from wpos
      // on (those past ncols land in free slots, beyond the fill). Pixel
      // byte k lands in lane wlane + k whatever the row, so the pixel is
      // rotated once and each slot takes its own lane's byte.
      reg  [N-1:0]  wpos;                    // next pixel's first byte, one-hot
      reg  [LW-1:0] wlane;                   // its lane
      wire          pix_wr = TIMING_REGS != 0 ? pix_pend : rd_pend;   // a pixel goes in
      // wpos moved on by ncols slots
      wire [2*N-1:0] wpos2 = {wpos, wpos};
      reg  [N-1:0]  wpos_next;
      integer q;
      always @(*) begin
        wpos_next = wpos;
        for (q = 1; q <= COLS; q = q + 1)
          if (ncols == q[NCB-1:0]) wpos_next = wpos2[N - q +: N];
      end
      wire [LW-1:0] ncols_lane = LW'(ncols);   // ncols mod BUS_BYTES
      reg  [COLS*8-1:0] pix_q;
      always @(posedge clk) pix_q <= out_rdata;
      wire [COLS*8-1:0]      pix_in  = TIMING_REGS != 0 ? pix_q : out_rdata;
      wire [8*BUS_BYTES-1:0] pix_bus = {{(BUS_BYTES-COLS)*8{1'b0}}, pix_in};
      wire [16*BUS_BYTES-1:0] pix2   = {pix_bus, pix_bus} << {wlane, 3'b000};
      wire [8*BUS_BYTES-1:0] pix_rot = pix2[16*BUS_BYTES-1 -: 8*BUS_BYTES];

      // Read side: the oldest byte is at hd_row, hd_lane. Per lane the
      // oldest byte it holds is in hd_row from hd_lane up, else in the next
      // row; lane b of the beat is stream byte b - bd_lo, in lane
      // hd_lane + b - bd_lo (rot). With TIMING_REGS both the lanes' rows and
      // rot are registers, set from the head's and bd_lo's next values, so
      // m_wdata is two muxes from flip-flops.
      reg  [LW-1:0] hd_lane;
      reg  [RW-1:0] hd_row;
      // The head starts afresh with every store. The reset need not reach
      // it (nor, through it, the lane rows): no beat is sent before the
      // first store (wv_q is reset).
      wire          restart = rst || st_start;
      wire [LW:0]   hd_sum  = {1'b0, hd_lane} + bd_cnt;
      wire [RW-1:0] hd_row1 = (hd_row == LAST_ROW) ? {RW{1'b0}} : hd_row + 1'b1;
      wire [LW-1:0] hd_lane_nx = st_start ? {LW{1'b0}} : w_fire ? hd_sum[LW-1:0] : hd_lane;
      wire [RW-1:0] hd_row_nx  = st_start ? {RW{1'b0}} : w_fire && hd_sum[LW] ? hd_row1 : hd_row;

      always @(posedge clk) begin
        hd_lane <= hd_lane_nx;
        hd_row  <= hd_row_nx;
        if (restart) begin
          wpos  <= {{(N-1){1'b0}}, 1'b1};
          wlane <= {LW{1'b0}};
        end else if (pix_wr) begin
          wpos  <= wpos_next;
          wlane <= wlane + ncols_lane;
        end
      end

      wire [RW*BUS_BYTES-1:0] hrow;          // per lane, the row of its oldest byte
      wire [LW-1:0]           rot;
      if (TIMING_REGS != 0) begin : g_head_regs
        wire [RW-1:0] row_nx1 = (hd_row_nx == LAST_ROW) ? {RW{1'b0}} : hd_row_nx + 1'b1;
        reg  [RW*BUS_BYTES-1:0] hrow_q;
        reg  [LW-1:0]           rot_q;
        integer l;
        always @(posedge clk) begin
          for (l = 0; l < BUS_BYTES; l = l + 1)
            hrow_q[RW*l +: RW] <= (LW'(l) >= hd_lane_nx) ? hd_row_nx : row_nx1;
          rot_q <= hd_lane_nx - bd_lo_next;
        end
        assign hrow = hrow_q;
        assign rot  = rot_q;
      end else begin : g_head
        genvar l;
        for (l = 0; l < BUS_BYTES; l = l + 1) begin : g_lane
          localparam [LW-1:0] LANE = l;
          /* verilator lint_off CMPCONST */   // the first and last lane compare constant
          assign hrow[RW*l +: RW] = (LANE >= hd_lane) ? hd_row : hd_row1;
          /* verilator lint_on CMPCONST */
        end
        assign rot = hd_lane - bd_lo;
        wire unused_nx = &{1'b0, bd_lo_next};
      end

      wire [8*BUS_BYTES-1:0] head;
      genvar b, r;
      for (b = 0; b < BUS_BYTES; b = b + 1) begin : g_lane
        assign head[8*b +: 8] = ring[8*(BUS_BYTES*hrow[RW*b +: RW] + b) +: 8];
      end
      for (r = 0; r < N; r = r + 1) begin : g_slot
        // one of the COLS slots from wpos on
        wire [COLS-1:0] sel = wpos2[N + r -: COLS];
        always @(posedge clk)
          if (pix_wr && sel != {COLS{1'b0}}) ring[8*r +: 8] <= pix_rot[8*(r % BUS_BYTES) +: 8];
      end
      wire [16*BUS_BYTES-1:0] head2 = {head, head} >> {rot, 3'b000};
      assign m_wdata = head2[8*BUS_BYTES-1:0];
      wire unused_ring = &{1'b0, head2[16*BUS_BYTES-1:8*BUS_BYTES], wpos2[N-1:0],
                           pix2[8*BUS_BYTES-1:0]};
    end else begin : g_shift
      // A shift buffer: bytes at and above sfill are zero. The pixel read
      // from the bank is registered first (the block RAM's clock-to-output
      // stays off the shifts), with its bytes past ncols cleared.
      reg  [SB*8-1:0]   sbuf;
      reg  [COLS*8-1:0] pix_q;
      wire [SB*8-1:0]   pix_in   = {{(SB-COLS)*8{1'b0}}, pix_q};
      // The pixel in pix_q is placed at sfill (rd_room kept room for it there),
      // then the bytes sent drop out below: the pixel lands at kept. Shifting the
      // joined bytes by a registered amount first is much smaller than shifting
      // the pixel by kept, which is computed this cycle.
      wire [SB*8-1:0] joined   = sbuf | (pix_pend ? (pix_in << {sfill, 3'b000}) : {SB*8{1'b0}});
      wire [SB*8-1:0] next_buf = joined >> {take, 3'b000};
      // cleared a cycle after the start, from a register: no pixel arrives
      // before, and the reset's and the start's logic stay off the clear
      reg clr;
      always @(posedge clk) begin
        clr <= rst || st_start;
        if (clr) sbuf <= {SB*8{1'b0}};
        else sbuf <= next_buf;
        pix_q <= out_rdata & ~({COLS*8{1'b1}} << {ncols, 3'b000});
      end
      assign m_wdata = sbuf[8*BUS_BYTES-1:0] << {bd_lo, 3'b000};
      wire unused_nx = &{1'b0, bd_lo_next};
    end
  endgenerate

  // ---- command ------------------------------------------------------------
  wire all_in = !st_gen_busy && !m_awvalid && (pending == {CW{1'b0}});

  assign st_busy     = active;
  assign stat_wbytes = w_fire ? {{(4-LW){1'b0}}, bd_cnt} : 5'd0;
  assign stat_stall  = (m_awvalid && !m_awready) || (m_wvalid && !m_wready);

  always @(posedge clk) begin
    if (rst) begin
      active  <= 1'b0;
      st_done <= 1'b0;
      st_err  <= 1'b0;
      bank    <= 1'b0;
      ncols   <= {{(NCB-1){1'b0}}, 1'b1};
      npix    <= {PW{1'b0}};
      pix     <= {PW{1'b0}};
    end else begin
      st_done <= 1'b0;
      if (st_start) begin
        active <= 1'b1;
        st_err <= 1'b0;
        bank   <= st_bank;
        ncols  <= st_ncols[NCB-1:0];
        npix   <= st_npix;
        pix    <= {PW{1'b0}};
      end else if (active) begin
        if (rd_issue) pix <= pix + 1'b1;
        if (all_in) begin
          active  <= 1'b0;
          st_done <= 1'b1;
          st_err  <= st_gen_err;
        end
      end
    end
  end
  wire unused_ok = &{1'b0, wd_full, st_ncols[7:NCB]};
endmodule
