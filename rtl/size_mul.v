// Saturating product a * b * c of three 16-bit sizes, computed in W bits
// (W < 32): ab and abc are exact when the product is below 2^W and
// 32'hFFFF_FFFF when it is not, so a comparison with any limit below 2^W
// gives the same answer as the full 48-bit product would. A product with
// a zero factor is 0.
module size_mul #(
  parameter W = 16
) (
  input  wire [15:0] a,
  input  wire [15:0] b,
  input  wire [15:0] c,
  output wire [31:0] ab,
  output wire [31:0] abc
);
  wire [31:0] a32 = {16'd0, a}, b32 = {16'd0, b}, c32 = {16'd0, c};
  // operands of W bits or more make any non-zero product too big
  wire a_big = a32 >= (32'd1 << W);
  wire b_big = b32 >= (32'd1 << W);
  wire c_big = c32 >= (32'd1 << W);
  wire ab_zero  = a == 16'd0 || b == 16'd0;
  wire abc_zero = ab_zero || c == 16'd0;

  wire [2*W-1:0] p_ab  = a32[W-1:0] * b32[W-1:0];
  wire           ab_big = a_big || b_big || p_ab[2*W-1:W] != {W{1'b0}};
  wire [2*W-1:0] p_abc = p_ab[W-1:0] * c32[W-1:0];
  wire           abc_big = ab_big || c_big || p_abc[2*W-1:W] != {W{1'b0}};

  assign ab  = ab_zero  ? 32'd0 : ab_big  ? 32'hFFFF_FFFF : {{(32-W){1'b0}}, p_ab[W-1:0]};
  assign abc = abc_zero ? 32'd0 : abc_big ? 32'hFFFF_FFFF : {{(32-W){1'b0}}, p_abc[W-1:0]};
endmodule
