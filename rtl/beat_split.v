// The beats of one memory burst, each described a cycle ahead in registers:
// its first useful byte lane, its useful byte count and whether it is the
// burst's last. load takes a new burst (the lane of its first useful byte
// and its useful byte count, 1..16*BUS_BYTES); step moves on to the next
// beat of the burst in hand (load wins when both are high). The read
// arbiter and the write DMA each hold the beat they move next here, so
// their data paths start at registers. step_cnt is the cnt a step would
// set and lo_next the lo of the next cycle, for users that look a beat ahead.
module beat_split #(
  parameter BUS_BYTES = 8            // bytes per beat: 4, 8 or 16
) (
  input  wire          clk,
  input  wire          load,
  input  wire [LW-1:0] off,
  input  wire [NW-1:0] bytes,
  input  wire          step,
  output reg  [LW-1:0] lo,
  output reg  [LW:0]   cnt,
  output reg           last,
  output wire [LW:0]   step_cnt,
  output wire [LW-1:0] lo_next
);
  localparam LW = $clog2(BUS_BYTES);          // byte lane index bits
  localparam NW = LW + 5;                     // useful bytes of a burst
  localparam [31:0] BUS_32 = BUS_BYTES;
  localparam [LW:0] LANES = BUS_32[LW:0];

  reg  [NW-1:0] after;                        // useful bytes after this beat
  // the first beat of a loaded burst
  wire [LW:0]   room   = LANES - {1'b0, off};
  wire          short  = bytes <= {{(NW-LW-1){1'b0}}, room};
  // the beat after the one in hand is not the burst's last
  wire          more   = after > {{(NW-LW-1){1'b0}}, LANES};
  assign step_cnt = more ? LANES : after[LW:0];
  assign lo_next  = load ? off : step ? {LW{1'b0}} : lo;

  always @(posedge clk) begin
    lo <= lo_next;
    if (load) begin
      cnt   <= short ? bytes[LW:0] : room;
      after <= short ? {NW{1'b0}} : bytes - {{(NW-LW-1){1'b0}}, room};
      last  <= short;
    end else if (step) begin
      cnt   <= step_cnt;
      after <= more ? after - {{(NW-LW-1){1'b0}}, LANES} : {NW{1'b0}};
      last  <= !more;
    end
  end
endmodule
