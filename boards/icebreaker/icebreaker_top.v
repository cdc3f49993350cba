// iCEBreaker (iCE40UP5K) top: 12 MHz oscillator -> PLL -> 24 MHz engine
// clock, UART on the FT2232H's second channel, the two user LEDs (active
// low). Reset: PLL unlocked or the user button (active low) pressed.
module icebreaker_top #(
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
    parameter MEM_BYTES = 65536,         // 64 KiB: two SPRAMs side by side
    parameter MEM_ONE_PORT = 1,          // SPRAM is single-port
    parameter CLK_MHZ   = 24             // fixed by the PLL settings below
) (
    input  wire CLK,
    input  wire RX,
    output wire TX,
    input  wire BTN_N,
    output wire LEDR_N,
    output wire LEDG_N
);
    // 12 MHz * (DIVF + 1) / 2^DIVQ = 24 MHz, VCO 768 MHz (icepll -i 12 -o 24)
    wire clk, locked;
    SB_PLL40_PAD #(
        .FEEDBACK_PATH("SIMPLE"), .DIVR(4'd0), .DIVF(7'd63), .DIVQ(3'd5),
        .FILTER_RANGE(3'd1)
    ) u_pll (
        .PACKAGEPIN(CLK), .PLLOUTCORE(clk), .PLLOUTGLOBAL(), .LOCK(locked),
        .RESETB(1'b1), .BYPASS(1'b0), .EXTFEEDBACK(1'b0), .DYNAMICDELAY(8'd0),
        .LATCHINPUTVALUE(1'b0), .SDI(1'b0), .SCLK(1'b0), .SDO());

    wire rst;
    reset_sync u_rst (.clk(clk), .locked(locked), .button(!BTN_N), .rst(rst));

    wire [3:0] status;
    board_top #(
        .ROWS(ROWS), .COLS(COLS), .ACT_BYTES(ACT_BYTES), .WGT_ROWS(WGT_ROWS),
        .ACC_DEPTH(ACC_DEPTH), .RQ_UNITS(RQ_UNITS), .RQ_SEQ(RQ_SEQ), .BUS_BYTES(BUS_BYTES),
        .PREFETCH(PREFETCH), .PERF_BASIC(PERF_BASIC), .OVERLAP(OVERLAP), .MEM_BYTES(MEM_BYTES),
        .TIMING_REGS(TIMING_REGS),
        .MEM_ONE_PORT(MEM_ONE_PORT),
        .CLK_HZ(CLK_MHZ * 1000000)
    ) u_top (
        .clk(clk), .rst(rst), .uart_rx(RX), .uart_tx(TX), .led(status));
    assign LEDR_N = !status[2];              // engine interrupt
    assign LEDG_N = !status[3];              // running: clock locked, out of reset
endmodule
