// Shares the read channels between two burst sources: 0 = command fetch,
// 1 = block loads. Source 0 wins when both offer a burst (a command fetch is
// at most two bursts, so loads are never starved for long). With SOURCES = 1
// only source 1 is used (a generator shared by loads and the fetch): no
// owner is kept, and s_idle says whether any burst is in flight.
//
// Up to MAX_OUT bursts are in flight; a FIFO remembers, in issue order, the
// owner and useful byte range of each one, so the in-order read data can be
// handed back as beats with the useful bytes marked: [lo, lo + cnt).
// The next beat's owner and byte range sit in registers, computed a cycle
// ahead from the previous beat or from the burst's entry as it leaves the
// FIFO, so the read data path starts at registers. Read data is accepted
// whenever the sink of that burst takes it (beat_ready); with sinks that
// take one beat per cycle, m_rready stays high. With R_REG each beat is
// handed back from registers a cycle after the memory delivers it.
module axi_read_arbiter #(
  parameter MAX_OUT   = 4,           // at least 3
  parameter BUS_BYTES = 8,           // bytes per beat: 4, 8 or 16
  parameter SOURCES   = 2,           // 2, or 1: source 1 alone
  parameter R_REG     = 0            // 1: read beats handed back from a register
) (
  input  wire        clk,
  input  wire        rst,
  // burst sources (see dma_burst_gen)
  input  wire [1:0]  s_valid,
  output wire [1:0]  s_ready,
  input  wire [63:0] s_addr,         // {source 1, source 0}
  input  wire [7:0]  s_len,
  input  wire [2*LW-1:0] s_off,
  input  wire [2*NW-1:0] s_bytes,
  input  wire [1:0]  s_last,
  output wire [1:0]  s_idle,         // no burst of that source in flight
  // memory read channels
  output reg         m_arvalid,
  input  wire        m_arready,
  output reg  [31:0] m_araddr,
  output wire [7:0]  m_arlen,
  input  wire        m_rvalid,
  output wire        m_rready,
  input  wire [8*BUS_BYTES-1:0] m_rdata,
  // read beats handed back
  output wire        beat_valid,
  input  wire        beat_ready,     // the sink of beat_src takes the beat
  output wire        beat_src,
  output wire [8*BUS_BYTES-1:0] beat_data,
  output wire [LW-1:0] beat_lo,
  output wire [LW:0] beat_cnt,       // 1..BUS_BYTES
  output wire        beat_end,       // last beat of the last burst of a block
  output wire        waiting         // bursts in flight but no data this cycle
);
  localparam CW = $clog2(MAX_OUT + 1);
  localparam LW = $clog2(BUS_BYTES);          // byte lane index bits
  localparam NW = LW + 5;                     // useful bytes of a burst, 1..16*BUS_BYTES

  // Per burst: source (with two), last-of-block, first byte offset, useful bytes.
  localparam SW = SOURCES - 1;
  localparam TW = SW + 1 + LW + NW;

  reg  [3:0]    ar_len;

  wire take_ar = !m_arvalid || m_arready;
  wire tag_full;                     // MAX_OUT bursts in flight (AR register included)
  wire room    = !tag_full;
  wire pick    = SOURCES == 1 || !s_valid[0];
  wire free    = take_ar && room;
  wire grant   = free && (s_valid[1] || (SOURCES != 1 && s_valid[0]));

  // A ready depends only on registers and the other source's valid, so the
  // generators' window checks end here and do not loop back through them.
  assign s_ready = {free && pick, free};
  assign m_arlen = {4'd0, ar_len};

  wire [TW-1-SW:0] tag_in1 = pick ? {s_last[1], s_off[2*LW-1:LW], s_bytes[2*NW-1:NW]}
                                  : {s_last[0], s_off[LW-1:0], s_bytes[NW-1:0]};
  wire [TW-1:0] tag_in;
  wire [TW-1:0] tag;
  wire          tag_empty;
  wire          tag_pop;

  // the next beat: valid, owner, last of its block's bursts, and (in
  // beats) first byte, byte count, last of the burst
  reg           bd_valid, bd_blast;
  wire          bd_src;
  wire          bd_end;
  wire [LW-1:0] bd_lo;
  wire [LW:0]   bd_cnt;

  wire          beat       = m_rvalid && m_rready && bd_valid;
  wire          burst_done = beat && bd_end;
  wire          bd_next    = !bd_valid || burst_done;
  assign        tag_pop    = bd_next && !tag_empty;

  // The beat handed back: the memory's beat itself, or with R_REG its copy
  // in registers (o_), so the memory's read data (a block RAM's output
  // on the boards) reaches only them and not the sinks' logic. The copy is
  // taken whenever the sink takes the one before it, so beats still pass
  // one a cycle. A burst counts as in flight until its last beat is handed
  // back (o_done).
  wire          o_free;              // the beat register may take a beat
  wire          out_done;            // a burst's last beat is handed back
  wire          out_src;
  wire          o_busy;              // a beat waits in the register

  // Only a sink that is not ready holds the data back; with no burst in
  // flight the channel is idle and the value does not matter.
  assign m_rready = bd_valid ? o_free : tag_empty;

  // MAX_OUT - 1 entries: the burst being returned has left for the bd_
  // registers (a full FIFO with them empty lasts one cycle)
  fifo #(.WIDTH(TW), .DEPTH(MAX_OUT - 1)) tags (
    .clk(clk), .rst(rst),
    .push(grant), .din(tag_in),
    .pop(tag_pop), .dout(tag),
    .empty(tag_empty), .full(tag_full)
  );

  always @(posedge clk) begin
    if (rst) bd_valid <= 1'b0;
    else if (bd_next) bd_valid <= !tag_empty;
    if (bd_next) bd_blast <= tag[TW-1-SW];
  end

  /* verilator lint_off PINCONNECTEMPTY */   // no look-ahead needed here
  beat_split #(.BUS_BYTES(BUS_BYTES)) beats (
    .clk(clk), .load(bd_next), .off(tag[NW+LW-1:NW]), .bytes(tag[NW-1:0]),
    .step(beat), .lo(bd_lo), .cnt(bd_cnt), .last(bd_end),
    .step_cnt(), .lo_next()
  );
  /* verilator lint_on PINCONNECTEMPTY */

  generate
    if (R_REG != 0) begin : g_rreg
      reg                   o_valid, o_src, o_end, o_last;
      reg  [8*BUS_BYTES-1:0] o_data;
      reg  [LW-1:0]         o_lo;
      reg  [LW:0]           o_cnt;
      assign o_free = !o_valid || beat_ready;
      always @(posedge clk) begin
        if (rst) o_valid <= 1'b0;
        else if (o_free) o_valid <= beat;
        if (beat) begin
          o_data <= m_rdata;
          o_src  <= bd_src;
          o_lo   <= bd_lo;
          o_cnt  <= bd_cnt;
          o_end  <= bd_end;
          o_last <= bd_end && bd_blast;
        end
      end
      assign beat_valid = o_valid && beat_ready;
      assign beat_src   = o_src;
      assign beat_data  = o_data;
      assign beat_lo    = o_lo;
      assign beat_cnt   = o_cnt;
      assign beat_end   = beat_valid && o_last;
      assign out_done   = beat_valid && o_end;
      assign out_src    = o_src;
      assign o_busy     = o_valid;
    end else begin : g_rdirect
      assign o_free     = beat_ready;
      assign beat_valid = beat;
      assign beat_src   = bd_src;
      assign beat_data  = m_rdata;
      assign beat_lo    = bd_lo;
      assign beat_cnt   = bd_cnt;
      assign beat_end   = burst_done && bd_blast;
      assign out_done   = burst_done;
      assign out_src    = bd_src;
      assign o_busy     = 1'b0;
    end
  endgenerate
  assign waiting = (bd_valid || !tag_empty) && !m_rvalid;

  generate
    if (SOURCES != 1) begin : g_two
      reg           src;
      reg  [CW-1:0] inflight0, inflight1;  // per source: bursts not yet fully returned
      assign tag_in = {pick, tag_in1};
      assign bd_src = src;
      assign s_idle = {inflight1 == 0, inflight0 == 0};
      wire unused_two = &{1'b0, o_busy};
      always @(posedge clk) begin
        if (bd_next) src <= tag[TW-1];
        if (rst) begin
          inflight0 <= 0;
          inflight1 <= 0;
        end else begin
          inflight0 <= inflight0 + {{(CW-1){1'b0}}, grant && !pick}
                                             - {{(CW-1){1'b0}}, out_done && !out_src};
          inflight1 <= inflight1 + {{(CW-1){1'b0}}, grant && pick}
                                             - {{(CW-1){1'b0}}, out_done && out_src};
        end
      end
    end else begin : g_one
      // a burst is in flight from its grant (into the FIFO) to its last beat
      wire idle = tag_empty && !bd_valid && !o_busy;
      assign tag_in = tag_in1;
      assign bd_src = 1'b1;
      assign s_idle = {idle, idle};
      wire unused_one = &{1'b0, out_done, out_src};
    end
  endgenerate

  always @(posedge clk) begin
    if (rst) m_arvalid <= 1'b0;
    else if (take_ar) m_arvalid <= grant;
  end

  always @(posedge clk) begin
    if (grant) begin
      m_araddr <= pick ? s_addr[63:32] : s_addr[31:0];
      ar_len   <= pick ? s_len[7:4] : s_len[3:0];
    end
  end
endmodule
