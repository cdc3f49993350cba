// Packs a stream of partial 64-bit beats into dense 64-bit words.
// Each input beat carries cnt useful bytes at byte positions lo..lo+cnt-1;
// they are appended, in order, to the packed stream, and every completed
// 8-byte word comes out (registered) one cycle later. flush emits a final
// partial word with its byte strobes; bytes past the stream end are zero.
module byte_packer (
  input  wire        clk,
  input  wire        rst,
  input  wire        clear,          // drop held bytes (start of a transfer)
  input  wire        in_valid,
  input  wire [63:0] in_data,
  input  wire [2:0]  in_lo,
  input  wire [3:0]  in_cnt,         // 1..8
  input  wire        flush,          // only in a cycle without in_valid
  output reg         out_valid,
  output reg  [63:0] out_data,
  output reg  [7:0]  out_strb
);
  reg  [55:0]  held;                 // up to 7 bytes; bytes at and above fill are zero
  reg  [2:0]   fill;

  wire [63:0]  aligned  = in_data >> {in_lo, 3'b000};
  wire [63:0]  keep     = ~(64'hFFFF_FFFF_FFFF_FFFF << {in_cnt, 3'b000});
  wire [119:0] combined = {64'd0, held} | ({56'd0, aligned & keep} << {fill, 3'b000});
  wire [3:0]   total    = {1'b0, fill} + in_cnt;   // 1..15

  always @(posedge clk) begin
    if (rst || clear) begin
      held      <= 56'd0;
      fill      <= 3'd0;
      out_valid <= 1'b0;
    end else if (in_valid) begin
      out_valid <= total[3];        // total is 1..15: a word is complete at 8
      if (total[3]) begin
        held <= combined[119:64];
        fill <= total[2:0];
      end else begin
        held <= combined[55:0];
        fill <= total[2:0];
      end
    end else if (flush && fill != 3'd0) begin
      out_valid <= 1'b1;
      held      <= 56'd0;
      fill      <= 3'd0;
    end else begin
      out_valid <= 1'b0;
    end
  end

  always @(posedge clk) begin
    if (in_valid) begin
      out_data <= combined[63:0];
      out_strb <= 8'hFF;
    end else begin
      out_data <= {8'd0, held};
      out_strb <= ~(8'hFF << fill);
    end
  end
endmodule
