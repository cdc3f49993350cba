// CSR slave: the register map of docs/ARCHITECTURE.md. One access per cycle; a
// read returns its data with rvalid two cycles after the request. The port's
// master may sit far from the engine (the board's UART bridge), so nothing
// wide is decoded in the request's cycle: a read registers which register
// it reads (one flag each, from a compare of the address) and picks it in
// the next cycle with an AND-OR of the flags and the values, which needs
// fewer logic levels than a mux decoding the address there; CTRL's START
// and CLEAR reach the controller as
// registered pulses, a cycle after the write. CMD_BASE, MEM_BASE and MEM_SIZE
// hold still from that START on while the engine is busy (writes are
// ignored), so the controller reads them in place instead of keeping copies.
// Read-only configuration registers report the build parameters, so one
// driver binary drives any build.
module csr_regs #(
  parameter ROWS      = 8,
  parameter COLS      = 8,
  parameter ACT_BYTES = 8192,
  parameter WGT_ROWS  = 512,
  parameter ACC_DEPTH = 1024,
  parameter PERF_BASIC = 0           // reported in HWCFG
) (
  input  wire        clk,
  input  wire        rst,
  input  wire        csr_valid,
  input  wire        csr_write,
  input  wire [7:0]  csr_addr,
  input  wire [31:0] csr_wdata,
  output reg  [31:0] csr_rdata,
  output reg         csr_rvalid,
  output wire        irq,
  // to the controller
  output reg         start,          // pulse: CTRL.START written the cycle before
  output reg         clear,          // pulse: CTRL.CLEAR written the cycle before
  output reg  [31:0] cmd_base,
  output reg  [31:0] mem_base,
  output reg  [31:0] mem_size,
  // from the controller
  input  wire        busy,
  input  wire        done,
  input  wire        error,
  input  wire [7:0]  err_code,
  input  wire [31:0] err_cmd,
  input  wire [31:0] perf_cycles,
  input  wire [31:0] perf_compute,
  input  wire [31:0] perf_macs,
  input  wire [31:0] perf_rd_bytes,
  input  wire [31:0] perf_wr_bytes,
  input  wire [31:0] perf_stall,
  input  wire [31:0] perf_cmds
);
/* verilator lint_off UNUSEDPARAM */
`include "engine_regs.vh"
/* verilator lint_on UNUSEDPARAM */

  localparam [31:0] ROWS_32 = ROWS;
  localparam [31:0] COLS_32 = COLS;
  localparam [31:0] HWCFG_VALUE = {8'd0, ENG_ARCH_VERSION, COLS_32[7:0], ROWS_32[7:0]} |
                                  (PERF_BASIC != 0 ? 32'd1 << HWCFG_PERF_BASIC_BIT : 32'd0);
  localparam [31:0] ACT_BYTES_VALUE = ACT_BYTES;
  localparam [31:0] WGT_ROWS_VALUE  = WGT_ROWS;
  localparam [31:0] ACC_DEPTH_VALUE = ACC_DEPTH;

  reg irq_en;

  wire wr = csr_valid && csr_write;
  wire ctrl_wr = wr && csr_addr == CSR_CTRL;
  // CMD_BASE and friends lock from the START write on, not from BUSY alone,
  // which rises a cycle after the START pulse.
  wire locked = busy || start;

  // DONE from before a START or CLEAR is on its way out: the irq drops the
  // cycle after the write, as the host expects.
  assign irq = done && irq_en && !start && !clear;

  wire [31:0] status = {16'd0, err_code, 5'd0, error, done, busy};

  // The readable registers: address and value of each (CTRL is write-only,
  // any other address reads 0).
  localparam NRD = 18;
  localparam [8*NRD-1:0] RD_ADDR = {
    CSR_ID, CSR_HWCFG, CSR_ACT_BYTES, CSR_WGT_ROWS, CSR_ACC_DEPTH, CSR_STATUS,
    CSR_ERR_CMD, CSR_IRQ_EN, CSR_CMD_BASE, CSR_MEM_BASE, CSR_MEM_SIZE,
    CSR_PERF_CYCLES, CSR_PERF_COMPUTE, CSR_PERF_MACS, CSR_PERF_RD_BYTES,
    CSR_PERF_WR_BYTES, CSR_PERF_STALL, CSR_PERF_CMDS};
  wire [32*NRD-1:0] rd_values = {
    ENG_ID_VALUE, HWCFG_VALUE, ACT_BYTES_VALUE, WGT_ROWS_VALUE, ACC_DEPTH_VALUE, status,
    err_cmd, {31'd0, irq_en}, cmd_base, mem_base, mem_size,
    perf_cycles, perf_compute, perf_macs, perf_rd_bytes,
    perf_wr_bytes, perf_stall, perf_cmds};

  reg            rd_pend;
  reg [NRD-1:0]  rd_sel;                     // the register read, one flag each
  reg [31:0]     rd_value;
  integer        n, m;
  always @(*) begin
    rd_value = 32'd0;
    for (n = 0; n < NRD; n = n + 1)
      rd_value = rd_value | (rd_values[32*n +: 32] & {32{rd_sel[n]}});
  end
  always @(posedge clk)
    if (csr_valid && !csr_write)
      for (m = 0; m < NRD; m = m + 1)
        rd_sel[m] <= csr_addr == RD_ADDR[8*m +: 8];

  always @(posedge clk) begin
    if (rst) begin
      rd_pend    <= 1'b0;
      csr_rvalid <= 1'b0;
      start      <= 1'b0;
      clear      <= 1'b0;
      irq_en     <= 1'b0;
      cmd_base   <= 32'd0;
      mem_base   <= 32'd0;
      mem_size   <= 32'd0;
    end else begin
      rd_pend    <= csr_valid && !csr_write;
      csr_rvalid <= rd_pend;
      start <= ctrl_wr && csr_wdata[CTRL_START_BIT];
      clear <= ctrl_wr && csr_wdata[CTRL_CLEAR_BIT];
      if (wr) begin
        case (csr_addr)
          CSR_IRQ_EN:   irq_en   <= csr_wdata[0];
          CSR_CMD_BASE: if (!locked) cmd_base <= csr_wdata;
          CSR_MEM_BASE: if (!locked) mem_base <= csr_wdata;
          CSR_MEM_SIZE: if (!locked) mem_size <= csr_wdata;
          default: ;
        endcase
      end
    end
  end
  // the read data needs no reset: csr_rvalid says when it holds a value
  always @(posedge clk)
    if (rd_pend) csr_rdata <= rd_value;
endmodule
