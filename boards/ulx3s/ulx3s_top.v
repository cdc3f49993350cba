// ULX3S (ECP5) top: 25 MHz oscillator -> PLL -> engine clock, UART on the
// FT231X USB serial port, four LEDs. Reset: PLL unlocked or button 0 (PWR,
// active low) pressed, released synchronously.
module ulx3s_top #(
    parameter ROWS      = 4,
    parameter COLS      = 4,
    parameter ACT_BYTES = 4096,
    parameter WGT_ROWS  = 512,
    parameter ACC_DEPTH = 1024,
    parameter RQ_UNITS  = COLS,          // requantization units (divides COLS)
    parameter RQ_SEQ    = 0,             // 1: sequential requantization units
    parameter ECP5_DSP  = 0,             // 1: requantizer products in DSP-block registers
    parameter ECP5_EBR  = 0,             // 1: window memories' output registers in the blocks
    parameter BUS_BYTES = 8,             // engine memory bus, bytes a beat
    parameter PREFETCH  = 1,             // engine: fetch the next command early
    parameter PERF_BASIC = 0,            // engine: cycle and command counters only
    parameter OVERLAP   = 1,             // engine: take a CONV while one runs
    parameter TIMING_REGS = 1,           // engine: register stages for fast clocks
    parameter MEM_BYTES = 16384,
    parameter MEM_SLICE = 0,             // 1: register slices between engine and memory
    parameter CLK_MHZ   = 100            // 25 MHz * CLKFB_DIV / CLKI_DIV
) (
    input  wire       clk_25mhz,
    input  wire       ftdi_txd,          // FPGA receives
    output wire       ftdi_rxd,          // FPGA transmits
    input  wire [0:0] btn,
    output wire [7:0] led
);
    // VCO = 25 MHz * CLKFB_DIV * CLKOP_DIV must stay in 400..800 MHz.
    localparam FB_DIV = CLK_MHZ / 25;
    localparam OP_DIV = 600 / CLK_MHZ;
    wire clk, locked;
    (* ICP_CURRENT = "12" *) (* LPF_RESISTOR = "8" *) (* MFG_ENABLE_FILTEROPAMP = "1" *)
    (* MFG_GMCREF_SEL = "2" *)
    EHXPLLL #(
        .PLLRST_ENA("DISABLED"), .INTFB_WAKE("DISABLED"), .STDBY_ENABLE("DISABLED"),
        .DPHASE_SOURCE("DISABLED"), .OUTDIVIDER_MUXA("DIVA"), .OUTDIVIDER_MUXB("DIVB"),
        .OUTDIVIDER_MUXC("DIVC"), .OUTDIVIDER_MUXD("DIVD"),
        .CLKI_DIV(1), .CLKOP_ENABLE("ENABLED"), .CLKOP_DIV(OP_DIV), .CLKOP_CPHASE(OP_DIV / 2 - 1),
        .CLKOP_FPHASE(0), .FEEDBK_PATH("CLKOP"), .CLKFB_DIV(FB_DIV)
    ) u_pll (
        .RST(1'b0), .STDBY(1'b0), .CLKI(clk_25mhz), .CLKOP(clk), .CLKFB(clk),
        .CLKINTFB(), .PHASESEL0(1'b0), .PHASESEL1(1'b0), .PHASEDIR(1'b1),
        .PHASESTEP(1'b1), .PHASELOADREG(1'b1), .PLLWAKESYNC(1'b0), .ENCLKOP(1'b0),
        .LOCK(locked));

    wire rst;
    reset_sync u_rst (.clk(clk), .locked(locked), .button(!btn[0]), .rst(rst));

    wire [3:0] status;
    board_top #(
        .ROWS(ROWS), .COLS(COLS), .ACT_BYTES(ACT_BYTES), .WGT_ROWS(WGT_ROWS),
        .ACC_DEPTH(ACC_DEPTH), .RQ_UNITS(RQ_UNITS), .RQ_SEQ(RQ_SEQ), .ECP5_DSP(ECP5_DSP),
        .ECP5_EBR(ECP5_EBR),
        .BUS_BYTES(BUS_BYTES), .PREFETCH(PREFETCH), .PERF_BASIC(PERF_BASIC), .OVERLAP(OVERLAP),
        .TIMING_REGS(TIMING_REGS),
        .MEM_BYTES(MEM_BYTES), .MEM_SLICE(MEM_SLICE),
        .CLK_HZ(CLK_MHZ * 1000000)
    ) u_top (
        .clk(clk), .rst(rst), .uart_rx(ftdi_txd), .uart_tx(ftdi_rxd), .led(status));
    assign led = {status, 3'b000, locked};
endmodule
