// Bench of the board-independent FPGA top (boards/common/board_top.v):
// CSR frames of the UART bridge protocol (docs/uart-protocol.md) sent over
// the line reach the engine, and read answers come back on the transmit
// line. tests/board/ drives the whole protocol from C in Verilator. Expected values come from the register
// map (engine_regs.vh) and the parameters given here, not from the RTL.
`timescale 1ns/1ps
module tb_board_top;
`include "engine_regs.vh"
    parameter ONE_PORT = 0;                  // iverilog -Ptb_board_top.ONE_PORT=1: single-port device memory
    parameter BB       = 8;                  // memory bus bytes (-Ptb_board_top.BB=4)
    localparam DIV = 16;                     // clock cycles per UART bit
    localparam ROWS = 2, COLS = 3, ACT_BYTES = 1024, WGT_ROWS = 256, ACC_DEPTH = 256;

    reg clk = 0, rst = 1, rx = 1;
    wire tx;
    wire [3:0] led;
    always #5 clk = !clk;

    board_top #(.ROWS(ROWS), .COLS(COLS), .ACT_BYTES(ACT_BYTES), .WGT_ROWS(WGT_ROWS),
                .ACC_DEPTH(ACC_DEPTH), .BUS_BYTES(BB), .MEM_BYTES(2048), .MEM_ONE_PORT(ONE_PORT),
                .CLK_HZ(DIV), .BAUD(1), .TIMEOUT(40 * DIV))
        dut (.clk(clk), .rst(rst), .uart_rx(rx), .uart_tx(tx), .led(led));

    integer passed = 0, failed = 0;

    task send_byte(input [7:0] b);
        integer i;
        begin
            rx = 0; repeat (DIV) @(posedge clk);
            for (i = 0; i < 8; i = i + 1) begin
                rx = b[i]; repeat (DIV) @(posedge clk);
            end
            rx = 1; repeat (DIV) @(posedge clk);
        end
    endtask

    task recv_byte(output [7:0] b);
        integer i, waited;
        begin
            waited = 0;
            while (tx && waited < 200 * DIV) begin @(posedge clk); waited = waited + 1; end
            if (tx) begin
                b = 8'hxx;
            end else begin
                repeat (DIV / 2) @(posedge clk);           // middle of the start bit
                for (i = 0; i < 8; i = i + 1) begin
                    repeat (DIV) @(posedge clk);
                    b[i] = tx;
                end
                repeat (DIV) @(posedge clk);               // stop bit
            end
        end
    endtask

    function [7:0] crc8(input [7:0] c, input [7:0] d);   // polynomial 0x07
        integer i;
        begin
            crc8 = c ^ d;
            for (i = 0; i < 8; i = i + 1)
                crc8 = crc8[7] ? {crc8[6:0], 1'b0} ^ 8'h07 : {crc8[6:0], 1'b0};
        end
    endfunction

    reg [7:0] crc;
    task send_crc(input [7:0] b);
        begin send_byte(b); crc = crc8(crc, b); end
    endtask

    // header: cmd, addr (LE), len = 4 (LE), CRC; a write adds 4 bytes and a CRC
    task csr_frame(input write, input [7:0] addr, input [31:0] data);
        begin
            crc = 0;
            send_crc(write ? 8'h02 : 8'h01); send_crc(addr); send_crc(0); send_crc(0); send_crc(0);
            send_crc(4); send_crc(0); send_byte(crc);
            if (write) begin
                crc = 0;
                send_crc(data[7:0]); send_crc(data[15:8]); send_crc(data[23:16]);
                send_crc(data[31:24]); send_byte(crc);
            end
        end
    endtask

    task check_write(input [7:0] addr, input [31:0] data);
        reg [7:0] st, c;
        begin
            fork
                csr_frame(1'b1, addr, data);
                begin recv_byte(st); recv_byte(c); end
            join
            if (st === 8'h00 && c === 8'h00) passed = passed + 1;   // CRC-8 of 0x00 is 0x00
            else begin
                failed = failed + 1;
                $display("FAIL: CSR 0x%02h write answered %02h %02h, expected 00 00", addr, st, c);
            end
        end
    endtask

    task check_read(input [7:0] addr, input [31:0] want, input [8*24-1:0] what);
        reg [7:0] st, b0, b1, b2, b3, c;
        begin
            fork
                csr_frame(1'b0, addr, 32'h0);
                begin
                    recv_byte(st); recv_byte(b0); recv_byte(b1); recv_byte(b2); recv_byte(b3);
                    recv_byte(c);
                end
            join
            if (st === 8'h00 && {b3, b2, b1, b0} === want &&
                c === crc8(crc8(crc8(crc8(crc8(0, st), b0), b1), b2), b3))
                passed = passed + 1;
            else begin
                failed = failed + 1;
                $display("FAIL %0s: CSR 0x%02h read %02h 0x%08h %02h, expected status 00, 0x%08h",
                         what, addr, st, {b3, b2, b1, b0}, c, want);
            end
        end
    endtask

    initial begin
        repeat (10) @(posedge clk);
        rst = 0;
        repeat (10) @(posedge clk);
        check_read(CSR_HWCFG, {8'd0, ENG_ARCH_VERSION, 8'd3, 8'd2}, "HWCFG");
        check_read(CSR_ACT_BYTES, 32'd1024, "ACT_BYTES");
        check_read(CSR_ACC_DEPTH, 32'd256, "ACC_DEPTH");
        check_write(CSR_MEM_BASE, 32'h1234_5678);
        check_read(CSR_MEM_BASE, 32'h1234_5678, "MEM_BASE after write");
        check_write(CSR_MEM_SIZE, 32'h0000_0800);
        check_read(CSR_MEM_SIZE, 32'h0000_0800, "MEM_SIZE after write");
        check_read(CSR_MEM_BASE, 32'h1234_5678, "MEM_BASE kept");
        $display("%0d passed, %0d failed", passed, failed);
        if (failed != 0) $fatal(1);
        $finish;
    end

    initial begin
        #20_000_000;
        $display("FAIL: timeout");
        $display("%0d passed, %0d failed", passed, failed + 1);
        $fatal(1);
    end
endmodule
