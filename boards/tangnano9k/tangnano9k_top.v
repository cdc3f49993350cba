// Tang Nano 9K (Gowin GW1NR-9) top: the engine runs straight from the
// 27 MHz crystal (no PLL), UART on the BL702 USB serial bridge, six LEDs
// (active low). Reset: the S2 button (active low) through the synchronizer.
module tangnano9k_top #(
    parameter ROWS      = 2,
    parameter COLS      = 2,
    parameter ACT_BYTES = 1024,
    parameter WGT_ROWS  = 256,
    parameter ACC_DEPTH = 256,
    parameter RQ_UNITS  = COLS,          // requantization units (divides COLS)
    parameter RQ_SEQ    = 0,             // 1: sequential requantization units
    parameter BUS_BYTES = 8,             // engine memory bus, bytes a beat
    parameter PREFETCH  = 1,             // engine: fetch the next command early
    parameter PERF_BASIC = 0,            // engine: cycle and command counters only
    parameter OVERLAP   = 1,             // engine: take a CONV while one runs
    parameter TIMING_REGS = 1,           // engine: register stages for fast clocks
    parameter MEM_BYTES = 16384,
    parameter CLK_MHZ   = 27             // the crystal
) (
    input  wire       CLK,
    input  wire       UART_RX,
    output wire       UART_TX,
    input  wire       BTN_N,
    output wire [5:0] LED_N
);
    wire rst;
    reset_sync u_rst (.clk(CLK), .locked(1'b1), .button(!BTN_N), .rst(rst));

    wire [3:0] status;
    board_top #(
        .ROWS(ROWS), .COLS(COLS), .ACT_BYTES(ACT_BYTES), .WGT_ROWS(WGT_ROWS),
        .ACC_DEPTH(ACC_DEPTH), .RQ_UNITS(RQ_UNITS), .RQ_SEQ(RQ_SEQ), .BUS_BYTES(BUS_BYTES),
        .PREFETCH(PREFETCH), .PERF_BASIC(PERF_BASIC), .OVERLAP(OVERLAP), .MEM_BYTES(MEM_BYTES),
        .TIMING_REGS(TIMING_REGS),
        .CLK_HZ(CLK_MHZ * 1000000)
    ) u_top (
        .clk(CLK), .rst(rst), .uart_rx(UART_RX), .uart_tx(UART_TX), .led(status));
    assign LED_N = ~{status, 1'b0, rst};
endmodule
