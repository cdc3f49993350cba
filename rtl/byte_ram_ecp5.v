// A RAM written WB bytes at a time (WB = 4 or 8) and read one byte at a
// time, in ECP5 DP16KD blocks with the read port's output register on:
// rdata is the byte at raddr two cycles after raddr. window_gen's lane
// copies use it on ECP5 builds (ECP5_EBR).
// Yosys maps such a memory to DP16KD blocks without their output
// registers, so a register the design puts after the read sits in logic,
// behind the block's slow clock-to-output and the mux across the blocks.
// Here the block's own register takes the byte, and only the mux (on a
// select delayed with it) is left between it and the next flip-flop.
// ECP5 builds only: DP16KD is a vendor primitive (sim/gate/ecp5_cells.v
// models it for simulation).
//
// Each block is used as Yosys's mapping uses it for a 36-bit write port
// (share/lattice/brams_map_16kd.v, $__PDPW16KD_): port A writes 36 bits,
// byte k of a word on DI[9k +: 9] = {DIB, DIA}, with byte enables on
// ADA[3:0] and the word on ADA[13:5]; port B reads 9 bits, the byte at
// ADB[13:3] = {word, k}, on DOB[8:0]. A block so holds 512 words of four
// bytes. WB / 4 blocks side by side take one write (block h its bytes
// 4h .. 4h+3), and banks of them take successive ranges of 512 words.
// Reads and writes of one byte in one cycle are left open, as in sdp_ram.
module byte_ram_ecp5 #(
    parameter BYTES = 8192,                   // a power of two, at least WB
    parameter WB    = 4,                      // bytes per write: 4 or 8
    parameter AW    = $clog2(BYTES),
    parameter WBL   = $clog2(WB)
) (
    input  wire              clk,
    input  wire              we,
    input  wire [AW-WBL-1:0] waddr,           // word (WB bytes) address
    input  wire [8*WB-1:0]   wdata,
    input  wire [WB-1:0]     wstrb,
    input  wire [AW-1:0]     raddr,           // byte address
    output wire [7:0]        rdata
);
    localparam WW    = AW - WBL;              // word address bits
    localparam LW    = WW < 9 ? WW : 9;       // of them, within a block
    localparam H     = WB / 4;                // blocks side by side
    localparam NBLK  = H << (WW - LW);        // blocks in all
    localparam SW    = NBLK > 1 ? $clog2(NBLK) : 1;

    // block of a read: its bank (the word's bits above LW), then the half
    // of the word (WB = 8: byte address bit 2)
    function automatic [SW-1:0] block_of(input [AW-1:0] a);
        block_of = SW'((32'(a) >> (WBL + LW)) * H + (H > 1 ? (32'(a) >> 2) & 1 : 0));
    endfunction
    wire [WW-1:0] rword = raddr[AW-1:WBL];
    wire [8:0]    r_local = 9'(rword[LW-1:0]);
    wire [8:0]    w_local = 9'(waddr[LW-1:0]);

    // the select waits with the byte: the block's read, then its register
    reg  [SW-1:0] sel1, sel2;
    always @(posedge clk) begin
        sel1 <= block_of(raddr);
        sel2 <= sel1;
    end

    // each block's registered byte; the unused slots of a power of two read 0
    wire [8*(1 << SW)-1:0] bytes_q;
    genvar n;
    generate
        for (n = NBLK; n < (1 << SW); n = n + 1) begin : g_pad
            assign bytes_q[8*n +: 8] = 8'd0;
        end
        for (n = 0; n < NBLK; n = n + 1) begin : g_blk
            localparam integer HALF = n % H, BANK = n / H;
            wire [3:0]  be = wstrb[4*HALF +: 4]
                             & {4{we && 32'(waddr) >> LW == BANK}};
            wire [31:0] wd = wdata[32*HALF +: 32];
            wire [35:0] di = {1'b0, wd[31:24], 1'b0, wd[23:16], 1'b0, wd[15:8], 1'b0, wd[7:0]};
            wire [17:0] doa, dob;
            // outputs of port A and DOB[17:9]: not used by a 9-bit read
            wire unused_do = &{1'b0, doa, dob[17:8]};
            DP16KD #(
                .DATA_WIDTH_A(36), .DATA_WIDTH_B(9),
                .REGMODE_A("NOREG"), .REGMODE_B("OUTREG"),
                .RESETMODE("SYNC"), .ASYNC_RESET_RELEASE("SYNC"),
                .CSDECODE_A("0b000"), .CSDECODE_B("0b000"),
                .WRITEMODE_A("NORMAL"), .WRITEMODE_B("NORMAL"),
                .GSR("DISABLED")
            ) u_ebr (
                .CLKA(clk), .CEA(1'b1), .OCEA(1'b0), .WEA(1'b1), .RSTA(1'b0),
                .CSA2(1'b0), .CSA1(1'b0), .CSA0(1'b0),
                .ADA13(w_local[8]), .ADA12(w_local[7]), .ADA11(w_local[6]), .ADA10(w_local[5]),
                .ADA9(w_local[4]), .ADA8(w_local[3]), .ADA7(w_local[2]), .ADA6(w_local[1]),
                .ADA5(w_local[0]), .ADA4(1'b0),
                .ADA3(be[3]), .ADA2(be[2]), .ADA1(be[1]), .ADA0(be[0]),
                .DIA17(di[17]), .DIA16(di[16]), .DIA15(di[15]), .DIA14(di[14]), .DIA13(di[13]),
                .DIA12(di[12]), .DIA11(di[11]), .DIA10(di[10]), .DIA9(di[9]), .DIA8(di[8]),
                .DIA7(di[7]), .DIA6(di[6]), .DIA5(di[5]), .DIA4(di[4]), .DIA3(di[3]),
                .DIA2(di[2]), .DIA1(di[1]), .DIA0(di[0]),
                .DIB17(di[35]), .DIB16(di[34]), .DIB15(di[33]), .DIB14(di[32]), .DIB13(di[31]),
                .DIB12(di[30]), .DIB11(di[29]), .DIB10(di[28]), .DIB9(di[27]), .DIB8(di[26]),
                .DIB7(di[25]), .DIB6(di[24]), .DIB5(di[23]), .DIB4(di[22]), .DIB3(di[21]),
                .DIB2(di[20]), .DIB1(di[19]), .DIB0(di[18]),
                .CLKB(clk), .CEB(1'b1), .OCEB(1'b1), .WEB(1'b0), .RSTB(1'b0),
                .CSB2(1'b0), .CSB1(1'b0), .CSB0(1'b0),
                .ADB13(r_local[8]), .ADB12(r_local[7]), .ADB11(r_local[6]), .ADB10(r_local[5]),
                .ADB9(r_local[4]), .ADB8(r_local[3]), .ADB7(r_local[2]), .ADB6(r_local[1]),
                .ADB5(r_local[0]), .ADB4(raddr[1]), .ADB3(raddr[0]),
                .ADB2(1'b0), .ADB1(1'b0), .ADB0(1'b0),
                .DOA17(doa[17]), .DOA16(doa[16]), .DOA15(doa[15]), .DOA14(doa[14]),
                .DOA13(doa[13]), .DOA12(doa[12]), .DOA11(doa[11]), .DOA10(doa[10]),
                .DOA9(doa[9]), .DOA8(doa[8]), .DOA7(doa[7]), .DOA6(doa[6]), .DOA5(doa[5]),
                .DOA4(doa[4]), .DOA3(doa[3]), .DOA2(doa[2]), .DOA1(doa[1]), .DOA0(doa[0]),
                .DOB17(dob[17]), .DOB16(dob[16]), .DOB15(dob[15]), .DOB14(dob[14]),
                .DOB13(dob[13]), .DOB12(dob[12]), .DOB11(dob[11]), .DOB10(dob[10]),
                .DOB9(dob[9]), .DOB8(dob[8]), .DOB7(dob[7]), .DOB6(dob[6]), .DOB5(dob[5]),
                .DOB4(dob[4]), .DOB3(dob[3]), .DOB2(dob[2]), .DOB1(dob[1]), .DOB0(dob[0])
            );
            assign bytes_q[8*n +: 8] = dob[7:0];
        end
    endgenerate
    assign rdata = bytes_q[8*sel2 +: 8];

    // address bits a block does not see: none at the sizes that fill a block
    wire unused_ok = &{1'b0, rword};
endmodule
