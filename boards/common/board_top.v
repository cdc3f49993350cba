// Board-independent part of every FPGA build: the engine, its device memory
// in block RAM and the UART CSR link. The per-board top supplies the clock
// (PLL), the reset and the pins. LEDs: {heartbeat, irq, memory data beat,
// memory request}.
module board_top #(
    parameter ROWS      = 4,
    parameter COLS      = 4,
    parameter ACT_BYTES = 4096,
    parameter WGT_ROWS  = 512,
    parameter ACC_DEPTH = 1024,
    parameter MEM_WORDS = 2048,              // device memory, 64-bit words
    parameter CLK_HZ    = 100000000,
    parameter BAUD      = 115200
) (
    input  wire       clk,
    input  wire       rst,
    input  wire       uart_rx,
    output wire       uart_tx,
    output wire [3:0] led
);
    localparam DIV = CLK_HZ / BAUD;

    wire        csr_valid, csr_write, csr_rvalid, irq;
    wire [7:0]  csr_addr;
    wire [31:0] csr_wdata, csr_rdata;
    uart_csr #(.DIV(DIV)) u_link (
        .clk(clk), .rst(rst), .rx(uart_rx), .tx(uart_tx),
        .csr_valid(csr_valid), .csr_write(csr_write), .csr_addr(csr_addr),
        .csr_wdata(csr_wdata), .csr_rdata(csr_rdata), .csr_rvalid(csr_rvalid));

    wire        arvalid, arready, rvalid, rready, rlast;
    wire        awvalid, awready, wvalid, wready, wlast, bvalid, bready;
    wire [31:0] araddr, awaddr;
    wire [7:0]  arlen, awlen, wstrb;
    wire [63:0] rdata, wdata;

    cnn_engine #(
        .ROWS(ROWS), .COLS(COLS), .ACT_BYTES(ACT_BYTES), .WGT_ROWS(WGT_ROWS),
        .ACC_DEPTH(ACC_DEPTH)
    ) u_engine (
        .clk(clk), .rst(rst),
        .csr_valid(csr_valid), .csr_write(csr_write), .csr_addr(csr_addr),
        .csr_wdata(csr_wdata), .csr_rdata(csr_rdata), .csr_rvalid(csr_rvalid), .irq(irq),
        .m_arvalid(arvalid), .m_arready(arready), .m_araddr(araddr), .m_arlen(arlen),
        .m_rvalid(rvalid), .m_rready(rready), .m_rdata(rdata), .m_rlast(rlast),
        .m_awvalid(awvalid), .m_awready(awready), .m_awaddr(awaddr), .m_awlen(awlen),
        .m_wvalid(wvalid), .m_wready(wready), .m_wdata(wdata), .m_wstrb(wstrb),
        .m_wlast(wlast), .m_bvalid(bvalid), .m_bready(bready));

    dev_mem #(.WORDS(MEM_WORDS)) u_mem (
        .clk(clk), .rst(rst),
        .arvalid(arvalid), .arready(arready), .araddr(araddr), .arlen(arlen),
        .rvalid(rvalid), .rready(rready), .rdata(rdata), .rlast(rlast),
        .awvalid(awvalid), .awready(awready), .awaddr(awaddr), .awlen(awlen),
        .wvalid(wvalid), .wready(wready), .wdata(wdata), .wstrb(wstrb), .wlast(wlast),
        .bvalid(bvalid), .bready(bready));

    reg [25:0] beat;
    always @(posedge clk) beat <= rst ? 26'd0 : beat + 26'd1;
    assign led = {beat[25], irq, rvalid | wvalid, arvalid | awvalid};
endmodule
