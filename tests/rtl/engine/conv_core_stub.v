// Bench stand-in for conv_core with the same ports: it keeps the banks the
// DMA writes and, for a CONV, spends out_h*out_w + 8 cycles busy and then
// writes out[p][c] = act byte (p*IN_C + c % IN_C) + c of the activation
// bank. Enough to check the controller and the DMA around it.
module conv_core #(parameter ROWS = 8, COLS = 8, ACT_BYTES = 8192, WGT_ROWS = 512, ACC_DEPTH = 1024) (
  input  wire clk, input wire rst,
  input  wire        cmd_valid,  output wire cmd_ready,
  input  wire [15:0] in_w, in_h, in_c, out_w, out_h,
  input  wire [7:0]  ncols, k_w, k_h, stride_w, stride_h, pad_l, pad_t,
  input  wire [7:0]  zp_in, zp_out, act_min, act_max,
  input  wire        act_bank, wgt_bank, out_bank, acc_first, acc_last,
  output wire        busy,
  input  wire        act_we, act_wbank,
  input  wire [$clog2(ACT_BYTES/8)-1:0] act_waddr,
  input  wire [63:0] act_wdata, input wire [7:0] act_wstrb,
  input  wire        wgt_we, wgt_wbank,
  input  wire [$clog2(WGT_ROWS*COLS/8)-1:0] wgt_waddr,
  input  wire [63:0] wgt_wdata,
  input  wire        qp_we, qp_wbank,
  input  wire [$clog2(3*COLS/2)-1:0] qp_waddr,
  input  wire [63:0] qp_wdata,
  input  wire        out_re, out_rbank,
  input  wire [$clog2(ACC_DEPTH)-1:0] out_raddr,
  output reg  [COLS*8-1:0] out_rdata,
  output wire        stat_vec,
  output wire [15:0] stat_macs
);
  reg [7:0] act [0:2*ACT_BYTES-1];
  reg [7:0] outb [0:2*ACC_DEPTH*COLS-1];
  integer left = 0, i, p, c;
  reg [15:0] c_inc, c_pix; reg c_bank, c_obank; reg [7:0] c_ncols;
  reg c_last;

  assign cmd_ready = (left == 0);
  assign busy = (left != 0);
  assign stat_vec = busy;
  assign stat_macs = busy ? {8'd0, c_ncols} : 16'd0;

  always @(posedge clk) begin
    if (rst) left = 0;
    if (act_we)
      for (i = 0; i < 8; i = i + 1)
        if (act_wstrb[i]) act[act_wbank * ACT_BYTES + act_waddr * 8 + i] = act_wdata[8*i +: 8];
    if (out_re)
      for (c = 0; c < COLS; c = c + 1)
        out_rdata[8*c +: 8] <= outb[(out_rbank * ACC_DEPTH + out_raddr) * COLS + c];
    if (left == 1 && c_last)
      for (p = 0; p < c_pix; p = p + 1)
        for (c = 0; c < COLS; c = c + 1)
          outb[(c_obank * ACC_DEPTH + p) * COLS + c] = act[c_bank * ACT_BYTES + p * c_inc + c % c_inc] + c;
    if (left != 0) left = left - 1;
    else if (cmd_valid) begin
      c_inc = in_c; c_pix = out_w * out_h; c_bank = act_bank; c_obank = out_bank;
      c_ncols = ncols; c_last = acc_last;
      left = out_w * out_h + 8;
    end
  end
endmodule
