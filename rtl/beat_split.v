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
  // The beat after the one in hand: whether it is not the burst's last,
  // and its byte count. Both are registers, set as the beat in hand is
  // loaded or stepped to, so a user looking a beat ahead starts at a
  // flip-flop (on the ULX3S-85F the write DMA's wvalid look-ahead, from
  // after through these compares, was a path over 10 ns).
  reg           more;
  reg  [LW:0]   next_cnt;
  // the first beat of a loaded burst, and the one after it
  wire [LW:0]   room     = LANES - {1'b0, off};
  wire          short    = bytes <= {{(NW-LW-1){1'b0}}, room};
  wire [NW-1:0] ld_after = short ? {NW{1'b0}} : bytes - {{(NW-LW-1){1'b0}}, room};
  // (compares of the inputs and of after, beside the subtractions, not after them)
  wire [LW+1:0] room2    = {LANES, 1'b0} - {2'b00, off};       // room + LANES
  wire          ld_more  = bytes > {{(NW-LW-2){1'b0}}, room2};
  // the beat after the next one, on a step
  wire [NW-1:0] st_after = more ? after - {{(NW-LW-1){1'b0}}, LANES} : {NW{1'b0}};
  wire          st_more  = after > {{(NW-LW-2){1'b0}}, LANES, 1'b0};
  assign step_cnt = next_cnt;
  assign lo_next  = load ? off : step ? {LW{1'b0}} : lo;

  always @(posedge clk) begin
    lo <= lo_next;
    if (load) begin
      cnt      <= short ? bytes[LW:0] : room;
      after    <= ld_after;
      last     <= short;
      more     <= ld_more;
      next_cnt <= ld_more ? LANES : ld_after[LW:0];
    end else if (step) begin
      cnt      <= next_cnt;
      after    <= st_after;
      last     <= !more;
      more     <= st_more;
      next_cnt <= st_more ? LANES : st_after[LW:0];
    end
  end
endmodule
