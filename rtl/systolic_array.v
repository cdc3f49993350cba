// Weight-stationary ROWS x COLS array of int8 x int8 -> int32 PEs.
//
// Activations: x_in row r carries the vector element for lane r and must
// arrive r cycles after row 0's element of the same vector (the caller
// skews). They move right one PE per cycle; partial sums move down. The
// sum for a vector whose row-0 element enters at cycle T leaves column c
// at cycle T + ROWS + c + 2 (one cycle per row, one per column, plus the
// multiplier's operand and product registers).
//
// Weight loading: wl_start marks the cycle that wl_row holds row 0 of a
// chunk; rows 1..ROWS-1 follow on consecutive cycles. Column c's byte and
// a load token are delayed c cycles; the token then walks down the column
// so PE (r, c) writes bank wl_bank at cycle start + r + c, exactly when
// its byte of row r is on the column bus. Register bank wl_bank may be
// loaded while activations use the other bank: PE (r, c) only needs its
// write to fall after the last use of that bank by (r, c) and before the
// first activation that selects it, both measured on the same skew.
module systolic_array #(
    parameter ROWS = 8,
    parameter COLS = 8,
    parameter ECP5_DSP = 0,             // 1: ECP5, each PE's product in a DSP block (rtl/pe.v)
    // 1: x_in leaves flip-flops fed by registers (the window generator
    // with RAM_REG), so column 0's DSP blocks take it in their input
    // registers as the other columns do
    parameter COL0_DSP_IN_REG = 0
) (
    input  wire                 clk,
    input  wire                 rst,
    input  wire [ROWS*8-1:0]    x_in,
    input  wire [ROWS-1:0]      sel_in,
    input  wire                 wl_start,
    input  wire                 wl_bank,
    input  wire [COLS*8-1:0]    wl_row,
    output wire [COLS*32-1:0]   psum_out
);
    // Horizontal and vertical links, indexed [r][c] flattened as r*(COLS+1)+c
    // for the x links and r*COLS+c for the psum / token links.
    wire [7:0]  x_link    [0:ROWS*(COLS+1)-1];
    wire        sel_link  [0:ROWS*(COLS+1)-1];
    wire [31:0] psum_link [0:(ROWS+1)*COLS-1];
    wire        tok_link  [0:(ROWS+1)*COLS-1];
    wire        bank_link [0:(ROWS+1)*COLS-1];
    wire [7:0]  wcol      [0:COLS-1];

    genvar r, c;
    generate
        for (r = 0; r < ROWS; r = r + 1) begin : g_left
            assign x_link[r*(COLS+1)]   = x_in[8*r +: 8];
            assign sel_link[r*(COLS+1)] = sel_in[r];
        end
        for (c = 0; c < COLS; c = c + 1) begin : g_top
            assign psum_link[c] = 32'd0;
            delay_line #(.W(8), .N(c), .RESET(0)) u_wdly (
                .clk(clk), .rst(rst), .d(wl_row[8*c +: 8]), .q(wcol[c]));
            delay_line #(.W(2), .N(c), .RESET(1)) u_tdly (
                .clk(clk), .rst(rst), .d({wl_start, wl_bank}),
                .q({tok_link[c], bank_link[c]}));
            assign psum_out[32*c +: 32] = psum_link[ROWS*COLS + c];
        end
        for (r = 0; r < ROWS; r = r + 1) begin : g_row
            for (c = 0; c < COLS; c = c + 1) begin : g_col
                // column 0's activations come from the window generator's block
                // RAMs: unless it registers them once more (COL0_DSP_IN_REG),
                // column 0's DSP blocks take them from registers in logic
                pe #(.FIRST(r == 0), .ECP5_DSP(ECP5_DSP),
                     .DSP_IN_REG(c != 0 || COL0_DSP_IN_REG != 0)) u_pe (
                    .clk(clk), .rst(rst),
                    .x_in(x_link[r*(COLS+1)+c]), .sel_in(sel_link[r*(COLS+1)+c]),
                    .psum_in(psum_link[r*COLS+c]),
                    .wtok_in(tok_link[r*COLS+c]), .wbank_in(bank_link[r*COLS+c]),
                    .wdata(wcol[c]),
                    .x_out(x_link[r*(COLS+1)+c+1]), .sel_out(sel_link[r*(COLS+1)+c+1]),
                    .psum_out(psum_link[(r+1)*COLS+c]),
                    .wtok_out(tok_link[(r+1)*COLS+c]), .wbank_out(bank_link[(r+1)*COLS+c]));
            end
        end
    endgenerate

    // The rightmost activations and the tokens leaving the bottom row have
    // no consumer.
    wire unused_ok;
    generate
        if (1) begin : g_unused
            wire [ROWS*10-1:0] right_edge;
            wire [COLS*2-1:0]  bottom_edge;
            for (r = 0; r < ROWS; r = r + 1) begin : g_re
                assign right_edge[10*r +: 10] = {x_link[r*(COLS+1)+COLS], sel_link[r*(COLS+1)+COLS], 1'b0};
            end
            for (c = 0; c < COLS; c = c + 1) begin : g_be
                assign bottom_edge[2*c +: 2] = {tok_link[ROWS*COLS+c], bank_link[ROWS*COLS+c]};
            end
            assign unused_ok = &{1'b0, right_edge, bottom_edge};
        end
    endgenerate
endmodule
