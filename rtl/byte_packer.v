// Packs a stream of partial IN_BYTES-wide beats into dense OUT_BYTES-wide
// words. Each input beat carries cnt useful bytes at byte positions
// lo..lo+cnt-1; they are appended, in order, to the packed stream, and
// every completed word comes out (registered) one cycle later. flush emits
// a final partial word with its byte strobes; bytes past the stream end are
// zero.
//
// The output is 8 bytes wide at bus widths of 8 and 16 bytes: the buffers
// behind it are written a word per cycle, and a wider bus would only move
// the bottleneck (each lane copy of the activation bank has one write
// port). A 4-byte bus delivers no more than 4 bytes a cycle, so there the
// output is 4 bytes wide (OUT_BYTES = 4): half the held bytes, word and
// strobes of an 8-byte output, at the same rate. Beats no wider than the
// output never complete more than one word, so the packer always takes
// input (in_ready high). With 16-byte beats (OUT_BYTES = 8) it holds up to
// 15 bytes, takes a beat only while fewer than 8 are held, and drains one
// word a cycle: input runs at 8 bytes a cycle, the rate of the output.
module byte_packer #(
  parameter IN_BYTES  = 8,           // bytes per input beat: 4, 8 or 16
  parameter OUT_BYTES = 8            // bytes per output word: 8, or 4 with IN_BYTES = 4
) (
  input  wire        clk,
  input  wire        rst,
  input  wire        clear,          // drop held bytes (start of a transfer)
  input  wire        in_valid,       // counts only with in_ready
  output wire        in_ready,
  input  wire [8*IN_BYTES-1:0] in_data,
  input  wire [LW-1:0] in_lo,
  input  wire [LW:0] in_cnt,         // 1..IN_BYTES
  input  wire        flush,          // only in a cycle without in_valid
  output wire        drained,        // nothing left to emit after this cycle
  output reg         out_valid,
  output reg  [8*OUT_BYTES-1:0] out_data,
  output reg  [OUT_BYTES-1:0]   out_strb
);
  localparam LW = $clog2(IN_BYTES);
  localparam OB = OUT_BYTES;
  localparam OW = 8 * OB;                              // output word bits
  localparam HB = (IN_BYTES > OB) ? IN_BYTES - 1 : OB - 1;   // most bytes held
  localparam FW = $clog2(HB + 1);                      // fill counter, >= 2 bits
  localparam CB = HB + IN_BYTES;                       // combined bytes
  localparam TW = $clog2(CB + 1);                      // total counter
  localparam [TW-1:0] WORD = TW'(OB);

  reg  [8*HB-1:0] held;              // bytes at and above fill are zero
  reg  [FW-1:0]   fill;

  // Next held bytes and output word for a taken beat.
  wire [8*HB-1:0] held_take;
  wire [OW-1:0]   word_take;
  wire [TW-1:0]   total    = {{(TW-FW){1'b0}}, fill} + {{(TW-LW-1){1'b0}}, in_cnt};
  wire [TW-1:0]   rest     = total - WORD;
  wire            word     = total >= WORD;

  generate
    if (IN_BYTES <= OB) begin : g_rot
      // Beats no wider than the output: one rotation of the beat by lo -
      // fill bytes (mod IN_BYTES), repeated to OB bytes, puts input byte
      // lo + k at position fill + k and at fill + k - OB (the bytes that
      // wrap belong to the next word): a position and the ones IN_BYTES
      // apart share a byte.
      wire [LW-1:0]   sh    = in_lo - fill[LW-1:0];
      wire [16*IN_BYTES-1:0] twice = {in_data, in_data} >> {sh, 3'b000};
      wire [OW-1:0]   rot   = {(OB / IN_BYTES){twice[8*IN_BYTES-1:0]}};
      // Per byte position: fresh = filled from the input (at and above fill);
      // kept = an input byte held for later (after a word, the ones that
      // wrapped, below rest; else those from fill up to total). The held
      // bytes stay unless a word goes out.
      reg  [OW-1:0] fresh, kept;
      integer j;
      always @(*) begin
        for (j = 0; j < OB; j = j + 1) begin
          fresh[8*j +: 8] = {8{j >= 32'(fill)}};
          kept[8*j +: 8]  = {8{word ? j < 32'(rest)
                                    : (j >= 32'(fill) && j < 32'(total))}};
        end
      end
      wire [OW-1:0] held_w = {8'd0, held};
      wire [OW-1:0] merged = held_w | (rot & fresh);
      wire [OW-1:0] next_h = (word ? {OW{1'b0}} : held_w) | (rot & kept);
      assign word_take = merged;
      assign held_take = next_h[8*HB-1:0];
      wire unused_rot = &{1'b0, twice[16*IN_BYTES-1:8*IN_BYTES], next_h[OW-1:8*HB]};
    end else begin : g_shift
      wire [8*IN_BYTES-1:0] aligned = in_data >> {in_lo, 3'b000};
      wire [8*IN_BYTES-1:0] keep    = ~({8*IN_BYTES{1'b1}} << {in_cnt, 3'b000});
      wire [8*CB-1:0] combined = {{(8*IN_BYTES){1'b0}}, held}
                               | ({{(8*HB){1'b0}}, aligned & keep} << {fill, 3'b000});
      wire [8*CB-1:0] comb_hi  = combined >> OW;
      assign word_take = combined[OW-1:0];
      assign held_take = word ? comb_hi[8*HB-1:0] : combined[8*HB-1:0];
      wire unused_shift = &{1'b0, comb_hi[8*CB-1:8*HB]};
    end
  endgenerate
  wire [8*HB+OW-1:0] held_x  = {{OW{1'b0}}, held};
  wire [8*HB+OW-1:0] held_hi = held_x >> OW;
  // A whole word held: only possible with beats wider than the output
  // (twice as wide: FW - 1 is the word's bit of fill).
  wire            full     = (IN_BYTES > OB) && fill[FW-1];
  wire            take     = in_valid && in_ready;

  assign in_ready = !full;
  assign drained  = !take && (!full || fill[FW-2:0] == {(FW-1){1'b0}});

  always @(posedge clk) begin
    if (rst || clear) begin
      held      <= {8*HB{1'b0}};
      fill      <= {FW{1'b0}};
      out_valid <= 1'b0;
    end else if (take) begin
      out_valid <= word;
      held      <= held_take;
      fill      <= word ? rest[FW-1:0] : total[FW-1:0];
    end else if (full) begin
      out_valid <= 1'b1;
      held      <= held_hi[8*HB-1:0];
      fill      <= {1'b0, fill[FW-2:0]};   // minus OB: full means fill[FW-1]
    end else if (flush && fill != {FW{1'b0}}) begin
      out_valid <= 1'b1;
      held      <= {8*HB{1'b0}};
      fill      <= {FW{1'b0}};
    end else begin
      out_valid <= 1'b0;
    end
  end

  always @(posedge clk) begin
    if (take) begin
      out_data <= word_take;
      out_strb <= {OB{1'b1}};
    end else begin
      out_data <= held_x[OW-1:0];
      out_strb <= full ? {OB{1'b1}} : ~({OB{1'b1}} << fill);
    end
  end

  wire unused_ok = &{1'b0, rest[TW-1:FW], held_hi[8*HB+OW-1:8*HB]};
endmodule
