// Bench of the board-independent FPGA top (boards/common/board_top.v):
// CSR frames sent over the UART line reach the engine, and read answers
// come back on the transmit line. Expected values come from the register
// map (engine_regs.vh) and the parameters given here, not from the RTL.
`timescale 1ns/1ps
module tb_board_top;
`include "engine_regs.vh"
    localparam DIV = 16;                     // clock cycles per UART bit
    localparam ROWS = 2, COLS = 3, ACT_BYTES = 1024, WGT_ROWS = 256, ACC_DEPTH = 256;

    reg clk = 0, rst = 1, rx = 1;
    wire tx;
    wire [3:0] led;
    always #5 clk = !clk;

    board_top #(.ROWS(ROWS), .COLS(COLS), .ACT_BYTES(ACT_BYTES), .WGT_ROWS(WGT_ROWS),
                .ACC_DEPTH(ACC_DEPTH), .MEM_WORDS(256), .CLK_HZ(DIV), .BAUD(1))
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
            while (tx && waited < 100 * DIV) begin @(posedge clk); waited = waited + 1; end
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

    task csr_frame(input write, input [7:0] addr, input [31:0] data);
        begin
            send_byte({7'd0, write}); send_byte(addr);
            send_byte(data[7:0]); send_byte(data[15:8]); send_byte(data[23:16]); send_byte(data[31:24]);
        end
    endtask

    task check_read(input [7:0] addr, input [31:0] want, input [8*24-1:0] what);
        reg [7:0] b0, b1, b2, b3;
        begin
            fork
                csr_frame(1'b0, addr, 32'hA5A5_A5A5);    // data ignored on a read
                begin recv_byte(b0); recv_byte(b1); recv_byte(b2); recv_byte(b3); end
            join
            if ({b3, b2, b1, b0} === want) passed = passed + 1;
            else begin
                failed = failed + 1;
                $display("FAIL %0s: CSR 0x%02h read 0x%08h, expected 0x%08h", what, addr,
                         {b3, b2, b1, b0}, want);
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
        csr_frame(1'b1, CSR_MEM_BASE, 32'h1234_5678);
        check_read(CSR_MEM_BASE, 32'h1234_5678, "MEM_BASE after write");
        csr_frame(1'b1, CSR_MEM_SIZE, 32'h0000_0800);
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
