// Board-independent part of every FPGA build: the engine, its device memory
// in block RAM and the UART bridge the host drives both through
// (docs/uart-protocol.md). The per-board top supplies the clock (PLL), the
// reset and the pins. Device memory sits at MEM_BASE in both the engine's
// and the bridge's address space; the engine's DMA reaches exactly those
// MEM_BYTES (ADDR_W, ADDR_BASE), so its address arithmetic is only as wide
// as the memory, and an access outside it is an ADDR_RANGE error.
// LEDs: {running (out of reset), irq, memory data beat, memory request}.
module board_top #(
    parameter ROWS      = 4,
    parameter COLS      = 4,
    parameter ACT_BYTES = 4096,
    parameter WGT_ROWS  = 512,
    parameter ACC_DEPTH = 1024,
    parameter RQ_UNITS  = COLS,              // requantization units (divides COLS)
    parameter RQ_SEQ    = 0,                 // 1: sequential requantization units
    parameter ECP5_DSP  = 0,                 // 1: ECP5, requantizer products in DSP-block registers
    parameter ECP5_EBR  = 0,                 // 1: ECP5, window memories' output registers in the blocks
    parameter BUS_BYTES = 8,                 // engine memory bus: 4, 8 or 16 bytes a beat
    parameter MEM_BYTES = 16384,             // device memory, a power of two
    parameter MEM_ONE_PORT = 0,              // 1: device memory in single-port RAM (dev_mem)
    parameter MEM_SLICE = 0,                 // 1: a register slice on each memory channel
    parameter PREFETCH  = 1,                 // engine: fetch the next command early
    parameter PERF_BASIC = 0,                // engine: cycle and command counters only
    parameter OVERLAP   = 1,                 // engine: take a CONV while one runs
    parameter TIMING_REGS = 1,               // engine: register stages for fast clocks
    parameter CLK_HZ    = 100000000,
    parameter BAUD      = 115200,
    parameter TIMEOUT   = CLK_HZ / 50,       // 20 ms without a byte ends a frame
    parameter MEM_BASE  = 32'h1000_0000
) (
    input  wire       clk,
    input  wire       rst,
    input  wire       uart_rx,
    output wire       uart_tx,
    output wire [3:0] led
);
    localparam DIV = CLK_HZ / BAUD;
    localparam BW  = 8 * BUS_BYTES;

    wire        csr_valid, csr_write, csr_rvalid, irq;
    wire [7:0]  csr_addr;
    wire [31:0] csr_wdata, csr_rdata;
    wire        b_we, b_re, b_rgrant;
    wire [31:0] b_addr;
    wire [7:0]  b_wdata;
    wire [BW-1:0] rdata;
    // The bridge's own copy of the reset, a cycle later: the reset net
    // reaches every unit of the die, and from a register of its own the
    // bridge's reset logic is not on that net's longest route. The bridge
    // leaves reset a cycle after the engine, long before its first byte.
    reg rst_link;
    always @(posedge clk) rst_link <= rst;
    uart_bridge #(
        .DIV(DIV), .TIMEOUT(TIMEOUT), .MEM_BASE(MEM_BASE), .MEM_BYTES(MEM_BYTES),
        .BUS_BYTES(BUS_BYTES)
    ) u_link (
        .clk(clk), .rst(rst_link), .rx(uart_rx), .tx(uart_tx),
        .csr_valid(csr_valid), .csr_write(csr_write), .csr_addr(csr_addr),
        .csr_wdata(csr_wdata), .csr_rdata(csr_rdata), .csr_rvalid(csr_rvalid),
        .mem_we(b_we), .mem_re(b_re), .mem_rgrant(b_rgrant), .mem_addr(b_addr),
        .mem_wdata(b_wdata), .mem_rdata(rdata));

    // A register stage each way between the bridge and the engine's CSR
    // port: the placer may put them far apart (on the ECP5, across the
    // die), and with it no logic path includes that route. The bridge
    // waits for csr_rvalid and holds its frame's address and data, so the
    // cycles this adds are nothing beside a serial line. With TIMING_REGS
    // the read data takes a stage too (its valid a cycle more), so the
    // engine's read mux ends at the engine's own csr_rdata register, which
    // the placer can keep beside the mux; the engine holds csr_rdata from
    // its csr_rvalid to its next read.
    reg         e_csr_valid, e_csr_write, e_csr_rvalid;
    reg  [7:0]  e_csr_addr;
    reg  [31:0] e_csr_wdata;
    wire        e_csr_rv;
    always @(posedge clk) begin
        if (rst) begin
            e_csr_valid  <= 1'b0;
            e_csr_rvalid <= 1'b0;
        end else begin
            e_csr_valid  <= csr_valid;
            e_csr_rvalid <= e_csr_rv;
        end
        e_csr_write <= csr_write;
        e_csr_addr  <= csr_addr;
        e_csr_wdata <= csr_wdata;
    end
    wire [31:0] e_csr_rdata;
    generate
        if (TIMING_REGS != 0) begin : g_rdata_reg
            reg        rv_q;
            reg [31:0] rdata_q;
            always @(posedge clk) begin
                if (rst) rv_q <= 1'b0;
                else     rv_q <= e_csr_rvalid;
                rdata_q <= e_csr_rdata;
            end
            assign csr_rvalid = rv_q;
            assign csr_rdata  = rdata_q;
        end else begin : g_rdata
            assign csr_rvalid = e_csr_rvalid;
            assign csr_rdata  = e_csr_rdata;
        end
    endgenerate

    // the engine's memory port (e_*) and the device memory's (m_*)
    wire        e_arvalid, e_arready, e_rvalid, e_rready, e_rlast;
    wire        e_awvalid, e_awready, e_wvalid, e_wready, e_wlast, e_bvalid, e_bready;
    wire [31:0] e_araddr, e_awaddr;
    wire [7:0]  e_arlen, e_awlen;
    wire [BUS_BYTES-1:0] e_wstrb;
    wire [BW-1:0] e_wdata, e_rdata;
    wire        arvalid, arready, rvalid, rready, rlast;
    wire        awvalid, awready, wvalid, wready, wlast, bvalid, bready;
    wire [31:0] araddr, awaddr;
    wire [7:0]  arlen, awlen;
    wire [BUS_BYTES-1:0] wstrb;
    wire [BW-1:0] wdata;

    cnn_engine #(
        .ROWS(ROWS), .COLS(COLS), .ACT_BYTES(ACT_BYTES), .WGT_ROWS(WGT_ROWS),
        .ACC_DEPTH(ACC_DEPTH), .BUS_BYTES(BUS_BYTES), .RQ_UNITS(RQ_UNITS), .RQ_SEQ(RQ_SEQ),
        .ECP5_DSP(ECP5_DSP), .ECP5_EBR(ECP5_EBR), .PREFETCH(PREFETCH), .PERF_BASIC(PERF_BASIC), .OVERLAP(OVERLAP),
        .TIMING_REGS(TIMING_REGS),
        .ADDR_W($clog2(MEM_BYTES)), .ADDR_BASE(MEM_BASE)
    ) u_engine (
        .clk(clk), .rst(rst),
        .csr_valid(e_csr_valid), .csr_write(e_csr_write), .csr_addr(e_csr_addr),
        .csr_wdata(e_csr_wdata), .csr_rdata(e_csr_rdata), .csr_rvalid(e_csr_rv), .irq(irq),
        .m_arvalid(e_arvalid), .m_arready(e_arready), .m_araddr(e_araddr), .m_arlen(e_arlen),
        .m_rvalid(e_rvalid), .m_rready(e_rready), .m_rdata(e_rdata), .m_rlast(e_rlast),
        .m_awvalid(e_awvalid), .m_awready(e_awready), .m_awaddr(e_awaddr), .m_awlen(e_awlen),
        .m_wvalid(e_wvalid), .m_wready(e_wready), .m_wdata(e_wdata), .m_wstrb(e_wstrb),
        .m_wlast(e_wlast), .m_bvalid(e_bvalid), .m_bready(e_bready));

    // The slices keep the engine's logic and the device memory's apart in
    // timing: each ready the engine sees, and each request the memory
    // sees, comes from a register. They add a cycle to each direction of a
    // transfer (a read's first beat comes four cycles after its address,
    // not two), which the engine's outstanding bursts mostly hide.
    generate
        if (MEM_SLICE != 0) begin : g_slice
            wire b_none;                     // a write response carries no data
            reg_slice #(.W(40)) u_ar (
                .clk(clk), .rst(rst), .s_valid(e_arvalid), .s_ready(e_arready),
                .s_data({e_arlen, e_araddr}), .m_valid(arvalid), .m_ready(arready),
                .m_data({arlen, araddr}));
            reg_slice #(.W(BW + 1)) u_r (
                .clk(clk), .rst(rst), .s_valid(rvalid), .s_ready(rready),
                .s_data({rlast, rdata}), .m_valid(e_rvalid), .m_ready(e_rready),
                .m_data({e_rlast, e_rdata}));
            reg_slice #(.W(40)) u_aw (
                .clk(clk), .rst(rst), .s_valid(e_awvalid), .s_ready(e_awready),
                .s_data({e_awlen, e_awaddr}), .m_valid(awvalid), .m_ready(awready),
                .m_data({awlen, awaddr}));
            reg_slice #(.W(BW + BUS_BYTES + 1)) u_w (
                .clk(clk), .rst(rst), .s_valid(e_wvalid), .s_ready(e_wready),
                .s_data({e_wlast, e_wstrb, e_wdata}), .m_valid(wvalid), .m_ready(wready),
                .m_data({wlast, wstrb, wdata}));
            reg_slice #(.W(1)) u_b (
                .clk(clk), .rst(rst), .s_valid(bvalid), .s_ready(bready), .s_data(1'b0),
                .m_valid(e_bvalid), .m_ready(e_bready), .m_data(b_none));
            wire unused_ok = &{1'b0, b_none};
        end else begin : g_direct
            assign {arvalid, araddr, arlen, e_arready} = {e_arvalid, e_araddr, e_arlen, arready};
            assign {e_rvalid, e_rdata, e_rlast, rready} = {rvalid, rdata, rlast, e_rready};
            assign {awvalid, awaddr, awlen, e_awready} = {e_awvalid, e_awaddr, e_awlen, awready};
            assign {wvalid, wdata, wstrb, wlast, e_wready} =
                   {e_wvalid, e_wdata, e_wstrb, e_wlast, wready};
            assign {e_bvalid, bready} = {bvalid, e_bready};
        end
    endgenerate

    dev_mem #(
        .WORDS(MEM_BYTES / BUS_BYTES), .ONE_PORT(MEM_ONE_PORT), .BUS_BYTES(BUS_BYTES)
    ) u_mem (
        .clk(clk), .rst(rst),
        .arvalid(arvalid), .arready(arready), .araddr(araddr), .arlen(arlen),
        .rvalid(rvalid), .rready(rready), .rdata(rdata), .rlast(rlast),
        .awvalid(awvalid), .awready(awready), .awaddr(awaddr), .awlen(awlen),
        .wvalid(wvalid), .wready(wready), .wdata(wdata), .wstrb(wstrb), .wlast(wlast),
        .bvalid(bvalid), .bready(bready),
        .b_we(b_we), .b_re(b_re), .b_rgrant(b_rgrant), .b_addr(b_addr), .b_wdata(b_wdata));

    assign led = {!rst, irq, rvalid | wvalid, arvalid | awvalid};
endmodule
