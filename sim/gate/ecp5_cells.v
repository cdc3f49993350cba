// Simulation models of the two ECP5 primitives that Yosys ships as black
// boxes only (share/ecp5/cells_sim.v declares DP16KD as a black box and
// MULT18X18D only in cells_bb.v), for the gate-level check of the engine
// netlist (scripts/netlist-sim). Each covers the modes Yosys's ECP5
// mapping produces for the engine and stops the simulation, naming the
// setting, on anything else, so a netlist never runs on a guessed model.
//
// Sources: Lattice FPGA-TN-02204 (ECP5 and ECP5-5G Memory Usage Guide) and
// FPGA-TN-02205 (sysDSP Usage Guide) for the ports; Yosys's
// share/lattice/brams_16kd.txt and brams_map_16kd.v for how the mapping
// drives them (address bits, byte enables, the 36-bit pseudo dual-port
// form, write modes).

// DP16KD: 18 kbit true dual-port block RAM, each port 9, 18 or 36 bits
// wide here (1, 2 and 4 are not modelled). The array is 2048 9-bit bytes;
// a 9-bit port addresses one byte with AD[13:3], an 18-bit port two with
// AD[13:4] and byte enables on AD[1:0], and the 36-bit pseudo dual-port
// form four with AD[13:5]: port A writes DI = {DIB, DIA} with byte enables
// AD[3:0] and WEA tied high, and port B reads either 36 bits, DO = {DOB,
// DOA}, or 9 or 18 on DOB (rtl/byte_ram_ecp5.v). Reads are synchronous
// and gated by CE; the write mode says what a writing port's output
// shows: NORMAL keeps it, WRITETHROUGH the new data, READBEFOREWRITE the
// old. Port B's output register (REGMODE_B OUTREG) holds what the read
// gave a rising CLKB later, when OCEB is high; it is modelled for reads
// of 9 or 18 bits.
//
// When one port reads a byte the other writes in the same cycle the
// primitive's result is undefined; the engine never does this (see
// rtl/sdp_ram.v), and the model returns the inverted old byte there, so a
// design that relied on either outcome would fail the check.
/* verilator lint_off UNUSEDPARAM */      // settings the model does not act on
module DP16KD #(
    parameter DATA_WIDTH_A = 18,
    parameter DATA_WIDTH_B = 18,
    parameter REGMODE_A = "NOREG",
    parameter REGMODE_B = "NOREG",
    parameter RESETMODE = "SYNC",
    parameter ASYNC_RESET_RELEASE = "SYNC",
    parameter CSDECODE_A = "0b000",
    parameter CSDECODE_B = "0b000",
    parameter WRITEMODE_A = "NORMAL",
    parameter WRITEMODE_B = "NORMAL",
    parameter CLKAMUX = "CLKA",
    parameter CLKBMUX = "CLKB",
    parameter GSR = "ENABLED",
    parameter INIT_DATA = "STATIC",
    // initial contents: INITVAL_xx holds 18-bit words 16*xx .. 16*xx+15,
    // one per 20-bit slot
    parameter [319:0] INITVAL_00 = 320'd0, parameter [319:0] INITVAL_01 = 320'd0,
    parameter [319:0] INITVAL_02 = 320'd0, parameter [319:0] INITVAL_03 = 320'd0,
    parameter [319:0] INITVAL_04 = 320'd0, parameter [319:0] INITVAL_05 = 320'd0,
    parameter [319:0] INITVAL_06 = 320'd0, parameter [319:0] INITVAL_07 = 320'd0,
    parameter [319:0] INITVAL_08 = 320'd0, parameter [319:0] INITVAL_09 = 320'd0,
    parameter [319:0] INITVAL_0A = 320'd0, parameter [319:0] INITVAL_0B = 320'd0,
    parameter [319:0] INITVAL_0C = 320'd0, parameter [319:0] INITVAL_0D = 320'd0,
    parameter [319:0] INITVAL_0E = 320'd0, parameter [319:0] INITVAL_0F = 320'd0,
    parameter [319:0] INITVAL_10 = 320'd0, parameter [319:0] INITVAL_11 = 320'd0,
    parameter [319:0] INITVAL_12 = 320'd0, parameter [319:0] INITVAL_13 = 320'd0,
    parameter [319:0] INITVAL_14 = 320'd0, parameter [319:0] INITVAL_15 = 320'd0,
    parameter [319:0] INITVAL_16 = 320'd0, parameter [319:0] INITVAL_17 = 320'd0,
    parameter [319:0] INITVAL_18 = 320'd0, parameter [319:0] INITVAL_19 = 320'd0,
    parameter [319:0] INITVAL_1A = 320'd0, parameter [319:0] INITVAL_1B = 320'd0,
    parameter [319:0] INITVAL_1C = 320'd0, parameter [319:0] INITVAL_1D = 320'd0,
    parameter [319:0] INITVAL_1E = 320'd0, parameter [319:0] INITVAL_1F = 320'd0,
    parameter [319:0] INITVAL_20 = 320'd0, parameter [319:0] INITVAL_21 = 320'd0,
    parameter [319:0] INITVAL_22 = 320'd0, parameter [319:0] INITVAL_23 = 320'd0,
    parameter [319:0] INITVAL_24 = 320'd0, parameter [319:0] INITVAL_25 = 320'd0,
    parameter [319:0] INITVAL_26 = 320'd0, parameter [319:0] INITVAL_27 = 320'd0,
    parameter [319:0] INITVAL_28 = 320'd0, parameter [319:0] INITVAL_29 = 320'd0,
    parameter [319:0] INITVAL_2A = 320'd0, parameter [319:0] INITVAL_2B = 320'd0,
    parameter [319:0] INITVAL_2C = 320'd0, parameter [319:0] INITVAL_2D = 320'd0,
    parameter [319:0] INITVAL_2E = 320'd0, parameter [319:0] INITVAL_2F = 320'd0,
    parameter [319:0] INITVAL_30 = 320'd0, parameter [319:0] INITVAL_31 = 320'd0,
    parameter [319:0] INITVAL_32 = 320'd0, parameter [319:0] INITVAL_33 = 320'd0,
    parameter [319:0] INITVAL_34 = 320'd0, parameter [319:0] INITVAL_35 = 320'd0,
    parameter [319:0] INITVAL_36 = 320'd0, parameter [319:0] INITVAL_37 = 320'd0,
    parameter [319:0] INITVAL_38 = 320'd0, parameter [319:0] INITVAL_39 = 320'd0,
    parameter [319:0] INITVAL_3A = 320'd0, parameter [319:0] INITVAL_3B = 320'd0,
    parameter [319:0] INITVAL_3C = 320'd0, parameter [319:0] INITVAL_3D = 320'd0,
    parameter [319:0] INITVAL_3E = 320'd0, parameter [319:0] INITVAL_3F = 320'd0
) (
    input  wire DIA17, DIA16, DIA15, DIA14, DIA13, DIA12, DIA11, DIA10, DIA9,
                DIA8, DIA7, DIA6, DIA5, DIA4, DIA3, DIA2, DIA1, DIA0,
    input  wire ADA13, ADA12, ADA11, ADA10, ADA9, ADA8, ADA7, ADA6, ADA5,
                ADA4, ADA3, ADA2, ADA1, ADA0,
    input  wire CEA, OCEA, CLKA, WEA, RSTA, CSA2, CSA1, CSA0,
    output wire DOA17, DOA16, DOA15, DOA14, DOA13, DOA12, DOA11, DOA10, DOA9,
                DOA8, DOA7, DOA6, DOA5, DOA4, DOA3, DOA2, DOA1, DOA0,
    input  wire DIB17, DIB16, DIB15, DIB14, DIB13, DIB12, DIB11, DIB10, DIB9,
                DIB8, DIB7, DIB6, DIB5, DIB4, DIB3, DIB2, DIB1, DIB0,
    input  wire ADB13, ADB12, ADB11, ADB10, ADB9, ADB8, ADB7, ADB6, ADB5,
                ADB4, ADB3, ADB2, ADB1, ADB0,
    input  wire CEB, OCEB, CLKB, WEB, RSTB, CSB2, CSB1, CSB0,
    output wire DOB17, DOB16, DOB15, DOB14, DOB13, DOB12, DOB11, DOB10, DOB9,
                DOB8, DOB7, DOB6, DOB5, DOB4, DOB3, DOB2, DOB1, DOB0
);
    /* verilator lint_on UNUSEDPARAM */
    localparam PDP = DATA_WIDTH_A == 36;    // the 36-bit pseudo dual-port form
    // what a writing port's output shows: the new data, or nothing new
    /* verilator lint_off WIDTH */
    localparam A_THROUGH = WRITEMODE_A == "WRITETHROUGH", A_KEEP = WRITEMODE_A == "NORMAL";
    localparam B_THROUGH = WRITEMODE_B == "WRITETHROUGH", B_KEEP = WRITEMODE_B == "NORMAL";
    localparam A_OLD = WRITEMODE_A == "READBEFOREWRITE", B_OLD = WRITEMODE_B == "READBEFOREWRITE";
    /* verilator lint_on WIDTH */

    wire [17:0] dia = {DIA17, DIA16, DIA15, DIA14, DIA13, DIA12, DIA11, DIA10, DIA9,
                       DIA8, DIA7, DIA6, DIA5, DIA4, DIA3, DIA2, DIA1, DIA0};
    wire [17:0] dib = {DIB17, DIB16, DIB15, DIB14, DIB13, DIB12, DIB11, DIB10, DIB9,
                       DIB8, DIB7, DIB6, DIB5, DIB4, DIB3, DIB2, DIB1, DIB0};
    wire [13:0] ada = {ADA13, ADA12, ADA11, ADA10, ADA9, ADA8, ADA7, ADA6, ADA5,
                       ADA4, ADA3, ADA2, ADA1, ADA0};
    wire [13:0] adb = {ADB13, ADB12, ADB11, ADB10, ADB9, ADB8, ADB7, ADB6, ADB5,
                       ADB4, ADB3, ADB2, ADB1, ADB0};

    /* verilator lint_off MULTIDRIVEN */    // a true dual-port RAM: both ports write
    reg [8:0]  mem [0:2047];
    /* verilator lint_on MULTIDRIVEN */
    reg [17:0] doa, dob, dob_q;
    /* verilator lint_off WIDTH */
    localparam B_OUTREG = REGMODE_B == "OUTREG";
    /* verilator lint_on WIDTH */
    assign {DOA17, DOA16, DOA15, DOA14, DOA13, DOA12, DOA11, DOA10, DOA9,
            DOA8, DOA7, DOA6, DOA5, DOA4, DOA3, DOA2, DOA1, DOA0} = doa;
    assign {DOB17, DOB16, DOB15, DOB14, DOB13, DOB12, DOB11, DOB10, DOB9,
            DOB8, DOB7, DOB6, DOB5, DOB4, DOB3, DOB2, DOB1, DOB0} = B_OUTREG ? dob_q : dob;

    // ---- settings outside the model stop the simulation ----------------
    function automatic check_width(input integer w);
        check_width = w == 9 || w == 18 || w == 36;
    endfunction
    initial begin
        if (!check_width(DATA_WIDTH_A) || !check_width(DATA_WIDTH_B))
            $fatal(1, "DP16KD %m: DATA_WIDTH %0d/%0d not modelled", DATA_WIDTH_A, DATA_WIDTH_B);
        if (DATA_WIDTH_B == 36 && DATA_WIDTH_A != 36)
            $fatal(1, "DP16KD %m: a 36-bit read needs the 36-bit write port");
        if (REGMODE_A != "NOREG" || !(REGMODE_B == "NOREG" || B_OUTREG))
            $fatal(1, "DP16KD %m: REGMODE %s/%s not modelled", REGMODE_A, REGMODE_B);
        if (B_OUTREG && DATA_WIDTH_B == 36)
            $fatal(1, "DP16KD %m: an output register on a 36-bit read not modelled");
        if (CSDECODE_A != "0b000" || CSDECODE_B != "0b000")
            $fatal(1, "DP16KD %m: CSDECODE other than 0b000 not modelled");
        if (CLKAMUX != "CLKA" || CLKBMUX != "CLKB")
            $fatal(1, "DP16KD %m: inverted clocks not modelled");
        if (!(A_THROUGH || A_KEEP || A_OLD) || !(B_THROUGH || B_KEEP || B_OLD))
            $fatal(1, "DP16KD %m: WRITEMODE %s/%s unknown", WRITEMODE_A, WRITEMODE_B);
        if (INIT_DATA != "STATIC")
            $fatal(1, "DP16KD %m: INIT_DATA %s not modelled", INIT_DATA);
    end

    // ---- initial contents -------------------------------------------------
    localparam [64*320-1:0] INITVAL = {
        INITVAL_3F, INITVAL_3E, INITVAL_3D, INITVAL_3C, INITVAL_3B, INITVAL_3A, INITVAL_39, INITVAL_38,
        INITVAL_37, INITVAL_36, INITVAL_35, INITVAL_34, INITVAL_33, INITVAL_32, INITVAL_31, INITVAL_30,
        INITVAL_2F, INITVAL_2E, INITVAL_2D, INITVAL_2C, INITVAL_2B, INITVAL_2A, INITVAL_29, INITVAL_28,
        INITVAL_27, INITVAL_26, INITVAL_25, INITVAL_24, INITVAL_23, INITVAL_22, INITVAL_21, INITVAL_20,
        INITVAL_1F, INITVAL_1E, INITVAL_1D, INITVAL_1C, INITVAL_1B, INITVAL_1A, INITVAL_19, INITVAL_18,
        INITVAL_17, INITVAL_16, INITVAL_15, INITVAL_14, INITVAL_13, INITVAL_12, INITVAL_11, INITVAL_10,
        INITVAL_0F, INITVAL_0E, INITVAL_0D, INITVAL_0C, INITVAL_0B, INITVAL_0A, INITVAL_09, INITVAL_08,
        INITVAL_07, INITVAL_06, INITVAL_05, INITVAL_04, INITVAL_03, INITVAL_02, INITVAL_01, INITVAL_00};
    integer w;
    initial begin
        for (w = 0; w < 1024; w = w + 1)
            {mem[2 * w + 1], mem[2 * w]} = INITVAL[(w / 16) * 320 + (w % 16) * 20 +: 18];
        doa = 18'd0;
        dob = 18'd0;
        dob_q = 18'd0;
    end

    // ---- the bytes a port addresses, and which of them it writes ----------
    // first byte of an access of `width` bits at `ad`, and the bytes it
    // writes (each function uses the address bits of its width only)
    /* verilator lint_off UNUSEDSIGNAL */
    function automatic [10:0] first_byte(input integer width, input [13:0] ad);
        first_byte = width == 9 ? ad[13:3] : width == 18 ? {ad[13:4], 1'b0} : {ad[13:5], 2'b00};
    endfunction
    function automatic [3:0] write_bytes(input integer width, input [13:0] ad, input wr_en);
        write_bytes = width == 9 ? {3'b000, wr_en} : width == 18 ? {2'b00, ad[1:0] & {2{wr_en}}}
                                                : ad[3:0] & {4{wr_en}};
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */

    wire [10:0] a_base = first_byte(DATA_WIDTH_A, ada);
    wire [10:0] b_base = first_byte(DATA_WIDTH_B, adb);
    wire        a_sel  = {CSA2, CSA1, CSA0} == 3'b000;
    wire        b_sel  = {CSB2, CSB1, CSB0} == 3'b000;
    wire [3:0]  a_wr   = write_bytes(DATA_WIDTH_A, ada, WEA && CEA && a_sel);
    wire [3:0]  b_wr   = PDP ? 4'd0 : write_bytes(DATA_WIDTH_B, adb, WEB && CEB && b_sel);
    wire [35:0] a_data = PDP ? {dib, dia} : {dia, dia};
    wire [17:0] b_data = dib;
    localparam A_BYTES = DATA_WIDTH_A / 9, B_BYTES = DATA_WIDTH_B / 9;

    // The byte at `addr` as a read sees it this cycle: inverted when the
    // other port writes it (undefined on the chip).
    function automatic [8:0] read_byte(input [10:0] addr, input [10:0] wbase,
                                       input [3:0] wbytes);
        integer k;
        read_byte = mem[addr];
        for (k = 0; k < 4; k = k + 1)
            if (wbytes[k] && wbase + 11'(k) == addr) read_byte = ~mem[addr];
    endfunction

    integer ka, kb;
    always @(posedge CLKA) begin
        if (RSTA) $fatal(1, "DP16KD %m: RSTA asserted (read reset not modelled)");
        if (CEA && a_sel && !PDP) begin
            for (ka = 0; ka < A_BYTES; ka = ka + 1)
                if (a_wr[ka] && A_THROUGH)
                    doa[9*ka +: 9] <= a_data[9*ka +: 9];
                else if (!WEA || !A_KEEP)
                    doa[9*ka +: 9] <= read_byte(a_base + 11'(ka), b_base, b_wr);
        end
        for (ka = 0; ka < 4; ka = ka + 1)
            if (a_wr[ka]) mem[a_base + 11'(ka)] <= a_data[9*ka +: 9];
    end

    always @(posedge CLKB) begin
        if (RSTB) $fatal(1, "DP16KD %m: RSTB asserted (read reset not modelled)");
        if (OCEB) dob_q <= dob;
        if (CEB && b_sel) begin
            if (DATA_WIDTH_B == 36) begin
                for (kb = 0; kb < 4; kb = kb + 1)
                    if (kb < 2) doa[9*kb +: 9] <= read_byte(b_base + 11'(kb), a_base, a_wr);
                    else       dob[9*(kb-2) +: 9] <= read_byte(b_base + 11'(kb), a_base, a_wr);
            end else begin
                for (kb = 0; kb < B_BYTES; kb = kb + 1)
                    if (b_wr[kb] && B_THROUGH)
                        dob[9*kb +: 9] <= b_data[9*kb +: 9];
                    else if (!WEB || !B_KEEP)
                        dob[9*kb +: 9] <= read_byte(b_base + 11'(kb), a_base, a_wr);
            end
        end
        for (kb = 0; kb < 4; kb = kb + 1)
            if (b_wr[kb]) mem[b_base + 11'(kb)] <= b_data[9*kb +: 9];
    end

    wire unused_ok = &{1'b0, OCEA};         // port A's output register clock enable
endmodule

// MULT18X18D in the modes the engine's ECP5 netlists use: the one Yosys's
// mapping gives a multiplier (lattice/dsp_map_18x18.v: no registers) and
// rtl/mul18_ecp5.v's (the output register, and optionally the A and B
// input registers, all on CLK0 with CE0 and RST0). C and the cascade ports
// are unused, SOURCEA/B low. P = A * B, each operand signed when SIGNEDA /
// SIGNEDB is high; an input register holds its operand and sign a rising
// CLK0 later, and with the output register P shows the product a rising
// CLK0 later, when CE0 is high (RST0 high clears the register instead:
// RESETMODE SYNC). The other clock and cascade ports are declared only so
// the netlist connects; a netlist that enables another register, another
// clock or a cascade input stops the simulation.
/* verilator lint_off UNUSEDPARAM */
module MULT18X18D #(
    parameter REG_INPUTA_CLK = "NONE",
    parameter REG_INPUTA_CE = "CE0",
    parameter REG_INPUTA_RST = "RST0",
    parameter REG_INPUTB_CLK = "NONE",
    parameter REG_INPUTB_CE = "CE0",
    parameter REG_INPUTB_RST = "RST0",
    parameter REG_INPUTC_CLK = "NONE",
    parameter REG_INPUTC_CE = "CE0",
    parameter REG_INPUTC_RST = "RST0",
    parameter REG_PIPELINE_CLK = "NONE",
    parameter REG_PIPELINE_CE = "CE0",
    parameter REG_PIPELINE_RST = "RST0",
    parameter REG_OUTPUT_CLK = "NONE",
    parameter REG_OUTPUT_CE = "CE0",
    parameter REG_OUTPUT_RST = "RST0",
    parameter CLK0_DIV = "ENABLED",
    parameter CLK1_DIV = "ENABLED",
    parameter CLK2_DIV = "ENABLED",
    parameter CLK3_DIV = "ENABLED",
    parameter HIGHSPEED_CLK = "NONE",
    parameter GSR = "ENABLED",
    parameter CAS_MATCH_REG = "FALSE",
    parameter SOURCEB_MODE = "B_SHIFT",
    parameter MULT_BYPASS = "DISABLED",
    parameter RESETMODE = "SYNC"
) (
    /* verilator lint_on UNUSEDPARAM */
    input  wire A17, A16, A15, A14, A13, A12, A11, A10, A9, A8, A7, A6,
                A5, A4, A3, A2, A1, A0,
    input  wire B17, B16, B15, B14, B13, B12, B11, B10, B9, B8, B7, B6,
                B5, B4, B3, B2, B1, B0,
    input  wire C17, C16, C15, C14, C13, C12, C11, C10, C9, C8, C7, C6,
                C5, C4, C3, C2, C1, C0,
    input  wire SIGNEDA, SIGNEDB, SOURCEA, SOURCEB,
    input  wire CLK3, CLK2, CLK1, CLK0, CE3, CE2, CE1, CE0, RST3, RST2, RST1, RST0,
    input  wire SRIA17, SRIA16, SRIA15, SRIA14, SRIA13, SRIA12, SRIA11, SRIA10, SRIA9,
                SRIA8, SRIA7, SRIA6, SRIA5, SRIA4, SRIA3, SRIA2, SRIA1, SRIA0,
    input  wire SRIB17, SRIB16, SRIB15, SRIB14, SRIB13, SRIB12, SRIB11, SRIB10, SRIB9,
                SRIB8, SRIB7, SRIB6, SRIB5, SRIB4, SRIB3, SRIB2, SRIB1, SRIB0,
    output wire SROA17, SROA16, SROA15, SROA14, SROA13, SROA12, SROA11, SROA10, SROA9,
                SROA8, SROA7, SROA6, SROA5, SROA4, SROA3, SROA2, SROA1, SROA0,
    output wire SROB17, SROB16, SROB15, SROB14, SROB13, SROB12, SROB11, SROB10, SROB9,
                SROB8, SROB7, SROB6, SROB5, SROB4, SROB3, SROB2, SROB1, SROB0,
    output wire ROA17, ROA16, ROA15, ROA14, ROA13, ROA12, ROA11, ROA10, ROA9,
                ROA8, ROA7, ROA6, ROA5, ROA4, ROA3, ROA2, ROA1, ROA0,
    output wire ROB17, ROB16, ROB15, ROB14, ROB13, ROB12, ROB11, ROB10, ROB9,
                ROB8, ROB7, ROB6, ROB5, ROB4, ROB3, ROB2, ROB1, ROB0,
    output wire ROC17, ROC16, ROC15, ROC14, ROC13, ROC12, ROC11, ROC10, ROC9,
                ROC8, ROC7, ROC6, ROC5, ROC4, ROC3, ROC2, ROC1, ROC0,
    output wire P35, P34, P33, P32, P31, P30, P29, P28, P27, P26, P25, P24,
                P23, P22, P21, P20, P19, P18, P17, P16, P15, P14, P13, P12,
                P11, P10, P9, P8, P7, P6, P5, P4, P3, P2, P1, P0,
    output wire SIGNEDP
);
    initial begin
        if (REG_INPUTC_CLK != "NONE" || REG_PIPELINE_CLK != "NONE")
            $fatal(1, "MULT18X18D %m: C input and pipeline registers not modelled");
        if (REG_INPUTA_CLK != "NONE" && (REG_INPUTA_CLK != "CLK0" || REG_INPUTA_CE != "CE0" ||
                                         REG_INPUTA_RST != "RST0" || RESETMODE != "SYNC"))
            $fatal(1, "MULT18X18D %m: only an A input register on CLK0, CE0, RST0 (SYNC) is modelled");
        if (REG_INPUTB_CLK != "NONE" && (REG_INPUTB_CLK != "CLK0" || REG_INPUTB_CE != "CE0" ||
                                         REG_INPUTB_RST != "RST0" || RESETMODE != "SYNC"))
            $fatal(1, "MULT18X18D %m: only a B input register on CLK0, CE0, RST0 (SYNC) is modelled");
        if (REG_OUTPUT_CLK != "NONE" && (REG_OUTPUT_CLK != "CLK0" || REG_OUTPUT_CE != "CE0" ||
                                         REG_OUTPUT_RST != "RST0" || RESETMODE != "SYNC"))
            $fatal(1, "MULT18X18D %m: only an output register on CLK0, CE0, RST0 (SYNC) is modelled");
        if (SOURCEB_MODE != "B_SHIFT" || MULT_BYPASS != "DISABLED")
            $fatal(1, "MULT18X18D %m: SOURCEB_MODE / MULT_BYPASS not modelled");
    end
    always @(*)
        if (SOURCEA || SOURCEB) $fatal(1, "MULT18X18D %m: cascade inputs (SOURCEA/B) not modelled");

    wire [17:0] a_in = {A17, A16, A15, A14, A13, A12, A11, A10, A9, A8, A7, A6,
                        A5, A4, A3, A2, A1, A0};
    wire [17:0] b_in = {B17, B16, B15, B14, B13, B12, B11, B10, B9, B8, B7, B6,
                        B5, B4, B3, B2, B1, B0};
    reg  [18:0] a_q, b_q;                    // {sign, operand} in the input registers
    always @(posedge CLK0)
        if (RST0) begin
            a_q <= 19'd0;
            b_q <= 19'd0;
        end else if (CE0) begin
            a_q <= {SIGNEDA, a_in};
            b_q <= {SIGNEDB, b_in};
        end
    /* verilator lint_off WIDTH */
    wire [18:0] a_s = REG_INPUTA_CLK == "NONE" ? {SIGNEDA, a_in} : a_q;
    wire [18:0] b_s = REG_INPUTB_CLK == "NONE" ? {SIGNEDB, b_in} : b_q;
    /* verilator lint_on WIDTH */
    wire [17:0] a = a_s[17:0], b = b_s[17:0];
    // operands widened to the product's 36 bits, so its low 36 bits are
    // right for signed and unsigned operands alike
    wire [35:0] a_ext = {{18{a_s[18] & a[17]}}, a};
    wire [35:0] b_ext = {{18{b_s[18] & b[17]}}, b};
    wire [35:0] prod = a_ext * b_ext;
    reg  [35:0] prod_q;
    always @(posedge CLK0)
        if (RST0)     prod_q <= 36'd0;
        else if (CE0) prod_q <= prod;
    assign {P35, P34, P33, P32, P31, P30, P29, P28, P27, P26, P25, P24,
            P23, P22, P21, P20, P19, P18, P17, P16, P15, P14, P13, P12,
            P11, P10, P9, P8, P7, P6, P5, P4, P3, P2, P1, P0} =
        REG_OUTPUT_CLK == "NONE" ? prod : prod_q;
    // Yosys's mapping leaves the operand, cascade and sign outputs
    // unconnected; they are not modelled and read 0.
    assign {SIGNEDP,
            ROA17, ROA16, ROA15, ROA14, ROA13, ROA12, ROA11, ROA10, ROA9,
            ROA8, ROA7, ROA6, ROA5, ROA4, ROA3, ROA2, ROA1, ROA0,
            ROB17, ROB16, ROB15, ROB14, ROB13, ROB12, ROB11, ROB10, ROB9,
            ROB8, ROB7, ROB6, ROB5, ROB4, ROB3, ROB2, ROB1, ROB0,
            ROC17, ROC16, ROC15, ROC14, ROC13, ROC12, ROC11, ROC10, ROC9,
            ROC8, ROC7, ROC6, ROC5, ROC4, ROC3, ROC2, ROC1, ROC0,
            SROA17, SROA16, SROA15, SROA14, SROA13, SROA12, SROA11, SROA10, SROA9,
            SROA8, SROA7, SROA6, SROA5, SROA4, SROA3, SROA2, SROA1, SROA0,
            SROB17, SROB16, SROB15, SROB14, SROB13, SROB12, SROB11, SROB10, SROB9,
            SROB8, SROB7, SROB6, SROB5, SROB4, SROB3, SROB2, SROB1, SROB0} = 91'd0;
    wire unused_ok = &{1'b0, C17, C16, C15, C14, C13, C12, C11, C10, C9, C8, C7, C6,
                       C5, C4, C3, C2, C1, C0, CLK3, CLK2, CLK1, CE3, CE2, CE1, RST3, RST2, RST1,
                       SRIA17, SRIA16, SRIA15, SRIA14, SRIA13, SRIA12, SRIA11, SRIA10, SRIA9,
                       SRIA8, SRIA7, SRIA6, SRIA5, SRIA4, SRIA3, SRIA2, SRIA1, SRIA0,
                       SRIB17, SRIB16, SRIB15, SRIB14, SRIB13, SRIB12, SRIB11, SRIB10, SRIB9,
                       SRIB8, SRIB7, SRIB6, SRIB5, SRIB4, SRIB3, SRIB2, SRIB1, SRIB0};
endmodule
